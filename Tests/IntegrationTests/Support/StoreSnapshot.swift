import MAPI
import SOAP

/// What a user's store holds, read with ordinary requests: how many folders below the IPM
/// subtree, how many items in them and the subtree, and the properties of one chosen item.
/// Equal snapshots before and after a hostile request show it changed nothing.
struct StoreSnapshot: Hashable, CustomStringConvertible {
    var folders: Int
    var items: Int
    var item: [Property]

    /// Reads the snapshot with `token`; `item` is the entry id of the item whose subject and
    /// importance are compared.
    static func read(_ client: RawSOAPClient, token: String, item: [UInt8]) async throws -> StoreSnapshot {
        let subtree = try await ipmSubtree(client, token: token)
        let hierarchy = try await client.call(
            GetHierarchyRequest(folder: subtree, recursive: true, query: TableQuery(columns: [.entryID, .contentCount], limit: 10_000)),
            token: token)
        let own = try await client.call(GetPropsRequest(object: subtree, tags: [.contentCount]), token: token)
        let counts = (hierarchy.rows + [own.properties]).map { row in
            row.lazy.compactMap { property -> Int? in
                guard property.id == PropertyTag.contentCount.id, case .long(let count) = property.value else { return nil }
                return Int(count)
            }.first ?? 0
        }
        let props = try await client.call(GetPropsRequest(object: item, tags: [.subject, .importance]), token: token)
        return StoreSnapshot(folders: Int(hierarchy.totalCount), items: counts.reduce(0, +), item: props.properties)
    }

    /// PR_IPM_SUBTREE_ENTRYID of the session's store.
    static func ipmSubtree(_ client: RawSOAPClient, token: String) async throws -> [UInt8] {
        let store = try await client.call(GetStoreRequest(tags: [.ipmSubtreeEntryID]), token: token)
        guard case .binary(let entryID)? = store.properties.first(where: { $0.id == PropertyTag.ipmSubtreeEntryID.id })?.value else {
            throw RawSocketError("the store has no PR_IPM_SUBTREE_ENTRYID")
        }
        return entryID
    }

    var description: String { "\(folders) folders, \(items) items, item \(item)" }
}
