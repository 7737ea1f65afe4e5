/// A counter: only goes up. With label names, one value per combination of label values.
///
/// ```swift
/// let requests = Counter("tessera_router_requests_total", "Requests answered.", labels: ["class", "status"])
/// requests.increment("logon", "200")
/// ```
public final class Counter: Sendable {
    private let scalar: ScalarMetric

    /// A counter; names are checked (a bad one is a programming error).
    public init(_ name: String, _ help: String, labels: [String] = []) {
        scalar = ScalarMetric(name: name, help: help, kind: .counter, labels: labels)
    }

    /// The family name.
    public var name: String { scalar.name }

    /// Adds `amount` (not negative) to the value of the label values given.
    public func increment(by amount: Double = 1, _ labelValues: String...) {
        precondition(amount >= 0, "a counter only goes up")
        scalar.values.update(labelValues) { $0 += amount }
    }

    /// The value of one label combination, kept by a hot path: its increments skip the lookup
    /// of the label values.
    public func series(_ labelValues: String...) -> Series {
        Series(cell: scalar.values.cell(labelValues))
    }

    /// One label combination's value (``series(_:)``).
    public struct Series: Sendable {
        fileprivate let cell: LabelledValues<Double>.Cell

        /// Adds `amount` (not negative).
        public func increment(by amount: Double = 1) {
            precondition(amount >= 0, "a counter only goes up")
            cell.update { $0 += amount }
        }
    }

    /// The family now.
    public var family: MetricFamily { scalar.family }
}

/// A gauge: a value that goes up and down. With label names, one per combination.
public final class Gauge: Sendable {
    private let scalar: ScalarMetric

    /// A gauge; names are checked.
    public init(_ name: String, _ help: String, labels: [String] = []) {
        scalar = ScalarMetric(name: name, help: help, kind: .gauge, labels: labels)
    }

    /// The family name.
    public var name: String { scalar.name }

    /// Sets the value of the label values given.
    public func set(_ value: Double, _ labelValues: String...) {
        scalar.values.update(labelValues) { $0 = value }
    }

    /// Adds `amount` (negative to subtract).
    public func add(_ amount: Double, _ labelValues: String...) {
        scalar.values.update(labelValues) { $0 += amount }
    }

    /// The family now.
    public var family: MetricFamily { scalar.family }
}

/// What counters and gauges share: a name, help, and one number per label combination.
struct ScalarMetric: Sendable {
    let name: String
    let help: String
    let kind: MetricFamily.Kind
    let values: LabelledValues<Double>

    init(name: String, help: String, kind: MetricFamily.Kind, labels: [String]) {
        precondition(MetricName.isValid(name), "invalid metric name \(name)")
        self.name = name
        self.help = help
        self.kind = kind
        values = LabelledValues(labelNames: labels) { 0 }
    }

    var family: MetricFamily {
        MetricFamily(name: name, help: help, kind: kind, samples: values.snapshot().map { MetricSample(name: name, labels: $0.labels, value: $0.value) })
    }
}
