import MAPI

/// `GetChanges`: ICS export of a folder's contents (or of the hierarchy) since a sync state.
public struct GetChangesRequest: SOAPRequestMessage, Hashable {
    public typealias Response = GetChangesResponse
    public static let operationName = "GetChanges"
    /// The folder (contents sync); nil with `hierarchy` for the store's hierarchy.
    public var folder: [UInt8]?
    public var hierarchy: Bool?
    /// The state a previous answer gave; nil for a first sync.
    public var syncState: [UInt8]?
    public var batchSize: Int32?

    public init(folder: [UInt8]? = nil, hierarchy: Bool? = nil, syncState: [UInt8]? = nil, batchSize: Int32? = nil) {
        self.folder = folder
        self.hierarchy = hierarchy
        self.syncState = syncState
        self.batchSize = batchSize
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            folder: try parts.optionalBase64("folder"), hierarchy: try parts.optionalBoolean("hierarchy"),
            syncState: try parts.optionalBase64("syncState"), batchSize: try parts.optionalInt("batchSize"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("folder", base64: folder)
        writer.part("hierarchy", boolean: hierarchy)
        writer.part("syncState", base64: syncState)
        writer.part("batchSize", integer: batchSize)
    }
}

public struct GetChangesResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "GetChanges"
    public var changes: [SyncChange]
    /// The state to store and send next time.
    public var syncState: [UInt8]
    /// Whether more changes wait (ask again with the new state).
    public var more: Bool

    public init(changes: [SyncChange], syncState: [UInt8], more: Bool) {
        self.changes = changes
        self.syncState = syncState
        self.more = more
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(
            changes: try parts.many("change", SyncChange.init), syncState: try parts.base64("syncState"),
            more: try parts.boolean("more"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        for change in changes { change.write(as: "change", to: &writer) }
        writer.part("syncState", base64: syncState)
        writer.part("more", boolean: more)
    }
}

/// `ImportChanges`: changes a client made offline, with conflict detection.
public struct ImportChangesRequest: SOAPRequestMessage, Hashable {
    public typealias Response = ImportChangesResponse
    public static let operationName = "ImportChanges"
    public var folder: [UInt8]
    public var changes: [SyncChange]

    public init(folder: [UInt8], changes: [SyncChange]) {
        self.folder = folder
        self.changes = changes
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(folder: try parts.base64("folder"), changes: try parts.many("change", SyncChange.init))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("folder", base64: folder)
        for change in changes { change.write(as: "change", to: &writer) }
    }
}

/// One outcome per imported change, in order: `applied`, `ignored` (already known or
/// superseded) or `conflict` (the server's version won; a conflict copy keeps the client's).
public struct ImportChangesResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "ImportChanges"
    public var outcomes: [String]

    public init(outcomes: [String]) { self.outcomes = outcomes }
    public init(parts: MessageParts) throws(MAPIError) { self.init(outcomes: try parts.many("outcome", MAPIXML.string)) }

    public func writeParts(to writer: inout XML.Writer) {
        for outcome in outcomes { writer.part("outcome", string: outcome) }
    }
}

/// `GetNotifications`: a long poll for events of the session's store after `cursor`.
public struct GetNotificationsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = GetNotificationsResponse
    public static let operationName = "GetNotifications"
    /// The cursor of the previous answer; nil to learn the current one without waiting.
    public var cursor: Int64?
    public var timeoutSeconds: Int32?

    public init(cursor: Int64? = nil, timeoutSeconds: Int32? = nil) {
        self.cursor = cursor
        self.timeoutSeconds = timeoutSeconds
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(cursor: try parts.optionalLong("cursor"), timeoutSeconds: try parts.optionalInt("timeoutSeconds"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("cursor", integer: cursor)
        writer.part("timeoutSeconds", integer: timeoutSeconds)
    }
}

public struct GetNotificationsResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "GetNotifications"
    public var notifications: [StoreNotification]
    /// Send it with the next poll.
    public var cursor: Int64

    public init(notifications: [StoreNotification], cursor: Int64) {
        self.notifications = notifications
        self.cursor = cursor
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(notifications: try parts.many("notification", StoreNotification.init), cursor: try parts.long("cursor"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        for notification in notifications { notification.write(as: "notification", to: &writer) }
        writer.part("cursor", integer: cursor)
    }
}
