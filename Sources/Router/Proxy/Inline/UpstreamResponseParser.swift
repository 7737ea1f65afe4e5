import NIOCore
import NIOHTTP1

/// Reads a node's answer from the raw bytes of its connection, for the inline path
/// (``InlineForwardHandler``): the head becomes an `HTTPResponseHead`; the body is passed on as
/// slices of the bytes read (no copy), framed by `Content-Length`, `chunked` (decoded here) or
/// the connection's close. A value type without I/O: feed it bytes, it calls back with parts.
///
/// It is strict where lenience would let a node's bytes be read two ways (RFC 9112): lines end
/// in CRLF; no folded fields, no space before a field's colon; one `Content-Length` value, and
/// none beside `Transfer-Encoding`; field values without control characters. Interim (1xx)
/// answers are skipped; `101` is an error (the router never asks to switch protocols).
struct UpstreamResponseParser {
    enum Part: Equatable {
        /// The final head; `keepAlive` when the node keeps the connection open after the answer.
        case head(HTTPResponseHead, keepAlive: Bool)
        case body(ByteBuffer)
        /// The answer ended; `trailingBytes` when the node sent more after it (the connection
        /// must not carry another request).
        case end(HTTPHeaders?, trailingBytes: Bool)
    }

    enum ParseError: Error, Equatable {
        case headTooLarge
        case malformedStatusLine
        case malformedField
        case invalidContentLength
        case conflictingFraming
        case invalidChunk
        case switchingProtocols
        /// The connection closed before the answer's end.
        case truncated
    }

    private enum State {
        case head
        case body(remaining: Int)
        case untilClose
        case chunkSize
        case chunkData(remaining: Int)
        /// The CRLF after a chunk's data.
        case chunkDataEnd
        case trailers
        case ended
    }

    /// The most bytes a head (or a chunk-size line, or the trailers) may take.
    let maximumHeadBytes: Int
    private var state = State.head
    /// Bytes of a head, chunk-size line or trailer section that has not fully arrived.
    private var pending: ByteBuffer?
    /// How far into `pending` the search for its end has looked.
    private var searched = 0
    init(maximumHeadBytes: Int = 64 * 1024) {
        self.maximumHeadBytes = maximumHeadBytes
    }

    /// Whether the answer has ended.
    var isComplete: Bool {
        if case .ended = state { true } else { false }
    }

    /// Takes the bytes of one read; calls `emit` with each part they complete. Bytes after the
    /// answer's end are not read (the end says there were some).
    mutating func feed(_ input: ByteBuffer, _ emit: (Part) throws -> Void) throws {
        var buffer = input
        if var kept = pending {
            kept.writeImmutableBuffer(input)
            buffer = kept
            pending = nil
        }
        while buffer.readableBytes > 0 {
            switch state {
            case .head:
                guard let length = try sectionLength(in: buffer) else { return keep(buffer) }
                let (head, framing) = try buffer.readWithUnsafeReadableBytes { bytes in
                    (length, try Self.parseHead(UnsafeRawBufferPointer(rebasing: bytes[..<(length - 2)])))
                }
                if (100..<200).contains(head.status.code) {
                    if head.status.code == 101 { throw ParseError.switchingProtocols }
                    continue  // an interim answer: the final head follows
                }
                try emit(.head(head, keepAlive: framing.keepAlive))
                switch framing.body {
                case .none: return try end(nil, &buffer, emit)
                case .length(0): return try end(nil, &buffer, emit)
                case .length(let length): state = .body(remaining: length)
                case .chunked: state = .chunkSize
                case .untilClose: state = .untilClose
                }
            case .body(let remaining):
                let taken = min(remaining, buffer.readableBytes)
                try emit(.body(buffer.readSlice(length: taken)!))
                if taken == remaining { return try end(nil, &buffer, emit) }
                state = .body(remaining: remaining - taken)
            case .untilClose:
                try emit(.body(buffer.readSlice(length: buffer.readableBytes)!))
            case .chunkSize:
                guard let line = try lineLength(in: buffer) else { return keep(buffer) }
                let size = try buffer.readWithUnsafeReadableBytes { bytes in
                    (line, try Self.chunkSize(UnsafeRawBufferPointer(rebasing: bytes[..<(line - 2)])))
                }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let taken = min(remaining, buffer.readableBytes)
                try emit(.body(buffer.readSlice(length: taken)!))
                state = taken == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - taken)
            case .chunkDataEnd:
                guard buffer.readableBytes >= 2 else { return keep(buffer) }
                guard buffer.readInteger(as: UInt16.self) == 0x0D0A else { throw ParseError.invalidChunk }
                state = .chunkSize
            case .trailers:
                if buffer.readableBytes >= 2, buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) == 0x0D0A {
                    buffer.moveReaderIndex(forwardBy: 2)
                    return try end(nil, &buffer, emit)
                }
                guard let length = try sectionLength(in: buffer) else { return keep(buffer) }
                let trailers = try buffer.readWithUnsafeReadableBytes { bytes in
                    (length, try Self.parseFields(UnsafeRawBufferPointer(rebasing: bytes[..<(length - 2)])))
                }
                return try end(HTTPHeaders(trailers), &buffer, emit)
            case .ended:
                return
            }
        }
    }

    /// The connection closed: the end of an answer framed by the close; for any other, an error
    /// (nothing, when the answer had ended).
    mutating func inputClosed(_ emit: (Part) throws -> Void) throws {
        switch state {
        case .ended: return
        case .untilClose:
            state = .ended
            try emit(.end(nil, trailingBytes: false))
        default:
            throw ParseError.truncated
        }
    }

    private mutating func end(_ trailers: HTTPHeaders?, _ buffer: inout ByteBuffer, _ emit: (Part) throws -> Void) throws {
        state = .ended
        try emit(.end(trailers, trailingBytes: buffer.readableBytes > 0))
    }

    /// Keeps the unread bytes of an element that has not fully arrived.
    private mutating func keep(_ buffer: ByteBuffer) {
        pending = buffer
    }

    // MARK: Finding ends

    /// The length of a section ending in an empty line (a head, the trailers), the empty line's
    /// CRLF included; nil while its end has not arrived.
    private mutating func sectionLength(in buffer: ByteBuffer) throws -> Int? {
        try findEnd(in: buffer, of: [0x0D, 0x0A, 0x0D, 0x0A])
    }

    /// The length of a line, its CRLF included; nil while its end has not arrived.
    private mutating func lineLength(in buffer: ByteBuffer) throws -> Int? {
        try findEnd(in: buffer, of: [0x0D, 0x0A])
    }

    private mutating func findEnd(in buffer: ByteBuffer, of terminator: [UInt8]) throws -> Int? {
        let start = max(0, searched - (terminator.count - 1))
        let found: Int? = buffer.withUnsafeReadableBytes { bytes in
            guard bytes.count >= terminator.count else { return nil }
            var index = start
            while index <= bytes.count - terminator.count {
                if bytes[index] == terminator[0], bytes[index + 1] == terminator[1],
                   terminator.count == 2 || (bytes[index + 2] == terminator[2] && bytes[index + 3] == terminator[3])
                {
                    return index + terminator.count
                }
                index += 1
            }
            return nil
        }
        if let found {
            searched = 0
            guard found <= maximumHeadBytes else { throw ParseError.headTooLarge }
            return found
        }
        searched = buffer.readableBytes
        guard buffer.readableBytes <= maximumHeadBytes else { throw ParseError.headTooLarge }
        return nil
    }
}

// MARK: Reading a head

extension UpstreamResponseParser {
    enum BodyFraming: Equatable {
        case none
        case length(Int)
        case chunked
        case untilClose
    }

    struct Framing: Equatable {
        var body: BodyFraming
        var keepAlive: Bool
    }

    /// The status line and fields (each line with its CRLF, without the empty line), and what
    /// they say about the body and the connection.
    static func parseHead(_ bytes: UnsafeRawBufferPointer) throws -> (HTTPResponseHead, Framing) {
        guard let lineEnd = lineEnd(in: bytes, from: 0) else { throw ParseError.malformedStatusLine }
        let (version, status) = try parseStatusLine(UnsafeRawBufferPointer(rebasing: bytes[..<lineEnd]))
        let fields = try parseFields(UnsafeRawBufferPointer(rebasing: bytes[(lineEnd + 2)...]))

        var contentLength: Int?
        var transferCodings: String?
        var close = false, keepAlive = false
        for (name, value) in fields {
            if name.equalsIgnoringASCIICase("content-length") {
                guard let length = Int(value), length >= 0, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    throw ParseError.invalidContentLength
                }
                if let contentLength, contentLength != length { throw ParseError.invalidContentLength }
                contentLength = length
            } else if name.equalsIgnoringASCIICase("transfer-encoding") {
                transferCodings = transferCodings.map { $0 + "," + value } ?? value
            } else if name.equalsIgnoringASCIICase("connection") {
                for token in value.split(separator: ",") {
                    let token = token.trimmingSpaces
                    if token.equalsIgnoringASCIICase("close") { close = true }
                    if token.equalsIgnoringASCIICase("keep-alive") { keepAlive = true }
                }
            }
        }
        var body: BodyFraming
        if status / 100 == 1 || status == 204 || status == 304 {
            body = .none
        } else if let transferCodings {
            guard contentLength == nil, version == .http1_1 else { throw ParseError.conflictingFraming }
            // Empty list elements do not count (RFC 9110 §5.6.1).
            let last = transferCodings.split(separator: ",").map(\.trimmingSpaces).last { !$0.isEmpty } ?? ""
            body = last.equalsIgnoringASCIICase("chunked") ? .chunked : .untilClose
        } else if let contentLength {
            body = .length(contentLength)
        } else {
            body = .untilClose
        }
        let persistent = body != .untilClose && !close && (version == .http1_1 || keepAlive)
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: HTTPHeaders(fields))
        return (head, Framing(body: body, keepAlive: persistent))
    }

    /// `HTTP/1.x SSS reason`.
    private static func parseStatusLine(_ line: UnsafeRawBufferPointer) throws -> (HTTPVersion, Int) {
        let prefix: [UInt8] = Array("HTTP/1.".utf8)
        guard line.count >= 12, line.prefix(7).elementsEqual(prefix), line[7] == 0x30 || line[7] == 0x31, line[8] == 0x20,
              line[9...11].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), line.count == 12 || line[12] == 0x20,
              line.dropFirst(12).allSatisfy(isFieldValueByte)
        else { throw ParseError.malformedStatusLine }
        let status = line[9...11].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard status >= 100 else { throw ParseError.malformedStatusLine }
        return (line[7] == 0x31 ? .http1_1 : .http1_0, status)
    }

    /// Field lines, each ending in CRLF.
    static func parseFields(_ bytes: UnsafeRawBufferPointer) throws -> [(String, String)] {
        var fields: [(String, String)] = []
        fields.reserveCapacity(8)
        var start = 0
        while start < bytes.count {
            guard let end = lineEnd(in: bytes, from: start) else { throw ParseError.malformedField }
            var colon = start
            while colon < end, isTokenByte(bytes[colon]) { colon += 1 }
            guard colon > start, colon < end, bytes[colon] == 0x3A else { throw ParseError.malformedField }
            var valueStart = colon + 1, valueEnd = end
            while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd])
            guard value.allSatisfy(isFieldValueByte) else { throw ParseError.malformedField }
            fields.append((
                String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<colon]), as: UTF8.self),
                String(decoding: value, as: UTF8.self)
            ))
            start = end + 2
        }
        return fields
    }

    /// A chunk-size line without its CRLF: hexadecimal digits, then extensions (ignored).
    static func chunkSize(_ line: UnsafeRawBufferPointer) throws -> Int {
        var size = 0, digits = 0
        for byte in line {
            let digit: Int
            switch byte {
            case 0x30...0x39: digit = Int(byte - 0x30)
            case 0x41...0x46: digit = Int(byte - 0x41 + 10)
            case 0x61...0x66: digit = Int(byte - 0x61 + 10)
            case 0x3B, 0x20, 0x09:
                // Only whitespace, then extensions, may follow the size (RFC 9112 §7.1.1).
                let rest = line[digits...].drop { $0 == 0x20 || $0 == 0x09 }
                guard digits > 0, rest.isEmpty || rest.first == 0x3B, rest.allSatisfy(isFieldValueByte) else { throw ParseError.invalidChunk }
                return size
            default: throw ParseError.invalidChunk
            }
            guard digits < 15 else { throw ParseError.invalidChunk }  // beyond any sane chunk
            size = size * 16 + digit
            digits += 1
        }
        guard digits > 0 else { throw ParseError.invalidChunk }
        return size
    }

    /// Where the line starting at `start` ends (its CR); nil when a bare CR or LF comes first or
    /// the line does not end.
    private static func lineEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? index : nil
            case 0x0A: return nil
            default: index += 1
            }
        }
        return nil
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// Visible characters, space, tab and obs-text: no control characters.
    private static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }
}
