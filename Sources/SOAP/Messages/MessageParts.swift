import MAPI

/// The parts of a wrapper element, checked against the operation's declaration: every child is
/// a declared part in the Tessera namespace, `.one` parts occur once, `.optional` parts at most
/// once, and there is no text between them. Accessors then convert each part to its value,
/// each failure a `MAPI_E_INVALID_PARAMETER` naming the part.
public struct MessageParts: Sendable {
    /// The wrapper element.
    public let element: XML.Element
    private let byName: [String: [XML.Element]]

    /// Checks `element`'s children against `declared`.
    public init(_ element: XML.Element, declared: [SOAPOperation.Part]) throws(MAPIError) {
        self.element = element
        guard element.hasOnlyWhitespaceText else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> holds text outside its parts")
        }
        var byName: [String: [XML.Element]] = [:]
        let occurs = Dictionary(uniqueKeysWithValues: declared.map { ($0.name, $0.occurs) })
        for child in element.children {
            guard child.name.namespace == SOAPNamespace.tessera, occurs[child.name.local] != nil else {
                throw MAPIError(.invalidParameter, "<\(element.name.local)> has no part <\(child.name)>")
            }
            byName[child.name.local, default: []].append(child)
        }
        for part in declared {
            let count = byName[part.name]?.count ?? 0
            switch part.occurs {
            case .one where count != 1:
                throw MAPIError(.invalidParameter, "<\(element.name.local)> needs exactly one <\(part.name)>, found \(count)")
            case .optional where count > 1:
                throw MAPIError(.invalidParameter, "<\(element.name.local)> has more than one <\(part.name)>")
            default: break
            }
        }
        self.byName = byName
    }

    /// The part's elements (zero or more).
    public func elements(_ name: String) -> [XML.Element] { byName[name] ?? [] }

    /// The part's element, nil when absent.
    public func optional(_ name: String) -> XML.Element? { byName[name]?.first }

    /// The part's element; `MAPI_E_INVALID_PARAMETER` when absent.
    public func required(_ name: String) throws(MAPIError) -> XML.Element {
        guard let element = optional(name) else {
            throw MAPIError(.invalidParameter, "<\(self.element.name.local)> lacks <\(name)>")
        }
        return element
    }

    // MARK: Typed accessors (required / optional)

    public func string(_ name: String) throws(MAPIError) -> String { try MAPIXML.string(required(name)) }
    public func optionalString(_ name: String) throws(MAPIError) -> String? { try optional(name).map(MAPIXML.string) }
    public func base64(_ name: String) throws(MAPIError) -> [UInt8] { try MAPIXML.binary(required(name)) }
    public func optionalBase64(_ name: String) throws(MAPIError) -> [UInt8]? { try optional(name).map(MAPIXML.binary) }
    public func boolean(_ name: String) throws(MAPIError) -> Bool { try MAPIXML.boolean(required(name)) }
    public func optionalBoolean(_ name: String) throws(MAPIError) -> Bool? { try optional(name).map(MAPIXML.boolean) }
    public func int(_ name: String) throws(MAPIError) -> Int32 { try MAPIXML.integer(required(name), Int32.self) }
    public func optionalInt(_ name: String) throws(MAPIError) -> Int32? {
        try optional(name).map { e throws(MAPIError) in try MAPIXML.integer(e, Int32.self) }
    }
    public func long(_ name: String) throws(MAPIError) -> Int64 { try MAPIXML.integer(required(name), Int64.self) }
    public func optionalLong(_ name: String) throws(MAPIError) -> Int64? {
        try optional(name).map { e throws(MAPIError) in try MAPIXML.integer(e, Int64.self) }
    }
    public func guid(_ name: String) throws(MAPIError) -> GUID { try MAPIXML.guid(required(name)) }
    public func properties(_ name: String) throws(MAPIError) -> [Property] { try MAPIXML.properties(from: required(name)) }
    public func optionalProperties(_ name: String) throws(MAPIError) -> [Property]? {
        try optional(name).map { e throws(MAPIError) in try MAPIXML.properties(from: e) }
    }
    public func tags(_ name: String) throws(MAPIError) -> [PropertyTag] { try MAPIXML.tags(from: required(name)) }
    public func optionalTags(_ name: String) throws(MAPIError) -> [PropertyTag]? {
        try optional(name).map { e throws(MAPIError) in try MAPIXML.tags(from: e) }
    }
    public func tableQuery(_ name: String) throws(MAPIError) -> TableQuery { try MAPIXML.tableQuery(from: required(name)) }
    public func optionalTableQuery(_ name: String) throws(MAPIError) -> TableQuery? {
        try optional(name).map { e throws(MAPIError) in try MAPIXML.tableQuery(from: e) }
    }
    public func rows(_ name: String) throws(MAPIError) -> [[Property]] { try MAPIXML.rows(from: required(name)) }
    public func optionalRows(_ name: String) throws(MAPIError) -> [[Property]]? {
        try optional(name).map { e throws(MAPIError) in try MAPIXML.rows(from: e) }
    }
    public func entryIDs(_ name: String) throws(MAPIError) -> [[UInt8]] { try MAPIXML.entryIDs(from: required(name)) }
    /// Every occurrence of a repeated part, each converted by `read`.
    public func many<T>(_ name: String, _ read: (XML.Element) throws(MAPIError) -> T) throws(MAPIError) -> [T] {
        try elements(name).map { e throws(MAPIError) in try read(e) }
    }
}

extension XML.Writer {
    /// `<t:name>text</t:name>` (strings XML cannot carry go as base64, as property strings do).
    public mutating func part(_ name: String, string: String) {
        if XML.Writer.isRepresentable(string) {
            element("t:" + name, text: string)
        } else {
            element("t:" + name, ["encoding": "base64"], text: Base64.encode(Array(string.utf8)))
        }
    }
    public mutating func part(_ name: String, base64 bytes: [UInt8]) { element("t:" + name, text: Base64.encode(bytes)) }
    public mutating func part(_ name: String, boolean: Bool) { element("t:" + name, text: boolean ? "true" : "false") }
    public mutating func part(_ name: String, integer: some FixedWidthInteger) { element("t:" + name, text: String(integer)) }
    public mutating func part(_ name: String, guid: GUID) { element("t:" + name, text: guid.description) }
    public mutating func part(_ name: String, properties: [Property]) { MAPIXML.write(properties: properties, as: name, to: &self) }
    public mutating func part(_ name: String, tags: [PropertyTag]) { MAPIXML.write(tags: tags, as: name, to: &self) }
    public mutating func part(_ name: String, query: TableQuery) { MAPIXML.write(query, as: name, to: &self) }
    public mutating func part(_ name: String, rows: [[Property]]) { MAPIXML.write(rows: rows, as: name, to: &self) }
    public mutating func part(_ name: String, entryIDs: [[UInt8]]) { MAPIXML.write(entryIDs: entryIDs, as: name, to: &self) }

    /// Optional parts: nothing when nil.
    public mutating func part(_ name: String, string: String?) { if let string { part(name, string: string) } }
    public mutating func part(_ name: String, base64 bytes: [UInt8]?) { if let bytes { part(name, base64: bytes) } }
    public mutating func part(_ name: String, boolean: Bool?) { if let boolean { part(name, boolean: boolean) } }
    public mutating func part<I: FixedWidthInteger>(_ name: String, integer: I?) { if let integer { part(name, integer: integer) } }
    public mutating func part(_ name: String, properties: [Property]?) { if let properties { part(name, properties: properties) } }
    public mutating func part(_ name: String, tags: [PropertyTag]?) { if let tags { part(name, tags: tags) } }
    public mutating func part(_ name: String, query: TableQuery?) { if let query { part(name, query: query) } }
    public mutating func part(_ name: String, rows: [[Property]]?) { if let rows { part(name, rows: rows) } }
}
