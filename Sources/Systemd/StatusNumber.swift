/// Numbers in status lines: one decimal below 10 (`0.4`, `2.5`), whole numbers above (`42`).
enum StatusNumber {
    /// `value` as text.
    static func text(_ value: Double) -> String {
        if value >= 10 { return "\(Int(value.rounded()))" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
