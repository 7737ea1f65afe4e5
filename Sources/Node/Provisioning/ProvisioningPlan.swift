import Directory

/// What a directory sync does to one server's stores (ARCHITECTURE §7; issue 6): a value
/// computed from the directory's users and the server's stores, so that it can be shown
/// (dry run), checked against the orphan guard, and applied.
///
/// - Users homed on the server (or without a home, on the default server) who have no store get
///   one.
/// - Stores whose owner is no longer in the directory are **orphaned**, never deleted; an
///   orphaned store whose owner comes back homed here is restored.
/// - A user homed on another server keeps the store here untouched: that is a move, which
///   needs the store copied, not a sync.
public struct ProvisioningPlan: Sendable, Hashable {
    /// One user who gets a store.
    public struct NewStore: Sendable, Hashable {
        public var owner: String
        public var login: String
        public var displayName: String
    }

    /// The server planned for.
    public var server: String
    public var create: [NewStore]
    /// Owners (directory user ids) whose stores are orphaned.
    public var orphan: [String]
    /// Owners whose orphaned stores come back.
    public var restore: [String]
    /// Owners homed on another server whose stores stay here (moves are not a sync's job).
    public var homedElsewhere: [String]
    /// Stores that stay as they are.
    public var unchanged: Int

    /// The work, in the order it is applied.
    public var operations: Int { create.count + orphan.count + restore.count }

    /// The plan for `server` from the directory's `users` and the server's `stores`.
    public static func make(
        server: String, defaultServer: String?, users: [DirectoryUser], stores: [(owner: String, orphaned: Bool)]
    ) -> ProvisioningPlan {
        let here = server.lowercased()
        let homes = Dictionary(
            users.map { ($0.id.rawValue, (($0.homeServer ?? defaultServer)?.lowercased(), $0)) }, uniquingKeysWith: { first, _ in first })
        let existing = Dictionary(stores.map { ($0.owner, $0.orphaned) }, uniquingKeysWith: { first, _ in first })
        var plan = ProvisioningPlan(server: server, create: [], orphan: [], restore: [], homedElsewhere: [], unchanged: 0)
        for user in users.sorted(by: { $0.id < $1.id }) where homes[user.id.rawValue]?.0 == here && existing[user.id.rawValue] == nil {
            plan.create.append(NewStore(owner: user.id.rawValue, login: user.login, displayName: user.displayName))
        }
        for (owner, orphaned) in existing.sorted(by: { $0.key < $1.key }) {
            switch (homes[owner]?.0, orphaned) {
            case (nil, false): plan.orphan.append(owner)
            case (here?, true): plan.restore.append(owner)
            case (let home?, false) where home != here: plan.homedElsewhere.append(owner)
            default: plan.unchanged += 1
            }
        }
        return plan
    }

    /// Nil when the plan may run; otherwise why not: it would orphan more than `maximumShare`
    /// of the server's live stores (a directory answering with too few users — a wrong base DN,
    /// a broken filter — must not orphan everyone).
    public func refusal(maximumShare: Double) -> String? {
        let live = orphan.count + unchanged + homedElsewhere.count
        guard !orphan.isEmpty, live > 0 else { return nil }
        let share = Double(orphan.count) / Double(live)
        guard share > maximumShare else { return nil }
        let percent = { (value: Double) in String(format: "%.1f%%", value * 100) }
        return "the sync would orphan \(orphan.count) of \(live) stores on \(server) (\(percent(share)), more than the allowed \(percent(maximumShare))); check the directory, then run it with force if it is right"
    }
}
