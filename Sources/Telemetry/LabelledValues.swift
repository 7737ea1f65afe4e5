import NIOConcurrencyHelpers

/// The values of one metric per label-value combination. Combinations are kept in first-use
/// order so that the exposition is stable. Each combination's value sits in a ``Cell`` of its
/// own: a hot path can keep the cell (``Counter/series(_:)``) and update it without hashing the
/// label values again.
final class LabelledValues<Value: Sendable>: Sendable {
    /// One combination's value, behind its own lock.
    final class Cell: Sendable {
        private let value: NIOLockedValueBox<Value>

        init(_ value: Value) { self.value = NIOLockedValueBox(value) }

        func update(_ change: (inout Value) -> Void) { value.withLockedValue { change(&$0) } }

        var current: Value { value.withLockedValue { $0 } }
    }

    private struct State {
        var order: [(labels: [String], cell: Cell)] = []
        var cells: [[String]: Cell] = [:]
    }

    let labelNames: [String]
    private let initial: @Sendable () -> Value
    private let state = NIOLockedValueBox(State())

    init(labelNames: [String], initial: @escaping @Sendable () -> Value) {
        for name in labelNames { precondition(MetricName.isValidLabel(name), "invalid label name \(name)") }
        self.labelNames = labelNames
        self.initial = initial
    }

    /// The cell of `labelValues` (created on first use).
    func cell(_ labelValues: [String]) -> Cell {
        precondition(labelValues.count == labelNames.count, "expected \(labelNames.count) label values, got \(labelValues.count)")
        return state.withLockedValue { state in
            if let cell = state.cells[labelValues] { return cell }
            let cell = Cell(initial())
            state.order.append((labelValues, cell))
            state.cells[labelValues] = cell
            return cell
        }
    }

    /// Changes the value of `labelValues` (created on first use).
    func update(_ labelValues: [String], _ change: (inout Value) -> Void) {
        cell(labelValues).update(change)
    }

    /// Every combination with its value, in first-use order.
    func snapshot() -> [(labels: [MetricLabel], value: Value)] {
        let order = state.withLockedValue { $0.order }
        return order.map { entry in (zip(labelNames, entry.labels).map { MetricLabel($0, $1) }, entry.cell.current) }
    }
}
