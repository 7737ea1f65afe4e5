import Cluster
import Directory
import HTTP
import Telemetry

/// The node's metrics, created once and registered in its ``MetricsRegistry``; docs/operations.md
/// lists them. Components with counters of their own (the HTTP server, gossip, the directory
/// cache, the engines) are read by collectors when `/metrics` is scraped.
struct NodeMetrics: Sendable {
    let registry = MetricsRegistry()
    /// SOAP calls answered, by operation and outcome (`ok` or the fault's MAPI name).
    let requests: Counter
    /// Time to answer a SOAP call, by operation.
    let latency: Histogram

    init() {
        requests = registry.register(
            Counter("tessera_node_soap_requests_total", "SOAP calls answered, by operation and outcome (ok or the MAPI error name).", labels: ["operation", "outcome"]))
        latency = registry.register(
            Histogram("tessera_node_soap_request_duration_seconds", "Time to answer a SOAP call, by operation.", labels: ["operation"]))
    }

    /// Counts one answered call.
    func record(_ reply: SOAPReply, seconds: Double) {
        let operation = reply.operation ?? "undecodable"
        requests.increment(operation, reply.faultName ?? "ok")
        latency.observe(seconds, operation)
    }

    /// Reads the other components' counters at scrape time.
    func collect(http: HTTPServer, cluster: ClusterService?, directory: CachingDirectory, servers: [LocalServer], hub: NotificationHub) {
        registry.addCollector { Self.http(http.metrics) }
        if let cluster { registry.addCollector { ComponentMetricFamilies.gossip(await cluster.metrics()) } }
        registry.addCollector { ComponentMetricFamilies.directoryCache(await directory.metrics) }
        registry.addCollector {
            let epochs = servers.map { server in
                MetricSample(
                    name: "tessera_node_server_epoch", labels: [MetricLabel("server", server.name)],
                    value: Double(server.engine.ownershipEpoch ?? -1))
            }
            return [
                MetricFamily(name: "tessera_node_server_epoch", help: "The ownership epoch held for each configured server (-1: fenced).", kind: .gauge, samples: epochs),
                MetricFamily(
                    name: "tessera_node_notification_waiters", help: "GetNotifications long polls waiting now.", kind: .gauge,
                    samples: [MetricSample(name: "tessera_node_notification_waiters", value: Double(hub.waiterCount()))]),
            ]
        }
    }

    private static func http(_ metrics: HTTPServerMetrics) -> [MetricFamily] {
        func family(_ name: String, _ help: String, _ kind: MetricFamily.Kind, _ value: Int) -> MetricFamily {
            MetricFamily(name: name, help: help, kind: kind, samples: [MetricSample(name: name, value: Double(value))])
        }
        let rejections = metrics.rejections.sorted { $0.key.rawValue < $1.key.rawValue }.map { reason, count in
            MetricSample(name: "tessera_node_http_rejections_total", labels: [MetricLabel("reason", reason.rawValue)], value: Double(count))
        }
        return [
            family("tessera_node_http_requests_total", "HTTP requests served.", .counter, metrics.requestsServed),
            family("tessera_node_http_connections_total", "HTTP connections accepted.", .counter, metrics.connectionsAccepted),
            family("tessera_node_http_open_connections", "HTTP connections open now.", .gauge, metrics.openConnections),
            family("tessera_node_http_received_bytes_total", "Bytes received.", .counter, metrics.bytesReceived),
            family("tessera_node_http_sent_bytes_total", "Bytes sent.", .counter, metrics.bytesSent),
            MetricFamily(name: "tessera_node_http_rejections_total", help: "Requests refused by a limit, by reason.", kind: .counter, samples: rejections),
        ]
    }
}
