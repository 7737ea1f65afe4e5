import Cluster

/// `[cluster]`: the gossip membership of a node or router (docs/cluster.md). Builds the
/// ``ClusterServiceConfiguration`` the process runs.
public struct ClusterSection: Sendable {
    /// The address the gossip socket binds (UDP and TCP share the port).
    public var bind: MemberAddress
    /// The address other members reach this one at; nil = ``bind``.
    public var advertise: MemberAddress?
    /// Members to join through.
    public var seeds: [MemberAddress]
    /// AES-GCM keys that seal every packet.
    public var keys: KeyFile
    /// SWIM's probe period; the probe timeouts scale with it (docs/cluster.md).
    public var probeInterval: Duration

    static let schema = TableSchema(
        "Cluster membership: where this process gossips, whom it joins through, and the keys that seal its packets.",
        keys: [
            KeySpec("bind", .ipPort, .defaulted(.string("0.0.0.0:7946")), "IP and port of the gossip protocol (UDP and TCP on the same port); port 0 picks a free one."),
            KeySpec("advertise", .ipPort, .computed("`bind`; required when `bind` is a wildcard address"),
                    "The address other members reach this one at; its port must be the bound port."),
            KeySpec("seeds", .array(.ipPort, count: 0...1_000), .defaulted(.array([])),
                    "Members to join through; any one that answers is enough. Empty on the first member."),
            KeySpec("key_file", .keyFile(.oneOf([16, 24, 32])), .required,
                    "AES-GCM keys, base64, one a line (`tessera cluster keygen`); the first seals, all open."),
            KeySpec("probe_interval", .duration(0.1...10), .defaulted(.string("500ms")),
                    "SWIM's probe period; probe timeouts scale with it. Shorter detects a dead member sooner (failover starts sooner) at the cost of more packets and more false suspicion on a loaded host. Use the same value on every member."),
        ])

    init?(_ reader: SectionReader) {
        guard let bind = reader.memberAddress("bind"), let seeds = reader.strings("seeds"), let keys = reader.keyFile("key_file"),
            let probeInterval = reader.duration("probe_interval")
        else {
            return nil
        }
        self.probeInterval = probeInterval
        let advertise = reader.memberAddress("advertise")
        if advertise == nil && reader.isSet("advertise") { return nil }
        let wildcard = bind.isIPv4 ? bind.ipv4 == 0 : (bind.high == 0 && bind.low == 0)
        if wildcard && advertise == nil {
            reader.report(.missing, "advertise", "required because bind \(bind) is a wildcard address other members cannot reach")
            return nil
        }
        if let advertise {
            if advertise.port != bind.port {
                reader.report(.conflict, "advertise", "port \(advertise.port) differs from the bound port \(bind.port); the cluster service advertises the port it binds")
                return nil
            }
            if !wildcard && advertise.host != bind.host {
                reader.report(.conflict, "advertise", "differs from bind \(bind); set bind to a wildcard address to advertise another address")
                return nil
            }
        }
        self.bind = bind
        self.advertise = advertise
        self.seeds = seeds.compactMap(MemberAddress.init)
        self.keys = keys
    }

    /// The address announced to the cluster.
    public var advertisedAddress: MemberAddress { advertise ?? bind }

    /// The membership service's configuration for this process. The service binds the
    /// advertised address (one address for UDP and TCP).
    public func serviceConfiguration(name: String, role: MemberRole, metadata: MemberMetadata?) -> ClusterServiceConfiguration {
        ClusterServiceConfiguration(
            name: name, role: role, host: advertisedAddress.host, port: Int(bind.port), seeds: seeds,
            keys: keys.rawKeys, membership: membership, metadata: metadata)
    }

    /// Tessera's membership parameters with the probe timings scaled to ``probeInterval``
    /// (the defaults' proportions at 500 ms: direct probe 20 %, relay 40 %, round 90 %).
    var membership: MembershipConfiguration {
        var membership = MembershipConfiguration.tessera
        let probe = probeInterval.components
        let nanoseconds = probe.seconds * 1_000_000_000 + probe.attoseconds / 1_000_000_000
        func share(_ fraction: Double) -> ClusterDuration { ClusterDuration(nanoseconds: Int64(Double(nanoseconds) * fraction)) }
        membership.probeInterval = share(1)
        membership.directProbeTimeout = share(0.2)
        membership.relayTimeout = share(0.4)
        membership.probeRoundTimeout = share(0.9)
        membership.gossipInterval = min(membership.gossipInterval, share(0.4))
        return membership
    }

    /// `bind 10.0.0.5:7946, 2 seeds, 1 key from PATH`.
    var summary: String {
        let advertised = advertise.map { " (advertised \($0))" } ?? ""
        return "bind \(bind)\(advertised), \(seeds.count) seed\(seeds.count == 1 ? "" : "s"), \(keys)"
    }
}
