import HTTP
import MAPI
import SOAP

/// The GetProps request of the benchmark: the top of the user's folder tree (IPM subtree), with
/// the properties a client's folder list shows, asked through `target` with a session opened
/// through it (which also waits until the target routes: a router learns the node from gossip a
/// moment after it starts).
enum GetPropsWorkload {
    static let tags: [PropertyTag] = [.displayName, .contentCount, .contentUnreadCount, .subfolders, .containerClass]

    static func make(through target: ProxyTarget) async throws -> HTTPClientRequest {
        let client = try HTTPClient(configuration: HTTPClientConfiguration(endpoint: target.endpoint))
        do {
            let logon = try await SOAPCalls.logon(Population.getPropsLogin, password: Population.password, with: client)
            let subtreeTag = StandardFolder.ipmSubtree.storeProperty!
            let store = try await SOAPCalls.call(GetStoreRequest(tags: [subtreeTag]), session: logon.session, with: client)
            guard let subtree = store.properties.first(where: { $0.id == subtreeTag.id })?.value.bytes else {
                throw MAPIError(.notFound, "the store names no IPM subtree")
            }
            await client.shutdown()
            return SOAPCalls.request(GetPropsRequest(object: subtree, tags: tags), session: logon.session)
        } catch {
            await client.shutdown()
            throw error
        }
    }
}
