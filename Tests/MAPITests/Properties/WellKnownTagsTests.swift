import MAPI
import Testing

@Suite struct WellKnownTagsTests {
    @Test func realMAPITags() {
        #expect(PropertyTag.subject.rawValue == 0x0037_001F)
        #expect(PropertyTag.body.rawValue == 0x1000_001F)
        #expect(PropertyTag.html.rawValue == 0x1013_0102)
        #expect(PropertyTag.messageClass.rawValue == 0x001A_001F)
        #expect(PropertyTag.entryID.rawValue == 0x0FFF_0102)
        #expect(PropertyTag.sourceKey.rawValue == 0x65E0_0102)
        #expect(PropertyTag.messageFlags.rawValue == 0x0E07_0003)
        #expect(PropertyTag.hasAttachments.rawValue == 0x0E1B_000B)
        #expect(PropertyTag.lastModificationTime.rawValue == 0x3008_0040)
        #expect(PropertyTag.messageSize.rawValue == 0x0E08_0003)
        #expect(PropertyTag.attachDataBinary.rawValue == 0x3701_0102)
        #expect(PropertyTag.attachDataObject == .attachDataBinary)
        #expect(PropertyTag.smtpAddress.rawValue == 0x39FE_001F)
        #expect(PropertyTag.subfolders.rawValue == 0x360A_000B)
        #expect(PropertyTag.ipmSubtreeEntryID.rawValue == 0x35E0_0102)
        #expect(PropertyTag.ipmDraftsEntryID.rawValue == 0x36D7_0102)
        #expect(PropertyTag.additionalRenEntryIDs.rawValue == 0x36D8_1102)
        #expect(PropertyTag.deletedOn.rawValue == 0x668F_0040)
        #expect(PropertyTag.changeNumber.rawValue == 0x67A4_0014)
    }

    @Test func everyWellKnownTagIsValidAndNamed() throws {
        for (tag, name) in PropertyTag.wellKnown {
            #expect(try tag.validated() == tag)
            #expect(name.hasPrefix("PR_"))
            #expect(PropertyTag(name: name) == tag, "\(name)")
        }
        #expect(PropertyTag.wellKnown.count > 100)
    }

    @Test func names() {
        #expect(PropertyTag.subject.name == "PR_SUBJECT")
        #expect(PropertyTag.subject.with(type: .string8).name == "PR_SUBJECT")
        #expect(PropertyTag.messageSizeExtended.name == "PR_MESSAGE_SIZE_EXTENDED")
        #expect(PropertyTag.attachDataBinary.name == "PR_ATTACH_DATA_BIN")
        #expect(PropertyTag(id: 0x8001, type: .long).name == nil)
        #expect(PropertyTag.subject.diagnosticName == "PR_SUBJECT (0x0037001F)")
        #expect(PropertyTag(id: 0x8001, type: .long).diagnosticName == "0x80010003")
        #expect(PropertyTag(name: "PR_NOPE") == nil)
    }

    @Test func messageFlags() {
        #expect(MessageFlags.read.rawValue == 0x1)
        #expect(MessageFlags.unmodified.rawValue == 0x2)
        #expect(MessageFlags.submit.rawValue == 0x4)
        #expect(MessageFlags.unsent.rawValue == 0x8)
        #expect(MessageFlags.hasAttachments.rawValue == 0x10)
        #expect(MessageFlags.fromMe.rawValue == 0x20)
        #expect(MessageFlags.associated.rawValue == 0x40)
        #expect(MessageFlags.resend.rawValue == 0x80)
        #expect(MessageFlags(propertyValue: 0x9) == [.read, .unsent])
        #expect(MessageFlags([.read, .hasAttachments]).propertyValue == 0x11)
    }

    @Test func enumerations() {
        #expect(RecipientType.originator.rawValue == 0)
        #expect(RecipientType.bcc.rawValue == 3)
        #expect(RecipientType(propertyValue: Int32(bitPattern: 0x8000_0001)) == .to)
        #expect(RecipientType(propertyValue: 7) == nil)
        #expect(AttachMethod.byValue.rawValue == 1)
        #expect(AttachMethod.embeddedMessage.rawValue == 5)
        #expect(FolderType.search.rawValue == 2)
        #expect(AdditionalRenEntryID.junk.rawValue == 4)
    }
}
