// Properties every kind of object has: identity, keys, names and timestamps.
extension PropertyTag {
    /// PR_ENTRYID: The object's entry id: store GUID plus object id (stable across moves of the store).
    public static let entryID = PropertyTag(id: 0x0FFF, type: .binary)
    /// PR_PARENT_ENTRYID: The entry id of the containing folder.
    public static let parentEntryID = PropertyTag(id: 0x0E09, type: .binary)
    /// PR_RECORD_KEY: A binary-comparable key unique within the store.
    public static let recordKey = PropertyTag(id: 0x0FF9, type: .binary)
    /// PR_STORE_ENTRYID: The entry id of the store holding the object.
    public static let storeEntryID = PropertyTag(id: 0x0FFB, type: .binary)
    /// PR_STORE_RECORD_KEY: The record key of the store holding the object.
    public static let storeRecordKey = PropertyTag(id: 0x0FFA, type: .binary)
    /// PR_INSTANCE_KEY: Identifies a row of a table (unique within that table).
    public static let instanceKey = PropertyTag(id: 0x0FF6, type: .binary)
    /// PR_SEARCH_KEY: A key for finding duplicates (e.g. `SMTP:USER@EXAMPLE.ORG` for addresses).
    public static let searchKey = PropertyTag(id: 0x300B, type: .binary)
    /// PR_MAPPING_SIGNATURE: The GUID under which the store's named-property mapping is valid.
    public static let mappingSignature = PropertyTag(id: 0x0FF8, type: .binary)
    /// PR_OBJECT_TYPE: MAPI_STORE, MAPI_FOLDER, MAPI_MESSAGE, MAPI_ATTACH…
    public static let objectType = PropertyTag(id: 0x0FFE, type: .long)
    /// PR_ACCESS: MAPI_ACCESS_* bits: what the session may do with the object.
    public static let access = PropertyTag(id: 0x0FF4, type: .long)
    /// PR_ACCESS_LEVEL: MAPI_MODIFY (1) when the object was opened for writing, else 0.
    public static let accessLevel = PropertyTag(id: 0x0FF7, type: .long)
    /// PR_DISPLAY_NAME: The name shown for a folder, store, recipient or attachment.
    public static let displayName = PropertyTag(id: 0x3001, type: .unicode)
    /// PR_COMMENT: A free-text comment (folder description).
    public static let comment = PropertyTag(id: 0x3004, type: .unicode)
    /// PR_CREATION_TIME: When the object was created.
    public static let creationTime = PropertyTag(id: 0x3007, type: .sysTime)
    /// PR_LAST_MODIFICATION_TIME: When the object was last changed.
    public static let lastModificationTime = PropertyTag(id: 0x3008, type: .sysTime)
    /// PR_LAST_MODIFIER_NAME: Who changed the object last.
    public static let lastModifierName = PropertyTag(id: 0x3FFA, type: .unicode)
    /// PR_DELETED_ON: When a soft-deleted object was deleted.
    public static let deletedOn = PropertyTag(id: 0x668F, type: .sysTime)
}
