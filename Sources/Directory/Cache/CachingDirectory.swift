import Logging

/// A cache in front of any ``UserDirectory``: time to live, negative entries, single-flight, and
/// stale answers while the backend is unreachable.
///
/// Guarantees:
/// - A key that was never answered by the backend is never answered by the cache: with the
///   backend down, such a lookup throws the backend's ``DirectoryError``.
/// - Concurrent lookups of one key cost one backend request (single-flight); the others await it.
/// - A stale answer is served only when the backend is *unreachable* (``DirectoryError/isUnreachable``),
///   never when it answered with another error; each one is logged and counted.
/// - Authentication always asks the backend. Only with ``DirectoryCachePolicy/staleAuthentication``
///   and the backend unreachable may a logon succeed from memory, for a login whose same
///   password succeeded within the stale window (checked against a salted hash).
/// - Listings (`users`, `groups`) pass through uncached.
public actor CachingDirectory: UserDirectory {
    private enum Key: Hashable, Sendable {
        case name(String)
        case user(DirectoryID)
        case group(DirectoryID)
        case members(DirectoryID)
        case servers
        case companies
    }

    private enum Value: Sendable {
        case user(DirectoryUser)
        case group(DirectoryGroup)
        case members([DirectoryID])
        case servers([DirectoryServer])
        case companies([Company])
    }

    private struct Credential {
        var verifier: String
        var user: DirectoryUser
        var storedAt: Double
    }

    /// The directory behind the cache.
    public nonisolated let backend: any UserDirectory
    /// The policy in force.
    public nonisolated let policy: DirectoryCachePolicy
    private let clock: CacheClock
    private let logger: Logger
    private var state: DirectoryCacheState<Key, Value>
    private var inFlight: [Key: Task<Value?, any Error>] = [:]
    private var credentials: [String: Credential] = [:]
    /// Counters since creation.
    public private(set) var metrics = CacheMetrics()

    /// A cache in front of `backend`.
    public init(backend: any UserDirectory, policy: DirectoryCachePolicy = .init(), clock: CacheClock = .system, logger: Logger = Logger(label: "tessera.directory")) {
        self.backend = backend
        self.policy = policy
        self.clock = clock
        var logger = logger
        logger[metadataKey: "directory.layer"] = "cache"
        self.logger = logger
        self.state = DirectoryCacheState(policy: policy)
    }

    /// Forgets every cached answer and credential (after a directory sync, or on demand).
    public func invalidateAll() {
        state.removeAll()
        credentials.removeAll()
    }

    // MARK: UserDirectory

    public func authenticate(login: String, password: String) async -> AuthenticationResult {
        let result = await backend.authenticate(login: login, password: password)
        let key = login.lowercased()
        switch result {
        case .success(let user):
            let now = clock.now()
            state.store(.user(user.id), .user(user), now: now)
            if policy.staleAuthentication, let verifier = try? PasswordHash.make(password, scheme: .sha512, cost: 1000) {
                credentials[key] = Credential(verifier: verifier, user: user, storedAt: now)
            }
        case .wrongPassword, .inactive, .unknownUser:
            credentials[key] = nil
        case .unavailable(let error):
            metrics.backendErrors += 1
            guard policy.staleAuthentication, error.isUnreachable, let credential = credentials[key] else { return result }
            let age = clock.now() - credential.storedAt
            guard age < policy.staleTimeToLive, PasswordHash.verify(password, against: credential.verifier) else { return result }
            metrics.staleAuthentications += 1
            logger.warning("directory unreachable: logon answered from cache", metadata: [
                "directory.login": "\(login)", "directory.age": "\(Int(age))", "directory.error": "\(error)",
            ])
            return .success(credential.user)
        }
        return result
    }

    public func resolve(_ name: String) async throws -> DirectoryUser? {
        let backend = self.backend
        guard case .user(let user)? = try await cached(.name(name.lowercased()), { try await backend.resolve(name).map(Value.user) }) else { return nil }
        return user
    }

    public func user(id: DirectoryID) async throws -> DirectoryUser? {
        let backend = self.backend
        guard case .user(let user)? = try await cached(.user(id), { try await backend.user(id: id).map(Value.user) }) else { return nil }
        return user
    }

    public func users(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryUser> {
        try await backend.users(changedSince: cursor)
    }

    public func groups(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryGroup> {
        try await backend.groups(changedSince: cursor)
    }

    public func group(id: DirectoryID) async throws -> DirectoryGroup? {
        let backend = self.backend
        guard case .group(let group)? = try await cached(.group(id), { try await backend.group(id: id).map(Value.group) }) else { return nil }
        return group
    }

    public func memberIDs(ofGroup id: DirectoryID) async throws -> [DirectoryID]? {
        let backend = self.backend
        guard case .members(let ids)? = try await cached(.members(id), { try await backend.memberIDs(ofGroup: id).map(Value.members) }) else { return nil }
        return ids
    }

    public func servers() async throws -> [DirectoryServer] {
        let backend = self.backend
        guard case .servers(let servers)? = try await cached(.servers, { .servers(try await backend.servers()) }) else { return [] }
        return servers
    }

    public func companies() async throws -> [Company] {
        let backend = self.backend
        guard case .companies(let companies)? = try await cached(.companies, { .companies(try await backend.companies()) }) else { return [] }
        return companies
    }

    // MARK: The one lookup path

    private func cached(_ key: Key, _ fetch: @escaping @Sendable () async throws -> Value?) async throws -> Value? {
        let stale: Value??
        switch state.lookup(key, now: clock.now()) {
        case .fresh(let value):
            metrics.hits += 1
            return value
        case .stale(let value, _):
            stale = .some(value)
        case .miss:
            stale = nil
        }
        if let running = inFlight[key] {
            metrics.coalesced += 1
            return try await running.value
        }
        metrics.misses += 1
        let task = Task { try await self.load(key, stale: stale, fetch) }
        inFlight[key] = task
        return try await task.value
    }

    private func load(_ key: Key, stale: Value??, _ fetch: @Sendable () async throws -> Value?) async throws -> Value? {
        defer { inFlight[key] = nil }
        do {
            let value = try await fetch()
            state.store(key, value, now: clock.now())
            return value
        } catch {
            metrics.backendErrors += 1
            guard let error = error as? DirectoryError, error.isUnreachable, let stale else { throw error }
            metrics.staleAnswers += 1
            logger.warning("directory unreachable: answering from stale cache", metadata: [
                "directory.key": "\(key)", "directory.error": "\(error)",
            ])
            return stale
        }
    }
}
