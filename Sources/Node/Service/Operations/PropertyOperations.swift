import MAPI
import SOAP

extension OperationContext {
    func getProps(_ request: GetPropsRequest) async throws -> GetPropsResponse {
        let object = try entryID(request.object, "object", kinds: [.store, .folder, .message])
        let tags = request.tags
        let properties = try await run { engine -> [Property] in
            switch object.kind {
            case .store: try engine.store(guid: object.store).properties.selecting(tags)
            case .folder: try engine.folderProperties(object).selecting(tags)
            case .message: try engine.messageProperties(object, tags: nil).selecting(tags)
            }
        }
        return GetPropsResponse(properties: properties)
    }

    func setProps(_ request: SetPropsRequest) async throws -> ChangeKeyResponse<SetPropsRequest> {
        let object = try entryID(request.object, "object", kinds: [.folder, .message])
        let properties = request.properties
        let key = try await write { engine in
            object.kind == .folder
                ? try engine.setFolderProperties(object, properties) : try engine.setMessageProperties(object, properties)
        }
        return ChangeKeyResponse(changeKey: key.bytes)
    }

    func deleteProps(_ request: DeletePropsRequest) async throws -> ChangeKeyResponse<DeletePropsRequest> {
        let object = try entryID(request.object, "object", kinds: [.folder, .message])
        let tags = request.tags
        let key = try await write { engine in
            object.kind == .folder
                ? try engine.deleteFolderProperties(object, tags) : try engine.deleteMessageProperties(object, tags)
        }
        return ChangeKeyResponse(changeKey: key.bytes)
    }

    func getIDsFromNames(_ request: GetIDsFromNamesRequest) async throws -> GetIDsFromNamesResponse {
        guard !request.names.isEmpty, request.names.count <= 1_000 else {
            throw MAPIError(.invalidParameter, "GetIDsFromNames takes 1…1000 names")
        }
        let names = request.names
        let create = request.create ?? false
        let ids = try await (create ? write : run) { try $0.propertyIDs(for: names, create: create) }
        return GetIDsFromNamesResponse(ids: ids.map { $0 ?? 0 })
    }

    func getNamesFromIDs(_ request: GetNamesFromIDsRequest) async throws -> GetNamesFromIDsResponse {
        guard !request.ids.isEmpty, request.ids.count <= 1_000 else {
            throw MAPIError(.invalidParameter, "GetNamesFromIDs takes 1…1000 ids")
        }
        let ids = request.ids
        let names = try await run { try $0.propertyNames(for: ids) }
        return GetNamesFromIDsResponse(mappings: zip(ids, names).map { NamedPropertyMapping(id: $0, name: $1) })
    }
}
