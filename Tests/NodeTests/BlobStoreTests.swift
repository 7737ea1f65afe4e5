import Crypto
import Foundation
import Testing

@testable import Node

/// A store in a fresh folder under the system temporary directory, removed afterwards.
private final class TemporaryStore {
    let root: String
    let store: FileBlobStore

    init(maximumBlobBytes: Int64 = FileBlobStore.defaultMaximumBlobBytes) throws {
        root =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("blobstore-test-\(UUID().uuidString)").path
        store = try FileBlobStore(root: root, maximumBlobBytes: maximumBlobBytes)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    var temporaryFiles: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root + "/tmp")) ?? []
    }

    func objectPath(_ hash: BlobHash) -> String {
        let hex = hash.hex
        return "\(root)/objects/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)"
    }

    /// Writes, finishes and publishes `content`.
    @discardableResult
    func put(_ content: [UInt8]) throws -> BlobHash {
        let writer = try store.makeWriter()
        try writer.write(content)
        let staged = try writer.finish()
        try store.publish(staged)
        return staged.hash
    }
}

/// Deterministic content: `count` bytes from a seeded generator.
private func pattern(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}

private func sha256(_ bytes: [UInt8]) -> BlobHash {
    BlobHash(bytes: Array(SHA256.hash(data: bytes)))!
}

private func readInChunks(_ reader: BlobReader, maxBytes: Int) throws -> (
    content: [UInt8], largestChunk: Int
) {
    var content: [UInt8] = []
    var largest = 0
    while true {
        let chunk = try reader.read(maxBytes: maxBytes)
        if chunk.isEmpty { return (content, largest) }
        largest = max(largest, chunk.count)
        content += chunk
    }
}

@Suite("BlobHash")
struct BlobHashTests {
    @Test("hex and bytes round trip; only 64 hex digits or 32 bytes parse")
    func roundTrip() throws {
        let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        let hash = try #require(BlobHash(hex: hex))
        #expect(hash.hex == hex)
        #expect(hash.description == hex)
        #expect(hash.bytes.count == 32)
        #expect(hash.bytes.first == 0xBA && hash.bytes.last == 0xAD)
        #expect(BlobHash(bytes: hash.bytes) == hash)
        #expect(BlobHash(hex: hex.uppercased()) == hash)
        #expect(BlobHash(hex: String(hex.dropLast())) == nil)
        #expect(BlobHash(hex: String(hex.dropLast()) + "g") == nil)
        #expect(BlobHash(hex: hex + "0") == nil)
        #expect(BlobHash(bytes: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(BlobHash(hex: String(repeating: "0", count: 64)) != hash)
    }
}

@Suite("BlobStore")
struct BlobStoreTests {
    @Test("the hash is SHA-256 of the content (known vector for \"abc\")")
    func knownVector() throws {
        let fixture = try TemporaryStore()
        let hash = try fixture.put(Array("abc".utf8))
        #expect(hash.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileManager.default.fileExists(atPath: fixture.objectPath(hash)))
    }

    @Test(
        "small, empty and multi-chunk blobs round trip",
        arguments: [0, 1, 3, 4096, (1 << 20) - 1, 1 << 20, 3 * (1 << 20) + 17])
    func roundTrip(count: Int) throws {
        let fixture = try TemporaryStore()
        let content = pattern(count, seed: UInt64(count))
        let writer = try fixture.store.makeWriter()
        // Uneven pieces exercise the buffer's edges.
        var offset = 0
        var step = 1
        while offset < content.count {
            let end = min(content.count, offset + step)
            try writer.write(content[offset..<end])
            offset = end
            step = step * 7 + 3
        }
        #expect(writer.bytesWritten == Int64(count))
        let staged = try writer.finish()
        #expect(staged.size == Int64(count))
        #expect(staged.hash == sha256(content))
        try fixture.store.publish(staged)

        #expect(fixture.store.contains(staged.hash))
        #expect(try fixture.store.size(of: staged.hash) == Int64(count))
        let reader = try fixture.store.openReader(staged.hash, verify: true)
        #expect(reader.size == Int64(count))
        #expect(try reader.readAll() == content)
        #expect(try reader.read(maxBytes: 10) == [])
        #expect(fixture.temporaryFiles.isEmpty)
    }

    @Test("write accepts raw buffers and non-contiguous collections")
    func writeVariants() throws {
        let fixture = try TemporaryStore()
        let writer = try fixture.store.makeWriter()
        try Array("ab".utf8).withUnsafeBytes { try writer.write($0) }
        try writer.write(Array("c".utf8).lazy.map { $0 })  // not contiguous
        try writer.write(Data())
        let staged = try writer.finish()
        #expect(staged.hash.hex.hasPrefix("ba7816bf"))
        fixture.store.discard(staged)
    }

    @Test("two writers of the same content make one object")
    func singleInstance() throws {
        let fixture = try TemporaryStore()
        let content = pattern(5000)
        let first = try fixture.store.makeWriter()
        let second = try fixture.store.makeWriter()
        try first.write(content)
        try second.write(content)
        let stagedFirst = try first.finish()
        let stagedSecond = try second.finish()
        #expect(stagedFirst.hash == stagedSecond.hash)
        #expect(stagedFirst.temporaryPath != stagedSecond.temporaryPath)
        try fixture.store.publish(stagedFirst)
        try fixture.store.publish(stagedSecond)
        #expect(try fixture.store.allHashes() == [stagedFirst.hash])
        #expect(fixture.temporaryFiles.isEmpty)
        #expect(try fixture.store.openReader(stagedFirst.hash, verify: true).readAll() == content)
    }

    @Test("publish is idempotent, also for the same StagedBlob")
    func publishIdempotent() throws {
        let fixture = try TemporaryStore()
        let writer = try fixture.store.makeWriter()
        try writer.write(pattern(100))
        let staged = try writer.finish()
        try fixture.store.publish(staged)
        try fixture.store.publish(staged)
        fixture.store.discard(staged)
        #expect(try fixture.store.allHashes() == [staged.hash])
        #expect(try fixture.store.openReader(staged.hash, verify: true).readAll() == pattern(100))
    }

    @Test("publishing a staged blob whose temporary file is gone fails with io")
    func publishSwept() throws {
        let fixture = try TemporaryStore()
        let writer = try fixture.store.makeWriter()
        try writer.write(pattern(10))
        let staged = try writer.finish()
        #expect(try fixture.store.removeTemporaryFiles() == 1)
        let error = try #require(throws: BlobStoreError.self) { try fixture.store.publish(staged) }
        #expect(error.code == .io)
        #expect(!fixture.store.contains(staged.hash))
    }

    @Test("exceeding maximumBlobBytes throws tooBig and removes the temporary file")
    func tooBig() throws {
        let fixture = try TemporaryStore(maximumBlobBytes: 10)
        let exact = try fixture.store.makeWriter()
        try exact.write(pattern(10))
        fixture.store.discard(try exact.finish())

        let writer = try fixture.store.makeWriter()
        try writer.write(pattern(6))
        #expect(throws: BlobStoreError.tooBig(limit: 10)) { try writer.write(pattern(5)) }
        #expect(fixture.temporaryFiles.isEmpty)
        // A failed writer keeps failing; cancel stays harmless.
        #expect(throws: BlobStoreError.tooBig(limit: 10)) { try writer.finish() }
        writer.cancel()
        #expect(try fixture.store.allHashes().isEmpty)
    }

    @Test("cancel and deinit remove the temporary file")
    func cancelAndDeinit() throws {
        let fixture = try TemporaryStore()
        let writer = try fixture.store.makeWriter()
        try writer.write(pattern(2 << 20))
        #expect(fixture.temporaryFiles.count == 1)
        writer.cancel()
        writer.cancel()
        #expect(fixture.temporaryFiles.isEmpty)

        do {
            let dropped = try fixture.store.makeWriter()
            try dropped.write(pattern(100))
            #expect(fixture.temporaryFiles.count == 1)
        }
        #expect(fixture.temporaryFiles.isEmpty)
    }

    @Test("cancel after finish leaves the staged file to its StagedBlob; discard removes it")
    func cancelAfterFinish() throws {
        let fixture = try TemporaryStore()
        let writer = try fixture.store.makeWriter()
        try writer.write(pattern(100))
        let staged = try writer.finish()
        writer.cancel()
        #expect(FileManager.default.fileExists(atPath: staged.temporaryPath))
        fixture.store.discard(staged)
        #expect(fixture.temporaryFiles.isEmpty)
        #expect(!fixture.store.contains(staged.hash))
    }

    @Test("remove deletes a blob; removing a missing one is fine")
    func remove() throws {
        let fixture = try TemporaryStore()
        let kept = try fixture.put(pattern(10, seed: 1))
        let removed = try fixture.put(pattern(10, seed: 2))
        try fixture.store.remove(removed)
        try fixture.store.remove(removed)
        try fixture.store.remove(try #require(BlobHash(hex: String(repeating: "e", count: 64))))
        #expect(!fixture.store.contains(removed))
        #expect(fixture.store.contains(kept))
        #expect(try fixture.store.allHashes() == [kept])
        #expect(throws: BlobStoreError.notFound(removed)) { try fixture.store.size(of: removed) }
        #expect(throws: BlobStoreError.notFound(removed)) { try fixture.store.openReader(removed) }
    }

    @Test("an open reader keeps reading a removed blob")
    func readWhileRemoved() throws {
        let fixture = try TemporaryStore()
        let content = pattern(300_000)
        let hash = try fixture.put(content)
        let reader = try fixture.store.openReader(hash, verify: true)
        try fixture.store.remove(hash)
        #expect(try readInChunks(reader, maxBytes: 65_536).content == content)
    }

    @Test("allHashes lists complete objects sorted and skips anything else")
    func allHashes() throws {
        let fixture = try TemporaryStore()
        var hashes: [BlobHash] = []
        for seed in 1...20 {
            hashes.append(try fixture.put(pattern(Int(seed) * 3, seed: UInt64(seed))))
        }
        let pending = try fixture.store.makeWriter()
        try pending.write(pattern(7, seed: 99))
        let staged = try pending.finish()

        let manager = FileManager.default
        let objects = fixture.root + "/objects"
        let some = hashes[0].hex
        let folder = "\(objects)/\(some.prefix(2))/\(some.dropFirst(2).prefix(2))"
        // Stray names: junk, uppercase, a misplaced valid hash, a folder with an object name.
        #expect(manager.createFile(atPath: folder + "/junk", contents: Data()))
        #expect(manager.createFile(atPath: folder + "/" + hashes[1].hex, contents: Data()))
        #expect(manager.createFile(atPath: folder + "/" + some.uppercased(), contents: Data()))
        try manager.createDirectory(atPath: objects + "/zz", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: objects + "/AB/CD", withIntermediateDirectories: true)
        #expect(manager.createFile(atPath: objects + "/README", contents: Data()))
        let fakeHex = String(repeating: "7", count: 64)
        try manager.createDirectory(
            atPath: "\(objects)/77/77/\(fakeHex)", withIntermediateDirectories: true)

        #expect(try fixture.store.allHashes() == hashes.sorted { $0.hex < $1.hex })
        #expect(!(try fixture.store.allHashes()).contains(staged.hash))
    }

    @Test("removeTemporaryFiles removes all, or only files older than the age")
    func removeTemporaryFiles() throws {
        let fixture = try TemporaryStore()
        let first = try fixture.store.makeWriter()
        try first.write(pattern(10))
        _ = try first.finish()
        let second = try fixture.store.makeWriter()
        try second.write(pattern(10))
        defer { second.cancel() }  // keeps the open writer alive to the end
        #expect(fixture.temporaryFiles.count == 2)
        #expect(try fixture.store.removeTemporaryFiles(olderThan: .seconds(3600)) == 0)
        let later = Date().addingTimeInterval(7200)
        #expect(try fixture.store.removeTemporaryFiles(olderThan: .seconds(3600), now: later) == 2)
        #expect(fixture.temporaryFiles.isEmpty)

        let third = try fixture.store.makeWriter()
        #expect(try fixture.store.removeTemporaryFiles() == 1)
        #expect(try fixture.store.removeTemporaryFiles() == 0)
        // The writer whose file was swept cannot publish.
        let error = try #require(throws: BlobStoreError.self) {
            try fixture.store.publish(try third.finish())
        }
        #expect(error.code == .io)
    }

    @Test("bounded chunked reads of a 20 MB blob, written in 1 MiB pieces")
    func largeBlobChunks() throws {
        let fixture = try TemporaryStore()
        let piece = pattern(1 << 20, seed: 7)
        let pieces = 20
        let writer = try fixture.store.makeWriter()
        var expected = SHA256()
        for index in 0..<pieces {
            var bytes = piece
            bytes[0] = UInt8(index)
            expected.update(data: bytes)
            try writer.write(bytes)
        }
        let staged = try writer.finish()
        #expect(staged.hash == BlobHash(expected.finalize()))
        #expect(staged.size == Int64(pieces << 20))
        try fixture.store.publish(staged)

        let maxBytes = 300_001
        let reader = try fixture.store.openReader(staged.hash, verify: true)
        var total = 0
        var check = SHA256()
        while true {
            let chunk = try reader.read(maxBytes: maxBytes)
            if chunk.isEmpty { break }
            #expect(chunk.count <= maxBytes)
            #expect(chunk.count == maxBytes || total + chunk.count == pieces << 20)
            check.update(data: chunk)
            total += chunk.count
        }
        #expect(total == pieces << 20)
        #expect(BlobHash(check.finalize()) == staged.hash)
        #expect(throws: BlobStoreError.tooBig(limit: 1 << 20)) {
            try fixture.store.openReader(staged.hash).readAll(maximumBytes: 1 << 20)
        }
    }

    @Test("verify detects a flipped byte; without verify the bytes are returned")
    func corruptDetection() throws {
        let fixture = try TemporaryStore()
        let content = pattern(3 << 20)
        let hash = try fixture.put(content)

        let handle = try #require(FileHandle(forUpdatingAtPath: fixture.objectPath(hash)))
        try handle.seek(toOffset: 1_234_567)
        let original = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: 1_234_567)
        try handle.write(contentsOf: [original ^ 0x01])
        try handle.close()

        let plain = try readInChunks(try fixture.store.openReader(hash), maxBytes: 1 << 20).content
        #expect(plain.count == content.count && plain != content)

        let reader = try fixture.store.openReader(hash, verify: true)
        #expect(try reader.read(maxBytes: 1 << 20).count == 1 << 20)
        #expect(try reader.read(maxBytes: 1 << 20).count == 1 << 20)
        // The last chunk is withheld: the mismatch is known once the last byte is read.
        #expect(throws: BlobStoreError.corrupt(hash)) { try reader.read(maxBytes: 1 << 20) }
        #expect(throws: BlobStoreError.corrupt(hash)) { try reader.read(maxBytes: 1 << 20) }
        #expect(throws: BlobStoreError.corrupt(hash)) {
            try fixture.store.openReader(hash, verify: true).readAll()
        }
        // Republishing the right content heals the object.
        try fixture.put(content)
        #expect(try fixture.store.openReader(hash, verify: true).readAll() == content)
    }

    @Test("verify detects a corrupt empty blob and a truncated one")
    func corruptEdges() throws {
        let fixture = try TemporaryStore()
        let hash = try fixture.put(pattern(1000))
        try Data().write(to: URL(fileURLWithPath: fixture.objectPath(hash)))
        #expect(throws: BlobStoreError.corrupt(hash)) {
            try fixture.store.openReader(hash, verify: true).readAll()
        }
        #expect(try fixture.store.openReader(hash).readAll() == [])

        let reader = try fixture.store.openReader(hash)
        #expect(reader.size == 0)
        let empty = try fixture.put([])
        #expect(try fixture.store.openReader(empty, verify: true).readAll() == [])
    }

    @Test("crash before publish: no object exists, the sweep removes the temporary file")
    func crashBeforePublish() throws {
        let fixture = try TemporaryStore()
        let content = pattern(2 << 20 + 5)
        let hash = sha256(content)
        let writer = try fixture.store.makeWriter()
        try writer.write(content[..<(1 << 20)])
        // Mid-write: only a temporary file exists, no object name.
        #expect(!fixture.store.contains(hash))
        #expect(!FileManager.default.fileExists(atPath: fixture.objectPath(hash)))
        try writer.write(content[(1 << 20)...])
        let staged = try writer.finish()
        // Finished but unpublished ("crash" here): still no object name.
        #expect(staged.hash == hash)
        #expect(!fixture.store.contains(hash))
        #expect(try fixture.store.allHashes().isEmpty)

        // "Restart": a new store on the same root sees only the temporary file and sweeps it.
        let restarted = try FileBlobStore(root: fixture.root)
        #expect(try restarted.allHashes().isEmpty)
        #expect(try restarted.removeTemporaryFiles() == 1)
        #expect(fixture.temporaryFiles.isEmpty)
        #expect(try restarted.allHashes().isEmpty)
        withExtendedLifetime(writer) {}
    }

    @Test("crash after publish: the object is complete for a new store on the same root")
    func crashAfterPublish() throws {
        let fixture = try TemporaryStore()
        let hash = try fixture.put(pattern(4321))
        let restarted = try FileBlobStore(root: fixture.root + "/")
        #expect(try restarted.allHashes() == [hash])
        #expect(try restarted.removeTemporaryFiles() == 0)
        #expect(try restarted.openReader(hash, verify: true).readAll() == pattern(4321))
    }

    @Test("folders are created with mode 0700")
    func folderModes() throws {
        let fixture = try TemporaryStore()
        let hash = try fixture.put(pattern(1))
        let hex = hash.hex
        for path in [
            fixture.root, fixture.root + "/objects", fixture.root + "/tmp",
            "\(fixture.root)/objects/\(hex.prefix(2))",
            "\(fixture.root)/objects/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))",
        ] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o700, "\(path)")
        }
    }
}
