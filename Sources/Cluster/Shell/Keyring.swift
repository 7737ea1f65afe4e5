import Crypto

/// AES-GCM keys for the cluster's packets: the first key encrypts, every key decrypts, so keys
/// rotate without downtime (add the new key second everywhere, then move it first, then drop
/// the old one) — memberlist's keyring.
///
/// Sealed frame: `version u8 (1) | nonce (12) | ciphertext | tag (16)`: 29 bytes of overhead.
/// The version byte is authenticated as additional data.
public struct ClusterKeyring: Sendable {
    /// Frame format version.
    public static let version: UInt8 = 1
    /// Bytes a sealed frame adds to its plaintext.
    public static let overhead = 1 + 12 + 16

    private let keys: [[UInt8]]  // raw bytes: SymmetricKey is not Sendable on every platform

    /// A keyring of 16-, 24- or 32-byte keys; `nil` if empty or a key has another length.
    public init?(keys raw: [[UInt8]]) {
        guard !raw.isEmpty, raw.allSatisfy({ [16, 24, 32].contains($0.count) }) else { return nil }
        keys = raw
    }

    /// A random 32-byte key (for `tessera cluster keygen` and tests).
    public static func generateKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// Encrypts with the primary key under a random nonce.
    public func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: SymmetricKey(data: keys[0]), authenticating: [Self.version])
        var out: [UInt8] = [Self.version]
        out.reserveCapacity(Self.overhead + plaintext.count)
        out.append(contentsOf: box.nonce)
        out.append(contentsOf: box.ciphertext)
        out.append(contentsOf: box.tag)
        return out
    }

    /// Decrypts with any key; `nil` when no key authenticates the frame (wrong key, tampering,
    /// truncation, wrong version).
    public func open(_ frame: [UInt8]) -> [UInt8]? {
        guard frame.count >= Self.overhead, frame[0] == Self.version,
              let nonce = try? AES.GCM.Nonce(data: frame[1..<13])
        else { return nil }
        let ciphertext = frame[13..<(frame.count - 16)]
        let tag = frame[(frame.count - 16)...]
        guard let box = try? AES.GCM.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag) else { return nil }
        for key in keys {
            if let plain = try? AES.GCM.open(box, using: SymmetricKey(data: key), authenticating: [Self.version]) { return Array(plain) }
        }
        return nil
    }
}
