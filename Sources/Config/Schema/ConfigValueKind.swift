/// What a configuration key holds. The kind drives checking (type, range, format), how an
/// environment variable's text is read, and the "type" column of `docs/configuration.md`.
public indirect enum ConfigValueKind: Sendable {
    /// Any string.
    case string
    /// A name of a node, router or server: 1–64 letters, digits, `.`, `_`, `-`, starting with
    /// a letter or digit.
    case name
    /// One of these strings.
    case choice([String])
    /// An integer in the range.
    case integer(ClosedRange<Int64>)
    /// An integer or float in the range.
    case number(ClosedRange<Double>)
    /// `true` or `false`.
    case boolean
    /// Seconds as a number, or a string with units (`250ms`, `30s`, `5m`, `8h`, `1d`), in the
    /// range (seconds).
    case duration(ClosedRange<Double>)
    /// Bytes as an integer, or a string with a unit (`16 KiB`, `4 MiB`), in the range.
    case byteSize(ClosedRange<Int64>)
    /// `host:port` (``HostPort``).
    case hostPort
    /// `IP:port` with an IP literal, as cluster addresses are (``MemberAddress``).
    case ipPort
    /// An `http://` or `https://` URL with a host.
    case url
    /// The path part of a URL: starts with `/`.
    case urlPath
    /// A file-system path (not checked: the process creates or opens it when it starts).
    case path
    /// A file-system path that must name a readable file when the configuration is loaded.
    case readableFile
    /// A database location: `sqlite:PATH` or `mariadb://…` (``DatabaseLocation``).
    case database
    /// An LDAP distinguished name (RFC 4514).
    case distinguishedName
    /// A string that is never printed; `KEY_file = PATH` may give it instead (the file's
    /// content, one trailing newline removed).
    case secret
    /// The path of a keyring file (``KeyFile``), read and checked when the configuration is
    /// loaded.
    case keyFile(KeyFile.Lengths)
    /// An array of values of one kind, with this many elements.
    case array(ConfigValueKind, count: ClosedRange<Int>)
    /// `[low, high]`: two integers in the bounds, low ≤ high.
    case integerRange(ClosedRange<Int64>)
    /// A table (`[name]`).
    case table(TableSchema)
    /// An array of tables (`[[name]]`), with this many elements.
    case tables(TableSchema, count: ClosedRange<Int>)

    /// Whether an environment variable's text is taken as a string when not quoted.
    var takesBareString: Bool {
        switch self {
        case .string, .name, .choice, .hostPort, .ipPort, .url, .urlPath, .path, .readableFile, .database,
             .distinguishedName, .secret, .keyFile:
            true
        default:
            false
        }
    }

    /// The type column of the reference: `string`, `"a" | "b"`, `integer 1–65535`, ….
    public var documentation: String {
        switch self {
        case .string: "string"
        case .name: "name"
        case .choice(let values): values.map { "`\"\($0)\"`" }.joined(separator: " \\| ")
        case .integer(let range): "integer \(Self.describe(range))"
        case .number(let range): "number \(Self.describe(range.lowerBound))–\(Self.describe(range.upperBound))"
        case .boolean: "boolean"
        case .duration: "duration"
        case .byteSize: "size"
        case .hostPort: "host:port"
        case .ipPort: "IP:port"
        case .url: "URL"
        case .urlPath: "URL path"
        case .path: "path"
        case .readableFile: "file"
        case .database: "database location"
        case .distinguishedName: "DN"
        case .secret: "secret"
        case .keyFile(let lengths): "key file (\(lengths))"
        case .array(let element, _): "array of \(element.documentation)"
        case .integerRange(let bounds): "[low, high] within \(Self.describe(bounds))"
        case .table: "table"
        case .tables: "array of tables"
        }
    }

    /// What a value of this kind looks like, for "expected …" messages.
    var expectation: String {
        switch self {
        case .string, .path, .readableFile: "a string"
        case .name: "a name (letters, digits, . _ -)"
        case .choice(let values): "one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .duration: "a duration (seconds, or a string like \"30s\", \"5m\", \"8h\")"
        case .byteSize: "a size (bytes, or a string like \"16 KiB\", \"4 MiB\")"
        case .hostPort: "a \"host:port\" string"
        case .ipPort: "an \"IP:port\" string"
        case .url: "an http:// or https:// URL"
        case .urlPath: "a URL path starting with /"
        case .database: "a database location (sqlite:PATH or mariadb://USER@HOST/DATABASE)"
        case .distinguishedName: "a distinguished name (string)"
        case .secret: "a string"
        case .keyFile: "the path of a key file (string)"
        case .array(let element, _): "an array of \(element.documentation)"
        case .integerRange: "an array of two integers [low, high]"
        case .table: "a table"
        case .tables: "one or more [[tables]]"
        }
    }

    static func describe(_ range: ClosedRange<Int64>) -> String {
        "\(range.lowerBound)–\(range.upperBound == .max ? "…" : String(range.upperBound))"
    }

    static func describe(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
