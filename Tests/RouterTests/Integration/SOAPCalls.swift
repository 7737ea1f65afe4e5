import Foundation
import HTTP
import MAPI
import NIOCore
import NIOPosix
import SOAP

/// Raw SOAP calls over the HTTP module's client, for checking the faults a router answers.
enum SOAPCalls {
    /// Sends `request` to `url`; the token goes in the SOAP header and, unless
    /// `headerSession` is false, in `X-Tessera-Session` too.
    static func call<R: SOAPRequestMessage>(
        _ request: R, to url: URL, session: String? = nil, headerSession: Bool = true
    ) async throws -> Result<R.Response, SOAPFault> {
        let response = try await send(
            method: "POST", to: url, body: request.envelope(sessionToken: session),
            headers: ["Content-Type": "text/xml; charset=utf-8", "SOAPAction": "\"urn:tessera:soap:1#\(R.operationName)\""]
                .merging(headerSession && session != nil ? ["X-Tessera-Session": session!] : [:]) { a, _ in a })
        let root = try XML.parse(response.body, limits: XML.Limits(maxBodyBytes: 16 << 20, maxTextBytesPerElement: 8 << 20, maxTotalTextBytes: 16 << 20))
        do {
            return .success(try R.Response(element: try SOAPEnvelope.decodeResponse(root)))
        } catch let fault as SOAPFault {
            return .failure(fault)
        }
    }

    /// One HTTP request to `url`'s host and port.
    static func send(method: String, to url: URL, target: String? = nil, body: [UInt8] = [], headers: [String: String] = [:]) async throws -> HTTPResponse {
        var configuration = HTTPClientConfiguration(endpoint: HTTPEndpoint(host: url.host!, port: url.port!))
        configuration.responseTimeout = .seconds(30)
        configuration.maximumResponseBytes = 16 << 20
        let client = try HTTPClient(configuration: configuration)
        var fields = HTTPHeaderFields()
        for (name, value) in headers { fields.add(name, value) }
        let response: HTTPResponse
        do {
            response = try await client.send(HTTPClientRequest(method: method, target: target ?? url.path, headers: fields, body: body, isIdempotent: false))
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
        return response
    }
}

extension Result {
    /// The fault's MAPI code, or nil for an answer.
    var mapiCode: UInt32? {
        if case .failure(let fault as SOAPFault) = self { return fault.mapiCode }
        return nil
    }
}

/// A server that accepts connections and closes each as soon as a request starts arriving:
/// a node that dies mid-request.
enum DyingUpstream {
    final class CloseOnRead: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) { context.close(promise: nil) }
    }

    static func start() async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(CloseOnRead()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }
}
