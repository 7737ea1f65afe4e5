/// One key of a table sort (`SSortOrder`).
public struct SortKey: Hashable, Sendable {
    /// The column sorted on.
    public var tag: PropertyTag
    /// TABLE_SORT_ASCEND / TABLE_SORT_DESCEND.
    public var ascending: Bool

    /// A sort key on `tag`, ascending unless told otherwise.
    public init(_ tag: PropertyTag, ascending: Bool = true) {
        self.tag = tag
        self.ascending = ascending
    }
}
