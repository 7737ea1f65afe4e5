// Properties of folders.
extension PropertyTag {
    /// PR_FOLDER_TYPE: Root, generic or search folder, see ``FolderType``.
    public static let folderType = PropertyTag(id: 0x3601, type: .long)
    /// PR_CONTENT_COUNT: The number of (non-associated) messages (computed).
    public static let contentCount = PropertyTag(id: 0x3602, type: .long)
    /// PR_CONTENT_UNREAD: The number of unread messages (computed).
    public static let contentUnreadCount = PropertyTag(id: 0x3603, type: .long)
    /// PR_ASSOC_CONTENT_COUNT: The number of associated (FAI) messages (computed).
    public static let associatedContentCount = PropertyTag(id: 0x3617, type: .long)
    /// PR_SUBFOLDERS: Whether the folder has subfolders (computed).
    public static let subfolders = PropertyTag(id: 0x360A, type: .boolean)
    /// PR_FOLDER_CHILD_COUNT: The number of subfolders (computed).
    public static let folderChildCount = PropertyTag(id: 0x6638, type: .long)
    /// PR_CONTAINER_CLASS: The kind of items the folder holds, e.g. `IPF.Note`.
    public static let containerClass = PropertyTag(id: 0x3613, type: .unicode)
    /// PR_CONTAINER_FLAGS: AB_* container bits.
    public static let containerFlags = PropertyTag(id: 0x3600, type: .long)
    /// PR_DEPTH: The row's depth below the table's folder in a hierarchy table.
    public static let depth = PropertyTag(id: 0x3005, type: .long)
    /// PR_ATTR_HIDDEN: Whether clients hide the folder.
    public static let attributeHidden = PropertyTag(id: 0x10F4, type: .boolean)
    /// PR_EXTENDED_FOLDER_FLAGS: Outlook's extended folder flags blob.
    public static let extendedFolderFlags = PropertyTag(id: 0x36DA, type: .binary)
}
