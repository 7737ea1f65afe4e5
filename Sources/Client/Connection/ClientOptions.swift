import SOAP

/// Tunables of a client, with documented defaults; ``validated()`` checks them (``Server``
/// does so when it logs on).
public struct ClientOptions: Sendable, Hashable {
    /// Attachment data up to this size goes in one `CreateAttachment`; larger data is uploaded
    /// in chunks of ``chunkSize``. Default 1 MiB.
    public var singleUploadLimit: Int
    /// The size of the chunks of chunked uploads (`AppendAttachment`) and downloads
    /// (`GetAttachment(offset:length:)`). Default 1 MiB; at most ``maximumChunkSize``.
    public var chunkSize: Int
    /// How long one `GetNotifications` long poll may wait on the server. Default 60 seconds.
    public var notificationTimeoutSeconds: Int32
    /// How many changes one `GetChanges` round trip asks for. Default 500.
    public var syncBatchSize: Int32
    /// The parser's limits for the server's answers: larger than the server's limits for
    /// requests (a page of 10,000 rows is several MiB), still bounded. Default
    /// ``defaultResponseLimits``.
    public var responseLimits: XML.Limits

    /// The largest chunk whose base64 form fits the protocol's 2 MiB limit per element.
    public static let maximumChunkSize = 1_536 * 1_024

    /// Limits for answers: 64 MiB body and text, 2 million elements, 60 s.
    public static let defaultResponseLimits = XML.Limits(
        maxBodyBytes: 64 << 20, maxElements: 2_000_000, maxTextBytesPerElement: 2 << 20, maxTotalTextBytes: 64 << 20,
        timeBudget: .seconds(60))

    /// Options with the defaults, any of them overridden.
    public init(
        singleUploadLimit: Int = 1 << 20, chunkSize: Int = 1 << 20, notificationTimeoutSeconds: Int32 = 60,
        syncBatchSize: Int32 = 500, responseLimits: XML.Limits = ClientOptions.defaultResponseLimits
    ) {
        self.singleUploadLimit = singleUploadLimit
        self.chunkSize = chunkSize
        self.notificationTimeoutSeconds = notificationTimeoutSeconds
        self.syncBatchSize = syncBatchSize
        self.responseLimits = responseLimits
    }

    /// The options themselves when every value is usable; `invalidArgument` naming the first
    /// that is not.
    public func validated() throws(TesseraClientError) -> ClientOptions {
        guard (1...Self.maximumChunkSize).contains(chunkSize) else {
            throw TesseraClientError(.invalidArgument, "chunkSize must be 1...\(Self.maximumChunkSize) bytes, not \(chunkSize)")
        }
        guard (0...Self.maximumChunkSize).contains(singleUploadLimit) else {
            throw TesseraClientError(
                .invalidArgument, "singleUploadLimit must be 0...\(Self.maximumChunkSize) bytes, not \(singleUploadLimit)")
        }
        guard (0...3_600).contains(notificationTimeoutSeconds) else {
            throw TesseraClientError(.invalidArgument, "notificationTimeoutSeconds must be 0...3600")
        }
        guard syncBatchSize > 0 else { throw TesseraClientError(.invalidArgument, "syncBatchSize must be positive") }
        return self
    }
}
