/// A MAPI table restriction (`SRestriction`): the filter of a stateless table query.
///
/// Semantics follow MAPI: a property comparison on a property the row lacks is false (and its
/// `.not` true); content restrictions apply to string and binary properties only.
public indirect enum Restriction: Hashable, Sendable {
    /// RES_AND: every sub-restriction holds (true when empty).
    case and([Restriction])
    /// RES_OR: at least one sub-restriction holds (false when empty).
    case or([Restriction])
    /// RES_NOT.
    case not(Restriction)
    /// RES_CONTENT: the property contains / starts with / equals the value.
    case content(tag: PropertyTag, value: PropertyValue, match: ContentMatch)
    /// RES_PROPERTY: the property compared with a constant.
    case property(tag: PropertyTag, op: RelationalOperator, value: PropertyValue)
    /// RES_COMPAREPROPS: two properties of the same row compared.
    case compareProperties(PropertyTag, RelationalOperator, PropertyTag)
    /// RES_BITMASK: `(value & mask) == 0` (`.equalsZero`) or `!= 0` (`.notEqualsZero`).
    case bitmask(tag: PropertyTag, mask: UInt32, test: BitmaskTest)
    /// RES_SIZE: the size in bytes of the property's value compared with a constant.
    case size(tag: PropertyTag, op: RelationalOperator, bytes: Int)
    /// RES_EXIST: the row has the property.
    case exists(PropertyTag)
    /// RES_SUBRESTRICTION: some recipient or attachment row of a message matches.
    case sub(SubObject, Restriction)
}

/// The rows a sub-restriction looks into.
public enum SubObject: Hashable, Sendable {
    /// PR_MESSAGE_RECIPIENTS: the recipient table.
    case recipients
    /// PR_MESSAGE_ATTACHMENTS: the attachment table.
    case attachments
}

/// RELOP_*.
public enum RelationalOperator: UInt32, Hashable, Sendable {
    case lessThan = 0, lessThanOrEqual = 1, greaterThan = 2, greaterThanOrEqual = 3, equal = 4, notEqual = 5
}

/// BMR_EQZ / BMR_NEZ.
public enum BitmaskTest: UInt32, Hashable, Sendable {
    case equalsZero = 0, notEqualsZero = 1
}

/// The fuzzy level of RES_CONTENT: where the value must occur, and whether case is ignored.
public struct ContentMatch: Hashable, Sendable {
    /// FL_FULLSTRING / FL_SUBSTRING / FL_PREFIX.
    public enum Position: UInt32, Hashable, Sendable { case fullString = 0, substring = 1, prefix = 2 }

    /// Where the value must occur.
    public var position: Position
    /// FL_IGNORECASE (Unicode case folding).
    public var ignoreCase: Bool

    /// A match at `position`, case-sensitive unless `ignoreCase`.
    public init(_ position: Position, ignoreCase: Bool = false) {
        self.position = position
        self.ignoreCase = ignoreCase
    }

    /// MAPI's `ulFuzzyLevel` bits (FL_IGNORECASE = 0x10000).
    public var fuzzyLevel: UInt32 { position.rawValue | (ignoreCase ? 0x0001_0000 : 0) }

    /// From MAPI's `ulFuzzyLevel`; nil for an unknown position. FL_LOOSE and FL_IGNORENONSPACE are
    /// accepted and treated as FL_IGNORECASE.
    public init?(fuzzyLevel: UInt32) {
        guard let position = Position(rawValue: fuzzyLevel & 0xFFFF) else { return nil }
        self.position = position
        self.ignoreCase = fuzzyLevel & 0x0007_0000 != 0
    }
}
