import Cluster
import Testing

@Suite struct WireCodecTests {
    static let v6 = MemberAddress(ipv6: [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1], port: 9)!
    static let meta = MemberMetadata(
        name: "node-ä", role: .node, soapEndpoint: "https://n1:8443/soap", serversReachable: ["s1", "s2"],
        health: MemberHealth(ready: false, load: 733, databaseOK: true), version: "1.2.3")

    static let broadcasts: [Broadcast] = [
        .alive(MemberID(rawValue: 1), incarnation: 7, address: MemberAddress(ipv4: 0x0A00_0001, port: 7946), role: .router),
        .alive(MemberID(rawValue: .max), incarnation: .max, address: v6, role: .node),
        .suspect(MemberID(rawValue: 2), incarnation: 3, from: MemberID(rawValue: 9)),
        .dead(MemberID(rawValue: 3), incarnation: 0, from: MemberID(rawValue: 3)),
        .metadata(MemberID(rawValue: 4), VersionedMetadata(version: 12, metadata: meta)),
        .ownership(OwnershipEntry(server: "server-ü", node: MemberID(rawValue: 5), epoch: 1 << 40)),
    ]

    static let packets: [Packet] = [
        Packet(sender: MemberID(rawValue: 10), message: .ping(sequence: 1, target: MemberID(rawValue: 11), digest: 0xDEAD), broadcasts: broadcasts),
        Packet(sender: MemberID(rawValue: 10), message: .pingRequest(sequence: .max, target: MemberID(rawValue: 11), address: v6)),
        Packet(sender: MemberID(rawValue: 10), message: .ack(sequence: 5, digest: 1), broadcasts: [broadcasts[2]]),
        Packet(sender: MemberID(rawValue: 10), message: .nack(sequence: 5)),
        Packet(sender: MemberID(rawValue: 10), message: .gossip, broadcasts: broadcasts.reversed()),
    ]

    @Test(arguments: packets)
    func packetsRoundTripWithExactSizes(_ p: Packet) throws {
        let bytes = WireCodec.encode(p)
        #expect(bytes.count == WireCodec.encodedSize(of: p))
        #expect(try WireCodec.decodePacket(bytes) == p)
    }

    @Test(arguments: packets)
    func everyTruncationThrows(_ p: Packet) {
        let bytes = WireCodec.encode(p)
        for n in 0..<bytes.count {
            #expect(throws: WireError.self) { try WireCodec.decodePacket(Array(bytes.prefix(n))) }
        }
    }

    @Test func trailingBytesUnknownTypesAndBadValuesThrow() {
        var bytes = WireCodec.encode(Self.packets[3])
        bytes.append(0)
        #expect(throws: WireError(.trailingBytes, "packet")) { try WireCodec.decodePacket(bytes) }
        var version = WireCodec.encode(Self.packets[3])
        version[0] = 99
        #expect(throws: WireError(.unsupportedVersion, "packet.version")) { try WireCodec.decodePacket(version) }
        var type = WireCodec.encode(Self.packets[3])
        type[9] = 77
        #expect(throws: WireError(.unknownType, "message.type")) { try WireCodec.decodePacket(type) }
        // Invalid UTF-8 in a server name.
        var utf8 = WireCodec.encode(Packet(sender: MemberID(rawValue: 1), message: .gossip, broadcasts: [.ownership(OwnershipEntry(server: "ab", node: MemberID(rawValue: 1), epoch: 1))]))
        utf8[utf8.count - 17] = 0xFF
        #expect(throws: WireError(.invalidValue, "ownership.server")) { try WireCodec.decodePacket(utf8) }
    }

    @Test func randomAndMutatedInputNeverTraps() {
        var r = SeededRandom(seed: 99)
        let valid = Self.packets.map(WireCodec.encode)
        for _ in 0..<20_000 {
            var bytes: [UInt8]
            if r.below(2) == 0 {
                bytes = (0..<r.below(64)).map { _ in UInt8(truncatingIfNeeded: r.next()) }
                bytes.insert(WireCodec.version, at: 0)
            } else {
                bytes = valid[r.below(valid.count)]
                for _ in 0..<(1 + r.below(4)) { bytes[r.below(bytes.count)] = UInt8(truncatingIfNeeded: r.next()) }
            }
            _ = try? WireCodec.decodePacket(bytes)
            _ = try? WireCodec.decodeStream(bytes)
        }
    }

    @Test func streamMessagesRoundTrip() throws {
        let members = [
            MemberRecord(id: MemberID(rawValue: 1), address: MemberAddress(ipv4: 0x7F00_0001, port: 1), role: .node, incarnation: 2, status: .suspect),
            MemberRecord(id: MemberID(rawValue: 2), address: Self.v6, role: .router, incarnation: 0, status: .left),
        ]
        let messages: [StreamMessage] = [
            .syncRequest(sender: MemberID(rawValue: 3), digest: StateDigest(membership: 1, metadata: 2, ownership: 3)),
            .state(StateTransfer(sender: MemberID(rawValue: 3), digest: StateDigest(), wantsReply: true, members: members,
                                 metadata: [MemberID(rawValue: 1): VersionedMetadata(version: 4, metadata: Self.meta)],
                                 ownership: [OwnershipEntry(server: "s1", node: MemberID(rawValue: 1), epoch: 9)])),
            .state(StateTransfer(sender: MemberID(rawValue: 3), digest: StateDigest(), wantsReply: false, ownership: [])),
        ]
        for m in messages {
            let bytes = WireCodec.encode(m)
            #expect(try WireCodec.decodeStream(bytes) == m)
            for n in 0..<bytes.count {
                #expect(throws: WireError.self) { try WireCodec.decodeStream(Array(bytes.prefix(n))) }
            }
        }
    }

    @Test func hugeCountsAreRejectedBeforeAllocating() {
        var w = ByteWriter()
        w.u8(WireCodec.version); w.u8(2); w.u64(1); w.u64(0); w.u64(0); w.u64(0); w.u8(2); w.u32(.max)
        #expect(throws: WireError(.tooLarge, "state.members")) { try WireCodec.decodeStream(w.bytes) }
    }

    @Test func addressesParseAndPrint() {
        #expect(MemberAddress("10.1.2.3:7946")?.description == "10.1.2.3:7946")
        #expect(MemberAddress("[2001:db8::1]:9") == Self.v6)
        #expect(MemberAddress("[::1]:80")?.ipv6Bytes.last == 1)
        #expect(MemberAddress("10.1.2:7946") == nil)
        #expect(MemberAddress("10.1.2.3") == nil)
        #expect(MemberAddress("[1::2::3]:1") == nil)
    }

    @Test func memberIDsAreStableHashesOfNames() {
        #expect(MemberID(name: "node-a") == MemberID(name: "node-a"))
        #expect(MemberID(name: "node-a") != MemberID(name: "node-b"))
        #expect(MemberID(name: "node-a").rawValue == ClusterMath.mix(ClusterMath.fnv1a("node-a".utf8)))
    }
}
