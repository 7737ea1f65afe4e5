import MAPI

extension PropertySet {
    /// Sets what identifies a folder or message of `store`: its entry id (also its record
    /// key), its source key, and its store's entry id and record key. Computed, never stored.
    mutating func setIdentity(_ kind: EntryID.Kind, sourceKey: SourceKey, in store: StoreRow) {
        let entryID = EntryID(store: store.guid, kind: kind, sourceKey: sourceKey)
        self[id: PropertyTag.entryID.id] = .binary(entryID.bytes)
        self[id: PropertyTag.recordKey.id] = .binary(entryID.bytes)
        self[id: PropertyTag.sourceKey.id] = .binary(sourceKey.bytes)
        self[id: PropertyTag.storeEntryID.id] = .binary(EntryID(store: store.guid, kind: .store, sourceKey: nil).bytes)
        self[id: PropertyTag.storeRecordKey.id] = .binary(store.guid.bytes)
    }
}
