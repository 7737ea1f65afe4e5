/// The name of a staging file, which says which node wrote it: `blob-<16 hex>-<pid>-<node>.tmp`.
///
/// Several nodes may share one blob store folder (NFS); each sweeps only its own temporary
/// files at once, and other nodes' only when they have not been written to for a long time
/// (``TemporarySweepPolicy``), so that one node's cleanup never removes another node's upload
/// in progress. Names written before this scheme (`blob-<16 hex>.tmp`) have no owner.
struct TemporaryBlobName: Hashable, Sendable {
    /// The random part that makes the name unique.
    var token: UInt64
    /// The process that created it.
    var processID: Int32
    /// The node that created it, as ``fileSafe(_:)`` wrote it.
    var node: String

    /// The file name.
    var fileName: String {
        let hex = String(token, radix: 16)
        return "blob-" + String(repeating: "0", count: 16 - hex.count) + hex + "-\(processID)-\(node).tmp"
    }

    /// The owner of a staging file named `fileName`; nil for names of another form (also the
    /// older `blob-<16 hex>.tmp`).
    init?(parsing fileName: String) {
        guard fileName.hasPrefix("blob-"), fileName.hasSuffix(".tmp") else { return nil }
        let middle = fileName.dropFirst(5).dropLast(4)
        let parts = middle.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 16, let token = UInt64(parts[0], radix: 16),
              let processID = Int32(parts[1]), !parts[2].isEmpty, Self.fileSafe(String(parts[2])) == parts[2]
        else { return nil }
        self.init(token: token, processID: processID, node: String(parts[2]))
    }

    /// A name for a new file of `node` in process `processID`.
    init(token: UInt64, processID: Int32, node: String) {
        self.token = token
        self.processID = processID
        self.node = Self.fileSafe(node)
    }

    /// `node` with every character but letters, digits, `.`, `_` and `-` replaced by `_`, at
    /// most 64 characters, never empty (node names from the configuration pass unchanged).
    static func fileSafe(_ node: String) -> String {
        let safe = String(node.unicodeScalars.prefix(64).map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": Character(scalar)
            default: "_"
            }
        })
        return safe.isEmpty ? "_" : safe
    }
}

/// Which temporary files a sweep removes (a pure decision, see ``BlobStagingArea``).
///
/// - A file of **this node** (any process: earlier runs of the node are gone) goes when the
///   sweep has no age limit (at start-up or takeover, when the node has no upload in progress
///   on this server), or when it is older than the limit.
/// - A file of **another node**, or of no known node, goes only when it is older than
///   ``foreignAge`` (and than the sweep's limit): a writer touches its file with every
///   megabyte, so a file untouched that long belongs to a node that died or gave up.
struct TemporarySweepPolicy: Sendable {
    /// This node's name, as written into file names.
    var node: String
    /// How long another node's file must be untouched before any node removes it.
    var foreignAge: Duration

    /// Whether to remove a file named `fileName`, untouched for `idle`, in a sweep with the
    /// limit `age` (nil: none).
    func shouldRemove(fileName: String, idle: Duration, age: Duration?) -> Bool {
        if let owner = TemporaryBlobName(parsing: fileName), owner.node == node {
            return age.map { idle >= $0 } ?? true
        }
        return idle >= max(foreignAge, age ?? .zero)
    }
}
