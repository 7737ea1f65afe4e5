import Foundation
import LoadGenerator

/// The benchmark's results as markdown, in the shape of `benchmarks/README.md`.
struct Report {
    var options: Options
    var seedingSeconds = 0.0
    var fillSeconds = 0.0
    var throughput: [ThroughputSuite.Result] = []
    var memory: [MemoryCheck.Round] = []

    var markdown: String {
        var lines = [
            "Setup, not measured: \(count(options.sessions)) users seeded with SHA-512-crypt passwords in \(decimal(seedingSeconds)) s; "
                + "\(count(options.items)) items created over SOAP (8 connections) in \(decimal(fillSeconds)) s "
                + "(\(count(Int(Double(options.items) / max(fillSeconds, 0.001))))/s). Each load: \(whole(options.warmUp)) s warm-up, "
                + "\(whole(options.duration)) s measured.",
            "",
        ]
        for result in throughput { lines += table(result) }
        if !memory.isEmpty { lines += memoryTable() }
        return lines.joined(separator: "\n")
    }

    private func table(_ result: ThroughputSuite.Result) -> [String] {
        var lines = [
            "#### \(result.placement)", "",
            "| operation | clients | requests/s | p50 | p99 | errors | ÷ responder | CPU µs per request (\(result.cpuOf)) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for workload in result.workloads {
            for line in result.lines[workload] ?? [] {
                let report = line.report
                let ceiling = result.line(Workload.responder.name, connections: report.connections)?.report.requestsPerSecond ?? 0
                lines.append(
                    "| \(workload) | \(report.connections) | \(count(Int(report.requestsPerSecond.rounded()))) | "
                        + "\(milliseconds(report.p50Milliseconds)) | \(milliseconds(report.p99Milliseconds)) | \(report.errors) | "
                        + "\(ceiling > 0 ? String(format: "%.2f", report.requestsPerSecond / ceiling) : "–") | "
                        + "\(Int(line.cpuMicroseconds.rounded())) |")
            }
        }
        let most = options.connections.max() ?? 0
        if let getProps = result.line("GetProps", connections: most), let ceiling = result.line(Workload.responder.name, connections: most),
            ceiling.report.requestsPerSecond > 0
        {
            let ratio = getProps.report.requestsPerSecond / ceiling.report.requestsPerSecond
            let cpuRatio = getProps.cpuMicroseconds > 0 ? String(format: "%.2f", ceiling.cpuMicroseconds / getProps.cpuMicroseconds) : "–"
            lines += [
                "",
                "GetProps at \(most) clients ÷ minimal responder at \(most) clients: **\(String(format: "%.2f", ratio))** "
                    + "(target ≥ 0.5: \(ratio >= 0.5 ? "met" : "not met")); in CPU per request, responder ÷ GetProps: \(cpuRatio).",
            ]
        }
        return lines + [""]
    }

    private func memoryTable() -> [String] {
        let n = count(options.sessions)
        var lines = [
            "#### Memory: \(n) logged-on idle sessions (node in a child process, VmRSS)", "",
            "| round | idle after start | after \(n) logons (\(n) users) | Δ | after \(n) more (same users) | Δ | "
                + "after one GetStore per session | Δ | logons/s |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for round in memory {
            let idle = round.idle.residentKiB
            let readings = [round.afterLogons, round.afterSecondLogons, round.afterRequests].map {
                "\(mebibytes($0.residentKiB)) | \(delta($0.residentKiB - idle))"
            }
            lines.append(
                "| \(round.title) | \(mebibytes(idle)) | \(readings.joined(separator: " | ")) | "
                    + "\(count(Int(Double(options.sessions) / max(round.logonSeconds, 0.001)))) |")
        }
        return lines + [""]
    }

    private func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    private func whole(_ duration: Duration) -> Int { Int(duration.seconds.rounded()) }
    private func decimal(_ value: Double) -> String { String(format: "%.1f", value) }
    private func milliseconds(_ value: Double) -> String { String(format: value < 10 ? "%.2f ms" : "%.1f ms", value) }
    private func mebibytes(_ kib: Int) -> String { String(format: "%.1f MiB", Double(kib) / 1_024) }
    private func delta(_ kib: Int) -> String { String(format: "%+.1f MiB", Double(kib) / 1_024) }
}

/// A line on standard error, for whoever watches the run.
func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
