import Testing
@testable import Router

@Suite struct EnvelopeScannerTests {
    private func scan(_ text: String, chunk: Int = .max) -> EnvelopePeek {
        var scanner = EnvelopeScanner()
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + chunk)
            if case .needMore = scanner.feed(bytes[index..<end]) {} else { return scanner.result }
            index = end
        }
        return scanner.finish()
    }

    private let envelope = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment with <tags> -->
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="urn:tessera:soap:1">
          <soap:Header><x:Other xmlns:x="urn:x" a=">"/><t:Session>
            tok-en_1 </t:Session></soap:Header>
          <soap:Body><t:GetProps><t:object>AA==</t:object></t:GetProps></soap:Body>
        </soap:Envelope>
        """

    @Test func findsTokenAndOperation() {
        #expect(scan(envelope) == .request(operation: "GetProps", session: "tok-en_1"))
    }

    @Test func sameAnswerByteByByte() {
        #expect(scan(envelope, chunk: 1) == .request(operation: "GetProps", session: "tok-en_1"))
        #expect(scan(envelope, chunk: 7) == .request(operation: "GetProps", session: "tok-en_1"))
    }

    @Test func answersAtTheOperationWithoutTheRest() {
        var scanner = EnvelopeScanner()
        let start = #"<e:Envelope xmlns:e="e"><e:Body><Logon>"#
        #expect(scanner.feed(start.utf8) == .request(operation: "Logon", session: nil))
    }

    @Test func logonWithoutHeader() {
        let logon = #"<s:Envelope xmlns:s="s"><s:Body><t:Logon xmlns:t="t"><t:user>a</t:user></t:Logon></s:Body></s:Envelope>"#
        #expect(scan(logon) == .request(operation: "Logon", session: nil))
    }

    @Test func cdataTokenAndDefaultNamespace() {
        let text = #"<Envelope xmlns="s"><Header><Session><![CDATA[abc]]></Session></Header><Body><GetStore/></Body></Envelope>"#
        #expect(scan(text) == .request(operation: "GetStore", session: "abc"))
    }

    @Test func refusesWhatIsNotAnEnvelope() {
        #expect(scan("<!DOCTYPE x [<!ENTITY a 'b'>]><Envelope/>") == .malformed("document type declarations are not allowed"))
        #expect(scan("<html><body>") == .malformed("the root element is not a SOAP Envelope"))
        #expect(scan("hello") == .malformed("text outside the envelope"))
        #expect(scan("<E:Envelope><E:Body/></E:Envelope>") == .malformed("the SOAP body holds no operation"))
        #expect(scan("<Envelope><Header/></Envelope>") == .malformed("the envelope holds no Body"))
        #expect(scan("<Envelope><Other/></Envelope>") == .malformed("<Other> in the envelope (only Header and Body)"))
        #expect(scan("<Envelope><Body>") == .malformed("the body ends before its operation element"))
    }

    @Test func boundsNamesAndTokens() {
        let longName = "<" + String(repeating: "a", count: 300) + ">"
        #expect(scan(longName) == .malformed("an element name is longer than 256 bytes"))
        let longToken = "<Envelope><Header><Session>" + String(repeating: "x", count: 5_000)
        #expect(scan(longToken) == .malformed("the session token is longer than 4096 bytes"))
    }

    @Test func aHugeAttributeValueCostsNothingButTime() {
        let text = #"<Envelope a=""# + String(repeating: "<>", count: 10_000) + #""><Body><Op/></Body></Envelope>"#
        #expect(scan(text, chunk: 1_000) == .request(operation: "Op", session: nil))
    }
}
