import Foundation
import TestSupport

/// The `tessera` executable built next to the test bundle, run as a child process.
enum TesseraProcess {
    /// Where the executable is: TESSERA_BINARY, or beside the test bundle in the build folder.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["TESSERA_BINARY"] { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("tessera")
            if FileManager.default.isExecutableFile(atPath: candidate.path), !candidate.hasDirectoryPath { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "tessera")
    }

    /// Starts `tessera ARGUMENTS` with its standard output on a pipe, and its standard error
    /// too when `withErrors` (log lines go there).
    static func start(_ arguments: [String], withErrors: Bool = false) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = withErrors ? output : FileHandle.nullDevice
        try process.run()
        return (process, output.fileHandleForReading)
    }

    /// Runs `tessera ARGUMENTS` to the end with `input` on its standard input (a pipe, not a
    /// terminal); returns its exit status, standard output and standard error.
    static func run(_ arguments: [String], input: String) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readToEndRetryingInterrupts()
        let errors = stderr.fileHandleForReading.readToEndRetryingInterrupts()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// Runs `tessera ARGUMENTS` to the end; returns its exit status and standard output.
    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let (process, output) = try start(arguments)
        let data = output.readToEndRetryingInterrupts()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Reads lines from a pipe as they come.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    /// The next line, or nil at end of file.
    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = handle.readChunkRetryingInterrupts()
            if chunk.isEmpty {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer.append(chunk)
        }
    }
}
