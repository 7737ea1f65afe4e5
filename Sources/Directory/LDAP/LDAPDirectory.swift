import Foundation
import Logging

/// The LDAP plugin: OpenLDAP, an existing Kopano tree, or Active Directory, chosen by the
/// attribute map of ``LDAPConfiguration``.
///
/// Searches run on a pool of service connections (anonymous, simple or SASL EXTERNAL bind);
/// passwords are checked by binding as the user's DN on a separate pool, so a user bind never
/// changes the identity searches run under. Every libldap call runs on the directory's own
/// ``BlockingExecutor`` threads. Listings use the paged-results control, so the server's size
/// limit never truncates them; user input reaches filters only through ``LDAPFilter`` escaping.
public final class LDAPDirectory: UserDirectory {
    /// The configuration in use.
    public let configuration: LDAPConfiguration
    /// Counters: connections, failovers, reconnects, searches, binds.
    public let metrics = LDAPMetrics()
    private let map: LDAPAttributeMap
    private let executor: BlockingExecutor
    private let searchPool: LDAPConnectionPool
    private let authPool: LDAPConnectionPool
    private let logger: Logger

    /// A directory for `configuration` (validated here). Connects lazily, on first use.
    public init(configuration: LDAPConfiguration, logger: Logger = Logger(label: "tessera.directory")) throws(DirectoryError) {
        self.configuration = try configuration.validated()
        self.map = configuration.attributes
        var logger = logger
        logger[metadataKey: "directory.backend"] = "ldap"
        self.logger = logger
        self.executor = BlockingExecutor(
            name: "ldap", threadCount: configuration.maximumConnections + configuration.maximumAuthenticationConnections)
        self.searchPool = LDAPConnectionPool(
            configuration: configuration, bindsAsService: true, maximum: configuration.maximumConnections,
            metrics: metrics, logger: logger)
        self.authPool = LDAPConnectionPool(
            configuration: configuration, bindsAsService: false,
            maximum: configuration.maximumAuthenticationConnections, metrics: metrics, logger: logger)
    }

    deinit { shutdown() }

    /// Closes the connections and stops the threads (also done when the directory is released).
    public func shutdown() {
        searchPool.drain()
        authPool.drain()
        executor.shutdown()
    }

    // MARK: UserDirectory

    public func authenticate(login: String, password: String) async -> AuthenticationResult {
        let result: AuthenticationResult
        if !Self.isSearchable(login) {
            result = .unknownUser
        } else if password.isEmpty {
            result = .wrongPassword  // never sent: an empty password would be an anonymous bind
        } else {
            do {
                result = try await blocking { () throws(LDAPResultError) in try self.authenticateNow(login, password) }
            } catch {
                result = .unavailable(error as? DirectoryError ?? DirectoryError(.backend, "\(error)"))
            }
        }
        logger.info("authentication", metadata: ["directory.login": "\(login)", "directory.outcome": "\(result.outcome)"])
        return result
    }

    public func resolve(_ name: String) async throws -> DirectoryUser? {
        guard Self.isSearchable(name) else { return nil }
        return try await blocking { () throws(LDAPResultError) in
            try self.uniqueUser(self.map.nameFilter(name), what: "name \(name)")
        }
    }

    public func user(id: DirectoryID) async throws -> DirectoryUser? {
        guard let filter = map.idFilter(id, attribute: .uniqueIDAttribute) else { return nil }
        return try await blocking { () throws(LDAPResultError) in try self.uniqueUser(filter, what: "id \(id)") }
    }

    public func users(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryUser> {
        try await blocking { () throws(LDAPResultError) in
            let filter = self.and(self.userFilter, self.map.changedSinceFilter(cursor))
            let entries = try self.searchAll(base: self.userBase, filter: filter, attributes: self.map.userAttributes)
            let index = try self.membershipIndex()
            let companies = try self.companyEntries()
            let users = entries.compactMap { self.makeUser($0, membership: index, companies: companies) }
            return DirectoryListing(items: users, cursor: self.map.nextCursor(after: cursor, markers: users.compactMap(\.changeMarker)))
        }
    }

    public func groups(changedSince cursor: ChangeCursor?) async throws -> DirectoryListing<DirectoryGroup> {
        try await blocking { () throws(LDAPResultError) in
            let filter = self.and(self.groupFilter, self.map.changedSinceFilter(cursor))
            let entries = try self.searchAll(base: self.groupBase, filter: filter, attributes: self.map.groupAttributes)
            let companies = try self.companyEntries()
            let groups = entries.compactMap { entry -> DirectoryGroup? in
                guard var group = self.map.group(from: entry) else { return nil }
                group.company = self.company(of: entry.dn, in: companies)
                return group
            }
            return DirectoryListing(items: groups, cursor: self.map.nextCursor(after: cursor, markers: groups.compactMap(\.changeMarker)))
        }
    }

    public func group(id: DirectoryID) async throws -> DirectoryGroup? {
        guard let filter = map.idFilter(id, attribute: .groupIDAttribute) else { return nil }
        return try await blocking { () throws(LDAPResultError) in
            let entries = try self.searchAll(base: self.groupBase, filter: .and([self.groupFilter, filter]), attributes: self.map.groupAttributes)
            guard entries.count == 1, var group = self.map.group(from: entries[0]) else { return nil }
            group.company = self.company(of: entries[0].dn, in: try self.companyEntries())
            return group
        }
    }

    public func memberIDs(ofGroup id: DirectoryID) async throws -> [DirectoryID]? {
        guard let filter = map.idFilter(id, attribute: .groupIDAttribute) else { return nil }
        return try await blocking { () throws(LDAPResultError) in try self.members(groupFilter: filter) }
    }

    public func servers() async throws -> [DirectoryServer] {
        try await blocking { () throws(LDAPResultError) in
            try self.searchAll(
                base: self.configuration.serverBaseDN ?? self.configuration.baseDN,
                filter: self.raw(.serverFilter), attributes: self.map.serverAttributes
            ).compactMap { self.map.server(from: $0) }.sorted { $0.name < $1.name }
        }
    }

    public func companies() async throws -> [Company] {
        try await blocking { () throws(LDAPResultError) in try self.companyEntries().map(\.company) }
    }

    /// Whether a login or address may be looked up at all. Empty names and names with NUL are
    /// nobody's: escaped as `\00` a NUL still ends the value for some servers (Samba AD matches
    /// `(sAMAccountName=alice\00)` against `alice`), so it never reaches a filter.
    static func isSearchable(_ name: String) -> Bool {
        !name.isEmpty && !name.utf8.contains(0)
    }

    // MARK: Blocking work (on executor threads)

    private func blocking<T: Sendable>(_ body: @escaping @Sendable () throws(LDAPResultError) -> T) async throws -> T {
        do {
            return try await executor.run { () throws -> T in try body() }
        } catch let error as LDAPResultError {
            logger.info("LDAP request failed", metadata: ["directory.error": "\(error)"])
            throw error.directoryError
        }
    }

    private func authenticateNow(_ login: String, _ password: String) throws(LDAPResultError) -> AuthenticationResult {
        let entries = try searchAll(base: userBase, filter: .and([userFilter, map.loginFilter(login)]), attributes: map.userAttributes)
        guard entries.count == 1 else {
            if entries.count > 1 { logger.warning("login matches several users", metadata: ["directory.login": "\(login)"]) }
            return .unknownUser
        }
        let entry = entries[0]
        metrics.increment(\.userBinds)
        do {
            try authPool.withConnection { (handle) throws(LDAPResultError) in try handle.bindSimple(dn: entry.dn, password: password) }
        } catch {
            if error.code == LDAPResultError.invalidCredentials {
                return ADBindDiagnostic(diagnostic: error.diagnostic)?.result ?? .wrongPassword
            }
            throw error
        }
        guard var user = map.user(from: entry) else {
            logger.warning("user entry lacks id or login", metadata: ["directory.dn": "\(entry.dn)"])
            return .unknownUser
        }
        if case .inactive(let reason) = user.status { return .inactive(reason) }
        user.groupIDs = try groupIDs(of: entry, login: user.login)
        user.company = company(of: entry.dn, in: try companyEntries())
        return .success(user)
    }

    private func uniqueUser(_ filter: LDAPFilter, what: String) throws(LDAPResultError) -> DirectoryUser? {
        let entries = try searchAll(base: userBase, filter: .and([userFilter, filter]), attributes: map.userAttributes)
        guard entries.count <= 1 else {
            logger.warning("several users match", metadata: ["directory.query": "\(what)", "directory.count": "\(entries.count)"])
            return nil
        }
        guard let entry = entries.first, var user = map.user(from: entry) else { return nil }
        user.groupIDs = try groupIDs(of: entry, login: user.login)
        user.company = company(of: entry.dn, in: try companyEntries())
        return user
    }

    private func makeUser(_ entry: LDAPEntry, membership: MembershipIndex, companies: [CompanyEntry]) -> DirectoryUser? {
        guard var user = map.user(from: entry) else { return nil }
        switch membership {
        case .byMember(let groups):
            let key = map[.memberFormat] == "login" ? user.login.lowercased() : normalized(entry.dn)
            user.groupIDs = (groups[key] ?? []).sorted()
        case .byGroupDN(let ids):
            let names = map.optional(.memberOfAttribute).map { entry.strings($0) } ?? []
            user.groupIDs = Set(names.compactMap { ids[normalized($0)] }).sorted()
        }
        user.company = company(of: entry.dn, in: companies)
        return user
    }

    /// The attribute users name their groups in (`memberOf`), when the map has one.
    private var memberOfAttribute: String? {
        map[.memberFormat] == "dn" ? map.optional(.memberOfAttribute) : nil
    }

    /// Direct groups of one user.
    private func groupIDs(of entry: LDAPEntry, login: String) throws(LDAPResultError) -> [DirectoryID] {
        // A user that names no group is in none: no search needed.
        if let memberOf = memberOfAttribute, entry.values(memberOf).isEmpty { return [] }
        let member = map[.memberAttribute]
        let value = map[.memberFormat] == "login" ? login : entry.dn
        let groups = try searchAll(base: groupBase, filter: .and([groupFilter, .equal(member, value)]), attributes: [map[.groupIDAttribute]])
        return groups.compactMap { map.id(of: $0, attribute: .groupIDAttribute) }.sorted()
    }

    /// Who is in which group, for a listing of users.
    private enum MembershipIndex {
        /// Member (normalised DN or lower-cased login) → ids of the groups it is directly in.
        case byMember([String: [DirectoryID]])
        /// Group DN (normalised) → group id, for users that name their groups (`memberOf`).
        case byGroupDN([String: DirectoryID])
    }

    /// With `memberOf`, only the groups' DNs and ids (no member lists); otherwise every group's
    /// members, following `member;range=…` to the end.
    private func membershipIndex() throws(LDAPResultError) -> MembershipIndex {
        if memberOfAttribute != nil {
            let groups = try searchAll(base: groupBase, filter: groupFilter, attributes: [map[.groupIDAttribute]])
            var ids: [String: DirectoryID] = [:]
            for group in groups {
                if let id = map.id(of: group, attribute: .groupIDAttribute) { ids[normalized(group.dn)] = id }
            }
            return .byGroupDN(ids)
        }
        let groups = try searchAll(base: groupBase, filter: groupFilter, attributes: [map[.groupIDAttribute]] + memberRequest)
        var index: [String: [DirectoryID]] = [:]
        for group in groups {
            guard let id = map.id(of: group, attribute: .groupIDAttribute) else { continue }
            for member in try memberValues(of: group) {
                let key = map[.memberFormat] == "login" ? member.lowercased() : normalized(member)
                index[key, default: []].append(id)
            }
        }
        return .byMember(index)
    }

    /// Users of a group, nested groups followed breadth-first; each group is read once.
    private func members(groupFilter idFilter: LDAPFilter) throws(LDAPResultError) -> [DirectoryID]? {
        let found = try searchAll(base: groupBase, filter: .and([groupFilter, idFilter]), attributes: memberRequest)
        guard found.count == 1 else { return nil }
        var seen: Set<String> = [normalized(found[0].dn)]
        var queue = [found[0]]
        var users = Set<DirectoryID>()
        while !queue.isEmpty {
            let group = queue.removeFirst()
            let values = try memberValues(of: group)
            if map[.memberFormat] == "login" {
                for chunk in stride(from: 0, to: values.count, by: 100).map({ Array(values[$0..<min($0 + 100, values.count)]) }) {
                    let filter = LDAPFilter.and([userFilter, .or(chunk.map { map.loginFilter($0) })])
                    for entry in try searchAll(base: userBase, filter: filter, attributes: [map[.uniqueIDAttribute]]) {
                        if let id = map.id(of: entry, attribute: .uniqueIDAttribute) { users.insert(id) }
                    }
                }
                continue
            }
            for dn in values where seen.insert(normalized(dn)).inserted {
                if let user = try read(dn, filter: userFilter, attributes: [map[.uniqueIDAttribute]]) {
                    if let id = map.id(of: user, attribute: .uniqueIDAttribute) { users.insert(id) }
                } else if let nested = try read(dn, filter: groupFilter, attributes: memberRequest) {
                    queue.append(nested)
                }
            }
        }
        return users.sorted()
    }

    /// The member attribute to request: plain, or its first range.
    private var memberRequest: [String] {
        let member = map[.memberAttribute]
        if let step = configuration.memberRangeSize { return ["\(member);range=0-\(step - 1)"] }
        return [member]
    }

    /// All member values of a group entry, following `member;range=…` retrieval to the end.
    private func memberValues(of group: LDAPEntry) throws(LDAPResultError) -> [String] {
        let member = map[.memberAttribute].lowercased()
        var values = group.strings(member)
        var current = group
        while let key = current.attributes.keys.first(where: { $0.hasPrefix(member + ";range=") }) {
            values += current.strings(key)
            let bounds = key.dropFirst(member.count + ";range=".count).split(separator: "-")
            guard bounds.count == 2, bounds[1] != "*", let end = Int(bounds[1]) else { break }
            let step = configuration.memberRangeSize.map { "\(end + $0)" } ?? "*"
            metrics.increment(\.memberRangeReads)
            guard let next = try read(group.dn, filter: .present("objectClass"), attributes: ["\(map[.memberAttribute]);range=\(end + 1)-\(step)"]) else { break }
            current = next
        }
        return values
    }

    private struct CompanyEntry {
        var dn: DistinguishedName
        var company: Company
    }

    private func companyEntries() throws(LDAPResultError) -> [CompanyEntry] {
        guard let filter = map.optional(.companyFilter) else { return [] }
        return try searchAll(
            base: configuration.companyBaseDN ?? configuration.baseDN, filter: .raw(filter), attributes: map.companyAttributes
        ).compactMap { entry in
            guard let company = map.company(from: entry), let dn = try? DistinguishedName(parsing: entry.dn) else { return nil }
            return CompanyEntry(dn: dn, company: company)
        }
    }

    private func company(of dn: String, in companies: [CompanyEntry]) -> DirectoryID? {
        guard !companies.isEmpty, let parsed = try? DistinguishedName(parsing: dn) else { return nil }
        return companies.filter { parsed.isDescendant(of: $0.dn) }.max { $0.dn.rdns.count < $1.dn.rdns.count }?.company.id
    }

    private func searchAll(base: String, filter: LDAPFilter, attributes: [String]) throws(LDAPResultError) -> [LDAPEntry] {
        let pageSize = configuration.pageSize
        let text = filter.description
        return try searchPool.withConnection { (handle) throws(LDAPResultError) in
            var all: [LDAPEntry] = []
            var cookie: [UInt8]?
            repeat {
                metrics.increment(\.searches)
                let page = try handle.search(base: base, scope: .subtree, filter: text, attributes: attributes, pageSize: pageSize, cookie: cookie)
                all += page.entries
                cookie = page.cookie
            } while cookie != nil
            return all
        }
    }

    /// The entry at `dn` if it matches `filter`.
    private func read(_ dn: String, filter: LDAPFilter, attributes: [String]) throws(LDAPResultError) -> LDAPEntry? {
        let text = filter.description
        return try searchPool.withConnection { (handle) throws(LDAPResultError) in
            metrics.increment(\.searches)
            return try handle.search(base: dn, scope: .base, filter: text, attributes: attributes).entries.first
        }
    }

    private var userBase: String { configuration.userBaseDN ?? configuration.baseDN }
    private var groupBase: String { configuration.groupBaseDN ?? configuration.baseDN }
    private var userFilter: LDAPFilter { raw(.userFilter) }
    private var groupFilter: LDAPFilter { raw(.groupFilter) }
    private func raw(_ key: LDAPAttributeMap.Key) -> LDAPFilter { .raw(map[key].trimmingCharacters(in: .whitespaces)) }
    private func and(_ base: LDAPFilter, _ extra: LDAPFilter?) -> LDAPFilter { extra.map { .and([base, $0]) } ?? base }
    private func normalized(_ dn: String) -> String { (try? DistinguishedName(parsing: dn))?.normalized ?? dn.lowercased() }
}
