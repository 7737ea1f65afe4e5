import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPCompression

/// The body codings Tessera speaks: gzip (RFC 1952) and deflate (the zlib format, RFC 1950,
/// as HTTP's `deflate` means).
///
/// zlib is reached through swift-nio-extras' NIOHTTPCompression only, whose zlib wrappers are
/// internal: ``encode(_:)`` and ``decode(_:limit:)`` run its response compressor and request
/// decompressor over a whole body in an `EmbeddedChannel`. That costs a few allocations per
/// body, and keeps compression out of the server's pipeline, where the compressor would have
/// to see a request head for every response (rejections and `100 Continue` have none).
public enum HTTPContentCoding: String, Sendable, Hashable, CaseIterable {
    /// `Content-Encoding: gzip`.
    case gzip
    /// `Content-Encoding: deflate`.
    case deflate

    /// The coding named by a `Content-Encoding` value (case-insensitive), or `nil`.
    public init?(headerValue: some StringProtocol) {
        switch headerValue.lowercased() {
        case "gzip", "x-gzip": self = .gzip
        case "deflate": self = .deflate
        default: return nil
        }
    }

    /// Compresses a whole body.
    public func encode(_ bytes: [UInt8]) -> [UInt8] {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        do {
            try channel.pipeline.syncOperations.addHandler(HTTPResponseCompressor(initialByteBufferCapacity: bytes.count))
            let asks = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/", headers: ["Accept-Encoding": rawValue])
            try channel.writeInbound(HTTPServerRequestPart.head(asks))
            channel.write(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)), promise: nil)
            channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: bytes))), promise: nil)
            try channel.writeOutbound(HTTPServerResponsePart.end(nil))
            var out: [UInt8] = []
            while let part = try channel.readOutbound(as: HTTPServerResponsePart.self) {
                if case .body(.byteBuffer(let buffer)) = part { out += buffer.readableBytesView }
            }
            return out
        } catch {
            // Only reachable through a bug: the compressor throws nothing for a whole body.
            preconditionFailure("compressing a body in memory failed: \(error)")
        }
    }

    /// Decompresses a whole body; throws ``HTTPDecodingError`` when the data is not valid for
    /// this coding or inflates past `limit`.
    public func decode(_ bytes: [UInt8], limit: HTTPDecompressionLimit) throws(HTTPDecodingError) -> [UInt8] {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        var out: [UInt8] = []
        var offset = 0
        func drain() throws(HTTPDecodingError) {
            do {
                while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
                    if case .body(let buffer) = part { out += buffer.readableBytesView }
                }
            } catch { throw HTTPDecodingError(error) }
            guard limit.allows(decoded: out.count, encoded: offset) else {
                throw HTTPDecodingError(code: .overLimit, diagnostic: "\(out.count) bytes decoded from \(offset)")
            }
        }
        do {
            try channel.pipeline.syncOperations.addHandler(NIOHTTPRequestDecompressor(limit: .size(limit.maximumBytes)))
            let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/", headers: ["Content-Encoding": rawValue])
            try channel.writeInbound(HTTPServerRequestPart.head(head))
            // Slices, so that a bomb is stopped by the ratio before it is all inflated.
            while offset < bytes.count {
                let slice = bytes[offset..<min(offset + 16_384, bytes.count)]
                try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(bytes: slice)))
                offset += slice.count
                try drain()
            }
            try channel.writeInbound(HTTPServerRequestPart.end(nil))
        } catch let error as HTTPDecodingError {
            throw error
        } catch {
            throw HTTPDecodingError(error)
        }
        try drain()
        return out
    }

    /// The coding to answer with for these `Accept-Encoding` elements: the one with the higher
    /// q-value of gzip and deflate (gzip on a tie or for `*`), `nil` when neither is acceptable.
    public static func preferred(acceptEncoding elements: [Substring]) -> HTTPContentCoding? {
        var gzip: Double = -1, deflate: Double = -1, any: Double = -1
        for element in elements {
            let parts = element.split(separator: ";", maxSplits: 1)
            let name = parts[0].trimmingASCIIWhitespace().lowercased()
            var q = 1.0
            if parts.count == 2 {
                let parameter = parts[1].trimmingASCIIWhitespace()
                guard parameter.lowercased().hasPrefix("q="), let value = Double(parameter.dropFirst(2)) else { continue }
                q = value
            }
            switch name {
            case "gzip", "x-gzip": gzip = q
            case "deflate": deflate = q
            case "*": any = q
            default: break
            }
        }
        if gzip > 0 || deflate > 0 { return gzip >= deflate ? .gzip : .deflate }
        return any > 0 ? .gzip : nil
    }
}

/// How far a compressed body may inflate (zip bomb protection): never past `maximumBytes`, and
/// past `ratioAppliesAbove` only while it stays within `maximumRatio` times the encoded bytes
/// received — small bodies of repetitive XML compress beyond any ratio a bomb check could use.
public struct HTTPDecompressionLimit: Sendable, Hashable {
    /// Most decoded bytes.
    public var maximumBytes: Int
    /// Most decoded bytes per encoded byte, once the decoded body is over ``ratioAppliesAbove``.
    public var maximumRatio: Int
    /// Decoded size up to which the ratio is not checked. Default 1 MiB.
    public var ratioAppliesAbove: Int

    /// A limit.
    public init(maximumBytes: Int, maximumRatio: Int, ratioAppliesAbove: Int = 1 << 20) {
        self.maximumBytes = maximumBytes; self.maximumRatio = maximumRatio; self.ratioAppliesAbove = ratioAppliesAbove
    }

    /// Whether `decoded` bytes from `encoded` bytes are within the limit.
    public func allows(decoded: Int, encoded: Int) -> Bool {
        guard decoded <= maximumBytes else { return false }
        guard decoded > ratioAppliesAbove else { return true }
        let (bound, overflow) = encoded.multipliedReportingOverflow(by: maximumRatio)
        return overflow || decoded <= bound
    }
}

/// A compressed body that could not be decoded.
public struct HTTPDecodingError: Error, Sendable, Hashable {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// Not valid gzip or deflate data (corrupt, truncated, trailing bytes).
        case invalidData
        /// The decoded body would exceed the ``HTTPDecompressionLimit``.
        case overLimit
    }
    /// What went wrong.
    public var code: Code
    /// Details for logs.
    public var diagnostic: String

    /// An error.
    public init(code: Code, diagnostic: String = "") { self.code = code; self.diagnostic = diagnostic }

    /// Classifies an error of NIOHTTPCompression's decompressor.
    init(_ error: any Error) {
        if let nio = error as? NIOHTTPDecompression.DecompressionError, nio == .limit {
            self.init(code: .overLimit, diagnostic: "decoded size over the limit")
        } else {
            self.init(code: .invalidData, diagnostic: "\(error)")
        }
    }
}
