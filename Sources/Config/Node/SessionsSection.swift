/// `[sessions]`: the signed session tokens every node issues and accepts (ARCHITECTURE §4).
public struct SessionsSection: Sendable {
    /// The smallest session key (HMAC-SHA256; `SessionKeyring.minimumKeyBytes`).
    public static let minimumKeyBytes = 32

    /// The cluster's session keys: the first signs, all verify.
    public var keys: KeyFile
    /// How long a token is valid after logon.
    public var lifetime: Duration
    /// How far clocks of nodes may disagree when a token's times are checked.
    public var allowedClockSkew: Duration

    static let schema = TableSchema(
        "Session tokens: the keys that sign them (the same file on every node) and how long they live.",
        keys: [
            KeySpec("key_file", .keyFile(.atLeast(minimumKeyBytes)), .required,
                    "Session keys, base64, one a line, at least 32 bytes each (`openssl rand -base64 32`); the first signs, all verify. Rotate by adding a key second, then moving it first."),
            KeySpec("lifetime", .duration(60...(30 * 86_400)), .defaulted(.string("8h")), "How long a token is valid after logon."),
            KeySpec("clock_skew", .duration(0...600), .defaulted(.string("60s")), "How far the clocks of nodes may disagree."),
        ])

    init?(_ reader: SectionReader) {
        guard let keys = reader.keyFile("key_file"), let lifetime = reader.duration("lifetime"), let skew = reader.duration("clock_skew") else {
            return nil
        }
        self.keys = keys
        self.lifetime = lifetime
        self.allowedClockSkew = skew
    }
}
