import Foundation
import Testing
@testable import Directory

@Suite struct UnixDirectoryTests {
    func make() throws -> (UnixDirectory, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-unix-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let alice = try PasswordHash.make("alicepw", scheme: .sha512)
        let other = try PasswordHash.make("otherpw")
        try """
            root:x:0:0:root:/root:/bin/bash
            # a comment
            alice:x:1000:1000:Alice Example,,,:/home/alice:/bin/bash
            svc:x:1001:1001:Service:/var/svc:/usr/sbin/nologin
            locked:x:1002:1000::/home/locked:/bin/bash
            expired:x:1003:1000::/home/expired:/bin/bash
            inline:\(other):1004:1000::/home/inline:/bin/bash
            plain:x:1005:1000::/home/plain:/bin/bash
            broken:line
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
            """.write(toFile: "\(dir)/passwd", atomically: true, encoding: .utf8)
        try """
            root:x:0:
            alice:x:1000:
            staff:x:1500:svc,locked
            """.write(toFile: "\(dir)/group", atomically: true, encoding: .utf8)
        try """
            alice:\(alice):19000:0:99999:7:::
            svc:\(other):19000:0:99999:7:::
            locked:!\(other):19000:0:99999:7:::
            expired:\(other):19000:0:99999:7::19000:
            plain:plainpw:19000:0:99999:7:::
            """.write(toFile: "\(dir)/shadow", atomically: true, encoding: .utf8)
        var configuration = UnixConfiguration(defaultDomain: "example.test", passwdPath: "\(dir)/passwd", groupPath: "\(dir)/group", shadowPath: "\(dir)/shadow")
        configuration.homeServer = "s1"
        return (UnixDirectory(configuration: configuration), dir)
    }

    @Test func readsUsersAndGroupsInRange() async throws {
        let (directory, dir) = try make()
        defer { directory.shutdown(); try? FileManager.default.removeItem(atPath: dir) }
        let users = try await directory.users(changedSince: nil).items
        #expect(users.map(\.login) == ["alice", "svc", "locked", "expired", "inline", "plain"])
        let alice = try #require(try await directory.resolve("alice@EXAMPLE.test"))
        #expect(alice.id.rawValue == "1000")
        #expect(alice.displayName == "Alice Example")
        #expect(alice.primaryAddress == "alice@example.test")
        #expect(alice.homeServer == "s1")
        #expect(try await directory.resolve("svc")?.status == .inactive(.nonLogin))
        #expect(try await directory.resolve("root") == nil)  // below the uid range
        #expect(try await directory.resolve("*") == nil)
        #expect(try await directory.groups(changedSince: nil).items.map(\.name) == ["alice", "staff"])
        #expect(try await directory.memberIDs(ofGroup: DirectoryID("1500")!)?.map(\.rawValue) == ["1001", "1002"])
        #expect(try await directory.memberIDs(ofGroup: DirectoryID("1000")!)?.count == 5)  // primary group
    }

    @Test func authenticatesWithCrypt() async throws {
        let (directory, dir) = try make()
        defer { directory.shutdown(); try? FileManager.default.removeItem(atPath: dir) }
        #expect(await directory.authenticate(login: "alice", password: "alicepw").user?.login == "alice")
        #expect(await directory.authenticate(login: "alice", password: "wrong") == .wrongPassword)
        #expect(await directory.authenticate(login: "alice", password: "") == .wrongPassword)
        #expect(await directory.authenticate(login: "svc", password: "otherpw") == .inactive(.nonLogin))
        #expect(await directory.authenticate(login: "locked", password: "otherpw") == .inactive(.locked))
        #expect(await directory.authenticate(login: "locked", password: "wrong") == .wrongPassword)
        #expect(await directory.authenticate(login: "expired", password: "otherpw") == .inactive(.expired))
        #expect(await directory.authenticate(login: "inline", password: "otherpw").user != nil)
        #expect(await directory.authenticate(login: "plain", password: "plainpw") == .wrongPassword)  // never plain
        #expect(await directory.authenticate(login: "root", password: "x") == .unknownUser)
        try FileManager.default.removeItem(atPath: "\(dir)/shadow")
        guard case .unavailable = await directory.authenticate(login: "alice", password: "alicepw") else {
            Issue.record("an unreadable shadow file is 'unavailable'")
            return
        }
    }
}
