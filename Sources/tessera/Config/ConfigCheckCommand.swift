import ArgumentParser
import Config
import Foundation

/// `tessera config check FILE [--role node|router]`: parses the file, lays the `TESSERA_…`
/// environment variables over it, checks every key and the files it names, and prints
/// `FILE: ok` with a summary, or every problem as `FILE:LINE:COLUMN: key.path: message` on
/// standard error and exits 1.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a node or router configuration file (with the TESSERA_… environment overrides).")

    @Argument(help: "The configuration file.")
    var file: String

    @Option(help: "node or router (default: from the file's [node] or [router] table).")
    var role: String?

    func validate() throws {
        if let role, ProcessRole(rawValue: role) == nil { throw ValidationError("--role must be node or router") }
    }

    func run() throws {
        guard let contents = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("\(file): cannot read the file\n".utf8))
            throw ExitCode(2)
        }
        let report = ConfigCheck.run(
            file: file, contents: Array(contents), role: role.flatMap(ProcessRole.init(rawValue:)), environment: .process)
        let text = report.lines.joined(separator: "\n") + "\n"
        if report.isValid {
            print(text, terminator: "")
        } else {
            FileHandle.standardError.write(Data(text.utf8))
            throw ExitCode(1)
        }
    }
}

extension ConfigEnvironment {
    /// This process's environment variables and files.
    static var process: ConfigEnvironment {
        ConfigEnvironment(
            variables: ProcessInfo.processInfo.environment,
            readFile: { path in
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw FileReadFailure("no such file") }
                guard !isDirectory.boolValue else { throw FileReadFailure("it is a directory") }
                guard let data = FileManager.default.contents(atPath: path) else { throw FileReadFailure("permission denied") }
                guard let text = String(data: data, encoding: .utf8) else { throw FileReadFailure("not UTF-8 text") }
                return text
            },
            isReadableFile: { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                    && FileManager.default.isReadableFile(atPath: path)
            })
    }
}

/// Why a file named by a configuration could not be read (never its content).
struct FileReadFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
