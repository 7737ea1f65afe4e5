import MAPI
import Testing

/// One row, one restriction, the expected answer.
struct RestrictionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let restriction: Restriction
    let expected: Bool
    init(_ name: String, _ restriction: Restriction, _ expected: Bool) {
        self.name = name
        self.restriction = restriction
        self.expected = expected
    }
    var testDescription: String { name }
}

private let multiLongTag = PropertyTag(id: 0x8001, type: .multiLong)
private let keywordsTag = PropertyTag(id: 0x8002, type: .multiUnicode)
private let shortTag = PropertyTag(id: 0x8003, type: .short)
private let missing = PropertyTag(id: 0x8FFF, type: .unicode)

/// The message row every case runs against.
let sampleRow = PropertySet([
    Property(id: PropertyTag.subject.id, value: .unicode("Re: Ärger im Büro")),
    Property(id: PropertyTag.messageClass.id, value: .string8("IPM.Note")),
    Property(id: PropertyTag.messageFlags.id, value: .long(0x0009)),  // read | unsent
    Property(id: PropertyTag.importance.id, value: .long(2)),
    Property(id: PropertyTag.messageSize.id, value: .long(1500)),
    Property(id: PropertyTag.hasAttachments.id, value: .boolean(true)),
    Property(id: PropertyTag.html.id, value: .binary([0x3C, 0x62, 0x3E, 0x00, 0xFF])),
    Property(id: PropertyTag.messageDeliveryTime.id, value: .sysTime(FileTime(unixSeconds: 1_700_000_000))),
    Property(id: PropertyTag.clientSubmitTime.id, value: .sysTime(FileTime(unixSeconds: 1_600_000_000))),
    Property(id: multiLongTag.id, value: .multiLong([1, 5, 9])),
    Property(id: keywordsTag.id, value: .multiUnicode(["Work", "Urgent"])),
    Property(id: shortTag.id, value: .short(-1)),
    Property(id: PropertyTag.displayTo.id, value: .unicode("")),
])

@Suite struct RestrictionEvaluatorTests {
    static let cases: [RestrictionCase] = [
        // RES_AND / RES_OR / RES_NOT
        .init("empty and", .and([]), true),
        .init("empty or", .or([]), false),
        .init("not of empty or", .not(.or([])), true),
        .init("and of true and false", .and([.exists(.subject), .exists(missing)]), false),
        .init("or of false and true", .or([.exists(missing), .exists(.subject)]), true),

        // RES_PROPERTY
        .init("long equal", .property(tag: .importance, op: .equal, value: .long(2)), true),
        .init("long not equal", .property(tag: .importance, op: .notEqual, value: .long(2)), false),
        .init("long less", .property(tag: .messageSize, op: .lessThan, value: .long(2000)), true),
        .init("long greater or equal", .property(tag: .messageSize, op: .greaterThanOrEqual, value: .long(1500)), true),
        .init("long greater", .property(tag: .messageSize, op: .greaterThan, value: .long(1500)), false),
        .init("boolean equal", .property(tag: .hasAttachments, op: .equal, value: .boolean(true)), true),
        .init(
            "systime after",
            .property(tag: .messageDeliveryTime, op: .greaterThan, value: .sysTime(FileTime(unixSeconds: 1_650_000_000))),
            true),
        .init("string equal ignores case", .property(tag: .subject, op: .equal, value: .unicode("RE: ÄRGER IM BÜRO")), true),
        .init("string equal decomposed", .property(tag: .subject, op: .equal, value: .unicode("re: a\u{308}rger im bu\u{308}ro")), true),
        .init("string less by bytes", .property(tag: .subject, op: .lessThan, value: .unicode("Z")), true),
        .init("string8 row, unicode tag", .property(tag: .messageClass, op: .equal, value: .unicode("ipm.note")), true),
        .init("string8 constant, unicode tag", .property(tag: .subject, op: .notEqual, value: .string8("x")), true),
        .init("missing property is false", .property(tag: missing, op: .notEqual, value: .unicode("x")), false),
        .init("not of missing property is true", .not(.property(tag: missing, op: .equal, value: .unicode("x"))), true),
        .init(
            "row type differs from tag type: missing",
            .property(tag: PropertyTag(id: PropertyTag.importance.id, type: .short), op: .equal, value: .short(2)), false),
        .init("empty string equals empty", .property(tag: .displayTo, op: .equal, value: .unicode("")), true),

        // RES_PROPERTY on multi-valued properties: any element
        .init("mv any element equal", .property(tag: multiLongTag, op: .equal, value: .long(5)), true),
        .init("mv no element equal", .property(tag: multiLongTag, op: .equal, value: .long(4)), false),
        .init("mv any element greater", .property(tag: multiLongTag, op: .greaterThan, value: .long(8)), true),
        .init("mv some element differs", .property(tag: multiLongTag, op: .notEqual, value: .long(5)), true),
        .init("mv string any element, case folded", .property(tag: keywordsTag, op: .equal, value: .unicode("urgent")), true),
        .init("mv whole value equal", .property(tag: multiLongTag, op: .equal, value: .multiLong([1, 5, 9])), true),
        .init("mv whole value differs", .property(tag: multiLongTag, op: .equal, value: .multiLong([1, 5])), false),

        // RES_CONTENT
        .init("substring exact case", .content(tag: .subject, value: .unicode("Ärger"), match: .init(.substring)), true),
        .init("substring wrong case", .content(tag: .subject, value: .unicode("ärger"), match: .init(.substring)), false),
        .init(
            "substring ignore case non-ASCII",
            .content(tag: .subject, value: .unicode("ÄRGER"), match: .init(.substring, ignoreCase: true)), true),
        .init(
            "substring ignore case decomposed",
            .content(tag: .subject, value: .unicode("bu\u{308}ro"), match: .init(.substring, ignoreCase: true)), true),
        .init("prefix", .content(tag: .subject, value: .unicode("Re:"), match: .init(.prefix)), true),
        .init("prefix wrong case", .content(tag: .subject, value: .unicode("RE:"), match: .init(.prefix)), false),
        .init("prefix ignore case", .content(tag: .subject, value: .unicode("RE:"), match: .init(.prefix, ignoreCase: true)), true),
        .init("prefix not at start", .content(tag: .subject, value: .unicode("Ärger"), match: .init(.prefix)), false),
        .init("full string", .content(tag: .messageClass, value: .unicode("IPM.Note"), match: .init(.fullString)), true),
        .init("full string is not prefix", .content(tag: .messageClass, value: .unicode("IPM"), match: .init(.fullString)), false),
        .init(
            "full string ignore case",
            .content(tag: .messageClass, value: .string8("ipm.note"), match: .init(.fullString, ignoreCase: true)), true),
        .init("empty substring matches", .content(tag: .subject, value: .unicode(""), match: .init(.substring)), true),
        .init("empty haystack", .content(tag: .displayTo, value: .unicode("a"), match: .init(.substring)), false),
        .init("content on missing", .content(tag: missing, value: .unicode(""), match: .init(.substring)), false),
        .init("binary substring", .content(tag: .html, value: .binary([0x3E, 0x00]), match: .init(.substring)), true),
        .init("binary prefix", .content(tag: .html, value: .binary([0x3C, 0x62]), match: .init(.prefix)), true),
        .init("binary not prefix", .content(tag: .html, value: .binary([0x62]), match: .init(.prefix)), false),
        .init("binary full", .content(tag: .html, value: .binary([0x3C, 0x62, 0x3E, 0x00, 0xFF]), match: .init(.fullString)), true),
        .init("binary longer needle", .content(tag: .html, value: .binary([0x3C, 0x62, 0x3E, 0x00, 0xFF, 0]), match: .init(.substring)), false),
        .init("mv content any element", .content(tag: keywordsTag, value: .unicode("gen"), match: .init(.substring)), true),
        .init("mv content no element", .content(tag: keywordsTag, value: .unicode("home"), match: .init(.substring)), false),

        // RES_BITMASK
        .init("bitmask nez set", .bitmask(tag: .messageFlags, mask: 0x1, test: .notEqualsZero), true),
        .init("bitmask eqz set", .bitmask(tag: .messageFlags, mask: 0x1, test: .equalsZero), false),
        .init("bitmask eqz clear", .bitmask(tag: .messageFlags, mask: 0x2, test: .equalsZero), true),
        .init("bitmask nez any of mask", .bitmask(tag: .messageFlags, mask: 0x6 | 0x8, test: .notEqualsZero), true),
        .init("bitmask missing eqz", .bitmask(tag: PropertyTag(id: 0x8FFF, type: .long), mask: 1, test: .equalsZero), false),
        .init("bitmask missing nez", .bitmask(tag: PropertyTag(id: 0x8FFF, type: .long), mask: 1, test: .notEqualsZero), false),
        .init("bitmask short zero-extended", .bitmask(tag: shortTag, mask: 0xFFFF_0000, test: .equalsZero), true),
        .init("bitmask short low bits", .bitmask(tag: shortTag, mask: 0x8000, test: .notEqualsZero), true),

        // RES_SIZE
        .init("size of long", .size(tag: .importance, op: .equal, bytes: 4), true),
        .init("size of string in UTF-8 bytes", .size(tag: .subject, op: .equal, bytes: 19), true),
        .init("size of string8 via unicode tag", .size(tag: .messageClass, op: .equal, bytes: 8), true),
        .init("size of binary", .size(tag: .html, op: .lessThan, bytes: 6), true),
        .init("size of mv", .size(tag: multiLongTag, op: .equal, bytes: 12), true),
        .init("size of missing", .size(tag: missing, op: .greaterThanOrEqual, bytes: 0), false),

        // RES_EXIST
        .init("exists", .exists(.subject), true),
        .init("exists with another type", .exists(PropertyTag(id: PropertyTag.subject.id, type: .long)), true),
        .init("not exists", .exists(missing), false),

        // RES_COMPAREPROPS
        .init(
            "compare props greater", .compareProperties(.messageDeliveryTime, .greaterThan, .clientSubmitTime), true),
        .init("compare props equal", .compareProperties(.importance, .equal, .importance), true),
        .init("compare props with missing", .compareProperties(.subject, .notEqual, missing), false),
    ]

    @Test(arguments: cases)
    func evaluates(_ c: RestrictionCase) throws {
        try c.restriction.validate()
        #expect(c.restriction.matches(sampleRow) == c.expected)
        #expect(Restriction.not(c.restriction).matches(sampleRow) == !c.expected)
    }

    static let recipients = [
        PropertySet([
            Property(id: PropertyTag.recipientType.id, value: .long(1)),
            Property(id: PropertyTag.smtpAddress.id, value: .unicode("Alice@Example.org")),
        ]),
        PropertySet([
            Property(id: PropertyTag.recipientType.id, value: .long(2)),
            Property(id: PropertyTag.smtpAddress.id, value: .unicode("bob@example.org")),
        ]),
    ]

    static func subRows(_ object: SubObject) -> [PropertySet] {
        object == .recipients ? recipients : []
    }

    @Test func subRestrictionMatchesAnySubRow() {
        let toAlice = Restriction.sub(
            .recipients,
            .and([
                .property(tag: .recipientType, op: .equal, value: .long(1)),
                .content(tag: .smtpAddress, value: .unicode("alice@"), match: .init(.prefix, ignoreCase: true)),
            ]))
        let ccAlice = Restriction.sub(
            .recipients,
            .and([
                .property(tag: .recipientType, op: .equal, value: .long(2)),
                .content(tag: .smtpAddress, value: .unicode("alice@"), match: .init(.prefix, ignoreCase: true)),
            ]))
        #expect(toAlice.matches(sampleRow, subRows: Self.subRows))
        #expect(!ccAlice.matches(sampleRow, subRows: Self.subRows))
        #expect(!toAlice.matches(sampleRow))  // no recipient rows
        #expect(!Restriction.sub(.attachments, .and([])).matches(sampleRow, subRows: Self.subRows))
        #expect(Restriction.sub(.recipients, .and([])).matches(sampleRow, subRows: Self.subRows))
    }

    @Test func sizeInBytes() {
        #expect(PropertyValue.unicode("äb").sizeInBytes == 3)
        #expect(PropertyValue.binary([1, 2]).sizeInBytes == 2)
        #expect(PropertyValue.boolean(true).sizeInBytes == 1)
        #expect(PropertyValue.sysTime(FileTime(rawValue: 0)).sizeInBytes == 8)
        #expect(PropertyValue.multiUnicode(["a", "bc"]).sizeInBytes == 3)
    }
}
