import Cluster
import Config
import Directory
import Testing

/// A router's file: its own tables plus the shared cluster, directory and operations ones.
@Suite struct RouterConfigurationTests {
    @Test func minimalFileTakesTheDefaults() throws {
        let c = try RouterConfiguration(parsing: TestEnvironment.minimalRouter, environment: TestEnvironment.make())
        #expect(c.router.name == "r1")
        #expect(c.router.listen == HostPort(host: "0.0.0.0", port: 236))
        #expect(c.router.mode == .proxy)
        #expect(c.upstream.poolSize == 16)
        #expect(c.upstream.connectTimeout == .seconds(5))
        #expect(c.upstream.responseTimeout == .seconds(150))
        #expect(c.upstream.caFile == nil)
        #expect(c.cluster.bind == MemberAddress("10.0.0.21:7946"))
        let service = c.clusterServiceConfiguration()
        #expect(service.role == .router)
        #expect(service.host == "10.0.0.21")
        guard case .unix(let unix) = c.directory.backend else { Issue.record("not Unix"); return }
        #expect(unix.defaultDomain == "example.com")
        #expect(c.summary.first == "router     r1, listening on 0.0.0.0:236, mode proxy")
    }

    @Test func responseTimeoutOutlastsLongPolls() {
        do {
            _ = try RouterConfiguration(parsing: TestEnvironment.minimalRouter + "\n[upstream]\nresponse_timeout = \"2m\"", environment: TestEnvironment.make())
            Issue.record("accepted")
        } catch {
            #expect(error.lines(file: "router.toml") == [
                "router.toml:14:20: upstream.response_timeout: must be above 120s: a node holds a GetNotifications long poll up to 120s",
            ])
        }
    }

    @Test func routerKeysInANodeFileAreUnknown() {
        #expect(TestEnvironment.nodeProblems(TestEnvironment.minimalNode + "\n[upstream]\npool_size = 4").first
            == "node.toml:18:2: upstream: unknown table or key (known: node, server, sessions, logon, cluster, directory, provisioning, failover, limits, metrics, health, log)")
        #expect(TestEnvironment.nodeProblems(TestEnvironment.minimalNode.replacingOccurrences(of: "[sessions]", with: "[sessions]\nlisten = \"0.0.0.0:1\"")).first
            == "node.toml:11:1: sessions.listen: unknown key; listen is a key of [node]")
    }
}
