import HTTP
import LoadGenerator

/// Requests per second and latency of each workload at each connection count, against a node
/// and a minimal responder listening on 127.0.0.1. For each connection count the responder and
/// the three operations run back to back, so that a change in the machine's load hits the
/// ceiling and the operations alike.
struct ThroughputSuite {
    var connections: [Int]
    var warmUp: Duration
    var duration: Duration

    /// One load run: the generator's report and the CPU the measured process used per request
    /// (warm-up and measured period together, divided by the requests of both at the measured rate).
    struct Line: Sendable {
        var report: LoadReport
        var cpuMicroseconds: Double
    }

    /// The lines of one placement (in-process or separate process).
    struct Result: Sendable {
        var placement: String
        /// Whose CPU ``Line/cpuMicroseconds`` counts.
        var cpuOf: String
        /// Workload names in the order they ran.
        var workloads: [String]
        var lines: [String: [Line]]

        func line(_ workload: String, connections: Int) -> Line? {
            lines[workload]?.first { $0.report.connections == connections }
        }
    }

    /// Runs every workload at every connection count; `pid` is the process whose CPU is counted.
    func run(placement: String, cpuOf: String, pid: Int32, ports: BenchServers.Ports, mailbox: BenchMailbox) async throws -> Result {
        let workloads: [(Workload, Int)] = [
            (.responder, ports.responder), (.getProps(mailbox), ports.node), (.queryRows(mailbox), ports.node),
            (.createItem(mailbox), ports.node),
        ]
        var result = Result(placement: placement, cpuOf: cpuOf, workloads: workloads.map(\.0.name), lines: [:])
        for count in connections {
            for (workload, port) in workloads {
                let configuration = LoadConfiguration(
                    endpoint: HTTPEndpoint(host: "127.0.0.1", port: port), connections: count, warmUp: warmUp, duration: duration,
                    makeRequest: workload.makeRequest)
                let cpuBefore = try ProcessCPU.seconds(pid)
                let report = try await LoadGenerator.run(configuration)
                let cpu = try ProcessCPU.seconds(pid) - cpuBefore
                let requests = report.requestsPerSecond * (warmUp + duration).seconds
                let line = Line(report: report, cpuMicroseconds: requests > 0 ? cpu / requests * 1e6 : 0)
                progress("  \(placement), \(workload.name): \(report.summary), \(Int(line.cpuMicroseconds)) µs CPU per request")
                result.lines[workload.name, default: []].append(line)
            }
        }
        return result
    }
}
