import HTTP
import TestSupport
import Testing

/// HTTPS with a throwaway CA made by the openssl command.
@Suite struct TLSTests {
    static func withTLSServer(_ body: (TestCertificates, Int) async throws -> Void) async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        var configuration = HTTPServerConfiguration.test()
        configuration.tls = HTTPServerTLS(certificateChainPath: certificates.serverChain, privateKeyPath: certificates.serverKey)
        try await withServer(configuration) { _, port in try await body(certificates, port) }
    }

    static func client(port: Int, tls: HTTPClientTLS) throws -> HTTPClient {
        var configuration = HTTPClientConfiguration(endpoint: HTTPEndpoint(host: "127.0.0.1", port: port, tls: tls))
        configuration.connectTimeout = .seconds(5)
        return try HTTPClient(configuration: configuration)
    }

    @Test func aClientTrustingTheCAIsServed() async throws {
        try await Self.withTLSServer { certificates, port in
            let client = try Self.client(port: port, tls: HTTPClientTLS(caFile: certificates.caFile, serverHostname: "localhost"))
            for i in 0..<3 {
                let response = try await client.send(HTTPClientRequest(method: "POST", target: "/echo", body: Array("over TLS \(i)".utf8)))
                #expect(response.body == Array("over TLS \(i)".utf8))
            }
            await client.shutdown()
        }
    }

    @Test func aClientWithoutTheCAIsRefused() async throws {
        try await Self.withTLSServer { certificates, port in
            let client = try Self.client(port: port, tls: HTTPClientTLS(caFile: certificates.otherCAFile, serverHostname: "localhost"))
            #expect(await clientError(client) == .tlsFailure)
            await client.shutdown()
        }
    }

    @Test func aHostnameMismatchIsRefused() async throws {
        try await Self.withTLSServer { certificates, port in
            let client = try Self.client(port: port, tls: HTTPClientTLS(caFile: certificates.caFile, serverHostname: "mail.example.org"))
            #expect(await clientError(client) == .tlsFailure)
            await client.shutdown()
        }
    }

    @Test func plainHTTPToTheTLSPortIsRejected() async throws {
        try await Self.withTLSServer { _, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(await raw.waitUntilClosed(within: .seconds(5)))
        }
    }
}
