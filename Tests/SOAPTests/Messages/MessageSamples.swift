import MAPI
import SOAP

/// One request and one response of every operation, with every optional part filled (and a
/// few with optional parts left out), for the round-trip tests.
enum MessageSamples {
    static let storeGUID = GUID("6F1C0A52-8E0B-4C33-9A4E-2B7D5E81C0DA")!
    static let serverGUID = GUID("0B3E2F44-91AA-4F6C-8D21-7C5A9E0F1234")!
    /// A source key (server GUID + 48-bit counter) and a folder entry id built like the node's.
    static let key: [UInt8] = serverGUID.bytes + [0x2A, 0x01, 0, 0, 0, 0]
    static let id: [UInt8] = [0, 0, 0, 0] + storeGUID.bytes + [1, 3] + key
    static let props: [Property] = [
        try! Property(.subject, .unicode("Quarterly <report> & figures")), try! Property(.messageFlags, .long(1)),
    ]
    static let named = NamedProperty(guid: GUID("00020329-0000-0000-C000-000000000046")!, name: "Keywords")
    static let query = TableQuery(
        columns: [.subject], restriction: .exists(.subject), sort: [SortKey(.subject, ascending: false)], offset: 5, limit: 50)

    static let requests: [any SOAPRequestMessage] = [
        LogonRequest(user: "alice", password: "s3cret <&>"), LogoffRequest(), GetStoreRequest(tags: [.subject]), GetStoreRequest(),
        GetHierarchyRequest(folder: id, recursive: true, query: query), CreateFolderRequest(parent: id, name: "Projects", properties: props),
        DeleteFolderRequest(folder: id), EmptyFolderRequest(folder: id, hard: true),
        CreateItemRequest(
            folder: id, properties: props, recipients: [props, props],
            attachments: [AttachmentPart(properties: props, data: [1, 2, 3]), AttachmentPart(properties: [])]),
        GetItemRequest(item: id, tags: [.subject]), GetPropsRequest(object: id), SetPropsRequest(object: id, properties: props),
        DeletePropsRequest(object: id, tags: [.subject]), QueryRowsRequest(folder: id, query: query),
        MoveItemsRequest(items: [id, id], destination: id), CopyItemsRequest(items: [id], destination: id),
        DeleteItemsRequest(items: [id], hard: false), SetReadFlagsRequest(items: [id], read: true),
        GetIDsFromNamesRequest(names: [named, NamedProperty(guid: named.guid, id: 0x8501)], create: true),
        GetNamesFromIDsRequest(ids: [0x8001, 0x8002]),
        CreateAttachmentRequest(item: id, properties: props, data: [9, 9], more: true),
        AppendAttachmentRequest(upload: "u-1", offset: 1 << 33, data: [1], more: false),
        GetAttachmentRequest(item: id, attachNum: 2, offset: 1024, length: 65536), SubmitMessageRequest(item: id),
        GetChangesRequest(folder: id, hierarchy: false, syncState: key, batchSize: 100), GetChangesRequest(hierarchy: true),
        ImportChangesRequest(
            folder: id,
            changes: [
                SyncChange(kind: .upsert, sourceKey: key, changeKey: key, predecessorChangeList: key, properties: props),
                SyncChange(kind: .delete, sourceKey: key, hard: true), SyncChange(kind: .readState, sourceKey: key, read: false),
            ]),
        SearchRequest(folder: id, query: "\"budget\" OR plan*", recursive: true, limit: 10),
        ExportItemRequest(item: id, format: "eml"), ImportItemRequest(folder: id, format: "vcf", data: [65]),
        GetNotificationsRequest(cursor: 42, timeoutSeconds: 30), GetNotificationsRequest(), ResolveUserRequest(name: "bob"),
        ServerDetailsRequest(), ClusterMembersRequest(), PlacementRequest(user: "carol"),
    ]

    static let responses: [any SOAPMessage] = [
        LogonResponse(session: "tok.en", expiresAt: 1_800_000_000, storeGUID: named.guid, storeEntryID: id, homeServer: "s1"),
        EmptyResponse<LogoffRequest>(), GetStoreResponse(storeEntryID: id, properties: props),
        TableResponse<GetHierarchyRequest>(rows: [props, []], totalCount: 2),
        CreatedResponse<CreateFolderRequest>(entryID: id, sourceKey: key, changeKey: key), EmptyResponse<DeleteFolderRequest>(),
        EmptyResponse<EmptyFolderRequest>(), CreatedResponse<CreateItemRequest>(entryID: id, sourceKey: key, changeKey: key),
        GetItemResponse(properties: props, recipients: [props], attachments: []), GetPropsResponse(properties: props),
        ChangeKeyResponse<SetPropsRequest>(changeKey: key), ChangeKeyResponse<DeletePropsRequest>(changeKey: key),
        TableResponse<QueryRowsRequest>(rows: [props], totalCount: 10_000), EmptyResponse<MoveItemsRequest>(),
        CopyItemsResponse(items: [id, key]), EmptyResponse<DeleteItemsRequest>(), EmptyResponse<SetReadFlagsRequest>(),
        GetIDsFromNamesResponse(ids: [0x8000, 0]),
        GetNamesFromIDsResponse(mappings: [NamedPropertyMapping(id: 0x8000, name: named), NamedPropertyMapping(id: 0x8001, name: nil)]),
        AttachmentUploadResponse<CreateAttachmentRequest>(upload: "u-1"),
        AttachmentUploadResponse<CreateAttachmentRequest>(attachNum: 0),
        AttachmentUploadResponse<AppendAttachmentRequest>(attachNum: 3, received: 5_000_000),
        AttachmentUploadResponse<AppendAttachmentRequest>(received: 1_048_576),
        GetAttachmentResponse(properties: props, data: [1, 2, 3], totalSize: 5_000_000), EmptyResponse<SubmitMessageRequest>(),
        GetChangesResponse(
            changes: [SyncChange(kind: .upsert, sourceKey: key, parentSourceKey: key, properties: props)], syncState: key, more: true),
        ImportChangesResponse(outcomes: ["applied", "conflict"]), SearchResponse(items: [id]), ExportItemResponse(data: [1]),
        ImportItemResponse(entryID: id),
        GetNotificationsResponse(
            notifications: [
                StoreNotification(kind: .newMail, entryID: id, parentEntryID: key),
                StoreNotification(kind: .folderDeleted, entryID: nil, parentEntryID: nil),
            ], cursor: 43),
        ResolveUserResponse(userID: "u1", displayName: "Bob", email: "bob@example.com", homeServer: "s2", serverURL: nil),
        ServerDetailsResponse(node: "n1", version: "0.1", servers: ["s1", "s2"]),
        ClusterMembersResponse(members: [ClusterMemberPart(node: "n1", url: "http://n1/soap", state: "alive", servers: ["s1"])]),
        PlacementResponse(homeServer: "s1", node: "n1", url: "http://n1:8080/soap"),
    ]
}
