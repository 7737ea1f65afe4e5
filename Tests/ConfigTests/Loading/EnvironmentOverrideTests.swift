import Cluster
import Config
import Directory
import Testing

/// `TESSERA_<PATH>` variables override any key; their problems name the variable.
@Suite struct EnvironmentOverrideTests {
    static func node(_ variables: [String: String], _ text: String = TestEnvironment.minimalNode) throws -> NodeConfiguration {
        try NodeConfiguration(parsing: text, environment: TestEnvironment.make(variables))
    }

    @Test func overridesKeysOfEveryKind() throws {
        let c = try Self.node([
            "TESSERA_NODE__LISTEN": "127.0.0.1:8236",                 // a bare string
            "TESSERA_NODE__NAME": "\"n2\"",                            // a quoted one
            "TESSERA_SERVER__0__ROLE": "standby",                      // an element of [[server]]
            "TESSERA_SERVER__0__MAX_CONNECTIONS": "32",                // an integer
            "TESSERA_DIRECTORY__CACHE__TTL": "\"90s\"",                // a duration string
            "TESSERA_DIRECTORY__CACHE__STALE_AUTHENTICATION": "true",  // a boolean
            "TESSERA_PROVISIONING__MAX_ORPHAN_SHARE": "0.5",           // a float
            "TESSERA_WRITE_DOCS": "1",                                 // not an override: left alone
        ])
        #expect(c.node.listen == HostPort(host: "127.0.0.1", port: 8236))
        #expect(c.node.name == "n2")
        #expect(c.servers[0].role == .standby)
        #expect(c.servers[0].maximumConnections == 32)
        #expect(c.directory.cache.timeToLive == 90)
        #expect(c.directory.cache.staleAuthentication)
        #expect(c.provisioning.maximumOrphanShare == 0.5)
    }

    @Test func createsTablesAndTakesCommaSeparatedLists() throws {
        let c = try Self.node([
            "TESSERA_CLUSTER__BIND": "10.0.0.11:7946",
            "TESSERA_CLUSTER__SEEDS": "10.0.0.12:7946, 10.0.0.13:7946",
            "TESSERA_CLUSTER__KEY_FILE": "/etc/tessera/cluster.keys",
        ])
        #expect(c.cluster?.seeds == [MemberAddress("10.0.0.12:7946")!, MemberAddress("10.0.0.13:7946")!])
        let tomlArray = try Self.node([
            "TESSERA_CLUSTER__BIND": "10.0.0.11:7946", "TESSERA_CLUSTER__SEEDS": #"["10.0.0.12:7946"]"#,
            "TESSERA_CLUSTER__KEY_FILE": "/etc/tessera/cluster.keys",
        ])
        #expect(tomlArray.cluster?.seeds.count == 1)
    }

    @Test func secretsAndTheirFilesReplaceEachOther() throws {
        let file = NodeConfigurationTests.ldapNode("bind = \"simple\"\nbind_dn = \"cn=svc,dc=example,dc=com\"\nbind_password_file = \"/etc/tessera/ldap-password\"")
        let inline = try Self.node(["TESSERA_DIRECTORY__LDAP__BIND_PASSWORD": "from-env"], file)
        guard case .ldap(let ldap) = inline.directory.backend else { Issue.record("not LDAP"); return }
        #expect(ldap.bind == .simple(dn: "cn=svc,dc=example,dc=com", password: "from-env"))
        let inlineFile = NodeConfigurationTests.ldapNode("bind = \"simple\"\nbind_dn = \"cn=svc,dc=example,dc=com\"\nbind_password = \"inline\"")
        let fromFile = try Self.node(["TESSERA_DIRECTORY__LDAP__BIND_PASSWORD_FILE": "/etc/tessera/ldap-password"], inlineFile)
        guard case .ldap(let ldap2) = fromFile.directory.backend else { Issue.record("not LDAP"); return }
        #expect(ldap2.bind == .simple(dn: "cn=svc,dc=example,dc=com", password: "ldap-secret"))
    }

    @Test func camelCaseAttributeKeysMatchUpperCasedVariables() throws {
        let c = try Self.node(["TESSERA_DIRECTORY__LDAP__ATTRIBUTES__HOMESERVERATTRIBUTE": "mailHost"], NodeConfigurationTests.ldapNode(""))
        guard case .ldap(let ldap) = c.directory.backend else { Issue.record("not LDAP"); return }
        #expect(ldap.attributes[.homeServerAttribute] == "mailHost")
    }

    @Test func problemsNameTheVariable() {
        let lines = TestEnvironment.nodeProblems(TestEnvironment.minimalNode, [
            "TESSERA_NODE__LISTN": "1.2.3.4:5",
            "TESSERA_NODE_LISTEN": "1.2.3.4:5",
            "TESSERA_NODE__LISTEN": "no-port",
            "TESSERA_SERVER__3__NAME": "s9",
            "TESSERA_SERVER__NAME": "s9",
            "TESSERA_LIMITS__MAX_BODY": "[1",
            "TESSERA_LOGON__WINDOW": "true",
            "TESSERA_NODE__NAME__X": "y",
            "TESSERA_ROUTER__MODE": "proxy",
        ])
        #expect(lines == [
            #"TESSERA_LIMITS__MAX_BODY: limits.max_body: not a TOML value (unexpected end of input in an array (expected , or ]))"#,
            #"TESSERA_LOGON__WINDOW: logon.window: expected a duration (seconds, or a string like "30s", "5m", "8h"), found a boolean"#,
            #"TESSERA_NODE_LISTEN: node: not read: parts of the key path are separated by two underscores (TESSERA_NODE__LISTEN)"#,
            #"TESSERA_NODE__LISTEN: node.listen: "no-port": expected HOST:PORT, e.g. 0.0.0.0:236"#,
            #"TESSERA_NODE__LISTN: node.listn: no such key; did you mean node.listen?"#,
            #"TESSERA_NODE__NAME__X: node.name: node.name is not a table; no key lies below it"#,
            #"TESSERA_ROUTER__MODE: router: no such key"#,
            #"TESSERA_SERVER__3__NAME: server[3].name: server[3] is not in the file: environment variables change the elements of [[server]], they do not add any"#,
            #"TESSERA_SERVER__NAME: server: server is an array of tables: the next part is an element number, e.g. TESSERA_SERVER__0__…"#,
        ])
    }
}
