/// `[router]`: who this router is, where it listens, and how it hands requests on.
public struct RouterSection: Sendable, Hashable {
    /// How requests reach the serving node (ARCHITECTURE §4).
    public enum Mode: String, Sendable, CaseIterable {
        /// Forward over pooled keep-alive connections (the default).
        case proxy
        /// Answer with `UNABLE_TO_COMPLETE` and the serving node's URL (Kopano's behaviour).
        case redirect
    }

    /// The router's name (its cluster member name).
    public var name: String
    /// Where the SOAP listener binds.
    public var listen: HostPort
    /// Proxy or redirect.
    public var mode: Mode
    /// TLS of the listener; nil = plain HTTP.
    public var tls: TLSFiles?
    /// Home server of users the directory names none for; nil = their Logons fail.
    public var defaultServer: String?
    /// Threads serving connections; nil = one per CPU core.
    public var eventLoops: Int?

    static let schema = TableSchema(
        "This router: its name, its SOAP listener and how it hands requests to nodes.",
        keys: [
            KeySpec("name", .name, .required, "The router's name, unique in the cluster."),
            KeySpec("listen", .hostPort, .defaulted(.string("0.0.0.0:236")), "Address and port of the SOAP listener clients connect to."),
            KeySpec("mode", .choice(Mode.allCases.map(\.rawValue)), .defaulted(.string("proxy")),
                    "`proxy`: forward to the serving node; `redirect`: answer with its URL (Kopano-compatible)."),
            KeySpec("tls", .table(TLSFiles.schema), .optional, "TLS of the listener."),
            KeySpec("default_server", .name, .computed("none: such Logons fail"),
                    "Home server of users the directory names none for (their Logons are routed there)."),
            KeySpec("event_loops", .integer(1...256), .computed("one per CPU core"),
                    "Threads that serve client and node connections (as nginx's `worker_processes`)."),
        ])

    init?(_ reader: SectionReader) {
        guard let name = reader.string("name"), let listen = reader.hostPort("listen"),
              let modeName = reader.string("mode"), let mode = Mode(rawValue: modeName)
        else { return nil }
        self.name = name
        self.listen = listen
        self.mode = mode
        defaultServer = reader.string("default_server")
        eventLoops = reader.int("event_loops")
        if let section = reader.section("tls") {
            guard let tls = TLSFiles(section) else { return nil }
            self.tls = tls
        }
    }
}
