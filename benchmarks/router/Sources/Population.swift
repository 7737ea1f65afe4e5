import Config
import Database
import Directory
import Foundation
import Logging
import MAPI
import Node

/// The benchmark's users: `getprops` (the GetProps runs' session), homed on server s1, and
/// `u000000`… (one per logon) on s2, which the same node serves: GetProps then reads a database
/// of one store, not of thousands. Every user has the same password, hashed with SHA-512-crypt at
/// libxcrypt's default of 5,000 rounds (each its own salt), as `tessera dev` seeds them.
enum Population {
    static let password = "bench-password"
    static let getPropsLogin = "getprops"
    static let getPropsServer = "s1"
    static let logonServer = "s2"

    /// The login of logon user `index`.
    static func login(_ index: Int) -> String {
        let digits = String(index)
        return "u" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Adds `users` logon users and the GetProps user to the SQL directory at `directory` (hashing
    /// in parallel, writing through one connection), then creates their stores with the node's own
    /// provisioning, so that no measured logon creates a store. Prints what it took.
    static func prepare(directory: String, users: Int, nodeConfiguration: NodeConfiguration, logger: Logger) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let pool = DatabasePool.sqlite(SQLiteConfiguration(path: directory), maximumConnections: 1)
        let sql = try await SQLDirectory(pool: pool, passwordScheme: .sha512, logger: logger)
        let logins = [getPropsLogin] + (0..<users).map(login)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (offset, login) in logins.enumerated() {
                if offset >= 8 { try await group.next() }
                let home = offset == 0 ? getPropsServer : logonServer
                group.addTask {
                    _ = try await sql.addUser(SQLDirectory.NewUser(login: login, homeServer: home), password: password)
                }
            }
            try await group.waitForAll()
        }
        sql.shutdown()
        pool.close()
        let seeded = clock.now
        print("prepare: \(logins.count) users added in \(seconds(seeded - started)) s")

        let node = try await NodeProcess(configuration: nodeConfiguration, logger: logger)
        defer { node.close() }
        for provisioner in node.provisioners.values {
            let plan = try await provisioner.plan()
            let failures = try await provisioner.apply(plan)
            guard failures == 0 else { throw MAPIError(.callFailed, "\(failures) stores could not be created") }
            print("prepare: \(plan.create.count) stores created in \(seconds(clock.now - seeded)) s")
        }
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
