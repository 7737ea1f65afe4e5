import Cluster
import Testing

@testable import Node

/// The failover decisions of ARCHITECTURE §3 without sockets or clocks: who takes a server
/// whose node is gone, when nobody does (a live or suspect owner, no majority, gossip not yet
/// heard), when a serving node must ask its database, and failback.
@Suite struct FailoverPlannerTests {
    /// n1 serves s1 at epoch 4; n2 and n3 stand by for it; two routers.
    static func view(
        me: String, n1: MemberStatus = .alive, heldEpoch: Int64? = nil, owner: FailoverView.Owner? = .init(node: "n1", epoch: 4),
        routers: MemberStatus = .alive, preferred: Bool = false
    ) -> FailoverView {
        let reach: Set<String> = ["s1"]
        return FailoverView(
            me: me,
            members: [
                .init(name: "n1", status: n1, serversReachable: reach), .init(name: "n2", status: .alive, serversReachable: reach),
                .init(name: "n3", status: .alive, serversReachable: reach), .init(name: "r1", status: routers, isNode: false),
                .init(name: "r2", status: routers, isNode: false),
            ],
            owners: owner.map { ["s1": $0] } ?? [:],
            local: [.init(name: "s1", isPreferred: preferred, heldEpoch: heldEpoch)])
    }

    static let winner = RendezvousChoice.choose(server: "s1", among: ["n2", "n3"])!
    static let loser = winner == "n2" ? "n3" : "n2"

    @Test(arguments: [MemberStatus.dead, .left])
    func exactlyTheRendezvousWinnerTakesAServerWhoseNodeIsGone(status: MemberStatus) {
        let planner = FailoverPlanner()
        #expect(planner.actions(Self.view(me: Self.winner, n1: status), stableFor: .zero, settled: true) == [.takeOver(server: "s1")])
        #expect(planner.actions(Self.view(me: Self.loser, n1: status), stableFor: .zero, settled: true).isEmpty)
    }

    @Test(arguments: [MemberStatus.alive, .suspect])
    func nobodyTakesAServerWhoseNodeStillAnswers(status: MemberStatus) {
        for me in ["n2", "n3"] {
            #expect(FailoverPlanner().actions(Self.view(me: me, n1: status), stableFor: .seconds(3_600), settled: true).isEmpty)
        }
    }

    @Test func aNodeThatSeesNoMajorityTakesNothing() {
        // The winner cut off: it sees n1, the other standby and both routers dead.
        var view = Self.view(me: Self.winner, n1: .dead, routers: .dead)
        view.members[Self.loser]?.status = .dead
        #expect(!view.seesMajority)
        #expect(FailoverPlanner().actions(view, stableFor: .zero, settled: true).isEmpty)
        // Members that left on purpose do not count against the majority.
        view.members["r1"]?.status = .left
        view.members["r2"]?.status = .left
        view.members[Self.loser]?.status = .alive
        #expect(view.seesMajority)
        #expect(FailoverPlanner().actions(view, stableFor: .zero, settled: true) == [.takeOver(server: "s1")])
    }

    @Test func anOwnerGossipHasNotNamedCountsAsNoneOnlyOnceSettled() {
        // No owner at all: every live node listing s1 is a candidate, n1 too.
        let winner = RendezvousChoice.choose(server: "s1", among: ["n1", "n2", "n3"])!
        let view = Self.view(me: winner, owner: nil)
        #expect(FailoverPlanner().actions(view, stableFor: .zero, settled: false).isEmpty)
        #expect(FailoverPlanner().actions(view, stableFor: .zero, settled: true) == [.takeOver(server: "s1")])
        for other in ["n1", "n2", "n3"] where other != winner {
            #expect(FailoverPlanner().actions(Self.view(me: other, owner: nil), stableFor: .zero, settled: true).isEmpty)
        }
    }

    @Test func theWinnerChangesWhenItIsNoCandidate() {
        // The winner's database check fails: it is no candidate, the other one takes over.
        var view = Self.view(me: Self.loser, n1: .dead)
        view.members[Self.winner]?.databaseOK = false
        #expect(FailoverPlanner().actions(view, stableFor: .zero, settled: true) == [.takeOver(server: "s1")])
        view.members[Self.winner]?.databaseOK = true
        view.members[Self.winner]?.serversReachable = []
        #expect(FailoverPlanner().actions(view, stableFor: .zero, settled: true) == [.takeOver(server: "s1")])
    }

    @Test func aServingNodeAsksItsDatabaseWhenGossipShowsANewerEpoch() {
        let planner = FailoverPlanner()
        #expect(planner.actions(Self.view(me: "n1", heldEpoch: 4), stableFor: .zero, settled: true).isEmpty)
        let newer = Self.view(me: "n1", heldEpoch: 4, owner: .init(node: "n2", epoch: 5))
        #expect(planner.actions(newer, stableFor: .zero, settled: true) == [.verify(server: "s1")])
        // An older entry is stale gossip, not a takeover.
        let older = Self.view(me: "n1", heldEpoch: 4, owner: .init(node: "n2", epoch: 3))
        #expect(planner.actions(older, stableFor: .zero, settled: true).isEmpty)
    }

    @Test func failbackIsByPolicyAfterAStablePeriod() {
        // n1 is back, preferred for s1, which n2 serves now.
        let view = Self.view(me: "n1", owner: .init(node: "n2", epoch: 5), preferred: true)
        #expect(FailoverPlanner(failback: .manual).actions(view, stableFor: .seconds(86_400), settled: true).isEmpty)
        let auto = FailoverPlanner(failback: .auto(after: .seconds(60)))
        #expect(auto.actions(view, stableFor: .seconds(59), settled: true).isEmpty)
        #expect(auto.actions(view, stableFor: .seconds(60), settled: true) == [.failBack(server: "s1")])
        // Only the preferred node fails back.
        let standby = Self.view(me: "n3", owner: .init(node: "n2", epoch: 5))
        #expect(auto.actions(standby, stableFor: .seconds(600), settled: true).isEmpty)
    }

    @Test func theRendezvousChoiceIsTheSameInAnyOrderAndSpreadsServers() {
        let nodes = ["n1", "n2", "n3"]
        var counts: [String: Int] = [:]
        for index in 0..<300 {
            let server = "server\(index)"
            let choice = RendezvousChoice.choose(server: server, among: nodes)
            #expect(choice == RendezvousChoice.choose(server: server, among: nodes.reversed()))
            #expect(choice == RendezvousChoice.choose(server: server.uppercased(), among: nodes))
            counts[choice!, default: 0] += 1
            // Removing a node that is not the winner keeps the winner.
            let other = nodes.first { $0 != choice }!
            #expect(RendezvousChoice.choose(server: server, among: nodes.filter { $0 != other }) == choice)
        }
        #expect(counts.values.allSatisfy { $0 >= 70 }, "300 servers spread over 3 nodes: \(counts)")
        #expect(RendezvousChoice.choose(server: "s1", among: []) == nil)
    }
}
