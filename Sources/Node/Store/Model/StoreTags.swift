import MAPI

extension PropertyTag {
    /// PR_DELETED_COUNT_TOTAL: soft-deleted messages in a folder.
    public static let deletedCountTotal = PropertyTag(id: 0x670B, type: .long)
    /// PR_CONFLICT_ITEMS: entry ids of the conflict copies of a message (ICS import).
    public static let conflictItems = PropertyTag(id: 0x1098, type: .multiBinary)
}
