import HTTP
import NIOCore
import NIOPosix
import NIOSSL
@testable import Router
import TestSupport
import Testing

/// TLS on both sides of the router: clients over HTTPS, nodes over HTTPS checked against the
/// configured CA (`[upstream] ca_file`), on the inline path (whose ``UpstreamTap`` sits after
/// the node connection's TLS handler) and on the task's.
extension InlineForwardTests {
    private static func serverContext(_ certificates: TestCertificates) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificates.serverChain).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: certificates.serverKey, format: .pem)
        return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
    }

    private static func clientContext(trusting caFile: String) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(caFile)
        return try NIOSSLContext(configuration: configuration)
    }

    @Test func httpsOnBothSidesInlineAndThroughTheTask() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let node = try await ScriptedNode.start(tls: try Self.serverContext(certificates))
        let router = try await Router.start(servingS1By: node) { settings in
            settings.tls = HTTPServerTLS(certificateChainPath: certificates.serverChain, privateKeyPath: certificates.serverKey)
            settings.upstreamCAFile = certificates.caFile
        }
        let words = ["warm", "one", "two", "through the task", "three"]
        let requests = words.map { word in
            Self.post(Array(word.utf8), extra: word == "through the task" ? [("Expect", "100-continue")] : [])
        }
        let answers = try await RawClient.exchange(
            port: router.port, requests, oneAtATime: true, tls: try Self.clientContext(trusting: certificates.caFile))
        #expect(answers.map { String(decoding: $0.body, as: UTF8.self) } == words)
        for answer in answers {
            #expect(answer.head.headers.first(name: "X-Seen-Forwarded-Proto") == "https")
            #expect(answer.head.headers.first(name: "X-Seen-Host") == "localhost:\(node.port)")
        }
        #expect(router.inline == 3, "one, two and three went inline, over the pooled TLS connection")
        #expect(node.connections == 1)
        await router.stop()
        try await node.close()
    }

    @Test func aNodeWhoseCertificateTheRouterDoesNotTrustGetsNoRequest() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let node = try await ScriptedNode.start(tls: try Self.serverContext(certificates))
        let router = try await Router.start(servingS1By: node) { $0.upstreamCAFile = certificates.otherCAFile }
        let answers = try await RawClient.exchange(port: router.port, [Self.post(Array("secret".utf8))])
        #expect(answers.first?.head.status == .internalServerError)
        let text = String(decoding: answers.first?.body ?? [], as: UTF8.self)
        #expect(text.contains("MAPI_E_NETWORK_ERROR"))
        #expect(node.requests.isEmpty, "nothing reached a node whose certificate did not check out")
        #expect(router.count(router.core.metrics.upstreamErrors, "tls") == 1)
        await router.stop()
        try await node.close()
    }

    @Test func aNodeThatAcceptsButNeverAnswersTheHandshakeTimesOutAtConnecting() async throws {
        // Accepts, reads, never writes.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        let router = try await Router.start(servingS1At: "https://localhost:\(silent.localAddress!.port!)/soap") {
            $0.upstreamConnectTimeout = .milliseconds(300)
        }
        let started = ContinuousClock.now
        let answers = try await RawClient.exchange(port: router.port, [Self.post(Array("hello".utf8))])
        let text = String(decoding: answers.first?.body ?? [], as: UTF8.self)
        #expect(answers.first?.head.status == .internalServerError)
        #expect(text.contains("MAPI_E_NETWORK_ERROR"), "\(text)")
        #expect(router.count(router.core.metrics.upstreamErrors, "tls") == 1)
        #expect(ContinuousClock.now - started < .seconds(30), "the connect timeout, not the response deadline (150 s)")
        await router.stop()
        try await silent.close()
    }
}
