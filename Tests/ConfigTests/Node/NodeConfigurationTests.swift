import Cluster
import Config
import Database
import Directory
import Foundation
import SOAP
import Testing

/// A node's file decodes into the library types, defaults where keys are left out.
@Suite struct NodeConfigurationTests {
    @Test func minimalFileTakesTheDefaults() throws {
        let c = try NodeConfiguration(parsing: TestEnvironment.minimalNode, environment: TestEnvironment.make())
        #expect(c.node.name == "n1")
        #expect(c.node.listen == HostPort(host: "0.0.0.0", port: 236))
        #expect(c.node.dataDirectory == "/var/lib/tessera")
        #expect(c.node.tls == nil)
        #expect(c.servers.count == 1)
        #expect(c.servers[0].role == .serve)
        #expect(c.servers[0].maximumConnections == 8)
        guard case .sqlite(let sqlite) = c.servers[0].database else { Issue.record("not sqlite"); return }
        #expect(sqlite.path == "/var/lib/tessera/s1.sqlite")
        #expect(c.sessions.keys.keys.count == 2)
        #expect(c.sessions.keys.rawKeys[0] == Array(repeating: 7, count: 32))
        #expect(c.sessions.lifetime == .seconds(8 * 3600))
        #expect(c.sessions.allowedClockSkew == .seconds(60))
        #expect(c.logon.maximumUserFailures == 5)
        #expect(c.logon.window == .seconds(300))
        #expect(c.cluster == nil)
        #expect(c.clusterServiceConfiguration() == nil)
        #expect(c.provisioning.interval == .seconds(300))
        #expect(c.provisioning.maximumOrphanShare == 0.05)
        #expect(c.operations.limits.maximumBodyBytes == 4 << 20)
        #expect(c.operations.limits.maximumHeaderBytes == 16 << 10)
        #expect(c.operations.metrics.enabled && c.operations.metrics.path == "/metrics" && c.operations.metrics.listen == nil)
        #expect(c.operations.health.path == "/health")
        #expect(c.operations.log.level == "info")
        guard case .sql(let sql) = c.directory.backend, case .sqlite(let directory) = sql.location else {
            Issue.record("not the SQL directory on SQLite")
            return
        }
        #expect(directory.path == "/var/lib/tessera/directory.sqlite")
        #expect(directory.cacheKiB == 256)
        #expect(sql.passwordScheme == .yescrypt)
    }

    /// Defaults written in the schemas are the libraries' own defaults.
    @Test func defaultsAgreeWithTheLibraries() throws {
        let c = try NodeConfiguration(parsing: TestEnvironment.minimalNode, environment: TestEnvironment.make())
        #expect(c.directory.cache == DirectoryCachePolicy())
        #expect(SessionsSection.minimumKeyBytes == SessionKeyring.minimumKeyBytes)
        let ldap = try NodeConfiguration(parsing: Self.ldapNode(""), environment: TestEnvironment.make())
        guard case .ldap(let decoded) = ldap.directory.backend else { Issue.record("not LDAP"); return }
        let library = try LDAPConfiguration(preset: .openldap, uris: ["ldap://x"], baseDN: "dc=x")
        #expect(decoded.networkTimeout == library.networkTimeout)
        #expect(decoded.operationTimeout == library.operationTimeout)
        #expect(decoded.pageSize == library.pageSize)
        #expect(decoded.maximumConnections == library.maximumConnections)
        #expect(decoded.maximumAuthenticationConnections == library.maximumAuthenticationConnections)
        #expect(decoded.memberRangeSize == library.memberRangeSize)
        #expect(decoded.tls == library.tls)
        #expect(decoded.bind == .anonymous)
        let unix = try NodeConfiguration(parsing: Self.replacingDirectory("backend = \"unix\"\n[directory.unix]\ndefault_domain = \"example.com\""),
                                         environment: TestEnvironment.make())
        guard case .unix(let decodedUnix) = unix.directory.backend else { Issue.record("not Unix"); return }
        let libraryUnix = UnixConfiguration(defaultDomain: "example.com")
        #expect(decodedUnix.uidRange == libraryUnix.uidRange)
        #expect(decodedUnix.gidRange == libraryUnix.gidRange)
        #expect(decodedUnix.nonLoginShells == libraryUnix.nonLoginShells)
        #expect(decodedUnix.passwdPath == libraryUnix.passwdPath)
        #expect(decodedUnix.shadowPath == libraryUnix.shadowPath)
    }

    @Test func ldapDirectoryWithAnAttributeOverride() throws {
        let c = try NodeConfiguration(parsing: Self.ldapNode("""
            preset = "kopano"
            tls = "startTLS"
            ca_file = "/etc/ssl/ca.pem"
            bind = "simple"
            bind_dn = "cn=svc,dc=example,dc=com"
            bind_password_file = "/etc/tessera/ldap-password"
            page_size = 1000
            member_range_size = 1500
            network_timeout = "1500ms"
            [directory.ldap.attributes]
            homeServerAttribute = "mailHost"
            """), environment: TestEnvironment.make())
        guard case .ldap(let ldap) = c.directory.backend else { Issue.record("not LDAP"); return }
        #expect(ldap.bind == .simple(dn: "cn=svc,dc=example,dc=com", password: "ldap-secret"))
        #expect(ldap.tls == .startTLS)
        #expect(ldap.caFile == "/etc/ssl/ca.pem")
        #expect(ldap.pageSize == 1000)
        #expect(ldap.memberRangeSize == 1500)
        #expect(ldap.networkTimeout == 1.5)
        #expect(ldap.attributes[.homeServerAttribute] == "mailHost")
        #expect(ldap.attributes[.memberAttribute] == "memberUid")
        #expect(!c.summary.joined().contains("ldap-secret"))
    }

    @Test func mariaDBServersAndDirectoryTakeTheirPasswordsFromFiles() throws {
        let text = """
            [node]
            name = "n1"
            advertise_url = "https://n1.example.com/soap"
            [[server]]
            name = "s1"
            database = "mariadb://tessera@db1.example.com:3307/tessera_s1"
            database_password_file = "/etc/tessera/db-password"
            blobs = "/srv/s1"
            role = "standby"
            [sessions]
            key_file = "/etc/tessera/session.keys"
            [directory]
            backend = "sql"
            [directory.sql]
            database = "mariadb"
            host = "db.example.com"
            user = "dir"
            password = "inline-secret"
            name = "tessera_directory"
            tls = "verify-identity"
            ca_file = "/etc/ssl/ca.pem"
            """
        let c = try NodeConfiguration(parsing: text, environment: TestEnvironment.make())
        guard case .mariadb(let server) = c.servers[0].database else { Issue.record("not MariaDB"); return }
        #expect(server.password == "db-secret")
        #expect(server.port == 3307)
        #expect(c.servers[0].role == .standby)
        guard case .sql(let sql) = c.directory.backend, case .mariadb(let directory) = sql.location else {
            Issue.record("not the SQL directory on MariaDB")
            return
        }
        #expect(directory.password == "inline-secret")
        #expect(directory.tlsMode == .verifyIdentity)
        #expect(directory.database == "tessera_directory")
        let summary = c.summary.joined(separator: "\n")
        #expect(!summary.contains("db-secret") && !summary.contains("inline-secret"))
        #expect(summary.contains("mariadb://tessera@db1.example.com:3307/tessera_s1"))
    }

    @Test func clusterBuildsTheServiceConfiguration() throws {
        let c = try NodeConfiguration(parsing: TestEnvironment.minimalNode + """

            [cluster]
            bind = "0.0.0.0:7946"
            advertise = "10.0.0.11:7946"
            seeds = ["10.0.0.12:7946", "[fd00::13]:7946"]
            key_file = "/etc/tessera/cluster.keys"
            """, environment: TestEnvironment.make())
        let service = try #require(c.clusterServiceConfiguration(version: "0.5.0"))
        #expect(service.name == "n1")
        #expect(service.role == .node)
        #expect(service.host == "10.0.0.11")
        #expect(service.port == 7946)
        #expect(service.seeds == [MemberAddress("10.0.0.12:7946")!, MemberAddress("[fd00::13]:7946")!])
        #expect(service.keys == [Array(repeating: 9, count: 32)])
        #expect(service.metadata?.soapEndpoint == "http://n1.example.com:236/soap")
        #expect(service.metadata?.serversReachable == ["s1"])
        #expect(throws: Never.self) { _ = try ClusterService(configuration: service) }
    }

    @Test func durationsAndSizesTakeUnits() throws {
        let c = try NodeConfiguration(parsing: TestEnvironment.minimalNode + """

            [limits]
            max_body = "8MiB"
            max_header = 32768
            header_timeout = 2.5
            body_timeout = "20m30s"
            idle_timeout = "1m30s"
            """, environment: TestEnvironment.make())
        #expect(c.operations.limits.maximumBodyBytes == 8 << 20)
        #expect(c.operations.limits.maximumHeaderBytes == 32_768)
        #expect(c.operations.limits.headerTimeout == .milliseconds(2_500))
        #expect(c.operations.limits.bodyTimeout == .seconds(1_230))
        #expect(c.operations.limits.idleTimeout == .seconds(90))
    }

    static func ldapNode(_ extra: String) -> String {
        replacingDirectory("""
            backend = "ldap"
            [directory.ldap]
            uris = ["ldap://ldap.example.com"]
            base_dn = "dc=example,dc=com"
            \(extra)
            """)
    }

    static func replacingDirectory(_ directory: String) -> String {
        let text = TestEnvironment.minimalNode
        let start = text.range(of: "backend = \"sql\"")!.lowerBound
        return String(text[..<start]) + directory
    }
}
