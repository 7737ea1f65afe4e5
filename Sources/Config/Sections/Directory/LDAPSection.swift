import Directory

/// `[directory.ldap]` and `[directory.ldap.attributes]` → ``LDAPConfiguration``, key for key
/// as docs/directory.md documents them.
enum LDAPSection {
    static let schema = TableSchema(
        "LDAP directory: OpenLDAP, an existing Kopano tree or Active Directory, by preset.",
        keys: [
            KeySpec("preset", .choice(LDAPPreset.allCases.map(\.rawValue)), .defaulted(.string("openldap")), "Attribute map to start from: `openldap`, `kopano` or `ad`."),
            KeySpec("uris", .array(.string, count: 1...32), .required, "Server URIs (`ldap://`, `ldaps://`, `ldapi://`), tried in order; the pool fails over to the next."),
            KeySpec("tls", .choice(["none", "startTLS"]), .defaulted(.string("none")), "StartTLS for `ldap://` URIs (`ldaps://` is TLS by its scheme)."),
            KeySpec("ca_file", .readableFile, .computed("the system's CAs"), "PEM file of the CAs that sign the server certificate; certificate and host name are always checked."),
            KeySpec("base_dn", .distinguishedName, .required, "Search base of everything."),
            KeySpec("user_base_dn", .distinguishedName, .computed("`base_dn`"), "Search base of users."),
            KeySpec("group_base_dn", .distinguishedName, .computed("`base_dn`"), "Search base of groups."),
            KeySpec("server_base_dn", .distinguishedName, .computed("`base_dn`"), "Search base of server objects."),
            KeySpec("company_base_dn", .distinguishedName, .computed("`base_dn`"), "Search base of companies (hosted mode)."),
            KeySpec("bind", .choice(["anonymous", "simple", "sasl-external"]), .defaulted(.string("anonymous")), "How the service connections authenticate."),
            KeySpec("bind_dn", .distinguishedName, .computed("required with `bind = \"simple\"`"), "DN of the service account."),
            KeySpec("bind_password", .secret, .computed("required with `bind = \"simple\"`"), "Password of the service account; better `bind_password_file`."),
            KeySpec("network_timeout", .duration(0.1...300), .defaulted(.integer(3)), "Connect timeout per URI before the next is tried."),
            KeySpec("operation_timeout", .duration(0.1...3_600), .defaulted(.integer(10)), "Timeout of one bind or search page."),
            KeySpec("page_size", .integer(1...100_000), .defaulted(.integer(500)), "Entries per page of paged results (AD's MaxPageSize is 1000)."),
            KeySpec("max_connections", .integer(1...256), .defaulted(.integer(4)), "Service (search) connections."),
            KeySpec("max_auth_connections", .integer(1...256), .defaulted(.integer(4)), "Connections for user binds (logons), kept apart from searches."),
            KeySpec("member_range_size", .integer(1...100_000), .computed("ranges only when the server starts them"), "Read large groups' members in ranges of this many (`member;range=…`)."),
            KeySpec("attributes", .table(attributesSchema), .optional, "Overrides of the preset's attribute map, by key."),
        ])

    static let attributesSchema = TableSchema(
        "Overrides of the preset's attribute map.",
        keys: LDAPAttributeMap.Key.allCases.map { KeySpec($0.rawValue, .string, .optional, "The attribute map's \($0.rawValue).") },
        keyListSummary: "Any key of the attribute map by its name (camelCase, as in docs/directory.md: `homeServerAttribute`, `userFilter`, `loginAttributes`, …); an empty value switches an optional feature off.")

    static func configuration(_ reader: SectionReader) -> LDAPConfiguration? {
        let bind = serviceBind(reader)
        guard let presetName = reader.string("preset"), let preset = LDAPPreset(rawValue: presetName),
              let uris = reader.strings("uris"), let baseDN = reader.string("base_dn"),
              let tlsName = reader.string("tls"), let tls = LDAPConfiguration.TLS(rawValue: tlsName),
              let networkTimeout = reader.seconds("network_timeout"), let operationTimeout = reader.seconds("operation_timeout"),
              let pageSize = reader.int("page_size"), let connections = reader.int("max_connections"),
              let authConnections = reader.int("max_auth_connections")
        else { return nil }
        for uri in uris where !["ldap://", "ldaps://", "ldapi://"].contains(where: { uri.lowercased().hasPrefix($0) }) {
            reader.report(.invalidValue, "uris", "\(uri) is not an ldap://, ldaps:// or ldapi:// URI")
            return nil
        }
        var overrides: [String: String] = [:]
        if let attributes = reader.section("attributes") {
            for key in LDAPAttributeMap.Key.allCases { overrides[key.rawValue] = attributes.string(key.rawValue) }
        }
        guard let bind else { return nil }
        var configuration: LDAPConfiguration
        do {
            configuration = try LDAPConfiguration(
                preset: preset, uris: uris, baseDN: baseDN, bind: bind, tls: tls, caFile: reader.string("ca_file"),
                attributeOverrides: overrides)
            _ = try configuration.attributes.validated()
        } catch {
            reader.report(.invalidValue, reader.section("attributes") == nil ? "preset" : "attributes", error.message)
            return nil
        }
        configuration.userBaseDN = reader.string("user_base_dn")
        configuration.groupBaseDN = reader.string("group_base_dn")
        configuration.serverBaseDN = reader.string("server_base_dn")
        configuration.companyBaseDN = reader.string("company_base_dn")
        configuration.networkTimeout = networkTimeout
        configuration.operationTimeout = operationTimeout
        configuration.pageSize = pageSize
        configuration.maximumConnections = connections
        configuration.maximumAuthenticationConnections = authConnections
        configuration.memberRangeSize = reader.int("member_range_size")
        return configuration
    }

    /// `bind` with the keys it needs; reports a DN or password given where they mean nothing.
    private static func serviceBind(_ reader: SectionReader) -> LDAPConfiguration.ServiceBind? {
        guard let kind = reader.string("bind") else { return nil }
        guard kind == "simple" else {
            for key in ["bind_dn", "bind_password"] where reader.isSet(key) {
                reader.report(.conflict, key, "only used with bind = \"simple\" (bind is \"\(kind)\")")
            }
            return kind == "anonymous" ? .anonymous : .saslExternal
        }
        let dn = reader.string("bind_dn"), password = reader.secret("bind_password")
        if !reader.isSet("bind_dn") { reader.report(.missing, "bind_dn", "missing: bind = \"simple\" needs bind_dn") }
        if !reader.isSet("bind_password") {
            reader.report(.missing, "bind_password", "missing: bind = \"simple\" needs bind_password or bind_password_file")
        } else if password?.value.isEmpty == true {
            reader.report(.invalidValue, "bind_password", "the service bind password is empty")
            return nil
        }
        guard let dn, let password else { return nil }
        return .simple(dn: dn, password: password.value)
    }
}
