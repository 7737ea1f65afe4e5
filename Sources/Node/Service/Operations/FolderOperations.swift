import MAPI
import SOAP

extension OperationContext {
    func getStore(_ request: GetStoreRequest) async throws -> GetStoreResponse {
        let guid = session.storeGUID
        let info = try await run { try $0.store(guid: guid) }
        return GetStoreResponse(storeEntryID: info.entryID.bytes, properties: info.properties.selecting(request.tags))
    }

    func getHierarchy(_ request: GetHierarchyRequest) async throws -> TableResponse<GetHierarchyRequest> {
        let folder = try folder(request.folder)
        let recursive = request.recursive ?? false
        let query = request.query ?? TableQuery()
        let table = try await run { try $0.hierarchy(of: folder, recursive: recursive, query) }
        return TableResponse(rows: table.rows.map(\.properties), totalCount: Int32(clamping: table.totalCount))
    }

    func createFolder(_ request: CreateFolderRequest) async throws -> CreatedResponse<CreateFolderRequest> {
        let parent = try folder(request.parent, "parent")
        let created = try await write { try $0.createFolder(in: parent, name: request.name, properties: request.properties ?? []) }
        return CreatedResponse(entryID: created.entryID.bytes, sourceKey: created.sourceKey.bytes, changeKey: created.changeKey.bytes)
    }

    func deleteFolder(_ request: DeleteFolderRequest) async throws -> EmptyResponse<DeleteFolderRequest> {
        let folder = try folder(request.folder)
        try await write { try $0.deleteFolder(folder) }
        return EmptyResponse()
    }

    func emptyFolder(_ request: EmptyFolderRequest) async throws -> EmptyResponse<EmptyFolderRequest> {
        let folder = try folder(request.folder)
        try await write { try $0.emptyFolder(folder, hard: request.hard ?? false) }
        return EmptyResponse()
    }

    func queryRows(_ request: QueryRowsRequest) async throws -> TableResponse<QueryRowsRequest> {
        let folder = try folder(request.folder)
        let table = try await run { try $0.contents(of: folder, request.query) }
        return TableResponse(rows: table.rows.map(\.properties), totalCount: Int32(clamping: table.totalCount))
    }

    func search(_ request: SearchRequest) async throws -> SearchResponse {
        let folder = try folder(request.folder)
        let limit = Int(request.limit ?? 500)
        guard (1...10_000).contains(limit) else { throw MAPIError(.invalidParameter, "<limit> must be 1…10000") }
        // Searching first indexes what is queued (a write of the index, not of the store).
        let found = try await run { try $0.search(request.query, in: folder, recursive: request.recursive ?? false, limit: limit) }
        return SearchResponse(items: found.map(\.bytes))
    }
}
