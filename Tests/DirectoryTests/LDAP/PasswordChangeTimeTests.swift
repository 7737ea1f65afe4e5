import TestSupport
import Foundation
import Testing
@testable import Directory

/// ``DirectoryUser/passwordChangedAt`` from LDAP: the two time formats, the presets' attributes,
/// and OpenLDAP's ppolicy overlay keeping `pwdChangedTime` on a real slapd.
@Suite struct PasswordChangeTimeTests {
    private func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    @Test func readsGeneralizedTime() {
        #expect(LDAPTime.generalizedTime("20240102030405Z") == at(1_704_164_645))
        #expect(LDAPTime.generalizedTime("19700101000000Z") == at(0))
        #expect(LDAPTime.generalizedTime("20240229235960Z") == at(1_709_251_200))  // leap day, leap second
        #expect(LDAPTime.generalizedTime("20240102030405.25Z") == at(1_704_164_645.25))
        #expect(LDAPTime.generalizedTime("20240102030405,5Z") == at(1_704_164_645.5))
        #expect(LDAPTime.generalizedTime("2024010203Z") == at(1_704_164_400))  // hour only
        #expect(LDAPTime.generalizedTime("2024010203.5Z") == at(1_704_164_400 + 1800))  // half an hour
        #expect(LDAPTime.generalizedTime("202401020304Z") == at(1_704_164_640))
        #expect(LDAPTime.generalizedTime("20240102050405+0200") == at(1_704_164_645))
        #expect(LDAPTime.generalizedTime("20240102000405-03") == at(1_704_164_645))
        for bad in ["", "2024", "20240102030405", "20241302030405Z", "20240132030405Z", "20240102250405Z",
                    "20240102030465Z", "20240102030405.Z", "20240102030405Zx", "2024010203040Z", "20240102030405+2500", "x0240102030405Z"] {
            #expect(LDAPTime.generalizedTime(bad) == nil, "\(bad)")
        }
    }

    @Test func readsFileTime() {
        #expect(LDAPTime.fileTime("116444736000000000") == at(0))
        #expect(LDAPTime.fileTime("133498408450000000") == at(1_705_367_245))
        #expect(LDAPTime.fileTime(" 116444736005000000 ") == at(0.5))
        #expect(LDAPTime.fileTime("0") == .distantFuture)  // must change at next logon
        #expect(LDAPTime.fileTime("-1") == nil)
        #expect(LDAPTime.fileTime("soon") == nil)
    }

    @Test func presetsRequestAndMapTheAttribute() throws {
        #expect(LDAPPreset.openldap.attributeMap.userAttributes.contains("pwdChangedTime"))
        #expect(LDAPPreset.kopano.attributeMap.userAttributes.contains("pwdChangedTime"))
        #expect(LDAPPreset.ad.attributeMap.userAttributes.contains("pwdLastSet"))

        let openldap = LDAPPreset.openldap.attributeMap
        let entry = LDAPEntry(dn: "uid=a,dc=x", attributes: [
            "uid": [Array("a".utf8)], "entryuuid": [Array("1234".utf8)], "pwdchangedtime": [Array("20240102030405Z".utf8)],
        ])
        #expect(openldap.user(from: entry)?.passwordChangedAt == at(1_704_164_645))
        var garbled = entry
        garbled.attributes["pwdchangedtime"] = [Array("yesterday".utf8)]
        #expect(openldap.user(from: garbled)?.passwordChangedAt == nil)
        // Switched off, or pointed at another attribute, like every key of the map.
        #expect(try openldap.overriding(["passwordChangedAttribute": ""]).validated().user(from: entry)?.passwordChangedAt == nil)
        let renamed = try openldap.overriding(["passwordChangedAttribute": "shadowChanged"]).validated()
        #expect(renamed.userAttributes.contains("shadowChanged") && !renamed.userAttributes.contains("pwdChangedTime"))

        let ad = LDAPPreset.ad.attributeMap
        let adEntry = LDAPEntry(dn: "CN=A,DC=x", attributes: [
            "objectguid": [Array(1...16)], "samaccountname": [Array("alice".utf8)], "pwdlastset": [Array("133498408450000000".utf8)],
        ])
        #expect(ad.user(from: adEntry)?.passwordChangedAt == at(1_705_367_245))
        #expect(throws: DirectoryError.self) { try openldap.overriding(["passwordChangedFormat": "unix"]).validated() }
    }

    /// slapd with the ppolicy overlay: a password change sets `pwdChangedTime`, which the
    /// directory requests by name (it is operational) and reports.
    @Test func openLDAPPasswordPolicyOverlayStampsChanges() async throws {
        let server = try TestSlapd(ldif: TestSlapd.oneUser("carol", password: "carolpw"), passwordPolicy: true)
        let directory = try LDAPDirectory(configuration: LDAPTestSupport.openldapConfiguration(server))
        defer { directory.shutdown() }
        let loaded = try #require(try await directory.resolve("carol"))
        let before = Date()
        try server.modify("dn: uid=carol,ou=people,\(TestSlapd.base)\nchangetype: modify\nreplace: userPassword\nuserPassword: carolpw2\n")
        let after = Date()
        let user = try #require(await directory.authenticate(login: "carol", password: "carolpw2").user)
        #expect(user.id == loaded.id)
        let changed = try #require(user.passwordChangedAt)
        // Generalized time has whole seconds: the change lies in the second `before` began.
        #expect(changed >= before.addingTimeInterval(-1) && changed <= after, "pwdChangedTime \(changed) not in [\(before), \(after)]")
        #expect(try await directory.resolve("carol")?.passwordChangedAt == changed)
    }
}
