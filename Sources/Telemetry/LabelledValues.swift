import NIOConcurrencyHelpers

/// The values of one metric per label-value combination, behind a lock. Combinations are kept
/// in first-use order so that the exposition is stable.
final class LabelledValues<Value: Sendable>: Sendable {
    private struct State {
        var order: [[String]] = []
        var values: [[String]: Value] = [:]
    }

    let labelNames: [String]
    private let initial: @Sendable () -> Value
    private let state = NIOLockedValueBox(State())

    init(labelNames: [String], initial: @escaping @Sendable () -> Value) {
        for name in labelNames { precondition(MetricName.isValidLabel(name), "invalid label name \(name)") }
        self.labelNames = labelNames
        self.initial = initial
    }

    /// Changes the value of `labelValues` (created on first use).
    func update(_ labelValues: [String], _ change: (inout Value) -> Void) {
        precondition(labelValues.count == labelNames.count, "expected \(labelNames.count) label values, got \(labelValues.count)")
        state.withLockedValue { state in
            if state.values[labelValues] == nil {
                state.order.append(labelValues)
                state.values[labelValues] = initial()
            }
            change(&state.values[labelValues]!)
        }
    }

    /// Every combination with its value, in first-use order.
    func snapshot() -> [(labels: [MetricLabel], value: Value)] {
        state.withLockedValue { state in
            state.order.map { values in (zip(labelNames, values).map { MetricLabel($0, $1) }, state.values[values]!) }
        }
    }
}
