import Testing
@testable import Directory

@Suite struct LDAPFilterTests {
    @Test func escapesTheFiveSpecialCharacters() {
        #expect(LDAPFilter.escape("a*b(c)d\\e\0f") == "a\\2ab\\28c\\29d\\5ce\\00f")
        #expect(LDAPFilter.escape("Jörg Müller") == "Jörg Müller")
    }

    @Test(arguments: ["*", ")(uid=*", "*)(uid=*", "alice)(|(uid=*", "\\00", "\0", "x)(&", "admin*)((|userPassword=*)"])
    func injectionAttemptsStayOneValue(input: String) {
        let rendered = LDAPFilter.equal("uid", input).description
        // Exactly one opening and one closing parenthesis survive: the filter's own.
        #expect(rendered.filter { $0 == "(" }.count == 1)
        #expect(rendered.filter { $0 == ")" }.count == 1)
        #expect(!rendered.dropFirst(5).dropLast().contains("*"))
        #expect(!rendered.contains("\0"))
    }

    @Test func rendersCompositeFilters() {
        let filter = LDAPFilter.and([.raw("(objectClass=inetOrgPerson)"), .or([.equal("uid", "a*"), .equal("mail", "a)")]), .not(.present("x"))])
        #expect(filter.description == "(&(objectClass=inetOrgPerson)(|(uid=a\\2a)(mail=a\\29))(!(x=*)))")
        #expect(LDAPFilter.greaterOrEqual("modifyTimestamp", "20260101000000Z").description == "(modifyTimestamp>=20260101000000Z)")
    }

    @Test func escapesBinaryValuesBytewise() {
        #expect(LDAPFilter.equalBytes("objectGUID", [0x00, 0x2A, 0xFF]).description == "(objectGUID=\\00\\2a\\ff)")
    }

    @Test func validatesConfiguredFilters() throws {
        #expect(try LDAPFilter.validated(" (objectClass=person) ") == .raw("(objectClass=person)"))
        #expect(throws: DirectoryError.self) { try LDAPFilter.validated("objectClass=person") }
        #expect(throws: DirectoryError.self) { try LDAPFilter.validated("(objectClass=person))(") }
        #expect(throws: DirectoryError.self) { try LDAPFilter.validated("(&(a=b)") }
        #expect(throws: DirectoryError.self) { try LDAPFilter.validated("(a=b)(c=d)") }
        #expect(try LDAPFilter.validated("(cn=a\\29b)") == .raw("(cn=a\\29b)"))
    }

    @Test func checksAttributeNames() {
        #expect(LDAPFilter.isValidAttribute("uid"))
        #expect(LDAPFilter.isValidAttribute("kopano-user"))
        #expect(LDAPFilter.isValidAttribute("member;range=0-99"))
        #expect(LDAPFilter.isValidAttribute("2.5.4.3"))
        #expect(!LDAPFilter.isValidAttribute("uid=*"))
        #expect(!LDAPFilter.isValidAttribute("1uid"))
        #expect(!LDAPFilter.isValidAttribute(""))
        #expect(!LDAPFilter.isValidAttribute("a b"))
    }
}
