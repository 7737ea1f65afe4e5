import Testing

@testable import Client

@Suite struct FilterSyntaxTests {
    @Test func containsAndPrefixIgnoreCase() throws {
        #expect(
            try FilterSyntax.restriction("subject~report")
                == .content(tag: .subject, value: .unicode("report"), match: ContentMatch(.substring, ignoreCase: true)))
        #expect(
            try FilterSyntax.restriction("subject^Re:")
                == .content(tag: .subject, value: .unicode("Re:"), match: ContentMatch(.prefix, ignoreCase: true)))
    }

    @Test func comparisonsAreTypedByTheField() throws {
        #expect(try FilterSyntax.restriction("size>=1M") == .property(tag: .messageSize, op: .greaterThanOrEqual, value: .long(1 << 20)))
        #expect(try FilterSyntax.restriction("size < 1500") == .property(tag: .messageSize, op: .lessThan, value: .long(1500)))
        #expect(try FilterSyntax.restriction("importance!=low") == .property(tag: .importance, op: .notEqual, value: .long(0)))
        #expect(try FilterSyntax.restriction("attachments=yes") == .property(tag: .hasAttachments, op: .equal, value: .boolean(true)))
        #expect(
            try FilterSyntax.restriction("date<2024-05-01")
                == .property(tag: .messageDeliveryTime, op: .lessThan, value: .sysTime(DateText.parse("2024-05-01")!)))
        #expect(try FilterSyntax.restriction("from=\"Smith, Alice\"") == .property(tag: .senderName, op: .equal, value: .unicode("Smith, Alice")))
    }

    @Test func readFlagIsABitmask() throws {
        let mask = MessageFlags.read.rawValue
        #expect(try FilterSyntax.restriction("read=false") == .bitmask(tag: .messageFlags, mask: mask, test: .equalsZero))
        #expect(try FilterSyntax.restriction("read=true") == .bitmask(tag: .messageFlags, mask: mask, test: .notEqualsZero))
        #expect(try FilterSyntax.restriction("read!=true") == .bitmask(tag: .messageFlags, mask: mask, test: .equalsZero))
    }

    @Test func existsNegationAndRawTags() throws {
        #expect(try FilterSyntax.restriction("body?") == .exists(.body))
        #expect(
            try FilterSyntax.restriction("!subject~draft")
                == .not(.content(tag: .subject, value: .unicode("draft"), match: ContentMatch(.substring, ignoreCase: true))))
        #expect(try FilterSyntax.restriction("PR_SUBJECT=x") == .property(tag: .subject, op: .equal, value: .unicode("x")))
        #expect(try FilterSyntax.restriction("0x0E080003>10") == .property(tag: .messageSize, op: .greaterThan, value: .long(10)))
    }

    @Test func severalExpressionsAllApply() throws {
        #expect(try FilterSyntax.restriction([]) == nil)
        #expect(try FilterSyntax.restriction(["body?"]) == .exists(.body))
        #expect(try FilterSyntax.restriction(["body?", "read=false"]) == .and([.exists(.body), .bitmask(tag: .messageFlags, mask: 1, test: .equalsZero)]))
    }

    @Test(arguments: [
        "", "~x", "nosuchfield=1", "subject", "size~big", "size=big", "size>99999999999", "date>yesterday",
        "read~x", "read=maybe", "body?x", "0x00000000=1", "attachments=2",
    ])
    func refuses(expression: String) {
        #expect(throws: TesseraClientError.self) { try FilterSyntax.restriction(expression) }
    }

    @Test func errorsNameTheExpression() async {
        let error = await expectError(.invalidArgument) { _ = try FilterSyntax.restriction("size=big") }
        #expect(error?.diagnostic.contains("size=big") == true)
    }
}

@Suite struct SortSyntaxTests {
    @Test func signsAndLists() throws {
        #expect(try SortSyntax.sortKeys("-date") == [SortKey(.messageDeliveryTime, ascending: false)])
        #expect(try SortSyntax.sortKeys("from, -size,+subject") == [
            SortKey(.senderName), SortKey(.messageSize, ascending: false), SortKey(.subject),
        ])
        #expect(try SortSyntax.sortKeys("PR_SUBJECT") == [SortKey(.subject)])
    }

    @Test(arguments: ["", "-", "date,,size", "nosuch", "read", "0x36D81102"])
    func refuses(text: String) {
        #expect(throws: TesseraClientError.self) { try SortSyntax.sortKeys(text) }
    }
}

@Suite struct DateTextTests {
    @Test func readsTheForms() {
        #expect(DateText.parse("1970-01-01")?.unixSeconds == 0)
        #expect(DateText.parse("2024-05-01")?.unixSeconds == 1_714_521_600)
        #expect(DateText.parse("2024-05-01T10:30")?.unixSeconds == 1_714_559_400)
        #expect(DateText.parse("2024-05-01 10:30:15Z")?.unixSeconds == 1_714_559_415)
        #expect(DateText.parse("2024-02-29")?.unixSeconds == 1_709_164_800)
        #expect(DateText.parse("1601-01-01")?.rawValue == 0)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-04-31", "24-05-01", "2024-05-01T25:00", "2024-05-01T10", "tomorrow", ""])
    func refuses(text: String) {
        #expect(DateText.parse(text) == nil)
    }

    @Test func formatsAndRoundTrips() {
        #expect(DateText.format(FileTime(unixSeconds: 1_714_559_415)) == "2024-05-01 10:30")
        #expect(DateText.format(FileTime(unixSeconds: -1)) == "1969-12-31 23:59")
        #expect(DateText.format(FileTime(rawValue: 0)) == "1601-01-01 00:00")
        for text in ["1999-12-31 23:59", "2000-02-29 00:00", "2100-03-01 12:00"] {
            #expect(DateText.format(DateText.parse(text)!) == text)
        }
    }
}
