import ArgumentParser
import Client
import Foundation

/// `tessera client show ITEM-ID`: one item in full.
struct ClientShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an item: headers, recipients, attachments and body.")

    @Argument(help: "The item's entry id in hex (as `items` prints it).") var item: String
    @Flag(help: "Also list every property.") var properties = false
    @Option(help: "Save the attachments into this folder.") var saveAttachments: String?
    @OptionGroup var connection: ClientConnectionOptions

    func run() async throws {
        guard let entryID = EntryID(hex: item) else { throw ValidationError("\(item) is not an entry id in hex") }
        let (item, attachments) = try await connection.withServer { server in
            let item = try await server.item(entryID)
            let attachments = try await item.attachments
            if let folder = saveAttachments {
                for attachment in attachments { try await save(attachment, in: folder) }
            }
            return (item, attachments)
        }
        if connection.json {
            try ClientOutput.json([
                "entryID": item.entryID.hex, "properties": ClientOutput.jsonProperties(item.properties),
                "recipients": (item.recipients ?? []).map { ["name": $0.name, "email": $0.email, "type": "\($0.type)"] },
                "attachments": attachments.map { ["number": Int($0.number), "name": $0.name ?? "", "size": $0.size ?? 0, "mimeType": $0.mimeType ?? ""] },
            ] as [String: Any])
            return
        }
        printHeaders(item)
        for attachment in attachments {
            print("Attachment: #\(attachment.number) \(attachment.name ?? "(unnamed)") (\(attachment.size.map { "\($0) bytes" } ?? "size unknown")\(attachment.mimeType.map { ", " + $0 } ?? ""))")
        }
        print()
        print(item.body ?? "(no plain-text body)")
        if properties {
            print()
            ClientOutput.table(
                ["PROPERTY", "TAG", "VALUE"],
                item.properties.map { [$0.tag.name ?? "", $0.tag.description, PropertyValueText.display($0.value)] })
        }
    }

    private func printHeaders(_ item: Item) {
        let sender = [item.senderName, item.properties[.senderEmailAddress].map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
        let recipients = item.recipients ?? []
        var lines: [(String, String)] = [("Subject", item.subject ?? ""), ("From", sender)]
        for (label, type) in [("To", RecipientType.to), ("Cc", .cc), ("Bcc", .bcc)] {
            let names = recipients.filter { $0.type == type }.map(\.description)
            if !names.isEmpty { lines.append((label, names.joined(separator: ", "))) }
        }
        if let date = item.properties[tag: .messageDeliveryTime] { lines.append(("Date", PropertyValueText.display(date) + " UTC")) }
        lines.append(("Class", item.messageClass ?? ""))
        lines.append(("Entry ID", item.entryID.hex))
        for (label, value) in lines { print((label + ":").padding(toLength: 10, withPad: " ", startingAt: 0) + value) }
    }

    private func save(_ attachment: Attachment, in folder: String) async throws {
        let name = (attachment.name ?? "attachment-\(attachment.number)").replacingOccurrences(of: "/", with: "_")
        let url = URL(fileURLWithPath: folder).appendingPathComponent(name.hasPrefix(".") ? "_" + name : name)
        let data = try await attachment.data()
        try Data(data).write(to: url, options: .withoutOverwriting)
        ClientOutput.note("saved \(url.path) (\(data.count) bytes)")
    }
}
