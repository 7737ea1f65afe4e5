import Foundation

/// Where a server's attachment blobs are: `blobs = "/path"` (a content-addressed folder, local
/// or shared by several nodes) or `blobs = "s3://BUCKET[/PREFIX]"` with the `s3_*` keys of the
/// `[[server]]` table (docs/storage.md, "Blob stores").
public enum BlobStoreLocation: Sendable, Hashable {
    /// A folder.
    case files(path: String)
    /// An S3 bucket.
    case s3(S3BlobSettings)

    /// `/srv/blobs` or `s3://bucket/prefix/ at https://host (path style)`; no secret.
    public var summary: String {
        switch self {
        case .files(let path): path
        case .s3(let settings): settings.summary
        }
    }
}

/// An S3 blob store's settings, from the `s3_*` keys.
public struct S3BlobSettings: Sendable, Hashable {
    /// How requests name the bucket.
    public enum Style: String, Sendable, CaseIterable {
        /// `https://endpoint/BUCKET/KEY`: MinIO, Ceph and most S3-compatible stores.
        case path
        /// `https://BUCKET.endpoint/KEY`: AWS's default.
        case virtualHost = "virtual-host"
    }

    /// The bucket.
    public var bucket: String
    /// The key prefix, empty or ending in `/`.
    public var prefix: String
    /// `http://` or `https://` endpoint URL.
    public var endpoint: URL
    /// The signing region.
    public var region: String
    /// Path or virtual-host addressing.
    public var style: Style
    /// The access key id.
    public var accessKey: String
    /// The secret access key.
    public var secretKey: Secret<String>
    /// Blobs of at least this many bytes go up in parts.
    public var multipartThreshold: Int
    /// The size of each part but the last.
    public var partSize: Int
    /// PEM file of the CAs to trust for an https endpoint; nil: the system's.
    public var caFile: String?
    /// The local folder where incoming data is staged before it goes up.
    public var stagingDirectory: String

    /// A configuration for tests and tools; the defaults are the keys' defaults.
    public init(
        bucket: String, prefix: String = "", endpoint: URL, region: String = "us-east-1", style: Style = .path,
        accessKey: String, secretKey: Secret<String>, multipartThreshold: Int = 16 << 20, partSize: Int = 8 << 20,
        caFile: String? = nil, stagingDirectory: String
    ) {
        self.bucket = bucket
        self.prefix = prefix
        self.endpoint = endpoint
        self.region = region
        self.style = style
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.multipartThreshold = multipartThreshold
        self.partSize = partSize
        self.caFile = caFile
        self.stagingDirectory = stagingDirectory
    }

    /// `s3://bucket/prefix/ at https://host (virtual-host style, us-east-1)`.
    public var summary: String {
        "s3://\(bucket)/\(prefix) at \(endpoint.absoluteString) (\(style.rawValue) style, \(region))"
    }

    /// The bucket and prefix of `s3://BUCKET[/PREFIX]`, the prefix normalised to end in `/`
    /// (or be empty); nil with the reason for anything else. Bucket names follow S3's rules
    /// for new buckets: 3–63 lowercase letters, digits, `.` and `-`.
    public static func parse(_ text: String) -> Result<(bucket: String, prefix: String), S3LocationError> {
        guard text.hasPrefix("s3://") else { return .failure(S3LocationError(message: "does not start with s3://")) }
        let rest = text.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        var prefix = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
        guard (3...63).contains(bucket.count),
              bucket.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }),
              bucket.first != "." && bucket.first != "-", bucket.last != "." && bucket.last != "-"
        else {
            return .failure(S3LocationError(message: "the bucket name must be 3–63 lowercase letters, digits, . and -"))
        }
        guard !prefix.contains("//"), prefix.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            return .failure(S3LocationError(message: "the prefix may not contain empty parts (//) or control characters"))
        }
        if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
        return .success((bucket, prefix))
    }

    /// Why an `s3://` location was refused.
    public struct S3LocationError: Error, Sendable {
        /// What is wrong.
        public var message: String
    }
}
