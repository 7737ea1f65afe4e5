import Foundation
import TestSupport

/// A cluster of real processes for the routing and failover tests: a throwaway slapd with users
/// homed on s1–s3, three `tessera node` processes (one server each, SQLite; with `standbys`,
/// each also stands by for the other two, on the same files), two `tessera router` processes, gossip between them all, every process on its own loopback ports. Logs go to
/// files in the fixture's folder, printed when a step fails.
final class ClusterFixture: @unchecked Sendable {
    static let users: [(login: String, server: String)] = [
        ("ann", "s1"), ("ben", "s1"), ("cid", "s2"), ("dot", "s2"), ("eve", "s3"), ("fay", "s3"),
    ]
    static func password(_ login: String) -> String { "pw-\(login)" }

    let folder: String
    let slapd: TestSlapd
    let nodePorts: [Int]
    let routerPorts: [Int]
    private let clusterPorts: [Int]
    private let standbys: Bool
    private let failback: String?
    private var processes: [String: Process] = [:]

    /// `failback`: the nodes' `[failover] failback` (`"auto"` with a 2 s stable period); nil
    /// keeps the default.
    init(standbys: Bool = false, failback: String? = nil) throws {
        self.standbys = standbys
        self.failback = failback
        var template = Array("/tmp/tessera-cluster.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Shell.Failure(description: "mkdtemp failed") }
        folder = String(cString: made)
        slapd = try TestSlapd(ldif: Self.ldif())
        var ports = Set<Int>()
        while ports.count < 10 { ports.insert(Shell.freePort()) }
        let list = Array(ports)
        nodePorts = Array(list[0..<3])
        routerPorts = Array(list[3..<5])
        clusterPorts = Array(list[5..<10])
        for name in ["session.keys", "cluster.keys"] {
            var key = [UInt8](repeating: 0, count: 32)
            for index in key.indices { key[index] = UInt8.random(in: 0...255) }
            try (Data(key).base64EncodedString() + "\n").write(toFile: "\(folder)/\(name)", atomically: true, encoding: .utf8)
        }
        for index in 0..<3 { try nodeConfiguration(index).write(toFile: "\(folder)/n\(index + 1).toml", atomically: true, encoding: .utf8) }
        for index in 0..<2 { try routerConfiguration(index).write(toFile: "\(folder)/r\(index + 1).toml", atomically: true, encoding: .utf8) }
    }

    deinit {
        for process in processes.values where process.isRunning { process.interrupt(); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: folder)
    }

    func routerURL(_ index: Int) -> String { "http://127.0.0.1:\(routerPorts[index])/soap" }
    func nodeURL(_ index: Int) -> String { "http://127.0.0.1:\(nodePorts[index])/soap" }

    /// Starts `tessera node` (`n1`…) or `tessera router` (`r1`…) with its configuration.
    func start(_ name: String) throws {
        let process = Process()
        process.executableURL = TesseraProcess.executable
        process.arguments = [name.hasPrefix("n") ? "node" : "router", "--config", "\(folder)/\(name).toml"]
        _ = FileManager.default.createFile(atPath: "\(folder)/\(name).log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(folder)/\(name).log"))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        processes[name] = process
    }

    /// Stops a process: SIGTERM (graceful: it leaves the cluster) or SIGKILL.
    func stop(_ name: String, kill: Bool = false) {
        guard let process = processes[name] else { return }
        if kill { Foundation.kill(process.processIdentifier, SIGKILL) } else { process.terminate() }
        process.waitUntilExit()
    }

    /// Sends `signal` (SIGSTOP, SIGCONT) to a running process.
    func signal(_ name: String, _ signal: Int32) {
        guard let process = processes[name], process.isRunning else { return }
        Foundation.kill(process.processIdentifier, signal)
    }

    /// A configuration file's path (`n1`…, `r1`…).
    func configurationFile(_ name: String) -> String { "\(folder)/\(name).toml" }

    /// The SQLite file of server `s1`…
    func databaseFile(_ server: String) -> String { "\(folder)/\(server).sqlite" }

    /// A process's whole log.
    func log(_ name: String) -> String { (try? String(contentsOfFile: "\(folder)/\(name).log", encoding: .utf8)) ?? "" }

    /// The processes' logs, for a failure message.
    func logs() -> String {
        processes.keys.sorted().map { name in
            let text = (try? String(contentsOfFile: "\(folder)/\(name).log", encoding: .utf8)) ?? ""
            return "--- \(name)\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Runs `Tests/Python/zeep_cluster.py ARGUMENTS` with Debian's python3 (and its zeep).
    func zeep(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Python/zeep_cluster.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Retries `zeep(arguments)` until it exits 0 or `seconds` pass; the last result.
    func zeepUntilSuccess(_ arguments: [String], within seconds: Double) throws -> (status: Int32, output: String) {
        let deadline = Date().addingTimeInterval(seconds)
        var last = try zeep(arguments)
        while last.status != 0 && Date() < deadline {
            usleep(250_000)
            last = try zeep(arguments)
        }
        return last
    }

    private func nodeConfiguration(_ index: Int) -> String {
        """
        [node]
        name = "n\(index + 1)"
        listen = "127.0.0.1:\(nodePorts[index])"
        advertise_url = "\(nodeURL(index))"
        data_dir = "\(folder)/n\(index + 1)"
        trusted_proxies = ["127.0.0.1"]

        [[server]]
        name = "s\(index + 1)"
        database = "sqlite:\(folder)/s\(index + 1).sqlite"
        blobs = "\(folder)/s\(index + 1)-blobs"
        \(standbys ? standbySections(besides: index) : "")

        [sessions]
        key_file = "\(folder)/session.keys"

        [cluster]
        bind = "127.0.0.1:\(clusterPorts[index])"
        seeds = ["127.0.0.1:\(clusterPorts[0])", "127.0.0.1:\(clusterPorts[1])"]
        key_file = "\(folder)/cluster.keys"
        \(probeInterval)

        \(directorySection)
        \(failback.map { "[failover]\nfailback = \"\($0)\"\nfailback_after = \"2s\"\n" } ?? "")
        [log]
        level = "info"

        """
    }

    /// The failover test's faster failure detection (docs/failover.md, "How fast").
    private var probeInterval: String { standbys ? "probe_interval = \"250ms\"" : "" }

    /// The other two servers, on the same files as their serving nodes', as standby.
    private func standbySections(besides index: Int) -> String {
        (0..<3).filter { $0 != index }.map { other in
            """

            [[server]]
            name = "s\(other + 1)"
            database = "sqlite:\(folder)/s\(other + 1).sqlite"
            blobs = "\(folder)/s\(other + 1)-blobs"
            role = "standby"
            """
        }.joined(separator: "\n")
    }

    private func routerConfiguration(_ index: Int) -> String {
        """
        [router]
        name = "r\(index + 1)"
        listen = "127.0.0.1:\(routerPorts[index])"

        [cluster]
        bind = "127.0.0.1:\(clusterPorts[3 + index])"
        seeds = ["127.0.0.1:\(clusterPorts[0])", "127.0.0.1:\(clusterPorts[1])"]
        key_file = "\(folder)/cluster.keys"
        \(probeInterval)

        \(directorySection)
        [log]
        level = "info"

        """
    }

    private var directorySection: String {
        """
        [directory]
        backend = "ldap"

        [directory.ldap]
        preset = "openldap"
        uris = ["\(slapd.uri)"]
        base_dn = "\(TestSlapd.base)"
        user_base_dn = "ou=people,\(TestSlapd.base)"
        bind = "simple"
        bind_dn = "\(TestSlapd.serviceDN)"
        bind_password = "\(TestSlapd.servicePassword)"

        [directory.cache]
        ttl = 5
        negative_ttl = 1

        """
    }

    private static func ldif() -> String {
        var text = "dn: ou=people,\(TestSlapd.base)\nobjectClass: organizationalUnit\nou: people\n\n"
        for user in users {
            text += """
                dn: uid=\(user.login),ou=people,\(TestSlapd.base)
                objectClass: inetOrgPerson
                objectClass: tesseraUser
                uid: \(user.login)
                cn: \(user.login.capitalized)
                sn: \(user.login.capitalized)
                mail: \(user.login)@example.test
                userPassword: \(password(user.login))
                tesseraHomeServer: \(user.server)
                tesseraAccountEnabled: TRUE


                """
        }
        return text
    }
}
