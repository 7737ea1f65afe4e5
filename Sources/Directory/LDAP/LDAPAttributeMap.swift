/// Which LDAP attributes and filters describe users, groups, servers and companies: a preset
/// (``openldap``, ``kopano``, ``ad``) with any key overridden by name.
///
/// The map is a dictionary of ``Key`` to text so that a configuration file can override one key
/// without restating the rest (`ldap.attributes.homeServerAttribute = "mailHost"`). An empty
/// value switches an optional feature off. ``validated()`` checks every attribute name and
/// filter before the directory uses them.
public struct LDAPAttributeMap: Hashable, Sendable {
    /// The keys of the map; the raw value is the name used in configuration files.
    public enum Key: String, CaseIterable, Hashable, Sendable {
        /// Filter selecting user entries.
        case userFilter
        /// Attributes a login name is matched against, comma-separated.
        case loginAttributes
        /// The attribute that holds the stable unique id.
        case uniqueIDAttribute
        /// `text` or `guid` (binary 16-byte GUIDs such as AD's `objectGUID`).
        case uniqueIDFormat
        /// Full name.
        case displayNameAttribute
        /// Primary e-mail address.
        case emailAttribute
        /// Further addresses.
        case aliasAttribute
        /// Prefix stripped from alias values and added when searching (AD `proxyAddresses`: `smtp:`).
        case aliasPrefix
        /// Attribute that says whether the account is enabled; absent attribute = enabled.
        case enabledAttribute
        /// Values of ``enabledAttribute`` that mean enabled, comma-separated, case-insensitive.
        case enabledValues
        /// Attribute whose true value (`1`/`TRUE`) marks a shared store nobody logs on to.
        case sharedStoreAttribute
        /// Admin level (`0`, `1`, `2`; `TRUE` = 1).
        case adminAttribute
        /// The name of the user's home server.
        case homeServerAttribute
        /// Quota attributes: override flag, warn, soft and hard limit.
        case quotaOverrideAttribute, quotaWarnAttribute, quotaSoftAttribute, quotaHardAttribute
        /// Bytes per unit of the quota attributes (Kopano stores MiB: 1048576).
        case quotaUnitBytes
        /// AD's `userAccountControl` (disabled, locked, expired bits).
        case userAccountControlAttribute
        /// Filter selecting group entries.
        case groupFilter
        /// Unique id of groups (same format as users).
        case groupIDAttribute
        /// Group name.
        case groupNameAttribute
        /// Group e-mail address.
        case groupEmailAttribute
        /// Attribute listing members.
        case memberAttribute
        /// `dn` (member holds DNs, nested groups possible) or `login` (`memberUid`).
        case memberFormat
        /// Attribute on user entries naming the groups the user is directly in, by DN (AD's
        /// `memberOf`); empty = found by searching the groups' ``memberAttribute``. With it,
        /// listings never read the groups' (possibly huge, range-retrieved) member lists.
        case memberOfAttribute
        /// Filter selecting server objects.
        case serverFilter
        /// Server attributes: name, address, HTTP port, SSL port, socket path, proxy URL, public-store flag.
        case serverNameAttribute, serverAddressAttribute, serverHTTPPortAttribute, serverSSLPortAttribute
        case serverFilePathAttribute, serverProxyURLAttribute, serverContainsPublicAttribute
        /// Filter selecting companies; empty = no companies. Users and groups belong to the
        /// company entry their DN lies under.
        case companyFilter
        /// Company attributes: unique id, name, server of its public store.
        case companyIDAttribute, companyNameAttribute, companyServerAttribute
        /// Change tracking attribute (`modifyTimestamp`, `uSNChanged`); empty = none.
        case changeAttribute
        /// `timestamp` (generalized time) or `number`.
        case changeFormat
        /// When the password was last set (OpenLDAP ppolicy `pwdChangedTime`, AD `pwdLastSet`);
        /// empty = unknown. Operational attributes such as `pwdChangedTime` are requested by name.
        case passwordChangedAttribute
        /// `timestamp` (generalized time) or `filetime` (100 ns since 1601, 0 = must change).
        case passwordChangedFormat
    }

    /// The values.
    public private(set) var values: [Key: String]

    /// A map of exactly these values (missing keys are empty).
    public init(_ values: [Key: String]) { self.values = values }

    /// The value of `key` ("" when unset).
    public subscript(_ key: Key) -> String {
        get { values[key] ?? "" }
        set { values[key] = newValue }
    }

    /// This map with `overrides` applied; keys are the ``Key`` raw values. Unknown keys are an error.
    public func overriding(_ overrides: [String: String]) throws(DirectoryError) -> LDAPAttributeMap {
        var copy = self
        for (name, value) in overrides {
            guard let key = Key(rawValue: name) else {
                throw DirectoryError(.configuration, "unknown LDAP attribute map key \(name)")
            }
            copy[key] = value
        }
        return copy
    }

    /// The value of `key`, nil when empty.
    func optional(_ key: Key) -> String? {
        let value = self[key].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    /// A comma-separated value as a list.
    func list(_ key: Key) -> [String] {
        self[key].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Checks every attribute name and filter; returns the map unchanged.
    public func validated() throws(DirectoryError) -> LDAPAttributeMap {
        for key in [Key.userFilter, .groupFilter, .serverFilter] {
            _ = try LDAPFilter.validated(self[key])
        }
        if let companyFilter = optional(.companyFilter) { _ = try LDAPFilter.validated(companyFilter) }
        for key in [Key.uniqueIDAttribute, .groupIDAttribute, .groupNameAttribute, .memberAttribute, .serverNameAttribute] {
            guard optional(key) != nil else { throw DirectoryError(.configuration, "LDAP attribute map: \(key.rawValue) is required") }
        }
        guard !list(.loginAttributes).isEmpty else {
            throw DirectoryError(.configuration, "LDAP attribute map: loginAttributes is required")
        }
        let attributeKeys: [Key] = Key.allCases.filter { $0.rawValue.hasSuffix("Attribute") || $0 == .loginAttributes }
        for key in attributeKeys {
            for name in list(key) where !LDAPFilter.isValidAttribute(name) {
                throw DirectoryError(.configuration, "LDAP attribute map: \(key.rawValue) = \(name) is not an attribute name")
            }
        }
        guard ["text", "guid"].contains(self[.uniqueIDFormat]) else {
            throw DirectoryError(.configuration, "LDAP attribute map: uniqueIDFormat must be text or guid")
        }
        guard ["dn", "login"].contains(self[.memberFormat]) else {
            throw DirectoryError(.configuration, "LDAP attribute map: memberFormat must be dn or login")
        }
        guard ["timestamp", "number"].contains(self[.changeFormat]) else {
            throw DirectoryError(.configuration, "LDAP attribute map: changeFormat must be timestamp or number")
        }
        guard ["timestamp", "filetime"].contains(self[.passwordChangedFormat]) else {
            throw DirectoryError(.configuration, "LDAP attribute map: passwordChangedFormat must be timestamp or filetime")
        }
        guard let unit = Int64(self[.quotaUnitBytes]), unit > 0 else {
            throw DirectoryError(.configuration, "LDAP attribute map: quotaUnitBytes must be a positive integer")
        }
        return self
    }
}

import Foundation
