import Crypto
import Foundation

/// AWS Signature Version 4 (SigV4) for the `Authorization` header, as a pure value: a request
/// and a time in, the canonical request, the string to sign, the signing key and the header
/// out; no I/O, no clock (the caller passes the time).
///
/// It follows "Signature Calculations for the Authorization Header" of the S3 API reference
/// and the SigV4 signing process of the AWS General Reference, and is tested against AWS's
/// published vectors (the aws-sig-v4-test-suite `get-vanilla` family and S3's documented GET,
/// PUT and list examples, Tests/NodeTests/Attachments/SigV4SignerTests.swift). S3's flavour:
/// the path is URI-encoded once and never normalised, and the payload's SHA-256 is signed
/// (and sent as `x-amz-content-sha256`).
///
/// The secret key never leaves the value: `description` and the mirror redact it.
public struct SigV4Signer: Sendable, CustomStringConvertible, CustomReflectable {
    /// A request as it is signed.
    public struct Request: Sendable {
        /// `GET`, `PUT`, ….
        public var method: String
        /// The path as the resource is named, not encoded (`/bucket/objects/ab/cd/…`); the
        /// signer and the request line both use ``SigV4Signer/encodePath(_:)`` of it.
        public var path: String
        /// Query parameters, not encoded, in any order (`uploads` is `("uploads", "")`).
        public var query: [(name: String, value: String)]
        /// The header fields to sign: at least `host` and `x-amz-date`, usually also
        /// `x-amz-content-sha256` and `range`. Names in any case.
        public var headers: [(name: String, value: String)]
        /// Lowercase hex SHA-256 of the body (``SigV4Signer/emptyPayloadHash`` for none).
        public var payloadHash: String

        /// A request.
        public init(
            method: String, path: String, query: [(name: String, value: String)] = [],
            headers: [(name: String, value: String)], payloadHash: String
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// The SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The access key id (not secret: it is sent in every request).
    public let accessKey: String
    /// The region requests are signed for (`us-east-1`).
    public let region: String
    /// The service (`s3`).
    public let service: String
    private let secretKey: String

    /// A signer for one set of credentials, region and service.
    public init(accessKey: String, secretKey: String, region: String, service: String = "s3") {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.region = region
        self.service = service
    }

    /// `SigV4Signer(AKIA…, us-east-1, s3)`, without the secret.
    public var description: String { "SigV4Signer(\(accessKey), \(region), \(service))" }
    /// Shows the access key, region and service only.
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKey": accessKey, "region": region, "service": service])
    }

    // MARK: The steps

    /// Task 1: the canonical request.
    public func canonicalRequest(_ request: Request) -> String {
        [
            request.method.uppercased(),
            Self.encodePath(request.path),
            Self.canonicalQuery(request.query),
            Self.canonicalHeaders(request.headers),
            Self.signedHeaders(request.headers),
            request.payloadHash,
        ].joined(separator: "\n")
    }

    /// `20130524/us-east-1/s3/aws4_request`.
    public func credentialScope(_ time: SigV4Time) -> String {
        "\(time.day)/\(region)/\(service)/aws4_request"
    }

    /// Task 2: the string to sign.
    public func stringToSign(canonicalRequest: String, time: SigV4Time) -> String {
        let digest = SHA256.hash(data: Array(canonicalRequest.utf8))
        return ["AWS4-HMAC-SHA256", time.timestamp, credentialScope(time), Self.hex(digest)].joined(separator: "\n")
    }

    /// Task 3: the signing key, HMAC-chained from the secret over day, region, service.
    public func signingKey(_ time: SigV4Time) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secretKey).utf8))
        for part in [time.day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// Task 4: the signature, lowercase hex.
    public func signature(stringToSign: String, time: SigV4Time) -> String {
        Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(time)))
    }

    /// The `Authorization` header value for `request` at `time` (whose `x-amz-date` header must
    /// be `time.timestamp`).
    public func authorization(_ request: Request, time: SigV4Time) -> String {
        let signature = signature(stringToSign: stringToSign(canonicalRequest: canonicalRequest(request), time: time), time: time)
        return "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(credentialScope(time)), "
            + "SignedHeaders=\(Self.signedHeaders(request.headers)), Signature=\(signature)"
    }

    // MARK: Canonical forms

    /// Percent-encodes every byte but the unreserved characters (`A–Z a–z 0–9 - _ . ~`) and,
    /// when `keepSlash`, `/`; uppercase hex (RFC 3986, as SigV4 requires).
    public static func encode(_ text: String, keepSlash: Bool) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `A–Z a–z 0–9 - _ . ~`.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x5F, 0x2E, 0x7E: true
        default: false
        }
    }

    /// The path as sent and signed: encoded once, slashes kept; `/` when empty.
    public static func encodePath(_ path: String) -> String {
        path.isEmpty ? "/" : encode(path, keepSlash: true)
    }

    /// `a=1&b=2`: names and values encoded, sorted by name, then value.
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { pair in
            (encode(pair.name, keepSlash: false), encode(pair.value, keepSlash: false))
        }
        let sorted = encoded.sorted { left, right in
            left.name == right.name ? left.value < right.value : left.name < right.name
        }
        return sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    /// `name:value\n` per header: names lowercased and sorted, values trimmed with inner runs
    /// of spaces collapsed, repeated names joined by commas.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> String {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            let collapsed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            merged[name.lowercased(), default: []].append(collapsed.trimmingCharacters(in: .whitespaces))
        }
        return merged.keys.sorted().map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
    }

    /// `host;range;x-amz-date`: the lowercased names, sorted, each once.
    public static func signedHeaders(_ headers: [(name: String, value: String)]) -> String {
        Set(headers.map { $0.name.lowercased() }).sorted().joined(separator: ";")
    }

    /// Lowercase hex of a digest or MAC.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The time of a signature in SigV4's two forms, from seconds since 1970 (UTC).
public struct SigV4Time: Sendable, Hashable {
    /// `20130524T000000Z`: the `x-amz-date` header.
    public let timestamp: String
    /// `20130524`: the credential scope's day.
    public var day: String { String(timestamp.prefix(8)) }

    /// The time `date`, to the second.
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value ?? 0)" }
        timestamp = "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
    }
}
