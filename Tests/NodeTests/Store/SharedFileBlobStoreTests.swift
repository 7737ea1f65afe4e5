import Foundation
import MAPI
import Synchronization
import Testing

@testable import Node

/// Two nodes on one blob folder (as over NFS): each has its own `FileBlobStore` on the folder,
/// and neither's sweeps remove the other's uploads in progress.
@Suite("Shared file blob store")
struct SharedFileBlobStoreTests {
    static func readAll(_ data: AttachmentData) throws -> [UInt8] {
        var data = data
        var content: [UInt8] = []
        while case let piece = try data.read(maxBytes: 1 << 20), !piece.isEmpty { content += piece }
        return content
    }

    /// A server whose engine runs as node n1 on the folder `shared`, and n2's store on it.
    static func twoNodes(_ backend: Backend) throws -> (StoreFixture, FileBlobStore, String) {
        let fixture = try StoreFixture(backend, node: "n1", blobs: { folder in
            try FileBlobStore(root: folder.appendingPathComponent("shared").path, node: "n1")
        })
        let shared = fixture.directory.appendingPathComponent("shared").path
        return (fixture, try FileBlobStore(root: shared, node: "n2"), shared)
    }

    @Test("one node publishes while the other sweeps temporary files: nothing is lost", arguments: Backend.enabled)
    func publishWhileTheOtherSweeps(_ backend: Backend) throws {
        let (fixture, n2, _) = try Self.twoNodes(backend)
        let store = try fixture.makeStore()
        let contents = (0..<12).map { Sample.bytes(100_000 + $0 * 50_000, seed: UInt64(40 + $0)) }
        // An upload of n1 in progress survives n2's sweep (as at a takeover: no age limit).
        let open = try fixture.blobs.makeWriter()
        try open.write(Sample.bytes(1 << 20, seed: 39))
        #expect(try n2.removeTemporaryFiles() == 0)

        var ids: [Int: EntryID] = [:]
        let sweeps = Mutex(0)
        let done = Mutex(false)
        let sweeper = Thread {
            while !done.withLock({ $0 }) {
                _ = try? n2.removeTemporaryFiles()
                sweeps.withLock { $0 += 1 }
            }
        }
        sweeper.start()
        while sweeps.withLock({ $0 }) == 0 { Thread.sleep(forTimeInterval: 0.001) }
        for (index, content) in contents.enumerated() {
            ids[index] = try fixture.engine.createMessage(
                in: store.folder(.inbox), Sample.message(subject: "\(index)", attachments: [Sample.attachment(name: "a", bytes: content)])
            ).entryID
        }
        done.withLock { $0 = true }
        try open.write([1])
        _ = try open.finish()
        #expect(sweeps.withLock { $0 } > 0)
        let stored = ids
        #expect(stored.count == contents.count)
        let second = try fixture.secondEngine(node: "n2", blobs: n2)
        for (index, content) in contents.enumerated() {
            guard let id = stored[index] else { continue }
            #expect(try Self.readAll(second.attachmentData(of: id, number: 0)) == content)
        }
        #expect(try n2.allHashes().count == contents.count)
        #expect(try fixture.engine.checkConsistency().isConsistent)
    }

    @Test("a takeover sweeps the new owner's left-overs, not the old owner's upload in progress", arguments: Backend.enabled)
    func takeoverDuringAnUpload(_ backend: Backend) throws {
        let (fixture, n2, shared) = try Self.twoNodes(backend)
        let store = try fixture.makeStore()
        let message = try fixture.engine.createMessage(in: store.folder(.inbox), Sample.message(subject: "upload")).entryID

        // n1 streams an upload; n2 left a staged file behind in an earlier life.
        let upload = try fixture.blobs.makeWriter()
        try upload.write(Sample.bytes(2 << 20, seed: 50))
        let leftOver = try n2.makeWriter()
        try leftOver.write(Sample.bytes(70_000, seed: 51))
        _ = try leftOver.finish()
        let temporary = shared + "/tmp"
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).count == 2)

        let second = try fixture.secondEngine(node: "n2", blobs: n2)
        _ = try second.takeOver(expectedEpoch: fixture.engine.ownershipEpoch)
        let names = try FileManager.default.contentsOfDirectory(atPath: temporary)
        #expect(names.count == 1 && names[0].hasSuffix("-n1.tmp"), "\(names)")

        // n1 finishes its upload; attaching it fails (fenced) and drops the staged file.
        try upload.write(Sample.bytes(1 << 20, seed: 52))
        let staged = try upload.finish()
        #expect(throws: MAPIError.self) {
            try fixture.engine.addAttachment(to: message, NewAttachment(properties: [], content: .staged(staged)))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
        // n2 serves on; n1's files, had they stayed, would go after the foreign age.
        let content = Sample.bytes(300_000, seed: 53)
        _ = try second.addAttachment(to: message, Sample.attachment(name: "x", bytes: content))
        #expect(try Self.readAll(second.attachmentData(of: message, number: 0)) == content)
        let stale = try fixture.blobs.makeWriter()
        try stale.write([1, 2, 3])
        #expect(try n2.removeTemporaryFiles(olderThan: nil, now: Date()) == 0)
        #expect(try n2.removeTemporaryFiles(olderThan: nil, now: Date().addingTimeInterval(25 * 3600)) == 1)
        withExtendedLifetime(stale) {}
    }
}
