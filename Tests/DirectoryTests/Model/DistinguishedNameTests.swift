import Testing
@testable import Directory

@Suite struct DistinguishedNameTests {
    @Test func parsesAndRenders() throws {
        let dn = try DistinguishedName(parsing: "uid=alice,ou=people,dc=example,dc=test")
        #expect(dn.rdns.count == 4)
        #expect(dn.rdns[0].attributes[0] == .init(type: "uid", value: "alice"))
        #expect(dn.description == "uid=alice,ou=people,dc=example,dc=test")
        #expect(dn.parent?.description == "ou=people,dc=example,dc=test")
    }

    @Test func handlesEscapesAndHexPairs() throws {
        let dn = try DistinguishedName(parsing: #"cn=Smith\, John\+Jr,ou=a\3Db,o=J\C3\B6rg"#)
        #expect(dn.rdns[0].attributes[0].value == "Smith, John+Jr")
        #expect(dn.rdns[1].attributes[0].value == "a=b")
        #expect(dn.rdns[2].attributes[0].value == "Jörg")
        #expect(try DistinguishedName(parsing: dn.description) == dn)
    }

    @Test func multiValuedRDNs() throws {
        let dn = try DistinguishedName(parsing: "cn=a+uid=b,dc=x")
        #expect(dn.rdns[0].attributes.count == 2)
        #expect(dn == (try DistinguishedName(parsing: "UID=B+CN=A,DC=X")))
    }

    @Test func escapesValuesSoThatInputStaysOneValue() throws {
        let hostile = "alice,ou=admins,dc=example"
        let dn = DistinguishedName(rdns: []).child(type: "dc", value: "test").child(type: "uid", value: hostile)
        #expect(dn.description == #"uid=alice\,ou\=admins\,dc\=example,dc=test"#)
        let parsed = try DistinguishedName(parsing: dn.description)
        #expect(parsed.rdns.count == 2)
        #expect(parsed.rdns[0].attributes[0].value == hostile)
        #expect(DistinguishedName.escape(" #lead") == "\\ #lead")
        #expect(DistinguishedName.escape("trail ") == "trail\\ ")
        #expect(DistinguishedName.escape("#x") == "\\#x")
        #expect(DistinguishedName.escape("nul\0") == "nul\\00")
        #expect(DistinguishedName.escape("a\"<>;b") == "a\\\"\\<\\>\\;b")
    }

    @Test(arguments: ["uid", "=alice", "uid=alice,", "uid=al\\", "uid=a\\zz", "uid=a\"b", "u id=x", "uid=#abc", "uid=a,,dc=x"])
    func rejectsMalformed(text: String) {
        #expect(throws: DirectoryError.self) { try DistinguishedName(parsing: text) }
    }

    @Test func comparesNormalised() throws {
        let a = try DistinguishedName(parsing: "uid=Alice, ou=People ,dc=Example,dc=TEST")
        let b = try DistinguishedName(parsing: "UID=alice,OU=people,DC=example,DC=test")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        let base = try DistinguishedName(parsing: "dc=example,dc=test")
        #expect(a.isDescendant(of: base))
        #expect(a.isWithin(base))
        #expect(base.isWithin(base))
        #expect(!base.isDescendant(of: base))
        #expect(!(try DistinguishedName(parsing: "dc=evilexample,dc=test")).isDescendant(of: base))
        #expect(!(try DistinguishedName(parsing: "uid=x,dc=example,dc=test,dc=evil")).isDescendant(of: base))
    }

    @Test func keepsBERValuesAndEmptyDN() throws {
        #expect(try DistinguishedName(parsing: "1.3.6.1.4.1.1466.0=#04024869,dc=x").rdns[0].attributes[0].value == "#04024869")
        #expect(try DistinguishedName(parsing: "").rdns.isEmpty)
    }
}
