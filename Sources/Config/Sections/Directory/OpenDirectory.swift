import Database
import Directory
import Logging

/// The directory a process runs with: the backend `[directory]` configures and the cache in
/// front of it. Nodes and routers open it the same way.
public struct OpenDirectory: Sendable {
    /// The cache, which every lookup goes through.
    public let cached: CachingDirectory
    private let closeBackend: @Sendable () -> Void

    /// Opens the backend of `section` (an SQL directory creates its tables) behind its cache.
    public static func open(_ section: DirectorySection, logger: Logger) async throws -> OpenDirectory {
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
        return OpenDirectory(cached: CachingDirectory(backend: backend, policy: section.cache, logger: logger), closeBackend: close)
    }

    /// Closes the backend's connections.
    public func close() { closeBackend() }
}
