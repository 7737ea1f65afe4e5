import Directory
import Foundation
import MAPI
import SOAP
import Testing

@testable import Node

@Suite("Session revocations") struct RevocationTests {
    static func id(_ n: UInt8) -> SessionToken.ID { SessionToken.ID(bytes: [UInt8](repeating: n, count: 16))! }
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theCacheKeepsRevocationsUntilExpiryAndDenialsBriefly() {
        var cache = RevocationCache(policy: .init(notRevokedLifetime: 1))
        let id = Self.id(1)
        #expect(cache.answer(id, now: t0) == nil)
        cache.recordNotRevoked(id, now: t0)
        #expect(cache.answer(id, now: t0.addingTimeInterval(0.9)) == false)
        #expect(cache.answer(id, now: t0.addingTimeInterval(1)) == nil)  // ask the database again
        cache.recordRevoked(id, expiresAt: t0.addingTimeInterval(3600))
        #expect(cache.answer(id, now: t0.addingTimeInterval(0.5)) == true)  // replaces the denial at once
        cache.recordNotRevoked(id, now: t0)  // a late reader cannot undo it
        #expect(cache.answer(id, now: t0.addingTimeInterval(3599)) == true)
        #expect(cache.answer(id, now: t0.addingTimeInterval(3600)) == nil)
        var uncached = RevocationCache(policy: .init(notRevokedLifetime: 0))
        uncached.recordNotRevoked(id, now: t0)
        #expect(uncached.answer(id, now: t0) == nil)
    }

    @Test func generationsBoundTheCache() {
        var map = GenerationalMap<Int, Int>(capacity: 100)
        for n in 0..<10_000 { map.insert(n, for: n) }
        #expect(map.count <= 100)
        #expect(map[9_999] == 9_999 && map[0] == nil)
        map.remove(9_999)
        #expect(map[9_999] == nil)
    }

    /// A server database, threads for its calls, and a clock the test sets.
    final class Rig {
        let fixture: StoreFixture
        let executor = BlockingExecutor(name: "test-revocations", threadCount: 2)
        let now: TestClock

        init(_ backend: Backend, at start: Date) throws {
            fixture = try StoreFixture(backend)
            now = TestClock(start)
        }

        deinit { executor.shutdown() }

        /// Revocations over `engine` (default: the fixture's owning engine).
        func revocations(_ engine: StoreEngine? = nil, policy: RevocationPolicy = .init()) -> ServerRevocations {
            ServerRevocations(engine: engine ?? fixture.engine, executor: executor, policy: policy, clock: now.read)
        }

        func rows() throws -> Int64 { try fixture.sql("SELECT COUNT(*) FROM session_revocations")[0].integer(0) }
    }

    @Test(arguments: Backend.enabled)
    func revokedTokensAreFoundByEveryReaderAndPrunedAfterExpiry(_ backend: Backend) async throws {
        let rig = try Rig(backend, at: t0)
        let revocations = rig.revocations()
        try await revocations.revoke(Self.id(1), expiresAt: t0.addingTimeInterval(3600))
        try await revocations.revoke(Self.id(1), expiresAt: t0.addingTimeInterval(3600))  // twice is harmless
        try await revocations.revoke(Self.id(2), expiresAt: t0.addingTimeInterval(60))
        #expect(try await revocations.isRevoked(Self.id(1)))
        #expect(try await !revocations.isRevoked(Self.id(3)))

        // Another node reads them from the database without owning the server.
        let other = rig.revocations(try rig.fixture.secondEngine(node: "n2"))
        #expect(try await other.isRevoked(Self.id(1)))
        #expect(try await other.isRevoked(Self.id(2)))
        #expect(try await !other.isRevoked(Self.id(3)))
        // ...but cannot write: revoking is fenced like every write.
        await #expect { try await other.revoke(Self.id(4), expiresAt: t0.addingTimeInterval(60)) } throws: {
            ($0 as? MAPIError)?.code == .fenced
        }

        // Expired entries go: token 2 expired at t0 + 60.
        rig.now.set(t0.addingTimeInterval(61))
        #expect(try await revocations.pruneExpired() == 1)
        #expect(try rig.rows() == 1)
        #expect(try await rig.revocations().isRevoked(Self.id(1)))
    }

    /// A revocation written by another node (around a takeover) is seen here once this node's
    /// "not revoked" answer is older than its lifetime.
    @Test(arguments: Backend.enabled)
    func anotherNodesRevocationIsSeenWithinTheBound(_ backend: Backend) async throws {
        let rig = try Rig(backend, at: t0)
        let here = rig.revocations(policy: .init(notRevokedLifetime: 1))
        #expect(try await !here.isRevoked(Self.id(5)))

        let successor = try rig.fixture.secondEngine(node: "n2")
        try successor.claimOwnership()
        try await rig.revocations(successor).revoke(Self.id(5), expiresAt: t0.addingTimeInterval(600))
        #expect(try await !here.isRevoked(Self.id(5)))  // the cached answer, within its second
        rig.now.set(t0.addingTimeInterval(1))
        #expect(try await here.isRevoked(Self.id(5)))
    }

    @Test(arguments: Backend.enabled)
    func revokingPrunesNowAndThen(_ backend: Backend) async throws {
        let rig = try Rig(backend, at: t0)
        let revocations = rig.revocations(policy: .init(pruneInterval: 600))
        for n: UInt8 in 1...3 { try await revocations.revoke(Self.id(n), expiresAt: t0.addingTimeInterval(10)) }
        rig.now.set(t0.addingTimeInterval(300))
        try await revocations.revoke(Self.id(4), expiresAt: t0.addingTimeInterval(3600))  // within the interval: no pruning
        #expect(try rig.rows() == 4)
        rig.now.set(t0.addingTimeInterval(601))
        try await revocations.revoke(Self.id(5), expiresAt: t0.addingTimeInterval(3600))
        #expect(try rig.rows() == 2)
    }
}
