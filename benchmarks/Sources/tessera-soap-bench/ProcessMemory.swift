import Foundation

/// A process's resident memory (`VmRSS` of `/proc/PID/status`).
struct ProcessMemory: Sendable {
    var residentKiB: Int

    /// The figure of process `pid`.
    static func of(_ pid: Int32) throws -> ProcessMemory {
        let text = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            if let kib = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Int($0) }) {
                return ProcessMemory(residentKiB: kib)
            }
        }
        throw ReadFailure(pid: pid)
    }

    struct ReadFailure: Error, CustomStringConvertible {
        var pid: Int32
        var description: String { "/proc/\(pid)/status has no VmRSS" }
    }
}
