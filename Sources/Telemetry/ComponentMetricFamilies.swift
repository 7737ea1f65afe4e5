import Cluster
import Directory

/// Other components' counters as metric families, for a registry's collectors: the gossip
/// figures of ``ClusterService/metrics()`` (docs/cluster.md §6) and the directory cache's.
/// Any process with a cluster service or a directory cache can add them.
public enum ComponentMetricFamilies {
    /// `tessera_gossip_*` from a cluster service's counters.
    public static func gossip(_ metrics: ClusterMetrics) -> [MetricFamily] {
        func counter(_ name: String, _ help: String, _ value: Int) -> MetricFamily {
            MetricFamily(name: "tessera_gossip_\(name)", help: help, kind: .counter, samples: [MetricSample(name: "tessera_gossip_\(name)", value: Double(value))])
        }
        let m = metrics.membership
        let members = MetricFamily(
            name: "tessera_gossip_members", help: "Members in this view by status.", kind: .gauge,
            samples: MemberStatus.allCases.map {
                MetricSample(name: "tessera_gossip_members", labels: [MetricLabel("status", "\($0)")], value: Double(metrics.members[$0] ?? 0))
            })
        let dropped = MetricFamily(
            name: "tessera_gossip_dropped_datagrams_total", help: "Inbound datagrams dropped, by reason.", kind: .counter,
            samples: DatagramFrame.Drop.allCases.map {
                MetricSample(name: "tessera_gossip_dropped_datagrams_total", labels: [MetricLabel("reason", $0.rawValue)], value: Double(metrics.dropped[$0] ?? 0))
            })
        return [
            members,
            counter("probes_total", "Probe rounds started.", m.probes),
            counter("failed_probes_total", "Probe rounds that failed.", m.failedProbes),
            counter("suspicions_total", "Suspicions this member started.", m.suspicionsStarted),
            counter("deaths_declared_total", "Members this member declared dead.", m.deathsDeclared),
            counter("refutations_total", "Suspicions of this member it refuted.", m.refutations),
            counter("datagrams_sent_total", "Datagrams sent.", metrics.datagramsSent),
            counter("datagrams_received_total", "Datagrams received.", metrics.datagramsReceived),
            counter("bytes_sent_total", "Datagram bytes sent (sealed).", metrics.bytesSent),
            counter("bytes_received_total", "Datagram bytes received (sealed).", metrics.bytesReceived),
            counter("stream_errors_total", "Anti-entropy streams that failed.", metrics.streamErrors),
            dropped,
        ]
    }

    /// `tessera_directory_cache_*` from a directory cache's counters.
    public static func directoryCache(_ metrics: CacheMetrics) -> [MetricFamily] {
        func counter(_ name: String, _ help: String, _ value: Int) -> MetricFamily {
            MetricFamily(
                name: "tessera_directory_cache_\(name)", help: help, kind: .counter,
                samples: [MetricSample(name: "tessera_directory_cache_\(name)", value: Double(value))])
        }
        return [
            counter("hits_total", "Lookups answered from the cache.", metrics.hits),
            counter("misses_total", "Lookups that asked the backend.", metrics.misses),
            counter("coalesced_total", "Lookups that joined a lookup of the same key in flight.", metrics.coalesced),
            counter("stale_answers_total", "Lookups answered stale while the backend was unreachable.", metrics.staleAnswers),
            counter("backend_errors_total", "Backend lookups that failed.", metrics.backendErrors),
        ]
    }
}
