/// Splits "rows from `offset`, at most `limit` (nil: all)" into table queries of at most
/// `TableQuery.maximumLimit` rows, the server's cap, and stops when the table has no more.
///
/// ```
/// var paging = TablePaging(offset: 0, limit: nil)
/// while let page = paging.next() { paging.received(rows: fetched.count, totalCount: total) }
/// ```
public struct TablePaging: Sendable, Hashable {
    /// The next page to ask for.
    public struct Page: Sendable, Hashable {
        public var offset: Int
        public var limit: Int
    }

    private var offset: Int
    /// Rows still wanted; nil for all.
    private var remaining: Int?
    private var finished = false
    private let pageSize: Int

    /// Paging from `offset` for at most `limit` rows (nil for all), `pageSize` rows per query.
    public init(offset: Int = 0, limit: Int? = nil, pageSize: Int = TableQuery.maximumLimit) {
        precondition(pageSize > 0, "page size must be positive")
        self.offset = max(0, offset)
        self.remaining = limit.map { max(0, $0) }
        self.pageSize = pageSize
    }

    /// The next query's offset and limit, or nil when done.
    public func next() -> Page? {
        guard !finished else { return nil }
        if let remaining {
            return remaining > 0 ? Page(offset: offset, limit: min(pageSize, remaining)) : nil
        }
        return Page(offset: offset, limit: pageSize)
    }

    /// What the last query returned: how many rows, and how many the whole table has.
    public mutating func received(rows: Int, totalCount: Int) {
        offset += rows
        if let remaining { self.remaining = remaining - rows }
        if rows == 0 || offset >= totalCount { finished = true }
    }
}
