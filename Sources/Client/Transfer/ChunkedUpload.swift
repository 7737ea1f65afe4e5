/// The plan of an attachment upload: one `CreateAttachment` for data up to the single-request
/// limit; above it, `CreateAttachment(more: true)` with the first chunk, then
/// `AppendAttachment(upload:offset:data:more:)` for each further chunk, the last with
/// `more: false`, whose answer is the attachment's number.
///
/// Each answer is checked: the server must confirm exactly the bytes sent so far
/// (`received`); when it has fewer (a chunk it did not keep) the upload resumes from there, as
/// long as that is progress. A chunk whose `AppendAttachment` failed on the network is sent
/// once more: the offset lets the server recognise a repeat. Creating is not repeated (it is
/// not idempotent).
public struct ChunkedUpload: Sendable, Hashable {
    /// The next request, or the end.
    public enum Step: Sendable, Hashable {
        /// `CreateAttachment` with all the data (none when empty).
        case createWhole
        /// `CreateAttachment(more: true)` with these bytes.
        case createFirst(Range<Int>)
        /// `AppendAttachment` of these bytes (offset = lower bound).
        case append(upload: String, range: Range<Int>, more: Bool)
        /// Attached as number `attachNum`.
        case done(attachNum: Int32)
        /// The upload cannot go on.
        case fail(TesseraClientError)
    }

    /// The data's size.
    public let size: Int
    private let chunkSize: Int
    private let single: Bool
    private var upload: String?
    private var last: Step = .createWhole
    private var confirmed = 0
    private var retried = false

    /// The plan for `size` bytes: in one request when `size <= singleLimit`, otherwise in
    /// chunks of `chunkSize`.
    public init(size: Int, singleLimit: Int, chunkSize: Int) {
        precondition(size >= 0 && chunkSize > 0, "upload sizes must be positive")
        self.size = size
        self.chunkSize = chunkSize
        self.single = size <= singleLimit
    }

    /// The first request.
    public mutating func start() -> Step {
        last = single ? .createWhole : .createFirst(0..<min(chunkSize, size))
        return last
    }

    /// The answer to the last request: `attachNum` once attached, the `upload` id after the
    /// first chunk, the bytes `received` after each further chunk.
    public mutating func answered(attachNum: Int32?, upload: String?, received: Int64?) -> Step {
        retried = false
        switch last {
        case .createWhole:
            guard let attachNum else { return fail("CreateAttachment answered without attachNum") }
            return finish(attachNum)
        case .createFirst(let range):
            guard let upload, !upload.isEmpty else { return fail("CreateAttachment(more) answered without an upload id") }
            self.upload = upload
            confirmed = range.upperBound
            return appendFrom(confirmed)
        case .append(_, let range, let more):
            guard let received, received >= 0, received <= Int64(range.upperBound) else {
                return fail("the server confirmed \(received.map(String.init) ?? "nothing") bytes after \(range.upperBound) were sent")
            }
            if !more {
                guard received == Int64(size), let attachNum else {
                    return fail("the last chunk was answered with \(received) of \(size) bytes and no attachNum")
                }
                return finish(attachNum)
            }
            guard Int(received) > confirmed else {
                return fail("the upload makes no progress (the server has \(received) of \(size) bytes)")
            }
            confirmed = Int(received)
            return appendFrom(confirmed)
        case .done, .fail:
            preconditionFailure("ChunkedUpload answered after it ended")
        }
    }

    /// The last request failed with `error`: an `AppendAttachment` lost on the network is sent
    /// once more; anything else ends the upload.
    public mutating func failed(_ error: TesseraClientError) -> Step {
        if case .append = last, error.code == .network, !retried {
            retried = true
            return last
        }
        last = .fail(error)
        return last
    }

    private mutating func appendFrom(_ offset: Int) -> Step {
        guard let upload else { preconditionFailure("append before the upload was created") }
        let end = min(offset + chunkSize, size)
        last = .append(upload: upload, range: offset..<end, more: end < size)
        return last
    }

    private mutating func finish(_ attachNum: Int32) -> Step {
        last = .done(attachNum: attachNum)
        return last
    }

    private mutating func fail(_ diagnostic: String) -> Step {
        last = .fail(TesseraClientError(.network, "attachment upload: " + diagnostic))
        return last
    }
}
