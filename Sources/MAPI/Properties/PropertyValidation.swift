/// Size limits for property values a client may store.
///
/// Large attachment data is streamed to the blob store and never passes through these checks as
/// one value; the limits guard the per-object property column and the SOAP layer's memory.
public struct PropertyLimits: Hashable, Sendable {
    /// The most UTF-8 bytes of one string (or one string element of a PT_MV_ string). Default
    /// 4 MiB: large enough for any real body, small enough to keep a row cheap.
    public var maxStringBytes: Int
    /// The most bytes of one binary (or one element of a PT_MV_BINARY). Default 16 MiB
    /// (PR_HTML, PR_RTF_COMPRESSED and inline attachment data of ordinary mail).
    public var maxBinaryBytes: Int
    /// The most elements of a multi-valued property. Default 4096.
    public var maxValues: Int
    /// The most bytes of all elements of one multi-valued property together. Default 16 MiB.
    public var maxMultiValueBytes: Int

    /// Limits with the documented defaults, or the given values.
    public init(
        maxStringBytes: Int = 4 << 20,
        maxBinaryBytes: Int = 16 << 20,
        maxValues: Int = 4096,
        maxMultiValueBytes: Int = 16 << 20
    ) {
        self.maxStringBytes = maxStringBytes
        self.maxBinaryBytes = maxBinaryBytes
        self.maxValues = maxValues
        self.maxMultiValueBytes = maxMultiValueBytes
    }

    /// The documented defaults.
    public static let `default` = PropertyLimits()
}

/// The checks a property must pass before the store accepts it from a client.
public enum PropertyValidation {
    /// Checks a tag and a value to be stored under it.
    ///
    /// - An unknown type, id 0 or id 0xFFFF: `MAPI_E_INVALID_PARAMETER`.
    /// - A value whose type is not exactly the tag's type (no string8/unicode conversion here):
    ///   `MAPI_E_INVALID_TYPE`.
    /// - A string containing NUL: `MAPI_E_INVALID_PARAMETER`.
    /// - A string, binary or multi-valued property over the ``PropertyLimits``: `MAPI_E_TOO_BIG`.
    ///
    /// NaN floats and doubles are accepted.
    public static func validate(
        _ tag: PropertyTag, _ value: PropertyValue, limits: PropertyLimits = .default
    ) throws(MAPIError) {
        let tag = try tag.validated()
        guard tag.type == value.type else {
            throw MAPIError(.invalidType, "\(tag.diagnosticName) expects \(tag.rawTypeDescription) but got \(value.type)")
        }
        switch value {
        case .string8(let s), .unicode(let s):
            try check(string: s, tag, limits)
        case .binary(let b):
            try check(binary: b, tag, limits)
        case .multiString8(let v), .multiUnicode(let v):
            try check(count: v.count, tag, limits)
            var total = 0
            for s in v {
                try check(string: s, tag, limits)
                total += s.utf8.count
            }
            try check(total: total, tag, limits)
        case .multiBinary(let v):
            try check(count: v.count, tag, limits)
            var total = 0
            for b in v {
                try check(binary: b, tag, limits)
                total += b.count
            }
            try check(total: total, tag, limits)
        case .multiShort(let v): try check(count: v.count, tag, limits)
        case .multiLong(let v): try check(count: v.count, tag, limits)
        case .multiFloat(let v): try check(count: v.count, tag, limits)
        case .multiDouble(let v), .multiAppTime(let v): try check(count: v.count, tag, limits)
        case .multiCurrency(let v), .multiI8(let v): try check(count: v.count, tag, limits)
        case .multiSysTime(let v): try check(count: v.count, tag, limits)
        case .multiClsid(let v): try check(count: v.count, tag, limits)
        case .short, .long, .float, .double, .currency, .appTime, .error, .boolean, .i8, .sysTime, .clsid:
            break
        }
    }

    /// Checks a property (its tag is the value's type, so only the id and the value are checked).
    public static func validate(_ property: Property, limits: PropertyLimits = .default) throws(MAPIError) {
        try validate(property.tag, property.value, limits: limits)
    }

    private static func check(string: String, _ tag: PropertyTag, _ limits: PropertyLimits) throws(MAPIError) {
        let bytes = string.utf8.count
        guard bytes <= limits.maxStringBytes else {
            throw MAPIError(
                .tooBig, "\(tag.diagnosticName) string of \(bytes) bytes exceeds the limit of \(limits.maxStringBytes)")
        }
        guard !string.utf8.contains(0) else {
            throw MAPIError(.invalidParameter, "\(tag.diagnosticName) string contains NUL")
        }
    }

    private static func check(binary: [UInt8], _ tag: PropertyTag, _ limits: PropertyLimits) throws(MAPIError) {
        guard binary.count <= limits.maxBinaryBytes else {
            throw MAPIError(
                .tooBig,
                "\(tag.diagnosticName) binary of \(binary.count) bytes exceeds the limit of \(limits.maxBinaryBytes)")
        }
    }

    private static func check(count: Int, _ tag: PropertyTag, _ limits: PropertyLimits) throws(MAPIError) {
        guard count <= limits.maxValues else {
            throw MAPIError(
                .tooBig, "\(tag.diagnosticName) has \(count) values, more than the limit of \(limits.maxValues)")
        }
    }

    private static func check(total: Int, _ tag: PropertyTag, _ limits: PropertyLimits) throws(MAPIError) {
        guard total <= limits.maxMultiValueBytes else {
            throw MAPIError(
                .tooBig,
                "\(tag.diagnosticName) values total \(total) bytes, more than the limit of \(limits.maxMultiValueBytes)")
        }
    }
}
