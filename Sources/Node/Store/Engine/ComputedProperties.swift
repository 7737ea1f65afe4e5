import MAPI

/// Properties the store computes or assigns itself; clients read them but cannot set them.
enum ComputedProperties {
    static let readOnlyIDs: Set<UInt16> = [
        PropertyTag.entryID.id, PropertyTag.parentEntryID.id, PropertyTag.recordKey.id, PropertyTag.sourceKey.id,
        PropertyTag.parentSourceKey.id, PropertyTag.changeKey.id, PropertyTag.predecessorChangeList.id,
        PropertyTag.storeEntryID.id, PropertyTag.storeRecordKey.id, PropertyTag.messageSize.id,
        PropertyTag.hasAttachments.id, PropertyTag.contentCount.id, PropertyTag.contentUnreadCount.id,
        PropertyTag.subfolders.id, PropertyTag.folderChildCount.id, PropertyTag.attachNumber.id,
        PropertyTag.attachSize.id, PropertyTag.folderType.id, PropertyTag.depth.id, PropertyTag.deletedCountTotal.id,
        PropertyTag.instanceKey.id,
    ]

    static func isReadOnly(_ id: UInt16) -> Bool { readOnlyIDs.contains(id) }
}

extension StoreEngine {
    /// Checks client-supplied properties: valid tags, limits, nothing read-only.
    func validateIncoming(_ properties: [Property]) throws(MAPIError) {
        for property in properties {
            try PropertyValidation.validate(property, limits: configuration.limits)
            if ComputedProperties.isReadOnly(property.id) {
                throw MAPIError(.noAccess, "property \(property.tag) is computed by the store and cannot be set")
            }
        }
    }
}
