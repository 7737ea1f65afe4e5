import Foundation

/// The configuration of a node under test, as the TOML text `tessera node --config` reads: one
/// SQLite server `s1` and the SQL directory on SQLite (sha512 hashes, quick to check), both in
/// `folder`, listening on loopback (port 0: any free one; the node logs and reports the port).
/// In-process nodes (``InProcessNode``) and `tessera node` processes use the same text.
public struct TestNodeConfiguration: Sendable {
    /// Where the node keeps everything (created by the caller, removed afterwards).
    public var folder: URL
    /// The listening port; 0 picks a free one.
    public var port = 0
    /// Keys of `[sessions]` besides `key_file`, as TOML values (`lifetime = "4s"`).
    public var sessions: [String: String] = [:]
    /// Keys of `[limits]`, as TOML values (`header_timeout = "2s"`).
    public var limits: [String: String] = [:]
    /// Keys of `[logon]`, as TOML values.
    public var logon: [String: String] = [:]
    /// The session keys, base64 one a line: one fresh random 32-byte key.
    public var sessionKeys: String

    /// A configuration in `folder` with a fresh session key and the defaults of every limit.
    public init(folder: URL) {
        self.folder = folder
        var generator = SystemRandomNumberGenerator()
        sessionKeys = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString() + "\n"
    }

    /// Runs `body` with a configuration in a new temporary folder, adjusted by `configure`;
    /// deletes the folder afterwards.
    public static func inTemporaryFolder<T>(
        configure: (inout TestNodeConfiguration) -> Void, _ body: (TestNodeConfiguration) async throws -> T
    ) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-node-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = TestNodeConfiguration(folder: folder)
        configure(&configuration)
        return try await body(configuration)
    }

    /// The session key file the configuration names.
    public var keyFile: String { folder.appendingPathComponent("session.keys").path }
    /// The SQL directory's SQLite file.
    public var directoryPath: String { folder.appendingPathComponent("directory.sqlite").path }

    /// The TOML text.
    public var text: String {
        let root = folder.path
        return """
            [node]
            name = "n1"
            listen = "127.0.0.1:\(port)"
            advertise_url = "http://127.0.0.1:\(port)/soap"
            data_dir = "\(root)"

            [[server]]
            name = "s1"
            database = "sqlite:\(root)/s1.sqlite"
            blobs = "\(root)/s1-blobs"

            [sessions]
            key_file = "\(keyFile)"
            \(Self.lines(sessions))
            [directory]
            backend = "sql"

            [directory.sql]
            database = "sqlite"
            path = "\(directoryPath)"
            password_scheme = "sha512"

            [limits]
            \(Self.lines(limits))
            [logon]
            \(Self.lines(logon))
            """
    }

    private static func lines(_ keys: [String: String]) -> String {
        keys.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)\n" }.joined()
    }
}
