import MAPI
import SOAP

extension OperationContext {
    /// ICS export: a folder's contents, or (hierarchy=true, no folder) the store's folders.
    func getChanges(_ request: GetChangesRequest) async throws -> GetChangesResponse {
        let state = try SyncState(bytes: request.syncState ?? [])
        let batchSize = Int(request.batchSize ?? 512)
        guard (1...10_000).contains(batchSize) else { throw MAPIError(.invalidParameter, "<batchSize> must be 1…10000") }
        switch (request.folder, request.hierarchy ?? false) {
        case (let folderBytes?, false):
            let folder = try folder(folderBytes)
            let batch = try await run { try $0.contentChanges(of: folder, since: state, batchSize: batchSize) }
            return GetChangesResponse(changes: batch.changes.map(Self.wire), syncState: batch.state.bytes, more: batch.hasMore)
        case (nil, true):
            let store = session.storeGUID
            let batch = try await run { try $0.hierarchyChanges(of: store, since: state) }
            return GetChangesResponse(changes: batch.changes.map(Self.wire), syncState: batch.state.bytes, more: batch.hasMore)
        default:
            throw MAPIError(.invalidParameter, "GetChanges needs either <folder> or <hierarchy>true</hierarchy>, not both")
        }
    }

    /// ICS import into a folder's contents; with the store's entry id as `folder`, into the
    /// hierarchy (each change's parentSourceKey names the parent folder).
    func importChanges(_ request: ImportChangesRequest) async throws -> ImportChangesResponse {
        let target = try entryID(request.folder, "folder", kinds: [.folder, .store])
        guard request.changes.count <= 10_000 else { throw MAPIError(.invalidParameter, "at most 10000 changes per import") }
        let changes = request.changes
        let outcomes = try await write { engine in
            try changes.map { change in
                target.kind == .store
                    ? try Self.importFolderChange(change, into: target.store, engine) : try Self.importItemChange(change, into: target, engine)
            }
        }
        return ImportChangesResponse(outcomes: outcomes)
    }

    private static func importItemChange(_ change: SyncChange, into folder: EntryID, _ engine: StoreEngine) throws -> String {
        let key = try sourceKey(change.sourceKey)
        switch change.kind {
        case .upsert:
            let (changeKey, history) = try versions(change)
            let outcome = try engine.importMessage(
                into: folder, sourceKey: key, changeKey: changeKey, history: history, NewMessage(properties: change.properties ?? []))
            return outcome.wireName
        case .delete:
            try engine.importDeletions(in: folder, [key], hard: change.hard ?? false)
            return "applied"
        case .readState:
            try engine.importReadStates(in: folder, [(key, change.read ?? true)])
            return "applied"
        }
    }

    private static func importFolderChange(_ change: SyncChange, into store: GUID, _ engine: StoreEngine) throws -> String {
        let key = try sourceKey(change.sourceKey)
        switch change.kind {
        case .upsert:
            guard let parent = change.parentSourceKey else {
                throw MAPIError(.invalidParameter, "a hierarchy change needs <parentSourceKey>")
            }
            let (changeKey, history) = try versions(change)
            return try engine.importFolder(
                in: store, parentKey: sourceKey(parent), sourceKey: key, changeKey: changeKey, history: history,
                properties: change.properties ?? []
            ).wireName
        case .delete:
            try engine.importFolderDeletion(in: store, sourceKey: key)
            return "applied"
        case .readState:
            throw MAPIError(.invalidParameter, "folders have no read state")
        }
    }

    private static func sourceKey(_ bytes: [UInt8]) throws(MAPIError) -> SourceKey {
        guard let key = SourceKey(bytes: bytes) else { throw MAPIError(.invalidParameter, "not a source key (\(bytes.count) bytes)") }
        return key
    }

    private static func versions(_ change: SyncChange) throws(MAPIError) -> (ChangeKey, PredecessorChangeList) {
        guard let bytes = change.changeKey, let key = ChangeKey(bytes: bytes) else {
            throw MAPIError(.invalidParameter, "an imported upsert needs its <changeKey> (22 bytes)")
        }
        guard let history = PredecessorChangeList(bytes: change.predecessorChangeList ?? []) else {
            throw MAPIError(.invalidParameter, "<predecessorChangeList> is malformed")
        }
        return (key, history)
    }

    private static func wire(_ change: ContentChange) -> SyncChange {
        switch change {
        case .upsert(let key, let message):
            SyncChange(
                kind: .upsert, sourceKey: key.bytes, changeKey: message.properties[tag: .changeKey]?.bytes,
                predecessorChangeList: message.properties[tag: .predecessorChangeList]?.bytes,
                properties: message.properties.properties)
        case .readState(let key, let read): SyncChange(kind: .readState, sourceKey: key.bytes, read: read)
        case .deletion(let key, let soft): SyncChange(kind: .delete, sourceKey: key.bytes, hard: !soft)
        }
    }

    private static func wire(_ change: HierarchyChange) -> SyncChange {
        switch change {
        case .upsert(let key, let properties):
            SyncChange(
                kind: .upsert, sourceKey: key.bytes, parentSourceKey: properties[tag: .parentSourceKey]?.bytes,
                changeKey: properties[tag: .changeKey]?.bytes,
                predecessorChangeList: properties[tag: .predecessorChangeList]?.bytes, properties: properties.properties)
        case .deletion(let key): SyncChange(kind: .delete, sourceKey: key.bytes, hard: true)
        }
    }

    func getNotifications(_ request: GetNotificationsRequest) async throws -> GetNotificationsResponse {
        guard let source = service.notifications else { throw MAPIError(.noSupport, "this node has no notifications") }
        let maximum = service.configuration.maximumNotificationWait
        let asked = Duration.seconds(Int64(request.timeoutSeconds ?? 30))
        guard asked >= .zero else { throw MAPIError(.invalidParameter, "<timeoutSeconds> must be ≥ 0") }
        let (events, cursor) = try await source.notifications(
            of: session.storeGUID, on: engine, after: request.cursor, timeout: min(asked, maximum))
        return GetNotificationsResponse(notifications: events, cursor: cursor)
    }
}

extension ImportOutcome {
    /// The outcome's name in ImportChangesResponse.
    var wireName: String {
        switch self {
        case .applied: "applied"
        case .ignored: "ignored"
        case .conflict, .folderConflict: "conflict"
        }
    }
}
