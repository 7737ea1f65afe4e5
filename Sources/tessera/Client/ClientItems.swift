import ArgumentParser
import Client

/// `tessera client items FOLDER`: a page of a folder's items.
struct ClientItems: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items", abstract: "List the items of a folder.",
        discussion: """
            FOLDER is a path below the top of the store, e.g. Inbox or Inbox/Projects (a / in a name is \\/).
            --where takes FIELD OP VALUE with OP one of ~ (contains) ^ (starts with) = != < <= > >= or FIELD? \
            (exists), ! in front negates; repeat it to narrow further. Fields: subject, body, from, sender, to, cc, \
            class, size, date, sent, created, modified, importance, attachments, flags, name, read, PR_ names and \
            0x tags. Examples: --where "subject~report" --where "read=false" --where "date>=2024-05-01" --where "size>1M".
            --sort takes fields separated by commas, - for descending: --sort -date or --sort from,-size.
            """)

    @Argument(help: "The folder's path, e.g. Inbox/Projects.") var folder: String
    @Option(help: "Most items to list.") var limit = 50
    @Option(help: "Items to skip first.") var offset = 0
    @Option(help: "Sort order, e.g. -date or from,-size.") var sort = "-date"
    @Option(name: .customLong("where"), help: "A condition, e.g. subject~report (repeatable).") var conditions: [String] = []
    @OptionGroup var connection: ClientConnectionOptions

    func validate() throws {
        guard limit > 0, limit <= TableQuery.maximumLimit, offset >= 0 else {
            throw ValidationError("--limit must be 1...\(TableQuery.maximumLimit) and --offset not negative")
        }
    }

    func run() async throws {
        let restriction = try FilterSyntax.restriction(conditions)
        let keys = try SortSyntax.sortKeys(sort)
        let items = try await connection.withServer { server in
            try await server.store.folder(path: folder).items(where: restriction, sortedBy: keys, offset: offset, limit: limit)
        }
        if connection.json {
            try ClientOutput.json(items.map { ["entryID": $0.entryID.hex, "properties": ClientOutput.jsonProperties($0.properties)] })
            return
        }
        ClientOutput.table(
            ["DATE", "FROM", "SUBJECT", "SIZE", "FLAGS", "ENTRY ID"],
            items.map { item in
                [
                    item.properties[tag: .messageDeliveryTime].map { PropertyValueText.display($0) } ?? "", Self.clip(item.senderName ?? "", 24), Self.clip(item.subject ?? "", 60),
                    item.size.map(String.init) ?? "", (item.isRead ? "-" : "U") + (item.hasAttachments ? "A" : "-"), item.entryID.hex,
                ]
            })
        print("(\(items.count) item\(items.count == 1 ? "" : "s"))")
    }

    /// At most `width` characters, `…` marking a cut; line breaks shown as `⏎`.
    static func clip(_ text: String, _ width: Int) -> String {
        let line = PropertyValueText.display(.unicode(text))
        return line.count <= width ? line : String(line.prefix(width - 1)) + "…"
    }
}
