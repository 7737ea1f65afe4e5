/// Piggyback dissemination queue: SWIM's "least-gossiped first" with memberlist's
/// transmit limit, one queue per ``BroadcastClass`` and a byte budget per class.
///
/// Guarantees:
/// - each broadcast is sent at most `limit` times (the caller passes
///   `retransmitMultiplier · ⌈log10(n+1)⌉`, so everyone hears it with high probability
///   after O(log n) rounds — SWIM §4.1, memberlist `TransmitLimitedQueue`);
/// - a newer broadcast about the same subject (member, metadata owner, server) invalidates
///   the queued one, so the queue never holds more than one fact per subject;
/// - within a class, broadcasts transmitted fewer times go first, newest first among equals;
/// - every class is first offered its share of the packet's budget, and only then may a class
///   take space another class left unused: a busy class cannot starve a quiet one
///   (memberlist#299).
public struct BroadcastQueue: Sendable {
    /// What a queued broadcast is about; a newer broadcast with the same key replaces it.
    public enum Key: Hashable, Sendable {
        /// Liveness of a member.
        case member(MemberID)
        /// Metadata of a member.
        case metadata(MemberID)
        /// Ownership of a server.
        case ownership(String)
    }

    struct Item: Sendable {
        var key: Key
        var generation: UInt32
        var broadcast: Broadcast
        var size: Int
    }

    /// Per class: buckets indexed by transmit count; each bucket a stack (newest on top).
    private var buckets: [[[Item]]] = Array(repeating: [], count: BroadcastClass.allCases.count)
    private var generations: [Key: UInt32] = [:]
    private var live: [Int] = Array(repeating: 0, count: BroadcastClass.allCases.count)

    /// An empty queue.
    public init() {}

    /// Number of live broadcasts queued in `c`.
    public func count(_ c: BroadcastClass) -> Int { live[Int(c.rawValue)] }

    /// Whether nothing is queued.
    public var isEmpty: Bool { live.allSatisfy { $0 == 0 } }

    /// The key a broadcast is queued under.
    public static func key(of b: Broadcast) -> Key {
        switch b {
        case .alive(let m, _, _, _), .suspect(let m, _, _), .dead(let m, _, _): .member(m)
        case .metadata(let m, _): .metadata(m)
        case .ownership(let e): .ownership(e.server)
        }
    }

    /// Queues `b`, replacing any queued broadcast about the same subject.
    public mutating func enqueue(_ b: Broadcast) {
        let key = Self.key(of: b)
        let c = Int(b.broadcastClass.rawValue)
        let generation: UInt32
        if let g = generations[key] { generation = g &+ 1 } else { generation = 0; live[c] += 1 }
        generations[key] = generation
        if buckets[c].isEmpty { buckets[c].append([]) }
        buckets[c][0].append(Item(key: key, generation: generation, broadcast: b, size: WireCodec.encodedSize(of: b)))
    }

    /// Takes broadcasts for one packet with `budget` bytes of room, each transmitted at most
    /// `limit` times. `shares` is the fraction of the budget each class is first offered,
    /// indexed by ``BroadcastClass/rawValue``. Appends to `out` (at most `maxCount` in total)
    /// and adds the bytes taken per class to `bytes`.
    public mutating func take(
        budget: Int, limit: Int, shares: [Double], maxCount: Int = 255,
        into out: inout [Broadcast], bytes: inout [Int]
    ) {
        if isEmpty || budget <= 0 { return }
        var remaining = budget
        var moved: [(Int, Int, Item)] = []
        for c in 0..<buckets.count where live[c] > 0 {
            let allowance = min(remaining, Int(Double(budget) * shares[c]))
            let used = fill(c, allowance: allowance, limit: limit, maxCount: maxCount, out: &out, moved: &moved, bytes: &bytes)
            remaining -= used
        }
        // Second pass: leftover space to any class, membership first.
        for c in [0, 2, 1] where live[c] > 0 && remaining > 0 {
            remaining -= fill(c, allowance: remaining, limit: limit, maxCount: maxCount, out: &out, moved: &moved, bytes: &bytes)
        }
        for (c, t, item) in moved {
            while buckets[c].count <= t { buckets[c].append([]) }
            buckets[c][t].append(item)
        }
    }

    private mutating func fill(
        _ c: Int, allowance: Int, limit: Int, maxCount: Int, out: inout [Broadcast],
        moved: inout [(Int, Int, Item)], bytes: inout [Int]
    ) -> Int {
        var used = 0
        var t = 0
        while t < buckets[c].count, out.count < maxCount, allowance - used > 0 {
            var skipped: [Item] = []
            while out.count < maxCount, let item = buckets[c][t].popLast() {
                guard generations[item.key] == item.generation else { continue }  // superseded
                if item.size > allowance - used {
                    skipped.append(item)
                    if skipped.count >= 4 || allowance - used < 22 { break }
                    continue
                }
                out.append(item.broadcast)
                used += item.size
                bytes[c] += item.size
                if t + 1 >= limit {
                    generations[item.key] = nil
                    live[c] -= 1
                } else {
                    moved.append((c, t + 1, item))
                }
                if allowance - used < 22 { break }
            }
            buckets[c][t].append(contentsOf: skipped.reversed())
            t += 1
        }
        // Drop empty trailing buckets so the scan stays short.
        while let last = buckets[c].last, last.isEmpty { buckets[c].removeLast() }
        return used
    }

    /// Removes everything (used when a member leaves and stops gossiping).
    public mutating func removeAll() { self = BroadcastQueue() }
}
