import ArgumentParser
import Config
import Foundation

/// Reads a process's configuration file and parses it with `parse`; every problem goes to
/// standard error, one a line, and the command exits 1 (an unreadable file is a usage error).
func loadConfiguration<Configuration>(_ file: String, _ parse: (String) throws(ConfigError) -> Configuration) throws -> Configuration {
    guard let contents = FileManager.default.contents(atPath: file), let text = String(data: contents, encoding: .utf8) else {
        throw ValidationError("cannot read \(file)")
    }
    do {
        return try parse(text)
    } catch {
        FileHandle.standardError.write(Data((error.lines(file: file).joined(separator: "\n") + "\n").utf8))
        throw ExitCode(1)
    }
}
