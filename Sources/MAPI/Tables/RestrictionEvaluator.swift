/// The reference semantics of table restrictions: validation and in-memory evaluation.
///
/// The store translates restrictions into SQL for speed; that translation must give the same
/// rows as ``Restriction/matches(_:subRows:)`` on every row. The rules (MAPI's, simplified where
/// noted):
///
/// - A restriction names its property by tag. The row's value counts only when its type is the
///   tag's type, PT_STRING8 and PT_UNICODE (and their PT_MV_ forms) being interchangeable
///   (``PropertySet/subscript(tag:)``); a value of another type is treated as missing.
/// - RES_PROPERTY on a missing property is false (its RES_NOT true). Values compare with
///   ``ValueComparison``: numbers numerically, strings case-insensitively by folded bytes.
///   On a multi-valued property with a single-valued constant, the restriction holds when ANY
///   element satisfies it (so `.notEqual` holds when some element differs). This is MAPI's
///   MV_INSTANCE behaviour without the instance rows. A multi-valued constant is compared with
///   the whole value.
/// - RES_CONTENT works on strings and binaries (and any element of their PT_MV_ forms):
///   FL_FULLSTRING equality, FL_PREFIX, FL_SUBSTRING. With FL_IGNORECASE both sides are
///   folded (``StringFolding``); without it, the UTF-8 bytes must match exactly. Binaries always
///   match byte-exactly. An empty constant is a prefix and a substring of everything.
/// - RES_BITMASK on a missing property is false for both BMR_EQZ and BMR_NEZ. A PT_SHORT value
///   is zero-extended to 32 bits before masking.
/// - RES_SIZE compares ``PropertyValue/sizeInBytes`` (strings: UTF-8 bytes without terminator,
///   binaries: byte count, fixed types: their width); false when the property is missing.
/// - RES_EXIST holds when the row has the tag's id, whatever the type.
/// - RES_COMPAREPROPS holds when both properties are present and their comparison holds.
/// - RES_SUBRESTRICTION holds when any row of the recipient or attachment table matches.
/// - RES_AND of nothing is true, RES_OR of nothing false.
extension Restriction {
    /// Checks that the restriction is well-formed and small enough to run.
    ///
    /// - Invalid tags (unknown type, id 0 or 0xFFFF), RES_CONTENT on a property that is not a
    ///   string or binary, RES_BITMASK on anything but PT_LONG/PT_SHORT, a negative RES_SIZE:
    ///   `MAPI_E_INVALID_PARAMETER`.
    /// - A constant whose type does not fit the tag's type: `MAPI_E_INVALID_TYPE`.
    /// - Nesting deeper than `maxDepth`, more than `maxNodes` nodes, or a RES_SUBRESTRICTION
    ///   inside another: `MAPI_E_TOO_COMPLEX`.
    public func validate(maxDepth: Int = 64, maxNodes: Int = 10_000) throws(MAPIError) {
        var nodes = 0
        try validate(depth: 1, insideSub: false, maxDepth: maxDepth, maxNodes: maxNodes, nodes: &nodes)
    }

    private func validate(
        depth: Int, insideSub: Bool, maxDepth: Int, maxNodes: Int, nodes: inout Int
    ) throws(MAPIError) {
        guard depth <= maxDepth else {
            throw MAPIError(.tooComplex, "restriction is nested deeper than \(maxDepth) levels")
        }
        nodes += 1
        guard nodes <= maxNodes else {
            throw MAPIError(.tooComplex, "restriction has more than \(maxNodes) nodes")
        }
        switch self {
        case .and(let children), .or(let children):
            for child in children {
                try child.validate(
                    depth: depth + 1, insideSub: insideSub, maxDepth: maxDepth, maxNodes: maxNodes, nodes: &nodes)
            }
        case .not(let child):
            try child.validate(
                depth: depth + 1, insideSub: insideSub, maxDepth: maxDepth, maxNodes: maxNodes, nodes: &nodes)
        case .sub(let object, let child):
            guard !insideSub else {
                throw MAPIError(.tooComplex, "RES_SUBRESTRICTION on \(object) is nested inside another")
            }
            try child.validate(depth: depth + 1, insideSub: true, maxDepth: maxDepth, maxNodes: maxNodes, nodes: &nodes)
        case .property(let tag, _, let value):
            let type = try tag.validated().type!
            guard Self.fits(value.type, type) || (type.isMultiValued && Self.fits(value.type, type.elementType)) else {
                throw MAPIError(
                    .invalidType, "RES_PROPERTY on \(tag.diagnosticName) has a constant of type \(value.type)")
            }
        case .content(let tag, let value, _):
            let element = try tag.validated().type!.elementType
            switch element {
            case .string8, .unicode:
                guard value.type == .string8 || value.type == .unicode else {
                    throw MAPIError(
                        .invalidType, "RES_CONTENT on \(tag.diagnosticName) needs a string constant, not \(value.type)")
                }
            case .binary:
                guard value.type == .binary else {
                    throw MAPIError(
                        .invalidType, "RES_CONTENT on \(tag.diagnosticName) needs a binary constant, not \(value.type)")
                }
            default:
                throw MAPIError(
                    .invalidParameter, "RES_CONTENT applies to string and binary properties, not \(tag.diagnosticName)")
            }
        case .compareProperties(let left, _, let right):
            let a = try left.validated().type!
            let b = try right.validated().type!
            guard Self.fits(a, b) else {
                throw MAPIError(
                    .invalidType,
                    "RES_COMPAREPROPS compares \(left.diagnosticName) with \(right.diagnosticName) of another type")
            }
        case .bitmask(let tag, _, _):
            let type = try tag.validated().type!
            guard type == .long || type == .short else {
                throw MAPIError(
                    .invalidParameter, "RES_BITMASK applies to PT_LONG and PT_SHORT properties, not \(tag.diagnosticName)")
            }
        case .size(let tag, _, let bytes):
            _ = try tag.validated()
            guard bytes >= 0 else {
                throw MAPIError(.invalidParameter, "RES_SIZE on \(tag.diagnosticName) has a negative size \(bytes)")
            }
        case .exists(let tag):
            _ = try tag.validated()
        }
    }

    /// Whether values of type `a` can stand for the type `b` (equal, or both strings of the same
    /// multi-valuedness).
    static func fits(_ a: PropertyType, _ b: PropertyType) -> Bool {
        a == b || (a.isString && b.isString && a.isMultiValued == b.isMultiValued)
    }

    /// Whether the row matches, with MAPI semantics (see the extension's documentation).
    ///
    /// `subRows` gives the recipient or attachment rows of the row's message, for
    /// RES_SUBRESTRICTION. Run only restrictions that passed ``validate(maxDepth:maxNodes:)``
    /// (which bounds the recursion here); constants of an unfitting type simply do not match.
    public func matches(_ row: PropertySet, subRows: (SubObject) -> [PropertySet]) -> Bool {
        switch self {
        case .and(let children):
            return children.allSatisfy { $0.matches(row, subRows: subRows) }
        case .or(let children):
            return children.contains { $0.matches(row, subRows: subRows) }
        case .not(let child):
            return !child.matches(row, subRows: subRows)
        case .sub(let object, let child):
            return subRows(object).contains { child.matches($0, subRows: { _ in [] }) }
        case .property(let tag, let op, let constant):
            guard let value = row[tag: tag] else { return false }
            if value.type.isMultiValued && !constant.type.isMultiValued {
                return Self.elements(of: value).contains { ValueComparison.holds($0, op, constant) }
            }
            return ValueComparison.holds(value, op, constant)
        case .compareProperties(let left, let op, let right):
            guard let a = row[tag: left], let b = row[tag: right] else { return false }
            return ValueComparison.holds(a, op, b)
        case .content(let tag, let constant, let match):
            guard let value = row[tag: tag] else { return false }
            let candidates = value.type.isMultiValued ? Self.elements(of: value) : [value]
            return candidates.contains { Self.contentMatches($0, constant, match) }
        case .bitmask(let tag, let mask, let test):
            let bits: UInt32
            switch row[tag: tag] {
            case .long(let v)?: bits = UInt32(bitPattern: v)
            case .short(let v)?: bits = UInt32(UInt16(bitPattern: v))
            default: return false
            }
            return (bits & mask == 0) == (test == .equalsZero)
        case .size(let tag, let op, let bytes):
            guard let value = row[tag: tag] else { return false }
            return Ordering.of(value.sizeInBytes, bytes).satisfies(op)
        case .exists(let tag):
            return row.contains(id: tag.id)
        }
    }

    /// Whether the row matches, for rows without recipient or attachment tables.
    public func matches(_ row: PropertySet) -> Bool {
        matches(row, subRows: { _ in [] })
    }

    /// The elements of a multi-valued value as single values.
    static func elements(of value: PropertyValue) -> [PropertyValue] {
        switch value {
        case .multiShort(let v): v.map { .short($0) }
        case .multiLong(let v): v.map { .long($0) }
        case .multiFloat(let v): v.map { .float($0) }
        case .multiDouble(let v): v.map { .double($0) }
        case .multiCurrency(let v): v.map { .currency($0) }
        case .multiAppTime(let v): v.map { .appTime($0) }
        case .multiI8(let v): v.map { .i8($0) }
        case .multiString8(let v): v.map { .string8($0) }
        case .multiUnicode(let v): v.map { .unicode($0) }
        case .multiSysTime(let v): v.map { .sysTime($0) }
        case .multiClsid(let v): v.map { .clsid($0) }
        case .multiBinary(let v): v.map { .binary($0) }
        default: [value]
        }
    }

    /// RES_CONTENT on one single value.
    static func contentMatches(_ value: PropertyValue, _ constant: PropertyValue, _ match: ContentMatch) -> Bool {
        let haystack: [UInt8]
        let needle: [UInt8]
        switch (value, constant) {
        case (.binary(let v), .binary(let c)):
            haystack = v
            needle = c
        default:
            guard let v = value.string, let c = constant.string else { return false }
            if match.ignoreCase {
                haystack = StringFolding.foldedBytes(v)
                needle = StringFolding.foldedBytes(c)
            } else {
                haystack = Array(v.utf8)
                needle = Array(c.utf8)
            }
        }
        switch match.position {
        case .fullString: return haystack == needle
        case .prefix: return haystack.starts(with: needle)
        case .substring: return contains(haystack, needle)
        }
    }

    /// Whether `needle` occurs in `haystack` as contiguous bytes. UTF-8 is self-synchronising, so
    /// on string bytes this is a match of whole code points.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        let last = haystack.count - needle.count
        var start = 0
        while start <= last {
            guard let hit = haystack[start...last].firstIndex(of: first) else { return false }
            if haystack[hit..<hit + needle.count].elementsEqual(needle) { return true }
            start = hit + 1
        }
        return false
    }
}

extension PropertyValue {
    /// The size RES_SIZE compares: UTF-8 bytes of a string (no terminator), the byte count of a
    /// binary, the width of a fixed-size type (as in ``PropertyCodec``: PT_SHORT 2, PT_LONG,
    /// PT_FLOAT and PT_ERROR 4, PT_BOOLEAN 1, 8-byte types 8, PT_CLSID 16), and for multi-valued
    /// properties the sum over their elements.
    public var sizeInBytes: Int {
        switch self {
        case .short: 2
        case .long, .float, .error: 4
        case .double, .currency, .appTime, .i8, .sysTime: 8
        case .boolean: 1
        case .clsid: 16
        case .string8(let s), .unicode(let s): s.utf8.count
        case .binary(let b): b.count
        case .multiShort(let v): 2 * v.count
        case .multiLong(let v): 4 * v.count
        case .multiFloat(let v): 4 * v.count
        case .multiDouble(let v), .multiAppTime(let v): 8 * v.count
        case .multiCurrency(let v), .multiI8(let v): 8 * v.count
        case .multiSysTime(let v): 8 * v.count
        case .multiClsid(let v): 16 * v.count
        case .multiString8(let v), .multiUnicode(let v): v.reduce(0) { $0 + $1.utf8.count }
        case .multiBinary(let v): v.reduce(0) { $0 + $1.count }
        }
    }
}
