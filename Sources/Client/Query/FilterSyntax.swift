/// The CLI's `--where` mini-language: one condition per expression, several expressions all
/// apply (AND).
///
/// | expression | restriction |
/// |---|---|
/// | `subject~report` | subject contains `report`, ignoring case (RES_CONTENT substring) |
/// | `subject^Re:` | subject starts with `Re:`, ignoring case (RES_CONTENT prefix) |
/// | `from=Alice`, `size>=1M`, `date<2024-05-01`, `importance!=low` | RES_PROPERTY with `= != < <= > >=` |
/// | `read=false`, `read=true` | MSGFLAG_READ clear or set (RES_BITMASK) |
/// | `body?` | the property exists (RES_EXIST) |
/// | `!subject~draft` | the negation (RES_NOT) |
///
/// Fields are ``QueryField`` names. Values are read by the field's type: text as is (inside
/// optional double quotes); integers with an optional `k`, `M` or `G` (×1024); booleans
/// `true`/`false`/`yes`/`no`/`1`/`0`; dates as ``DateText``; importance also
/// `low`/`normal`/`high`; binaries as hex.
public enum FilterSyntax {
    /// The restriction of all `expressions` (nil for none).
    public static func restriction(_ expressions: [String]) throws(TesseraClientError) -> Restriction? {
        let parts = try expressions.map { text throws(TesseraClientError) in try restriction(text) }
        switch parts.count {
        case 0: return nil
        case 1: return parts[0]
        default: return .and(parts)
        }
    }

    /// The restriction of one expression.
    public static func restriction(_ expression: String) throws(TesseraClientError) -> Restriction {
        var text = expression.trimmingWhitespace()
        var negated = false
        if text.hasPrefix("!") {
            negated = true
            text = text.dropFirst().trimmingWhitespace()
        }
        let fieldEnd = text.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? text.endIndex
        guard fieldEnd > text.startIndex else { throw invalid(expression, "it does not start with a field name") }
        let field = text[..<fieldEnd]
        let rest = text[fieldEnd...].trimmingWhitespace()
        guard let op = Operator.allCases.first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw invalid(expression, "expected one of ~ ^ = != < <= > >= ? after \"\(field)\"")
        }
        let value = unquote(rest.dropFirst(op.rawValue.count).trimmingWhitespace())
        let restriction = try condition(field: field, op: op, value: value, expression: expression)
        return negated ? .not(restriction) : restriction
    }

    /// The operators, two-character ones first so that `<=` is not read as `<`.
    enum Operator: String, CaseIterable {
        case notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">="
        case contains = "~", startsWith = "^", equal = "=", less = "<", greater = ">", exists = "?"

        var relational: RelationalOperator? {
            switch self {
            case .equal: .equal
            case .notEqual: .notEqual
            case .less: .lessThan
            case .lessOrEqual: .lessThanOrEqual
            case .greater: .greaterThan
            case .greaterOrEqual: .greaterThanOrEqual
            case .contains, .startsWith, .exists: nil
            }
        }
    }

    private static func condition(field: Substring, op: Operator, value: Substring, expression: String) throws(TesseraClientError)
        -> Restriction
    {
        if field.lowercased() == QueryField.read {
            return try readCondition(op: op, value: value, expression: expression)
        }
        let tag = try QueryField.tag(named: field)
        switch op {
        case .exists:
            guard value.isEmpty else { throw invalid(expression, "? takes no value") }
            return .exists(tag)
        case .contains, .startsWith:
            guard let type = tag.type, type.elementType == .unicode || type.elementType == .string8 || type.elementType == .binary
            else { throw invalid(expression, "\(op.rawValue) applies to text fields only") }
            let match = ContentMatch(op == .contains ? .substring : .prefix, ignoreCase: true)
            return .content(tag: tag, value: try PropertyValueText.parse(value, as: tag, expression: expression), match: match)
        default:
            return .property(tag: tag, op: op.relational!, value: try PropertyValueText.parse(value, as: tag, expression: expression))
        }
    }

    private static func readCondition(op: Operator, value: Substring, expression: String) throws(TesseraClientError) -> Restriction {
        guard op == .equal || op == .notEqual, let wanted = PropertyValueText.boolean(value) else {
            throw invalid(expression, "read takes =true, =false, !=true or !=false")
        }
        let isSet = wanted == (op == .equal)
        return .bitmask(tag: .messageFlags, mask: MessageFlags.read.rawValue, test: isSet ? .notEqualsZero : .equalsZero)
    }

    private static func unquote(_ text: Substring) -> Substring {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? text.dropFirst().dropLast() : text
    }

    static func invalid(_ expression: String, _ why: String) -> TesseraClientError {
        TesseraClientError(.invalidArgument, "--where \"\(expression)\": \(why)")
    }
}
