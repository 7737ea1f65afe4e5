import MAPI
import Node
import SOAP

/// The mailbox every load runs in: user 0's session, a folder of `items` items for QueryRows,
/// one of them for GetProps, and an empty folder that CreateItem fills. Prepared over SOAP
/// (Logon, GetStore, CreateFolder, CreateItem), not timed.
struct BenchMailbox: Sendable {
    /// User 0's session token.
    var session: String
    /// The folder of `items` items.
    var contents: [UInt8]
    var items: Int
    /// An item of `contents` (the first created).
    var item: [UInt8]
    /// Where CreateItem writes.
    var created: [UInt8]

    /// Logs user 0 on and fills the folders; returns the mailbox and the seconds the items took.
    static func prepare(_ caller: SOAPCaller, items: Int) async throws -> (BenchMailbox, Double) {
        let logon = try await caller.call(LogonRequest(user: UserSeeding.login(0), password: UserSeeding.password))
        let session = logon.session
        let subtreeTag = StandardFolder.ipmSubtree.storeProperty!
        let store = try await caller.call(GetStoreRequest(tags: [subtreeTag]), session: session)
        guard let subtree = store.properties.first(where: { $0.id == subtreeTag.id })?.value.bytes else {
            throw MAPIError(.notFound, "the store names no IPM subtree")
        }
        let contents = try await caller.call(CreateFolderRequest(parent: subtree, name: "SOAP bench contents"), session: session).entryID
        let created = try await caller.call(CreateFolderRequest(parent: subtree, name: "SOAP bench created"), session: session).entryID
        let first = try await caller.call(Workload.createItemMessage(in: contents, n: 0), session: session).entryID
        let elapsed = try await Batch.run(count: items - 1, concurrency: 8) { n in
            _ = try await caller.call(Workload.createItemMessage(in: contents, n: n + 1), session: session)
        }
        let mailbox = BenchMailbox(session: session, contents: contents, items: items, item: first, created: created)
        return (mailbox, elapsed.seconds)
    }
}
