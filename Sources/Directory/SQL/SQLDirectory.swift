import Database
import Foundation
import Logging

/// The SQL plugin: users, aliases, groups, memberships and servers in SQLite (the embedded
/// default of `tessera dev`) or MariaDB, with crypt(3) passwords. Besides ``UserDirectory`` it
/// offers the management calls a CLI needs (`addUser`, `setPassword`, `setDisabled`, `addGroup`,
/// `addMember`, `addServer`, `addAlias`).
///
/// Every query binds its values (`?` placeholders); user input never becomes SQL text. Database
/// calls and password hashing run on the plugin's own ``BlockingExecutor`` threads.
public final class SQLDirectory: UserDirectory {
    /// What ``addUser(_:password:)`` needs.
    public struct NewUser: Sendable {
        /// Login name (unique, case-insensitive).
        public var login: String
        /// Full name; defaults to the login.
        public var displayName: String?
        /// Primary address (unique, case-insensitive).
        public var primaryAddress: String?
        /// Home server name.
        public var homeServer: String?
        /// Admin level.
        public var adminLevel: AdminLevel
        /// A shared store nobody logs on to.
        public var sharedStore: Bool
        /// Quota.
        public var quota: Quota

        /// A new user; only the login is required.
        public init(
            login: String, displayName: String? = nil, primaryAddress: String? = nil, homeServer: String? = nil,
            adminLevel: AdminLevel = .none, sharedStore: Bool = false, quota: Quota = .serverDefault
        ) {
            self.login = login
            self.displayName = displayName
            self.primaryAddress = primaryAddress
            self.homeServer = homeServer
            self.adminLevel = adminLevel
            self.sharedStore = sharedStore
            self.quota = quota
        }
    }

    private let pool: DatabasePool
    private let executor: BlockingExecutor
    private let logger: Logger
    private let clock: @Sendable () -> Date
    /// The scheme new password hashes use. Default yescrypt.
    public let passwordScheme: PasswordHash.Scheme

    /// A directory on `pool`; creates its tables if they are missing and upgrades older ones.
    /// `clock` stamps password changes (``DirectoryUser/passwordChangedAt``).
    public init(
        pool: DatabasePool, passwordScheme: PasswordHash.Scheme = .yescrypt, logger: Logger = Logger(label: "tessera.directory"),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws {
        self.pool = pool
        self.passwordScheme = passwordScheme
        self.clock = clock
        self.executor = BlockingExecutor(name: "sql-directory", threadCount: max(1, min(pool.maximumConnections, 4)))
        var logger = logger
        logger[metadataKey: "directory.backend"] = "sql"
        self.logger = logger
        try await run { connection in try SQLDirectorySchema.migrate(connection) }
    }

    deinit { shutdown() }

    /// Stops the plugin's threads (the pool stays open: it belongs to the caller).
    public func shutdown() { executor.shutdown() }

    // MARK: UserDirectory

    public func authenticate(login: String, password: String) async -> AuthenticationResult {
        let result: AuthenticationResult
        if login.isEmpty {
            result = .unknownUser
        } else if password.isEmpty {
            result = .wrongPassword
        } else {
            do {
                result = try await run { connection in
                    guard let row = try connection.queryFirst(Self.userSelect + " WHERE u.login_key = ?", [.text(login.lowercased())]) else {
                        return .unknownUser
                    }
                    let hash = row[Self.hashColumn].text ?? ""
                    guard PasswordHash.verify(password, against: hash) else { return .wrongPassword }
                    let user = try self.user(from: row, connection: connection)
                    if case .inactive(let reason) = user.status { return .inactive(reason) }
                    return .success(user)
                }
            } catch {
                result = .unavailable(error as? DirectoryError ?? DirectoryError(.backend, "\(error)"))
            }
        }
        logger.info("authentication", metadata: ["directory.login": "\(login)", "directory.outcome": "\(result.outcome)"])
        return result
    }

    public func resolve(_ name: String) async throws -> DirectoryUser? {
        let key = name.lowercased()
        guard !key.isEmpty else { return nil }
        return try await run { connection in
            if let row = try connection.queryFirst(Self.userSelect + " WHERE u.login_key = ? OR u.address_key = ?", [.text(key), .text(key)]) {
                return try self.user(from: row, connection: connection)
            }
            let alias = Self.userSelect + " JOIN directory_aliases a ON a.user_id = u.id WHERE a.address_key = ?"
            return try connection.queryFirst(alias, [.text(key)]).map { try self.user(from: $0, connection: connection) }
        }
    }

    public func user(id: DirectoryID) async throws -> DirectoryUser? {
        guard let number = Int64(id.rawValue) else { return nil }
        return try await run { connection in
            try connection.queryFirst(Self.userSelect + " WHERE u.id = ?", [.integer(number)]).map { try self.user(from: $0, connection: connection) }
        }
    }

    public func users(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryUser> {
        let since = cursor.flatMap { Int64($0.token) } ?? -1
        return try await run { connection in
            let counter = try self.changeCounter(connection)
            let users = try connection.query(Self.userSelect + " WHERE u.change_number > ? ORDER BY u.id", [.integer(since)])
                .map { try self.user(from: $0, connection: connection) }
            return DirectoryListing(items: users, cursor: ChangeCursor(String(counter)))
        }
    }

    public func groups(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryGroup> {
        let since = cursor.flatMap { Int64($0.token) } ?? -1
        return try await run { connection in
            let counter = try self.changeCounter(connection)
            let groups = try connection.query(Self.groupSelect + " WHERE change_number > ? ORDER BY id", [.integer(since)]).map(Self.group)
            return DirectoryListing(items: groups, cursor: ChangeCursor(String(counter)))
        }
    }

    public func group(id: DirectoryID) async throws -> DirectoryGroup? {
        guard let number = Int64(id.rawValue) else { return nil }
        return try await run { connection in try connection.queryFirst(Self.groupSelect + " WHERE id = ?", [.integer(number)]).map(Self.group) }
    }

    public func memberIDs(ofGroup id: DirectoryID) async throws -> [DirectoryID]? {
        guard let number = Int64(id.rawValue) else { return nil }
        return try await run { connection in
            guard try connection.queryFirst("SELECT id FROM directory_groups WHERE id = ?", [.integer(number)]) != nil else { return nil }
            var seen: Set<Int64> = [number]
            var queue = [number]
            var users = Set<Int64>()
            while let group = queue.popLast() {
                for row in try connection.query("SELECT member_kind, member_id FROM directory_memberships WHERE group_id = ?", [.integer(group)]) {
                    let member = try row.integer(1)
                    if try row.text(0) == "u" {
                        users.insert(member)
                    } else if seen.insert(member).inserted {
                        queue.append(member)
                    }
                }
            }
            return users.sorted().compactMap { DirectoryID(String($0)) }
        }
    }

    public func servers() async throws -> [DirectoryServer] {
        try await run { connection in
            try connection.query("SELECT name, address, http_port, ssl_port, file_path, proxy_url, contains_public FROM directory_servers ORDER BY name", []).map { row in
                DirectoryServer(
                    name: try row.text(0), address: row[1].text, httpPort: row[2].integer.map { Int($0) },
                    sslPort: row[3].integer.map { Int($0) }, filePath: row[4].text, proxyURL: row[5].text,
                    containsPublicStore: row[6].integer == 1)
            }
        }
    }

    public func companies() async throws -> [Company] { [] }

    // MARK: Management

    /// Adds a user; `password` nil leaves the account without one (it cannot log on until
    /// ``setPassword(login:password:)``). Throws `.conflict` for a taken login or address.
    @discardableResult
    public func addUser(_ new: NewUser, password: String?) async throws -> DirectoryUser {
        guard !new.login.isEmpty, !new.login.contains("\0") else { throw DirectoryError(.invalidData, "a login must be non-empty text") }
        let hash = try password.map { password throws(DirectoryError) in
            guard !password.isEmpty else { throw DirectoryError(.invalidData, "empty passwords are not allowed") }
            return try PasswordHash.make(password, scheme: passwordScheme)
        }
        let changedAt = Self.seconds(clock())
        let id: Int64 = try await write { connection, change in
            if let address = new.primaryAddress, try self.addressTaken(address, connection) {
                throw DirectoryError(.conflict, "address \(address) is taken")
            }
            try connection.execute("""
                INSERT INTO directory_users (login, login_key, display_name, primary_address, address_key, password_hash,
                  shared_store, admin_level, home_server, quota_override, quota_warn, quota_soft, quota_hard, change_number,
                  password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    .text(new.login), .text(new.login.lowercased()), .text(new.displayName ?? new.login),
                    new.primaryAddress.map(SQLValue.text) ?? .null, new.primaryAddress.map { .text($0.lowercased()) } ?? .null,
                    hash.map(SQLValue.text) ?? .null, .integer(new.sharedStore ? 1 : 0), .integer(Int64(new.adminLevel.rawValue)),
                    new.homeServer.map(SQLValue.text) ?? .null, .integer(new.quota.overridesDefault ? 1 : 0),
                    new.quota.warnBytes.map(SQLValue.integer) ?? .null, new.quota.softBytes.map(SQLValue.integer) ?? .null,
                    new.quota.hardBytes.map(SQLValue.integer) ?? .null, .integer(change), .integer(changedAt),
                ])
            return connection.lastInsertID
        }
        guard let user = try await user(id: DirectoryID(String(id))!) else { throw DirectoryError(.backend, "user vanished after insert") }
        logger.info("user added", metadata: ["directory.login": "\(new.login)"])
        return user
    }

    /// Sets a user's password (hashed with ``passwordScheme``; empty refused) and stamps
    /// ``DirectoryUser/passwordChangedAt``, which ends the sessions that began before.
    public func setPassword(login: String, password: String) async throws {
        guard !password.isEmpty else { throw DirectoryError(.invalidData, "empty passwords are not allowed") }
        let hash = try await executor.run { () throws -> String in try PasswordHash.make(password, scheme: self.passwordScheme) }
        try await updateUser(login, "password_hash = ?, password_changed_at = ?", [.text(hash), .integer(Self.seconds(clock()))])
    }

    /// Disables or re-enables a user's logons.
    public func setDisabled(login: String, _ disabled: Bool) async throws {
        try await updateUser(login, "disabled = ?", [.integer(disabled ? 1 : 0)])
    }

    /// Sets a user's home server.
    public func setHomeServer(login: String, server: String?) async throws {
        try await updateUser(login, "home_server = ?", [server.map(SQLValue.text) ?? .null])
    }

    /// Adds an address that resolves to the user.
    public func addAlias(login: String, address: String) async throws {
        try await write { connection, change in
            guard let row = try connection.queryFirst("SELECT id FROM directory_users WHERE login_key = ?", [.text(login.lowercased())]) else {
                throw DirectoryError(.conflict, "no user \(login)")
            }
            if try self.addressTaken(address, connection) { throw DirectoryError(.conflict, "address \(address) is taken") }
            try connection.execute("INSERT INTO directory_aliases (address_key, address, user_id) VALUES (?, ?, ?)",
                                   [.text(address.lowercased()), .text(address), row[0]])
            try connection.execute("UPDATE directory_users SET change_number = ? WHERE id = ?", [.integer(change), row[0]])
        }
    }

    /// Adds a group.
    @discardableResult
    public func addGroup(name: String, address: String? = nil) async throws -> DirectoryGroup {
        let id: Int64 = try await write { connection, change in
            try connection.execute("INSERT INTO directory_groups (name, name_key, address, change_number) VALUES (?, ?, ?, ?)",
                                   [.text(name), .text(name.lowercased()), address.map(SQLValue.text) ?? .null, .integer(change)])
            return connection.lastInsertID
        }
        return DirectoryGroup(id: DirectoryID(String(id))!, name: name, address: address)
    }

    /// What a group member is.
    public enum Member: Sendable {
        /// A user, by login.
        case user(String)
        /// A nested group, by name.
        case group(String)
    }

    /// Adds a member to the group called `group`.
    public func addMember(_ member: Member, toGroup group: String) async throws {
        try await write { connection, change in
            guard let groupRow = try connection.queryFirst("SELECT id FROM directory_groups WHERE name_key = ?", [.text(group.lowercased())]) else {
                throw DirectoryError(.conflict, "no group \(group)")
            }
            let (kind, memberRow): (String, SQLRow?) = switch member {
            case .user(let login): ("u", try connection.queryFirst("SELECT id FROM directory_users WHERE login_key = ?", [.text(login.lowercased())]))
            case .group(let name): ("g", try connection.queryFirst("SELECT id FROM directory_groups WHERE name_key = ?", [.text(name.lowercased())]))
            }
            guard let memberRow else { throw DirectoryError(.conflict, "no such member \(member)") }
            try connection.execute("\(self.pool.dialect.insertOrIgnore) INTO directory_memberships (group_id, member_kind, member_id) VALUES (?, ?, ?)",
                                   [groupRow[0], .text(kind), memberRow[0]])
            try connection.execute("UPDATE directory_groups SET change_number = ? WHERE id = ?", [.integer(change), groupRow[0]])
            if kind == "u" { try connection.execute("UPDATE directory_users SET change_number = ? WHERE id = ?", [.integer(change), memberRow[0]]) }
        }
    }

    /// Adds or replaces a server object.
    public func addServer(_ server: DirectoryServer) async throws {
        try await write { connection, _ in
            try connection.execute("DELETE FROM directory_servers WHERE name = ?", [.text(server.name)])
            try connection.execute(
                "INSERT INTO directory_servers (name, address, http_port, ssl_port, file_path, proxy_url, contains_public) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [.text(server.name), server.address.map(SQLValue.text) ?? .null, server.httpPort.map { .integer(Int64($0)) } ?? .null,
                 server.sslPort.map { .integer(Int64($0)) } ?? .null, server.filePath.map(SQLValue.text) ?? .null,
                 server.proxyURL.map(SQLValue.text) ?? .null, .integer(server.containsPublicStore ? 1 : 0)])
        }
    }

    // MARK: Rows

    private static let userSelect = """
        SELECT u.id, u.login, u.display_name, u.primary_address, u.password_hash, u.disabled, u.shared_store, u.admin_level,
          u.home_server, u.quota_override, u.quota_warn, u.quota_soft, u.quota_hard, u.change_number, u.password_changed_at
        FROM directory_users u
        """
    private static let hashColumn = 4
    private static let groupSelect = "SELECT id, name, address, change_number FROM directory_groups"

    private func user(from row: SQLRow, connection: any SQLConnection) throws -> DirectoryUser {
        let id = try row.integer(0)
        let aliases = try connection.query("SELECT address FROM directory_aliases WHERE user_id = ? ORDER BY address_key", [.integer(id)]).map { try $0.text(0) }
        let groups = try connection.query("SELECT group_id FROM directory_memberships WHERE member_kind = 'u' AND member_id = ? ORDER BY group_id", [.integer(id)])
            .compactMap { DirectoryID(String(try $0.integer(0))) }
        let status: AccountStatus = row[5].integer == 1 ? .inactive(.disabled) : row[6].integer == 1 ? .inactive(.sharedStore) : .active
        return DirectoryUser(
            id: DirectoryID(String(id))!, login: try row.text(1), displayName: try row.text(2), primaryAddress: row[3].text,
            aliases: aliases, status: status, adminLevel: AdminLevel(rawValue: Int(row[7].integer ?? 0)) ?? .none,
            homeServer: row[8].text, groupIDs: groups,
            quota: Quota(overridesDefault: row[9].integer == 1, warnBytes: row[10].integer, softBytes: row[11].integer, hardBytes: row[12].integer),
            changeMarker: row[13].integer.map(String.init),
            passwordChangedAt: row[14].integer.map { Date(timeIntervalSince1970: Double($0)) })
    }

    /// Whole Unix seconds (rounded down), as `password_changed_at` stores them.
    private static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    private static func group(_ row: SQLRow) throws -> DirectoryGroup {
        DirectoryGroup(id: DirectoryID(String(try row.integer(0)))!, name: try row.text(1), address: row[2].text, changeMarker: row[3].integer.map(String.init))
    }

    private func addressTaken(_ address: String, _ connection: any SQLConnection) throws -> Bool {
        let key = address.lowercased()
        return try connection.queryFirst("SELECT 1 FROM directory_users WHERE address_key = ? OR login_key = ?", [.text(key), .text(key)]) != nil
            || connection.queryFirst("SELECT 1 FROM directory_aliases WHERE address_key = ?", [.text(key)]) != nil
    }

    private func changeCounter(_ connection: any SQLConnection) throws -> Int64 {
        try connection.queryFirst("SELECT value FROM directory_meta WHERE name = 'change_number'", [])?.integer(0) ?? 0
    }

    private func updateUser(_ login: String, _ assignment: String, _ values: [SQLValue]) async throws {
        try await write { connection, change in
            let changed = try connection.execute("UPDATE directory_users SET \(assignment), change_number = ? WHERE login_key = ?",
                                                 values + [.integer(change), .text(login.lowercased())])
            if changed == 0 { throw DirectoryError(.conflict, "no user \(login)") }
        }
    }

    /// Runs `body` in a write transaction with the next change number.
    @discardableResult
    private func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection, Int64) throws -> T) async throws -> T {
        try await run { connection in
            try connection.transaction(.write) {
                try connection.execute("UPDATE directory_meta SET value = value + 1 WHERE name = 'change_number'", [])
                let change = try self.changeCounter(connection)
                return try body(connection, change)
            }
        }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let pool = self.pool
        do {
            return try await executor.run { () throws -> T in try pool.withConnection(body) }
        } catch let error as DatabaseError {
            switch error.code {
            case .cannotConnect, .connectionLost, .busy: throw DirectoryError(.unavailable, error.description)
            case .constraint: throw DirectoryError(.conflict, error.description)
            default: throw DirectoryError(.backend, error.description)
            }
        }
    }
}
