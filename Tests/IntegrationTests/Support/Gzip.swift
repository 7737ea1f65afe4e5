import Foundation
import TestSupport

/// gzip(1) for request bodies (Foundation has no gzip on Linux).
enum Gzip {
    /// `count` zero bytes, gzipped: about a thousandth of their size.
    static func zeros(count: Int) throws -> [UInt8] {
        try run("head -c \(count) /dev/zero | gzip -c")
    }

    /// `data`, gzipped.
    static func compress(_ data: [UInt8]) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-gzip-\(UUID().uuidString)")
        try Data(data).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run("gzip -c '\(file.path)'")
    }

    private static func run(_ command: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readToEndRetryingInterrupts()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else { throw RawSocketError("\(command) failed") }
        return Array(data)
    }
}
