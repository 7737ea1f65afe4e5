import HTTP

/// One way to reach the node: straight, or through a proxy listening on `port` of 127.0.0.1.
struct ProxyTarget: Sendable {
    /// `direct`, `router`, `nginx`, … as given on the command line.
    var name: String
    var port: Int
    /// Whether it runs only at the highest connection count.
    var onlyAtMost: Bool

    /// `name=port,name=port`; `extra` marks them `onlyAtMost`.
    static func list(_ text: String, extra: Bool = false) -> [ProxyTarget] {
        text.split(separator: ",").map { item in
            let parts = item.split(separator: "=")
            guard parts.count == 2, let port = Int(parts[1]) else { usageError("a target is name=port, not \(item)") }
            return ProxyTarget(name: String(parts[0]), port: port, onlyAtMost: extra)
        }
    }

    var endpoint: HTTPEndpoint { HTTPEndpoint(host: "127.0.0.1", port: port) }
}
