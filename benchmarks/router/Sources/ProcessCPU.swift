import Foundation

/// CPU time (user + system) used so far by a set of processes, from `/proc/PID/stat`: how the
/// benchmark tells what a request costs the proxy and the node, whatever else runs on the
/// machine (the rate alone moves with the neighbours' load; CPU per request much less).
struct ProcessCPU: Sendable {
    /// The processes (a proxy's master and workers count together).
    var pids: [Int32]

    /// `name=PID+PID,name=PID`: the processes of each named path.
    static func list(_ text: String) -> [String: ProcessCPU] {
        var result: [String: ProcessCPU] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=")
            let pids = parts.count == 2 ? parts[1].split(separator: "+").compactMap { Int32($0) } : []
            guard parts.count == 2, !pids.isEmpty else { usageError("--cpu takes name=PID+PID,…, not \(item)") }
            result[String(parts[0])] = ProcessCPU(pids: pids)
        }
        return result
    }

    /// Seconds of CPU used so far by all of them (a process that is gone counts 0).
    func seconds() -> Double {
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        var ticks = 0
        for pid in pids {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm)": state is field 3, utime and stime are fields 14 and 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 12 { ticks += (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0) }
        }
        return Double(ticks) / ticksPerSecond
    }
}
