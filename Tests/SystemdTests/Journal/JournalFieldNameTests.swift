import Systemd
import Testing

/// Metadata keys as journald field names.
@Suite struct JournalFieldNameTests {
    @Test(arguments: [
        ("http.address", "HTTP_ADDRESS"),
        ("session.id", "SESSION_ID"),
        ("server", "SERVER"),
        ("directory.ldap-uri", "DIRECTORY_LDAP_URI"),
        ("Größe", "GR__E"),
        ("epoch", "EPOCH"),
    ])
    func aKeyIsUpperCasedAndSanitized(key: String, name: String) {
        #expect(JournalFieldName(metadataKey: key).rawValue == name)
    }

    @Test(arguments: [
        ("_private", "TESSERA__PRIVATE"),
        ("9lives", "TESSERA_9LIVES"),
        ("", "TESSERA_"),
        ("message", "TESSERA_MESSAGE"),
        ("priority", "TESSERA_PRIORITY"),
        ("code.file", "TESSERA_CODE_FILE"),
        ("syslog.identifier", "TESSERA_SYSLOG_IDENTIFIER"),
        ("unit", "TESSERA_UNIT"),
        ("object.systemd.unit", "TESSERA_OBJECT_SYSTEMD_UNIT"),
        ("tessera.label", "TESSERA_TESSERA_LABEL"),
    ])
    func aKeyThatCannotStandAsItIsGetsThePrefix(key: String, name: String) {
        #expect(JournalFieldName(metadataKey: key).rawValue == name)
    }

    @Test func everyNameMadeIsValidAndAtMost64Characters() {
        let keys = ["a", "_", "0", "é", String(repeating: "k", count: 100), "9" + String(repeating: "x", count: 70), ".-.", "message"]
        for key in keys {
            let name = JournalFieldName(metadataKey: key)
            #expect(JournalFieldName.isValid(name.rawValue), "\(key) → \(name)")
            #expect(name.rawValue.count <= 64)
        }
        #expect(!JournalFieldName.isValid("_PID"))
        #expect(!JournalFieldName.isValid("1A"))
        #expect(!JournalFieldName.isValid("lower"))
        #expect(!JournalFieldName.isValid(""))
        #expect(!JournalFieldName.isValid(String(repeating: "A", count: 65)))
        #expect(JournalFieldName.isValid(String(repeating: "A", count: 64)))
    }
}
