/// The cache's memory and its one decision, as a value type with time passed in.
///
/// For a key, ``lookup(_:now:)`` answers `.fresh` (serve it, ask no one), `.stale` (ask the
/// backend; if it cannot be reached, this older answer may be served) or `.miss`. A stored
/// `nil` is a negative entry ("no such object") with its own, shorter time to live. Entries past
/// time to live + stale time to live are forgotten, and beyond ``DirectoryCachePolicy/maximumEntries``
/// the oldest go first. Nothing here reads a clock, so tests are straight lines.
public struct DirectoryCacheState<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// What the cache knows about a key.
    public enum Decision: Sendable {
        /// Young enough to serve without asking (nil = known not to exist).
        case fresh(Value?)
        /// Too old to serve while the backend answers; may be served while it cannot.
        case stale(Value?, age: Double)
        /// Nothing usable.
        case miss
    }

    private struct Entry: Sendable {
        var value: Value?
        var storedAt: Double
    }

    private var entries: [Key: Entry] = [:]
    /// The policy in force.
    public let policy: DirectoryCachePolicy

    /// An empty cache.
    public init(policy: DirectoryCachePolicy) { self.policy = policy }

    /// The number of keys held (fresh or stale).
    public var count: Int { entries.count }

    /// What the cache can answer for `key` at time `now`.
    public mutating func lookup(_ key: Key, now: Double) -> Decision {
        guard let entry = entries[key] else { return .miss }
        let age = now - entry.storedAt
        let ttl = entry.value == nil ? policy.negativeTimeToLive : policy.timeToLive
        if age < ttl { return .fresh(entry.value) }
        if age < ttl + policy.staleTimeToLive { return .stale(entry.value, age: age) }
        entries[key] = nil
        return .miss
    }

    /// Remembers the backend's answer for `key` (nil = no such object).
    public mutating func store(_ key: Key, _ value: Value?, now: Double) {
        entries[key] = Entry(value: value, storedAt: now)
        if entries.count > policy.maximumEntries { evictOldest() }
    }

    /// Forgets `key`.
    public mutating func remove(_ key: Key) { entries[key] = nil }

    /// Forgets everything.
    public mutating func removeAll() { entries.removeAll() }

    private mutating func evictOldest() {
        // Drop the oldest tenth at once, so eviction costs O(n log n) per n/10 insertions.
        let excess = entries.count - policy.maximumEntries + max(1, policy.maximumEntries / 10)
        let oldest = entries.sorted { $0.value.storedAt < $1.value.storedAt }.prefix(excess)
        for (key, _) in oldest { entries[key] = nil }
    }
}
