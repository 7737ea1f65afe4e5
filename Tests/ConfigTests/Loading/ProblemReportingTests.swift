import Config
import Testing

/// Every problem of a file is reported at once, each with its key path, its line and what
/// was expected.
@Suite struct ProblemReportingTests {
    @Test func everyProblemAtOnce() {
        let lines = TestEnvironment.nodeProblems("""
            [node]
            name = "n 1"
            listen = "0.0.0.0:99999"
            advertise_url = "ftp://n1/soap"
            lisen = "x"

            [[server]]
            name = "s1"
            database = "postgres://x"
            blobs = "/b"
            role = "serv"

            [[server]]
            name = "s2"
            database = "sqlite:/s2"
            blobs = "/b2"
            database_password = "x"
            max_connections = "8"

            [sessions]
            key_file = "/missing/session.keys"
            lifetime = "forever"
            clock_skew = "2h"

            [directory]
            backend = "ldap"

            [directory.ldap]
            uris = ["ldap://x"]
            base_dn = "dc=example,dc=com"
            bind = "simple"
            bind_password = "p"
            bind_password_file = "/etc/tessera/ldap-password"

            [directory.sql]
            path = "/x"

            [limits]
            max_body = 12

            [metrics]
            path = "/health"

            [tracing]
            enabled = true
            """)
        #expect(lines == [
            #"node.toml:2:8: node.name: "n 1" is not a name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"#,
            #"node.toml:3:10: node.listen: "0.0.0.0:99999": the port must be a number from 0 to 65535"#,
            #"node.toml:4:17: node.advertise_url: "ftp://n1/soap" is not an http:// or https:// URL with a host"#,
            #"node.toml:5:1: node.lisen: unknown key; did you mean listen?"#,
            #"node.toml:9:12: server[0].database: a database location starts with sqlite: or mariadb://"#,
            #"node.toml:11:8: server[0].role: must be one of "serve", "standby", not "serv"; did you mean "serve"?"#,
            #"node.toml:18:19: server[1].max_connections: expected an integer, found a string"#,
            #"node.toml:21:12: sessions.key_file: cannot read /missing/session.keys: No such file or directory"#,
            #"node.toml:22:12: sessions.lifetime: "forever" is not a duration: write seconds (30), or a number with a unit (250ms, 30s, 5m, 8h, 1d)"#,
            #"node.toml:23:14: sessions.clock_skew: must be from 0s to 10m, not 2h"#,
            #"node.toml:28:1: directory.ldap.bind_dn: missing: bind = "simple" needs bind_dn"#,
            #"node.toml:32:1: directory.ldap.bind_password: give either bind_password or bind_password_file, not both"#,
            #"node.toml:35:1: directory.sql: [directory.sql] is set but backend is "ldap""#,
            #"node.toml:39:12: limits.max_body: must be from 1 KiB to 1 GiB, not 12 B"#,
            #"node.toml:42:8: metrics.path: /health is also health.path"#,
            #"node.toml:44:2: tracing: unknown table or key (known: node, server, sessions, logon, cluster, directory, provisioning, failover, limits, metrics, health, log)"#,
        ])
    }

    @Test func missingTablesAndKeys() {
        #expect(TestEnvironment.nodeProblems("[node]\nname = \"n1\"\n") == [
            "node.toml:1:1: node.advertise_url: missing required key",
            "node.toml: directory: missing required table [directory]",
            "node.toml: server: missing: at least one [[server]] table is required",
            "node.toml: sessions: missing required table [sessions]",
        ])
        #expect(TestEnvironment.nodeProblems("") .contains("node.toml: node: missing required table [node]"))
    }

    @Test func wrongShapes() {
        let lines = TestEnvironment.nodeProblems(TestEnvironment.minimalNode + """

            [cluster]
            bind = "node1.example.com:7946"
            seeds = "10.0.0.1:7946"
            key_file = 42

            [logon]
            window = -5
            """)
        #expect(lines == [
            #"node.toml:19:8: cluster.bind: "node1.example.com:7946" is not IP:PORT (cluster addresses are IP literals, not host names), e.g. 10.0.0.5:7946 or [fd00::5]:7946"#,
            #"node.toml:20:9: cluster.seeds: expected an array of IP:port, found a string"#,
            #"node.toml:21:12: cluster.key_file: expected the path of a key file (string), found an integer"#,
            #"node.toml:24:10: logon.window: must be from 1s to 24h, not -5s"#,
        ])
    }

    @Test func keyFilesAreCheckedWithoutEchoingKeys() {
        let environment = TestEnvironment.make(files: ["/k/short.keys": "c2hvcnQ=\n", "/k/garbage.keys": "\n# c\nnot base64!\n", "/k/empty.keys": "# none\n"])
        for (path, message) in [
            ("/k/short.keys", "the key on line 1 of /k/short.keys has 5 bytes; keys need at least 32 bytes"),
            ("/k/garbage.keys", "line 3 of /k/garbage.keys is not base64"),
            ("/k/empty.keys", "/k/empty.keys holds no key"),
        ] {
            let text = TestEnvironment.minimalNode.replacingOccurrences(of: "/etc/tessera/session.keys", with: path)
            do {
                _ = try NodeConfiguration(parsing: text, environment: environment)
                Issue.record("accepted \(path)")
            } catch {
                #expect(error.problems.map(\.message) == [message])
                #expect(error.problems.first?.kind == .unreadableFile)
            }
        }
    }

    @Test func conflictsBetweenKeys() {
        let duplicate = TestEnvironment.minimalNode.replacingOccurrences(of: "[sessions]", with: """
            [[server]]
            name = "s1"
            database = "sqlite:/var/lib/tessera/s1.sqlite"
            blobs = "/other"

            [sessions]
            """)
        #expect(TestEnvironment.nodeProblems(duplicate) == [
            "node.toml:11:8: server[1].name: server[0] has the same name",
            "node.toml:12:12: server[1].database: server[0] has the same database",
        ])
        let wildcard = TestEnvironment.minimalNode + "\n[cluster]\nkey_file = \"/etc/tessera/cluster.keys\""
        #expect(TestEnvironment.nodeProblems(wildcard) == [
            "node.toml:18:1: cluster.advertise: required because bind 0.0.0.0:7946 is a wildcard address other members cannot reach",
        ])
        let url = TestEnvironment.minimalNode.replacingOccurrences(
            of: "database = \"sqlite:/var/lib/tessera/s1.sqlite\"",
            with: "database = \"mariadb://u:pw@db/s1\"\ndatabase_password = \"again\"")
        #expect(TestEnvironment.nodeProblems(url) == [
            "node.toml:8:21: server[0].database_password: the database URL already holds a password; give it in one place",
        ])
    }

    @Test func syntaxErrorsCarryTheirPosition() {
        #expect(TestEnvironment.nodeProblems("[node]\nname = \"n1\nlisten = 1") == [
            "node.toml:2:11: unterminated string (opened at column 8; basic strings end on their line)",
        ])
        #expect(TestEnvironment.nodeProblems("[node]\n[node]") == ["node.toml:2:2: node: table [node] is defined twice (first at line 1)"])
    }

    @Test func secretsAreNeverPrinted() throws {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        let lines = TestEnvironment.nodeProblems(NodeConfigurationTests.ldapNode("bind = \"anonymous\"\nbind_password = \"hunter2\""))
        #expect(lines == ["node.toml:19:17: directory.ldap.bind_password: only used with bind = \"simple\" (bind is \"anonymous\")"])
        #expect(!lines.joined().contains("hunter2"))
    }
}
