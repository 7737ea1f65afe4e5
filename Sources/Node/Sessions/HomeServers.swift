import Directory
import MAPI

/// Answers "does this node serve that server?" for logons and requests (ARCHITECTURE §4): the
/// local server when it does, otherwise `MAPI_E_UNABLE_TO_COMPLETE` with the URL to ask instead.
///
/// A server is served here when the placement says so, its database is open here, and the
/// engine still holds the ownership epoch (a fenced engine has lost the server, whatever the
/// placement still says). The redirect URL is the placement's (the node serving it now, also
/// after a failover), else the directory's server object (its configured address), else none:
/// the client then asks a router.
public struct HomeServers: Sendable {
    private let servers: [String: LocalServer]
    private let placement: any ServerPlacement
    private let directory: any UserDirectory

    /// The servers whose databases this node has open, `placement` for the others, and the
    /// directory's server objects as the last source of URLs.
    public init(_ servers: [LocalServer], placement: any ServerPlacement, directory: any UserDirectory) {
        self.servers = Dictionary(servers.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        self.placement = placement
        self.directory = directory
    }

    /// The only local server, when there is exactly one (home of users the directory names no
    /// server for in a single-server deployment).
    var soleServer: LocalServer? { servers.count == 1 ? servers.first?.value : nil }

    /// The local server `name`, or `MAPI_E_UNABLE_TO_COMPLETE` with the redirect URL.
    public func serving(_ name: String) async throws(MAPIError) -> LocalServer {
        let location = await placement.location(of: name)
        if location == .thisNode, let local = servers[name.lowercased()], local.engine.ownershipEpoch != nil {
            return local
        }
        var url: String?
        if case .otherNode(let placed) = location { url = placed }
        if url == nil, location != .thisNode { url = try? await directory.server(named: name)?.soapURL }
        throw MAPIError.elsewhere("server \(name) is served by another node", redirectURL: url)
    }
}
