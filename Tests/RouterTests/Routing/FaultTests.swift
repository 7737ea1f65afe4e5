import MAPI
import SOAP
import Testing
@testable import Router

@Suite struct FaultTests {
    private func decode(_ fault: RouterFault) throws -> SOAPFault {
        let root = try XML.parse(fault.body)
        do {
            _ = try SOAPEnvelope.decodeResponse(root)
        } catch {
            return error
        }
        Issue.record("not a fault")
        return SOAPFault(MAPIError(.callFailed, "x"))
    }

    @Test func faultBodiesCarryTheMAPIDetail() throws {
        let none = try decode(.noServingNode("s3", "gossip names no node for it"))
        #expect(none.mapiCode == MAPIErrorCode.networkError.rawValue)
        #expect(none.code == .server)
        #expect(none.message == "MAPI_E_NETWORK_ERROR: no node serves server s3 now (gossip names no node for it); try again later")
        #expect(try decode(.malformedToken).mapiCode == MAPIErrorCode.endOfSession.rawValue)
        #expect(try decode(.noSession).mapiCode == MAPIErrorCode.endOfSession.rawValue)
        #expect(try decode(.bodyTooLarge(10)).mapiCode == MAPIErrorCode.tooBig.rawValue)
        #expect(RouterFault.bodyTooLarge(10).status == 413)
        #expect(RouterFault.tooManyConnections(5).status == 503)
        #expect(RouterFault.noServingNode("s", "x").status == 500)
    }

    @Test func redirectFaultsCarryTheURLAndAreRecognised() throws {
        let fault = RouterFault.redirect("s2", to: "http://n2:8080/soap")
        let decoded = try decode(fault)
        #expect(decoded.mapiCode == MAPIErrorCode.unableToComplete.rawValue)
        #expect(decoded.redirectURL == "http://n2:8080/soap")
        #expect(RedirectFault.url(in: fault.body) == "http://n2:8080/soap")
        #expect(RedirectFault.url(in: RouterFault.noServingNode("s", "x").body) == nil)
        #expect(RedirectFault.url(in: Array("<html/>".utf8)) == nil)
        let noURL = SOAPEnvelope.fault(SOAPFault(MAPIError(.unableToComplete, "elsewhere")))
        #expect(RedirectFault.url(in: noURL) == nil)
    }

    @Test func onlySmallXMLErrorsAreHeldBack() {
        #expect(RedirectFault.mayBeRedirect(status: 500, contentType: "text/xml; charset=utf-8", contentEncoding: nil, contentLength: 600))
        #expect(RedirectFault.mayBeRedirect(status: 500, contentType: "text/xml", contentEncoding: nil, contentLength: nil))
        #expect(!RedirectFault.mayBeRedirect(status: 200, contentType: "text/xml", contentEncoding: nil, contentLength: 600))
        #expect(!RedirectFault.mayBeRedirect(status: 500, contentType: "text/plain", contentEncoding: nil, contentLength: 600))
        #expect(!RedirectFault.mayBeRedirect(status: 500, contentType: "text/xml", contentEncoding: "gzip", contentLength: 600))
        #expect(!RedirectFault.mayBeRedirect(status: 500, contentType: "text/xml", contentEncoding: nil, contentLength: 100_000))
    }
}
