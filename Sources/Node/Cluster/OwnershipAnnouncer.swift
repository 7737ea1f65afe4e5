import Cluster
import Logging
import ServiceLifecycle

/// Tells the cluster which servers this node serves, at which epoch (ARCHITECTURE §3): once the
/// membership runs, then again every `interval` (a member that joins late, or a lost
/// broadcast, learns it at the latest then; the table keeps the highest epoch, so repeating is
/// harmless). A server whose engine lost the epoch (fenced) is no longer announced.
struct OwnershipAnnouncer: Service {
    let cluster: ClusterService
    let engines: [StoreEngine]
    let logger: Logger
    var interval: Duration = .seconds(5)

    func run() async throws {
        _ = await cluster.boundAddress()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            for engine in engines {
                guard let epoch = engine.ownershipEpoch else { continue }
                await cluster.announceOwnership(server: engine.configuration.serverName, epoch: UInt64(epoch))
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
