import Foundation
import Testing

@testable import Client

@Suite struct SOAPOverHTTPTests {
    @Test func endpointsOfURLs() throws {
        let plain = try SOAPOverHTTP.Endpoint(url: URL(string: "http://node1.example/soap")!)
        #expect(plain.host == "node1.example" && plain.port == 80 && !plain.useTLS && plain.target == "/soap")
        let tls = try SOAPOverHTTP.Endpoint(url: URL(string: "https://[::1]:8443/tessera/soap?x=1")!)
        #expect(tls.host == "::1" && tls.port == 8443 && tls.useTLS && tls.target == "/tessera/soap?x=1")
        #expect(try SOAPOverHTTP.Endpoint(url: URL(string: "https://mail.example")!).target == "/soap")
    }

    @Test(arguments: ["ftp://node1.example/soap", "file:///tmp/soap", "node1.example/soap"])
    func otherSchemesAreRefused(url: String) async {
        await expectError(.invalidArgument) { _ = try SOAPOverHTTP.Endpoint(url: URL(string: url)!) }
    }

    @Test func requestHeaders() {
        let fields = SOAPOverHTTP.headers(action: "GetProps", session: "tok")
        #expect(fields.map(\.name) == ["Content-Type", "SOAPAction", "X-Tessera-Session"])
        #expect(fields.map(\.value) == ["text/xml; charset=utf-8", "\"urn:tessera:soap:1#GetProps\"", "tok"])
        #expect(SOAPOverHTTP.headers(action: "Logon", session: nil).count == 2)
    }

    @Test func answersAre200OrXMLFaults() async throws {
        #expect(try SOAPOverHTTP.answer(status: 200, contentType: "text/xml", body: [1], from: "u") == [1])
        #expect(try SOAPOverHTTP.answer(status: 500, contentType: "text/xml; charset=utf-8", body: [2], from: "u") == [2])
        let proxy = await expectError(.network) {
            _ = try SOAPOverHTTP.answer(status: 502, contentType: "text/html", body: Array("Bad\nGateway".utf8), from: "https://r/soap")
        }
        #expect(proxy?.diagnostic == "https://r/soap answered HTTP 502: Bad⏎Gateway")
        await expectError(.network) { _ = try SOAPOverHTTP.answer(status: 500, contentType: "text/plain", body: [], from: "u") }
    }
}
