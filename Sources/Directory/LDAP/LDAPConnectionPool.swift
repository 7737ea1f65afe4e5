import Foundation
import Logging

/// A bounded pool of ``LDAPHandle``s with failover across URIs and reconnect.
///
/// New connections try the configured URIs in order, starting with the one that last worked,
/// so a dead first server costs one refused connect, not one per request. A handle whose
/// operation fails with a connection error (server restarted, network gone) is thrown away and
/// the operation is retried once on a fresh connection; a server restart therefore costs no
/// request that arrives after it. All methods block: call them from a ``BlockingExecutor`` thread.
final class LDAPConnectionPool: @unchecked Sendable {
    // @unchecked: `idle`, `open` and `preferredURI` are guarded by `condition`; a handle is
    // given to exactly one caller at a time.
    private let condition = NSCondition()
    private var idle: [LDAPHandle] = []
    private var open = 0
    private var preferredURI = 0
    private let configuration: LDAPConfiguration
    private let bindsAsService: Bool
    private let maximum: Int
    private let logger: Logger
    let metrics: LDAPMetrics

    /// A pool; `bindsAsService` says whether new connections do the service bind (search pool)
    /// or stay unbound (the authentication pool, whose users bind themselves).
    init(configuration: LDAPConfiguration, bindsAsService: Bool, maximum: Int, metrics: LDAPMetrics, logger: Logger) {
        self.configuration = configuration
        self.bindsAsService = bindsAsService
        self.maximum = maximum
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs `body` with a connection of its own; retries once on a fresh connection when the
    /// connection broke. Errors of `body` that are not connection failures pass through.
    func withConnection<T>(_ body: (LDAPHandle) throws(LDAPResultError) -> T) throws(LDAPResultError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            let (handle, reused) = try checkOut()
            do {
                let result = try body(handle)
                checkIn(handle)
                return result
            } catch {
                if error.isConnectionFailure || error.isTimeout {
                    discard(handle)
                    if reused && attempt == 1 && !error.isTimeout {
                        metrics.increment(\.reconnects)
                        logger.info("LDAP connection lost, reconnecting", metadata: ["directory.uri": "\(handle.uri)", "directory.error": "\(error)"])
                        continue
                    }
                } else {
                    checkIn(handle)
                }
                throw error
            }
        }
    }

    /// Closes idle connections (in-use ones close when returned).
    func drain() {
        condition.lock()
        let closing = idle
        idle.removeAll()
        open -= closing.count
        condition.broadcast()
        condition.unlock()
        _ = closing  // released here, outside the lock
    }

    private func checkOut() throws(LDAPResultError) -> (LDAPHandle, reused: Bool) {
        condition.lock()
        while true {
            if let handle = idle.popLast() {
                condition.unlock()
                return (handle, true)
            }
            if open < maximum {
                open += 1
                let start = preferredURI
                condition.unlock()
                do {
                    let (handle, index) = try connect(startingAt: start)
                    condition.lock()
                    preferredURI = index
                    condition.unlock()
                    return (handle, false)
                } catch {
                    condition.lock()
                    open -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            condition.wait()
        }
    }

    private func checkIn(_ handle: LDAPHandle) {
        condition.lock()
        idle.append(handle)
        condition.signal()
        condition.unlock()
    }

    private func discard(_ handle: LDAPHandle) {
        condition.lock()
        open -= 1
        condition.signal()
        condition.unlock()
    }

    /// Opens a connection to the first URI that answers, from `start` on, wrapping around.
    private func connect(startingAt start: Int) throws(LDAPResultError) -> (LDAPHandle, Int) {
        let uris = configuration.uris
        var lastError: LDAPResultError?
        for step in 0..<uris.count {
            let index = (start + step) % uris.count
            let uri = uris[index]
            do {
                let handle = try open(uri)
                if step > 0 {
                    metrics.increment(\.failovers)
                    logger.info("LDAP failover", metadata: ["directory.uri": "\(uri)", "directory.skipped": "\(step)"])
                }
                return (handle, index)
            } catch {
                logger.info("LDAP server unreachable", metadata: ["directory.uri": "\(uri)", "directory.error": "\(error)"])
                lastError = error
                if !(error.isConnectionFailure || error.isTimeout) { throw error }
            }
        }
        throw lastError ?? LDAPResultError(code: LDAPResultError.serverDown, operation: "connect", message: "no URI", diagnostic: "")
    }

    private func open(_ uri: String) throws(LDAPResultError) -> LDAPHandle {
        let options = LDAPHandle.Options(
            networkTimeout: configuration.networkTimeout, operationTimeout: configuration.operationTimeout,
            caFile: configuration.caFile, verifyCertificate: configuration.verifyCertificate)
        let handle = try LDAPHandle(uri: uri, options: options)
        metrics.increment(\.connectionsOpened)
        if configuration.tls == .startTLS && uri.lowercased().hasPrefix("ldap://") {
            try handle.startTLS()
        } else {
            try handle.connect()
        }
        if bindsAsService {
            switch configuration.bind {
            case .anonymous: break
            case .simple(let dn, let password): try handle.bindSimple(dn: dn, password: password)
            case .saslExternal: try handle.bindSASLExternal()
            }
        }
        return handle
    }
}
