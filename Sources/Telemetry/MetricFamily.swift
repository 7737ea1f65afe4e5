/// One metric family as the Prometheus text format shows it: a name, its help text, its type
/// and its samples. Live metrics (``Counter``, ``Gauge``, ``Histogram``) produce these; so do
/// collectors that turn another component's counters into samples when `/metrics` is read.
public struct MetricFamily: Sendable, Hashable {
    /// The family's type (`# TYPE` line).
    public enum Kind: String, Sendable, Hashable {
        /// Only goes up (restarts at zero when the process does).
        case counter
        /// Goes up and down.
        case gauge
        /// Observations counted in cumulative buckets, with their sum and count.
        case histogram
        /// A sample without a declared type.
        case untyped
    }

    /// The family name, e.g. `tessera_router_requests_total`.
    public var name: String
    /// The help text (one line; escaped when rendered).
    public var help: String
    /// The type.
    public var kind: Kind
    /// The samples (histograms: `_bucket`, `_sum` and `_count` samples).
    public var samples: [MetricSample]

    /// A family; `name` must be a valid metric name (``MetricName/isValid(_:)``).
    public init(name: String, help: String, kind: Kind, samples: [MetricSample]) {
        precondition(MetricName.isValid(name), "invalid metric name \(name)")
        self.name = name
        self.help = help
        self.kind = kind
        self.samples = samples
    }
}

/// One line of a family: a sample name (the family's, or with a histogram suffix), labels and
/// a value.
public struct MetricSample: Sendable, Hashable {
    /// The sample's name (the family name, or `NAME_bucket`, `NAME_sum`, `NAME_count`).
    public var name: String
    /// Label names and values, in the order written.
    public var labels: [MetricLabel]
    /// The value.
    public var value: Double

    /// A sample.
    public init(name: String, labels: [MetricLabel] = [], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}

/// A label: a name and a value (any text; escaped when rendered).
public struct MetricLabel: Sendable, Hashable {
    /// The label name, e.g. `status`.
    public var name: String
    /// The value, e.g. `200`.
    public var value: String

    /// A label; `name` must be a valid label name (``MetricName/isValidLabel(_:)``).
    public init(_ name: String, _ value: String) {
        precondition(MetricName.isValidLabel(name), "invalid label name \(name)")
        self.name = name
        self.value = value
    }
}

/// The name rules of the exposition format.
public enum MetricName {
    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isValid(_ name: String) -> Bool {
        valid(name, extra: ":")
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved).
    public static func isValidLabel(_ name: String) -> Bool {
        valid(name, extra: "") && !name.hasPrefix("__")
    }

    private static func valid(_ name: String, extra: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        let isLetter = { (s: Unicode.Scalar) in (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_" || extra.unicodeScalars.contains(s) }
        return isLetter(first) && name.unicodeScalars.allSatisfy { isLetter($0) || ($0 >= "0" && $0 <= "9") }
    }
}
