// Properties of incremental change synchronization (ICS).
extension PropertyTag {
    /// PR_SOURCE_KEY: The object's sync identity: server GUID plus a 6-byte counter.
    public static let sourceKey = PropertyTag(id: 0x65E0, type: .binary)
    /// PR_PARENT_SOURCE_KEY: The source key of the containing folder.
    public static let parentSourceKey = PropertyTag(id: 0x65E1, type: .binary)
    /// PR_CHANGE_KEY: The version of the object: server GUID plus change number (XID).
    public static let changeKey = PropertyTag(id: 0x65E2, type: .binary)
    /// PR_PREDECESSOR_CHANGE_LIST: All versions the object descends from (PCL: size-prefixed XIDs).
    public static let predecessorChangeList = PropertyTag(id: 0x65E3, type: .binary)
    /// PR_CHANGE_NUM: The store's change number of the object's last change.
    public static let changeNumber = PropertyTag(id: 0x67A4, type: .i8)
}
