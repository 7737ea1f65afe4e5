import HTTP

/// What a load run does: `connections` keep-alive connections, each with one request in
/// flight, sending requests back to back for `warmUp` (not measured) and then `duration`.
public struct LoadConfiguration: Sendable {
    /// The server.
    public var endpoint: HTTPEndpoint
    /// Concurrent connections, one request in flight on each.
    public var connections: Int
    /// Load before measuring. Default 2 s.
    public var warmUp: Duration
    /// The measured period. Default 10 s.
    public var duration: Duration
    /// A response with another status counts as an error. Default 200.
    public var expectedStatus: Int
    /// The request to send next on connection `connection` (0-based), its `sequence`-th.
    public var makeRequest: @Sendable (_ connection: Int, _ sequence: Int) -> HTTPClientRequest

    /// A configuration sending `GET /` unless `makeRequest` says otherwise.
    public init(
        endpoint: HTTPEndpoint, connections: Int, warmUp: Duration = .seconds(2), duration: Duration = .seconds(10),
        makeRequest: @escaping @Sendable (_ connection: Int, _ sequence: Int) -> HTTPClientRequest = { _, _ in HTTPClientRequest() }
    ) {
        self.endpoint = endpoint; self.connections = connections; self.warmUp = warmUp; self.duration = duration
        self.expectedStatus = 200; self.makeRequest = makeRequest
    }
}

/// The outcome of a load run. Requests count when they start within the measured period.
public struct LoadReport: Sendable, Codable, Hashable {
    /// Concurrent connections.
    public var connections: Int
    /// The measured period in seconds.
    public var seconds: Double
    /// Requests answered with the expected status.
    public var requests: Int
    /// Requests that failed or got another status.
    public var errors: Int
    /// `requests / seconds`.
    public var requestsPerSecond: Double
    /// Latency percentiles (nearest rank) of the answered requests, in milliseconds.
    public var p50Milliseconds: Double, p99Milliseconds: Double

    /// One line for people: `16 connections: 12,345 requests/s, p50 1.20 ms, p99 3.40 ms, 0 errors`.
    public var summary: String {
        "\(connections) connection\(connections == 1 ? "" : "s"): \(Int(requestsPerSecond.rounded())) requests/s, "
            + "p50 \(Self.format(p50Milliseconds)) ms, p99 \(Self.format(p99Milliseconds)) ms, \(errors) errors"
    }

    /// A whole number with thousands separators: `12,345`.
    public static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// A closed-loop HTTP load generator on ``HTTPClient``: every connection sends its next request
/// as soon as the previous response is complete, so the rate measures the server (and the
/// client) rather than a schedule. Used by `tessera-http-bench` and, with request bodies and
/// headers of their own, by the SOAP benchmarks.
public enum LoadGenerator {
    /// Runs the load and reports.
    public static func run(_ configuration: LoadConfiguration) async throws -> LoadReport {
        var clientConfiguration = HTTPClientConfiguration(endpoint: configuration.endpoint)
        clientConfiguration.maximumConnections = configuration.connections
        let client = try HTTPClient(configuration: clientConfiguration)
        let clock = ContinuousClock()
        let measureFrom = clock.now + configuration.warmUp
        let measureUntil = measureFrom + configuration.duration
        let tallies = await withTaskGroup(of: Tally.self) { group in
            for connection in 0..<configuration.connections {
                group.addTask {
                    var tally = Tally()
                    var sequence = 0
                    while true {
                        let started = clock.now
                        guard started < measureUntil else { break }
                        let request = configuration.makeRequest(connection, sequence)
                        sequence += 1
                        let status = try? await client.send(request).status
                        guard started >= measureFrom else { continue }
                        if status == configuration.expectedStatus {
                            tally.latencies.append(clock.now - started)
                        } else {
                            tally.errors += 1
                        }
                    }
                    return tally
                }
            }
            var all = Tally()
            for await tally in group {
                all.latencies += tally.latencies
                all.errors += tally.errors
            }
            return all
        }
        await client.shutdown()
        let seconds = Double(configuration.duration.components.seconds) + Double(configuration.duration.components.attoseconds) / 1e18
        let sorted = tallies.latencies.sorted()
        return LoadReport(
            connections: configuration.connections, seconds: seconds, requests: sorted.count, errors: tallies.errors,
            requestsPerSecond: Double(sorted.count) / seconds,
            p50Milliseconds: milliseconds(nearestRank(50, of: sorted)), p99Milliseconds: milliseconds(nearestRank(99, of: sorted)))
    }

    private struct Tally {
        var latencies: [Duration] = []
        var errors = 0
    }

    /// The smallest sample with at least `percent` % of the samples at or below it; zero when
    /// there are none.
    static func nearestRank(_ percent: Int, of sorted: [Duration]) -> Duration {
        guard !sorted.isEmpty else { return .zero }
        let rank = (percent * sorted.count + 99) / 100
        return sorted[max(rank, 1) - 1]
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
    }
}
