import Foundation
import SOAP
import Testing

@testable import Client

@Suite struct RedirectPolicyTests {
    let home = URL(string: "https://router.example/soap")!
    let node2 = URL(string: "https://node2.example:8443/soap")!

    @Test func followsARedirectOnce() {
        var policy = RedirectPolicy(home: home)
        let redirect = fault(.unableToComplete, "served elsewhere", redirect: node2.absoluteString)
        #expect(policy.onFault(redirect, from: home) == .resend(node2))
        guard case .fail(let error) = policy.onFault(fault(.unableToComplete, redirect: "https://node3.example/soap"), from: node2) else {
            Issue.record("a second redirect must fail")
            return
        }
        #expect(error.code == .redirectFailed)
        #expect(error.fault?.redirectURL == "https://node3.example/soap")
    }

    @Test(arguments: [
        nil,  // no URL at all
        "",
        "ftp://node2.example/soap",
        "not a url",
        "http://node2.example/soap",  // https → http downgrade
        "https://ROUTER.example/soap",  // where it just went
    ])
    func refusesUnusableRedirects(url: String?) {
        var policy = RedirectPolicy(home: home)
        guard case .fail(let error) = policy.onFault(fault(.unableToComplete, redirect: url), from: home) else {
            Issue.record("\(url ?? "nil") must not be followed")
            return
        }
        #expect(error.code == .redirectFailed)
        #expect(!policy.hasResent)
    }

    @Test func plainHTTPMayRedirectToHTTPS() {
        var policy = RedirectPolicy(home: URL(string: "http://router.example/soap")!)
        #expect(policy.onFault(fault(.unableToComplete, redirect: node2.absoluteString), from: policy.home) == .resend(node2))
    }

    @Test func fencedNodeSendsBackToTheHomeURLOnce() {
        var policy = RedirectPolicy(home: home)
        #expect(policy.onFault(fault(.unableToComplete, redirect: node2.absoluteString), from: home) == .resend(node2))
        guard case .fail(let error) = policy.onFault(fault(.fenced), from: node2) else {
            Issue.record("only one resend per request")
            return
        }
        #expect(error.code == .server)

        var fresh = RedirectPolicy(home: home)
        #expect(fresh.onFault(fault(.fenced), from: node2) == .resend(home))
    }

    @Test func fencedAtHomeIsAServerError() {
        var policy = RedirectPolicy(home: home)
        guard case .fail(let error) = policy.onFault(fault(.fenced), from: home) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == .server)
        #expect(error.fault?.name == "FENCED")
    }
}

@Suite struct FaultMappingTests {
    @Test(arguments: [
        (MAPIErrorCode.logonFailed, TesseraClientError.Code.logonFailed),
        (.endOfSession, .sessionEnded),
        (.notFound, .notFound),
        (.networkError, .network),
        (.unableToComplete, .redirectFailed),
        (.noAccess, .server),
        (.collision, .server),
        (.invalidParameter, .server),
        (.fenced, .server),
    ])
    func mapsFaultCodes(mapi: MAPIErrorCode, code: TesseraClientError.Code) {
        let error = TesseraClientError(fault: fault(mapi, "diagnostic text"))
        #expect(error.code == code)
        #expect(error.fault?.code == mapi.rawValue)
        #expect(error.fault?.name == mapi.name)
        #expect(error.mapiCode == mapi)
        #expect(error.diagnostic == "diagnostic text")
        #expect(error.description == "\(code.rawValue): diagnostic text (\(mapi))")
    }

    @Test func unknownCodesKeepTheirNameAndNumber() {
        let unknown = SOAPFault(code: .server, message: "X_E_NEW: new", mapiCode: 0x8004_7777, mapiName: "X_E_NEW")
        let error = TesseraClientError(fault: unknown)
        #expect(error.code == .server)
        #expect(error.mapiCode == nil)
        #expect(error.fault == ServerFault(code: 0x8004_7777, name: "X_E_NEW", message: "X_E_NEW: new"))
        #expect(error.description == "server: new (X_E_NEW 0x80047777)")
    }
}
