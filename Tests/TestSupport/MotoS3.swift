import Foundation

/// Where the S3 tests find their server: a moto_server that `scripts/with-moto.sh` started
/// (`make test` runs the suites under it), with signature checking on, an existing bucket and
/// an access key. Without it the S3 cases fail saying so: they never pass, or are skipped,
/// without a real server.
public enum MotoS3 {
    /// What the S3 tests need.
    public struct Server: Sendable {
        /// `http://127.0.0.1:PORT`.
        public var endpoint: URL
        /// A bucket that exists.
        public var bucket: String
        /// An access key moto knows, with s3:* allowed.
        public var accessKey: String
        /// Its secret.
        public var secretKey: String
        /// The port moto listens on.
        public var port: Int { endpoint.port ?? 80 }
    }

    /// The server is not there.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "the S3 blob store tests need moto_server, but MOTO_S3_ENDPOINT, MOTO_S3_BUCKET, MOTO_S3_ACCESS_KEY and "
                + "MOTO_S3_SECRET_KEY are not all set: run `make test`, or `scripts/with-moto.sh swift test --skip-build --filter S3`"
        }
    }

    /// The server `scripts/with-moto.sh` exported, or ``Missing``.
    public static func server() throws -> Server {
        let environment = ProcessInfo.processInfo.environment
        guard let text = environment["MOTO_S3_ENDPOINT"], let endpoint = URL(string: text), let bucket = environment["MOTO_S3_BUCKET"],
              let accessKey = environment["MOTO_S3_ACCESS_KEY"], let secretKey = environment["MOTO_S3_SECRET_KEY"],
              !bucket.isEmpty, !accessKey.isEmpty, !secretKey.isEmpty
        else { throw Missing() }
        return Server(endpoint: endpoint, bucket: bucket, accessKey: accessKey, secretKey: secretKey)
    }
}
