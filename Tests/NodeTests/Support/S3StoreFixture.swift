import Config
import Foundation
import Logging
import TestSupport

@testable import Node

/// An ``S3BlobStore`` on the moto server of `scripts/with-moto.sh`, under a fresh key prefix
/// of its bucket, staging in a fresh local folder (removed afterwards).
final class S3StoreFixture: @unchecked Sendable {
    let server: MotoS3.Server
    let settings: S3BlobSettings
    let store: S3BlobStore
    let folder: URL

    /// Retries without real waiting, for tests.
    static let quickRetries = S3RetryPolicy(maximumAttempts: 4, baseDelay: .milliseconds(5), maximumDelay: .milliseconds(20))

    init(
        style: S3BlobSettings.Style = .path, multipartThreshold: Int = 16 << 20, partSize: Int = 5 << 20, listPageSize: Int = 1_000,
        node: String = "n1", bucket: String? = nil, accessKey: String? = nil, secretKey: String? = nil, endpoint: URL? = nil,
        retry: S3RetryPolicy = S3StoreFixture.quickRetries, prefix: String? = nil
    ) throws {
        server = try MotoS3.server()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-s3-test-\(UUID().uuidString)")
        // Virtual-host style names the bucket in the Host header: `BUCKET.localhost:PORT`.
        let endpoint = endpoint ?? (style == .virtualHost ? URL(string: "http://localhost:\(server.port)")! : server.endpoint)
        settings = S3BlobSettings(
            bucket: bucket ?? server.bucket, prefix: prefix ?? "test-\(UUID().uuidString.prefix(8).lowercased())/", endpoint: endpoint,
            style: style, accessKey: accessKey ?? server.accessKey, secretKey: Secret(secretKey ?? server.secretKey),
            multipartThreshold: multipartThreshold, partSize: partSize, stagingDirectory: folder.appendingPathComponent("staging").path)
        var logger = Logger(label: "test.s3")
        logger.logLevel = .warning
        store = try S3BlobStore(settings: settings, node: node, retry: retry, listPageSize: listPageSize, logger: logger)
    }

    deinit {
        store.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Files waiting in the staging folder.
    var stagedFiles: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: settings.stagingDirectory)) ?? []
    }

    /// Writes, prepares and publishes `content`, as the engine does.
    @discardableResult
    func put(_ content: [UInt8]) throws -> BlobHash {
        let writer = try store.makeWriter()
        try writer.write(content)
        let staged = try writer.finish()
        try store.prepare(staged)
        try store.publish(staged)
        return staged.hash
    }
}
