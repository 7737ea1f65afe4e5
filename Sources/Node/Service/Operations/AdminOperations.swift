import Directory
import MAPI
import SOAP

extension OperationContext {
    func resolveUser(_ request: ResolveUserRequest) async throws -> ResolveUserResponse {
        try await requireAdministrator()
        guard let user = try await directoryLookup({ try await $0.resolve(request.name) }) else {
            throw MAPIError(.notFound, "no user \(request.name.prefix(100)) in the directory")
        }
        let home = user.homeServer ?? session.homeServer
        return ResolveUserResponse(
            userID: user.id.rawValue, displayName: user.displayName, email: user.primaryAddress, homeServer: home,
            serverURL: await service.cluster.servingNode(of: home)?.url)
    }

    func serverDetails(_: ServerDetailsRequest) async throws -> ServerDetailsResponse {
        try await requireAdministrator()
        return ServerDetailsResponse(
            node: service.configuration.nodeName, version: service.configuration.version,
            servers: await service.cluster.servedServers())
    }

    func clusterMembers(_: ClusterMembersRequest) async throws -> ClusterMembersResponse {
        try await requireAdministrator()
        return ClusterMembersResponse(members: await service.cluster.members())
    }

    func placement(_ request: PlacementRequest) async throws -> PlacementResponse {
        try await requireAdministrator()
        guard let user = try await directoryLookup({ try await $0.resolve(request.user) }) else {
            throw MAPIError(.notFound, "no user \(request.user.prefix(100)) in the directory")
        }
        let home = user.homeServer ?? session.homeServer
        guard let serving = await service.cluster.servingNode(of: home) else {
            throw MAPIError(.networkError, "no node serves \(home) at the moment")
        }
        return PlacementResponse(homeServer: home, node: serving.node, url: serving.url)
    }

    /// A directory call whose failure ("directory down") becomes `MAPI_E_NETWORK_ERROR`.
    private func directoryLookup<T: Sendable>(_ body: (any UserDirectory) async throws -> T) async throws -> T {
        do {
            return try await body(service.directory)
        } catch {
            throw MAPIError(.networkError, "the directory is not reachable")
        }
    }
}
