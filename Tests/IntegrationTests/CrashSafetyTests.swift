import Database
import Foundation
import Logging
import MAPI
import Node
import Testing
import TestSupport

/// A writer process is killed with SIGKILL in the middle of a stream of message writes and
/// attachment uploads, several times; afterwards every acknowledged write is there, complete,
/// once, and the blob store has no orphan and no dangling blob.
@Suite("Crash safety", .serialized) struct CrashSafetyTests {
    static let attachmentEvery = 3
    static let attachmentBytes = 200_000

    @Test(arguments: Backend.enabled)
    func killedWritersLoseNoAcknowledgedWrite(_ backend: Backend) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let databaseName = "tessera_crash_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let location: String
        switch backend {
        case .sqlite: location = "sqlite:" + folder.appendingPathComponent("s1.sqlite").path
        case .mariadb: location = try MariaDBServer.location(database: databaseName)
        }
        let blobs = folder.appendingPathComponent("blobs").path
        var generator = SplitMix64(seed: 42)
        var acknowledged: [Int: String] = [:]
        var next = 0

        for round in 0..<6 {
            let (process, output) = try TesseraProcess.start([
                "store", "load", "--database", location, "--blobs", blobs, "--node", "writer\(round)",
                "--messages", "100000", "--first", "\(next)", "--attachment-every", "\(Self.attachmentEvery)",
                "--attachment-bytes", "\(Self.attachmentBytes)",
            ])
            let reader = LineReader(output)
            let killAfter = Int.random(in: 20...60, using: &generator)
            var seen = 0
            while let line = reader.next() {
                let parts = line.split(separator: " ")
                guard parts.count == 3, parts[0] == "ack", let n = Int(parts[1]) else { continue }
                acknowledged[n] = String(parts[2])
                next = max(next, n + 1)
                seen += 1
                if seen == killAfter {
                    // Let it get into the next write (often mid-upload), then kill it.
                    usleep(UInt32.random(in: 0...20_000, using: &generator))
                    kill(process.processIdentifier, SIGKILL)
                    break
                }
            }
            // Lines it printed before dying are acknowledgements too.
            while let line = reader.next() {
                let parts = line.split(separator: " ")
                if parts.count == 3, parts[0] == "ack", let n = Int(parts[1]) {
                    acknowledged[n] = String(parts[2])
                    next = max(next, n + 1)
                }
            }
            process.waitUntilExit()
            #expect(
                process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL,
                "round \(round): the writer ended (status \(process.terminationStatus)) before it was killed")
            next += 1  // the write in flight may or may not have landed; never reuse its number
        }
        #expect(acknowledged.count >= 80)

        // Restart: a node takes the server (recovering what the writers left) and checks.
        var logger = Logger(label: "crash-check")
        logger.logLevel = .critical
        let pool = try DatabaseLocation(parsing: location).makePool(maximumConnections: 2)
        let engine = try StoreEngine(
            database: pool, blobs: FileBlobStore(root: blobs),
            configuration: StoreEngineConfiguration(serverName: "s1", nodeName: "checker"), logger: logger)
        defer {
            if backend == .mariadb {
                _ = try? pool.withConnection { try $0.execute("DROP DATABASE IF EXISTS `\(databaseName)`", []) }
            }
        }
        // What the killed writers left behind, before the new owner recovers it (for the log).
        let leftover = try engine.checkConsistency()
        let temporary = (try? FileManager.default.contentsOfDirectory(atPath: blobs + "/tmp").count) ?? 0
        print("crash drill on \(backend): \(acknowledged.count) acknowledged writes, \(temporary) temporary blob files and \(leftover.problems.count) problems left before recovery")
        try engine.claimOwnership()
        let report = try engine.checkConsistency()
        #expect(report.problems == [])

        let store = try #require(try engine.store(owner: "load"))
        let table = try engine.contents(of: store.folder(.inbox), TableQuery(columns: [.entryID, .subject], limit: 10_000))
        var present: [Int: EntryID] = [:]
        for row in table.rows {
            let subject = row[tag: .subject]?.string ?? ""
            let n = try #require(Int(subject.replacingOccurrences(of: "Synthetic message ", with: "")))
            #expect(present[n] == nil, "message \(n) is there twice")
            present[n] = try EntryID(bytes: try #require(row[tag: .entryID]?.bytes))
        }
        for (n, entryID) in acknowledged {
            #expect(present[n]?.description == entryID, "acknowledged message \(n) is missing")
        }
        // Every message there (acknowledged or caught in flight) is complete.
        for (n, entryID) in present {
            let message = try engine.message(entryID)
            #expect(message.properties[tag: .body]?.string == SyntheticMail.body(n, bytes: 4_096))
            #expect(message.recipients.count == 1)
            let wantsAttachment = n % Self.attachmentEvery == 0
            #expect(message.attachments.count == (wantsAttachment ? 1 : 0), "message \(n) is partial")
            if wantsAttachment {
                var data = try engine.attachmentData(of: entryID, number: 0)
                var bytes: [UInt8] = []
                while true {
                    let chunk = try data.read(maxBytes: 1 << 16)
                    if chunk.isEmpty { break }
                    bytes += chunk
                }
                let size = n % 2 == 0 ? Self.attachmentBytes : Self.attachmentBytes / 10
                #expect(bytes == SyntheticMail.attachmentData(n, bytes: size), "attachment of message \(n) differs")
            }
        }
    }
}
