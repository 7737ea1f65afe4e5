/// The name of a journal field, valid as journald requires (systemd's `journal_field_valid`):
/// 1 to 64 characters of `A`–`Z`, `0`–`9` and `_`, not starting with a digit, and not with `_`
/// either (such names are journald's own trusted fields: it ignores them from clients).
///
/// ``init(metadataKey:)`` makes one from a swift-log metadata key: `http.address` becomes
/// `HTTP_ADDRESS`. A key that would name a field journald or Tessera gives a meaning of its own
/// (`message`, `priority`, `code.file`, `unit`, …) is kept apart with the prefix `TESSERA_`,
/// as is one that starts with a digit or `_`.
public struct JournalFieldName: Sendable, Hashable, CustomStringConvertible {
    /// The name.
    public let rawValue: String

    /// The longest name journald takes.
    public static let maximumLength = 64
    /// What marks a name made from a metadata key that could not stand as it is.
    public static let prefix = "TESSERA_"

    /// `MESSAGE`: the text of the entry.
    public static let message = JournalFieldName(known: "MESSAGE")
    /// `PRIORITY`: the syslog level, 0 (emergency) to 7 (debug).
    public static let priority = JournalFieldName(known: "PRIORITY")
    /// `SYSLOG_IDENTIFIER`: the program, `journalctl -t` matches it.
    public static let syslogIdentifier = JournalFieldName(known: "SYSLOG_IDENTIFIER")
    /// `CODE_FILE`: the source file that logged.
    public static let codeFile = JournalFieldName(known: "CODE_FILE")
    /// `CODE_LINE`: its line.
    public static let codeLine = JournalFieldName(known: "CODE_LINE")
    /// `CODE_FUNC`: its function.
    public static let codeFunction = JournalFieldName(known: "CODE_FUNC")
    /// `TESSERA_LABEL`: the swift-log logger's label (`tessera.node`).
    public static let label = JournalFieldName(known: "TESSERA_LABEL")
    /// `TESSERA_SOURCE`: swift-log's source, the module that logged (`HTTP`, `Node`).
    public static let source = JournalFieldName(known: "TESSERA_SOURCE")
    /// `TESSERA_DROPPED`: on the entry that reports lost records, how many.
    public static let dropped = JournalFieldName(known: "TESSERA_DROPPED")

    /// Names with a meaning to journald or journalctl (systemd.journal-fields(7)) or to this
    /// handler: a metadata key never takes one of them.
    static let reserved: Set<String> = [
        "MESSAGE", "MESSAGE_ID", "PRIORITY", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "ERRNO", "INVOCATION_ID",
        "USER_INVOCATION_ID", "SYSLOG_FACILITY", "SYSLOG_IDENTIFIER", "SYSLOG_PID", "SYSLOG_TIMESTAMP", "SYSLOG_RAW",
        "DOCUMENTATION", "TID", "UNIT", "USER_UNIT", "TESSERA_LABEL", "TESSERA_SOURCE", "TESSERA_DROPPED",
    ]
    /// Prefixes of field families with a meaning to journalctl (`OBJECT_SYSTEMD_UNIT` is matched
    /// by `-u`, `COREDUMP_UNIT` too).
    static let reservedPrefixes = ["OBJECT_", "COREDUMP_"]

    /// A name this handler writes; checked.
    private init(known name: String) {
        precondition(Self.isValid(name), "not a journal field name: \(name)")
        rawValue = name
    }

    /// The field name for a metadata key (a nested key's parts joined by `.`): letters
    /// upper-cased, anything but `A`–`Z`, `0`–`9` and `_` made `_` (one per character), the
    /// prefix `TESSERA_` where the result starts with a digit or `_`, is empty or is reserved,
    /// then cut to 64 characters.
    public init(metadataKey key: String) {
        var name = String(String.UnicodeScalarView(key.unicodeScalars.map(Self.fieldCharacter)))
        if name.isEmpty || name.first == "_" || name.first!.isNumber || Self.reserved.contains(name)
            || Self.reservedPrefixes.contains(where: name.hasPrefix)
        {
            name = Self.prefix + name
        }
        rawValue = String(name.prefix(Self.maximumLength))
    }

    /// Whether journald takes `name` from a client.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= maximumLength, first != UInt8(ascii: "_") else { return false }
        guard !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    private static func fieldCharacter(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "a"..."z": Unicode.Scalar(scalar.value - 32)!
        case "A"..."Z", "0"..."9", "_": scalar
        default: "_"
        }
    }

    /// The name.
    public var description: String { rawValue }
}
