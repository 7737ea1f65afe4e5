/// Durations and byte sizes as written in configuration files: a plain number (seconds,
/// bytes) or a number with a unit (`250ms`, `30s`, `5m`, `8h`, `1d`, `1h30m`; `512 B`,
/// `16 KiB`, `4 MiB`, `1 GiB`, `10 MB`).
enum QuantityText {
    /// Seconds in `text`, nil when it is not a duration.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)]
        var rest = Substring(text.filter { $0 != " " })
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let value = Double(number), let factor = units.first(where: { $0.0 == unit.lowercased() })?.1 else { return nil }
            total += value * factor
        }
        return total
    }

    /// Bytes in `text`, nil when it is not a size.
    static func bytes(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [
            ("b", 1), ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000),
            ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30),
        ]
        let compact = text.filter { $0 != " " && $0 != "_" }
        let number = compact.prefix { $0.isNumber }
        let unit = compact.dropFirst(number.count).lowercased()
        guard let value = Int64(number), let factor = units.first(where: { $0.0 == unit })?.1 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }

    /// A duration for messages and summaries: `8h`, `90s`, `1.5s`, `250ms`.
    static func describe(seconds: Double) -> String {
        if seconds >= 3_600, seconds.truncatingRemainder(dividingBy: 3_600) == 0 { return "\(Int(seconds / 3_600))h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        if seconds < 1, seconds > 0 { return "\(Int((seconds * 1_000).rounded()))ms" }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }

    /// A size for messages and summaries: `4 MiB`, `16 KiB`, `1000 B`.
    static func describe(bytes: Int64) -> String {
        for (unit, factor) in [("GiB", Int64(1) << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor) \(unit)"
        }
        return "\(bytes) B"
    }
}
