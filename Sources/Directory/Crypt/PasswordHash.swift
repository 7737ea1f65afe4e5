import CCrypt
import Foundation

/// crypt(3) password hashes through libxcrypt: the only Swift file that imports the C module.
///
/// New hashes are yescrypt (`$y$`, Debian's default) or SHA-512-crypt (`$6$`); verification
/// accepts whatever libxcrypt supports, so hashes copied from `/etc/shadow` or another system
/// keep working. A plain-text "hash" never verifies: libxcrypt refuses it and so does
/// ``verify(_:against:)``. Hashing is deliberately slow; call it from a blocking thread.
public enum PasswordHash {
    /// The hashing methods Tessera writes.
    public enum Scheme: String, Sendable {
        /// yescrypt, `$y$` (default).
        case yescrypt = "$y$"
        /// SHA-512-crypt, `$6$`.
        case sha512 = "$6$"

        /// The scheme called `name` in configuration files and on the command line
        /// (`yescrypt`, `sha512`); nil for any other name.
        public init?(name: String) {
            switch name.lowercased() {
            case "yescrypt": self = .yescrypt
            case "sha512", "sha512-crypt": self = .sha512
            default: return nil
            }
        }
    }

    /// A new salted hash of `password`. `cost` is the scheme's work factor (0 = libxcrypt's default;
    /// for SHA-512-crypt the number of rounds).
    public static func make(_ password: String, scheme: Scheme = .yescrypt, cost: Int = 0) throws(DirectoryError) -> String {
        guard !password.utf8.contains(0) else { throw DirectoryError(.invalidData, "password contains NUL") }
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        guard crypt_gensalt_rn(scheme.rawValue, UInt(cost), nil, 0, &setting, Int32(setting.count)) != nil else {
            throw DirectoryError(.backend, "crypt_gensalt failed for \(scheme.rawValue): \(String(cString: strerror(errno)))")
        }
        guard let hash = crypt(password, setting: setting), !hash.hasPrefix("*") else {
            throw DirectoryError(.backend, "crypt failed for \(scheme.rawValue)")
        }
        return hash
    }

    /// Whether `password` matches the crypt(3) `hash`. Empty, locked (`!`, `*`) and plain-text
    /// values never match; the comparison takes the same time wherever the strings differ.
    public static func verify(_ password: String, against hash: String) -> Bool {
        guard isCryptHash(hash), !password.utf8.contains(0),
              let computed = hash.withCString({ crypt(password, setting: $0) })
        else { return false }
        let a = Array(computed.utf8), b = Array(hash.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// Whether `value` looks like a modern crypt(3) hash (`$id$…`), not plain text or a lock mark.
    public static func isCryptHash(_ value: String) -> Bool {
        value.hasPrefix("$") && value.count > 10 && value.dropFirst().contains("$")
    }

    private static func crypt(_ password: String, setting: UnsafePointer<CChar>) -> String? {
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer {
            memset(data, 0, MemoryLayout<crypt_data>.size)  // scrub the password copy
            data.deallocate()
        }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        guard let result = crypt_rn(password, setting, data, Int32(MemoryLayout<crypt_data>.size)) else { return nil }
        let text = String(cString: result)
        return text.hasPrefix("*") ? nil : text
    }
}
