import Testing
@testable import Directory

@Suite struct AttributeMapTests {
    @Test func presetsValidate() throws {
        for preset in LDAPPreset.allCases { _ = try preset.attributeMap.validated() }
    }

    @Test func overridesKeyByKey() throws {
        let map = try LDAPPreset.kopano.attributeMap.overriding(["homeServerAttribute": "mailHost", "companyFilter": "(objectClass=kopano-company)"])
        #expect(map[.homeServerAttribute] == "mailHost")
        #expect(map[.companyFilter] == "(objectClass=kopano-company)")
        #expect(map[.aliasAttribute] == "kopanoAliases")
        #expect(throws: DirectoryError.self) { try LDAPPreset.openldap.attributeMap.overriding(["noSuchKey": "x"]) }
        #expect(throws: DirectoryError.self) { try LDAPPreset.openldap.attributeMap.overriding(["loginAttributes": "uid=*"]).validated() }
        #expect(throws: DirectoryError.self) { try LDAPPreset.openldap.attributeMap.overriding(["userFilter": "objectClass=x"]).validated() }
    }

    @Test func mapsKopanoEntries() throws {
        let map = LDAPPreset.kopano.attributeMap
        func values(_ pairs: [String: String]) -> [String: [[UInt8]]] { pairs.mapValues { [Array($0.utf8)] } }
        let entry = LDAPEntry(dn: "uid=k,ou=acme", attributes: values([
            "uid": "k", "uidnumber": "42", "cn": "K", "mail": "k@x", "kopanoadmin": "2", "kopanouserserver": "k1",
            "kopanoquotaoverride": "1", "kopanoquotahard": "3", "kopanoaccount": "1",
        ]))
        let user = try #require(map.user(from: entry))
        #expect(user.id.rawValue == "42")
        #expect(user.adminLevel == .systemAdmin)
        #expect(user.quota == Quota(overridesDefault: true, hardBytes: 3 * 1_048_576))
        #expect(user.status == .active)
        var disabled = entry
        disabled.attributes["kopanoaccount"] = [Array("0".utf8)]
        #expect(map.status(of: disabled) == .inactive(.disabled))
        #expect(map.user(from: LDAPEntry(dn: "x", attributes: values(["uid": "k"]))) == nil)  // no id
    }

    @Test func mapsADEntries() throws {
        let map = LDAPPreset.ad.attributeMap
        let guid: [UInt8] = Array(1...16)
        let entry = LDAPEntry(dn: "CN=A,DC=x", attributes: [
            "objectguid": [guid], "samaccountname": [Array("alice".utf8)], "useraccountcontrol": [Array("514".utf8)],
            "proxyaddresses": [Array("SMTP:alice@x".utf8), Array("smtp:al@x".utf8), Array("x500:/o=x".utf8)],
            "mail": [Array("alice@x".utf8)],
        ])
        let user = try #require(map.user(from: entry))
        #expect(user.id.rawValue == ObjectGUID.string(from: guid))
        #expect(user.status == .inactive(.disabled))
        #expect(user.aliases == ["al@x"])
        #expect(map.idFilter(user.id, attribute: .uniqueIDAttribute)?.description.hasPrefix("(objectGUID=\\01\\02\\03") == true)
        #expect(map.idFilter(DirectoryID("*")!, attribute: .uniqueIDAttribute) == nil)
        #expect(map.changedSinceFilter(ChangeCursor("41"))?.description == "(uSNChanged>=42)")
        #expect(map.nextCursor(after: nil, markers: ["9", "10"]) == ChangeCursor("10"))
    }
}
