import MAPI
import SOAP
import Testing

@Suite struct MessageRoundTripTests {
    @Test func everyOperationHasARequestType() {
        #expect(MessageCatalog.requestTypes.map { $0.operationName } == SOAPOperation.all.map(\.name))
        let sampled = Set(MessageSamples.requests.map { type(of: $0).operationName })
        #expect(sampled == Set(SOAPOperation.all.map(\.name)))
        let answered = Set(MessageSamples.responses.map { type(of: $0).operationName })
        #expect(answered == Set(SOAPOperation.all.map(\.name)))
    }

    @Test(arguments: MessageSamples.requests.indices)
    func requestRoundTrips(index: Int) throws {
        let sample = MessageSamples.requests[index]
        let request = try SOAPEnvelope.decodeRequest(sample.envelope(sessionToken: "t"))
        #expect(request.operation.name == type(of: sample).operationName)
        #expect(request.sessionToken == "t")
        try expectDeclaredOrder(request.body, type(of: sample).operation.request)
        let decoded = try type(of: sample).init(element: request.body)
        #expect(AnyHashable(decoded) == AnyHashable(sample))
    }

    @Test(arguments: MessageSamples.responses.indices)
    func responseRoundTrips(index: Int) throws {
        let sample = MessageSamples.responses[index]
        let element = try SOAPEnvelope.decodeResponse(XML.parse(sample.envelope()))
        try expectDeclaredOrder(element, type(of: sample).operation.response)
        let decoded = try type(of: sample).init(element: element)
        #expect(AnyHashable(decoded) == AnyHashable(sample))
    }

    @Test func undeclaredMissingAndRepeatedPartsAreRefused() throws {
        let cases = [
            "<t:GetProps><t:object>AQ==</t:object><t:extra/></t:GetProps>",
            "<t:GetProps/>",
            "<t:GetProps><t:object>AQ==</t:object><t:object>AQ==</t:object></t:GetProps>",
            "<t:GetProps>text<t:object>AQ==</t:object></t:GetProps>",
            "<t:GetProps><t:object>not base64!</t:object></t:GetProps>",
            "<t:SetReadFlags><t:items/><t:read>maybe</t:read></t:SetReadFlags>",
            "<t:ImportChanges><t:folder>AQ==</t:folder><t:change kind='upsert'><t:sourceKey>AQ==</t:sourceKey></t:change></t:ImportChanges>",
            "<t:ImportChanges><t:folder>AQ==</t:folder><t:change kind='bogus'><t:sourceKey>AQ==</t:sourceKey></t:change></t:ImportChanges>",
            "<t:GetNamesFromIDs><t:id>70000</t:id></t:GetNamesFromIDs>",
        ]
        for body in cases {
            let request = try SOAPEnvelope.decodeRequest(envelope(body: body))
            let type = try #require(MessageCatalog.requestType(named: request.operation.name))
            #expect(throws: MAPIError.self, "\(body)") { _ = try type.init(element: request.body) }
        }
    }

    @Test func aResponseElementIsNotARequest() throws {
        let response = try SOAPEnvelope.decodeResponse(XML.parse(GetPropsResponse(properties: []).envelope()))
        #expect(throws: MAPIError.self) { _ = try GetPropsRequest(element: response) }
    }

    /// The WSDL declares each wrapper as an `xs:sequence`: strict clients (zeep) insist on the order.
    private func expectDeclaredOrder(_ element: XML.Element, _ parts: [SOAPOperation.Part]) throws {
        let order = Dictionary(uniqueKeysWithValues: parts.enumerated().map { ($1.name, $0) })
        let positions = try element.children.map { try #require(order[$0.name.local], "undeclared <\($0.name.local)>") }
        #expect(positions == positions.sorted(), "<\(element.name.local)> writes its parts out of order")
    }
}
