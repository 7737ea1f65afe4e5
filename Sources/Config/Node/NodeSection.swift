import Foundation

/// `[node]`: who this node is and where it listens.
public struct NodeSection: Sendable, Hashable {
    /// The node's name: its cluster member name and what ServerDetails reports.
    public var name: String
    /// Where the SOAP listener binds.
    public var listen: HostPort
    /// The SOAP URL other processes (routers, other nodes, redirected clients) use.
    public var advertiseURL: String
    /// Where the node keeps its own state (not the servers' data, which `[[server]]` places).
    public var dataDirectory: String
    /// TLS of the listener; nil = plain HTTP.
    public var tls: TLSFiles?
    /// Addresses of routers whose `X-Forwarded-For` names the client (for per-address logon
    /// limits); requests from anywhere else are taken at their peer address.
    public var trustedProxies: [String]

    static let schema = TableSchema(
        "This node: its name, its SOAP listener and the URL others reach it at.",
        keys: [
            KeySpec("name", .name, .required, "The node's name, unique in the cluster (its member name in gossip)."),
            KeySpec("listen", .hostPort, .defaulted(.string("0.0.0.0:236")), "Address and port of the SOAP listener (`[::]:236` for IPv6)."),
            KeySpec("advertise_url", .url, .required, "The SOAP URL routers, other nodes and redirected clients use, e.g. `https://node1.example.com:237/soap`."),
            KeySpec("data_dir", .path, .defaulted(.string("/var/lib/tessera")), "Directory of the node's own state (created if missing)."),
            KeySpec("tls", .table(TLSFiles.schema), .optional, "TLS of the listener."),
            KeySpec("trusted_proxies", .array(.string, count: 0...256), .defaulted(.array([])), "IP addresses of the routers in front of this node: only their `X-Forwarded-For` is believed as the client's address (per-address logon limits). Empty: every request counts at its peer address."),
        ])

    init?(_ reader: SectionReader) {
        guard let name = reader.string("name"), let listen = reader.hostPort("listen"), let url = reader.string("advertise_url"),
              let dataDirectory = reader.string("data_dir"), let trusted = reader.strings("trusted_proxies")
        else { return nil }
        if let host = URLComponents(string: url)?.host, ["0.0.0.0", "::", "[::]"].contains(host) {
            reader.report(.invalidValue, "advertise_url", "\(host) is a wildcard address; advertise a name or address others can reach")
            return nil
        }
        self.name = name
        self.listen = listen
        self.advertiseURL = url
        self.dataDirectory = dataDirectory
        self.trustedProxies = trusted
        if let section = reader.section("tls") {
            guard let tls = TLSFiles(section) else { return nil }
            self.tls = tls
        }
    }
}
