import ArgumentParser
import Client
import Foundation

/// `tessera client create`: a new item, with recipients and attachments.
struct ClientCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an item (a draft by default), optionally send it.")

    @Option(help: "The folder's path.") var folder = "Drafts"
    @Option(help: "The subject.") var subject: String?
    @Option(help: "The plain-text body.") var body: String?
    @Option(help: "Read the body from this file (- for standard input).") var bodyFile: String?
    @Option(help: "A To recipient: a@example.org or \"Name <a@example.org>\" (repeatable).") var to: [String] = []
    @Option(help: "A Cc recipient (repeatable).") var cc: [String] = []
    @Option(help: "A Bcc recipient (repeatable).") var bcc: [String] = []
    @Option(help: "Attach this file (repeatable).") var attach: [String] = []
    @Flag(help: "Submit the item for delivery after creating it.") var send = false
    @OptionGroup var connection: ClientConnectionOptions

    func validate() throws {
        if body != nil && bodyFile != nil { throw ValidationError("give --body or --body-file, not both") }
        if send && to.isEmpty && cc.isEmpty && bcc.isEmpty { throw ValidationError("--send needs a recipient") }
    }

    func run() async throws {
        let text = try bodyFile.map(Self.readText) ?? body
        let attachments = try attach.map { path in
            let url = URL(fileURLWithPath: path)
            return NewAttachment(name: url.lastPathComponent, data: Array(try Data(contentsOf: url)), mimeType: MIMETypes.guess(url.pathExtension))
        }
        let item = try await connection.withServer { server in
            let item = try await server.store.folder(path: folder).createItem(
                subject: subject, body: text, to: to, cc: cc, bcc: bcc, attachments: attachments)
            if send { try await item.send() }
            return item
        }
        if connection.json {
            try ClientOutput.json(["entryID": item.entryID.hex, "sent": send] as [String: Any])
        } else {
            print(item.entryID.hex)
            ClientOutput.note("created in \(folder)\(send ? " and submitted" : "")")
        }
    }

    private static func readText(_ path: String) throws -> String {
        let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(path) is not UTF-8 text") }
        return text
    }
}

/// MIME types of common file name extensions (unknown ones get none: the server or the
/// recipient's client guesses).
enum MIMETypes {
    static let byExtension: [String: String] = [
        "txt": "text/plain", "html": "text/html", "htm": "text/html", "csv": "text/csv", "pdf": "application/pdf",
        "zip": "application/zip", "json": "application/json", "xml": "application/xml", "png": "image/png",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml", "ics": "text/calendar",
        "vcf": "text/vcard", "eml": "message/rfc822", "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]

    static func guess(_ pathExtension: String) -> String? { byExtension[pathExtension.lowercased()] }
}
