import Foundation
import MAPI
import Testing

@testable import Node

/// The store engine with its blobs in S3 (moto, signatures checked), on both databases.
@Suite("StoreEngine on S3 (moto)")
struct S3StoreEngineTests {
    /// The attachment read back as GetAttachment does: a new reader per chunk, at an offset.
    static func readInChunks(_ engine: StoreEngine, _ id: EntryID, number: Int32, chunk: Int) throws -> [UInt8] {
        var content: [UInt8] = []
        while true {
            var data = try engine.attachmentData(of: id, number: number)
            try data.skip(Int64(content.count))
            let piece = try data.read(maxBytes: chunk)
            if piece.isEmpty { return content }
            content += piece
        }
    }

    @Test("a large attachment goes up in parts, reads back in chunks, and is collected when unused", arguments: Backend.enabled)
    func largeAttachmentLifecycle(_ backend: Backend) throws {
        let s3 = try S3StoreFixture(multipartThreshold: 5 << 20, partSize: 5 << 20)
        let fixture = try StoreFixture(backend, blobs: { _ in s3.store })
        let store = try fixture.makeStore()
        let large = Sample.bytes(12 << 20, seed: 21)
        let medium = Sample.bytes(300_000, seed: 22)
        let id = try fixture.engine.createMessage(
            in: store.folder(.inbox),
            Sample.message(subject: "big", attachments: [Sample.attachment(name: "m", bytes: medium), Sample.attachment(name: "l", bytes: large)])
        ).entryID
        #expect(try s3.store.allHashes().count == 2)
        #expect(s3.stagedFiles.isEmpty)
        #expect(try Self.readInChunks(fixture.engine, id, number: 1, chunk: 1 << 20) == large)
        #expect(try Self.readInChunks(fixture.engine, id, number: 0, chunk: 100_000) == medium)

        // An upload that streamed into a staged blob (CreateAttachment + AppendAttachment).
        let writer = try fixture.engine.blobStore.makeWriter()
        try writer.write(large)
        _ = try fixture.engine.addAttachment(to: id, NewAttachment(properties: [], content: .staged(try writer.finish())))
        let copy = try fixture.engine.copyMessages([id], to: store.folder(.drafts))[0]
        #expect(try s3.store.allHashes().count == 2)
        let report = try fixture.engine.checkConsistency()
        #expect(report.isConsistent, "\(report.problems)")
        #expect(report.blobs == 2)

        try fixture.engine.deleteMessages([id], hard: true)
        #expect(try fixture.engine.collectGarbage() == 0)
        #expect(try Self.readInChunks(fixture.engine, copy, number: 2, chunk: 4 << 20) == large)
        try fixture.engine.deleteMessages([copy], hard: true)
        #expect(try fixture.engine.collectGarbage() == 2)
        #expect(try s3.store.allHashes().isEmpty)
        #expect(try fixture.engine.checkConsistency().isConsistent)
        #expect(s3.stagedFiles.isEmpty)
    }

    @Test("the consistency check sees missing and orphan objects; a takeover clears the orphans", arguments: Backend.enabled)
    func consistency(_ backend: Backend) throws {
        let s3 = try S3StoreFixture()
        let fixture = try StoreFixture(backend, blobs: { _ in s3.store })
        let store = try fixture.makeStore()
        let kept = Sample.bytes(200_000, seed: 31)
        let lost = Sample.bytes(150_000, seed: 32)
        _ = try fixture.engine.createMessage(
            in: store.folder(.inbox),
            Sample.message(subject: "c", attachments: [Sample.attachment(name: "k", bytes: kept), Sample.attachment(name: "l", bytes: lost)]))
        let lostHash = S3BlobStoreTests.hash(lost)
        try s3.store.remove(lostHash)
        let orphan = try s3.put(Sample.bytes(99_999, seed: 33))
        let report = try fixture.engine.checkConsistency()
        #expect(report.problems.contains("blob \(lostHash) is referenced but its file is missing"), "\(report.problems)")
        #expect(report.problems.contains("blob file \(orphan) is not referenced (orphan)"), "\(report.problems)")
        #expect(report.problems.count == 2)

        // A second node with its own view of the bucket takes the server: the orphan goes.
        let other = try S3StoreFixture(node: "n2", prefix: s3.settings.prefix)
        let second = try fixture.secondEngine(node: "n2", blobs: other.store)
        _ = try second.takeOver(expectedEpoch: fixture.engine.ownershipEpoch)
        #expect(try !other.store.contains(orphan))
        #expect(try second.checkConsistency().problems == ["blob \(lostHash) is referenced but its file is missing"])
    }
}
