import Foundation
import SOAP

/// An item (message, appointment, contact…) of a folder.
///
/// An item value holds its entry id and the properties it was read with: the columns of a
/// listing, or everything when read with ``Server/item(_:)`` or ``loaded()`` (which also give
/// ``recipients`` and ``attachmentRows``). Changes made through the properties are sent by
/// ``save()``:
///
/// ```swift
/// var item = try await inbox.items(limit: 1)[0]
/// item.subject = "[done] " + (item.subject ?? "")
/// try await item.save()
/// ```
public struct Item: Sendable, Hashable, CustomStringConvertible {
    /// The columns listings read unless told otherwise: the contents table's default columns.
    public static let defaultColumns: [PropertyTag] = TableQuery.defaultContentsColumns

    /// The server (session) the item was read through.
    public let server: Server
    /// PR_ENTRYID.
    public let entryID: EntryID
    /// The properties as read, with the changes not yet saved.
    public var properties: PropertyBag
    /// The recipient table, when read (``loaded()``, ``Server/item(_:)``) or created here.
    public internal(set) var recipients: [Recipient]?
    /// The attachment table's rows (no data), when read.
    public internal(set) var attachmentRows: [PropertyBag]?

    init(server: Server, entryID: EntryID, properties: PropertyBag, recipients: [Recipient]? = nil, attachmentRows: [PropertyBag]? = nil) {
        self.server = server
        self.entryID = entryID
        self.properties = properties
        self.recipients = recipients
        self.attachmentRows = attachmentRows
    }

    /// An item from a contents-table row; nil when the row lacks PR_ENTRYID.
    init?(server: Server, row: PropertyBag) {
        guard let entryID = row[.entryID] else { return nil }
        self.init(server: server, entryID: entryID, properties: row)
    }

    /// An item from a GetItem answer.
    init(server: Server, entryID: EntryID, answer: GetItemResponse) {
        self.init(
            server: server, entryID: entryID, properties: PropertyBag(answer.properties),
            recipients: answer.recipients.map { Recipient(row: PropertySet($0)) },
            attachmentRows: answer.attachments.map(PropertyBag.init))
    }

    /// PR_SUBJECT.
    public var subject: String? {
        get { properties[.subject] }
        set { properties[.subject] = newValue }
    }

    /// PR_BODY, the plain-text body (read by ``loaded()``, not by listings).
    public var body: String? {
        get { properties[.body] }
        set { properties[.body] = newValue }
    }

    /// PR_MESSAGE_CLASS, e.g. `IPM.Note`.
    public var messageClass: String? { properties[.messageClass] }
    /// PR_SENDER_NAME.
    public var senderName: String? { properties[.senderName] }
    /// PR_MESSAGE_DELIVERY_TIME.
    public var deliveryTime: Date? { properties[.deliveryTime] }
    /// PR_MESSAGE_SIZE in bytes.
    public var size: Int? { properties[.messageSize].map(Int.init) }
    /// Whether MSGFLAG_READ is set.
    public var isRead: Bool { MessageFlags(propertyValue: properties[.messageFlags] ?? 0).contains(.read) }
    /// PR_HASATTACH.
    public var hasAttachments: Bool { properties[.hasAttachments] ?? false }

    /// Sets a property (sent by ``save()``).
    public mutating func set(_ property: Property) { properties.set(property) }

    /// Sends the changed and removed properties (SetProps, DeleteProps); nothing when nothing
    /// changed.
    public mutating func save() async throws(TesseraClientError) {
        let sets = properties.pendingSets
        let removals = properties.pendingRemovals
        var changeKey: [UInt8]?
        if !sets.isEmpty { changeKey = try await server.setProps(entryID, sets) }
        if !removals.isEmpty { changeKey = try await server.deleteProps(entryID, removals) }
        properties.markSaved()
        if let changeKey { properties.merge(loaded: [Property(id: PropertyTag.changeKey.id, value: .binary(changeKey))]) }
    }

    /// The item read again in full: every property, the recipients and the attachment rows.
    public func loaded() async throws(TesseraClientError) -> Item { try await server.item(entryID) }

    public static func == (a: Item, b: Item) -> Bool { a.entryID == b.entryID && a.properties == b.properties }
    public func hash(into hasher: inout Hasher) { hasher.combine(entryID) }

    /// `Subject (0000…)`.
    public var description: String { "\(subject ?? "(no subject)") (\(entryID.hex))" }
}
