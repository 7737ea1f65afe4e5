import Foundation
import MAPI
import SOAP
import TestSupport
import Testing

/// alice's store on a node process, given a folder and an item, and the checks that follow
/// every hostile request: the node still answers `/health` and a normal request, and the store
/// is as it was.
struct HostileFixture {
    let node: NodeUnderTest
    let client: RawSOAPClient
    /// alice's session.
    let token: String
    /// A folder below the IPM subtree and an item in it.
    let folder: [UInt8]
    let item: [UInt8]
    let baseline: StoreSnapshot

    /// Runs `body` with a fixture on a fresh node process (users alice and bob).
    static func run(configure: (inout TestNodeConfiguration) -> Void = { _ in }, _ body: (HostileFixture) async throws -> Void) async throws {
        try await NodeUnderTest.run(configure: configure) { node in try await body(prepare(node)) }
    }

    private static func prepare(_ node: NodeUnderTest) async throws -> HostileFixture {
        let client = RawSOAPClient(port: node.port)
        let token = try await client.logon("alice", "alice secret").session
        let subtree = try await StoreSnapshot.ipmSubtree(client, token: token)
        let folder = try await client.call(CreateFolderRequest(parent: subtree, name: "hostile"), token: token).entryID
        let properties = [Property(id: PropertyTag.subject.id, value: .unicode("keep me")), Property(id: PropertyTag.importance.id, value: .long(1))]
        let item = try await client.call(CreateItemRequest(folder: folder, properties: properties), token: token).entryID
        let baseline = try await StoreSnapshot.read(client, token: token, item: item)
        return HostileFixture(node: node, client: client, token: token, folder: folder, item: item, baseline: baseline)
    }

    /// Sends each case on a connection of its own: each must be answered within 5 s with its
    /// fault and status, show nothing of /etc/passwd, and leave the node unharmed.
    func expectRefused(_ cases: [HostileCase], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for refused in cases {
            let (response, elapsed) = try await client.timedPost(refused.body, headers: refused.headers, within: 20)
            expectFault(response, refused.fault, status: refused.status, refused.what, sourceLocation: sourceLocation)
            #expect(elapsed < .seconds(5), "\(refused.what): answered in \(elapsed)", sourceLocation: sourceLocation)
            #expect(response?.text.contains("root:") != true, "\(refused.what): the answer shows /etc/passwd", sourceLocation: sourceLocation)
            try await expectUnharmed(after: refused.what, sourceLocation: sourceLocation)
        }
    }

    /// Expects `response` to be a SOAP fault named `mapiName` with HTTP `status`.
    func expectFault(_ response: RawResponse?, _ mapiName: String, status: Int, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let response else {
            Issue.record("\(what): no answer", sourceLocation: sourceLocation)
            return
        }
        #expect(response.fault?.mapiName == mapiName, "\(what): \(response.status) \(response.text.prefix(300))", sourceLocation: sourceLocation)
        #expect(response.status == status, "\(what): HTTP status", sourceLocation: sourceLocation)
    }

    /// After a hostile request: `/health` is 200, alice logs on and reads her store (in a new
    /// session: the first may have been the hostile one's), which has not changed.
    func expectUnharmed(after what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        #expect(try await client.health() == 200, "after \(what): /health", sourceLocation: sourceLocation)
        let session = try await client.logon("alice", "alice secret").session
        let now = try await StoreSnapshot.read(client, token: session, item: item)
        #expect(now == baseline, "after \(what): alice's store changed", sourceLocation: sourceLocation)
    }
}

/// A hostile request and the answer it must get.
struct HostileCase {
    var what: String
    var body: [UInt8]
    var headers: [String: String] = [:]
    var status = 500
    var fault: String
}
