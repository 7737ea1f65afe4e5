import Foundation
import HTTP
import Node

/// Signed JSON requests to a node's `/admin/…` endpoints.
struct AdminClient {
    let client: HTTPClient
    let signature: AdminSignature

    /// A client for the node whose SOAP URL is `soapURL` (its host, port and scheme are used).
    init(soapURL: String, signature: AdminSignature) throws {
        guard let url = URL(string: soapURL), let host = url.host, let scheme = url.scheme else {
            throw AdminClientError("not a URL: \(soapURL)")
        }
        let tls = scheme == "https"
        let endpoint = HTTPEndpoint(host: host, port: url.port ?? (tls ? 443 : 80), tls: tls ? HTTPClientTLS(caFile: nil, serverHostname: host) : nil)
        client = try HTTPClient(configuration: HTTPClientConfiguration(endpoint: endpoint))
        self.signature = signature
    }

    func get<T: Decodable>(_ target: String) async throws -> T { try await send("GET", target, []) }

    func post<T: Decodable>(_ target: String, _ body: some Encodable) async throws -> T {
        try await send("POST", target, Array(try JSONEncoder().encode(body)))
    }

    func shutdown() async { await client.shutdown() }

    private func send<T: Decodable>(_ method: String, _ target: String, _ body: [UInt8]) async throws -> T {
        var request = HTTPClientRequest(method: method, target: target, body: body)
        request.headers.set(AdminSignature.header, signature.sign(method: method, target: target, body: body, now: Date()))
        request.headers.set("Content-Type", "application/json")
        let response = try await client.send(request)
        guard response.status == 200 else {
            let message = (try? JSONDecoder().decode([String: String].self, from: Data(response.body)))?["error"]
            throw AdminClientError("the node answered \(response.status): \(message ?? String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
        return try JSONDecoder().decode(T.self, from: Data(response.body))
    }
}

struct AdminClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
