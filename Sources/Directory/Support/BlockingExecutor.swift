import Foundation

/// A small pool of dedicated threads that runs blocking C calls (libldap, libcrypt, database
/// drivers) behind an async API, so that they never occupy a thread of Swift's cooperative pool.
///
/// Work is queued first-in first-out and picked up by the next free thread. The threads live as
/// long as the executor; ``shutdown()`` lets them finish the queue and exit.
public final class BlockingExecutor: @unchecked Sendable {
    // @unchecked: `queue` and `stopped` are only touched with `condition` held.
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var stopped = false

    /// The number of threads.
    public let threadCount: Int

    /// Starts `threadCount` threads named `name-N`.
    public init(name: String, threadCount: Int) {
        precondition(threadCount > 0, "a blocking executor needs at least one thread")
        self.threadCount = threadCount
        for number in 0..<threadCount {
            let thread = Thread { [self] in self.work() }
            thread.name = "\(name)-\(number)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `body` on one of the executor's threads and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// Runs a non-throwing `body` on one of the executor's threads.
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            enqueue { continuation.resume(returning: body()) }
        }
    }

    /// Lets the threads finish queued work, then stop. Later `run` calls never complete, so call
    /// it only when nothing uses the executor any more.
    public func shutdown() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty && stopped {
                condition.unlock()
                return
            }
            let job = queue.removeFirst()
            condition.unlock()
            job()
        }
    }
}
