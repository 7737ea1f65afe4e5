/// Every request message type, one per operation of ``SOAPOperation/all``; a test checks that
/// the two lists match and that each type writes its parts in the declared order.
public enum MessageCatalog {
    public static let requestTypes: [any SOAPRequestMessage.Type] = [
        LogonRequest.self, LogoffRequest.self, GetStoreRequest.self, GetHierarchyRequest.self, CreateFolderRequest.self,
        DeleteFolderRequest.self, EmptyFolderRequest.self, CreateItemRequest.self, GetItemRequest.self, GetPropsRequest.self,
        SetPropsRequest.self, DeletePropsRequest.self, QueryRowsRequest.self, MoveItemsRequest.self, CopyItemsRequest.self,
        DeleteItemsRequest.self, SetReadFlagsRequest.self, GetIDsFromNamesRequest.self, GetNamesFromIDsRequest.self,
        CreateAttachmentRequest.self, AppendAttachmentRequest.self, GetAttachmentRequest.self, SubmitMessageRequest.self,
        GetChangesRequest.self, ImportChangesRequest.self, SearchRequest.self, ExportItemRequest.self, ImportItemRequest.self,
        GetNotificationsRequest.self, ResolveUserRequest.self, ServerDetailsRequest.self, ClusterMembersRequest.self,
        PlacementRequest.self,
    ]

    /// The request type of the operation called `name`.
    public static func requestType(named name: String) -> (any SOAPRequestMessage.Type)? { byName[name] }

    private static let byName: [String: any SOAPRequestMessage.Type] = Dictionary(
        uniqueKeysWithValues: requestTypes.map { ($0.operationName, $0) })
}
