import Testing

@testable import Client

@Suite struct PropertyValueTextTests {
    @Test func displaysValuesOnOneLine() {
        #expect(PropertyValueText.display(.unicode("a\nb")) == "a⏎b")
        #expect(PropertyValueText.display(.long(-3)) == "-3")
        #expect(PropertyValueText.display(.boolean(true)) == "true")
        #expect(PropertyValueText.display(.sysTime(FileTime(unixSeconds: 1_714_559_415))) == "2024-05-01 10:30")
        #expect(PropertyValueText.display(.binary([0x0A, 0xFF])) == "0AFF")
        #expect(PropertyValueText.display(.binary([1, 2, 3]), maxBytes: 2) == "0102… (3 bytes)")
        #expect(PropertyValueText.display(.multiUnicode(["x", "y"])) == "[x, y]")
        #expect(PropertyValueText.display(.error(0x8004_010F)) == "error 0x8004010F")
    }

    @Test func isoDates() {
        #expect(DateText.iso8601(FileTime(unixSeconds: 1_714_559_415)) == "2024-05-01T10:30:15Z")
        #expect(DateText.iso8601(FileTime(unixSeconds: -0.5)) == "1969-12-31T23:59:59Z")
    }
}
