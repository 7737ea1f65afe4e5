/// The plan of an attachment download in chunks of `GetAttachment(offset:length:)`: the first
/// answer gives the total size, each further request continues where the data so far ends.
///
/// The answers are checked so that a misbehaving server cannot make the client loop or return
/// wrong data: the total must not change between chunks, a chunk must not be longer than asked
/// for or run past the total, and an empty chunk before the end is an error.
public struct ChunkedDownload: Sendable, Hashable {
    /// The next request, or the end.
    public enum Step: Sendable, Hashable {
        /// `GetAttachment(offset:length:)`.
        case fetch(offset: Int64, length: Int32)
        /// All data is there.
        case done([UInt8])
        /// The download cannot go on.
        case fail(TesseraClientError)
    }

    private let chunkSize: Int
    private var data: [UInt8] = []
    private var total: Int64?
    private var requested: Int32 = 0

    /// A download in chunks of `chunkSize` bytes.
    public init(chunkSize: Int) {
        precondition(chunkSize > 0 && chunkSize <= Int(Int32.max), "chunk size must be 1...Int32.max")
        self.chunkSize = chunkSize
    }

    /// The first request.
    public mutating func start() -> Step {
        requested = Int32(chunkSize)
        return .fetch(offset: 0, length: requested)
    }

    /// The answer to the last request: its data and the attachment's total size.
    public mutating func received(_ chunk: [UInt8], totalSize: Int64) -> Step {
        if let total, total != totalSize {
            return fail("the size changed from \(total) to \(totalSize) bytes during the download")
        }
        guard totalSize >= 0 else { return fail("the server reported a negative size") }
        total = totalSize
        let offset = Int64(data.count)
        guard chunk.count <= Int(requested) else {
            return fail("asked for \(requested) bytes at \(offset), got \(chunk.count)")
        }
        guard offset + Int64(chunk.count) <= totalSize else {
            return fail("got bytes past the end (\(offset + Int64(chunk.count)) of \(totalSize))")
        }
        data += chunk
        let have = Int64(data.count)
        if have == totalSize { return .done(data) }
        guard !chunk.isEmpty else { return fail("no data at \(have) of \(totalSize) bytes") }
        requested = Int32(min(Int64(chunkSize), totalSize - have))
        return .fetch(offset: have, length: requested)
    }

    private func fail(_ diagnostic: String) -> Step {
        .fail(TesseraClientError(.network, "attachment download: " + diagnostic))
    }
}
