/// Rejects replayed datagrams: every sealed datagram carries the sender's 64-bit sequence
/// (starting at its boot time in microseconds, so it keeps rising across restarts); the
/// receiver keeps, per sender, the highest sequence seen and a 64-entry bitmap below it
/// (IPsec's anti-replay window, RFC 4303 §3.4.3). Reordering within the window is accepted;
/// duplicates and anything older are dropped.
public struct ReplayWindow: Sendable {
    private var highest: [MemberID: UInt64] = [:]
    private var seen: [MemberID: UInt64] = [:]
    /// Window width in sequences.
    public static let width: UInt64 = 64

    /// An empty window.
    public init() {}

    /// Records `sequence` from `sender`; `false` if it is a replay or too old.
    public mutating func accept(_ sequence: UInt64, from sender: MemberID) -> Bool {
        guard let top = highest[sender] else {
            highest[sender] = sequence; seen[sender] = 1
            return true
        }
        if sequence > top {
            let shift = sequence - top
            seen[sender] = shift >= Self.width ? 1 : (seen[sender]! << shift) | 1
            highest[sender] = sequence
            return true
        }
        let offset = top - sequence
        guard offset < Self.width else { return false }
        let bit: UInt64 = 1 << offset
        if seen[sender]! & bit != 0 { return false }
        seen[sender]! |= bit
        return true
    }

    /// Forgets a member (after it is reaped).
    public mutating func forget(_ sender: MemberID) { highest[sender] = nil; seen[sender] = nil }
}

/// The datagram framing between the machine's packets and the keyring.
///
/// Plaintext: `sequence u64 | packet` (see ``WireCodec``); sealed by ``ClusterKeyring``. With
/// the keyring's 29 bytes this is the 37 bytes of
/// ``MembershipConfiguration/datagramOverhead``.
public enum DatagramFrame {
    /// Why an inbound datagram was dropped.
    public enum Drop: String, Sendable, Hashable, CaseIterable {
        /// Larger than the datagram limit.
        case oversize
        /// No key authenticates it (wrong key, tampered, truncated).
        case undecryptable
        /// Authenticated but not a valid packet.
        case malformed
        /// A sequence already seen (or older than the window).
        case replayed
        /// Our own packet echoed back.
        case ownPacket
    }

    /// Seals a packet under `sequence`.
    public static func seal(_ packet: Packet, sequence: UInt64, keyring: ClusterKeyring) throws -> [UInt8] {
        var w = ByteWriter(capacity: WireCodec.encodedSize(of: packet) + 8)
        w.u64(sequence)
        w.raw(WireCodec.encode(packet))
        return try keyring.seal(w.bytes)
    }

    /// Opens and checks a datagram; returns the packet or why it was dropped.
    public static func open(
        _ datagram: [UInt8], keyring: ClusterKeyring, replay: inout ReplayWindow, localID: MemberID, maximumSize: Int
    ) -> Result<Packet, DropReason> {
        guard datagram.count <= maximumSize else { return .failure(DropReason(.oversize)) }
        guard let plain = keyring.open(datagram) else { return .failure(DropReason(.undecryptable)) }
        var r = ByteReader(plain)
        guard let sequence = try? r.u64("sequence") else { return .failure(DropReason(.malformed)) }
        let packet: Packet
        do { packet = try WireCodec.decodePacket(Array(plain[8...])) } catch { return .failure(DropReason(.malformed, error)) }
        guard packet.sender != localID else { return .failure(DropReason(.ownPacket)) }
        guard replay.accept(sequence, from: packet.sender) else { return .failure(DropReason(.replayed)) }
        return .success(packet)
    }

    /// A drop with its reason (and the codec error for malformed input).
    public struct DropReason: Error, Sendable, Hashable {
        /// The reason.
        public var drop: Drop
        /// The decoding error, for malformed packets.
        public var wireError: WireError?
        init(_ drop: Drop, _ error: WireError? = nil) { self.drop = drop; self.wireError = error }
    }
}
