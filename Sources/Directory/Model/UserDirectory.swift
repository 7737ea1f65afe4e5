/// The one interface between Tessera and wherever its users live (ARCHITECTURE §7).
///
/// Implemented by ``LDAPDirectory`` (OpenLDAP, Kopano trees, Active Directory), ``SQLDirectory``
/// (SQLite, MariaDB), ``UnixDirectory`` (passwd/group/shadow), and ``CachingDirectory`` in front
/// of any of them. Every method is safe to call concurrently; none blocks a cooperative thread.
///
/// Lookups return nil for "no such object" and throw ``DirectoryError`` only when the directory
/// itself failed, so that "unknown" is never confused with "down". Logins and addresses compare
/// case-insensitively.
public protocol UserDirectory: Sendable {
    /// Checks a password. Never throws: every outcome, including "directory down", is a case of
    /// ``AuthenticationResult``. Implementations never log the password.
    func authenticate(login: String, password: String) async -> AuthenticationResult

    /// The user whose login name, primary address or alias is `name`; nil when none is.
    func resolve(_ name: String) async throws -> DirectoryUser?

    /// The user with this id; nil when none has it.
    func user(id: DirectoryID) async throws -> DirectoryUser?

    /// All users, or those changed since `cursor` when the backend tracks changes.
    func users(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryUser>

    /// All groups, or those changed since `cursor` when the backend tracks changes.
    func groups(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryGroup>

    /// The group with this id; nil when none has it.
    func group(id: DirectoryID) async throws -> DirectoryGroup?

    /// The ids of every user in the group, nested groups resolved (cycles are survived), sorted;
    /// nil when there is no such group.
    func memberIDs(ofGroup id: DirectoryID) async throws -> [DirectoryID]?

    /// All server objects.
    func servers() async throws -> [DirectoryServer]

    /// All companies (tenants); empty when the directory has none.
    func companies() async throws -> [Company]
}

extension UserDirectory {
    /// The server object called `name` (case-insensitive); nil when there is none.
    public func server(named name: String) async throws -> DirectoryServer? {
        try await servers().first { $0.name.lowercased() == name.lowercased() }
    }
}
