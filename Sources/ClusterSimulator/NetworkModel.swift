import Cluster

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The simulated network: latency distribution, independent and bursty loss, datagram size
/// limit. Partitions, crashes, pauses and slow members are faults scheduled on a
/// ``Simulation``.
public struct NetworkModel: Sendable, Hashable {
    /// Median one-way latency (lognormal).
    public var medianLatency: ClusterDuration = .microseconds(500)
    /// Lognormal shape σ (0.6 gives p99 ≈ 4 × median).
    public var latencySigma: Double = 0.6
    /// Independent loss probability per datagram.
    public var loss: Double = 0
    /// Gilbert–Elliott bursty loss per receiving host: probability per datagram of entering the
    /// bad state (0 disables bursts).
    public var burstEnter: Double = 0
    /// Probability per datagram of leaving the bad state.
    public var burstExit: Double = 0.2
    /// Loss probability while in the bad state.
    public var burstLoss: Double = 0.8
    /// Datagrams larger than this are dropped (and counted).
    public var maximumDatagramSize: Int = 1_200
    /// Streams (TCP) cost this many one-way latencies before the data arrives (handshake).
    public var streamLatencyFactor: Int = 3

    /// A lossless LAN with 0.5 ms median latency.
    public init() {}

    /// The model with `loss` independent loss.
    public func withLoss(_ loss: Double) -> NetworkModel { var m = self; m.loss = loss; return m }

    func latency(_ r: inout SeededRandom) -> Int64 {
        // Box–Muller normal, then lognormal around the median.
        let u1 = max(r.unit(), 1e-300), u2 = r.unit()
        let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return Int64(Double(medianLatency.nanoseconds) * exp(latencySigma * z))
    }
}
