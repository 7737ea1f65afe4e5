import MAPI

/// `GetProps`: properties of a store, folder or item.
public struct GetPropsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = GetPropsResponse
    public static let operationName = "GetProps"
    public var object: [UInt8]
    public var tags: [PropertyTag]?

    public init(object: [UInt8], tags: [PropertyTag]? = nil) {
        self.object = object
        self.tags = tags
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(object: try parts.base64("object"), tags: try parts.optionalTags("tags"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("object", base64: object)
        writer.part("tags", tags: tags)
    }
}

public struct GetPropsResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "GetProps"
    public var properties: [Property]

    public init(properties: [Property]) { self.properties = properties }
    public init(parts: MessageParts) throws(MAPIError) { self.init(properties: try parts.properties("props")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("props", properties: properties) }
}

/// `SetProps`.
public struct SetPropsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = ChangeKeyResponse<SetPropsRequest>
    public static let operationName = "SetProps"
    public var object: [UInt8]
    public var properties: [Property]

    public init(object: [UInt8], properties: [Property]) {
        self.object = object
        self.properties = properties
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(object: try parts.base64("object"), properties: try parts.properties("props"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("object", base64: object)
        writer.part("props", properties: properties)
    }
}

/// `DeleteProps`.
public struct DeletePropsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = ChangeKeyResponse<DeletePropsRequest>
    public static let operationName = "DeleteProps"
    public var object: [UInt8]
    public var tags: [PropertyTag]

    public init(object: [UInt8], tags: [PropertyTag]) {
        self.object = object
        self.tags = tags
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(object: try parts.base64("object"), tags: try parts.tags("tags"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        writer.part("object", base64: object)
        writer.part("tags", tags: tags)
    }
}

/// The object's new change key.
public struct ChangeKeyResponse<Request: SOAPRequestMessage>: SOAPResponseMessage, Hashable {
    public static var operationName: String { Request.operationName }
    public var changeKey: [UInt8]

    public init(changeKey: [UInt8]) { self.changeKey = changeKey }
    public init(parts: MessageParts) throws(MAPIError) { self.init(changeKey: try parts.base64("changeKey")) }
    public func writeParts(to writer: inout XML.Writer) { writer.part("changeKey", base64: changeKey) }
}

/// `GetIDsFromNames`: named properties → property ids (0 where unmapped and not created).
public struct GetIDsFromNamesRequest: SOAPRequestMessage, Hashable {
    public typealias Response = GetIDsFromNamesResponse
    public static let operationName = "GetIDsFromNames"
    public var names: [NamedProperty]
    public var create: Bool?

    public init(names: [NamedProperty], create: Bool? = nil) {
        self.names = names
        self.create = create
    }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(names: try parts.many("name", MAPIXML.namedProperty), create: try parts.optionalBoolean("create"))
    }

    public func writeParts(to writer: inout XML.Writer) {
        for name in names { MAPIXML.write(name, as: "name", to: &writer) }
        writer.part("create", boolean: create)
    }
}

public struct GetIDsFromNamesResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "GetIDsFromNames"
    /// One id per requested name, in order.
    public var ids: [UInt16]

    public init(ids: [UInt16]) { self.ids = ids }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(ids: try parts.many("id") { e throws(MAPIError) in try MAPIXML.integer(e, UInt16.self) })
    }

    public func writeParts(to writer: inout XML.Writer) {
        for id in ids { writer.part("id", integer: id) }
    }
}

/// `GetNamesFromIDs`: property ids → named properties.
public struct GetNamesFromIDsRequest: SOAPRequestMessage, Hashable {
    public typealias Response = GetNamesFromIDsResponse
    public static let operationName = "GetNamesFromIDs"
    public var ids: [UInt16]

    public init(ids: [UInt16]) { self.ids = ids }

    public init(parts: MessageParts) throws(MAPIError) {
        self.init(ids: try parts.many("id") { e throws(MAPIError) in try MAPIXML.integer(e, UInt16.self) })
    }

    public func writeParts(to writer: inout XML.Writer) {
        for id in ids { writer.part("id", integer: id) }
    }
}

public struct GetNamesFromIDsResponse: SOAPResponseMessage, Hashable {
    public static let operationName = "GetNamesFromIDs"
    /// One mapping per requested id, in order (`name` nil where unknown).
    public var mappings: [NamedPropertyMapping]

    public init(mappings: [NamedPropertyMapping]) { self.mappings = mappings }
    public init(parts: MessageParts) throws(MAPIError) { self.init(mappings: try parts.many("mapping", NamedPropertyMapping.init)) }

    public func writeParts(to writer: inout XML.Writer) {
        for mapping in mappings { mapping.write(as: "mapping", to: &writer) }
    }
}
