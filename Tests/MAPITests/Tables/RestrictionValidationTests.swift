import MAPI
import Testing

@Suite struct RestrictionValidationTests {
    static func code(_ r: Restriction, maxDepth: Int = 64, maxNodes: Int = 10_000) -> MAPIErrorCode? {
        do {
            try r.validate(maxDepth: maxDepth, maxNodes: maxNodes)
            return nil
        } catch {
            return error.code
        }
    }

    static let badTag = PropertyTag(rawValue: 0x0037_0000)

    @Test func wellFormed() {
        #expect(Self.code(.and([])) == nil)
        #expect(Self.code(.property(tag: .subject, op: .equal, value: .string8("x"))) == nil)
        #expect(Self.code(.property(tag: PropertyTag(id: 0x8001, type: .multiLong), op: .equal, value: .long(1))) == nil)
        #expect(Self.code(.property(tag: PropertyTag(id: 0x8001, type: .multiUnicode), op: .equal, value: .string8("a"))) == nil)
        #expect(Self.code(.content(tag: PropertyTag(id: 0x8001, type: .multiBinary), value: .binary([]), match: .init(.prefix))) == nil)
        #expect(Self.code(.bitmask(tag: PropertyTag(id: 0x8001, type: .short), mask: 1, test: .equalsZero)) == nil)
        #expect(Self.code(.compareProperties(.subject, .equal, .messageClass.with(type: .string8))) == nil)
        #expect(Self.code(.sub(.recipients, .exists(.smtpAddress))) == nil)
    }

    @Test func invalidTags() {
        #expect(Self.code(.exists(Self.badTag)) == .invalidParameter)
        #expect(Self.code(.exists(PropertyTag(id: 0, type: .long))) == .invalidParameter)
        #expect(Self.code(.property(tag: Self.badTag, op: .equal, value: .long(1))) == .invalidParameter)
        #expect(Self.code(.not(.and([.or([.size(tag: Self.badTag, op: .equal, bytes: 1)])]))) == .invalidParameter)
        #expect(Self.code(.compareProperties(.subject, .equal, Self.badTag)) == .invalidParameter)
    }

    @Test func valueTypesMustFit() {
        #expect(Self.code(.property(tag: .subject, op: .equal, value: .long(1))) == .invalidType)
        #expect(Self.code(.property(tag: .messageFlags, op: .equal, value: .i8(1))) == .invalidType)
        #expect(Self.code(.property(tag: .subject, op: .equal, value: .multiUnicode(["x"]))) == .invalidType)
        #expect(Self.code(.content(tag: .subject, value: .binary([1]), match: .init(.substring))) == .invalidType)
        #expect(Self.code(.content(tag: .html, value: .unicode("x"), match: .init(.substring))) == .invalidType)
        #expect(Self.code(.compareProperties(.subject, .equal, .messageFlags)) == .invalidType)
    }

    @Test func restrictionKindsNeedFittingProperties() {
        #expect(Self.code(.content(tag: .messageFlags, value: .long(1), match: .init(.substring))) == .invalidParameter)
        #expect(Self.code(.bitmask(tag: .subject, mask: 1, test: .equalsZero)) == .invalidParameter)
        #expect(Self.code(.bitmask(tag: PropertyTag(id: 0x8001, type: .i8), mask: 1, test: .equalsZero)) == .invalidParameter)
        #expect(Self.code(.size(tag: .subject, op: .equal, bytes: -1)) == .invalidParameter)
    }

    @Test func complexity() {
        var deep = Restriction.exists(.subject)
        for _ in 0..<64 { deep = .not(deep) }
        #expect(Self.code(deep) == .tooComplex)  // 65 levels
        #expect(Self.code(deep, maxDepth: 65) == nil)
        let wide = Restriction.or(Array(repeating: .exists(.subject), count: 10_000))
        #expect(Self.code(wide) == .tooComplex)  // 10,001 nodes
        #expect(Self.code(wide, maxNodes: 10_001) == nil)
        #expect(Self.code(.sub(.recipients, .sub(.attachments, .and([])))) == .tooComplex)
        #expect(Self.code(.sub(.recipients, .not(.sub(.recipients, .and([]))))) == .tooComplex)
        #expect(Self.code(.and([.sub(.recipients, .and([])), .sub(.attachments, .and([]))])) == nil)
    }

    @Test func diagnosticsNameTheTag() {
        do {
            try Restriction.bitmask(tag: .subject, mask: 1, test: .equalsZero).validate()
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostic.contains("PR_SUBJECT"))
        }
    }
}
