import Database
import MAPI

/// Translates a restriction into SQL over the plain columns of `messages`, when every part of
/// it can be translated exactly; otherwise nil and the table filters in memory with
/// ``Restriction/matches(_:subRows:)``, the reference semantics this must agree with.
///
/// Every fragment evaluates to 0 or 1, never NULL, so that NOT keeps MAPI's meaning: a
/// comparison on a property the row lacks is false, and its negation true.
struct SQLRestriction {
    var sql: String
    var parameters: [SQLValue]

    static func compile(_ restriction: Restriction) -> SQLRestriction? {
        switch restriction {
        case .and(let parts): return combine(parts, with: "AND", empty: "1")
        case .or(let parts): return combine(parts, with: "OR", empty: "0")
        case .not(let inner):
            guard let compiled = compile(inner) else { return nil }
            return SQLRestriction(sql: "(NOT \(compiled.sql))", parameters: compiled.parameters)
        case .property(let tag, let op, let value):
            guard let (column, isString) = column(for: tag), let parameter = parameter(value, isString: isString) else { return nil }
            return SQLRestriction(sql: "COALESCE(\(column) \(sqlOperator(op)) ?, 0)", parameters: [parameter])
        case .exists:
            // RES_EXIST holds whatever the type of the stored value, but a column is filled only
            // from a value of the column's type (a PR_IMPORTANCE stored as PT_SHORT leaves
            // `importance` NULL), so `column IS NOT NULL` is not exact: evaluate in memory.
            return nil
        case .bitmask(let tag, let mask, let test):
            guard let (column, isString) = column(for: tag), !isString else { return nil }
            let comparison = test == .equalsZero ? "= 0" : "<> 0"
            return SQLRestriction(sql: "COALESCE((\(column) & ?) \(comparison), 0)", parameters: [.integer(Int64(mask))])
        case .content, .compareProperties, .size, .sub:
            return nil
        }
    }

    private static func combine(_ parts: [Restriction], with joiner: String, empty: String) -> SQLRestriction? {
        guard !parts.isEmpty else { return SQLRestriction(sql: empty, parameters: []) }
        var sql: [String] = []
        var parameters: [SQLValue] = []
        for part in parts {
            guard let compiled = compile(part) else { return nil }
            sql.append(compiled.sql)
            parameters += compiled.parameters
        }
        return SQLRestriction(sql: "(" + sql.joined(separator: " \(joiner) ") + ")", parameters: parameters)
    }

    /// The column of a tag, only when the tag's type is the type the column was filled from.
    static func column(for tag: PropertyTag) -> (String, Bool)? {
        guard let (column, isString) = MessageColumns.column(for: tag), let type = tag.type else { return nil }
        switch tag.id {
        case PropertyTag.messageFlags.id, PropertyTag.importance.id, PropertyTag.messageSize.id:
            guard type == .long else { return nil }
        case PropertyTag.messageDeliveryTime.id, PropertyTag.creationTime.id, PropertyTag.lastModificationTime.id:
            guard type == .sysTime else { return nil }
        default:
            guard type == .unicode || type == .string8 else { return nil }
        }
        return (column, isString)
    }

    /// The bound value, when the column's stored form compares exactly like MAPI would.
    private static func parameter(_ value: PropertyValue, isString: Bool) -> SQLValue? {
        if isString {
            // Stored keys are cut at 255 code points; shorter constants still compare exactly.
            guard let string = value.string else { return nil }
            let folded = StringFolding.fold(string)
            guard folded.unicodeScalars.count < SortKeys.maximumCharacters else { return nil }
            return .text(folded)
        }
        switch value {
        case .short, .long, .i8, .sysTime: return value.integer.map(SQLValue.integer)
        default: return nil
        }
    }

    private static func sqlOperator(_ op: RelationalOperator) -> String {
        switch op {
        case .lessThan: "<"
        case .lessThanOrEqual: "<="
        case .greaterThan: ">"
        case .greaterThanOrEqual: ">="
        case .equal: "="
        case .notEqual: "<>"
        }
    }
}
