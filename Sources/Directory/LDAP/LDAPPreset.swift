/// The named attribute maps: where users, groups and servers live in common directory layouts.
public enum LDAPPreset: String, CaseIterable, Sendable {
    /// OpenLDAP with `inetOrgPerson` users, `groupOfNames` groups, `entryUUID` ids and Tessera's
    /// own schema (`deploy/ldap/tessera.schema`) for home server, account state, admin, aliases,
    /// quota and server objects.
    case openldap
    /// An existing Kopano tree read unchanged: `kopano-user`, `kopanoUserServer`,
    /// `kopanoAccount`, `kopanoAdmin`, `kopanoAliases`, `kopanoSharedStoreOnly`, quotas in MiB,
    /// `kopano-server` objects; `uidNumber`/`gidNumber` ids as Kopano uses them.
    case kopano
    /// Active Directory: `sAMAccountName` or `userPrincipalName` logins, binary `objectGUID` ids,
    /// `userAccountControl`, `proxyAddresses` aliases, `uSNChanged` change tracking.
    case ad

    /// The preset's map.
    public var attributeMap: LDAPAttributeMap {
        switch self {
        case .openldap: LDAPAttributeMap(Self.common.merging(Self.openldapValues) { $1 })
        case .kopano: LDAPAttributeMap(Self.common.merging(Self.kopanoValues) { $1 })
        case .ad: LDAPAttributeMap(Self.common.merging(Self.adValues) { $1 })
        }
    }

    private static let common: [LDAPAttributeMap.Key: String] = [
        .uniqueIDFormat: "text", .memberFormat: "dn", .changeFormat: "timestamp", .quotaUnitBytes: "1",
        .displayNameAttribute: "cn", .emailAttribute: "mail", .groupNameAttribute: "cn",
        .groupEmailAttribute: "mail", .memberAttribute: "member", .serverNameAttribute: "cn",
        .changeAttribute: "modifyTimestamp", .enabledValues: "TRUE,1",
        // Maintained by the ppolicy overlay (slapd.conf `overlay ppolicy`); absent without it.
        .passwordChangedAttribute: "pwdChangedTime", .passwordChangedFormat: "timestamp",
    ]

    private static let openldapValues: [LDAPAttributeMap.Key: String] = [
        .userFilter: "(objectClass=inetOrgPerson)",
        .loginAttributes: "uid",
        .uniqueIDAttribute: "entryUUID",
        .aliasAttribute: "tesseraAlias",
        .enabledAttribute: "tesseraAccountEnabled",
        .sharedStoreAttribute: "tesseraSharedStore",
        .adminAttribute: "tesseraAdmin",
        .homeServerAttribute: "tesseraHomeServer",
        .quotaOverrideAttribute: "tesseraQuotaOverride",
        .quotaWarnAttribute: "tesseraQuotaWarn",
        .quotaSoftAttribute: "tesseraQuotaSoft",
        .quotaHardAttribute: "tesseraQuotaHard",
        .groupFilter: "(objectClass=groupOfNames)",
        .groupIDAttribute: "entryUUID",
        .serverFilter: "(objectClass=tesseraServer)",
        .serverAddressAttribute: "tesseraServerAddress",
        .serverHTTPPortAttribute: "tesseraHttpPort",
        .serverSSLPortAttribute: "tesseraSslPort",
        .serverFilePathAttribute: "tesseraFilePath",
        .serverProxyURLAttribute: "tesseraProxyURL",
        .serverContainsPublicAttribute: "tesseraContainsPublic",
    ]

    private static let kopanoValues: [LDAPAttributeMap.Key: String] = [
        .userFilter: "(objectClass=kopano-user)",
        .loginAttributes: "uid",
        .uniqueIDAttribute: "uidNumber",
        .aliasAttribute: "kopanoAliases",
        .enabledAttribute: "kopanoAccount",
        .enabledValues: "1",
        .sharedStoreAttribute: "kopanoSharedStoreOnly",
        .adminAttribute: "kopanoAdmin",
        .homeServerAttribute: "kopanoUserServer",
        .quotaOverrideAttribute: "kopanoQuotaOverride",
        .quotaWarnAttribute: "kopanoQuotaWarn",
        .quotaSoftAttribute: "kopanoQuotaSoft",
        .quotaHardAttribute: "kopanoQuotaHard",
        .quotaUnitBytes: "1048576",
        .groupFilter: "(objectClass=kopano-group)",
        .groupIDAttribute: "gidNumber",
        .memberAttribute: "memberUid",
        .memberFormat: "login",
        .serverFilter: "(objectClass=kopano-server)",
        .serverAddressAttribute: "ipHostNumber",
        .serverHTTPPortAttribute: "kopanoHttpPort",
        .serverSSLPortAttribute: "kopanoSslPort",
        .serverFilePathAttribute: "kopanoFilePath",
        .serverProxyURLAttribute: "kopanoProxyURL",
        .serverContainsPublicAttribute: "kopanoContainsPublic",
        .companyIDAttribute: "ou",
        .companyNameAttribute: "ou",
        .companyServerAttribute: "kopanoCompanyServer",
    ]

    private static let adValues: [LDAPAttributeMap.Key: String] = [
        .userFilter: "(&(objectCategory=person)(objectClass=user))",
        .loginAttributes: "sAMAccountName,userPrincipalName",
        .uniqueIDAttribute: "objectGUID",
        .uniqueIDFormat: "guid",
        .displayNameAttribute: "displayName",
        .aliasAttribute: "proxyAddresses",
        .aliasPrefix: "smtp:",
        .enabledAttribute: "",
        .userAccountControlAttribute: "userAccountControl",
        .homeServerAttribute: "tesseraHomeServer",
        .groupFilter: "(objectClass=group)",
        .groupIDAttribute: "objectGUID",
        .groupNameAttribute: "sAMAccountName",
        .memberOfAttribute: "memberOf",
        .serverFilter: "(objectClass=tesseraServer)",
        .serverAddressAttribute: "tesseraServerAddress",
        .serverHTTPPortAttribute: "tesseraHttpPort",
        .serverSSLPortAttribute: "tesseraSslPort",
        .serverFilePathAttribute: "tesseraFilePath",
        .serverProxyURLAttribute: "tesseraProxyURL",
        .serverContainsPublicAttribute: "tesseraContainsPublic",
        .changeAttribute: "uSNChanged",
        .changeFormat: "number",
        .passwordChangedAttribute: "pwdLastSet",
        .passwordChangedFormat: "filetime",
    ]
}
