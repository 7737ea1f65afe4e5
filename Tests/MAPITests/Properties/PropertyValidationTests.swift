import MAPI
import Testing

@Suite struct PropertyValidationTests {
    static func code(_ tag: PropertyTag, _ value: PropertyValue, _ limits: PropertyLimits = .default) -> MAPIErrorCode? {
        do {
            try PropertyValidation.validate(tag, value, limits: limits)
            return nil
        } catch {
            return error.code
        }
    }

    static let small = PropertyLimits(maxStringBytes: 4, maxBinaryBytes: 3, maxValues: 2, maxMultiValueBytes: 5)

    @Test func validValuesPass() {
        #expect(Self.code(.subject, .unicode("Hello")) == nil)
        #expect(Self.code(.messageFlags, .long(1)) == nil)
        #expect(Self.code(PropertyTag(id: 0x8001, type: .double), .double(.nan)) == nil)
        #expect(Self.code(PropertyTag(id: 0x8001, type: .float), .float(.nan)) == nil)
        #expect(Self.code(.additionalRenEntryIDs, .multiBinary([[1], []])) == nil)
        #expect(Self.code(.subject, .unicode("")) == nil)
    }

    @Test func invalidTags() {
        #expect(Self.code(PropertyTag(rawValue: 0x0037_0000), .unicode("x")) == .invalidParameter)  // type 0
        #expect(Self.code(PropertyTag(rawValue: 0x0037_000D), .unicode("x")) == .invalidParameter)  // PT_OBJECT
        #expect(Self.code(PropertyTag(id: 0, type: .long), .long(1)) == .invalidParameter)
        #expect(Self.code(PropertyTag(id: 0xFFFF, type: .long), .long(1)) == .invalidParameter)
    }

    @Test func wrongTypes() {
        #expect(Self.code(.subject, .long(1)) == .invalidType)
        #expect(Self.code(.subject, .string8("x")) == .invalidType)
        #expect(Self.code(.messageFlags, .short(1)) == .invalidType)
        #expect(Self.code(.additionalRenEntryIDs, .binary([1])) == .invalidType)
    }

    @Test func nulInStrings() {
        #expect(Self.code(.subject, .unicode("a\u{0}b")) == .invalidParameter)
        #expect(Self.code(PropertyTag(id: 0x8001, type: .multiString8), .multiString8(["ok", "\u{0}"])) == .invalidParameter)
    }

    @Test func tooBig() {
        #expect(Self.code(.subject, .unicode("abcd"), Self.small) == nil)
        #expect(Self.code(.subject, .unicode("abcde"), Self.small) == .tooBig)
        #expect(Self.code(.subject, .unicode("ää€"), Self.small) == .tooBig)  // 7 UTF-8 bytes
        #expect(Self.code(.html, .binary([1, 2, 3, 4]), Self.small) == .tooBig)
        #expect(Self.code(PropertyTag(id: 0x8001, type: .multiLong), .multiLong([1, 2, 3]), Self.small) == .tooBig)
        #expect(Self.code(PropertyTag(id: 0x8001, type: .multiUnicode), .multiUnicode(["abc", "abc"]), Self.small) == .tooBig)
        #expect(Self.code(.additionalRenEntryIDs, .multiBinary([[1, 2, 3, 4]]), Self.small) == .tooBig)
    }

    @Test func diagnosticsNameTheTag() {
        do {
            try PropertyValidation.validate(.subject, .long(1))
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostic.contains("PR_SUBJECT"))
            #expect(error.diagnostic.contains("PT_LONG"))
        }
    }

    @Test func defaults() {
        let limits = PropertyLimits()
        #expect(limits.maxStringBytes == 4 << 20)
        #expect(limits.maxBinaryBytes == 16 << 20)
        #expect(limits.maxValues == 4096)
    }

    @Test func propertyOverload() {
        #expect(throws: MAPIError.self) { try PropertyValidation.validate(Property(id: 0, value: .long(1))) }
        #expect(throws: Never.self) { try PropertyValidation.validate(Property(id: 0x0E07, value: .long(1))) }
    }
}
