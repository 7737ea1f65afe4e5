/// Cuts one page out of the change feed's sources (folders, folder tombstones, item tombstones,
/// items), each read in change order up to a limit: a value with no I/O.
///
/// A source read up to its limit may hold more rows than it returned; every row at or below the
/// last number it returned was returned (within a source change numbers are unique). So the
/// events up to the smallest such last number are complete across all sources, and only those
/// may go into the page. The page never splits a change number (a move's deletion and
/// creation, an item's creation and new-mail notice share one): it ends after the last event of
/// the number at which `limit` is reached, so it can exceed `limit` by an event or two.
struct ChangeFeedPage {
    /// A change with where it sorts among changes of the same number.
    struct Event {
        var change: StoreChange
        /// Deletions before creations (a move), creations before new-mail notices.
        var rank: Int
    }

    /// One source's events in change order, and whether it returned every row it has.
    struct Source {
        var events: [Event]
        var complete: Bool
    }

    /// The page of at most about `limit` changes after merging `sources`; `counter` is the
    /// store's change counter, the cursor when nothing more waits.
    static func cut(_ sources: [Source], limit: Int, counter: Int64) -> StoreChangePage {
        let bound = sources.filter { !$0.complete }.compactMap { $0.events.last?.change.changeNumber }.min() ?? .max
        let safe = sources.flatMap(\.events).filter { $0.change.changeNumber <= bound }
            .sorted { ($0.change.changeNumber, $0.rank) < ($1.change.changeNumber, $1.rank) }
        var end = min(limit, safe.count)
        while end > 0, end < safe.count, safe[end].change.changeNumber == safe[end - 1].change.changeNumber { end += 1 }
        let changes = safe[..<end].map(\.change)
        let hasMore = end < safe.count || bound != .max
        return StoreChangePage(changes: changes, cursor: hasMore ? changes.last!.changeNumber : counter, hasMore: hasMore)
    }
}
