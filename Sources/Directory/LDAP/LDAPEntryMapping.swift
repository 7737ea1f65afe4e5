import Foundation

/// Turning LDAP entries into directory objects, and ids and cursors into filters: the pure half
/// of ``LDAPDirectory``, driven by an ``LDAPAttributeMap``.
extension LDAPAttributeMap {
    /// Attributes to request for users.
    var userAttributes: [String] {
        let keys: [Key] = [
            .uniqueIDAttribute, .displayNameAttribute, .emailAttribute, .aliasAttribute, .enabledAttribute,
            .sharedStoreAttribute, .adminAttribute, .homeServerAttribute, .quotaOverrideAttribute,
            .quotaWarnAttribute, .quotaSoftAttribute, .quotaHardAttribute, .userAccountControlAttribute,
            .changeAttribute, .memberOfAttribute, .passwordChangedAttribute,
        ]
        return unique(list(.loginAttributes) + keys.compactMap { optional($0) })
    }

    /// Attributes to request for groups (members excluded: they are read separately).
    var groupAttributes: [String] {
        unique([Key.groupIDAttribute, .groupNameAttribute, .groupEmailAttribute, .changeAttribute].compactMap { optional($0) })
    }

    /// Attributes to request for server objects.
    var serverAttributes: [String] {
        unique([
            Key.serverNameAttribute, .serverAddressAttribute, .serverHTTPPortAttribute, .serverSSLPortAttribute,
            .serverFilePathAttribute, .serverProxyURLAttribute, .serverContainsPublicAttribute,
        ].compactMap { optional($0) })
    }

    /// Attributes to request for companies.
    var companyAttributes: [String] {
        unique([Key.companyIDAttribute, .companyNameAttribute, .companyServerAttribute].compactMap { optional($0) })
    }

    /// The id in `attribute` of `entry`, read in ``Key/uniqueIDFormat``.
    func id(of entry: LDAPEntry, attribute: Key) -> DirectoryID? {
        guard let name = optional(attribute), let raw = entry.values(name).first else { return nil }
        if self[.uniqueIDFormat] == "guid" { return ObjectGUID.string(from: raw).flatMap { DirectoryID($0) } }
        return DirectoryID(String(decoding: raw, as: UTF8.self))
    }

    /// The filter matching id `id` in `attribute`; nil when the id cannot be one (bad GUID).
    func idFilter(_ id: DirectoryID, attribute: Key) -> LDAPFilter? {
        guard let name = optional(attribute) else { return nil }
        if self[.uniqueIDFormat] == "guid" {
            guard let bytes = ObjectGUID.bytes(from: id.rawValue) else { return nil }
            return .equalBytes(name, bytes)
        }
        return .equal(name, id.rawValue)
    }

    /// The filter matching a login name against every login attribute.
    func loginFilter(_ login: String) -> LDAPFilter {
        .or(list(.loginAttributes).map { .equal($0, login) })
    }

    /// The filter matching a login, primary address or alias.
    func nameFilter(_ name: String) -> LDAPFilter {
        var parts = list(.loginAttributes).map { LDAPFilter.equal($0, name) }
        if let email = optional(.emailAttribute) { parts.append(.equal(email, name)) }
        if let alias = optional(.aliasAttribute) { parts.append(.equal(alias, (optional(.aliasPrefix) ?? "") + name)) }
        return .or(parts)
    }

    /// The user described by `entry` (group ids and company are filled in by the caller);
    /// nil when the entry lacks a unique id or login.
    func user(from entry: LDAPEntry) -> DirectoryUser? {
        guard let id = id(of: entry, attribute: .uniqueIDAttribute),
              let login = list(.loginAttributes).lazy.compactMap({ entry.string($0) }).first
        else { return nil }
        let prefix = optional(.aliasPrefix)?.lowercased()
        var aliases: [String] = []
        if let aliasAttribute = optional(.aliasAttribute) {
            for value in entry.strings(aliasAttribute) {
                if let prefix {
                    guard value.lowercased().hasPrefix(prefix) else { continue }
                    aliases.append(String(value.dropFirst(prefix.count)))
                } else {
                    aliases.append(value)
                }
            }
        }
        let primary = entry.string(optional(.emailAttribute))
        aliases.removeAll { $0.lowercased() == primary?.lowercased() }
        let unit = Int64(self[.quotaUnitBytes]) ?? 1
        let quota = Quota(
            overridesDefault: isTrue(entry.string(optional(.quotaOverrideAttribute))),
            warnBytes: entry.integer(optional(.quotaWarnAttribute)).map { $0 * unit },
            softBytes: entry.integer(optional(.quotaSoftAttribute)).map { $0 * unit },
            hardBytes: entry.integer(optional(.quotaHardAttribute)).map { $0 * unit })
        return DirectoryUser(
            id: id, login: login, displayName: entry.string(optional(.displayNameAttribute)) ?? login,
            primaryAddress: primary, aliases: aliases, status: status(of: entry),
            adminLevel: adminLevel(of: entry), homeServer: entry.string(optional(.homeServerAttribute)),
            quota: quota, changeMarker: entry.string(optional(.changeAttribute)),
            passwordChangedAt: passwordChangedAt(of: entry))
    }

    /// ``DirectoryUser/passwordChangedAt`` from ``Key/passwordChangedAttribute``; nil when absent
    /// or unreadable.
    func passwordChangedAt(of entry: LDAPEntry) -> Date? {
        guard let value = entry.string(optional(.passwordChangedAttribute)) else { return nil }
        return self[.passwordChangedFormat] == "filetime" ? LDAPTime.fileTime(value) : LDAPTime.generalizedTime(value)
    }

    /// Whether the entry's account may log on, from `userAccountControl`, the enabled attribute
    /// and the shared-store flag, in that order.
    func status(of entry: LDAPEntry) -> AccountStatus {
        if let uac = entry.integer(optional(.userAccountControlAttribute)),
           let reason = UserAccountControl(rawValue: UInt32(truncatingIfNeeded: uac)).inactiveReason {
            return .inactive(reason)
        }
        if let attribute = optional(.enabledAttribute), let value = entry.string(attribute) {
            let enabled = list(.enabledValues).map { $0.lowercased() }
            if !enabled.contains(value.lowercased()) { return .inactive(.disabled) }
        }
        if isTrue(entry.string(optional(.sharedStoreAttribute))) { return .inactive(.sharedStore) }
        return .active
    }

    private func adminLevel(of entry: LDAPEntry) -> AdminLevel {
        guard let value = entry.string(optional(.adminAttribute)) else { return .none }
        if let number = Int(value) { return AdminLevel(rawValue: min(max(number, 0), 2)) ?? .none }
        return isTrue(value) ? .companyAdmin : .none
    }

    /// The group described by `entry`; nil without id or name.
    func group(from entry: LDAPEntry) -> DirectoryGroup? {
        guard let id = id(of: entry, attribute: .groupIDAttribute),
              let name = entry.string(optional(.groupNameAttribute)) else { return nil }
        return DirectoryGroup(
            id: id, name: name, address: entry.string(optional(.groupEmailAttribute)),
            changeMarker: entry.string(optional(.changeAttribute)))
    }

    /// The server object described by `entry`; nil without a name.
    func server(from entry: LDAPEntry) -> DirectoryServer? {
        guard let name = entry.string(optional(.serverNameAttribute)) else { return nil }
        return DirectoryServer(
            name: name, address: entry.string(optional(.serverAddressAttribute)),
            httpPort: entry.integer(optional(.serverHTTPPortAttribute)).map { Int($0) },
            sslPort: entry.integer(optional(.serverSSLPortAttribute)).map { Int($0) },
            filePath: entry.string(optional(.serverFilePathAttribute)),
            proxyURL: entry.string(optional(.serverProxyURLAttribute)),
            containsPublicStore: isTrue(entry.string(optional(.serverContainsPublicAttribute))))
    }

    /// The company described by `entry`; nil without id or name.
    func company(from entry: LDAPEntry) -> Company? {
        guard let idText = entry.string(optional(.companyIDAttribute)), let id = DirectoryID(idText),
              let name = entry.string(optional(.companyNameAttribute)) else { return nil }
        return Company(id: id, name: name, homeServer: entry.string(optional(.companyServerAttribute)))
    }

    /// The filter part that selects objects changed since `cursor`; nil without change tracking.
    func changedSinceFilter(_ cursor: ChangeCursor?) -> LDAPFilter? {
        guard let cursor, let attribute = optional(.changeAttribute) else { return nil }
        if self[.changeFormat] == "number", let number = Int64(cursor.token) {
            return .greaterOrEqual(attribute, String(number + 1))
        }
        return .greaterOrEqual(attribute, cursor.token)
    }

    /// The cursor after a listing whose objects had `markers`: the highest marker, or the old
    /// cursor when nothing changed; nil without change tracking.
    func nextCursor(after cursor: ChangeCursor?, markers: [String]) -> ChangeCursor? {
        guard optional(.changeAttribute) != nil else { return nil }
        let highest: String?
        if self[.changeFormat] == "number" {
            highest = markers.compactMap { Int64($0) }.max().map(String.init)
        } else {
            highest = markers.max()  // generalized time in UTC ("…Z") sorts as text
        }
        return highest.map(ChangeCursor.init) ?? cursor
    }

    private func isTrue(_ value: String?) -> Bool {
        guard let value = value?.lowercased() else { return false }
        return value == "1" || value == "true" || value == "yes"
    }

    private func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}
