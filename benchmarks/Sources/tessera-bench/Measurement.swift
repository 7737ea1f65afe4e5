/// Timing with `ContinuousClock` and the statistics the report shows: medians and nearest-rank
/// percentiles, computed here (no benchmark library).
enum Measurement {
    static let clock = ContinuousClock()

    /// The seconds `body` took.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = clock.now
        try body()
        return (clock.now - start).seconds
    }

    /// The value at percentile `p` (0…100) by the nearest-rank method: the smallest sample with
    /// at least p % of the samples at or below it.
    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        precondition(!samples.isEmpty, "a percentile of no samples")
        let sorted = samples.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// The median (the mean of the two middle samples when their count is even).
    static func median(_ samples: [Double]) -> Double {
        precondition(!samples.isEmpty, "a median of no samples")
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension Duration {
    /// The duration in seconds as a double.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}

/// Latencies of one repetition of a query loop.
struct LatencySample {
    var median: Double
    var p99: Double

    init(_ latencies: [Double]) {
        median = Measurement.median(latencies)
        p99 = Measurement.percentile(latencies, 99)
    }
}

/// A latency figure as reported: the median over repetitions of each repetition's median and p99.
struct LatencyFigure {
    var median: Double
    var p99: Double
    var queriesPerRepetition: Int
    var repetitions: Int

    init(_ repetitions: [LatencySample], queriesPerRepetition: Int) {
        median = Measurement.median(repetitions.map(\.median))
        p99 = Measurement.median(repetitions.map(\.p99))
        self.queriesPerRepetition = queriesPerRepetition
        self.repetitions = repetitions.count
    }
}

/// A small seeded generator (SplitMix64) so that store and raw runs visit the same pages.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
