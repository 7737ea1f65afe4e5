import NIOSSL

/// The NIOSSL contexts of the server and the client: TLS 1.2 or later, BoringSSL's default
/// ciphers; the client verifies the chain and the host name.
enum TLSContexts {
    /// The server's context from its PEM files.
    static func server(_ tls: HTTPServerTLS) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChainPath).map { NIOSSLCertificateSource.certificate($0) }
        guard !chain.isEmpty else { throw TLSFileError(diagnostic: "no certificate in \(tls.certificateChainPath)") }
        let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: configuration)
    }

    /// The client's context: trusts `caFile` only when given, else the system's roots.
    static func client(_ tls: HTTPClientTLS) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile = tls.caFile { configuration.trustRoots = .file(caFile) }
        return try NIOSSLContext(configuration: configuration)
    }

    /// A client context that accepts any certificate: for ``LivenessProbe`` only, which talks
    /// to a listener of its own process over loopback, sends nothing secret and takes any
    /// answer as proof of life (its certificate may name another host, or a CA it cannot see).
    static func unverifiedClient() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .none
        configuration.trustRoots = .certificates([])
        return try NIOSSLContext(configuration: configuration)
    }
}

/// A PEM file that holds nothing usable.
struct TLSFileError: Error, CustomStringConvertible {
    var diagnostic: String
    var description: String { diagnostic }
}
