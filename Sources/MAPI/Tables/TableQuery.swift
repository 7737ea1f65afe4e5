/// A stateless table query (ARCHITECTURE §5 QueryRows): which columns, which rows, in what
/// order, which page. Nothing is kept between calls. The store runs it; SOAP carries it
/// (`<t:query>`, see `MAPIXML.tableQuery(from:)`).
public struct TableQuery: Sendable, Hashable {
    /// The properties of each row; empty means ``defaultContentsColumns``.
    public var columns: [PropertyTag]
    /// Which rows; nil for all.
    public var restriction: Restriction?
    /// The order; rows that tie (and every row without a sort) are ordered by creation.
    public var sort: [SortKey]
    /// Rows to skip.
    public var offset: Int
    /// Most rows to return.
    public var limit: Int
    /// Which messages of a contents table.
    public var scope: Scope

    /// The messages a contents table shows.
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        /// Ordinary messages (not deleted, not folder-associated).
        case normal
        /// Folder-associated information (MSGFLAG_ASSOCIATED: views, rules, settings).
        case associated
        /// Soft-deleted messages, for recovery.
        case softDeleted
    }

    /// The most rows one query may return.
    public static let maximumLimit = 10_000

    public init(
        columns: [PropertyTag] = [], restriction: Restriction? = nil, sort: [SortKey] = [], offset: Int = 0,
        limit: Int = 50, scope: Scope = .normal
    ) {
        self.columns = columns
        self.restriction = restriction
        self.sort = sort
        self.offset = offset
        self.limit = limit
        self.scope = scope
    }

    /// The columns a contents table shows when none are asked for.
    public static let defaultContentsColumns: [PropertyTag] = [
        .entryID, .sourceKey, .subject, .messageClass, .messageFlags, .messageSize, .messageDeliveryTime, .senderName,
        .displayTo, .hasAttachments, .lastModificationTime, .importance,
    ]

    /// Checks everything a client can get wrong: tags, restriction, paging.
    public func validated() throws(MAPIError) -> TableQuery {
        guard offset >= 0 else { throw MAPIError(.invalidParameter, "table offset must not be negative") }
        guard limit > 0, limit <= Self.maximumLimit else {
            throw MAPIError(.invalidParameter, "table limit must be between 1 and \(Self.maximumLimit)")
        }
        guard columns.count <= 1_000, sort.count <= 16 else { throw MAPIError(.tooComplex, "too many columns or sort keys") }
        for tag in columns { _ = try tag.validated() }
        for key in sort {
            _ = try key.tag.validated()
            if key.tag.type?.isMultiValued == true { throw MAPIError(.noSupport, "sorting on multi-valued \(key.tag) is not supported") }
        }
        try restriction?.validate()
        return self
    }
}
