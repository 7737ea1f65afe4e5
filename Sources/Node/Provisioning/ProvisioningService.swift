import Logging
import ServiceLifecycle

/// Runs a directory sync of every served server now and then (`[provisioning] interval`), with
/// the orphan guard: a sync that would orphan too many stores is not applied, and says so.
struct ProvisioningService: Service {
    let provisioners: [StoreProvisioner]
    let interval: Duration
    let maximumOrphanShare: Double
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            for provisioner in provisioners where provisioner.engine.ownershipEpoch != nil {
                do {
                    let plan = try await provisioner.plan()
                    if let refusal = plan.refusal(maximumShare: maximumOrphanShare) {
                        logger.error("directory sync not applied", metadata: ["reason": "\(refusal)"])
                    } else if plan.operations > 0 {
                        try await provisioner.apply(plan)
                    }
                } catch {
                    logger.warning("directory sync failed", metadata: ["server": "\(provisioner.engine.configuration.serverName)", "error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
