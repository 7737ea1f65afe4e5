import TestSupport
import Logging
@testable import Directory

/// Directories pointed at a ``TestSlapd``.
enum LDAPTestSupport {
    /// The `openldap` preset on the generated population, service account bind.
    static func openldapConfiguration(_ server: TestSlapd, uris: [String]? = nil, tls: LDAPConfiguration.TLS = .none) throws -> LDAPConfiguration {
        var configuration = try LDAPConfiguration(
            preset: .openldap, uris: uris ?? [server.uri], baseDN: TestSlapd.base,
            bind: .simple(dn: TestSlapd.serviceDN, password: TestSlapd.servicePassword), tls: tls, caFile: server.caFile)
        configuration.userBaseDN = TestDirectoryData.peopleBase
        configuration.groupBaseDN = TestDirectoryData.groupBase
        configuration.serverBaseDN = TestDirectoryData.serverBase
        configuration.networkTimeout = 2
        configuration.operationTimeout = 10
        return configuration
    }

    static func openldap(_ server: TestSlapd, logger: Logger = Logger(label: "test")) throws -> LDAPDirectory {
        try LDAPDirectory(configuration: openldapConfiguration(server), logger: logger)
    }
}
