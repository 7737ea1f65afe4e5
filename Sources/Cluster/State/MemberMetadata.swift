/// What a member tells the cluster about itself besides liveness.
///
/// Gossiped in the *metadata* broadcast class with its own version counter (higher version
/// wins), so a health change never competes with liveness messages for packet space. The
/// encoded form is capped at ``MemberMetadata/maximumEncodedSize`` so it always fits one
/// datagram with room to spare.
public struct MemberMetadata: Sendable, Hashable {
    /// Largest encoded size accepted (bytes), like memberlist's 512-byte node meta limit.
    public static let maximumEncodedSize = 512

    /// The configured member name (its ``MemberID`` is derived from it).
    public var name: String
    /// Node or router.
    public var role: MemberRole
    /// Where clients and routers reach the member's SOAP service (`https://host:port/soap`).
    public var soapEndpoint: String
    /// Servers whose databases this member can reach (failover candidates).
    public var serversReachable: [String]
    /// Current health.
    public var health: MemberHealth
    /// Software version, for rolling upgrades.
    public var version: String

    /// Metadata with every field given.
    public init(
        name: String, role: MemberRole, soapEndpoint: String = "", serversReachable: [String] = [],
        health: MemberHealth = MemberHealth(), version: String = ""
    ) {
        self.name = name; self.role = role; self.soapEndpoint = soapEndpoint
        self.serversReachable = serversReachable; self.health = health; self.version = version
    }
}

/// A member's self-reported health.
public struct MemberHealth: Sendable, Hashable {
    /// Ready to serve requests.
    public var ready: Bool
    /// Load in per-mille of capacity (0…1000, higher is busier; values above 1000 mean overload).
    public var load: UInt16
    /// Its databases answered the last health check.
    public var databaseOK: Bool

    /// Health with every field given (defaults: ready, idle, database ok).
    public init(ready: Bool = true, load: UInt16 = 0, databaseOK: Bool = true) {
        self.ready = ready; self.load = load; self.databaseOK = databaseOK
    }
}

/// Metadata with the version it was published under.
public struct VersionedMetadata: Sendable, Hashable {
    /// The publisher's metadata version; higher wins.
    public var version: UInt32
    /// The metadata.
    public var metadata: MemberMetadata

    /// Metadata at `version`.
    public init(version: UInt32, metadata: MemberMetadata) {
        self.version = version; self.metadata = metadata
    }
}
