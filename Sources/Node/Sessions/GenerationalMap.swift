/// A dictionary bounded by rotating two generations: new entries go into the current one, and
/// when it holds half the capacity it becomes the previous one and the old previous one is
/// dropped. Lookups see both. Memory stays at most `capacity` entries with O(1) work per
/// operation; what falls out is roughly the least recently inserted half (an approximation of
/// LRU, as in a two-generation garbage collector).
struct GenerationalMap<Key: Hashable, Value> {
    /// The most entries held.
    let capacity: Int
    private var current: [Key: Value] = [:]
    private var previous: [Key: Value] = [:]

    /// An empty map holding at most `capacity` (at least 2) entries.
    init(capacity: Int) {
        precondition(capacity >= 2, "a generational map holds at least two entries")
        self.capacity = capacity
    }

    /// How many entries it holds now.
    var count: Int { current.count + previous.count }

    /// The value for `key`, from either generation.
    subscript(_ key: Key) -> Value? { current[key] ?? previous[key] }

    /// Stores `value` for `key` in the current generation.
    mutating func insert(_ value: Value, for key: Key) {
        previous[key] = nil
        current[key] = value
        if current.count >= capacity / 2 {
            previous = current
            current = [:]
        }
    }

    /// Forgets `key`.
    mutating func remove(_ key: Key) {
        current[key] = nil
        previous[key] = nil
    }
}
