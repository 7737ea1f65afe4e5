import Config
import Testing

/// `[log]`: the level and where records go (`target`, `journal_socket`).
@Suite struct LogSectionTests {
    static func node(_ log: String, _ variables: [String: String] = [:]) -> ConfigCheckReport {
        ConfigCheck.run(
            file: "t.toml", contents: Array((TestEnvironment.minimalNode + "\n[log]\n" + log).utf8), role: nil,
            environment: TestEnvironment.make(variables))
    }

    @Test func theDefaultsAreAutoAndJournaldsSocket() throws {
        let c = try NodeConfiguration(parsing: TestEnvironment.minimalNode, environment: TestEnvironment.make())
        #expect(c.operations.log.target == .auto)
        #expect(c.operations.log.journalSocket == "/run/systemd/journal/socket")
        let r = try RouterConfiguration(parsing: TestEnvironment.minimalRouter + "\n[log]\ntarget = \"journal\"\n", environment: TestEnvironment.make())
        #expect(r.operations.log.target == .journal)
    }

    @Test func aBadTargetIsExplained() {
        let report = Self.node("target = \"syslog\"\n")
        #expect(!report.isValid)
        #expect(report.lines.contains { $0.contains("log.target") && $0.contains("\"auto\"") && $0.contains("\"journal\"") && $0.contains("\"stderr\"") },
                "\(report.lines)")
        let relative = Self.node("journal_socket = \"run/journal.sock\"\n")
        #expect(relative.lines.contains { $0.contains("log.journal_socket") && $0.contains("absolute path") }, "\(relative.lines)")
    }

    @Test func theEnvironmentOverridesTheTarget() throws {
        let c = try NodeConfiguration(
            parsing: TestEnvironment.minimalNode, environment: TestEnvironment.make(["TESSERA_LOG__TARGET": "journal"]))
        #expect(c.operations.log.target == .journal)
        let bad = Self.node("", ["TESSERA_LOG__TARGET": "files"])
        #expect(bad.lines.contains { $0.contains("TESSERA_LOG__TARGET") }, "\(bad.lines)")
        // One underscore is not the override rule; the check says which variable was meant.
        let misspelt = Self.node("", ["TESSERA_LOG_TARGET": "journal"])
        #expect(misspelt.lines.contains { $0.contains("TESSERA_LOG_TARGET") && $0.contains("TESSERA_LOG__TARGET") }, "\(misspelt.lines)")
    }
}
