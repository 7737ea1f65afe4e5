import MAPI
import SOAP
import Testing

func envelope(header: String? = nil, body: String) -> [UInt8] {
    let head = header.map { "<soap:Header>\($0)</soap:Header>" } ?? ""
    return Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="urn:tessera:soap:1">
        \(head)<soap:Body>\(body)</soap:Body></soap:Envelope>
        """.utf8)
}

func fault(_ bytes: [UInt8], limits: XML.Limits = .default) -> SOAPFault? {
    do {
        _ = try SOAPEnvelope.decodeRequest(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

@Suite struct SOAPEnvelopeTests {
    @Test func decodesHeaderAndOperation() throws {
        let request = try SOAPEnvelope.decodeRequest(
            envelope(
                header: "<t:Session> abc.def </t:Session><x:Trace xmlns:x='urn:other'>1</x:Trace>",
                body: "<t:GetProps><t:object>AQID</t:object></t:GetProps>"))
        #expect(request.sessionToken == "abc.def")
        #expect(request.operation.name == "GetProps")
        #expect(request.body.isTessera("GetProps"))
        #expect(try request.body.requiredChild("object").text == "AQID")
        let logon = try SOAPEnvelope.decodeRequest(envelope(body: "<t:Logon><t:user>u</t:user><t:password>p</t:password></t:Logon>"))
        #expect(logon.sessionToken == nil)
        #expect(!logon.operation.requiresSession)
    }

    @Test func envelopeStructureFaults() {
        let cases: [([UInt8], SOAPFault.Code, MAPIErrorCode)] = [
            (Array("<a/>".utf8), .client, .invalidParameter),
            (Array("<Envelope xmlns='http://www.w3.org/2003/05/soap-envelope'><Body/></Envelope>".utf8), .versionMismatch, .invalidParameter),
            (envelope(body: ""), .client, .invalidParameter),
            (envelope(body: "<t:GetProps/><t:GetProps/>"), .client, .invalidParameter),
            (envelope(body: "text<t:GetProps/>"), .client, .invalidParameter),
            (envelope(body: "<t:Frobnicate/>"), .client, .noSupport),
            (envelope(body: "<x:GetProps xmlns:x='urn:other'/>"), .client, .noSupport),
            (envelope(header: "<t:Session>a</t:Session><t:Session>b</t:Session>", body: "<t:Logoff/>"), .client, .invalidParameter),
            (envelope(header: "<t:Session><t:x/></t:Session>", body: "<t:Logoff/>"), .client, .invalidParameter),
            (envelope(header: "<x:Tx xmlns:x='urn:other' soap:mustUnderstand='1'/>", body: "<t:Logoff/>"), .mustUnderstand, .noSupport),
            (
                Array(
                    "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body/><soap:Body/></soap:Envelope>".utf8),
                .client, .invalidParameter
            ),
            (
                Array(
                    "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body/><soap:Header/></soap:Envelope>".utf8),
                .client, .invalidParameter
            ),
        ]
        for (bytes, code, mapi) in cases {
            let found = fault(bytes)
            #expect(found?.code == code, "\(String(decoding: bytes, as: UTF8.self))")
            #expect(found?.mapiCode == mapi.rawValue, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// Every parser refusal becomes a Client fault with the documented MAPI code.
    @Test func parserLimitsBecomeFaults() {
        let small = XML.Limits(maxBodyBytes: 400, maxDepth: 5, maxElements: 8)
        let cases: [([UInt8], MAPIErrorCode)] = [
            (envelope(body: "<t:Logoff>" + String(repeating: "x", count: 500) + "</t:Logoff>"), .tooBig),
            (envelope(body: "<t:Logoff><a><b><c><d/></c></b></a></t:Logoff>"), .tooComplex),
            (envelope(body: "<t:Logoff>" + String(repeating: "<a/>", count: 8) + "</t:Logoff>"), .tooComplex),
            (Array("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>".utf8), .invalidParameter),
            (Array("<soap:Envelope".utf8), .invalidParameter),
        ]
        for (bytes, code) in cases {
            let found = fault(bytes, limits: small)
            #expect(found?.code == .client)
            #expect(found?.mapiName == code.name, "\(String(decoding: bytes, as: UTF8.self))")
        }
        let slow = SOAPFault(parseError: .timeBudgetExceeded(limit: .seconds(10)))
        #expect(slow.mapiCode == MAPIErrorCode.networkError.rawValue)
        #expect(slow.message.contains("took longer than"))
    }

    @Test func requestAndResponseEncodingRoundTrip() throws {
        let request = SOAPEnvelope.request(sessionToken: "tok<en>") { w in
            w.start("t:GetProps")
            w.element("t:object", text: "AQID")
            w.end()
        }
        let decoded = try SOAPEnvelope.decodeRequest(request)
        #expect(decoded.sessionToken == "tok<en>")
        #expect(decoded.operation.name == "GetProps")

        let response = SOAPEnvelope.response { w in
            w.start("t:GetPropsResponse")
            MAPIXML.write(properties: [Property(id: 0x0037, value: .unicode("s"))], as: "props", to: &w)
            w.end()
        }
        let text = String(decoding: response, as: UTF8.self)
        #expect(text.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="#))
        let body = try SOAPEnvelope.decodeResponse(XML.parse(response))
        #expect(body.isTessera("GetPropsResponse"))
        #expect(try MAPIXML.properties(from: body.requiredChild("props")) == [Property(id: 0x0037, value: .unicode("s"))])
    }

    @Test func faultWireForm() {
        let bytes = SOAPEnvelope.fault(SOAPFault(MAPIError(.notFound, "no such folder")))
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="urn:tessera:soap:1">"#
                + "<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>MAPI_E_NOT_FOUND: no such folder</faultstring>"
                + "<detail><t:MAPIFault><t:mapiCode>0x8004010F</t:mapiCode><t:mapiName>MAPI_E_NOT_FOUND</t:mapiName></t:MAPIFault></detail>"
                + "</soap:Fault></soap:Body></soap:Envelope>")
    }

    @Test(arguments: MAPIErrorCode.allCases)
    func everyCodeRoundTripsThroughAFault(_ code: MAPIErrorCode) throws {
        let sent = SOAPFault(MAPIError(code, "diagnostic <&>"), redirectURL: "https://node2.example:8443/soap?a=1&b=2")
        let read = try #require(try readBack(sent))
        #expect(read == sent)
        #expect(read.mapiError.code == code)
        #expect(read.mapiName == code.name)
        #expect(read.redirectURL == (code == .unableToComplete ? "https://node2.example:8443/soap?a=1&b=2" : nil))
        #expect(read.code == SOAPFault.faultCode(for: code))
    }

    /// The fault a client reads from the fault envelope of `sent`; nil (and an issue) when it
    /// reads a response instead.
    func readBack(_ sent: SOAPFault) throws -> SOAPFault? {
        let root = try XML.parse(SOAPEnvelope.fault(sent))
        do {
            _ = try SOAPEnvelope.decodeResponse(root)
            Issue.record("a fault decoded as a response")
            return nil
        } catch {
            return error
        }
    }

    /// Diagnostics whose sanitised form a second sanitising changed, so that the client read
    /// another fault string than the server sent (the fuzzer's fault oracle): a lone `/` just
    /// before the cut at ``SOAPFault/maxMessageLength`` became `/…`, a path; a control
    /// character turned into a space after the words were scrubbed, revealing `/etc/passwd`.
    static let resanitizedDiagnostics: [String] = [
        String(repeating: "a", count: 471) + " / " + String(repeating: "b", count: 100),
        String(repeating: "a", count: 472) + " \\ " + String(repeating: "b", count: 100),
        "x\u{07}/etc/passwd and y\u{00}./secret",
        String(repeating: "x", count: 10_000),
        String(repeating: "/a ", count: 300),
    ]

    @Test(arguments: resanitizedDiagnostics)
    func faultStringsSurviveTheWire(_ diagnostic: String) throws {
        let sent = SOAPFault(MAPIError(.invalidParameter, diagnostic))
        #expect(SOAPFault.sanitize(sent.message) == sent.message)
        #expect(sent.message.count <= SOAPFault.maxMessageLength)
        #expect(!sent.message.contains("/etc") && !sent.message.contains("./secret"))
        #expect(try readBack(sent) == sent)
    }

    @Test func unknownCodesAndForeignFaults() throws {
        let odd = SOAPFault(code: .server, message: "m", mapiCode: 0x8004_FFFF, mapiName: "MAPI_E_FUTURE")
        #expect(odd.mapiError.code == .callFailed)
        #expect(odd.mapiError.diagnostic.contains("MAPI_E_FUTURE 0x8004FFFF"))
        let foreign = Array(
            """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
            <faultcode>s:Server</faultcode><faultstring>proxy says no</faultstring></s:Fault></s:Body></s:Envelope>
            """.utf8)
        #expect(throws: SOAPFault.self) { _ = try SOAPEnvelope.decodeResponse(XML.parse(foreign)) }
        do {
            _ = try SOAPEnvelope.decodeResponse(XML.parse(foreign))
        } catch let fault as SOAPFault {
            #expect(fault.mapiError.code == .networkError)
            #expect(fault.message.contains("proxy says no"))
        }
    }

    @Test func faultsLeakNoInternals() {
        struct Internal: Error, CustomStringConvertible {
            var description: String { "crash at /home/build/Sources/Node/Store.swift:42 with secret" }
        }
        let generic = SOAPFault(anyError: Internal())
        #expect(generic.message == "MAPI_E_CALL_FAILED: internal error")
        #expect(generic.code == .server)

        let withPath = SOAPFault(MAPIError(.callFailed, "cannot open '/var/lib/tessera/s1-blobs/objects/ab' (EIO)\nStack: Store.swift:12"))
        #expect(!withPath.message.contains("/var/lib"))
        #expect(!withPath.message.contains("Store.swift"))
        #expect(!withPath.message.contains("\n"))
        #expect(withPath.message.contains("<path>"))
        #expect(withPath.message.contains("(EIO)"))

        let long = SOAPFault(MAPIError(.invalidParameter, String(repeating: "x", count: 10_000)))
        #expect(long.message.count == SOAPFault.maxMessageLength)
        let control = SOAPFault(MAPIError(.invalidParameter, "bell\u{07}nul\u{00}"))
        #expect(control.message == "MAPI_E_INVALID_PARAMETER: bell nul ")
        // A redirect URL only travels with UNABLE_TO_COMPLETE.
        #expect(SOAPFault(MAPIError(.notFound, "x"), redirectURL: "https://a/soap").redirectURL == nil)
    }
}
