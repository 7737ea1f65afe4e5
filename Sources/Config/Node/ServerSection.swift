import Database
import Foundation

/// `[[server]]`: a server (a database and a blob store) this node serves or stands by for.
public struct ServerSection: Sendable {
    /// Whether the node takes the server at start or only on failover.
    public enum Role: String, Sendable, CaseIterable {
        /// Serve it: take ownership at start.
        case serve
        /// Stand by: a failover candidate that reaches the database but serves only when the
        /// serving node dies.
        case standby
    }

    /// The server's name, as the directory stores a user's home server.
    public var name: String
    /// Its database (the password, if any, from `database_password`).
    public var database: DatabaseLocation
    /// Its blob store as written: a folder, or `s3://BUCKET[/PREFIX]`.
    public var blobs: String
    /// Its blob store: a folder or an S3 bucket with its settings.
    public var blobStore: BlobStoreLocation
    /// Serve or stand by.
    public var role: Role
    /// Most database connections.
    public var maximumConnections: Int

    static let schema = TableSchema(
        "A server this node may serve: one table per server, at least one.",
        keys: [
            KeySpec("name", .name, .required, "The server's name, as the directory names users' home servers (Kopano's server_name)."),
            KeySpec("database", .database, .required, "`sqlite:PATH`, or `mariadb://USER@HOST[:PORT]/DATABASE[?socket=PATH]` (see docs/storage.md)."),
            KeySpec("database_password", .secret, .optional, "MariaDB password, kept out of the URL; better `database_password_file`."),
            KeySpec("blobs", .path, .required,
                    "The attachment blob store: a folder of content-addressed files (may be shared by several nodes, e.g. over NFS), or `s3://BUCKET[/PREFIX]` with the `s3_*` keys (see docs/storage.md)."),
            KeySpec("blob_staging", .path, .computed("`DATA_DIR/staging/NAME` for S3; the store's `tmp/` for a folder"),
                    "Local folder where attachment data waits until it goes to S3 (S3 only)."),
            KeySpec("s3_endpoint", .url, .computed("`https://s3.REGION.amazonaws.com`"), "The S3 endpoint, `http://` or `https://` (MinIO, Ceph, …)."),
            KeySpec("s3_region", .string, .defaulted(.string("us-east-1")), "The region requests are signed for (SigV4)."),
            KeySpec("s3_style", .choice(S3BlobSettings.Style.allCases.map(\.rawValue)), .computed("`virtual-host` without `s3_endpoint`, else `path`"),
                    "`path`: `ENDPOINT/BUCKET/KEY`; `virtual-host`: `BUCKET.ENDPOINT/KEY`."),
            KeySpec("s3_access_key", .secret, .optional, "The access key id (required with `s3://`); or `s3_access_key_file`."),
            KeySpec("s3_secret_key", .secret, .optional, "The secret access key (required with `s3://`); better `s3_secret_key_file`."),
            KeySpec("s3_ca_file", .readableFile, .computed("the system's CAs"), "PEM file of the CAs that sign an `https://` endpoint's certificate."),
            KeySpec("s3_multipart_threshold", .byteSize(5 << 20...5 << 30), .defaulted(.string("16 MiB")),
                    "Blobs this large or larger are uploaded in parts (multipart upload), smaller ones with one PUT."),
            KeySpec("s3_part_size", .byteSize(5 << 20...5 << 30), .defaulted(.string("8 MiB")), "The size of each uploaded part but the last."),
            KeySpec("role", .choice(Role.allCases.map(\.rawValue)), .defaulted(.string("serve")), "`serve`: take the server at start; `standby`: only on failover."),
            KeySpec("max_connections", .integer(1...256), .defaulted(.integer(8)), "Most database connections for this server."),
        ])

    init?(_ reader: SectionReader) {
        guard let name = reader.string("name"), var database = reader.database("database"), let blobs = reader.string("blobs"),
              let roleName = reader.string("role"), let role = Role(rawValue: roleName), let connections = reader.int("max_connections")
        else { return nil }
        if let password = reader.secret("database_password") {
            switch database {
            case .sqlite:
                reader.report(.conflict, "database_password", "only used with a mariadb:// database")
                return nil
            case .mariadb(var configuration):
                guard configuration.password.isEmpty else {
                    reader.report(.conflict, "database_password", "the database URL already holds a password; give it in one place")
                    return nil
                }
                configuration.password = password.value
                database = .mariadb(configuration)
            }
        }
        guard let blobStore = Self.blobStore(blobs, name: name, reader) else { return nil }
        self.name = name
        self.database = database
        self.blobs = blobs
        self.blobStore = blobStore
        self.role = role
        self.maximumConnections = connections
    }

    /// The S3 keys, which only an `s3://` location may come with.
    private static let s3Keys = [
        "blob_staging", "s3_endpoint", "s3_style", "s3_access_key", "s3_secret_key", "s3_ca_file",
        "s3_multipart_threshold", "s3_part_size", "s3_region",
    ]

    /// The blob store `blobs` names, with the `s3_*` keys; nil after reporting what is wrong.
    private static func blobStore(_ blobs: String, name: String, _ reader: SectionReader) -> BlobStoreLocation? {
        guard blobs.hasPrefix("s3://") else {
            let stray = s3Keys.filter { reader.isSet($0) }
            for key in stray { reader.report(.conflict, key, "only used with blobs = \"s3://BUCKET[/PREFIX]\"") }
            return stray.isEmpty ? .files(path: blobs) : nil
        }
        let location: (bucket: String, prefix: String)
        switch S3BlobSettings.parse(blobs) {
        case .success(let parsed): location = parsed
        case .failure(let error):
            reader.report(.invalidValue, "blobs", "\"\(blobs.prefix(80))\": \(error.message)")
            return nil
        }
        guard let region = reader.string("region".s3), let threshold = reader.bytes("multipart_threshold".s3),
              let partSize = reader.bytes("part_size".s3)
        else { return nil }
        var complete = true
        let accessKey = reader.secret("access_key".s3)?.value
        if accessKey == nil && !reader.isSet("access_key".s3) {
            reader.report(.missing, "access_key".s3, "required with an s3:// blob store (or s3_access_key_file)")
            complete = false
        }
        let secretKey = reader.secret("secret_key".s3)
        if secretKey == nil && !reader.isSet("secret_key".s3) {
            reader.report(.missing, "secret_key".s3, "required with an s3:// blob store (or s3_secret_key_file)")
            complete = false
        }
        let endpointText = reader.string("endpoint".s3)
        let styleName = reader.string("style".s3)
        guard complete, let accessKey, let secretKey,
              endpointText != nil || !reader.isSet("endpoint".s3), styleName != nil || !reader.isSet("style".s3),
              let endpoint = URL(string: endpointText ?? "https://s3.\(region).amazonaws.com")
        else { return nil }
        let style = styleName.flatMap(S3BlobSettings.Style.init(rawValue:)) ?? (endpointText == nil ? .virtualHost : .path)
        return .s3(S3BlobSettings(
            bucket: location.bucket, prefix: location.prefix, endpoint: endpoint, region: region, style: style,
            accessKey: accessKey, secretKey: secretKey, multipartThreshold: threshold, partSize: partSize,
            caFile: reader.string("ca_file".s3),
            // Completed by NodeConfiguration (DATA_DIR/staging/NAME) when not given.
            stagingDirectory: reader.string("blob_staging") ?? ""))
    }

    /// The server with an S3 store's staging folder defaulted to `DATA_DIR/staging/NAME`.
    func resolvingStaging(dataDirectory: String) -> ServerSection {
        guard case .s3(var settings) = blobStore, settings.stagingDirectory.isEmpty else { return self }
        settings.stagingDirectory = (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "staging/" + name
        var copy = self
        copy.blobStore = .s3(settings)
        return copy
    }

    /// Reports servers listed twice, and two servers on one SQLite file or blob directory.
    static func checkDistinct(_ servers: [ServerSection], _ readers: [SectionReader]) {
        var seen: [String: Int] = [:]
        for (index, server) in servers.enumerated() {
            let places: [(key: String, value: String)] = [
                ("name", "name " + server.name), ("blobs", "blobs " + server.blobs),
            ] + (server.sqlitePath.map { [("database", "database " + $0)] } ?? [])
            for place in places {
                if let first = seen[place.value] {
                    readers[index].report(.conflict, place.key, "server[\(first)] has the same \(place.key)")
                } else {
                    seen[place.value] = index
                }
            }
        }
    }

    /// The SQLite file of the server's database; nil for MariaDB.
    public var sqlitePath: String? {
        if case .sqlite(let configuration) = database { configuration.path } else { nil }
    }
}

extension String {
    /// `s3_` + the key: `"region".s3` is `s3_region`.
    fileprivate var s3: String { "s3_" + self }
}
