/// One operation of the protocol (ARCHITECTURE §5): its name, whether it needs a session, and
/// the parts of its request and response wrapper elements. The WSDL (``WSDL``) and the
/// envelope decoder (unknown operations) are generated from ``all``.
public struct SOAPOperation: Sendable, Hashable {
    /// The operation name, also the request element's local name (`<t:GetProps>`); the
    /// response element is `<t:GetPropsResponse>`.
    public let name: String
    /// What it does, for the WSDL's documentation.
    public let summary: String
    /// Whether the request must carry a session token (all but `Logon`).
    public let requiresSession: Bool
    /// The parts of the request element, in order.
    public let request: [Part]
    /// The parts of the response element, in order.
    public let response: [Part]

    /// The local name of the response element.
    public var responseName: String { name + "Response" }

    /// One child element of a wrapper element.
    public struct Part: Sendable, Hashable {
        /// The element's local name.
        public let name: String
        /// Its schema type.
        public let type: PartType
        /// How often it occurs.
        public let occurs: Occurs

        /// A part; `.one` unless told otherwise.
        public init(_ name: String, _ type: PartType, _ occurs: Occurs = .one) {
            self.name = name
            self.type = type
            self.occurs = occurs
        }
    }

    /// `minOccurs`/`maxOccurs` of a part.
    public enum Occurs: Sendable, Hashable {
        /// Exactly once.
        case one
        /// At most once.
        case optional
        /// Any number of times.
        case many
    }

    /// The schema types parts use: XSD built-ins and the shared types of the Tessera schema.
    public enum PartType: String, Sendable, Hashable, CaseIterable {
        /// Text.
        case string = "xs:string"
        /// `true` / `false`.
        case boolean = "xs:boolean"
        /// 32-bit integer.
        case int = "xs:int"
        /// 64-bit integer.
        case long = "xs:long"
        /// 16-bit unsigned integer (property ids).
        case unsignedShort = "xs:unsignedShort"
        /// Bytes as base64 (entry ids, keys, sync states, data).
        case base64 = "xs:base64Binary"
        /// `00062008-0000-0000-C000-000000000046`.
        case guid = "t:GUID"
        /// `<t:prop>` elements.
        case properties = "t:PropList"
        /// `<t:tag>` elements.
        case tags = "t:TagList"
        /// A table query (`TableQuery`).
        case tableQuery = "t:TableQuery"
        /// `<t:row>` elements, each a property list.
        case rows = "t:RowList"
        /// `<t:entryID>` elements (base64).
        case entryIDs = "t:EntryIDList"
        /// A named property (`guid` with `id` or `name`).
        case namedProperty = "t:NamedProperty"
        /// An attachment of a new item: properties and optional data.
        case newAttachment = "t:NewAttachment"
        /// One change of an ICS export or import.
        case change = "t:Change"
        /// One notification of GetNotifications.
        case notification = "t:Notification"
        /// One node of the cluster.
        case clusterMember = "t:ClusterMember"
        /// A property id and the named property it maps to (absent when unknown).
        case namedPropertyMapping = "t:NamedPropertyMapping"
    }

    init(_ name: String, session: Bool = true, _ summary: String, request: [Part], response: [Part]) {
        self.name = name
        self.summary = summary
        self.requiresSession = session
        self.request = request
        self.response = response
    }

    /// The operation called `name`, if there is one.
    public static func named(_ name: String) -> SOAPOperation? { byName[name] }

    private static let byName: [String: SOAPOperation] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}

extension SOAPOperation {
    private typealias P = Part

    /// Every operation of ARCHITECTURE §5's first set, plus SetReadFlags and AppendAttachment
    /// (chunked uploads; issue 5), in WSDL order.
    ///
    /// Entry ids, source keys, change keys and sync states travel as base64; the object an
    /// operation works on is named by its entry id (`folder`, `item`, `object`).
    public static let all: [SOAPOperation] = [
        .init(
            "Logon", session: false, "Authenticates a user and opens a session on the user's home server.",
            request: [P("user", .string), P("password", .string)],
            response: [
                P("session", .string), P("expiresAt", .long), P("storeGUID", .guid), P("storeEntryID", .base64),
                P("homeServer", .string),
            ]),
        .init("Logoff", "Ends the session: its token is revoked.", request: [], response: []),
        .init(
            "GetStore", "The session's store: entry id and store properties (incl. standard folder entry ids).",
            request: [P("tags", .tags, .optional)], response: [P("storeEntryID", .base64), P("props", .properties)]),
        .init(
            "GetHierarchy", "The folders under a folder, as a table.",
            request: [P("folder", .base64), P("recursive", .boolean, .optional), P("query", .tableQuery, .optional)],
            response: [P("rows", .rows), P("totalCount", .int)]),
        .init(
            "CreateFolder", "Creates a folder.",
            request: [P("parent", .base64), P("name", .string), P("props", .properties, .optional)],
            response: [P("entryID", .base64), P("sourceKey", .base64), P("changeKey", .base64)]),
        .init("DeleteFolder", "Deletes a folder and everything in it.", request: [P("folder", .base64)], response: []),
        .init(
            "EmptyFolder", "Deletes every item in a folder (soft unless hard).",
            request: [P("folder", .base64), P("hard", .boolean, .optional)], response: []),
        .init(
            "CreateItem", "Creates an item with recipients and (small) attachments.",
            request: [
                P("folder", .base64), P("props", .properties), P("recipients", .rows, .optional),
                P("attachment", .newAttachment, .many),
            ],
            response: [P("entryID", .base64), P("sourceKey", .base64), P("changeKey", .base64)]),
        .init(
            "GetItem", "An item's properties, recipient table and attachment table.",
            request: [P("item", .base64), P("tags", .tags, .optional)],
            response: [P("props", .properties), P("recipients", .rows), P("attachments", .rows)]),
        .init(
            "GetProps", "Properties of a store, folder or item (all, or the given tags).",
            request: [P("object", .base64), P("tags", .tags, .optional)], response: [P("props", .properties)]),
        .init(
            "SetProps", "Sets properties of a folder or item.",
            request: [P("object", .base64), P("props", .properties)], response: [P("changeKey", .base64)]),
        .init(
            "DeleteProps", "Deletes properties of a folder or item.",
            request: [P("object", .base64), P("tags", .tags)], response: [P("changeKey", .base64)]),
        .init(
            "QueryRows", "A stateless page of a folder's contents table: columns, restriction, sort, offset, limit.",
            request: [P("folder", .base64), P("query", .tableQuery)], response: [P("rows", .rows), P("totalCount", .int)]),
        .init(
            "MoveItems", "Moves items to another folder.",
            request: [P("items", .entryIDs), P("destination", .base64)], response: []),
        .init(
            "CopyItems", "Copies items to another folder.",
            request: [P("items", .entryIDs), P("destination", .base64)], response: [P("items", .entryIDs)]),
        .init(
            "DeleteItems", "Deletes items (soft unless hard).",
            request: [P("items", .entryIDs), P("hard", .boolean, .optional)], response: []),
        .init(
            "SetReadFlags", "Marks items read or unread.",
            request: [P("items", .entryIDs), P("read", .boolean)], response: []),
        .init(
            "GetIDsFromNames", "Maps named properties to property ids (0 where unmapped and not created).",
            request: [P("name", .namedProperty, .many), P("create", .boolean, .optional)],
            response: [P("id", .unsignedShort, .many)]),
        .init(
            "GetNamesFromIDs", "Maps property ids back to named properties (absent where unknown).",
            request: [P("id", .unsignedShort, .many)], response: [P("mapping", .namedPropertyMapping, .many)]),
        .init(
            "CreateAttachment",
            "Adds an attachment to an item. With more=true the data is only the first chunk: the answer is an upload id for AppendAttachment instead of attachNum.",
            request: [
                P("item", .base64), P("props", .properties), P("data", .base64, .optional), P("more", .boolean, .optional),
            ],
            response: [P("attachNum", .int, .optional), P("upload", .string, .optional)]),
        .init(
            "AppendAttachment",
            "The next chunk of an attachment upload; offset is the number of bytes sent before it. The last chunk (more=false) attaches it and answers attachNum.",
            request: [P("upload", .string), P("offset", .long), P("data", .base64), P("more", .boolean, .optional)],
            response: [P("attachNum", .int, .optional), P("received", .long)]),
        .init(
            "GetAttachment", "An attachment's properties and a chunk of its data.",
            request: [P("item", .base64), P("attachNum", .int), P("offset", .long, .optional), P("length", .int, .optional)],
            response: [P("props", .properties), P("data", .base64), P("totalSize", .long)]),
        .init("SubmitMessage", "Submits an item for delivery.", request: [P("item", .base64)], response: []),
        .init(
            "GetChanges", "ICS export: changes of a folder's contents (or of the hierarchy) since a sync state.",
            request: [
                P("folder", .base64, .optional), P("hierarchy", .boolean, .optional), P("syncState", .base64, .optional),
                P("batchSize", .int, .optional),
            ],
            response: [P("change", .change, .many), P("syncState", .base64), P("more", .boolean)]),
        .init(
            "ImportChanges", "ICS import: changes made by the client, with conflict detection.",
            request: [P("folder", .base64), P("change", .change, .many)], response: [P("outcome", .string, .many)]),
        .init(
            "Search", "Full-text search in a folder (optionally its subfolders).",
            request: [P("folder", .base64), P("query", .string), P("recursive", .boolean, .optional), P("limit", .int, .optional)],
            response: [P("items", .entryIDs)]),
        .init(
            "ExportItem", "An item as eml, ics or vcf.",
            request: [P("item", .base64), P("format", .string)], response: [P("data", .base64)]),
        .init(
            "ImportItem", "Creates an item from eml, ics or vcf.",
            request: [P("folder", .base64), P("format", .string), P("data", .base64)], response: [P("entryID", .base64)]),
        .init(
            "GetNotifications", "Long poll: waits up to timeoutSeconds for new mail and item or folder changes.",
            request: [P("cursor", .long, .optional), P("timeoutSeconds", .int, .optional)],
            response: [P("notification", .notification, .many), P("cursor", .long)]),
        .init(
            "ResolveUser", "Looks a user up in the directory (admin).",
            request: [P("name", .string)],
            response: [
                P("userID", .string), P("displayName", .string), P("email", .string, .optional),
                P("homeServer", .string), P("serverURL", .string, .optional),
            ]),
        .init(
            "ServerDetails", "This node: name, version, the servers it serves (admin).", request: [],
            response: [P("node", .string), P("version", .string), P("server", .string, .many)]),
        .init(
            "ClusterMembers", "The nodes of the cluster and their state (admin).", request: [],
            response: [P("member", .clusterMember, .many)]),
        .init(
            "Placement", "Which server a user's store lives on and which node serves it (admin).",
            request: [P("user", .string)], response: [P("homeServer", .string), P("node", .string), P("url", .string)]),
    ]
}
