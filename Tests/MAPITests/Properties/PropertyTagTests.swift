import MAPI
import Testing

@Suite struct PropertyTagTests {
    @Test func packing() {
        let tag = PropertyTag(id: 0x0037, type: .unicode)
        #expect(tag.rawValue == 0x0037_001F)
        #expect(tag.id == 0x0037)
        #expect(tag.rawType == 0x001F)
        #expect(tag.type == .unicode)
        #expect(tag.description == "0x0037001F")
        #expect(tag.with(type: .string8).rawValue == 0x0037_001E)
        #expect(PropertyTag(rawValue: 0x3701_000D).type == nil)
    }

    @Test func multiValuedTypes() {
        #expect(PropertyType.multiUnicode.rawValue == 0x101F)
        #expect(PropertyType.multiUnicode.isMultiValued)
        #expect(PropertyType.multiUnicode.elementType == .unicode)
        #expect(PropertyType.long.multiValued == .multiLong)
        #expect(PropertyType.error.multiValued == nil)
        #expect(PropertyType.boolean.multiValued == nil)
        #expect(PropertyType.multiBinary.description == "PT_MV_BINARY")
    }

    @Test func validated() throws {
        #expect(try PropertyTag.subject.validated() == .subject)
        #expect(throws: MAPIError(.invalidParameter, "property tag 0x00370000 has an unknown type 0x0000")) {
            try PropertyTag(rawValue: 0x0037_0000).validated()
        }
        #expect(throws: MAPIError.self) { try PropertyTag(id: 0, type: .long).validated() }
        #expect(throws: MAPIError.self) { try PropertyTag(id: 0xFFFF, type: .long).validated() }
    }

    @Test func propertyInitChecksType() throws {
        #expect(try Property(.subject, .unicode("x")).tag == .subject)
        #expect(throws: MAPIError.self) { try Property(.subject, .string8("x")) }
    }
}
