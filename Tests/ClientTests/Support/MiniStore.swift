import Foundation
import SOAP

@testable import Client

/// The answers of a freshly created store for Logon, GetStore and the IPM subtree, as the node
/// gives them today: the store properties name the subtree, Outbox, Sent Items… but neither
/// the Inbox nor the root.
enum MiniStore {
    static let guid = GUID("0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0")!
    static let storeEntryID: [UInt8] = [0, 0, 0, 0] + guid.bytes + [1, 1]
    static func id(_ n: UInt8) -> [UInt8] { [0, 0, 0, 0] + guid.bytes + [1, 3] + [UInt8](repeating: n, count: 22) }
    static let root = id(1)
    static let subtree = id(2)
    static let inbox = id(3)
    static let outbox = id(4)
    static let drafts = id(7)
    static let projects = id(20)
    static let token = "token-1"

    /// Answers the logon sequence; nil for other operations.
    static func answer(_ request: FakeNode.Request) throws -> FakeNode.Reply? {
        switch request.operation {
        case "Logon":
            let logon = try request.decode(LogonRequest.self)
            guard logon.password == "secret" else { return .fault(fault(.logonFailed, "wrong user or password")) }
            return .response(
                LogonResponse(session: token, expiresAt: 1_900_000_000, storeGUID: guid, storeEntryID: storeEntryID, homeServer: "s1"))
        case "GetStore":
            return .response(
                GetStoreResponse(
                    storeEntryID: storeEntryID,
                    properties: [
                        Property(id: PropertyTag.ipmSubtreeEntryID.id, value: .binary(subtree)),
                        Property(id: PropertyTag.ipmOutboxEntryID.id, value: .binary(outbox)),
                        Property(id: PropertyTag.ipmDraftsEntryID.id, value: .binary(drafts)),
                        Property(id: PropertyTag.displayName.id, value: .unicode("Inbox - Alice")),
                    ]))
        case "GetHierarchy":
            let listing = try request.decode(GetHierarchyRequest.self)
            switch listing.folder {
            case subtree: return .response(table([("Inbox", inbox), ("Outbox", outbox), ("Drafts", drafts)]))
            case inbox: return .response(table([("Projects", projects)]))
            default: return .response(table([]))
            }
        case "GetProps":
            let props = try request.decode(GetPropsRequest.self)
            if props.object == subtree, props.tags == [.parentEntryID] {
                return .response(GetPropsResponse(properties: [Property(id: PropertyTag.parentEntryID.id, value: .binary(root))]))
            }
            return nil
        default:
            return nil
        }
    }

    /// A hierarchy table of folders.
    static func table(_ folders: [(String, [UInt8])]) -> TableResponse<GetHierarchyRequest> {
        TableResponse(
            rows: folders.map { name, id in
                [Property(id: PropertyTag.entryID.id, value: .binary(id)), Property(id: PropertyTag.displayName.id, value: .unicode(name))]
            }, totalCount: Int32(folders.count))
    }

    /// A logged-on server whose further requests `handler` answers.
    static func server(options: ClientOptions = ClientOptions(), _ handler: @escaping FakeNode.Handler) async throws -> (Server, FakeNode) {
        let node = FakeNode { request in
            if let answer = try MiniStore.answer(request) { return answer }
            return try handler(request)
        }
        let server = try await Server(url: nodeURL, user: "alice", password: "secret", options: options, transport: node.factory)
        return (server, node)
    }
}

struct UnexpectedRequest: Error {
    var operation: String
}
