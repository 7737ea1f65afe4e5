import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// One node (SQLite, the SQL directory) and one router joined to it, each started as systemd
/// would start a notify service: `NOTIFY_SOCKET` and `WATCHDOG_USEC` set, clean signal mask.
final class NotifyCluster: @unchecked Sendable {
    let folder: String
    let nodePort: Int, routerPort: Int
    private let nodeClusterPort: Int, routerClusterPort: Int

    init() throws {
        var template = Array("/tmp/tessera-systemd.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Shell.Failure(description: "mkdtemp failed") }
        folder = String(cString: made)
        var ports = Set<Int>()
        while ports.count < 4 { ports.insert(Shell.freePort()) }
        let list = Array(ports)
        (nodePort, routerPort, nodeClusterPort, routerClusterPort) = (list[0], list[1], list[2], list[3])
        for name in ["session.keys", "cluster.keys"] {
            let key = (0..<32).map { _ in UInt8.random(in: 0...255) }
            try (Data(key).base64EncodedString() + "\n").write(toFile: "\(folder)/\(name)", atomically: true, encoding: .utf8)
        }
        try nodeConfiguration.write(toFile: "\(folder)/node.toml", atomically: true, encoding: .utf8)
        try routerConfiguration.write(toFile: "\(folder)/router.toml", atomically: true, encoding: .utf8)
    }

    /// Starts `tessera node` or `tessera router` notifying `listener`, with a 2 s watchdog and
    /// `environment` besides; its standard output and error go to ``logFile(_:)``.
    func start(_ role: String, notify listener: NotifyListener, environment: [String: String] = [:]) throws -> pid_t {
        try Shell.spawn(
            TesseraProcess.executable.path, [role, "--config", "\(folder)/\(role).toml"], log: logFile(role),
            environment: ["NOTIFY_SOCKET": listener.socketValue, "WATCHDOG_USEC": "2000000"].merging(environment) { $1 })
    }

    /// Where a process's standard output and error go (appended to, so made beforehand it
    /// keeps its inode).
    func logFile(_ role: String) -> String { "\(folder)/\(role).log" }

    /// The exit status of `pid` once it exits (at most 30 s); nil if it did not exit normally.
    func wait(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        for _ in 0..<300 {
            if waitpid(pid, &status, WNOHANG) == pid { return status & 0x7f == 0 ? (status >> 8) & 0xff : nil }
            usleep(100_000)
        }
        return nil
    }

    /// SIGKILL, if it still runs (a failed test's leftovers).
    func kill(_ pid: pid_t) {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == 0 else { return }
        Glibc.kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    /// The last lines of a process's log, for a failure message.
    func log(_ role: String) -> String {
        let text = (try? String(contentsOfFile: logFile(role), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    private var nodeConfiguration: String {
        """
        [node]
        name = "n1"
        listen = "127.0.0.1:\(nodePort)"
        advertise_url = "http://127.0.0.1:\(nodePort)/soap"
        data_dir = "\(folder)/n1"

        [[server]]
        name = "s1"
        database = "sqlite:\(folder)/s1.sqlite"
        blobs = "\(folder)/s1-blobs"

        [sessions]
        key_file = "\(folder)/session.keys"

        [cluster]
        bind = "127.0.0.1:\(nodeClusterPort)"
        key_file = "\(folder)/cluster.keys"

        \(directory)
        """
    }

    private var routerConfiguration: String {
        """
        [router]
        name = "r1"
        listen = "127.0.0.1:\(routerPort)"

        [cluster]
        bind = "127.0.0.1:\(routerClusterPort)"
        seeds = ["127.0.0.1:\(nodeClusterPort)"]
        key_file = "\(folder)/cluster.keys"

        \(directory)
        """
    }

    private var directory: String {
        """
        [directory]
        backend = "sql"

        [directory.sql]
        database = "sqlite"
        path = "\(folder)/directory.sqlite"
        password_scheme = "sha512"

        [log]
        level = "info"

        """
    }
}
