import Config
import Foundation

/// Configuration environments made up for tests: variables as given, and files from a table
/// (key files with valid keys, password files with a trailing newline). Paths containing
/// `missing` cannot be read.
enum TestEnvironment {
    static let sessionKey = Data(repeating: 7, count: 32).base64EncodedString()
    static let clusterKey = Data(repeating: 9, count: 32).base64EncodedString()

    static let files: [String: String] = [
        "/etc/tessera/session.keys": "# session keys\n\(sessionKey)\n\(Data(repeating: 8, count: 48).base64EncodedString())\n",
        "/etc/tessera/cluster.keys": "\(clusterKey)\n",
        "/etc/tessera/ldap-password": "ldap-secret\n",
        "/etc/tessera/db-password": "db-secret\r\n",
        "/etc/tessera/s3-access-key": "AKIAEXAMPLE\n",
        "/etc/tessera/s3-secret": "s3-secret\n",
    ]

    struct NoSuchFile: Error, CustomStringConvertible {
        var description: String { "No such file or directory" }
    }

    static func make(_ variables: [String: String] = [:], files extra: [String: String] = [:]) -> ConfigEnvironment {
        let all = files.merging(extra) { $1 }
        return ConfigEnvironment(
            variables: variables,
            readFile: { path in
                guard let text = all[path] else { throw NoSuchFile() }
                return text
            },
            isReadableFile: { !$0.contains("missing") })
    }

    /// The smallest valid node file.
    static let minimalNode = """
        [node]
        name = "n1"
        advertise_url = "http://n1.example.com:236/soap"

        [[server]]
        name = "s1"
        database = "sqlite:/var/lib/tessera/s1.sqlite"
        blobs = "/var/lib/tessera/s1-blobs"

        [sessions]
        key_file = "/etc/tessera/session.keys"

        [directory]
        backend = "sql"

        [directory.sql]
        path = "/var/lib/tessera/directory.sqlite"
        """

    /// The smallest valid router file.
    static let minimalRouter = """
        [router]
        name = "r1"

        [cluster]
        bind = "10.0.0.21:7946"
        key_file = "/etc/tessera/cluster.keys"

        [directory]
        backend = "unix"

        [directory.unix]
        default_domain = "example.com"
        """

    /// The problems of a node file, formatted for a file called `node.toml`.
    static func nodeProblems(_ text: String, _ variables: [String: String] = [:]) -> [String] {
        do {
            _ = try NodeConfiguration(parsing: text, environment: make(variables))
            return []
        } catch {
            return error.lines(file: "node.toml")
        }
    }
}
