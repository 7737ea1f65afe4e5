import Foundation

/// Runs blocking work (socket calls, waiting for a child process) on a thread of its own, so
/// that async tests do not hold one of the few threads of Swift's cooperative pool, which the
/// other suites' in-process servers need.
enum OwnThread {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
