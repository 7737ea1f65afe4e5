/// The Prometheus text exposition format, version 0.0.4 (what `/metrics` answers with
/// `Content-Type: text/plain; version=0.0.4; charset=utf-8`).
///
/// Per family: `# HELP name text` (backslash and line feed escaped), `# TYPE name kind`, then
/// one line per sample: `name{label="value",…} value`. Label values escape backslash, double
/// quote and line feed; values are Go-style floats (`+Inf`, `-Inf`, `NaN`; integers without a
/// fraction). Families are written in the order given, each once.
public enum PrometheusText {
    /// The content type of the exposition.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The exposition of `families`.
    public static func render(_ families: [MetricFamily]) -> String {
        var text = ""
        for family in families {
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples { text += line(sample) }
        }
        return text
    }

    /// One sample line, with its line feed.
    public static func line(_ sample: MetricSample) -> String {
        var text = sample.name
        if !sample.labels.isEmpty {
            text += "{" + sample.labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",") + "}"
        }
        return text + " " + format(sample.value) + "\n"
    }

    /// A label value: `\` → `\\`, `"` → `\"`, line feed → `\n`.
    public static func escapeLabelValue(_ value: String) -> String {
        escape(value, quotes: true)
    }

    /// A help text: `\` → `\\`, line feed → `\n`.
    public static func escapeHelp(_ help: String) -> String {
        escape(help, quotes: false)
    }

    /// `+Inf`, `-Inf`, `NaN`; whole numbers below 2^53 without a fraction; others as Swift
    /// prints them (shortest round-tripping).
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        // Scalars, not characters: "\r\n" is one Character and would hide its line feed.
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\"" where quotes: result += "\\\""
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
