/// Where the standard folders are, worked out from what the server tells: the store
/// properties first (``StandardFolder/storeProperty``, and Junk E-mail as element 4 of
/// PR_ADDITIONAL_REN_ENTRYIDS), then, for what they leave out, the names of the IPM subtree's
/// children, and the subtree's parent for the root. Pure; ``StoreSnapshot`` asks the server for
/// the inputs.
enum StandardFolderLocator {
    /// The folders the store properties name.
    static func fromStore(_ properties: PropertySet) -> [StandardFolder: EntryID] {
        var found: [StandardFolder: EntryID] = [:]
        for folder in StandardFolder.allCases {
            if let tag = folder.storeProperty, let bytes = properties[tag: tag]?.bytes, !bytes.isEmpty {
                found[folder] = EntryID(bytes)
            }
        }
        if case .multiBinary(let ids)? = properties[tag: .additionalRenEntryIDs] {
            let index = AdditionalRenEntryID.junk.rawValue
            if ids.count > index, !ids[index].isEmpty { found[.junk] = EntryID(ids[index]) }
        }
        return found
    }

    /// The folders below the IPM subtree that `found` lacks.
    static func missingBelowSubtree(_ found: [StandardFolder: EntryID]) -> [StandardFolder] {
        StandardFolder.allCases.filter { $0.parent == .ipmSubtree && found[$0] == nil }
    }

    /// The `missing` folders found by name among the IPM subtree's children (as
    /// ``FolderNameMatch`` matches names).
    static func byName(_ children: [(name: String, entryID: EntryID)], missing: [StandardFolder]) -> [StandardFolder: EntryID] {
        var found: [StandardFolder: EntryID] = [:]
        for folder in missing {
            if let match = FolderNameMatch.find(folder.displayName, in: children) { found[folder] = match }
        }
        return found
    }
}
