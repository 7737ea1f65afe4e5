/// Stops the run: an oracle failed. libFuzzer saves the input as `crash-…`; the message says
/// which oracle and what differed.
func finding(_ what: String) -> Never {
    fatalError("FUZZ FINDING: " + what)
}

/// ``finding(_:)`` unless `condition` holds.
func check(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition { finding(what()) }
}

/// `bytes` as text for a finding's message (invalid UTF-8 repaired).
func show(_ bytes: [UInt8]) -> String {
    String(decoding: bytes.prefix(4096), as: UTF8.self)
}
