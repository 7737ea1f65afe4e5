import Foundation
import SOAP

@testable import Client

/// An in-memory stand-in for a node (or router): decodes each request envelope as the node
/// would, records it, and answers with what the test's handler returns. No network.
actor FakeNode {
    /// One request as the node saw it.
    struct Request: Sendable {
        var url: URL
        var operation: String
        /// The token in the SOAP header.
        var headerSession: String?
        /// The token the transport was given (the `X-Tessera-Session` header).
        var transportSession: String?
        var action: String
        var body: XML.Element

        /// The typed request.
        func decode<R: SOAPRequestMessage>(_ type: R.Type) throws -> R { try R(element: body) }
    }

    /// What the handler answers.
    enum Reply: Sendable {
        case response(any SOAPMessage)
        case fault(SOAPFault)
        case bytes([UInt8])
        case networkError(String)
    }

    typealias Handler = @Sendable (Request) throws -> Reply

    private(set) var requests: [Request] = []
    private let handler: Handler

    init(_ handler: @escaping Handler) { self.handler = handler }

    /// The transport factory of a client talking to this node (any URL).
    nonisolated var factory: SOAPTransportFactory {
        { url in Transport(node: self, url: url) }
    }

    /// The operations received, in order.
    var operations: [String] { requests.map(\.operation) }

    func handle(_ envelope: [UInt8], action: String, session: String?, url: URL) throws -> [UInt8] {
        let decoded = try SOAPEnvelope.decodeRequest(envelope)
        let request = Request(
            url: url, operation: decoded.operation.name, headerSession: decoded.sessionToken, transportSession: session,
            action: action, body: decoded.body)
        requests.append(request)
        switch try handler(request) {
        case .response(let message): return message.envelope()
        case .fault(let fault): return SOAPEnvelope.fault(fault)
        case .bytes(let bytes): return bytes
        case .networkError(let text): throw FakeNetworkError(text: text)
        }
    }

    struct Transport: SOAPTransport {
        let node: FakeNode
        let url: URL
        func send(_ envelope: [UInt8], action: String, session: String?) async throws -> [UInt8] {
            try await node.handle(envelope, action: action, session: session, url: url)
        }
    }
}

struct FakeNetworkError: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}

/// A fault as a node sends it.
func fault(_ code: MAPIErrorCode, _ text: String = "test", redirect: String? = nil) -> SOAPFault {
    SOAPFault(MAPIError(code, text), redirectURL: redirect)
}

let nodeURL = URL(string: "https://router.example/soap")!
