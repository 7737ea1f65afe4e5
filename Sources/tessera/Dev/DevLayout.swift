import Foundation

/// The files and addresses of a `tessera dev` cluster: everything under one data folder, every
/// process on loopback, ports counted up from a base.
struct DevLayout {
    static let servers = ["s1", "s2", "s3"]
    /// Demo users and their home servers, three per server.
    static let users: [(login: String, name: String, server: String)] = [
        ("alice", "Alice Archer", "s1"), ("bob", "Bob Baker", "s2"), ("carol", "Carol Cooper", "s3"),
        ("dave", "Dave Dyer", "s1"), ("erin", "Erin Evans", "s2"), ("frank", "Frank Fisher", "s3"),
        ("grace", "Grace Gardner", "s1"), ("heidi", "Heidi Hunter", "s2"), ("ivan", "Ivan Irwin", "s3"),
    ]
    static let password = "demo"
    static let mailDomain = "example.test"

    let folder: String
    let basePort: Int

    var routerPort: Int { basePort }
    func nodePort(_ index: Int) -> Int { basePort + 1 + index }
    func clusterPort(_ index: Int) -> Int { basePort + 100 + index }
    var routerClusterPort: Int { basePort + 110 }
    var directory: String { folder + "/directory.sqlite" }
    var sessionKeys: String { folder + "/session.keys" }
    var clusterKeys: String { folder + "/cluster.keys" }
    func nodeURL(_ index: Int) -> String { "http://127.0.0.1:\(nodePort(index))/soap" }
    var routerURL: String { "http://127.0.0.1:\(routerPort)/soap" }

    /// The configuration of node `index` (0-based), serving server `servers[index]`.
    func nodeConfiguration(_ index: Int) -> String {
        let name = "n\(index + 1)"
        let server = Self.servers[index]
        return """
            # tessera dev: node \(name), serving \(server)
            [node]
            name = "\(name)"
            listen = "127.0.0.1:\(nodePort(index))"
            advertise_url = "\(nodeURL(index))"
            data_dir = "\(folder)/\(name)"
            trusted_proxies = ["127.0.0.1"]                  # the router runs here

            [[server]]
            name = "\(server)"
            database = "sqlite:\(folder)/\(server).sqlite"
            blobs = "\(folder)/\(server)-blobs"

            [sessions]
            key_file = "\(sessionKeys)"

            [cluster]
            bind = "127.0.0.1:\(clusterPort(index))"
            seeds = ["127.0.0.1:\(clusterPort(0))"]
            key_file = "\(clusterKeys)"

            [directory]
            backend = "sql"

            [directory.sql]
            database = "sqlite"
            path = "\(directory)"
            password_scheme = "sha512"

            [provisioning]
            interval = "1m"

            [log]
            level = "warning"

            """
    }

    /// The router's configuration.
    func routerConfiguration() -> String {
        """
        # tessera dev: the router
        [router]
        name = "router1"
        listen = "127.0.0.1:\(routerPort)"

        [cluster]
        bind = "127.0.0.1:\(routerClusterPort)"
        seeds = ["127.0.0.1:\(clusterPort(0))"]
        key_file = "\(clusterKeys)"

        [directory]
        backend = "sql"

        [directory.sql]
        database = "sqlite"
        path = "\(directory)"
        password_scheme = "sha512"

        [log]
        level = "warning"

        """
    }
}
