import SOAP

/// An attachment of an item: its properties (from the attachment table) and, on request, its
/// data.
public struct Attachment: Sendable, Hashable, CustomStringConvertible {
    /// The server (session) it was read through.
    public let server: Server
    /// The entry id of the item it belongs to.
    public let itemID: EntryID
    /// PR_ATTACH_NUM: its number within the item.
    public let number: Int32
    /// The attachment-table row (no data).
    public let properties: PropertyBag

    init(server: Server, itemID: EntryID, number: Int32, properties: PropertyBag) {
        self.server = server
        self.itemID = itemID
        self.number = number
        self.properties = properties
    }

    /// The file name: PR_ATTACH_LONG_FILENAME, else PR_ATTACH_FILENAME, else PR_DISPLAY_NAME.
    public var name: String? { properties[.attachLongFilename] ?? properties[.attachFilename] ?? properties[.displayName] }
    /// PR_ATTACH_SIZE.
    public var size: Int? { properties[.attachSize].map(Int.init) }
    /// PR_ATTACH_MIME_TAG.
    public var mimeType: String? { properties[.attachMimeTag] }

    /// Downloads the data in chunks of ``ClientOptions/chunkSize`` (GetAttachment with offset
    /// and length), checking each answer (``ChunkedDownload``).
    public func data() async throws(TesseraClientError) -> [UInt8] {
        var download = ChunkedDownload(chunkSize: server.options.chunkSize)
        var step = download.start()
        while true {
            switch step {
            case .fetch(let offset, let length):
                let answer = try await server.call(
                    GetAttachmentRequest(item: itemID.bytes, attachNum: number, offset: offset, length: length))
                step = download.received(answer.data, totalSize: answer.totalSize)
            case .done(let data):
                return data
            case .fail(let error):
                throw error
            }
        }
    }

    public static func == (a: Attachment, b: Attachment) -> Bool { a.itemID == b.itemID && a.number == b.number }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(itemID)
        hasher.combine(number)
    }

    /// `report.pdf (#0)`.
    public var description: String { "\(name ?? "(unnamed)") (#\(number))" }
}

extension Item {
    /// The item's attachments, read from the server now (their rows, not their data).
    public var attachments: [Attachment] {
        get async throws(TesseraClientError) {
            let answer = try await server.call(GetItemRequest(item: entryID.bytes, tags: [.entryID]))
            return answer.attachments.compactMap { row in
                let bag = PropertyBag(row)
                guard let number = bag[.attachNumber] else { return nil }
                return Attachment(server: server, itemID: entryID, number: number, properties: bag)
            }
        }
    }

    /// Adds an attachment: in one CreateAttachment up to ``ClientOptions/singleUploadLimit``,
    /// larger data in chunks of ``ClientOptions/chunkSize`` (CreateAttachment with `more`, then
    /// AppendAttachment; see ``ChunkedUpload``).
    public func addAttachment(name: String, data: [UInt8], mimeType: String? = nil) async throws(TesseraClientError)
        -> Attachment
    {
        let properties = NewAttachment.properties(name: name, mimeType: mimeType)
        let options = server.options
        var upload = ChunkedUpload(size: data.count, singleLimit: options.singleUploadLimit, chunkSize: options.chunkSize)
        var step = upload.start()
        while true {
            switch step {
            case .done(let number):
                var row = PropertyBag(properties)
                row.merge(loaded: [
                    Property(id: PropertyTag.attachNumber.id, value: .long(number)),
                    Property(id: PropertyTag.attachSize.id, value: .long(Int32(clamping: data.count))),
                ])
                return Attachment(server: server, itemID: entryID, number: number, properties: row)
            case .fail(let error):
                throw error
            case .createWhole, .createFirst, .append:
                do {
                    let answer = try await send(step, data: data, properties: properties)
                    step = upload.answered(attachNum: answer.attachNum, upload: answer.upload, received: answer.received)
                } catch {
                    step = upload.failed(error)
                }
            }
        }
    }

    /// Sends the request of one upload step.
    private func send(_ step: ChunkedUpload.Step, data: [UInt8], properties: [Property]) async throws(TesseraClientError)
        -> (attachNum: Int32?, upload: String?, received: Int64?)
    {
        switch step {
        case .createWhole:
            let answer = try await server.call(CreateAttachmentRequest(item: entryID.bytes, properties: properties, data: data.isEmpty ? nil : data))
            return (answer.attachNum, answer.upload, nil)
        case .createFirst(let range):
            let answer = try await server.call(
                CreateAttachmentRequest(item: entryID.bytes, properties: properties, data: Array(data[range]), more: true))
            return (answer.attachNum, answer.upload, nil)
        case .append(let id, let range, let more):
            let answer = try await server.call(
                AppendAttachmentRequest(upload: id, offset: Int64(range.lowerBound), data: Array(data[range]), more: more))
            return (answer.attachNum, nil, answer.received)
        case .done, .fail:
            preconditionFailure("no request for a finished upload")
        }
    }
}
