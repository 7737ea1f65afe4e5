import MAPI

/// A page of a table and how many rows match in all.
public struct TableResult: Sendable {
    /// The rows of the page, each with the asked columns (a missing property is left out).
    public var rows: [PropertySet]
    /// How many rows match the restriction in all.
    public var totalCount: Int
}
