/// The identity of a cluster member: a stable 64-bit hash of its configured name.
///
/// Members are named by operators (`node-a`, `router-1`); the wire and the member table carry
/// only this 8-byte id. A process that restarts under the same name is the same member and
/// refutes its old death with a higher incarnation.
public struct MemberID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The raw 64-bit id.
    public var rawValue: UInt64

    /// An id from its raw value (wire decoding, simulator).
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The id of the member called `name` (FNV-1a of its UTF-8 bytes, then mixed).
    public init(name: String) { rawValue = ClusterMath.mix(ClusterMath.fnv1a(name.utf8)) }

    public static func < (lhs: MemberID, rhs: MemberID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        let hex = String(rawValue, radix: 16)
        return "m" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Where a member receives datagrams and streams: an IPv4 or IPv6 address and a port.
///
/// Stored as two 64-bit halves of the IPv6 form (IPv4 is mapped as `::ffff:a.b.c.d`) so it is
/// a small fixed-size value; the member table of a 10,000-member cluster stays compact.
public struct MemberAddress: Hashable, Sendable, CustomStringConvertible {
    /// Upper 64 bits of the IPv6 (or mapped IPv4) address.
    public var high: UInt64
    /// Lower 64 bits of the IPv6 (or mapped IPv4) address.
    public var low: UInt64
    /// UDP and TCP port.
    public var port: UInt16

    /// An address from its raw halves.
    public init(high: UInt64, low: UInt64, port: UInt16) {
        self.high = high; self.low = low; self.port = port
    }

    /// An IPv4 address `a.b.c.d` given as a 32-bit value (`a` in the top byte).
    public init(ipv4: UInt32, port: UInt16) {
        self.init(high: 0, low: 0x0000_FFFF_0000_0000 | UInt64(ipv4), port: port)
    }

    /// An IPv6 address from its 16 bytes.
    public init?(ipv6 bytes: [UInt8], port: UInt16) {
        guard bytes.count == 16 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<8 { h = h << 8 | UInt64(bytes[i]) }
        for i in 8..<16 { l = l << 8 | UInt64(bytes[i]) }
        self.init(high: h, low: l, port: port)
    }

    /// Parses `a.b.c.d:port` or `[v6]:port` (hexadecimal groups, `::` allowed).
    public init?(_ text: String) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":"),
                  let port = UInt16(text[text.index(close, offsetBy: 2)...]),
                  let bytes = MemberAddress.parseIPv6(String(text[text.index(after: text.startIndex)..<close]))
            else { return nil }
            self.init(ipv6: bytes, port: port)
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let port = UInt16(parts[1]), let v4 = MemberAddress.parseIPv4(String(parts[0]))
            else { return nil }
            self.init(ipv4: v4, port: port)
        }
    }

    /// Whether this is an IPv4-mapped address.
    public var isIPv4: Bool { high == 0 && low >> 32 == 0x0000_FFFF }

    /// The IPv4 address as a 32-bit value, if this is one.
    public var ipv4: UInt32? { isIPv4 ? UInt32(truncatingIfNeeded: low) : nil }

    /// The 16 bytes of the IPv6 form.
    public var ipv6Bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
    }

    /// The host part as text (`10.0.0.1` or hexadecimal IPv6 groups).
    public var host: String {
        if let v4 = ipv4 { return "\(v4 >> 24).\(v4 >> 16 & 0xFF).\(v4 >> 8 & 0xFF).\(v4 & 0xFF)" }
        let b = ipv6Bytes
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }

    public var description: String { isIPv4 ? "\(host):\(port)" : "[\(host)]:\(port)" }

    /// Parses dotted-quad IPv4 text.
    public static func parseIPv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for o in octets {
            guard let b = UInt8(o) else { return nil }
            value = value << 8 | UInt32(b)
        }
        return value
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedByDoubleColon: ())
        func groups(_ s: Substring) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        var all: [UInt16]
        switch halves.count {
        case 1:
            guard let g = groups(halves[0]), g.count == 8 else { return nil }
            all = g
        case 2:
            guard let a = groups(halves[0]), let b = groups(halves[1]), a.count + b.count < 8 else { return nil }
            all = a + Array(repeating: 0, count: 8 - a.count - b.count) + b
        default:
            return nil
        }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

extension String {
    fileprivate func components(separatedByDoubleColon _: ()) -> [Substring] {
        var parts: [Substring] = []
        var start = startIndex
        var i = startIndex
        while i < endIndex {
            let next = index(after: i)
            if self[i] == ":", next < endIndex, self[next] == ":" {
                parts.append(self[start..<i])
                start = index(after: next)
                i = start
                continue
            }
            i = next
        }
        parts.append(self[start...])
        return parts
    }
}

/// What a member does in the cluster.
public enum MemberRole: UInt8, Sendable, Hashable, CaseIterable {
    /// A storage node: serves servers' stores.
    case node = 0
    /// A stateless router: forwards clients to nodes; receives health and ownership pushes.
    case router = 1
}

/// A member's liveness as seen by one observer.
///
/// Ordering for one incarnation follows SWIM: alive(i) < suspect(i) < alive(i+1); dead and
/// left override alive and suspect of the same or lower incarnation.
public enum MemberStatus: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Answering probes.
    case alive = 0
    /// Failed a probe round; dies unless it refutes before the suspicion timeout.
    case suspect = 1
    /// Declared failed. Re-probed now and then so a healed partition rejoins.
    case dead = 2
    /// Left gracefully; never re-probed.
    case left = 3

    /// Alive or suspect: still a member whose probes matter.
    public var isActive: Bool { self == .alive || self == .suspect }

    public var description: String {
        switch self {
        case .alive: "alive"
        case .suspect: "suspect"
        case .dead: "dead"
        case .left: "left"
        }
    }
}
