import Cluster
import Testing

@Suite struct KeyringTests {
    @Test func firstKeyEncryptsEveryKeyDecrypts() throws {
        let old = ClusterKeyring.generateKey(), new = ClusterKeyring.generateKey()
        let before = ClusterKeyring(keys: [old])!
        let during = ClusterKeyring(keys: [new, old])!
        let after = ClusterKeyring(keys: [new])!
        let sealed = try before.seal([1, 2, 3])
        #expect(sealed.count == 3 + ClusterKeyring.overhead)
        #expect(during.open(sealed) == [1, 2, 3], "rotation: the old key still decrypts")
        #expect(after.open(sealed) == nil, "once dropped, the old key no longer works")
        #expect(before.open(try during.seal([4])) == nil)
        #expect(after.open(try during.seal([4])) == [4])
    }

    @Test func tamperedTruncatedAndForeignFramesAreRejected() throws {
        let ring = ClusterKeyring(keys: [ClusterKeyring.generateKey()])!
        let sealed = try ring.seal(Array(repeating: 7, count: 40))
        for i in sealed.indices {
            var t = sealed
            t[i] ^= 0x01
            #expect(ring.open(t) == nil, "bit flip at \(i)")
        }
        for n in 0..<sealed.count { #expect(ring.open(Array(sealed.prefix(n))) == nil) }
        #expect(ClusterKeyring(keys: []) == nil)
        #expect(ClusterKeyring(keys: [[1, 2, 3]]) == nil)
    }

    @Test func replayWindowAcceptsReorderingAndRejectsDuplicates() {
        var w = ReplayWindow()
        let a = MemberID(rawValue: 1), b = MemberID(rawValue: 2)
        let steps: [(UInt64, MemberID, Bool)] = [
            (100, a, true), (102, a, true),
            (101, a, true),   // late but inside the window
            (101, a, false),  // duplicate
            (102, a, false),  // duplicate of the highest
            (100, b, true),   // windows are per sender
            (1_000, a, true), (900, a, false),  // older than the window
            (999, a, true),
        ]
        let results = steps.map { w.accept($0.0, from: $0.1) }
        #expect(results == steps.map(\.2))
    }

    @Test func datagramFramesOpenOnceAndReportWhyTheyDrop() throws {
        let ring = ClusterKeyring(keys: [ClusterKeyring.generateKey()])!
        let me = MemberID(rawValue: 9), peer = MemberID(rawValue: 8)
        var window = ReplayWindow()
        let packet = Packet(sender: peer, message: .gossip, broadcasts: [.suspect(me, incarnation: 1, from: peer)])
        let frame = try DatagramFrame.seal(packet, sequence: 5, keyring: ring)
        #expect(frame.count == WireCodec.encodedSize(of: packet) + MembershipConfiguration.tessera.datagramOverhead)
        func open(_ bytes: [UInt8]) -> DatagramFrame.Drop? {
            switch DatagramFrame.open(bytes, keyring: ring, replay: &window, localID: me, maximumSize: 1_200) {
            case .success: nil
            case .failure(let reason): reason.drop
            }
        }
        #expect(open(frame) == nil)
        #expect(open(frame) == .replayed)
        #expect(open(Array(frame.dropLast())) == .undecryptable)
        #expect(open(try ring.seal([0, 0, 0, 0, 0, 0, 0, 1, 42])) == .malformed)
        #expect(open(Array(repeating: 0, count: 1_201)) == .oversize)
        let echo = try DatagramFrame.seal(Packet(sender: me, message: .gossip), sequence: 1, keyring: ring)
        #expect(open(echo) == .ownPacket)
    }
}
