import Directory
import Logging
import MAPI

/// Applies directory syncs to one served server: reads the directory and the server's stores,
/// plans (``ProvisioningPlan``), and carries the plan out store by store, reporting progress.
public struct StoreProvisioner: Sendable {
    let engine: StoreEngine
    let directory: any UserDirectory
    let defaultServer: String?
    let executor: BlockingExecutor
    let logger: Logger

    public init(engine: StoreEngine, directory: any UserDirectory, defaultServer: String?, executor: BlockingExecutor, logger: Logger) {
        self.engine = engine
        self.directory = directory
        self.defaultServer = defaultServer
        self.executor = executor
        self.logger = logger
    }

    /// The plan as of now.
    public func plan() async throws -> ProvisioningPlan {
        let users = try await directory.users(changedSince: nil).items
        let engine = self.engine
        let stores = try await executor.runBlocking { () throws(MAPIError) in try engine.allStores() }
        return ProvisioningPlan.make(
            server: engine.configuration.serverName, defaultServer: defaultServer, users: users,
            stores: stores.map { ($0.owner, $0.orphaned) })
    }

    /// Carries `plan` out; `progress(done, total)` after each store. A store that fails is
    /// logged and skipped (the next sync tries again); the count of failures is returned.
    @discardableResult
    public func apply(_ plan: ProvisioningPlan, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws(MAPIError) -> Int {
        let engine = self.engine
        let total = plan.operations
        var done = 0
        var failures = 0
        func step(_ what: String, _ owner: String, _ body: @escaping @Sendable () throws(MAPIError) -> Void) async throws(MAPIError) {
            do {
                try await executor.runBlocking(body)
            } catch where error.code == .fenced {
                throw error
            } catch {
                failures += 1
                logger.warning("provisioning step failed", metadata: ["step": "\(what)", "owner": "\(owner)", "error": "\(error)"])
            }
            done += 1
            progress(done, total)
        }
        for store in plan.create {
            try await step("create", store.owner) { () throws(MAPIError) in
                guard try engine.store(owner: store.owner) == nil else { return }
                _ = try engine.createStore(owner: store.owner, displayName: store.displayName.isEmpty ? store.login : store.displayName)
            }
        }
        for owner in plan.orphan { try await step("orphan", owner) { () throws(MAPIError) in try engine.setOrphaned(owner: owner, true) } }
        for owner in plan.restore { try await step("restore", owner) { () throws(MAPIError) in try engine.setOrphaned(owner: owner, false) } }
        logger.notice(
            "directory sync", metadata: [
                "server": "\(plan.server)", "created": "\(plan.create.count)", "orphaned": "\(plan.orphan.count)",
                "restored": "\(plan.restore.count)", "failed": "\(failures)",
            ])
        return failures
    }
}
