import MAPI
import SOAP

extension OperationContext {
    func createAttachment(_ request: CreateAttachmentRequest) async throws -> AttachmentUploadResponse<CreateAttachmentRequest> {
        let item = try item(request.item)
        let properties = request.properties
        guard request.more == true else {
            let content: AttachmentContent = request.data.map { .bytes($0) } ?? .none
            let number = try await write { try $0.addAttachment(to: item, NewAttachment(properties: properties, content: content)) }
            return AttachmentUploadResponse(attachNum: number)
        }
        let uploads = service.uploads
        let owner = session.userID.rawValue
        let first = request.data ?? []
        let id = try await run { engine -> String in
            let (id, upload) = try uploads.open(owner: owner, item: item, properties: properties, blobs: engine.blobStore)
            do {
                try upload.writer.write(first)
                upload.lastChunk = (0, first.count)
                uploads.release(id)
                return id
            } catch {
                uploads.finish(id, discard: true)
                throw error
            }
        }
        return AttachmentUploadResponse(upload: id)
    }

    func appendAttachment(_ request: AppendAttachmentRequest) async throws -> AttachmentUploadResponse<AppendAttachmentRequest> {
        let uploads = service.uploads
        let owner = session.userID.rawValue
        let id = request.upload
        let (offset, data, last) = (request.offset, request.data, request.more != true)
        let (number, received) = try await write { engine -> (Int32?, Int64) in
            let upload = try uploads.take(id, owner: owner)
            let received = upload.writer.bytesWritten
            let repeated = upload.lastChunk.map { $0.offset == offset && $0.count == data.count } ?? false
                && !data.isEmpty && offset + Int64(data.count) == received
            if !repeated {
                guard offset == received else {
                    uploads.release(id)  // the client may resend from the right offset
                    throw MAPIError(.invalidParameter, "chunk at offset \(offset), but \(received) bytes have been received")
                }
                do {
                    try upload.writer.write(data)
                } catch {
                    uploads.finish(id, discard: true)
                    throw error
                }
                upload.lastChunk = (offset, data.count)
            }
            guard last else {
                uploads.release(id)
                return (nil, upload.writer.bytesWritten)
            }
            // The upload is gone from here on, attached or not.
            uploads.finish(id, discard: false)
            let total = upload.writer.bytesWritten
            let staged: StagedBlob
            do {
                staged = try upload.writer.finish()
            } catch {
                upload.writer.cancel()
                throw error
            }
            let number = try engine.addAttachment(
                to: upload.item, NewAttachment(properties: upload.properties, content: .staged(staged)))
            return (number, total)
        }
        return AttachmentUploadResponse(attachNum: number, received: received)
    }

    func getAttachment(_ request: GetAttachmentRequest) async throws -> GetAttachmentResponse {
        let item = try item(request.item)
        let number = request.attachNum
        let offset = request.offset ?? 0
        let length = Int(request.length ?? Int32(service.configuration.attachmentChunkBytes))
        guard offset >= 0, length > 0, length <= service.configuration.attachmentChunkBytes else {
            throw MAPIError(
                .invalidParameter, "<offset> must be ≥ 0 and <length> 1…\(service.configuration.attachmentChunkBytes)")
        }
        return try await run { engine in
            let message = try engine.message(item)
            guard let row = message.attachments.first(where: { $0[tag: .attachNumber] == .long(number) }) else {
                throw MAPIError(.notFound, "the item has no attachment \(number)")
            }
            var data = try engine.attachmentData(of: item, number: number)
            let total = data.remainingBytes
            guard offset <= total else { throw MAPIError(.invalidParameter, "<offset> \(offset) is past the end (\(total) bytes)") }
            try data.skip(offset)
            let chunk = try data.read(maxBytes: length)
            return GetAttachmentResponse(properties: row.properties, data: chunk, totalSize: total)
        }
    }
}
