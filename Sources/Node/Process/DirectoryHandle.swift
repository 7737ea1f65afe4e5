import Config
import Database
import Directory
import Logging

/// A process's directory: the configured backend and the cache in front of it (nodes, routers,
/// `tessera admin`).
public struct DirectoryHandle: Sendable {
    public let cached: CachingDirectory
    private let closeBackend: @Sendable () -> Void

    public static func open(_ section: DirectorySection, logger: Logger) async throws -> DirectoryHandle {
        let backend: any UserDirectory
        let close: @Sendable () -> Void
        switch section.backend {
        case .ldap(let configuration):
            let ldap = try LDAPDirectory(configuration: configuration, logger: logger)
            (backend, close) = (ldap, { ldap.shutdown() })
        case .sql(let settings):
            let pool = settings.location.makePool(maximumConnections: settings.maximumConnections)
            let sql = try await SQLDirectory(pool: pool, passwordScheme: settings.passwordScheme, logger: logger)
            (backend, close) = (sql, { sql.shutdown(); pool.close() })
        case .unix(let configuration):
            (backend, close) = (UnixDirectory(configuration: configuration, logger: logger), {})
        }
        return DirectoryHandle(cached: CachingDirectory(backend: backend, policy: section.cache, logger: logger), closeBackend: close)
    }

    public func close() { closeBackend() }
}
