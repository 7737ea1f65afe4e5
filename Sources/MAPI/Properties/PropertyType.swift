/// The type half of a MAPI property tag (`PT_*`), as the low 16 bits of the tag.
///
/// Multi-valued forms set ``PropertyType/multiValueFlag`` (`MV_FLAG`, 0x1000) on the base type.
/// Only the types Tessera stores are cases; a tag whose type is none of these is invalid.
public enum PropertyType: UInt16, Sendable, CaseIterable, CustomStringConvertible {
    case short = 0x0002  // PT_SHORT / PT_I2
    case long = 0x0003  // PT_LONG
    case float = 0x0004  // PT_FLOAT / PT_R4
    case double = 0x0005  // PT_DOUBLE
    case currency = 0x0006  // PT_CURRENCY (Int64, 1/10000 units)
    case appTime = 0x0007  // PT_APPTIME (OLE automation date)
    case error = 0x000A  // PT_ERROR
    case boolean = 0x000B  // PT_BOOLEAN
    case i8 = 0x0014  // PT_I8
    case string8 = 0x001E  // PT_STRING8
    case unicode = 0x001F  // PT_UNICODE
    case sysTime = 0x0040  // PT_SYSTIME (FILETIME)
    case clsid = 0x0048  // PT_CLSID
    case binary = 0x0102  // PT_BINARY

    case multiShort = 0x1002
    case multiLong = 0x1003
    case multiFloat = 0x1004
    case multiDouble = 0x1005
    case multiCurrency = 0x1006
    case multiAppTime = 0x1007
    case multiI8 = 0x1014
    case multiString8 = 0x101E
    case multiUnicode = 0x101F
    case multiSysTime = 0x1040
    case multiClsid = 0x1048
    case multiBinary = 0x1102

    /// `MV_FLAG`: set on the base type for multi-valued properties.
    public static let multiValueFlag: UInt16 = 0x1000

    /// Whether this is a multi-valued (`PT_MV_*`) type.
    public var isMultiValued: Bool { rawValue & Self.multiValueFlag != 0 }

    /// The single-valued type of a multi-valued one (itself when single-valued).
    public var elementType: PropertyType { PropertyType(rawValue: rawValue & ~Self.multiValueFlag)! }

    /// The multi-valued form of this type, where MAPI defines one.
    public var multiValued: PropertyType? {
        isMultiValued ? self : PropertyType(rawValue: rawValue | Self.multiValueFlag)
    }

    /// Whether values of this type are strings (PT_STRING8, PT_UNICODE).
    public var isString: Bool { elementType == .string8 || elementType == .unicode }

    /// The MAPI name, e.g. `PT_UNICODE` or `PT_MV_LONG`.
    public var description: String {
        let base: String
        switch elementType {
        case .short: base = "SHORT"
        case .long: base = "LONG"
        case .float: base = "FLOAT"
        case .double: base = "DOUBLE"
        case .currency: base = "CURRENCY"
        case .appTime: base = "APPTIME"
        case .error: base = "ERROR"
        case .boolean: base = "BOOLEAN"
        case .i8: base = "I8"
        case .string8: base = "STRING8"
        case .unicode: base = "UNICODE"
        case .sysTime: base = "SYSTIME"
        case .clsid: base = "CLSID"
        case .binary: base = "BINARY"
        default: base = "UNKNOWN"
        }
        return isMultiValued ? "PT_MV_\(base)" : "PT_\(base)"
    }
}
