import NIOCore

/// Runs a task's jobs on one NIO event loop (a task executor, SE-0417). Each client
/// connection's task prefers its channel's loop, where its upstream connections live too, so
/// that reading the next part, writing, and the exchange with the node stay on one thread.
/// On Swift's global pool instead, every one of those steps handed off between a pool thread and
/// the loop: thread wake-ups and context switches were most of the router's CPU time per
/// proxied request (benchmarks/README.md, "Router"). Work that waits elsewhere (the directory's
/// threads) still leaves the loop and comes back to it.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
