import Cluster
import Testing
@testable import Router

@Suite struct PlacementViewTests {
    private func record(_ name: String, _ status: MemberStatus, role: MemberRole = .node) -> MemberRecord {
        MemberRecord(id: MemberID(name: name), address: MemberAddress("127.0.0.1:7946")!, role: role, incarnation: 0, status: status)
    }

    private func metadata(_ name: String, _ url: String, ready: Bool = true, role: MemberRole = .node) -> (MemberID, VersionedMetadata) {
        (MemberID(name: name), VersionedMetadata(version: 1, metadata: MemberMetadata(
            name: name, role: role, soapEndpoint: url, health: MemberHealth(ready: ready))))
    }

    private var view: PlacementView {
        PlacementView(
            members: [record("n1", .alive), record("n2", .suspect), record("n3", .dead), record("r1", .alive, role: .router), record("n4", .alive)],
            metadata: Dictionary(uniqueKeysWithValues: [
                metadata("n1", "http://10.0.0.1:236/soap"), metadata("n2", "https://n2.example:237/soap", ready: false),
                metadata("n3", "http://10.0.0.3:236/soap"), metadata("r1", "http://router/soap", role: .router), metadata("n4", ""),
            ]),
            ownership: [
                OwnershipEntry(server: "s1", node: MemberID(name: "n1"), epoch: 3),
                OwnershipEntry(server: "S2", node: MemberID(name: "n2"), epoch: 1),
                OwnershipEntry(server: "s3", node: MemberID(name: "n3"), epoch: 9),
                OwnershipEntry(server: "s4", node: MemberID(name: "n4"), epoch: 1),
                OwnershipEntry(server: "s5", node: MemberID(name: "gone"), epoch: 1),
            ])
    }

    @Test func selectsTheOwnerAliveOrSuspect() {
        guard case .node(let n1) = view.select(server: "s1") else { Issue.record("s1"); return }
        #expect(n1.name == "n1" && n1.endpoint == UpstreamEndpoint(host: "10.0.0.1", port: 236, useTLS: false))
        guard case .node(let n2) = view.select(server: "s2") else { Issue.record("s2 (suspect, case-insensitive)"); return }
        #expect(n2.endpoint.useTLS && !n2.ready)
    }

    @Test func saysWhyNothingServes() {
        #expect(view.select(server: "s3") == .unavailable("its node n3 is dead"))
        #expect(view.select(server: "s4") == .unavailable("its node n4 publishes no SOAP endpoint"))
        #expect(view.select(server: "s5") == .unavailable("its node \(MemberID(name: "gone")) is not a known member"))
        #expect(view.select(server: "s9") == .unavailable("gossip names no node for it"))
        #expect(PlacementView().select(server: "s1") == .unavailable("gossip names no node for it"))
    }

    @Test func anyNodePrefersReadyNodesAndIsStable() {
        #expect(view.nodes.map(\.name) == ["n1", "n2"])
        #expect(view.anyNode(key: "alice")?.name == "n1")
        #expect(view.anyNode(key: "bob")?.name == "n1")
        #expect(PlacementView().anyNode(key: "alice") == nil)
    }
}
