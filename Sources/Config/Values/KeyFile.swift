import Foundation

/// A keyring read from a file: base64 keys, one a line (blank lines and `#` comments
/// skipped); the first key is the one that signs or encrypts, all of them verify or decrypt,
/// so keys rotate without downtime. Keys are ``Secret``s; errors name line numbers only.
public struct KeyFile: Sendable, Hashable, CustomStringConvertible {
    /// Which key lengths a keyring accepts.
    public enum Lengths: Sendable, Hashable, CustomStringConvertible {
        /// At least this many bytes (session keys: 32, the HMAC-SHA256 block strength).
        case atLeast(Int)
        /// Exactly one of these (AES keys: 16, 24 or 32 bytes).
        case oneOf([Int])

        func accepts(_ count: Int) -> Bool {
            switch self {
            case .atLeast(let minimum): count >= minimum
            case .oneOf(let lengths): lengths.contains(count)
            }
        }

        /// `at least 32 bytes`, `16, 24 or 32 bytes`.
        public var description: String {
            switch self {
            case .atLeast(let minimum): "at least \(minimum) bytes"
            case .oneOf(let lengths):
                lengths.dropLast().map(String.init).joined(separator: ", ") + (lengths.count > 1 ? " or " : "") + "\(lengths.last ?? 0) bytes"
            }
        }
    }

    /// Where the keys were read from.
    public var path: String
    /// The keys, signing key first.
    public var keys: [Secret<[UInt8]>]

    /// A keyring.
    public init(path: String, keys: [Secret<[UInt8]>]) {
        self.path = path
        self.keys = keys
    }

    /// Reads the keys from a file's text; the error names the line, never its content.
    public init(path: String, text: String, lengths: Lengths) throws(KeyFileError) {
        var keys: [Secret<[UInt8]>] = []
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let data = Data(base64Encoded: line) else {
                throw KeyFileError("line \(number + 1) of \(path) is not base64")
            }
            guard lengths.accepts(data.count) else {
                throw KeyFileError("the key on line \(number + 1) of \(path) has \(data.count) bytes; keys need \(lengths)")
            }
            keys.append(Secret(Array(data)))
        }
        guard !keys.isEmpty else { throw KeyFileError("\(path) holds no key") }
        self.init(path: path, keys: keys)
    }

    /// The raw keys, signing key first, for the component that uses them.
    public var rawKeys: [[UInt8]] { keys.map(\.value) }

    /// `N keys from PATH`; never the keys.
    public var description: String { "\(keys.count) key\(keys.count == 1 ? "" : "s") from \(path)" }
}

/// Why a key file was refused.
public struct KeyFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong; never contains key material.
    public var message: String

    init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
