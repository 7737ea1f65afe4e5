import Config
import Crypto
import Foundation
import Testing

@testable import Node

/// The S3 backend against a real S3 server (moto, with SigV4 checking on; `make test` or
/// `scripts/with-moto.sh swift test --skip-build --filter S3BlobStore`).
@Suite("S3BlobStore (moto)")
struct S3BlobStoreTests {
    static func hash(_ bytes: [UInt8]) -> BlobHash { BlobHash(bytes: Array(SHA256.hash(data: bytes)))! }

    /// Reads a blob in chunks of `chunk` bytes, verifying its hash.
    static func readAll(_ reader: BlobReader, chunk: Int) throws -> [UInt8] {
        var content: [UInt8] = []
        while true {
            let piece = try reader.read(maxBytes: chunk)
            if piece.isEmpty { return content }
            #expect(piece.count <= chunk)
            content += piece
        }
    }

    @Test("small and multipart blobs round trip byte for byte", arguments: S3BlobSettings.Style.allCases)
    func roundTrip(_ style: S3BlobSettings.Style) throws {
        let fixture = try S3StoreFixture(style: style, multipartThreshold: 5 << 20, partSize: 5 << 20)
        for content in [Sample.bytes(100_000, seed: 1), Sample.bytes(12 << 20, seed: 2), Sample.bytes(5 << 20, seed: 3)] {
            let hash = try fixture.put(content)
            #expect(hash == Self.hash(content))
            #expect(try fixture.store.contains(hash))
            #expect(try fixture.store.size(of: hash) == Int64(content.count))
            #expect(try Self.readAll(fixture.store.openReader(hash, verify: true), chunk: 1 << 20) == content)
        }
        // Staged files go once published.
        #expect(fixture.stagedFiles.isEmpty)
        #expect(try fixture.store.allHashes().count == 3)
    }

    @Test("ranged reads at offsets; a known size saves the HEAD; a shorter object is corrupt")
    func rangedReads() throws {
        let fixture = try S3StoreFixture()
        let content = Sample.bytes(3_000_000, seed: 4)
        let hash = try fixture.put(content)
        for (offset, length) in [(0, 10), (1, 65_536), (1_048_576, 1_048_576), (2_999_990, 100)] {
            let reader = try fixture.store.openReader(hash, size: Int64(content.count), verify: false)
            try reader.skip(Int64(offset))
            let chunk = try reader.read(maxBytes: length)
            #expect(chunk == Array(content[offset..<min(content.count, offset + length)]), "\(offset)+\(length)")
        }
        let longer = try fixture.store.openReader(hash, size: Int64(content.count + 10), verify: false)
        try longer.skip(Int64(content.count))
        #expect(throws: BlobStoreError.corrupt(hash)) { try longer.read(maxBytes: 100) }
    }

    @Test("HEAD sizes, delete, not found")
    func deleteAndMissing() throws {
        let fixture = try S3StoreFixture()
        let kept = try fixture.put(Sample.bytes(70_000, seed: 5))
        let removed = try fixture.put(Sample.bytes(80_000, seed: 6))
        try fixture.store.remove(removed)
        try fixture.store.remove(removed)
        #expect(try !fixture.store.contains(removed))
        #expect(try fixture.store.contains(kept))
        #expect(throws: BlobStoreError.notFound(removed)) { try fixture.store.size(of: removed) }
        #expect(throws: BlobStoreError.notFound(removed)) { try fixture.store.openReader(removed) }
        let stale = try fixture.store.openReader(removed, size: 80_000, verify: false)
        #expect(throws: BlobStoreError.notFound(removed)) { try stale.read(maxBytes: 10) }
        #expect(try fixture.store.allHashes() == [kept])
    }

    @Test("publishing known content skips the upload; publishing twice is fine")
    func singleInstance() throws {
        let fixture = try S3StoreFixture()
        let content = Sample.bytes(90_000, seed: 7)
        let hash = try fixture.put(content)
        let writer = try fixture.store.makeWriter()
        try writer.write(content)
        let staged = try writer.finish()
        try fixture.store.prepare(staged)
        try fixture.store.publish(staged)
        try fixture.store.publish(staged)
        #expect(try fixture.store.allHashes() == [hash])
        #expect(fixture.stagedFiles.isEmpty)
    }

    @Test("listing follows continuation tokens (pages of 7 keys)")
    func listingPages() throws {
        let fixture = try S3StoreFixture(listPageSize: 7)
        var expected: [BlobHash: Int64] = [:]
        for seed in 0..<20 {
            let content = Sample.bytes(100 + seed, seed: UInt64(100 + seed))
            expected[try fixture.put(content)] = Int64(content.count)
        }
        #expect(try fixture.store.allBlobSizes() == expected)
        #expect(try fixture.store.allHashes() == expected.keys.sorted { $0.hex < $1.hex })
        // Another prefix of the same bucket is another store.
        let other = try S3StoreFixture()
        #expect(try other.store.allHashes().isEmpty)
    }

    @Test("wrong secret, unknown key, missing bucket: clear errors that hold no secret")
    func refusals() throws {
        let server = try MotoS3.server()
        let wrongSecret = try S3StoreFixture(secretKey: "not-the-secret-0123456789")
        let signature = try #require(throws: BlobStoreError.self) { try wrongSecret.store.checkAccess() }
        #expect(signature.code == .denied)
        #expect(signature.message.contains("403") && signature.message.contains("SignatureDoesNotMatch"), "\(signature)")
        #expect(!signature.message.contains("not-the-secret") && !signature.message.contains(server.secretKey))
        #expect(StoreEngine.mapped(signature).code == .noAccess)

        let unknownKey = try S3StoreFixture(accessKey: "AKIANOSUCHKEY0000000")
        let key = try #require(throws: BlobStoreError.self) { try unknownKey.store.checkAccess() }
        #expect(key.code == .denied && key.message.contains("InvalidAccessKeyId"), "\(key)")

        let missing = try S3StoreFixture(bucket: "tessera-no-such-bucket")
        let bucket = try #require(throws: BlobStoreError.self) { try missing.store.checkAccess() }
        #expect(bucket.code == .rejected && bucket.message.contains("NoSuchBucket"), "\(bucket)")
        #expect(StoreEngine.mapped(bucket).code == .callFailed)
        #expect(throws: BlobStoreError.self) { try BlobStoreFactory.open(.s3(missing.settings), node: "n1", logger: .init(label: "test")) }
    }

    @Test("nothing listening: unavailable after the bounded retries, mapped to MAPI_E_NETWORK_ERROR")
    func unreachable() throws {
        let fixture = try S3StoreFixture(endpoint: URL(string: "http://127.0.0.1:\(Shell.freePort())")!)
        let error = try #require(throws: BlobStoreError.self) { try fixture.store.checkAccess() }
        #expect(error.code == .unavailable)
        #expect(error.message.contains("after 4 tries"), "\(error)")
        #expect(StoreEngine.mapped(error).code == .networkError)
    }
}
