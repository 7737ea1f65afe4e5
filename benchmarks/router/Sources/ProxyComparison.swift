import Foundation
import HTTP
import LoadGenerator

/// Part 1: GetProps through every target at each connection count, in rounds (every target once
/// per round, so that a change in the machine's load hits all of them); per target the median
/// round by requests/s counts, with its own p50 and p99.
struct ProxyComparison {
    var targets: [ProxyTarget]
    var connections: [Int]
    var rounds: Int
    var warmUp: Duration
    var duration: Duration
    /// The processes whose CPU time is measured per request: each proxy's by its target name,
    /// and the node's as `node`.
    var processes: [String: ProcessCPU] = [:]

    /// One round of one target: the load's report, and the CPU microseconds per measured
    /// request of the proxy (nil straight to the node) and of the node.
    struct Run: Sendable {
        var report: LoadReport
        var proxyMicroseconds: Double?
        var nodeMicroseconds: Double?
    }

    /// The runs by connection count and target name, every round.
    func run() async throws -> [Int: [String: [Run]]] {
        var requests: [String: HTTPClientRequest] = [:]
        for target in targets { requests[target.name] = try await GetPropsWorkload.make(through: target) }
        var results: [Int: [String: [Run]]] = [:]
        let most = connections.max() ?? 0
        for round in 1...rounds {
            for count in connections {
                for target in targets where !target.onlyAtMost || count == most {
                    let request = requests[target.name]!
                    let configuration = LoadConfiguration(
                        endpoint: target.endpoint, connections: count, warmUp: warmUp, duration: duration) { _, _ in request }
                    let proxy = processes[target.name], node = processes["node"]
                    // CPU used over the measured period only (the load measures from the end of its warm-up).
                    let cpu = Task {
                        try await Task.sleep(for: warmUp)
                        let before = (proxy?.seconds(), node?.seconds())
                        try await Task.sleep(for: duration)
                        return ((proxy?.seconds() ?? 0) - (before.0 ?? 0), (node?.seconds() ?? 0) - (before.1 ?? 0))
                    }
                    let report = try await LoadGenerator.run(configuration)
                    let used = try await cpu.value
                    let requests = Double(max(report.requests, 1))
                    let run = Run(
                        report: report, proxyMicroseconds: proxy.map { _ in used.0 * 1e6 / requests },
                        nodeMicroseconds: node.map { _ in used.1 * 1e6 / requests })
                    log("round \(round), \(target.name): \(report.summary)"
                        + (run.proxyMicroseconds.map { String(format: ", proxy %.0f µs CPU/request", $0) } ?? "")
                        + (run.nodeMicroseconds.map { String(format: ", node %.0f µs CPU/request", $0) } ?? ""))
                    results[count, default: [:]][target.name, default: []].append(run)
                }
            }
        }
        return results
    }

    /// The median round by requests/s.
    static func median(_ runs: [Run]) -> LoadReport {
        runs.map(\.report).sorted { $0.requestsPerSecond < $1.requestsPerSecond }[runs.count / 2]
    }

    /// The median of the rounds' CPU figures, `—` when not measured.
    static func medianCPU(_ figures: [Double?]) -> String {
        let known = figures.compactMap { $0 }.sorted()
        return known.isEmpty ? "—" : String(format: "%.0f", known[known.count / 2])
    }

    /// The markdown table and the two target figures (router ÷ nginx throughput, router's p99
    /// over direct) at each connection count.
    func markdown(_ results: [Int: [String: [Run]]]) -> String {
        var lines = [
            "| connections | path | requests/s (median of \(rounds) rounds) | p50 | p99 | errors | proxy CPU µs/request | node CPU µs/request | every round's requests/s |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        var verdicts: [String] = []
        for count in connections.sorted(by: >) {
            guard let byTarget = results[count] else { continue }
            for target in targets {
                guard let runs = byTarget[target.name] else { continue }
                let report = Self.median(runs)
                lines.append(
                    "| \(count) | \(target.name) | \(grouped(report.requestsPerSecond)) | \(ms(report.p50Milliseconds)) | \(ms(report.p99Milliseconds)) | "
                        + "\(runs.map(\.report.errors).reduce(0, +)) | \(Self.medianCPU(runs.map(\.proxyMicroseconds))) | "
                        + "\(Self.medianCPU(runs.map(\.nodeMicroseconds))) | \(runs.map { grouped($0.report.requestsPerSecond) }.joined(separator: ", ")) |")
            }
            if let router = byTarget["router"].map(Self.median), let direct = byTarget["direct"].map(Self.median) {
                var verdict = "- \(count) connections: router p50 \(signed(router.p50Milliseconds - direct.p50Milliseconds)) ms and "
                    + "p99 \(signed(router.p99Milliseconds - direct.p99Milliseconds)) ms over direct (target p99 ≤ +0.5 ms)"
                if let nginx = byTarget["nginx"].map(Self.median) {
                    verdict += "; router ÷ nginx requests/s = \(String(format: "%.2f", router.requestsPerSecond / nginx.requestsPerSecond)) (target ≥ 0.9)"
                        + "; nginx p99 \(signed(nginx.p99Milliseconds - direct.p99Milliseconds)) ms over direct"
                    let routerCPU = Self.medianCPU(byTarget["router"]!.map(\.proxyMicroseconds))
                    let nginxCPU = Self.medianCPU(byTarget["nginx"]!.map(\.proxyMicroseconds))
                    if let r = Double(routerCPU), let n = Double(nginxCPU), n > 0 {
                        verdict += "; CPU per request router \(routerCPU) µs, nginx \(nginxCPU) µs (\(String(format: "%.2f", r / n))×)"
                    }
                }
                verdicts.append(verdict)
            }
        }
        return (lines + [""] + verdicts).joined(separator: "\n")
    }
}

/// `12,345`.
func grouped(_ value: Double) -> String { LoadReport.grouped(value) }

/// `1.23 ms`.
func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }

/// `+1.23` or `-0.40`.
func signed(_ value: Double) -> String { String(format: "%+.2f", value) }

/// A progress line on standard error.
func log(_ line: String) { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
