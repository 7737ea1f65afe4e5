import Directory

/// `[directory.unix]` → ``UnixConfiguration``.
enum UnixSection {
    static let schema = TableSchema(
        "Unix accounts from passwd, group and shadow files.",
        keys: [
            KeySpec("passwd", .path, .defaulted(.string("/etc/passwd")), "passwd file."),
            KeySpec("group", .path, .defaulted(.string("/etc/group")), "group file."),
            KeySpec("shadow", .path, .defaulted(.string("/etc/shadow")), "shadow file; the process must be allowed to read it (group `shadow`)."),
            KeySpec("uid_range", .integerRange(0...4_294_967_294), .defaulted(.array([TOMLNode(.integer(1000)), TOMLNode(.integer(60000))])), "Users are the accounts with a uid in this range."),
            KeySpec("gid_range", .integerRange(0...4_294_967_294), .defaulted(.array([TOMLNode(.integer(1000)), TOMLNode(.integer(60000))])), "Groups are those with a gid in this range."),
            KeySpec("excluded_uids", .array(.integer(0...4_294_967_294), count: 0...10_000), .defaulted(.array([])), "uids inside the range that are still not users."),
            KeySpec("non_login_shells", .array(.path, count: 0...100), .defaulted(.array(["/sbin/nologin", "/usr/sbin/nologin", "/bin/false", "/usr/bin/false"].map { TOMLNode(.string($0)) })),
                    "Shells that mark an account as having a store but no logon."),
            KeySpec("default_domain", .string, .required, "Mail domain: a user's address is `login@default_domain`."),
            KeySpec("home_server", .name, .optional, "Home server of every user (the files name none)."),
        ])

    static func configuration(_ reader: SectionReader) -> UnixConfiguration? {
        guard let passwd = reader.string("passwd"), let group = reader.string("group"), let shadow = reader.string("shadow"),
              let uids = reader.range("uid_range"), let gids = reader.range("gid_range"),
              let excluded = reader.integers("excluded_uids"), let shells = reader.strings("non_login_shells"),
              let domain = reader.string("default_domain")
        else { return nil }
        guard !domain.isEmpty, !domain.contains("@") else {
            reader.report(.invalidValue, "default_domain", "expected a mail domain such as example.com")
            return nil
        }
        var configuration = UnixConfiguration(defaultDomain: domain, passwdPath: passwd, groupPath: group, shadowPath: shadow)
        configuration.uidRange = uids
        configuration.gidRange = gids
        configuration.excludedUIDs = Set(excluded)
        configuration.nonLoginShells = Set(shells)
        configuration.homeServer = reader.string("home_server")
        return configuration
    }
}
