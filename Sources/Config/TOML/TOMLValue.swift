/// One TOML value. Tables and arrays hold ``TOMLNode``s, so every value keeps its position.
public enum TOMLValue: Hashable, Sendable {
    /// A string (basic, literal or multi-line; escapes resolved).
    case string(String)
    /// A 64-bit integer (decimal, hexadecimal, octal or binary in the text).
    case integer(Int64)
    /// A float, including `inf` and `nan`.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An offset or local date-time, local date or local time, kept as written.
    case dateTime(TOMLDateTime)
    /// An array (elements may differ in type, as TOML 1.0 allows).
    case array([TOMLNode])
    /// A table: standard, inline, implicit or an element of an array of tables.
    case table(TOMLTable)

    /// The TOML name of the value's type, for messages: `string`, `integer`, `float`,
    /// `boolean`, `date-time`, `array`, `table`.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .dateTime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// A value and where it starts in the text.
public struct TOMLNode: Hashable, Sendable {
    /// The value.
    public var value: TOMLValue
    /// Where its first character is (for a table: its header, or its first key).
    public var position: TOMLPosition

    /// A node.
    public init(_ value: TOMLValue, at position: TOMLPosition = .start) {
        self.value = value
        self.position = position
    }
}

/// A date, time or date-time as written (RFC 3339), already checked for range (month 1–12,
/// day within the month, hour 0–23, …).
public struct TOMLDateTime: Hashable, Sendable, CustomStringConvertible {
    /// Which of TOML's four forms.
    public enum Kind: String, Hashable, Sendable {
        /// `1979-05-27T07:32:00Z`, `1979-05-27 00:32:00.5-07:00`.
        case offsetDateTime
        /// `1979-05-27T07:32:00`.
        case localDateTime
        /// `1979-05-27`.
        case localDate
        /// `07:32:00`, `00:32:00.999999`.
        case localTime
    }

    /// The form.
    public var kind: Kind
    /// The text as written.
    public var text: String

    /// A date-time.
    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    /// The text as written.
    public var description: String { text }
}
