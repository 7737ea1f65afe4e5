import Cluster
import Config
import Database
import Directory
import Foundation
import HTTP
import Logging
import NIOCore
import NIOPosix
import Node
@testable import Router
import TestSupport

/// Two real nodes on loopback (node1 serves s1 and s4, node2 serves s2 and s3), an SQL
/// directory on SQLite with users homed on each server, and stand-ins for the nodes' gossip:
/// a cluster member per node that publishes its SOAP endpoint and announces what the test
/// says it owns. Routers join that cluster. (Until nodes join the cluster themselves, the
/// contract is what these stand-ins do: ownership → member → metadata.soapEndpoint.)
final class RouterTestCluster: Sendable {
    static let users: [(login: String, home: String?)] = [
        ("alice", "s1"), ("bob", "s2"), ("carol", "s3"), ("dave", "s4"), ("erin", nil),
    ]
    static let password = "correct horse"

    let directory: URL
    let nodes: [NodeProcess]
    let nodeURLs: [String]
    let gossip: [ClusterService]
    let seed: MemberAddress
    let clusterKeyFile: String
    let directoryPath: String
    private let tasks: [Task<Void, any Error>]
    let logger: Logger

    private init(
        directory: URL, nodes: [NodeProcess], nodeURLs: [String], gossip: [ClusterService], seed: MemberAddress, clusterKeyFile: String,
        directoryPath: String, tasks: [Task<Void, any Error>], logger: Logger
    ) {
        self.directory = directory
        self.nodes = nodes
        self.nodeURLs = nodeURLs
        self.gossip = gossip
        self.seed = seed
        self.clusterKeyFile = clusterKeyFile
        self.directoryPath = directoryPath
        self.tasks = tasks
        self.logger = logger
    }

    /// The configurations' files, without the process's `TESSERA_…` variables.
    static let files = ConfigEnvironment(
        readFile: { try String(contentsOfFile: $0, encoding: .utf8) }, isReadableFile: { FileManager.default.isReadableFile(atPath: $0) })

    /// Starts the cluster; again (up to three times) when a node's port, free when it was
    /// picked, was taken by another test before the node bound it.
    static func start() async throws -> RouterTestCluster {
        for attempt in 1... {
            do {
                return try await startOnce()
            } catch let error as HTTPServerError where error.code == .bindFailed && attempt < 3 {
                continue
            }
        }
        fatalError("unreachable")
    }

    private static func startOnce() async throws -> RouterTestCluster {
        var logger = Logger(label: "tessera.router-tests")
        logger.logLevel = ProcessInfo.processInfo.environment["TESSERA_TEST_LOG"] != nil ? .debug : .critical
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("router-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let sessionKeys = root.appendingPathComponent("session.keys").path
        try Data(repeating: 42, count: 32).base64EncodedString().write(toFile: sessionKeys, atomically: true, encoding: .utf8)
        let clusterKeys = root.appendingPathComponent("cluster.keys").path
        try Data(repeating: 7, count: 16).base64EncodedString().write(toFile: clusterKeys, atomically: true, encoding: .utf8)
        let directoryPath = root.appendingPathComponent("directory.sqlite").path

        var ports = [Shell.freePort()]
        while ports.count < 2 { if case let port = Shell.freePort(), port != ports[0] { ports.append(port) } }
        let urls = ports.map { "http://127.0.0.1:\($0)/soap" }
        // The directory: users, and server objects so that a node can redirect to another.
        let pool = DatabaseLocation.sqlite(SQLiteConfiguration(path: directoryPath)).makePool(maximumConnections: 1)
        let sql = try await SQLDirectory(pool: pool, passwordScheme: .sha512, logger: logger)
        for user in users {
            _ = try await sql.addUser(SQLDirectory.NewUser(login: user.login, homeServer: user.home), password: password)
        }
        for (server, port) in [("s1", ports[0]), ("s4", ports[0]), ("s2", ports[1]), ("s3", ports[1])] {
            try await sql.addServer(DirectoryServer(name: server, address: "127.0.0.1", httpPort: port))
        }
        sql.shutdown()
        pool.close()

        var nodes: [NodeProcess] = []
        var tasks: [Task<Void, any Error>] = []
        for (index, servers) in [["s1", "s4"], ["s2", "s3"]].enumerated() {
            let text = nodeConfiguration(
                name: "node\(index + 1)", port: ports[index], url: urls[index], servers: servers, root: root.path,
                sessionKeys: sessionKeys, directory: directoryPath)
            let node = try await NodeProcess(configuration: try NodeConfiguration(parsing: text, environment: Self.files), logger: logger)
            nodes.append(node)
            tasks.append(Task { try await node.http.run() })
            do {
                _ = try await node.http.boundAddress()
            } catch {
                for task in tasks { task.cancel() }
                for node in nodes { node.close() }
                throw error
            }
        }

        // The nodes' gossip stand-ins.
        var gossip: [ClusterService] = []
        var seed: MemberAddress?
        for (index, url) in urls.enumerated() {
            let name = "node\(index + 1)"
            let service = try ClusterService(
                configuration: ClusterServiceConfiguration(
                    name: name, role: .node, host: "127.0.0.1", port: 0, seeds: seed.map { [$0] } ?? [], keys: [Array(repeating: 7, count: 16)],
                    metadata: MemberMetadata(name: name, role: .node, soapEndpoint: url)),
                logger: logger)
            tasks.append(Task { try await service.run() })
            let address = await service.boundAddress()
            if seed == nil { seed = address }
            gossip.append(service)
        }
        return RouterTestCluster(
            directory: root, nodes: nodes, nodeURLs: urls, gossip: gossip, seed: seed!, clusterKeyFile: clusterKeys,
            directoryPath: directoryPath, tasks: tasks, logger: logger)
    }

    /// Announces that node `index` (0 or 1) owns `server`.
    func announce(_ server: String, by index: Int, epoch: UInt64 = 1) async {
        await gossip[index].announceOwnership(server: server, epoch: epoch)
    }

    /// Starts a router joined to the cluster; `extra` is appended to its `[router]` table.
    func startRouter(name: String, extra: String = "") async throws -> (RouterProcess, URL, Task<Void, any Error>) {
        let text = """
            [router]
            name = "\(name)"
            listen = "127.0.0.1:0"
            \(extra)

            [cluster]
            bind = "127.0.0.1:0"
            seeds = ["\(seed)"]
            key_file = "\(clusterKeyFile)"

            [directory]
            backend = "sql"

            [directory.sql]
            database = "sqlite"
            path = "\(directoryPath)"

            [upstream]
            connect_timeout = "2s"
            response_timeout = "121s"
            """
        let router = try await RouterProcess(configuration: try RouterConfiguration(parsing: text, environment: Self.files), logger: logger)
        let task = Task { try await router.run(handlesSignals: false) }
        let port = try await router.boundPort()
        return (router, URL(string: "http://127.0.0.1:\(port)/soap")!, task)
    }

    /// Waits until `router`'s placement names a node for every server in `servers`.
    func waitUntil(_ router: RouterProcess, serves servers: [String], timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let view = await router.placement.refresh()
            if servers.allSatisfy({ if case .node = view.select(server: $0) { true } else { false } }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestClusterError(message: "router did not learn \(servers) in \(timeout)")
    }

    func stop() async {
        for task in tasks { task.cancel() }
        for task in tasks { _ = try? await task.value }
        for node in nodes { node.close() }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func nodeConfiguration(
        name: String, port: Int, url: String, servers: [String], root: String, sessionKeys: String, directory: String
    ) -> String {
        var text = """
            [node]
            name = "\(name)"
            listen = "127.0.0.1:\(port)"
            advertise_url = "\(url)"
            data_dir = "\(root)/\(name)"

            [sessions]
            key_file = "\(sessionKeys)"

            [directory]
            backend = "sql"

            [directory.sql]
            database = "sqlite"
            path = "\(directory)"

            [directory.cache]
            ttl = 1
            negative_ttl = 1

            """
        for server in servers {
            text += """

                [[server]]
                name = "\(server)"
                database = "sqlite:\(root)/\(server).sqlite"
                blobs = "\(root)/\(server)-blobs"

                """
        }
        return text
    }

}

struct TestClusterError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
