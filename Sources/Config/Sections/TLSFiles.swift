/// TLS for a listener (`[node.tls]`, `[router.tls]`): the certificate chain and private key,
/// PEM files that must be readable when the configuration is loaded.
public struct TLSFiles: Sendable, Hashable {
    /// PEM certificate chain, the server's own certificate first.
    public var certificateFile: String
    /// PEM private key of that certificate.
    public var privateKeyFile: String

    /// TLS files.
    public init(certificateFile: String, privateKeyFile: String) {
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
    }

    static let schema = TableSchema(
        "TLS for the SOAP listener; without this table the listener speaks plain HTTP (behind a TLS proxy, or on a private network).",
        keys: [
            KeySpec("cert_file", .readableFile, .required, "PEM certificate chain, the server's certificate first."),
            KeySpec("key_file", .readableFile, .required, "PEM private key of the certificate (readable by the service user only)."),
        ])

    init?(_ reader: SectionReader) {
        guard let certificate = reader.string("cert_file"), let key = reader.string("key_file") else { return nil }
        self.init(certificateFile: certificate, privateKeyFile: key)
    }
}
