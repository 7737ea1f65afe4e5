import Directory
import Foundation
import HTTP
import LoadGenerator
import SOAP
import Synchronization

/// Part 2: Logons per second — straight to the node, then through the router with a cold
/// directory cache (every logon a user the router has never resolved) and with a warm one (the
/// same users again) — and what one SHA-512-crypt verification costs on one core, which is
/// most of a logon's time at the node.
struct LogonRates {
    var node: ProxyTarget
    var router: ProxyTarget
    var users: Int
    var connections: Int
    var warmUp: Duration
    var duration: Duration

    /// Hands out user numbers, each once.
    final class Tickets: Sendable {
        private let next = Atomic<Int>(0)
        func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
        var taken: Int { next.load(ordering: .relaxed) }
    }

    struct Results {
        var hashMilliseconds: Double
        var direct: LoadReport
        var cold: LoadReport
        var warm: LoadReport
        /// Distinct users the cold run logged on (its warm-up included); the warm run cycles them.
        var coldUsers: Int
    }

    func run() async throws -> Results {
        let hash = try Self.verificationMilliseconds()
        log("one SHA-512-crypt verification: \(String(format: "%.2f", hash)) ms")
        let users = self.users
        let direct = try await load(node, name: "direct") { ticket in Population.login(ticket % users) }
        let cold = Tickets()
        let coldReport = try await load(router, name: "router, cold cache", tickets: cold) { ticket in Population.login(ticket) }
        let coldUsers = cold.taken
        guard coldUsers <= users else {
            throw BenchError("the cold run needed \(coldUsers) users, only \(users) are seeded: rerun with --users \(coldUsers * 2)")
        }
        let warm = try await load(router, name: "router, warm cache") { ticket in Population.login(ticket % coldUsers) }
        return Results(hashMilliseconds: hash, direct: direct, cold: coldReport, warm: warm, coldUsers: coldUsers)
    }

    private func load(
        _ target: ProxyTarget, name: String, tickets: Tickets = Tickets(), login: @escaping @Sendable (Int) -> String
    ) async throws -> LoadReport {
        let configuration = LoadConfiguration(endpoint: target.endpoint, connections: connections, warmUp: warmUp, duration: duration) { _, _ in
            SOAPCalls.request(LogonRequest(user: login(tickets.take()), password: Population.password))
        }
        let report = try await LoadGenerator.run(configuration)
        log("logons, \(name): \(report.summary)")
        return report
    }

    /// Milliseconds per verification of the benchmark's password against a hash made as the
    /// directory makes them (SHA-512-crypt, libxcrypt's default rounds), one at a time on one core.
    static func verificationMilliseconds(repeats: Int = 100) throws -> Double {
        let hash = try PasswordHash.make(Population.password, scheme: .sha512)
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<repeats where !PasswordHash.verify(Population.password, against: hash) {
            throw BenchError("the password did not verify")
        }
        let elapsed = clock.now - started
        return (Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15) / Double(repeats)
    }

    func markdown(_ results: Results) -> String {
        let perCore = 1_000 / results.hashMilliseconds
        let rows: [(String, LoadReport)] = [
            ("straight to the node", results.direct), ("through the router, cold directory cache", results.cold),
            ("through the router, warm directory cache", results.warm),
        ]
        var lines = ["| logons (\(connections) connections) | logons/s | p50 | p99 | errors |", "|---|---:|---:|---:|---:|"]
        for (name, report) in rows {
            lines.append("| \(name) | \(grouped(report.requestsPerSecond)) | \(ms(report.p50Milliseconds)) | \(ms(report.p99Milliseconds)) | \(report.errors) |")
        }
        lines += [
            "",
            "- one SHA-512-crypt verification (5,000 rounds): \(String(format: "%.2f", results.hashMilliseconds)) ms on one core "
                + "= \(grouped(perCore)) logons/s per core, \(grouped(perCore * Double(ProcessInfo.processInfo.activeProcessorCount))) on all "
                + "\(ProcessInfo.processInfo.activeProcessorCount) if the node did nothing else",
            "- the cold run logged on \(grouped(Double(results.coldUsers))) distinct users (of \(grouped(Double(users))) seeded); "
                + "the warm run cycled through the same users",
        ]
        return lines.joined(separator: "\n")
    }
}

/// A failure of the benchmark itself.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
