import Config
import Testing

/// What `tessera config check` prints: a summary, or every problem and a count.
@Suite struct ConfigCheckTests {
    static func check(_ text: String, role: ProcessRole? = nil, _ variables: [String: String] = [:]) -> ConfigCheckReport {
        ConfigCheck.run(file: "t.toml", contents: Array(text.utf8), role: role, environment: TestEnvironment.make(variables))
    }

    @Test func validNodeFile() {
        let report = Self.check(TestEnvironment.minimalNode)
        #expect(report.isValid)
        #expect(report.role == .node)
        #expect(report.lines == [
            "t.toml: ok (node configuration)",
            "  node       n1, listening on 0.0.0.0:236, advertised as http://n1.example.com:236/soap",
            "  server     s1 (serve): sqlite:/var/lib/tessera/s1.sqlite, blobs /var/lib/tessera/s1-blobs",
            "  sessions   2 keys from /etc/tessera/session.keys, tokens valid 8h",
            "  cluster    none (single node)",
            "  directory  sql sqlite:/var/lib/tessera/directory.sqlite",
        ])
    }

    @Test func validRouterFile() {
        let report = Self.check(TestEnvironment.minimalRouter)
        #expect(report.isValid)
        #expect(report.role == .router)
        #expect(report.lines.first == "t.toml: ok (router configuration)")
    }

    @Test func problemsAndTheirCount() {
        let report = Self.check("[node]\nname = \"n1\"\nadvertise_url = 3\n")
        #expect(!report.isValid)
        #expect(report.lines.first == "t.toml:3:17: node.advertise_url: expected an http:// or https:// URL, found an integer")
        #expect(report.lines.last == "t.toml: 4 problems")
    }

    @Test func roleFromTheFileOrTheCommandLine() {
        #expect(Self.check("a = 1").lines == [
            "t.toml: the file has neither a [node] nor a [router] table, so its role is unknown; give --role node or --role router",
            "t.toml: 1 problem",
        ])
        #expect(Self.check("[node]\n[router]").lines.first == "t.toml: the file has both [node] and [router]; give --role node or --role router")
        let forced = Self.check(TestEnvironment.minimalNode, role: .router)
        #expect(forced.role == .router)
        #expect(forced.lines.contains("t.toml: router: missing required table [router]"))
    }

    @Test func syntaxAndEncodingErrors() {
        #expect(Self.check("[node\n").lines.first == "t.toml:1:6: unexpected end of line in a table header (expected ])")
        let bytes: [UInt8] = Array("[node]\nname = \"".utf8) + [0xFF] + Array("\"".utf8)
        let report = ConfigCheck.run(file: "t.toml", contents: bytes, role: nil, environment: TestEnvironment.make())
        #expect(report.lines.first == "t.toml:2:9: the input is not valid UTF-8")
    }
}
