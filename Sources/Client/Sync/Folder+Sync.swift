import SOAP

/// ICS: what changed in a folder since a sync state.
extension Folder {
    /// The changes of the folder's contents since `state` (nil: everything, a first sync),
    /// read in batches of ``ClientOptions/syncBatchSize`` until the server has no more, and the
    /// new state.
    ///
    /// Store the new state only after processing the changes (``SyncStateStore/save(_:for:)``):
    /// a crash in between then repeats changes rather than losing them.
    public func sync(state: SyncState? = nil) async throws(TesseraClientError) -> SyncResult {
        try await server.changes(folder: entryID, hierarchy: false, state: state)
    }
}

extension Store {
    /// The changes of the folder hierarchy since `state`, and the new state.
    public func syncHierarchy(state: SyncState? = nil) async throws(TesseraClientError) -> SyncResult {
        try await server.changes(folder: nil, hierarchy: true, state: state)
    }
}

extension Server {
    /// GetChanges until `more` is false.
    func changes(folder: EntryID?, hierarchy: Bool, state: SyncState?) async throws(TesseraClientError) -> SyncResult {
        var changes: [FolderChange] = []
        var current = state
        while true {
            let answer = try await call(
                GetChangesRequest(
                    folder: folder?.bytes, hierarchy: hierarchy ? true : nil, syncState: current?.bytes,
                    batchSize: options.syncBatchSize))
            changes += answer.changes.map(FolderChange.init)
            let next = SyncState(answer.syncState)
            guard answer.more else { return SyncResult(changes: changes, state: next) }
            guard next != current || !answer.changes.isEmpty else {
                throw TesseraClientError(.network, "GetChanges says there is more but makes no progress")
            }
            current = next
        }
    }
}
