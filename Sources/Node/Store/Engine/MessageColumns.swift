import Database
import MAPI

/// The plain columns of a `messages` row that tables sort and filter on, derived from its
/// properties. Strings are stored as sort keys: case-folded and cut to 255 code points, compared
/// byte-wise by both databases (and by the in-memory fallback, through ``SortKeys``).
struct MessageColumns {
    var flags: Int64?
    var messageClass: String?
    var subject: String?
    var sender: String?
    var deliveryTime: Int64?
    var createdTime: Int64?
    var modifiedTime: Int64?
    var importance: Int64?

    init(_ props: PropertySet) {
        flags = props[tag: .messageFlags]?.integer
        messageClass = props[tag: .messageClass]?.string.map(SortKeys.key)
        subject = props[tag: .subject]?.string.map(SortKeys.key)
        sender = props[tag: .senderName]?.string.map(SortKeys.key)
        deliveryTime = props[tag: .messageDeliveryTime]?.integer
        createdTime = props[tag: .creationTime]?.integer
        modifiedTime = props[tag: .lastModificationTime]?.integer
        importance = props[tag: .importance]?.integer
    }

    /// Values in the order of ``assignments``.
    var values: [SQLValue] {
        [
            flags.map(SQLValue.integer) ?? .null, messageClass.map(SQLValue.text) ?? .null,
            subject.map(SQLValue.text) ?? .null, sender.map(SQLValue.text) ?? .null,
            deliveryTime.map(SQLValue.integer) ?? .null, createdTime.map(SQLValue.integer) ?? .null,
            modifiedTime.map(SQLValue.integer) ?? .null, importance.map(SQLValue.integer) ?? .null,
        ]
    }

    static let names = [
        "flags", "message_class", "subject_key", "sender_key", "delivery_time", "created_time", "modified_time", "importance",
    ]
    static let assignments = names.map { "\($0) = ?" }.joined(separator: ", ")

    /// The column a property is kept in, if any, and whether it holds a folded string sort key.
    static func column(for tag: PropertyTag) -> (name: String, isString: Bool)? {
        switch tag.id {
        case PropertyTag.messageFlags.id: ("flags", false)
        case PropertyTag.messageClass.id: ("message_class", true)
        case PropertyTag.subject.id: ("subject_key", true)
        case PropertyTag.senderName.id: ("sender_key", true)
        case PropertyTag.messageDeliveryTime.id: ("delivery_time", false)
        case PropertyTag.creationTime.id: ("created_time", false)
        case PropertyTag.lastModificationTime.id: ("modified_time", false)
        case PropertyTag.importance.id: ("importance", false)
        case PropertyTag.messageSize.id: ("size", false)
        default: nil
        }
    }
}

/// Sort keys of strings, shared by the SQL columns and the in-memory sort so both order alike.
enum SortKeys {
    /// The most Unicode code points a key keeps. MariaDB's VARCHAR(255) counts code points, not
    /// Swift characters: a flag emoji is one character of two code points, so a key cut at 255
    /// characters can be too long for the column (and the insert fails in strict mode).
    static let maximumCharacters = 255

    static func key(_ string: String) -> String {
        let folded = StringFolding.fold(string)
        guard folded.unicodeScalars.count > maximumCharacters else { return folded }
        return String(String.UnicodeScalarView(folded.unicodeScalars.prefix(maximumCharacters)))
    }
}
