import Cluster
import Testing

@Suite struct OwnershipTableTests {
    static let n1 = MemberID(rawValue: 1), n2 = MemberID(rawValue: 2)

    @Test func higherEpochWinsInAnyOrder() {
        let entries = [
            OwnershipEntry(server: "s1", node: Self.n1, epoch: 1),
            OwnershipEntry(server: "s1", node: Self.n2, epoch: 3),
            OwnershipEntry(server: "s1", node: Self.n1, epoch: 2),
            OwnershipEntry(server: "s2", node: Self.n2, epoch: 1),
        ]
        var r = SeededRandom(seed: 5)
        var reference: OwnershipTable?
        for _ in 0..<50 {
            var t = OwnershipTable()
            for e in entries.shuffled(using: &r) + entries.shuffled(using: &r) { t.merge(e) }
            #expect(t["s1"] == OwnershipEntry(server: "s1", node: Self.n2, epoch: 3))
            if let reference { #expect(t == reference); #expect(t.digest == reference.digest) } else { reference = t }
        }
    }

    @Test func mergeReportsWhatChanged() {
        var t = OwnershipTable()
        let a = OwnershipEntry(server: "s1", node: Self.n1, epoch: 4)
        #expect(t.merge(a) == .some(nil))
        #expect(t.merge(a) == nil, "idempotent")
        #expect(t.merge(OwnershipEntry(server: "s1", node: Self.n2, epoch: 3)) == nil, "stale")
        #expect(t.merge(OwnershipEntry(server: "s1", node: Self.n2, epoch: 5)) == .some(a))
    }

    @Test func equalEpochConflictsResolveDeterministicallyAndAreCounted() {
        var x = OwnershipTable(), y = OwnershipTable()
        let e1 = OwnershipEntry(server: "s", node: Self.n1, epoch: 7), e2 = OwnershipEntry(server: "s", node: Self.n2, epoch: 7)
        x.merge(e1); x.merge(e2)
        y.merge(e2); y.merge(e1)
        #expect(x["s"] == e1 && y["s"] == e1)
        #expect(x.conflicts == 1 && y.conflicts == 1)
    }

    @Test func digestTracksContent() {
        var x = OwnershipTable(), y = OwnershipTable()
        #expect(x.digest == y.digest)
        x.merge(OwnershipEntry(server: "s", node: Self.n1, epoch: 1))
        #expect(x.digest != y.digest)
        y.merge(OwnershipEntry(server: "s", node: Self.n1, epoch: 1))
        #expect(x.digest == y.digest)
    }
}

@Suite struct BroadcastQueueTests {
    static func alive(_ k: UInt64, _ inc: UInt32 = 0) -> Broadcast {
        .alive(MemberID(rawValue: k), incarnation: inc, address: MemberAddress(ipv4: UInt32(k), port: 1), role: .node)
    }

    @Test func eachBroadcastIsSentAtMostLimitTimes() {
        var q = BroadcastQueue()
        q.enqueue(Self.alive(1))
        var bytes = [0, 0, 0]
        var sends = 0
        for _ in 0..<10 {
            var out: [Broadcast] = []
            q.take(budget: 1_000, limit: 3, shares: [0.5, 0.2, 0.3], into: &out, bytes: &bytes)
            sends += out.count
        }
        #expect(sends == 3)
        #expect(q.isEmpty)
        #expect(bytes[0] == 3 * WireCodec.encodedSize(of: Self.alive(1)))
    }

    @Test func newerFactAboutTheSameSubjectReplacesTheQueuedOne() {
        var q = BroadcastQueue()
        q.enqueue(Self.alive(1, 0))
        q.enqueue(Self.alive(1, 1))
        #expect(q.count(.membership) == 1)
        var out: [Broadcast] = []
        var bytes = [0, 0, 0]
        q.take(budget: 1_000, limit: 5, shares: [1, 1, 1], into: &out, bytes: &bytes)
        #expect(out == [Self.alive(1, 1)])
    }

    @Test func leastTransmittedFirst() {
        var q = BroadcastQueue()
        q.enqueue(Self.alive(1))
        var out: [Broadcast] = []
        var bytes = [0, 0, 0]
        q.take(budget: 1_000, limit: 5, shares: [1, 1, 1], into: &out, bytes: &bytes)
        q.enqueue(Self.alive(2))
        out = []
        let one = WireCodec.encodedSize(of: Self.alive(1))
        q.take(budget: one, limit: 5, shares: [1, 1, 1], into: &out, bytes: &bytes)
        #expect(out == [Self.alive(2)], "the fresh broadcast goes before the one already sent once")
    }

    @Test func aBusyClassCannotStarveAnother() {
        var q = BroadcastQueue()
        for k in 0..<500 { q.enqueue(Self.alive(UInt64(k) + 10)) }
        q.enqueue(.ownership(OwnershipEntry(server: "s1", node: MemberID(rawValue: 1), epoch: 2)))
        var out: [Broadcast] = []
        var bytes = [0, 0, 0]
        q.take(budget: 1_100, limit: 5, shares: [0.5, 0.2, 0.3], into: &out, bytes: &bytes)
        #expect(out.contains(.ownership(OwnershipEntry(server: "s1", node: MemberID(rawValue: 1), epoch: 2))))
        #expect(bytes.reduce(0, +) <= 1_100)
        #expect(bytes[0] > 550, "membership takes the space the quiet classes left")
    }
}

@Suite struct ClusterMathTests {
    @Test func logarithms() {
        for x in [1.0, 2, 3, 10, 1_000, 10_000, 0.5, 123.456] {
            let reference = ClusterMath.ln(x)
            #expect(abs(ClusterMath.log10(x) * 2.302585092994046 - reference) < 1e-12)
        }
        #expect(abs(ClusterMath.ln(2) - 0.6931471805599453) < 1e-14)
        #expect(abs(ClusterMath.log10(1_000) - 3) < 1e-12)
        #expect(abs(ClusterMath.log2(1_024) - 10) < 1e-12)
    }

    @Test func seededRandomReplays() {
        var a = SeededRandom(seed: 1), b = SeededRandom(seed: 1), c = SeededRandom(seed: 2)
        let x = (0..<10).map { _ in a.next() }
        #expect(x == (0..<10).map { _ in b.next() })
        #expect(x != (0..<10).map { _ in c.next() })
        for _ in 0..<1_000 { #expect(a.below(7) < 7); let u = a.unit(); #expect(u >= 0 && u < 1) }
    }
}
