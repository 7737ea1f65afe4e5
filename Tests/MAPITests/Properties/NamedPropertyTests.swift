import MAPI
import Testing

@Suite struct NamedPropertyTests {
    @Test func mappedRange() {
        #expect(NamedProperty.firstMappedID == 0x8000)
        #expect(NamedProperty.lastMappedID == 0xFFFE)
        #expect(PropertyTag(id: 0x8000, type: .long).isNamed)
        #expect(!PropertyTag(id: 0x7FFF, type: .long).isNamed)
    }

    @Test func wellKnownSets() {
        #expect(GUID.psPublicStrings.description == "00020329-0000-0000-C000-000000000046")
        #expect(GUID.psMAPI.description == "00020328-0000-0000-C000-000000000046")
        #expect(GUID.psetidAppointment.description == "00062002-0000-0000-C000-000000000046")
        #expect(GUID.psetidTask.description == "00062003-0000-0000-C000-000000000046")
        #expect(GUID.psetidAddress.description == "00062004-0000-0000-C000-000000000046")
        #expect(GUID.psetidCommon.description == "00062008-0000-0000-C000-000000000046")
        #expect(GUID.psetidNote.description == "0006200E-0000-0000-C000-000000000046")
        #expect(GUID.psInternetHeaders.description == "00020386-0000-0000-C000-000000000046")
        #expect(GUID.psetidCommon.bytes.prefix(4) == [0x08, 0x20, 0x06, 0x00])
    }

    @Test func psMAPIIdsAreTheirPropertyIDs() throws {
        #expect(NamedProperty(guid: .psMAPI, id: 0x0037).fixedPropertyID == 0x0037)
        #expect(NamedProperty(guid: .psMAPI, id: 0x8000).fixedPropertyID == nil)
        #expect(NamedProperty(guid: .psMAPI, id: 0).fixedPropertyID == nil)
        #expect(NamedProperty(guid: .psetidCommon, id: 0x8501).fixedPropertyID == nil)
        #expect(try NamedProperty(guid: .psMAPI, id: 0x0037).normalized() == NamedProperty(guid: .psMAPI, id: 0x0037))
        #expect(throws: MAPIError.self) { try NamedProperty(guid: .psMAPI, id: 0x8000).normalized() }
        #expect(throws: MAPIError.self) { try NamedProperty(guid: .psMAPI, name: "x").normalized() }
    }

    @Test func internetHeaderNamesAreLowerCased() throws {
        #expect(
            try NamedProperty(guid: .psInternetHeaders, name: "X-Spam-Flag").normalized()
                == NamedProperty(guid: .psInternetHeaders, name: "x-spam-flag"))
        #expect(
            try NamedProperty(guid: .psInternetHeaders, name: "x-mailer").normalized()
                == NamedProperty(guid: .psInternetHeaders, name: "x-mailer"))
    }

    @Test func otherNamesKeepTheirCase() throws {
        #expect(
            try NamedProperty(guid: .psPublicStrings, name: "Keywords").normalized()
                == NamedProperty(guid: .psPublicStrings, name: "Keywords"))
        #expect(try NamedProperty(guid: .psetidCommon, id: 0x8501).normalized().kind == .id(0x8501))
    }

    @Test func invalidNames() {
        func code(_ name: String) -> MAPIErrorCode? {
            do {
                _ = try NamedProperty(guid: .psPublicStrings, name: name).normalized()
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code("") == .invalidParameter)
        #expect(code("a\u{0}b") == .invalidParameter)
        #expect(code(String(repeating: "x", count: 255)) == nil)
        #expect(code(String(repeating: "x", count: 256)) == .invalidParameter)
        #expect(code(String(repeating: "ä", count: 128)) == .invalidParameter)  // 256 UTF-8 bytes
    }

    @Test func description() {
        #expect(
            NamedProperty(guid: .psetidCommon, id: 0x8501).description == "{00062008-0000-0000-C000-000000000046}:0x8501")
        #expect(
            NamedProperty(guid: .psPublicStrings, name: "Keywords").description
                == "{00020329-0000-0000-C000-000000000046}:\"Keywords\"")
    }
}
