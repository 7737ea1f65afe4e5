/// The stable identity of a directory object (user, group, company): it survives renames.
///
/// Each plugin chooses its source: LDAP `entryUUID` or `uidNumber` (as text), Active Directory's
/// binary `objectGUID` (in its canonical text form), the SQL plugin's row key, the Unix plugin's
/// uid/gid. Compare ids only within one directory.
public struct DirectoryID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The text form; never empty.
    public let rawValue: String

    /// An id from its text form; nil for the empty string.
    public init?(_ rawValue: String) {
        guard !rawValue.isEmpty else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: DirectoryID, rhs: DirectoryID) -> Bool { lhs.rawValue < rhs.rawValue }
}
