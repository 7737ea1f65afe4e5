import SOAP

/// One event of the store, from ``Server/notifications(after:)``: new mail, an item or folder
/// created, changed or deleted.
public struct StoreEvent: Sendable, Hashable {
    /// What happened; an open set (kinds this client does not know pass through as they are).
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An item arrived in the Inbox.
        public static let newMail = Kind(rawValue: StoreNotification.Kind.newMail.rawValue)
        public static let itemCreated = Kind(rawValue: StoreNotification.Kind.itemCreated.rawValue)
        public static let itemModified = Kind(rawValue: StoreNotification.Kind.itemModified.rawValue)
        public static let itemDeleted = Kind(rawValue: StoreNotification.Kind.itemDeleted.rawValue)
        public static let folderCreated = Kind(rawValue: StoreNotification.Kind.folderCreated.rawValue)
        public static let folderModified = Kind(rawValue: StoreNotification.Kind.folderModified.rawValue)
        public static let folderDeleted = Kind(rawValue: StoreNotification.Kind.folderDeleted.rawValue)
    }

    /// What happened.
    public var kind: Kind
    /// The object's entry id (absent for objects deleted before they could be named).
    public var entryID: EntryID?
    /// Its folder's entry id.
    public var parentEntryID: EntryID?

    init(_ notification: StoreNotification) {
        kind = Kind(rawValue: notification.kind.rawValue)
        entryID = notification.entryID.map(EntryID.init)
        parentEntryID = notification.parentEntryID.map(EntryID.init)
    }
}

/// The events of one poll and the cursor to poll after.
public struct StoreEventBatch: Sendable, Hashable {
    /// The events, oldest first (empty when the poll timed out).
    public var events: [StoreEvent]
    /// Pass it to the next poll.
    public var cursor: Int64
}

extension Server {
    /// Waits (long poll, at most ``ClientOptions/notificationTimeoutSeconds``) for events of
    /// the store after `cursor`. Without a cursor it answers at once with the current cursor
    /// and no events: the starting point for later polls.
    public func notifications(after cursor: Int64?) async throws(TesseraClientError) -> StoreEventBatch {
        let answer = try await call(
            GetNotificationsRequest(cursor: cursor, timeoutSeconds: cursor == nil ? nil : options.notificationTimeoutSeconds))
        return StoreEventBatch(events: answer.notifications.map(StoreEvent.init), cursor: answer.cursor)
    }

    /// The store's events from now on (or after `cursor`), as an asynchronous sequence that
    /// long-polls while it is iterated and ends only when the iterating task is cancelled:
    ///
    /// ```swift
    /// for try await event in server.events() where event.kind == .newMail { … }
    /// ```
    public func events(after cursor: Int64? = nil) -> StoreEvents { StoreEvents(server: self, cursor: cursor) }
}

/// The store's events as an `AsyncSequence`: each iteration polls when the events of the last
/// poll are used up. Nothing runs in the background; stop iterating to stop polling.
public struct StoreEvents: AsyncSequence, Sendable {
    public typealias Element = StoreEvent
    public typealias Failure = TesseraClientError

    let server: Server
    let cursor: Int64?

    public func makeAsyncIterator() -> Iterator { Iterator(server: server, cursor: cursor) }

    /// Polls as needed.
    public struct Iterator: AsyncIteratorProtocol {
        public typealias Element = StoreEvent
        public typealias Failure = TesseraClientError

        let server: Server
        var cursor: Int64?
        var pending: [StoreEvent] = []

        /// The next event; nil once the task is cancelled.
        public mutating func next() async throws(TesseraClientError) -> StoreEvent? {
            while pending.isEmpty {
                if Task.isCancelled { return nil }
                let batch = try await server.notifications(after: cursor)
                cursor = batch.cursor
                pending = batch.events
            }
            return pending.removeFirst()
        }
    }
}
