import Config
import Logging

/// Opens the blob store a `[[server]]` table names (``BlobStoreLocation``): a folder as a
/// ``FileBlobStore``, an `s3://` location as an ``S3BlobStore`` whose access is checked at
/// once, so that wrong credentials or a missing bucket stop the node at start with the reason.
public enum BlobStoreFactory {
    /// The store of `server`, used by node `node` (the name its temporary files carry).
    public static func open(_ server: ServerSection, node: String, logger: Logger) throws -> any BlobStore {
        try open(server.blobStore, node: node, logger: logger)
    }

    /// The store at `location`, used by node `node`.
    public static func open(_ location: BlobStoreLocation, node: String, logger: Logger) throws -> any BlobStore {
        switch location {
        case .files(let path):
            return try FileBlobStore(root: path, node: node)
        case .s3(let settings):
            let store = try S3BlobStore(settings: settings, node: node, logger: logger)
            try store.checkAccess()
            return store
        }
    }
}
