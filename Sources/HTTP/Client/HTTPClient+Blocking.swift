import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

extension HTTPClient {
    /// Sends `request` and blocks the calling thread until the response or the error.
    ///
    /// For code that runs on threads of its own and may block (the store engine's blocking
    /// executor threads calling an S3 blob store). The exchange runs as a task whose executor is
    /// one of the client's event loops (``EventLoopTaskExecutor``), so it needs no thread of
    /// Swift's cooperative pool: a caller blocking such a thread cannot starve it. Calling this
    /// on an event loop would deadlock, and traps. Not cancellable: the timeouts bound it.
    public func sendBlocking(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPResponse {
        try blocking { () async -> Result<HTTPResponse, HTTPClientError> in
            do throws(HTTPClientError) {
                return .success(try await self.send(request))
            } catch {
                return .failure(error)
            }
        }.get()
    }

    /// ``shutdown()`` for a thread that may block, under the rules of ``sendBlocking(_:)``.
    public func shutdownBlocking() {
        blocking { await self.shutdown() }
    }

    /// Runs `body` as a task on one of the client's event loops and waits for its result.
    private func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        precondition(
            MultiThreadedEventLoopGroup.currentEventLoop == nil,
            "HTTPClient's blocking calls must not be made on an event loop")
        let outcome = NIOLockedValueBox<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: EventLoopTaskExecutor(eventLoopGroup.next())) {
            let result = await body()
            outcome.withLockedValue { $0 = result }
            done.signal()
        }
        done.wait()
        // The task stored its result before it signalled.
        return outcome.withLockedValue { $0! }
    }
}
