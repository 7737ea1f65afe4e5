import Foundation

/// CPU time a process has used (user + system) from `/proc/PID/stat`, to price a request in CPU:
/// on a machine shared with other work, requests per second follow the CPU the benchmark gets,
/// while CPU per request stays put.
enum ProcessCPU {
    /// Seconds of CPU process `pid` has used so far.
    static func seconds(_ pid: Int32) throws -> Double {
        let text = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name (which may hold spaces, in parentheses): state is field 3,
        // utime 14 and stime 15, counted from 1 over the whole line.
        guard let close = text.lastIndex(of: ")") else { throw ReadFailure(pid: pid) }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { throw ReadFailure(pid: pid) }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    struct ReadFailure: Error, CustomStringConvertible {
        var pid: Int32
        var description: String { "/proc/\(pid)/stat cannot be read" }
    }
}
