import Config
import Foundation

/// The files of the node under test, in one directory: its configuration (`node.toml`: SQLite
/// server `s1`, SQL directory with sha512-crypt passwords, listening on 127.0.0.1 port 0, logging
/// warnings only), the session key file, the databases and blobs, and the `ports` file a child
/// node writes once it listens.
struct NodeFiles: Sendable {
    let root: URL

    var configurationFile: URL { root.appendingPathComponent("node.toml") }
    var keyFile: URL { root.appendingPathComponent("session.keys") }
    var directoryDatabase: URL { root.appendingPathComponent("directory.sqlite") }
    var portsFile: URL { root.appendingPathComponent("ports") }

    /// A fresh directory under the temporary directory, with the key file and configuration.
    static func create() throws -> NodeFiles {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-soap-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let files = NodeFiles(root: root)
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try Data((key.base64EncodedString() + "\n").utf8).write(to: files.keyFile)
        try Data(files.configurationText.utf8).write(to: files.configurationFile)
        return files
    }

    var configurationText: String {
        let path = root.path
        return """
            [node]
            name = "bench"
            listen = "127.0.0.1:0"
            advertise_url = "http://127.0.0.1/soap"
            data_dir = "\(path)/node"

            [[server]]
            name = "s1"
            database = "sqlite:\(path)/s1.sqlite"
            blobs = "\(path)/s1-blobs"
            role = "serve"
            max_connections = 8

            [sessions]
            key_file = "\(keyFile.path)"

            [directory]
            backend = "sql"

            [directory.sql]
            path = "\(directoryDatabase.path)"
            password_scheme = "sha512"

            [limits]
            max_connections = 10000

            [log]
            level = "warning"
            """
    }

    /// The node's configuration as `tessera node` would read it (files only: no `TESSERA_`
    /// variables, so that the environment cannot change what is measured).
    func configuration() throws -> NodeConfiguration {
        let text = try String(contentsOf: configurationFile, encoding: .utf8)
        let environment = ConfigEnvironment(
            readFile: { try String(contentsOfFile: $0, encoding: .utf8) },
            isReadableFile: { FileManager.default.isReadableFile(atPath: $0) })
        return try NodeConfiguration(parsing: text, environment: environment)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
