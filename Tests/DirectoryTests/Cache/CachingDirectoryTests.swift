import Foundation
import Testing
@testable import Directory

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    // @unchecked: `time` is guarded by `lock`.
    private let lock = NSLock()
    private var time = 1000.0
    func advance(_ seconds: Double) { lock.lock(); time += seconds; lock.unlock() }
    var clock: CacheClock { CacheClock { [self] in lock.lock(); defer { lock.unlock() }; return time } }
}

/// A scripted backend that counts its calls.
actor FakeDirectory: UserDirectory {
    var users: [String: DirectoryUser] = [:]
    var passwords: [String: String] = [:]
    var failure: DirectoryError?
    var delay: Duration = .zero
    private(set) var calls = 0

    func set(failure: DirectoryError?) { self.failure = failure }
    func set(delay: Duration) { self.delay = delay }
    func add(_ user: DirectoryUser, password: String) {
        users[user.login] = user
        passwords[user.login] = password
    }

    func authenticate(login: String, password: String) async -> AuthenticationResult {
        calls += 1
        if let failure { return .unavailable(failure) }
        guard let user = users[login] else { return .unknownUser }
        return passwords[login] == password ? .success(user) : .wrongPassword
    }

    func resolve(_ name: String) async throws -> DirectoryUser? {
        calls += 1
        if delay > .zero { try await Task.sleep(for: delay) }
        if let failure { throw failure }
        return users[name]
    }

    func user(id: DirectoryID) async throws -> DirectoryUser? {
        calls += 1
        if let failure { throw failure }
        return users.values.first { $0.id == id }
    }

    func users(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryUser> {
        DirectoryListing(items: Array(users.values), cursor: nil)
    }
    func groups(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryGroup> { .init(items: [], cursor: nil) }
    func group(id: DirectoryID) async throws -> DirectoryGroup? { nil }
    func memberIDs(ofGroup id: DirectoryID) async throws -> [DirectoryID]? { nil }
    func servers() async throws -> [DirectoryServer] {
        calls += 1
        if let failure { throw failure }
        return [DirectoryServer(name: "s1")]
    }
    func companies() async throws -> [Company] { [] }
}

@Suite struct CachingDirectoryTests {
    let alice = DirectoryUser(id: DirectoryID("1")!, login: "alice", homeServer: "s1")
    let down = DirectoryError(.unavailable, "connection refused")

    func make(_ policy: DirectoryCachePolicy = .init()) async -> (FakeDirectory, CachingDirectory, ManualClock) {
        let backend = FakeDirectory()
        await backend.add(alice, password: "pw")
        let clock = ManualClock()
        return (backend, CachingDirectory(backend: backend, policy: policy, clock: clock.clock), clock)
    }

    @Test func servesFreshAnswersThenAsksAgainAfterTheTimeToLive() async throws {
        let (backend, cache, clock) = await make(.init(timeToLive: 10))
        #expect(try await cache.resolve("alice") == alice)
        #expect(try await cache.resolve("ALICE") == alice)  // keys are case-insensitive
        #expect(await backend.calls == 1)
        clock.advance(11)
        #expect(try await cache.resolve("alice") == alice)
        #expect(await backend.calls == 2)
        #expect(await cache.metrics.hits == 1)
    }

    @Test func cachesNegativeAnswersForTheirOwnTime() async throws {
        let (backend, cache, clock) = await make(.init(timeToLive: 100, negativeTimeToLive: 5))
        #expect(try await cache.resolve("nobody") == nil)
        #expect(try await cache.resolve("nobody") == nil)
        #expect(await backend.calls == 1)
        clock.advance(6)
        #expect(try await cache.resolve("nobody") == nil)
        #expect(await backend.calls == 2)
    }

    @Test func concurrentLookupsOfOneKeyCostOneRequest() async throws {
        let (backend, cache, _) = await make()
        await backend.set(delay: .milliseconds(100))
        let results = try await withThrowingTaskGroup(of: DirectoryUser?.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.resolve("alice") } }
            return try await group.reduce(into: [DirectoryUser?]()) { $0.append($1) }
        }
        #expect(results.count == 50)
        #expect(results.allSatisfy { $0 == alice })
        #expect(await backend.calls == 1)
        #expect(await cache.metrics.coalesced == 49)
    }

    @Test func answersStaleOnlyWhileUnreachableAndOnlyForSeenKeys() async throws {
        let (backend, cache, clock) = await make(.init(timeToLive: 10, staleTimeToLive: 100))
        #expect(try await cache.resolve("alice") == alice)
        #expect(try await cache.servers().count == 1)
        await backend.set(failure: down)
        clock.advance(20)
        #expect(try await cache.resolve("alice") == alice)  // stale, counted
        #expect(try await cache.servers().count == 1)
        #expect(await cache.metrics.staleAnswers == 2)
        await #expect(throws: DirectoryError.self) { try await cache.resolve("bob") }  // never seen
        await #expect(throws: DirectoryError.self) { try await cache.user(id: DirectoryID("1")!) }  // other key
        clock.advance(100)
        await #expect(throws: DirectoryError.self) { try await cache.resolve("alice") }  // too old

        // An answer that is not "unreachable" is never papered over.
        let (backend2, cache2, clock2) = await make(.init(timeToLive: 10))
        _ = try await cache2.resolve("alice")
        await backend2.set(failure: DirectoryError(.configuration, "bad filter"))
        clock2.advance(20)
        await #expect(throws: DirectoryError.self) { try await cache2.resolve("alice") }
    }

    @Test func authenticationNeverComesFromTheCacheByDefault() async throws {
        let (backend, cache, _) = await make()
        #expect(await cache.authenticate(login: "alice", password: "pw").user == alice)
        await backend.set(failure: down)
        guard case .unavailable = await cache.authenticate(login: "alice", password: "pw") else {
            Issue.record("stale authentication must be opted into")
            return
        }
        #expect(await cache.metrics.staleAuthentications == 0)
    }

    @Test func staleAuthenticationWhenConfigured() async throws {
        let (backend, cache, clock) = await make(.init(staleTimeToLive: 60, staleAuthentication: true))
        #expect(await cache.authenticate(login: "alice", password: "pw").user == alice)
        await backend.set(failure: down)
        #expect(await cache.authenticate(login: "alice", password: "pw").user == alice)
        #expect(await cache.metrics.staleAuthentications == 1)
        if case .success = await cache.authenticate(login: "alice", password: "other") { Issue.record("wrong password accepted from cache") }
        if case .success = await cache.authenticate(login: "bob", password: "pw") { Issue.record("unseen login accepted from cache") }
        clock.advance(61)
        if case .success = await cache.authenticate(login: "alice", password: "pw") { Issue.record("expired credential accepted") }

        // A wrong password seen by the backend forgets the remembered one.
        await backend.set(failure: nil)
        _ = await cache.authenticate(login: "alice", password: "pw")
        _ = await cache.authenticate(login: "alice", password: "changed")
        await backend.set(failure: down)
        if case .success = await cache.authenticate(login: "alice", password: "pw") { Issue.record("credential survived a wrong-password answer") }
    }

    @Test func stateDecidesFreshStaleMissAndEvicts() {
        var state = DirectoryCacheState<String, Int>(policy: .init(timeToLive: 10, negativeTimeToLive: 2, staleTimeToLive: 5, maximumEntries: 10))
        state.store("a", 1, now: 0)
        state.store("none", nil, now: 0)
        guard case .fresh(1) = state.lookup("a", now: 9.9) else { Issue.record("fresh"); return }
        guard case .stale(1, _) = state.lookup("a", now: 12) else { Issue.record("stale"); return }
        guard case .miss = state.lookup("a", now: 15) else { Issue.record("expired"); return }
        guard case .stale(nil, _) = state.lookup("none", now: 3) else { Issue.record("negative stale"); return }
        guard case .miss = state.lookup("b", now: 0) else { Issue.record("miss"); return }
        for i in 0..<25 { state.store("k\(i)", i, now: Double(i)) }
        #expect(state.count <= 10)
        guard case .fresh(24) = state.lookup("k24", now: 24) else { Issue.record("newest kept"); return }
        guard case .miss = state.lookup("k0", now: 24) else { Issue.record("oldest evicted"); return }
    }
}
