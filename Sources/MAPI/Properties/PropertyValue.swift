/// A typed MAPI property value. Each case is one ``PropertyType``.
///
/// PT_STRING8 and PT_UNICODE are both held as Swift strings (UTF-8 on the wire and on disk, as
/// Kopano does); the case keeps which type the client asked for.
public enum PropertyValue: Hashable, Sendable {
    /// PT_SHORT.
    case short(Int16)
    /// PT_LONG.
    case long(Int32)
    /// PT_FLOAT.
    case float(Float)
    /// PT_DOUBLE.
    case double(Double)
    /// PT_CURRENCY: a 64-bit integer in units of 1/10,000.
    case currency(Int64)
    /// PT_APPTIME: days since 1899-12-30 as a double (OLE automation date).
    case appTime(Double)
    /// PT_ERROR: a property that could not be read carries the SCODE instead.
    case error(UInt32)
    /// PT_BOOLEAN.
    case boolean(Bool)
    /// PT_I8 (64-bit integer).
    case i8(Int64)
    /// PT_STRING8 (held as UTF-8 like PT_UNICODE).
    case string8(String)
    /// PT_UNICODE.
    case unicode(String)
    /// PT_SYSTIME.
    case sysTime(FileTime)
    /// PT_CLSID.
    case clsid(GUID)
    /// PT_BINARY.
    case binary([UInt8])

    /// PT_MV_SHORT.
    case multiShort([Int16])
    /// PT_MV_LONG.
    case multiLong([Int32])
    /// PT_MV_FLOAT.
    case multiFloat([Float])
    /// PT_MV_DOUBLE.
    case multiDouble([Double])
    /// PT_MV_CURRENCY.
    case multiCurrency([Int64])
    /// PT_MV_APPTIME.
    case multiAppTime([Double])
    /// PT_MV_I8.
    case multiI8([Int64])
    /// PT_MV_STRING8.
    case multiString8([String])
    /// PT_MV_UNICODE.
    case multiUnicode([String])
    /// PT_MV_SYSTIME.
    case multiSysTime([FileTime])
    /// PT_MV_CLSID.
    case multiClsid([GUID])
    /// PT_MV_BINARY.
    case multiBinary([[UInt8]])

    /// The property type this value has.
    public var type: PropertyType {
        switch self {
        case .short: .short
        case .long: .long
        case .float: .float
        case .double: .double
        case .currency: .currency
        case .appTime: .appTime
        case .error: .error
        case .boolean: .boolean
        case .i8: .i8
        case .string8: .string8
        case .unicode: .unicode
        case .sysTime: .sysTime
        case .clsid: .clsid
        case .binary: .binary
        case .multiShort: .multiShort
        case .multiLong: .multiLong
        case .multiFloat: .multiFloat
        case .multiDouble: .multiDouble
        case .multiCurrency: .multiCurrency
        case .multiAppTime: .multiAppTime
        case .multiI8: .multiI8
        case .multiString8: .multiString8
        case .multiUnicode: .multiUnicode
        case .multiSysTime: .multiSysTime
        case .multiClsid: .multiClsid
        case .multiBinary: .multiBinary
        }
    }

    /// The string of a PT_STRING8 or PT_UNICODE value.
    public var string: String? {
        switch self {
        case .string8(let s), .unicode(let s): s
        default: nil
        }
    }

    /// The integer of a PT_SHORT, PT_LONG, PT_I8, PT_CURRENCY or PT_BOOLEAN value.
    public var integer: Int64? {
        switch self {
        case .short(let v): Int64(v)
        case .long(let v): Int64(v)
        case .i8(let v), .currency(let v): v
        case .boolean(let v): v ? 1 : 0
        case .error(let v): Int64(v)
        case .sysTime(let t): t.rawValue
        default: nil
        }
    }

    /// The bytes of a PT_BINARY value.
    public var bytes: [UInt8]? {
        if case .binary(let b) = self { return b }
        return nil
    }
}

/// A property tag with its value.
public struct Property: Hashable, Sendable {
    /// The tag; its type is the value's type.
    public var tag: PropertyTag { PropertyTag(id: id, type: value.type) }
    /// The property id.
    public var id: UInt16
    /// The value.
    public var value: PropertyValue

    /// A property from an id and a value (the tag's type comes from the value).
    public init(id: UInt16, value: PropertyValue) {
        self.id = id
        self.value = value
    }

    /// A property from a tag and a value; the value must have the tag's type.
    public init(_ tag: PropertyTag, _ value: PropertyValue) throws(MAPIError) {
        guard tag.type == value.type else {
            throw MAPIError(
                .invalidType,
                "property \(tag) expects \(tag.type.map(String.init(describing:)) ?? "an unknown type") but got \(value.type)")
        }
        self.id = tag.id
        self.value = value
    }
}
