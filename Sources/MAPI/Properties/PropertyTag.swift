/// A MAPI property tag: `id << 16 | type`.
///
/// A tag is just 32 bits; whether its type is one Tessera stores is asked with ``type`` (nil for
/// unknown types) or enforced with ``validated()``. Ids from 0x8000 up are named properties,
/// mapped per server (see ``NamedProperty``).
public struct PropertyTag: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The raw 32-bit tag.
    public let rawValue: UInt32

    /// Wraps a raw tag without checking it.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Builds a tag from a property id and a type.
    public init(id: UInt16, type: PropertyType) {
        self.rawValue = UInt32(id) << 16 | UInt32(type.rawValue)
    }

    /// The property id (high 16 bits).
    public var id: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }

    /// The raw type (low 16 bits), known or not.
    public var rawType: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// The type, or nil when the low 16 bits name no type Tessera stores.
    public var type: PropertyType? { PropertyType(rawValue: rawType) }

    /// Whether the id is in the named-property range (≥ 0x8000).
    public var isNamed: Bool { id >= NamedProperty.firstMappedID }

    /// The same id with another type.
    public func with(type: PropertyType) -> PropertyTag { PropertyTag(id: id, type: type) }

    /// The tag itself if its type is known and its id is neither 0 (`PROP_ID_NULL`) nor 0xFFFF
    /// (`PROP_ID_INVALID`); otherwise `MAPI_E_INVALID_PARAMETER`.
    public func validated() throws(MAPIError) -> PropertyTag {
        guard type != nil else {
            throw MAPIError(.invalidParameter, "property tag \(self) has an unknown type 0x\(hex4(rawType))")
        }
        guard id != 0 else { throw MAPIError(.invalidParameter, "property tag \(self) has id 0") }
        guard id != 0xFFFF else { throw MAPIError(.invalidParameter, "property tag \(self) has the invalid id 0xFFFF") }
        return self
    }

    /// Order of the raw 32-bit tags (by id, then type).
    public static func < (lhs: PropertyTag, rhs: PropertyTag) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `0x0037001F` style.
    public var description: String {
        "0x" + hex4(id) + hex4(rawType)
    }
}

/// Four upper-case hex digits.
func hex4(_ value: UInt16) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - digits.count) + digits
}
