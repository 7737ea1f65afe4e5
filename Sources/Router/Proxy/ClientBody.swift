import NIOCore
import NIOHTTP1

/// The body of the client's request in progress, read from the client connection on demand:
/// what has been read but not yet sent on (``pending``), whether the end has come, and the
/// body limit, counted as it arrives.
struct ClientBody {
    /// The body is over the limit.
    struct TooLarge: Error {}
    /// The client sent something other than body parts before the end.
    struct Unexpected: Error {}

    let pipe: ChannelPipe<HTTPServerRequestPart, HTTPServerResponsePart>
    let limit: Int
    /// Chunks read and not yet handed on.
    var pending: [ByteBuffer] = []
    /// Bytes received so far.
    private(set) var received = 0
    /// Whether the request's end has been read.
    private(set) var ended = false

    init(pipe: ChannelPipe<HTTPServerRequestPart, HTTPServerResponsePart>, limit: Int) {
        self.pipe = pipe
        self.limit = limit
    }

    /// The next chunk of the body; nil at its end. Throws ``TooLarge`` past the limit, the
    /// connection's error, or ``Unexpected`` when the client went away or misbehaved.
    mutating func next() async throws -> ByteBuffer? {
        guard !ended else { return nil }
        return try take(try await pipe.next())
    }

    /// The next chunk if it has arrived already; nil when none has, or at the end (then
    /// ``ended`` is true). Throws as ``next()``.
    mutating func poll() throws -> ByteBuffer? {
        guard !ended, let ready = try pipe.poll() else { return nil }
        return try take(ready)
    }

    private mutating func take(_ part: HTTPServerRequestPart?) throws -> ByteBuffer? {
        switch part {
        case .body(let chunk)?:
            received += chunk.readableBytes
            if received > limit { throw TooLarge() }
            return chunk
        case .end?:
            ended = true
            return nil
        case .head?, nil:
            throw Unexpected()
        }
    }

    /// Reads the next chunk into ``pending``; false at the end.
    mutating func readPending() async throws -> Bool {
        guard let chunk = try await next() else { return false }
        pending.append(chunk)
        return true
    }

    /// Reads and drops the rest of the body.
    mutating func drain() async throws {
        pending = []
        while try await next() != nil {}
    }

    /// The pending chunks as one array of bytes.
    var pendingBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pending.reduce(0) { $0 + $1.readableBytes })
        for chunk in pending { bytes += chunk.readableBytesView }
        return bytes
    }
}
