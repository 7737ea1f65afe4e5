/// One SOAP request as the HTTP layer hands it over: the body, the `X-Tessera-Session` header
/// and who sent it.
public struct SOAPCall: Sendable {
    public var body: [UInt8]
    public var sessionHeader: String?
    /// The client's address, for logon rate limits and logs.
    public var clientAddress: String

    public init(body: [UInt8], sessionHeader: String? = nil, clientAddress: String) {
        self.body = body
        self.sessionHeader = sessionHeader
        self.clientAddress = clientAddress
    }
}

/// The answer: an envelope and its HTTP status (200, or 500 for a fault as SOAP 1.1 wants).
public struct SOAPReply: Sendable {
    public var status: Int
    public var body: [UInt8]
    /// The operation, for metrics and logs (nil when the envelope could not be decoded).
    public var operation: String?
    /// The MAPI error name of a fault.
    public var faultName: String?
}
