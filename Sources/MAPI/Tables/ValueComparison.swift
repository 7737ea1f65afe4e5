/// The result of comparing two values.
public enum Ordering: Int, Hashable, Sendable {
    /// The first value sorts before the second.
    case less = -1
    /// Both sort together.
    case equal = 0
    /// The first value sorts after the second.
    case greater = 1

    /// The ordering of two comparable values.
    @inline(__always)
    public static func of<T: Comparable>(_ a: T, _ b: T) -> Ordering {
        a < b ? .less : (b < a ? .greater : .equal)
    }

    /// Byte-wise lexicographic order (memcmp, then the shorter first).
    public static func lexicographic(_ a: some Sequence<UInt8>, _ b: some Sequence<UInt8>) -> Ordering {
        var i = a.makeIterator()
        var j = b.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return .equal
            case (nil, _): return .less
            case (_, nil): return .greater
            case (let x?, let y?): if x != y { return x < y ? .less : .greater }
            }
        }
    }

    /// The reverse order (for descending sort keys).
    public var reversed: Ordering { Ordering(rawValue: -rawValue)! }
}

/// The total order of property values that table sorts use; the store's SQL ordering must agree.
///
/// - A missing value (nil) sorts before every present value.
/// - Numbers compare numerically across PT_SHORT, PT_LONG, PT_I8, PT_CURRENCY (raw units),
///   PT_BOOLEAN (0/1), PT_SYSTIME (raw FILETIME) as integers, and PT_FLOAT, PT_DOUBLE, PT_APPTIME
///   as doubles; integers and doubles compare exactly. NaN sorts after every number and equal
///   to NaN; -0.0 equals 0.0.
/// - PT_STRING8 and PT_UNICODE compare case-insensitively by ``StringFolding`` bytes.
/// - PT_BINARY compares byte-wise, then shorter first; PT_CLSID by its 16 stored bytes;
///   PT_ERROR by code.
/// - Multi-valued values compare element-wise, then shorter first, within the same classes.
/// - Values of different classes order by class, and the classes in the order of their lowest
///   type value: numbers, PT_ERROR, strings, PT_CLSID, PT_BINARY, then the multi-valued classes
///   in the same order. This keeps the order total and deterministic.
public enum ValueComparison {
    /// Compares two possibly missing values.
    public static func compare(_ a: PropertyValue?, _ b: PropertyValue?) -> Ordering {
        switch (a, b) {
        case (nil, nil): return .equal
        case (nil, _): return .less
        case (_, nil): return .greater
        case (let a?, let b?): return compare(a, b)
        }
    }

    /// Compares two present values.
    public static func compare(_ a: PropertyValue, _ b: PropertyValue) -> Ordering {
        switch (Scalar(a), Scalar(b)) {
        case (let x?, let y?): return x.compare(y)
        case (_?, nil): return .less  // single-valued before multi-valued
        case (nil, _?): return .greater
        case (nil, nil): break
        }
        let x = elements(a)
        let y = elements(b)
        if x.rank != y.rank { return Ordering.of(x.rank, y.rank) }
        for (p, q) in zip(x.values, y.values) {
            let order = p.compare(q)
            if order != .equal { return order }
        }
        return Ordering.of(x.values.count, y.values.count)
    }

    /// Whether `a op b` holds under this order (for RES_PROPERTY and RES_COMPAREPROPS).
    public static func holds(_ a: PropertyValue, _ op: RelationalOperator, _ b: PropertyValue) -> Bool {
        compare(a, b).satisfies(op)
    }

    /// A single value reduced to what ordering needs.
    enum Scalar {
        case integer(Int64)
        case real(Double)
        case error(UInt32)
        case string(String)
        case guid(GUID)
        case binary([UInt8])

        init?(_ value: PropertyValue) {
            switch value {
            case .short(let v): self = .integer(Int64(v))
            case .long(let v): self = .integer(Int64(v))
            case .i8(let v), .currency(let v): self = .integer(v)
            case .boolean(let v): self = .integer(v ? 1 : 0)
            case .sysTime(let v): self = .integer(v.rawValue)
            case .float(let v): self = .real(Double(v))
            case .double(let v), .appTime(let v): self = .real(v)
            case .error(let v): self = .error(v)
            case .string8(let v), .unicode(let v): self = .string(v)
            case .clsid(let v): self = .guid(v)
            case .binary(let v): self = .binary(v)
            default: return nil
            }
        }

        /// The class order: numbers, errors, strings, GUIDs, binaries.
        var rank: Int {
            switch self {
            case .integer, .real: 0
            case .error: 1
            case .string: 2
            case .guid: 3
            case .binary: 4
            }
        }

        func compare(_ other: Scalar) -> Ordering {
            switch (self, other) {
            case (.integer(let a), .integer(let b)): return Ordering.of(a, b)
            case (.real(let a), .real(let b)): return compareReals(a, b)
            case (.integer(let a), .real(let b)): return compareMixed(a, b)
            case (.real(let a), .integer(let b)): return compareMixed(b, a).reversed
            case (.error(let a), .error(let b)): return Ordering.of(a, b)
            case (.string(let a), .string(let b)): return a == b ? .equal : StringFolding.compare(a, b)
            case (.guid(let a), .guid(let b)): return Ordering.lexicographic(a.bytes, b.bytes)
            case (.binary(let a), .binary(let b)): return Ordering.lexicographic(a, b)
            default: return Ordering.of(rank, other.rank)
            }
        }
    }

    /// The elements of a multi-valued value and the rank of its class (after all single ranks).
    private static func elements(_ value: PropertyValue) -> (rank: Int, values: [Scalar]) {
        switch value {
        case .multiShort(let v): (5, v.map { .integer(Int64($0)) })
        case .multiLong(let v): (5, v.map { .integer(Int64($0)) })
        case .multiI8(let v), .multiCurrency(let v): (5, v.map { .integer($0) })
        case .multiSysTime(let v): (5, v.map { .integer($0.rawValue) })
        case .multiFloat(let v): (5, v.map { .real(Double($0)) })
        case .multiDouble(let v), .multiAppTime(let v): (5, v.map { .real($0) })
        case .multiString8(let v), .multiUnicode(let v): (7, v.map { .string($0) })
        case .multiClsid(let v): (8, v.map { .guid($0) })
        case .multiBinary(let v): (9, v.map { .binary($0) })
        default: (Scalar(value)?.rank ?? 0, Scalar(value).map { [$0] } ?? [])
        }
    }

    /// Doubles with NaN last (equal to NaN).
    private static func compareReals(_ a: Double, _ b: Double) -> Ordering {
        switch (a.isNaN, b.isNaN) {
        case (true, true): .equal
        case (true, false): .greater
        case (false, true): .less
        case (false, false): Ordering.of(a, b)
        }
    }

    /// An integer against a double, exactly (no rounding of large integers).
    private static func compareMixed(_ a: Int64, _ b: Double) -> Ordering {
        if b.isNaN { return .less }
        if b >= 0x1p63 { return .less }
        if b < -0x1p63 { return .greater }
        // Truncation toward zero is exact in this range (and needs no libm `floor`).
        let whole = Int64(b)
        if a != whole { return Ordering.of(a, whole) }
        let fraction = b - Double(whole)
        return fraction > 0 ? .less : (fraction < 0 ? .greater : .equal)
    }
}

extension Ordering {
    /// Whether this ordering of `a` against `b` satisfies `a op b`.
    public func satisfies(_ op: RelationalOperator) -> Bool {
        switch op {
        case .lessThan: self == .less
        case .lessThanOrEqual: self != .greater
        case .greaterThan: self == .greater
        case .greaterThanOrEqual: self != .less
        case .equal: self == .equal
        case .notEqual: self != .equal
        }
    }
}
