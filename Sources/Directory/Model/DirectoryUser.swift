import Foundation

/// A user as the directory describes it: everything logon, routing and provisioning need.
public struct DirectoryUser: Hashable, Sendable, Identifiable {
    /// Stable across renames; the key under which the node keeps the user's store.
    public var id: DirectoryID
    /// The name the user logs on with.
    public var login: String
    /// The full name shown in address books.
    public var displayName: String
    /// The primary e-mail address, if any.
    public var primaryAddress: String?
    /// Further addresses that resolve to this user.
    public var aliases: [String]
    /// Whether the account may log on, and why not.
    public var status: AccountStatus
    /// Administrative power.
    public var adminLevel: AdminLevel
    /// The name of the server that holds the user's store (Kopano's `kopanoUserServer`); nil when
    /// the directory names none (single-server deployments use the node's default).
    public var homeServer: String?
    /// The company (tenant) the user belongs to, if the directory has companies.
    public var company: DirectoryID?
    /// The groups the user is a direct member of.
    public var groupIDs: [DirectoryID]
    /// Store quota.
    public var quota: Quota
    /// The backend's change marker for this object (LDAP `modifyTimestamp`, AD `uSNChanged`,
    /// SQL change counter), if it has one.
    public var changeMarker: String?
    /// When the password was last set (SQL `password_changed_at`, OpenLDAP `pwdChangedTime`,
    /// AD `pwdLastSet`); nil when the directory does not say. Session tokens issued before it
    /// are refused (compared in whole seconds: a token issued in the same second survives), so
    /// a password change ends every session that began with the old password. AD's "must
    /// change password at next logon" (`pwdLastSet` 0) reads as `Date.distantFuture`: no token
    /// is accepted until the password has been changed.
    public var passwordChangedAt: Date?

    /// A user; only id and login are required.
    public init(
        id: DirectoryID, login: String, displayName: String = "", primaryAddress: String? = nil,
        aliases: [String] = [], status: AccountStatus = .active, adminLevel: AdminLevel = .none,
        homeServer: String? = nil, company: DirectoryID? = nil, groupIDs: [DirectoryID] = [],
        quota: Quota = .serverDefault, changeMarker: String? = nil, passwordChangedAt: Date? = nil
    ) {
        self.id = id
        self.login = login
        self.displayName = displayName
        self.primaryAddress = primaryAddress
        self.aliases = aliases
        self.status = status
        self.adminLevel = adminLevel
        self.homeServer = homeServer
        self.company = company
        self.groupIDs = groupIDs
        self.quota = quota
        self.changeMarker = changeMarker
        self.passwordChangedAt = passwordChangedAt
    }

    /// Every address that resolves to this user, primary first.
    public var addresses: [String] { (primaryAddress.map { [$0] } ?? []) + aliases }

    /// One line for listings (`tessera directory user list`): login, id, name, addresses,
    /// status, home server, admin level and group count, tab-separated.
    public var summaryLine: String {
        let status = switch self.status {
        case .active: "active"
        case .inactive(let reason): "inactive(\(reason.rawValue))"
        }
        return [
            login, "id=\(id)", displayName, addresses.isEmpty ? "-" : addresses.joined(separator: ","), status,
            "home=\(homeServer ?? "-")", "admin=\(adminLevel)", "groups=\(groupIDs.count)",
        ].joined(separator: "\t")
    }
}
