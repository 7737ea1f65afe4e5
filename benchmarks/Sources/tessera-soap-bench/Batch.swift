/// A fixed number of calls, a few at a time: for preparing data and for the logons of the
/// memory check (a load run, by contrast, runs for a time).
enum Batch {
    /// Runs `body(0)` … `body(count - 1)` on `concurrency` tasks, task `w` the numbers `w`,
    /// `w + concurrency`, … one after the other; the first error ends the batch. Returns the time
    /// taken.
    static func run(
        count: Int, concurrency: Int, _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Duration {
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<min(concurrency, count) {
                group.addTask {
                    for n in stride(from: worker, to: count, by: concurrency) { try await body(n) }
                }
            }
            try await group.waitForAll()
        }
        return clock.now - started
    }
}
