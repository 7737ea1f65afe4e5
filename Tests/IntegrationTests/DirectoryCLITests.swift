import Database
import Directory
import Foundation
import Testing

/// `tessera directory …` run as a process against a temporary SQLite file, then read back
/// through the SQL plugin.
@Suite struct DirectoryCLITests {
    @Test func managesUsersGroupsAndServers() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-directory-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("directory.sqlite").path
        let database = ["--database", "sqlite:\(path)"]
        var everything = ""
        func tessera(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
            let (status, output, errors) = try TesseraProcess.run(["directory"] + arguments + database, input: input)
            everything += output + errors
            return (status, output + errors)
        }
        func succeeds(_ arguments: [String], input: String = "") throws {
            let (status, output) = try tessera(arguments, input: input)
            #expect(status == 0, "tessera directory \(arguments.joined(separator: " ")): \(output)")
        }

        try succeeds(["user", "add", "alice", "--name", "Alice Liddell", "--email", "alice@example.test", "--alias", "a@example.test",
                      "--home-server", "s1", "--admin", "company"], input: "First-Secret-1\n")
        try succeeds(["user", "add", "bob", "--email", "bob@example.test", "--home-server", "s2"], input: "Bob-Secret-2\n")
        try succeeds(["user", "add", "shared", "--shared-store", "--no-password"])
        try succeeds(["group", "add", "staff", "--email", "staff@example.test"])
        try succeeds(["group", "add", "everyone"])
        try succeeds(["group", "member", "add", "staff", "--user", "alice"])
        try succeeds(["group", "member", "add", "everyone", "--group", "staff"])
        try succeeds(["group", "member", "add", "everyone", "--user", "bob"])
        try succeeds(["server", "add", "s1", "--address", "node1.example.test", "--http-port", "236", "--ssl-port", "237", "--public"])
        try succeeds(["server", "add", "s2", "--address", "node2.example.test", "--http-port", "236"])
        try succeeds(["user", "passwd", "alice"], input: "Second-Secret-3\n")
        try succeeds(["user", "disable", "bob"])

        let (status, listing) = try tessera(["user", "list"])
        #expect(status == 0)
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let aliceLine = try #require(lines.first { $0.hasPrefix("alice\t") })
        #expect(aliceLine.contains("Alice Liddell") && aliceLine.contains("alice@example.test,a@example.test") && aliceLine.contains("home=s1"))
        #expect(lines.contains { $0.hasPrefix("bob\t") && $0.contains("inactive(disabled)") })
        #expect(lines.contains { $0.hasPrefix("shared\t") && $0.contains("inactive(sharedStore)") })

        // Refused: an empty password, a taken login, a member that does not exist, a password on the command line.
        #expect(try tessera(["user", "add", "carol"], input: "\n").status != 0)
        #expect(try tessera(["user", "add", "alice"], input: "Other-Secret-4\n").status != 0)
        #expect(try tessera(["group", "member", "add", "staff", "--user", "nobody"]).status != 0)
        #expect(try tessera(["user", "add", "dave", "--password", "Argv-Secret-5"]).status != 0)

        for secret in ["First-Secret-1", "Bob-Secret-2", "Second-Secret-3", "Other-Secret-4"] {
            #expect(!everything.contains(secret), "the CLI printed a password")
        }

        // What the CLI wrote, read back through the plugin.
        let pool = DatabasePool.sqlite(SQLiteConfiguration(path: path), maximumConnections: 1)
        defer { pool.close() }
        let directory = try await SQLDirectory(pool: pool)
        defer { directory.shutdown() }
        let alice = try #require(await directory.authenticate(login: "alice", password: "Second-Secret-3").user)
        #expect(alice.adminLevel == .companyAdmin)
        #expect(alice.aliases == ["a@example.test"])
        #expect(await directory.authenticate(login: "alice", password: "First-Secret-1") == .wrongPassword)
        #expect(await directory.authenticate(login: "bob", password: "Bob-Secret-2") == .inactive(.disabled))
        #expect(try await directory.resolve("carol") == nil)
        #expect(try await directory.resolve("dave") == nil)
        let groups = try await directory.groups(changedSince: nil).items
        let everyone = try #require(groups.first { $0.name == "everyone" })
        let bob = try #require(try await directory.resolve("bob"))
        #expect(try await directory.memberIDs(ofGroup: everyone.id) == [alice.id, bob.id].sorted())
        #expect(try await directory.server(named: "s1")?.soapURL == "https://node1.example.test:237/soap")
        #expect(try await directory.servers().map(\.name) == ["s1", "s2"])
    }
}
