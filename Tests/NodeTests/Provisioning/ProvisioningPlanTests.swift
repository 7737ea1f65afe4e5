import Directory
import Foundation
import MAPI
import Testing

@testable import Node

@Suite struct ProvisioningPlanTests {
    private func user(_ id: String, home: String?) -> DirectoryUser {
        DirectoryUser(id: DirectoryID(id)!, login: "login-\(id)", displayName: "User \(id)", homeServer: home)
    }

    @Test func createsOrphansRestoresAndLeavesMovesAlone() {
        let users = [user("1", home: "s1"), user("2", home: "S1"), user("3", home: "s2"), user("4", home: nil), user("6", home: "s1")]
        let stores: [(owner: String, orphaned: Bool)] = [("1", false), ("3", false), ("5", false), ("6", true), ("7", true)]
        let plan = ProvisioningPlan.make(server: "s1", defaultServer: "s1", users: users, stores: stores)
        #expect(plan.create.map(\.owner) == ["2", "4"])
        #expect(plan.orphan == ["5"])
        #expect(plan.restore == ["6"])
        #expect(plan.homedElsewhere == ["3"])
        #expect(plan.unchanged == 2)  // 1 as it is; 7 stays orphaned
        #expect(plan.operations == 4)
        let noDefault = ProvisioningPlan.make(server: "s1", defaultServer: nil, users: users, stores: stores)
        #expect(noDefault.create.map(\.owner) == ["2"])
    }

    @Test func theOrphanGuardStopsADirectoryThatLostItsUsers() {
        let stores = (1...100).map { (owner: "\($0)", orphaned: false) }
        let most = ProvisioningPlan.make(server: "s1", defaultServer: nil, users: [user("1", home: "s1")], stores: stores)
        #expect(most.orphan.count == 99)
        let refusal = most.refusal(maximumShare: 0.05)
        #expect(refusal?.contains("would orphan 99 of 100 stores") == true)
        let few = ProvisioningPlan.make(
            server: "s1", defaultServer: nil, users: (1...97).map { user("\($0)", home: "s1") }, stores: stores)
        #expect(few.orphan.count == 3)
        #expect(few.refusal(maximumShare: 0.05) == nil)
        #expect(ProvisioningPlan.make(server: "s1", defaultServer: nil, users: [], stores: []).refusal(maximumShare: 0) == nil)
    }

    @Test(arguments: Backend.enabled)
    func provisionerAppliesAgainstARealDirectoryAndStore(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        for login in ["ann", "ben", "cat"] { try await fixture.addUser(login, password: "pw \(login)") }
        try await fixture.addUser("dan", password: "pw dan", server: "s2")
        let gone = try fixture.store.engine.createStore(owner: "no-longer-there", displayName: "Gone")
        let provisioner = StoreProvisioner(
            engine: fixture.store.engine, directory: fixture.directory, defaultServer: nil, executor: fixture.executor,
            logger: fixture.logs.logger())
        let plan = try await provisioner.plan()
        #expect(plan.create.map(\.login).sorted() == ["ann", "ben", "cat"])
        #expect(plan.orphan == [gone.owner])
        let steps = Counter()
        let failures = try await provisioner.apply(plan) { done, total in steps.record(done, total) }
        #expect(failures == 0)
        #expect(steps.values.last == [4, 4])
        let stores = try fixture.store.engine.allStores()
        #expect(stores.filter { !$0.orphaned }.count == 3)
        #expect(stores.first { $0.owner == gone.owner }?.orphaned == true)
        // Nothing left to do, and the orphan was not deleted.
        #expect(try await provisioner.plan().operations == 0)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [[Int]] = []
    func record(_ done: Int, _ total: Int) { lock.withLock { recorded.append([done, total]) } }
    var values: [[Int]] { lock.withLock { recorded } }
}
