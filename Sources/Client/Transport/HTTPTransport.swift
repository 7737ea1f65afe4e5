/// SOAP over HTTP(S) on the `HTTP` target's keep-alive client — not in this build yet: the
/// `HTTP` target comes with branch `http`. Until then every URL fails with a `network` error;
/// tests and embedders pass their own ``SOAPTransportFactory``.
public enum HTTPTransport {
    /// The transports for endpoint URLs.
    public static func factory() -> SOAPTransportFactory {
        { url throws(TesseraClientError) in
            throw TesseraClientError(.network, "\(url.absoluteString): this build has no HTTP transport yet")
        }
    }
}
