/// A histogram: observations counted in cumulative buckets (`le` upper bounds, `+Inf` last),
/// with their sum and count. With label names, one set of buckets per combination.
public final class Histogram: Sendable {
    /// Bounds for request latencies in seconds: 1 ms to 2 minutes (long polls).
    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    struct Buckets: Sendable {
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    /// The family name (samples are `_bucket`, `_sum`, `_count`).
    public let name: String
    /// The help text.
    public let help: String
    /// The upper bounds, ascending, without `+Inf`.
    public let bounds: [Double]
    private let values: LabelledValues<Buckets>

    /// A histogram with ascending finite `buckets`; names are checked, `le` is not a label name.
    public init(_ name: String, _ help: String, labels: [String] = [], buckets: [Double] = Histogram.latencyBuckets) {
        precondition(MetricName.isValid(name), "invalid metric name \(name)")
        precondition(!labels.contains("le"), "le is the bucket label")
        precondition(!buckets.isEmpty && zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 } && buckets.allSatisfy(\.isFinite),
                     "buckets must be finite and ascending")
        self.name = name
        self.help = help
        bounds = buckets
        let count = buckets.count
        values = LabelledValues(labelNames: labels) { Buckets(counts: Array(repeating: 0, count: count)) }
    }

    /// Counts `value` for the label values given.
    public func observe(_ value: Double, _ labelValues: String...) {
        Self.count(value, bounds: bounds, in: values.cell(labelValues))
    }

    /// The buckets of one label combination, kept by a hot path: its observations skip the
    /// lookup of the label values.
    public func series(_ labelValues: String...) -> Series {
        Series(bounds: bounds, cell: values.cell(labelValues))
    }

    /// One label combination's buckets (``series(_:)``).
    public struct Series: Sendable {
        fileprivate let bounds: [Double]
        fileprivate let cell: LabelledValues<Buckets>.Cell

        /// Counts `value`.
        public func observe(_ value: Double) {
            Histogram.count(value, bounds: bounds, in: cell)
        }
    }

    private static func count(_ value: Double, bounds: [Double], in cell: LabelledValues<Buckets>.Cell) {
        let index = bounds.firstIndex { value <= $0 }
        cell.update { buckets in
            if let index { buckets.counts[index] += 1 }
            buckets.sum += value
            buckets.count += 1
        }
    }

    /// The family now: cumulative buckets, then sum and count, per label combination.
    public var family: MetricFamily {
        var samples: [MetricSample] = []
        for (labels, buckets) in values.snapshot() {
            var cumulative: UInt64 = 0
            for (bound, count) in zip(bounds, buckets.counts) {
                cumulative += count
                samples.append(MetricSample(name: name + "_bucket", labels: labels + [MetricLabel("le", PrometheusText.format(bound))], value: Double(cumulative)))
            }
            samples.append(MetricSample(name: name + "_bucket", labels: labels + [MetricLabel("le", "+Inf")], value: Double(buckets.count)))
            samples.append(MetricSample(name: name + "_sum", labels: labels, value: buckets.sum))
            samples.append(MetricSample(name: name + "_count", labels: labels, value: Double(buckets.count)))
        }
        return MetricFamily(name: name, help: help, kind: .histogram, samples: samples)
    }
}
