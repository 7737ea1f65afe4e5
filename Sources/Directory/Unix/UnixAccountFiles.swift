/// Parsers for `/etc/passwd`, `/etc/group` and `/etc/shadow` (colon-separated, one entry per
/// line). Pure functions on text: malformed lines, comments and NIS `+`/`-` lines are skipped.
public enum UnixAccountFiles {
    /// One line of passwd(5).
    public struct PasswdEntry: Hashable, Sendable {
        public var name: String, password: String, uid: Int, gid: Int, gecos: String, home: String, shell: String
    }

    /// One line of group(5).
    public struct GroupEntry: Hashable, Sendable {
        public var name: String, gid: Int, members: [String]
    }

    /// One line of shadow(5): the hash and the account expiry (days since 1970-01-01).
    public struct ShadowEntry: Hashable, Sendable {
        public var name: String, hash: String, expiresOnDay: Int?
    }

    /// The entries of a passwd file.
    public static func passwd(_ text: String) -> [PasswdEntry] {
        lines(text, fields: 7).compactMap { f in
            guard let uid = Int(f[2]), let gid = Int(f[3]) else { return nil }
            return PasswdEntry(name: f[0], password: f[1], uid: uid, gid: gid, gecos: f[4], home: f[5], shell: f[6])
        }
    }

    /// The entries of a group file.
    public static func group(_ text: String) -> [GroupEntry] {
        lines(text, fields: 4).compactMap { f in
            guard let gid = Int(f[2]) else { return nil }
            return GroupEntry(name: f[0], gid: gid, members: f[3].split(separator: ",").map(String.init).filter { !$0.isEmpty })
        }
    }

    /// The entries of a shadow file.
    public static func shadow(_ text: String) -> [ShadowEntry] {
        lines(text, fields: 9).map { f in ShadowEntry(name: f[0], hash: f[1], expiresOnDay: Int(f[7])) }
    }

    private static func lines(_ text: String, fields: Int) -> [[String]] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            guard let first = line.first, first != "#", first != "+", first != "-" else { return nil }
            let parts = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= fields, !parts[0].isEmpty else { return nil }
            return parts
        }
    }
}
