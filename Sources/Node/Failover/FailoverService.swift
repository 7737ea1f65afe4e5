import Cluster
import Directory
import Logging
import MAPI
import ServiceLifecycle
import Synchronization

/// What a takeover did: the answer of `POST /admin/failover`, and what the log says.
public struct FailoverTakeover: Sendable, Codable, Hashable {
    /// The server taken.
    public var server: String
    /// Its epoch now.
    public var epoch: Int64
    /// Who held it before, and at which epoch (nil: nobody had yet).
    public var previousNode: String?
    public var previousEpoch: Int64?
}

/// Carries out failover for one node (ARCHITECTURE §3; docs/failover.md): every `interval` it
/// reads the cluster view, asks the ``FailoverPlanner`` what to do, and does it against the
/// servers' databases, which decide: a takeover is the conditional epoch update, so two nodes
/// that both think they should take a server cannot both succeed, and the old owner's next
/// write fails `FENCED`.
///
/// The owner of a server renews its lease in the server's database every quarter of
/// `leaseTimeout` while it sees a majority of the cluster alive; a candidate does not take a
/// server whose lease is younger than `leaseTimeout`, whatever its gossip says. So a node that is
/// being cut off from the cluster (and for a while still counts members it has not yet found
/// dead) cannot take servers from owners that still work, nor take back the server it just lost.
/// Renewing is a write, so it also stops a node that lost a server (it is fenced) within that
/// time even if it writes nothing else; while it sees no majority it only reads the ownership row.
final class FailoverService: Service, Sendable {
    typealias Takeover = FailoverTakeover

    let cluster: ClusterService
    let servers: [LocalServer]
    let preferred: Set<String>
    let planner: FailoverPlanner
    let executor: BlockingExecutor
    let nodeName: String
    let logger: Logger
    let interval: Duration
    /// How long a lease stays fresh without renewal.
    let leaseTimeout: Duration
    /// How long after joining an owner that gossip has not named counts as none.
    let settleAfter: Duration
    /// A failure repeated every tick (a database down) is logged once a minute per server.
    private let repeatedFailures = RepeatedFailureLog(interval: .seconds(60))

    init(
        cluster: ClusterService, servers: [LocalServer], preferred: Set<String>, failback: FailbackPolicy, executor: BlockingExecutor,
        nodeName: String, logger: Logger, interval: Duration = .milliseconds(200), leaseTimeout: Duration = .seconds(2),
        settleAfter: Duration = .seconds(3)
    ) {
        self.cluster = cluster
        self.servers = servers
        self.preferred = Set(preferred.map { $0.lowercased() })
        self.planner = FailoverPlanner(failback: failback)
        self.executor = executor
        self.nodeName = nodeName
        self.logger = logger
        self.interval = interval
        self.leaseTimeout = leaseTimeout
        self.settleAfter = settleAfter
    }

    func run() async throws {
        _ = await cluster.boundAddress()
        let clock = ContinuousClock()
        let joined = clock.now
        var stableSince: ContinuousClock.Instant?
        var lastRenewal = joined
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = clock.now
            let view = await self.view()
            stableSince = view.seesMajority ? (stableSince ?? now) : nil
            let actions = planner.actions(view, stableFor: stableSince.map { now - $0 } ?? .zero, settled: now - joined >= settleAfter)
            for action in actions { await perform(action, view: view) }
            if now - lastRenewal >= leaseTimeout / 4 {
                lastRenewal = now
                await renewLeases(renewing: view.mayRenewLeases)
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }

    /// Takes `server` now, from whoever holds it (an operator's `tessera admin failover`): the
    /// conditional update waits for the old owner's write transactions in flight, whose
    /// requests finish; its later writes fail `FENCED` and it stops serving the server.
    func takeOnRequest(_ server: String) async throws(MAPIError) -> Takeover {
        guard let local = local(server) else {
            throw MAPIError(.notFound, "node \(nodeName) has no server \(server) configured")
        }
        let engine = local.engine
        if let epoch = engine.ownershipEpoch, (try? await executor.runBlocking { () throws(MAPIError) in try engine.confirmOwnership() }) == true {
            return Takeover(server: local.name, epoch: epoch, previousNode: nodeName, previousEpoch: epoch)
        }
        return try await take(local, reason: "requested by an operator", unlessOwnerIsActiveIn: nil)
    }

    // MARK: - Carrying out

    private func perform(_ action: FailoverPlanner.Action, view: FailoverView) async {
        switch action {
        case .takeOver(let server):
            guard let local = local(server) else { return }
            _ = try? await take(local, reason: "its serving node is gone", unlessOwnerIsActiveIn: view)
        case .failBack(let server):
            guard let local = local(server) else { return }
            _ = try? await take(local, reason: "failback to its preferred node", unlessOwnerIsActiveIn: nil)
        case .verify(let server):
            guard let local = local(server) else { return }
            await confirm(local)
        }
    }

    /// Reads the owner from the database and takes the server with the conditional update on
    /// that epoch. With `view`, gives up when the database names an owner the view calls active
    /// (gossip was behind: the server did not fail).
    private func take(_ local: LocalServer, reason: String, unlessOwnerIsActiveIn view: FailoverView?) async throws(MAPIError) -> Takeover {
        let engine = local.engine, me = nodeName, leaseTimeout = self.leaseTimeout
        let result: Takeover?
        do {
            result = try await executor.runBlocking { () throws(MAPIError) -> Takeover? in
                let owner = try engine.currentOwner()
                if let owner, owner.node != me, let view {
                    // Gossip was behind, or the owner still works (its lease is fresh).
                    if view.isActive(owner.node) { return nil }
                    if let lease = try engine.lease(), lease.node == owner.node, lease.epoch == owner.epoch, lease.age < leaseTimeout {
                        return nil
                    }
                }
                // A failover (`view`): the owner is gone or frozen; kill what it holds open.
                let epoch = try engine.takeOver(expectedEpoch: owner?.epoch, killing: view == nil ? nil : owner?.node)
                return Takeover(server: local.name, epoch: epoch, previousNode: owner?.node, previousEpoch: owner?.epoch)
            }
        } catch {
            if error.code == .collision {
                logger.info("takeover lost to another node", metadata: ["server": "\(local.name)", "error": "\(error)"])
            } else if repeatedFailures.shouldLog("takeover \(local.name)") {
                logger.warning("takeover failed", metadata: ["server": "\(local.name)", "reason": "\(reason)", "error": "\(error)"])
            }
            throw error
        }
        guard let result else {
            if repeatedFailures.shouldLog("held \(local.name)") {
                logger.info("not taking over: the owner's lease is fresh or gossip calls it alive", metadata: ["server": "\(local.name)"])
            }
            throw MAPIError(.collision, "server \(local.name) has an active owner")
        }
        await cluster.announceOwnership(server: local.name, epoch: UInt64(result.epoch))
        logger.notice(
            "took over server",
            metadata: [
                "server": "\(local.name)", "server.epoch": "\(result.epoch)", "reason": "\(reason)",
                "previous.node": "\(result.previousNode ?? "none")", "previous.epoch": "\(result.previousEpoch.map(String.init) ?? "none")",
            ])
        return result
    }

    /// Renews the lease of each served server (or, without a majority, only checks that it is
    /// still this node's).
    private func renewLeases(renewing: Bool) async {
        for local in servers where local.engine.ownershipEpoch != nil {
            guard renewing else {
                await confirm(local)
                continue
            }
            let engine = local.engine
            do {
                try await executor.runBlocking { () throws(MAPIError) in try engine.renewLease() }
            } catch where error.code == .fenced {
                logger.warning("stopped serving: another node holds the server now", metadata: ["server": "\(local.name)"])
            } catch {
                if repeatedFailures.shouldLog("lease \(local.name)") {
                    logger.warning("could not renew the lease; serving on", metadata: ["server": "\(local.name)", "error": "\(error)"])
                }
            }
        }
    }

    /// Stops serving `local` if its database names another owner; keeps serving when the
    /// database cannot be asked (nobody else can take it over without it either).
    private func confirm(_ local: LocalServer) async {
        let engine = local.engine
        do {
            let held = try await executor.runBlocking { () throws(MAPIError) in try engine.confirmOwnership() }
            if !held { logger.warning("stopped serving: another node holds the server now", metadata: ["server": "\(local.name)"]) }
        } catch {
            if repeatedFailures.shouldLog("lease \(local.name)") {
                logger.warning("could not confirm ownership; serving on", metadata: ["server": "\(local.name)", "error": "\(error)"])
            }
        }
    }

    private func view() async -> FailoverView {
        let local = servers.map {
            FailoverView.LocalServer(
                name: $0.name, isPreferred: preferred.contains($0.name.lowercased()), heldEpoch: $0.engine.ownershipEpoch)
        }
        return FailoverView(snapshot: await cluster.snapshot(), me: nodeName, local: local)
    }

    private func local(_ server: String) -> LocalServer? {
        servers.first { $0.name.lowercased() == server.lowercased() }
    }
}

/// Says whether to log a failure that may repeat every tick: the first time, then at most once
/// per `interval` for the same key.
final class RepeatedFailureLog: Sendable {
    private let interval: Duration
    private let last = Mutex<[String: ContinuousClock.Instant]>([:])

    init(interval: Duration) { self.interval = interval }

    func shouldLog(_ key: String) -> Bool {
        let now = ContinuousClock.now
        return last.withLock { last in
            if let previous = last[key], now - previous < interval { return false }
            last[key] = now
            return true
        }
    }
}
