import Crypto

/// The name of a blob: the SHA-256 digest of its content, 32 bytes.
///
/// Two blobs with the same hash have the same content (single instance storage), so the hash
/// is also the blob's file name in a ``BlobStore`` (64 lowercase hex digits).
public struct BlobHash: Hashable, Sendable, CustomStringConvertible {
    /// The digest as four big-endian words: cheap to hash and compare, no heap allocation.
    private let w0: UInt64
    private let w1: UInt64
    private let w2: UInt64
    private let w3: UInt64

    /// The number of bytes in a SHA-256 digest.
    public static let byteCount = 32

    /// A hash from its 32 raw bytes; `nil` if `bytes` is not exactly 32 bytes long.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in bytes.enumerated() {
            words[index / 8] = words[index / 8] << 8 | UInt64(byte)
        }
        (w0, w1, w2, w3) = (words[0], words[1], words[2], words[3])
    }

    /// A hash from 64 hex digits (either case); `nil` for any other length or character.
    public init?(hex: String) {
        let digits = hex.utf8
        guard digits.count == Self.byteCount * 2 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, digit) in digits.enumerated() {
            guard let nibble = Self.nibble(digit) else { return nil }
            words[index / 16] = words[index / 16] << 4 | UInt64(nibble)
        }
        (w0, w1, w2, w3) = (words[0], words[1], words[2], words[3])
    }

    /// The hash of a finished SHA-256 computation.
    init(_ digest: SHA256.Digest) {
        // A SHA-256 digest is always 32 bytes.
        self.init(bytes: Array(digest))!
    }

    /// The 32 raw bytes of the digest.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(Self.byteCount)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                result.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return result
    }

    /// The digest as 64 lowercase hex digits, as used for object file names.
    public var hex: String {
        let alphabet = Array("0123456789abcdef".utf8)
        var digits: [UInt8] = []
        digits.reserveCapacity(Self.byteCount * 2)
        for byte in bytes {
            digits.append(alphabet[Int(byte >> 4)])
            digits.append(alphabet[Int(byte & 0x0F)])
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The lowercase hex form, same as ``hex``.
    public var description: String { hex }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
