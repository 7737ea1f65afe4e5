import SOAP

extension OperationContext {
    /// Decodes the request of `operation`, runs it and encodes its answer.
    func perform(_ operation: SOAPOperation, _ body: XML.Element) async throws -> [UInt8] {
        switch operation.name {
        case LogoffRequest.operationName: try await answer(body, logoff)
        case GetStoreRequest.operationName: try await answer(body, getStore)
        case GetHierarchyRequest.operationName: try await answer(body, getHierarchy)
        case CreateFolderRequest.operationName: try await answer(body, createFolder)
        case DeleteFolderRequest.operationName: try await answer(body, deleteFolder)
        case EmptyFolderRequest.operationName: try await answer(body, emptyFolder)
        case CreateItemRequest.operationName: try await answer(body, createItem)
        case GetItemRequest.operationName: try await answer(body, getItem)
        case GetPropsRequest.operationName: try await answer(body, getProps)
        case SetPropsRequest.operationName: try await answer(body, setProps)
        case DeletePropsRequest.operationName: try await answer(body, deleteProps)
        case QueryRowsRequest.operationName: try await answer(body, queryRows)
        case MoveItemsRequest.operationName: try await answer(body, moveItems)
        case CopyItemsRequest.operationName: try await answer(body, copyItems)
        case DeleteItemsRequest.operationName: try await answer(body, deleteItems)
        case SetReadFlagsRequest.operationName: try await answer(body, setReadFlags)
        case GetIDsFromNamesRequest.operationName: try await answer(body, getIDsFromNames)
        case GetNamesFromIDsRequest.operationName: try await answer(body, getNamesFromIDs)
        case CreateAttachmentRequest.operationName: try await answer(body, createAttachment)
        case AppendAttachmentRequest.operationName: try await answer(body, appendAttachment)
        case GetAttachmentRequest.operationName: try await answer(body, getAttachment)
        case SubmitMessageRequest.operationName: try await answer(body, submitMessage)
        case GetChangesRequest.operationName: try await answer(body, getChanges)
        case ImportChangesRequest.operationName: try await answer(body, importChanges)
        case SearchRequest.operationName: try await answer(body, search)
        case ExportItemRequest.operationName: try await answer(body, exportItem)
        case ImportItemRequest.operationName: try await answer(body, importItem)
        case GetNotificationsRequest.operationName: try await answer(body, getNotifications)
        case ResolveUserRequest.operationName: try await answer(body, resolveUser)
        case ServerDetailsRequest.operationName: try await answer(body, serverDetails)
        case ClusterMembersRequest.operationName: try await answer(body, clusterMembers)
        case PlacementRequest.operationName: try await answer(body, placement)
        default: preconditionFailure("operation \(operation.name) has no handler")
        }
    }

    private func answer<R: SOAPRequestMessage>(
        _ body: XML.Element, _ handler: (R) async throws -> R.Response
    ) async throws -> [UInt8] {
        try await handler(R(element: body)).envelope()
    }

    private func logoff(_: LogoffRequest) async throws -> EmptyResponse<LogoffRequest> {
        try await service.sessions.logoff(session)
        return EmptyResponse()
    }
}
