import Directory

/// `[directory.cache]` → ``DirectoryCachePolicy``.
enum DirectoryCacheSection {
    static let schema = TableSchema(
        "The cache in front of the directory backend (also answers stale while the backend is down).",
        keys: [
            KeySpec("ttl", .duration(0...86_400), .defaulted(.integer(300)), "How long a found object is served without asking the backend."),
            KeySpec("negative_ttl", .duration(0...86_400), .defaulted(.integer(60)), "How long a \"no such user\" is served."),
            KeySpec("stale_ttl", .duration(0...(7 * 86_400)), .defaulted(.integer(3_600)), "How long past `ttl` an answer may be served while the backend is unreachable; 0 = never stale."),
            KeySpec("max_entries", .integer(0...100_000_000), .defaulted(.integer(100_000)), "Most cached keys; the oldest go first."),
            KeySpec("stale_authentication", .boolean, .defaulted(.boolean(false)), "Whether a logon may succeed from memory during an outage (same password within `stale_ttl`)."),
        ])

    static func policy(_ reader: SectionReader) -> DirectoryCachePolicy? {
        guard let ttl = reader.seconds("ttl"), let negative = reader.seconds("negative_ttl"), let stale = reader.seconds("stale_ttl"),
              let entries = reader.int("max_entries"), let staleAuthentication = reader.bool("stale_authentication")
        else { return nil }
        return DirectoryCachePolicy(
            timeToLive: ttl, negativeTimeToLive: negative, staleTimeToLive: stale, maximumEntries: entries,
            staleAuthentication: staleAuthentication)
    }
}
