import MAPI
import SOAP

extension OperationContext {
    func createItem(_ request: CreateItemRequest) async throws -> CreatedResponse<CreateItemRequest> {
        let folder = try folder(request.folder)
        let message = NewMessage(
            properties: request.properties, recipients: request.recipients ?? [],
            attachments: request.attachments.map { NewAttachment(properties: $0.properties, content: $0.data.map { .bytes($0) } ?? .none) })
        let created = try await write { try $0.createMessage(in: folder, message) }
        return CreatedResponse(entryID: created.entryID.bytes, sourceKey: created.sourceKey.bytes, changeKey: created.changeKey.bytes)
    }

    func getItem(_ request: GetItemRequest) async throws -> GetItemResponse {
        let item = try item(request.item)
        let message = try await run { try $0.message(item) }
        return GetItemResponse(
            properties: message.properties.selecting(request.tags), recipients: message.recipients.map(\.properties),
            attachments: message.attachments.map(\.properties))
    }

    func moveItems(_ request: MoveItemsRequest) async throws -> EmptyResponse<MoveItemsRequest> {
        let (items, destination) = (try items(request.items), try folder(request.destination, "destination"))
        try await write { try $0.moveMessages(items, to: destination) }
        return EmptyResponse()
    }

    func copyItems(_ request: CopyItemsRequest) async throws -> CopyItemsResponse {
        let (items, destination) = (try items(request.items), try folder(request.destination, "destination"))
        let copies = try await write { try $0.copyMessages(items, to: destination) }
        return CopyItemsResponse(items: copies.map(\.bytes))
    }

    func deleteItems(_ request: DeleteItemsRequest) async throws -> EmptyResponse<DeleteItemsRequest> {
        let items = try items(request.items)
        try await write { try $0.deleteMessages(items, hard: request.hard ?? false) }
        return EmptyResponse()
    }

    func setReadFlags(_ request: SetReadFlagsRequest) async throws -> EmptyResponse<SetReadFlagsRequest> {
        let items = try items(request.items)
        try await write { try $0.setReadFlags(items, read: request.read) }
        return EmptyResponse()
    }

    func submitMessage(_ request: SubmitMessageRequest) async throws -> EmptyResponse<SubmitMessageRequest> {
        _ = try item(request.item)
        throw MAPIError(.noSupport, "SubmitMessage: this node has no spooler yet; deliver with CreateItem in the recipient's store")
    }

    func exportItem(_ request: ExportItemRequest) async throws -> ExportItemResponse {
        _ = try item(request.item)
        throw MAPIError(.noSupport, "ExportItem: eml/ics/vcf conversion is not available in this release")
    }

    func importItem(_ request: ImportItemRequest) async throws -> ImportItemResponse {
        _ = try folder(request.folder)
        throw MAPIError(.noSupport, "ImportItem: eml/ics/vcf conversion is not available in this release")
    }
}
