/// A value bound to or read from a SQL statement: the common ground of SQLite and MariaDB.
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The integer, or nil.
    public var integer: Int64? {
        if case .integer(let v) = self { return v }
        return nil
    }

    /// The text, or nil (a blob is read as UTF-8 text, since MariaDB may return text as bytes).
    public var text: String? {
        switch self {
        case .text(let s): s
        case .blob(let b): String(decoding: b, as: UTF8.self)
        default: nil
        }
    }

    /// The bytes, or nil (text is returned as its UTF-8 bytes).
    public var blob: [UInt8]? {
        switch self {
        case .blob(let b): b
        case .text(let s): Array(s.utf8)
        default: nil
        }
    }

    /// The double, or nil (integers convert).
    public var real: Double? {
        switch self {
        case .real(let d): d
        case .integer(let i): Double(i)
        default: nil
        }
    }

    /// Whether this is SQL NULL.
    public var isNull: Bool { self == .null }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// A row of a result set, columns in the order of the SELECT list.
public struct SQLRow: Sendable {
    /// The column values.
    public var values: [SQLValue]

    public init(_ values: [SQLValue]) { self.values = values }

    public subscript(_ index: Int) -> SQLValue { values[index] }

    /// Column `index` as an integer; throws when it is not one (NULL included).
    public func integer(_ index: Int) throws(DatabaseError) -> Int64 {
        guard let v = values[index].integer else {
            throw DatabaseError(.typeMismatch, "column \(index) is \(values[index]), not an integer")
        }
        return v
    }

    /// Column `index` as text; throws when it is NULL.
    public func text(_ index: Int) throws(DatabaseError) -> String {
        guard let v = values[index].text else {
            throw DatabaseError(.typeMismatch, "column \(index) is NULL, not text")
        }
        return v
    }

    /// Column `index` as bytes; throws when it is NULL.
    public func blob(_ index: Int) throws(DatabaseError) -> [UInt8] {
        guard let v = values[index].blob else {
            throw DatabaseError(.typeMismatch, "column \(index) is NULL, not a blob")
        }
        return v
    }
}
