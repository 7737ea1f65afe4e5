import Directory
import MAPI

extension BlockingExecutor {
    /// Runs a blocking call (the store engine's) on the executor's threads, never on a thread of
    /// the cooperative pool; its `MAPIError` comes back as it was thrown.
    func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws(MAPIError) -> T) async throws(MAPIError) -> T {
        do {
            return try await run { () throws -> T in try body() }
        } catch let error as MAPIError {
            throw error
        } catch {
            throw MAPIError(.callFailed, "\(error)")
        }
    }
}
