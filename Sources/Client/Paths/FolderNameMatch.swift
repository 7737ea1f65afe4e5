/// How a folder name is looked up among siblings: an exact match wins; otherwise a
/// case-insensitive match counts when it is the only one.
enum FolderNameMatch {
    /// The outcome of a lookup.
    enum Outcome: Equatable {
        case found(EntryID)
        case none
        /// More than one sibling matches case-insensitively (and none exactly).
        case ambiguous([String])
    }

    /// Looks `name` up among `children`.
    static func lookup(_ name: String, in children: [(name: String, entryID: EntryID)]) -> Outcome {
        if let exact = children.first(where: { $0.name == name }) { return .found(exact.entryID) }
        let folded = name.lowercased()
        let matches = children.filter { $0.name.lowercased() == folded }
        switch matches.count {
        case 0: return .none
        case 1: return .found(matches[0].entryID)
        default: return .ambiguous(matches.map(\.name))
        }
    }

    /// The match, or nil when there is none or it is ambiguous.
    static func find(_ name: String, in children: [(name: String, entryID: EntryID)]) -> EntryID? {
        if case .found(let id) = lookup(name, in: children) { return id }
        return nil
    }
}
