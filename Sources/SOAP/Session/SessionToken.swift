import Foundation
import MAPI

/// A signed session (ARCHITECTURE §4): who, which store, which home server, when, and a random
/// id for revocation. Any node that serves the home server accepts it; nothing about it is
/// kept on the server except revocations.
///
/// Text form (what travels in `<t:Session>` and `X-Tessera-Session`): base64url without
/// padding of
///
/// | bytes | field |
/// |---|---|
/// | 1 | format version, 1 |
/// | 16 | token id (random) |
/// | 16 | store GUID |
/// | 8 | issued at, Unix seconds, big-endian signed |
/// | 8 | expires at, Unix seconds, big-endian signed |
/// | 1 + n | user id: length 1…255, UTF-8 |
/// | 1 + n | home server: length 1…255, UTF-8 |
/// | 32 | HMAC-SHA256 over every byte before it |
///
/// The format is checked exactly: no trailing bytes, no other version, no empty names, no time
/// that `Date` cannot hold exactly (``timeRange``).
public struct SessionToken: Sendable, Hashable {
    /// The random id that revocation works by.
    public struct ID: Sendable, Hashable, CustomStringConvertible {
        /// The 16 bytes.
        public let bytes: [UInt8]

        /// Wraps 16 bytes; nil for any other count.
        public init?(bytes: some Collection<UInt8>) {
            guard bytes.count == 16 else { return nil }
            self.bytes = Array(bytes)
        }

        /// A fresh id from `generator` (production: `SystemRandomNumberGenerator`).
        public static func random(using generator: inout some RandomNumberGenerator) -> ID {
            ID(bytes: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })!
        }

        /// Lower-case hex (safe to log: it grants nothing without the signature).
        public var description: String {
            bytes.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined()
        }
    }

    /// The token's random id.
    public var id: ID
    /// The directory user id.
    public var userID: String
    /// The user's store.
    public var storeGUID: GUID
    /// The server the store lives on (routers route by it).
    public var homeServer: String
    /// When it was issued (whole seconds).
    public var issuedAt: Date
    /// When it stops being accepted (whole seconds).
    public var expiresAt: Date

    /// Format version of the text form.
    static let version: UInt8 = 1
    /// Length of the MAC.
    static let macLength = 32
    /// Longest text form accepted before decoding (the longest valid token is 791 characters).
    static let maxTextLength = 800
    /// The times a token can carry, in Unix seconds either side of 1970: what `Date` (a
    /// `Double`) holds exactly, some 285 million years. A time beyond it would change when
    /// read, and the token would no longer be the bytes its signature covers.
    static let timeRange: ClosedRange<Int64> = -(1 << 53)...(1 << 53)

    /// A token; times are cut to whole seconds.
    public init(id: ID, userID: String, storeGUID: GUID, homeServer: String, issuedAt: Date, expiresAt: Date) {
        self.id = id
        self.userID = userID
        self.storeGUID = storeGUID
        self.homeServer = homeServer
        self.issuedAt = Date(timeIntervalSince1970: Double(Self.seconds(issuedAt)))
        self.expiresAt = Date(timeIntervalSince1970: Double(Self.seconds(expiresAt)))
    }

    /// Reads a token's text form *without* checking its signature or its time: for routing
    /// only (a router reads the home server and forwards; the node that receives the request
    /// verifies it). nil when the form is wrong (the same checks as
    /// ``SessionTokenAuthority/verify(_:now:)``'s `malformed`).
    public init?(unverifiedText text: String) {
        guard text.utf8.count <= Self.maxTextLength, let bytes = Base64.decodeURL(text), let parsed = Self.parse(bytes) else {
            return nil
        }
        self = parsed.token
    }

    static func seconds(_ date: Date) -> Int64 {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite else { return interval < 0 ? .min : .max }
        guard interval > -9.2e18, interval < 9.2e18 else { return interval < 0 ? .min : .max }
        let whole = Int64(interval)
        return Double(whole) > interval ? whole - 1 : whole  // floor
    }

    /// The signed bytes (everything but the MAC).
    func payload() -> [UInt8] {
        var bytes: [UInt8] = [Self.version]
        bytes += id.bytes
        bytes += storeGUID.bytes
        Self.append(Self.seconds(issuedAt), to: &bytes)
        Self.append(Self.seconds(expiresAt), to: &bytes)
        bytes.append(UInt8(userID.utf8.count))
        bytes += userID.utf8
        bytes.append(UInt8(homeServer.utf8.count))
        bytes += homeServer.utf8
        return bytes
    }

    private static func append(_ value: Int64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> Int64(shift))) }
    }

    /// Splits decoded token bytes into the token and its MAC; nil when the format is wrong.
    static func parse(_ bytes: [UInt8]) -> (token: SessionToken, payload: ArraySlice<UInt8>, mac: ArraySlice<UInt8>)? {
        var reader = ByteReader(bytes: bytes[...])
        guard reader.byte() == version,
            let id = reader.take(16).flatMap({ ID(bytes: $0) }),
            let guid = reader.take(16).flatMap({ GUID(bytes: $0) }),
            let issued = reader.int64(), timeRange.contains(issued),
            let expires = reader.int64(), timeRange.contains(expires),
            let user = reader.string(),
            let server = reader.string()
        else { return nil }
        let payloadEnd = reader.offset
        guard let mac = reader.take(macLength), reader.isAtEnd else { return nil }
        let token = SessionToken(
            id: id, userID: user, storeGUID: guid, homeServer: server,
            issuedAt: Date(timeIntervalSince1970: Double(issued)), expiresAt: Date(timeIntervalSince1970: Double(expires)))
        return (token, bytes[..<payloadEnd], mac)
    }
}

/// Reads the fields of a token's bytes.
private struct ByteReader {
    var bytes: ArraySlice<UInt8>
    var offset: Int { bytes.startIndex }
    var isAtEnd: Bool { bytes.isEmpty }

    mutating func byte() -> UInt8? { bytes.popFirst() }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard bytes.count >= count else { return nil }
        defer { bytes = bytes.dropFirst(count) }
        return bytes.prefix(count)
    }

    mutating func int64() -> Int64? {
        guard let raw = take(8) else { return nil }
        return raw.reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    /// Length byte (1…255) and that many bytes of valid UTF-8.
    mutating func string() -> String? {
        guard let length = byte(), length > 0, let raw = take(Int(length)) else { return nil }
        return String(validating: raw, as: UTF8.self)
    }
}
