import Testing

extension NodeProcessTests {
    /// Hostile XML over a real socket: each is answered with a SOAP fault naming the MAPI error
    /// the protocol documents (docs/protocol.md, "Parser: hardening and limits"), quickly; the
    /// node then still answers `/health` and alice's requests, and her store is unchanged.
    @Suite("Hostile XML") struct HostileXMLTests {
        @Test func everyHostileDocumentIsAFaultAndChangesNothing() async throws {
            try await HostileFixture.run { fixture in
                let (token, item) = (fixture.token, fixture.item)
                try await fixture.expectRefused([
                    HostileCase(what: "malformed XML", body: HostileBodies.malformed, fault: "MAPI_E_INVALID_PARAMETER"),
                    HostileCase(
                        what: "an external entity (XXE) naming /etc/passwd", body: HostileBodies.externalEntity,
                        fault: "MAPI_E_INVALID_PARAMETER"),
                    HostileCase(what: "an external DTD", body: HostileBodies.externalDTD, fault: "MAPI_E_INVALID_PARAMETER"),
                    HostileCase(what: "billion laughs", body: HostileBodies.billionLaughs, fault: "MAPI_E_INVALID_PARAMETER"),
                    HostileCase(
                        what: "elements nested 10,000 deep", body: HostileBodies.nested(depth: 10_000, token: token), fault: "MAPI_E_TOO_COMPLEX"),
                    HostileCase(
                        what: "<t:long>abc</t:long>",
                        body: HostileBodies.setProps(object: item, tag: "0x00170003", value: "<t:long>abc</t:long>", token: token),
                        fault: "MAPI_E_INVALID_PARAMETER"),
                    HostileCase(
                        what: "a unicode value on a long tag",
                        body: HostileBodies.setProps(object: item, tag: "0x00170003", value: "<t:unicode>zwölf ⚠️</t:unicode>", token: token),
                        fault: "MAPI_E_INVALID_TYPE"),
                    HostileCase(what: "an unknown operation", body: HostileBodies.unknownOperation(token: token), fault: "MAPI_E_NO_SUPPORT"),
                ])
            }
        }
    }
}
