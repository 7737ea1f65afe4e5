import NIOCore

/// Runs a task's jobs on one NIO event loop (a task executor, SE-0417).
///
/// The router's client connections prefer their channel's loop, where their upstream
/// connections live too, so that reading the next part, writing, and the exchange with the node
/// stay on one thread. On Swift's global pool instead, every one of those steps handed off
/// between a pool thread and the loop: thread wake-ups and context switches were most of the
/// router's CPU time per proxied request (benchmarks/README.md, "Router").
/// ``HTTPClient/sendBlocking(_:)`` runs its request on a loop this way, so that a blocked
/// caller never waits for a thread of Swift's cooperative pool. Work that waits elsewhere
/// still leaves the loop and comes back to it.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop the jobs run on.
    public let eventLoop: any EventLoop

    /// An executor for `eventLoop`.
    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Runs the job on the loop.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
