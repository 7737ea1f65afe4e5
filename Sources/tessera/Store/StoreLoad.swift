import ArgumentParser
import Foundation
import MAPI
import Node

/// `tessera store load`: writes synthetic messages into one user's inbox and prints a line per
/// acknowledged (committed) write. Crash drills kill it and check that every acknowledged write
/// survived.
struct StoreLoad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Write synthetic messages, printing `ack N ENTRYID` after each commit.")

    @OptionGroup var server: ServerOptions

    @Option(help: "The store's owner (created if missing).")
    var user = "load"

    @Option(help: "How many messages to write.")
    var messages = 1_000

    @Option(help: "The number of the first message (continue an earlier run).")
    var first = 0

    @Option(help: "Give every Nth message an attachment (0: none).")
    var attachmentEvery = 3

    @Option(help: "Attachment size in bytes (odd-numbered messages get a tenth, kept inline).")
    var attachmentBytes = 300_000

    func run() throws {
        let engine = try server.openEngine(logger: makeLogger("tessera.store"))
        let store = try engine.store(owner: user) ?? engine.createStore(owner: user, displayName: user)
        let inbox = store.folder(.inbox)
        for n in first..<(first + messages) {
            let size = n % 2 == 0 ? attachmentBytes : attachmentBytes / 10
            let message = SyntheticMail.message(n, attachmentEvery: attachmentEvery, attachmentBytes: size)
            let created = try engine.createMessage(in: inbox, message)
            // Written unbuffered: the line leaves the process as soon as the write is committed.
            FileHandle.standardOutput.write(Data("ack \(n) \(created.entryID)\n".utf8))
        }
    }
}
