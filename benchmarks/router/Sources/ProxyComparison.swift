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

    /// The reports by connection count and target name, every round.
    func run() async throws -> [Int: [String: [LoadReport]]] {
        var requests: [String: HTTPClientRequest] = [:]
        for target in targets { requests[target.name] = try await GetPropsWorkload.make(through: target) }
        var results: [Int: [String: [LoadReport]]] = [:]
        let most = connections.max() ?? 0
        for round in 1...rounds {
            for count in connections {
                for target in targets where !target.onlyAtMost || count == most {
                    let request = requests[target.name]!
                    let configuration = LoadConfiguration(
                        endpoint: target.endpoint, connections: count, warmUp: warmUp, duration: duration) { _, _ in request }
                    let report = try await LoadGenerator.run(configuration)
                    log("round \(round), \(target.name): \(report.summary)")
                    results[count, default: [:]][target.name, default: []].append(report)
                }
            }
        }
        return results
    }

    /// The median round by requests/s.
    static func median(_ reports: [LoadReport]) -> LoadReport {
        reports.sorted { $0.requestsPerSecond < $1.requestsPerSecond }[reports.count / 2]
    }

    /// The markdown table and the two target figures (router ÷ nginx throughput, router's p99
    /// over direct) at each connection count.
    func markdown(_ results: [Int: [String: [LoadReport]]]) -> String {
        var lines = [
            "| connections | path | requests/s (median of \(rounds) rounds) | p50 | p99 | errors | every round's requests/s |",
            "|---:|---|---:|---:|---:|---:|---|",
        ]
        var verdicts: [String] = []
        for count in connections.sorted(by: >) {
            guard let byTarget = results[count] else { continue }
            for target in targets {
                guard let reports = byTarget[target.name] else { continue }
                let report = Self.median(reports)
                lines.append(
                    "| \(count) | \(target.name) | \(grouped(report.requestsPerSecond)) | \(ms(report.p50Milliseconds)) | \(ms(report.p99Milliseconds)) | "
                        + "\(reports.map(\.errors).reduce(0, +)) | \(reports.map { grouped($0.requestsPerSecond) }.joined(separator: ", ")) |")
            }
            if let router = byTarget["router"].map(Self.median), let direct = byTarget["direct"].map(Self.median) {
                var verdict = "- \(count) connections: router p50 \(signed(router.p50Milliseconds - direct.p50Milliseconds)) ms and "
                    + "p99 \(signed(router.p99Milliseconds - direct.p99Milliseconds)) ms over direct (target p99 ≤ +0.5 ms)"
                if let nginx = byTarget["nginx"].map(Self.median) {
                    verdict += "; router ÷ nginx requests/s = \(String(format: "%.2f", router.requestsPerSecond / nginx.requestsPerSecond)) (target ≥ 0.9)"
                        + "; nginx p99 \(signed(nginx.p99Milliseconds - direct.p99Milliseconds)) ms over direct"
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
