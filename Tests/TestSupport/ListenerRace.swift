import ServiceLifecycleTestKit

/// How a listener is stopped in ``raceListenerStop(_:run:port:started:stopped:)``.
public enum ListenerStop: Sendable, CaseIterable {
    /// Graceful shutdown (swift-service-lifecycle).
    case gracefulShutdown
    /// Graceful shutdown that runs into the grace period (`started` keeps a request in progress).
    case gracePeriodExpiry
    /// `run()`'s task cancelled.
    case cancellation
}

/// One round of a race between a listener's shutdown and connections being accepted: runs
/// `run` (the listener's `run()`), calls `started` with `port()`, has a ``ConnectHammer``
/// connect to that port as fast as it can, stops the listener as `stop` says while connections
/// keep arriving, waits for `run` to return, calls `stopped` while the clients still hold their
/// connections open, then stops the clients. Rethrows what `run` throws, but for the
/// `CancellationError` of a cancelled `run`. Returns whether connections were made before the
/// stop (they should be: otherwise nothing raced).
public func raceListenerStop(
    _ stop: ListenerStop, run: @escaping @Sendable () async throws -> Void, port: () async throws -> Int,
    started: (Int) async throws -> Void = { _ in }, stopped: () async throws -> Void = {}
) async throws -> Bool {
    try await testGracefulShutdown { trigger in
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await run() }
            let port = try await port()
            try await started(port)
            let hammer = ConnectHammer(port: port)
            let outcome: Result<Bool, any Error>
            do {
                let raced = await hammer.waitForConnections(20)
                switch stop {
                case .gracefulShutdown, .gracePeriodExpiry: trigger.triggerGracefulShutdown()
                case .cancellation: group.cancelAll()
                }
                // Connections keep arriving while the listener stops.
                try? await Task.sleep(for: .milliseconds(30))
                do {
                    try await group.next()
                } catch is CancellationError where stop == .cancellation {}
                try await stopped()
                outcome = .success(raced)
            } catch {
                outcome = .failure(error)
            }
            await hammer.stop()
            return try outcome.get()
        }
    }
}
