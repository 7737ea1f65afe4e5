import Foundation

/// Where the Unix plugin reads accounts and which of them count as users.
public struct UnixConfiguration: Sendable {
    /// passwd file. Default `/etc/passwd`.
    public var passwdPath: String
    /// group file. Default `/etc/group`.
    public var groupPath: String
    /// shadow file. Default `/etc/shadow` (readable by root or group `shadow` only).
    public var shadowPath: String
    /// Users are accounts with a uid in this range. Default 1000...60000.
    public var uidRange: ClosedRange<Int>
    /// Groups are those with a gid in this range. Default 1000...60000.
    public var gidRange: ClosedRange<Int>
    /// uids inside the range that are still not users.
    public var excludedUIDs: Set<Int>
    /// Shells that mark an account as not for logons (it still has a store).
    public var nonLoginShells: Set<String>
    /// E-mail addresses are `login@defaultDomain`.
    public var defaultDomain: String
    /// Home server of every user (Unix files have no such field); nil = none named.
    public var homeServer: String?
    /// Today, for shadow expiry dates. Injected for tests; default the system clock.
    public var now: @Sendable () -> Date

    /// A configuration; only the mail domain has no default.
    public init(defaultDomain: String, passwdPath: String = "/etc/passwd", groupPath: String = "/etc/group", shadowPath: String = "/etc/shadow") {
        self.passwdPath = passwdPath
        self.groupPath = groupPath
        self.shadowPath = shadowPath
        self.uidRange = 1000...60000
        self.gidRange = 1000...60000
        self.excludedUIDs = []
        self.nonLoginShells = ["/sbin/nologin", "/usr/sbin/nologin", "/bin/false", "/usr/bin/false"]
        self.defaultDomain = defaultDomain
        self.homeServer = nil
        self.now = { Date() }
    }
}
