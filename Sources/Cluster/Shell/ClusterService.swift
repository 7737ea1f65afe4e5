import ChannelHandoff
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// How a ``ClusterService`` runs: plain values with defaults; only the executable reads files.
public struct ClusterServiceConfiguration: Sendable {
    /// The member's name (its ``MemberID`` is derived from it).
    public var name: String
    /// Node or router.
    public var role: MemberRole
    /// IP literal to bind and advertise (UDP and TCP share the port).
    public var host: String
    /// Port for UDP and TCP; 0 picks a free one (see ``ClusterService/boundAddress()``).
    public var port: Int
    /// Addresses of members to join through.
    public var seeds: [MemberAddress]
    /// AES-GCM keys (16, 24 or 32 bytes); the first encrypts, all decrypt.
    public var keys: [[UInt8]]
    /// Protocol parameters.
    public var membership: MembershipConfiguration
    /// Metadata published at start.
    public var metadata: MemberMetadata?
    /// Longest the shell's timer loop sleeps when no timer is due sooner (it wakes for every
    /// timer at its time; this only bounds a sleep).
    public var longestTimerSleep: Duration
    /// How long a graceful shutdown keeps gossiping the leave before closing.
    public var leavePropagation: Duration
    /// Largest stream message accepted (bytes).
    public var maximumStreamSize: Int

    /// A configuration with Tessera's protocol defaults.
    public init(
        name: String, role: MemberRole, host: String = "127.0.0.1", port: Int = 7946, seeds: [MemberAddress] = [],
        keys: [[UInt8]], membership: MembershipConfiguration = .tessera, metadata: MemberMetadata? = nil
    ) {
        self.name = name; self.role = role; self.host = host; self.port = port; self.seeds = seeds; self.keys = keys
        self.membership = membership; self.metadata = metadata
        longestTimerSleep = .seconds(1); leavePropagation = .milliseconds(1_000); maximumStreamSize = 32 << 20
    }
}

/// Counters of one running member: the machine's plus wire-level ones.
public struct ClusterMetrics: Sendable, Hashable {
    /// Protocol counters (probes, suspicions, refutations, nacks, …).
    public var membership = MembershipMetrics()
    /// Members in this view by status.
    public var members: [MemberStatus: Int] = [:]
    /// Datagrams and their bytes (sealed) sent and received.
    public var datagramsSent = 0, datagramsReceived = 0, bytesSent = 0, bytesReceived = 0
    /// Piggybacked broadcast bytes received per class (index: ``BroadcastClass/rawValue``);
    /// sent bytes per class are in ``MembershipMetrics/broadcastBytes``.
    public var broadcastBytesReceived = [0, 0, 0]
    /// Inbound datagrams dropped, by reason.
    public var dropped: [DatagramFrame.Drop: Int] = [:]
    /// Anti-entropy streams sent / received / failed.
    public var streamsSent = 0, streamsReceived = 0, streamErrors = 0

    /// Zeroed counters.
    public init() {}
}

/// A consistent view of the cluster for the node and router.
public struct ClusterSnapshot: Sendable {
    /// This member.
    public var localID: MemberID
    /// Its incarnation.
    public var incarnation: UInt32
    /// Every member known, sorted by id.
    public var members: [MemberRecord]
    /// Latest metadata per member.
    public var metadata: [MemberID: VersionedMetadata]
    /// The ownership table, sorted by server.
    public var ownership: [OwnershipEntry]
    /// Fingerprint of this view.
    public var digest: StateDigest
    /// Lifeguard's local health score (0 = healthy; up to `localHealthMaximum`): how much this
    /// member doubts itself after missed acknowledgements, e.g. while being cut off.
    public var localHealth: Int = 0

    /// A view with every part given (the service makes them; tests too).
    public init(
        localID: MemberID, incarnation: UInt32, members: [MemberRecord], metadata: [MemberID: VersionedMetadata],
        ownership: [OwnershipEntry], digest: StateDigest, localHealth: Int = 0
    ) {
        self.localID = localID; self.incarnation = incarnation; self.members = members; self.metadata = metadata
        self.ownership = ownership; self.digest = digest; self.localHealth = localHealth
    }

    /// The member serving `server`, if known and not gone.
    public func owner(of server: String) -> (entry: OwnershipEntry, member: MemberRecord?)? {
        guard let e = ownership.first(where: { $0.server == server }) else { return nil }
        return (e, members.first { $0.id == e.node })
    }
}

/// The cluster membership of one process: runs a ``MembershipMachine`` over UDP (datagrams
/// ≤ 1,200 bytes, AES-GCM sealed, replay-checked) and TCP (push/pull anti-entropy, one sealed
/// message per connection), as a swift-service-lifecycle `Service`.
///
/// The node and router read ``events`` (status, metadata and ownership changes) and
/// ``snapshot()``; they publish through ``updateMetadata(_:)`` and
/// ``announceOwnership(server:epoch:)``. On graceful shutdown the member leaves and keeps
/// gossiping for ``ClusterServiceConfiguration/leavePropagation`` before it closes.
///
/// Accepted stream connections reach their reader through a ``ChildHandoff``: one that the
/// accept loop does not take (the service stopped while it was being accepted) is closed when
/// ``run()`` ends, never dropped.
public final class ClusterService: Service, Sendable {
    private typealias StreamConnection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// The configuration.
    public let configuration: ClusterServiceConfiguration
    /// This member's id.
    public let localID: MemberID
    /// Cluster events, in order (one consumer).
    public let events: AsyncStream<ClusterEvent>
    private let driver: ClusterDriver
    private let logger: Logger

    /// A service; throws if the keys or host are invalid.
    public init(configuration: ClusterServiceConfiguration, logger: Logger = Logger(label: "tessera.cluster")) throws {
        guard let keyring = ClusterKeyring(keys: configuration.keys) else {
            throw ClusterServiceError(code: .invalidConfiguration, diagnostic: "keys must be 16, 24 or 32 bytes, at least one")
        }
        guard MemberAddress("\(configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host):1") != nil else {
            throw ClusterServiceError(code: .invalidConfiguration, diagnostic: "host must be an IP literal: \(configuration.host)")
        }
        let problems = configuration.membership.validate()
        guard problems.isEmpty else { throw ClusterServiceError(code: .invalidConfiguration, diagnostic: problems.joined(separator: "; ")) }
        self.configuration = configuration
        self.logger = logger
        localID = MemberID(name: configuration.name)
        let (stream, continuation) = AsyncStream.makeStream(of: ClusterEvent.self, bufferingPolicy: .bufferingNewest(65_536))
        events = stream
        driver = ClusterDriver(configuration: configuration, localID: localID, keyring: keyring, events: continuation, logger: logger)
    }

    /// Runs until cancelled or gracefully shut down.
    public func run() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let streams = ChildHandoff<StreamConnection>()
        let (udp, tcp, port) = try await bind(group: group, handingOffTo: streams)
        let hostText = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        guard let address = MemberAddress("\(hostText):\(port)") else {
            try? await udp.executeThenClose { _, _ in }
            try? await tcp.executeThenClose { _ in }
            throw ClusterServiceError(code: .invalidConfiguration, diagnostic: "cannot advertise \(hostText):\(port)")
        }
        let (jobs, jobSink) = AsyncStream.makeStream(of: StreamJob.self, bufferingPolicy: .bufferingNewest(1_024))
        let driver = self.driver
        let configuration = self.configuration
        let logger = self.logger
        logger.info("cluster member starting", metadata: ["cluster.member": "\(configuration.name)", "cluster.address": "\(address)"])
        let outcome: Result<Void, any Error>
        do {
            try await udp.executeThenClose { inbound, outbound in
                try await tcp.executeThenClose { connections in
                    await driver.attach(address: address, outbound: outbound, streams: jobSink)
                    try await withThrowingDiscardingTaskGroup { tasks in
                        tasks.addTask {
                            // Sleeps until the next timer is due, or until an earlier one is set.
                            while !Task.isCancelled {
                                let (next, now) = await driver.fireDueTimers()
                                let longest = configuration.longestTimerSleep.components
                                let latest = now + ClusterDuration(nanoseconds: longest.seconds * 1_000_000_000 + longest.attoseconds / 1_000_000_000)
                                await driver.alarm.sleep(until: min(next, latest), now: now)
                            }
                        }
                        tasks.addTask {
                            try await withThrowingDiscardingTaskGroup { inner in
                                for try await ticket in connections {
                                    guard let connection = streams.take(ticket) else { continue }
                                    inner.addTask { await Self.readStream(connection, driver: driver, limit: configuration.maximumStreamSize) }
                                }
                            }
                        }
                        tasks.addTask {
                            await withDiscardingTaskGroup { inner in
                                for await job in jobs {
                                    inner.addTask { await Self.writeStream(job, group: group, driver: driver) }
                                }
                            }
                        }
                        tasks.addTask {
                            // Graceful shutdown: leave, keep gossiping a moment, then stop.
                            try await gracefulShutdown()
                            await driver.leave()
                            try await Task.sleep(for: configuration.leavePropagation)
                            throw ShutdownComplete()
                        }
                        // The datagram loop is a child too, so a child that ends the service
                        // (graceful shutdown) cancels it.
                        tasks.addTask {
                            for try await envelope in inbound {
                                await driver.receive(envelope)
                            }
                            // SwiftNIO closes a datagram channel when a send fails with most
                            // errors (EINVAL, EACCES, ENETUNREACH: a route removed or
                            // blackholed), which would end gossip for the life of the process.
                            // Bind the port again and go on.
                            try await Self.rebindDatagrams(configuration: configuration, port: port, driver: driver, logger: logger)
                        }
                        await driver.start()
                    }
                }
            }
            outcome = .success(())
        } catch is ShutdownComplete {
            logger.info("cluster member left", metadata: ["cluster.member": "\(configuration.name)"])
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        // Connections accepted while the service stopped, which the accept loop never took.
        await streams.finishAndClose()
        jobSink.finish()
        try outcome.get()
    }

    private struct ShutdownComplete: Error {}

    /// Replaces a datagram channel that closed while the service runs, until the service ends:
    /// binds the same port again (retrying every second while it cannot), hands the driver the
    /// new writer, and reads from it.
    private static func rebindDatagrams(
        configuration: ClusterServiceConfiguration, port: Int, driver: ClusterDriver, logger: Logger
    ) async throws {
        while !Task.isCancelled {
            logger.warning("gossip socket closed (a send failed); binding it again", metadata: ["cluster.port": "\(port)"])
            let udp: DatagramChannel
            do {
                udp = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .bind(host: configuration.host, port: port) { channel in
                        channel.eventLoop.makeCompletedFuture { try DatagramChannel(wrappingChannelSynchronously: channel) }
                    }
            } catch {
                logger.error("cannot bind the gossip socket again", metadata: ["cluster.port": "\(port)", "error": "\(error)"])
                try await Task.sleep(for: .seconds(1))
                continue
            }
            try await udp.executeThenClose { inbound, outbound in
                await driver.replaceOutbound(outbound)
                for try await envelope in inbound { await driver.receive(envelope) }
            }
        }
    }

    private typealias DatagramChannel = NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
    private typealias StreamListener = NIOAsyncChannel<ChildHandoff<StreamConnection>.Ticket, Never>

    /// Binds UDP, then TCP on the same port. With port 0 the port the kernel gave UDP may be
    /// taken for TCP (by a connection's ephemeral port): then both are tried again, a few times.
    private func bind(
        group: any EventLoopGroup, handingOffTo streams: ChildHandoff<StreamConnection>
    ) async throws -> (udp: DatagramChannel, tcp: StreamListener, port: Int) {
        var attempts = 1
        while true {
            let udp = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try DatagramChannel(wrappingChannelSynchronously: channel) }
                }
            let port = udp.channel.localAddress?.port ?? configuration.port
            do {
                let tcp = try await ServerBootstrap(group: group)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .bind(host: configuration.host, port: port) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try streams.admit(channel) { try StreamConnection(wrappingChannelSynchronously: channel) }
                        }
                    }
                return (udp, tcp, port)
            } catch {
                // A channel released with its writer unfinished traps: close it through executeThenClose.
                try? await udp.executeThenClose { _, _ in }
                guard configuration.port == 0, attempts < 8, (error as? IOError)?.errnoCode == EADDRINUSE else { throw error }
                attempts += 1
            }
        }
    }

    struct StreamJob: Sendable {
        var to: MemberAddress
        var bytes: [UInt8]
    }

    private static func readStream(_ connection: StreamConnection, driver: ClusterDriver, limit: Int) async {
        do {
            let peer = connection.channel.remoteAddress
            var data: [UInt8] = []
            try await connection.executeThenClose { inbound, _ in
                for try await var chunk in inbound {
                    guard data.count + chunk.readableBytes <= limit else { throw ClusterServiceError(code: .streamTooLarge, diagnostic: "over \(limit) bytes") }
                    data += chunk.readBytes(length: chunk.readableBytes) ?? []
                }
            }
            await driver.receiveStream(data, from: peer.flatMap(MemberAddress.init(socketAddress:)))
        } catch {
            await driver.countStreamError()
        }
    }

    private static func writeStream(_ job: StreamJob, group: any EventLoopGroup, driver: ClusterDriver) async {
        do {
            let address = try job.to.socketAddress()
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(2))
                .connect(to: address) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                    }
                }
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: job.bytes))
                // Half-close after the write is flushed, then wait for the peer to close: a
                // plain close could drop a write still queued in the channel.
                outbound.finish()
                for try await _ in inbound {}
            }
        } catch {
            await driver.countStreamError()
        }
    }

    /// The address this member listens on, once ``run()`` has bound it.
    public func boundAddress() async -> MemberAddress {
        while true {
            if let a = await driver.address { return a }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The current view.
    public func snapshot() async -> ClusterSnapshot { await driver.snapshot() }

    /// The current counters.
    public func metrics() async -> ClusterMetrics { await driver.currentMetrics() }

    /// Publishes new metadata (health, endpoint, servers reachable).
    public func updateMetadata(_ metadata: MemberMetadata) async { await driver.handle(.updateMetadata(metadata)) }

    /// Spreads that this member won `server` at `epoch` in the server's database.
    public func announceOwnership(server: String, epoch: UInt64) async {
        await driver.handle(.announceOwnership(server: server, epoch: epoch))
    }

    /// Merges and spreads an ownership fact read from a database.
    public func learnOwnership(_ entry: OwnershipEntry) async { await driver.handle(.learnOwnership(entry)) }
}

/// An error of the cluster shell.
public struct ClusterServiceError: Error, Sendable, Hashable {
    /// What failed.
    public enum Code: String, Sendable, Hashable {
        /// The configuration cannot work.
        case invalidConfiguration
        /// A stream exceeded the size limit.
        case streamTooLarge
    }
    /// What failed.
    public var code: Code
    /// Details for logs.
    public var diagnostic: String
}

extension MemberAddress {
    /// The member address of a NIO socket address (nil for non-IP or unparsable addresses).
    public init?(socketAddress: SocketAddress) {
        guard let ip = socketAddress.ipAddress, let port = socketAddress.port, let p = UInt16(exactly: port) else { return nil }
        if ip.contains(":") {
            if ip.hasPrefix("::ffff:"), let v4 = MemberAddress.parseIPv4(String(ip.dropFirst(7))) { self.init(ipv4: v4, port: p); return }
            self.init("[\(ip)]:\(p)")
        } else {
            self.init("\(ip):\(p)")
        }
    }

    /// The NIO socket address.
    public func socketAddress() throws -> SocketAddress { try SocketAddress(ipAddress: host, port: Int(port)) }
}

/// The actor that owns the machine: decodes, calls the machine, runs its directives.
actor ClusterDriver {
    let configuration: ClusterServiceConfiguration
    let localID: MemberID
    let keyring: ClusterKeyring
    let eventSink: AsyncStream<ClusterEvent>.Continuation
    let logger: Logger
    let clock = ContinuousClock()
    let origin: ContinuousClock.Instant
    /// What the timer loop sleeps on.
    let alarm = TimerAlarm(eventLoop: MultiThreadedEventLoopGroup.singleton.any())
    private(set) var address: MemberAddress?
    private var machine: MembershipMachine?
    private var outbound: NIOAsyncChannelOutboundWriter<AddressedEnvelope<ByteBuffer>>?
    private var streams: AsyncStream<ClusterService.StreamJob>.Continuation?
    private var timers: [(ClusterInstant, ClusterTimer)] = []
    private var sequence: UInt64
    private var replay = ReplayWindow()
    private var metrics = ClusterMetrics()

    init(configuration: ClusterServiceConfiguration, localID: MemberID, keyring: ClusterKeyring, events: AsyncStream<ClusterEvent>.Continuation, logger: Logger) {
        self.configuration = configuration
        self.localID = localID
        self.keyring = keyring
        self.eventSink = events
        self.logger = logger
        origin = clock.now
        // Sequences start at wall-clock microseconds so they keep rising across restarts.
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        sequence = UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec / 1_000)
    }

    var now: ClusterInstant {
        let d = clock.now - origin
        return ClusterInstant(nanoseconds: d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
    }

    func attach(address: MemberAddress, outbound: NIOAsyncChannelOutboundWriter<AddressedEnvelope<ByteBuffer>>, streams: AsyncStream<ClusterService.StreamJob>.Continuation) {
        self.address = address
        self.outbound = outbound
        self.streams = streams
        var seed: UInt64 = 0
        withUnsafeMutableBytes(of: &seed) { for i in $0.indices { $0[i] = UInt8.random(in: 0...255) } }
        machine = MembershipMachine(
            configuration: configuration.membership, localID: localID, address: address, role: configuration.role,
            metadata: configuration.metadata, seed: seed)
    }

    /// The writer of a datagram channel bound again after the first one closed.
    func replaceOutbound(_ outbound: NIOAsyncChannelOutboundWriter<AddressedEnvelope<ByteBuffer>>) {
        self.outbound = outbound
    }

    func start() async { await handle(.start(seeds: configuration.seeds)) }

    func leave() async { await handle(.leave) }

    func handle(_ input: MembershipInput) async {
        guard machine != nil else { return }
        let directives = machine!.handle(input, at: now)
        await execute(directives)
    }

    /// Fires the timers due now; returns when the next one is due (`.max` if none is) and now.
    func fireDueTimers() async -> (next: ClusterInstant, now: ClusterInstant) {
        let t = now
        if timers.contains(where: { $0.0 <= t }) {
            let due = timers.filter { $0.0 <= t }.sorted { $0.0 < $1.0 }
            timers.removeAll { $0.0 <= t }
            for (_, timer) in due { await handle(.timer(timer)) }
        }
        return (timers.min { $0.0 < $1.0 }?.0 ?? ClusterInstant(nanoseconds: .max), now)
    }

    func receive(_ envelope: AddressedEnvelope<ByteBuffer>) async {
        var buffer = envelope.data
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        metrics.datagramsReceived += 1
        metrics.bytesReceived += bytes.count
        switch DatagramFrame.open(bytes, keyring: keyring, replay: &replay, localID: localID, maximumSize: configuration.membership.maximumDatagramSize) {
        case .failure(let reason):
            metrics.dropped[reason.drop, default: 0] += 1
            logger.debug("datagram dropped", metadata: ["cluster.drop": "\(reason.drop.rawValue)", "cluster.peer": "\(envelope.remoteAddress)"])
        case .success(let packet):
            for b in packet.broadcasts { metrics.broadcastBytesReceived[Int(b.broadcastClass.rawValue)] += WireCodec.encodedSize(of: b) }
            guard let from = MemberAddress(socketAddress: envelope.remoteAddress) else { return }
            await handle(.packet(packet, from: from))
        }
    }

    func receiveStream(_ data: [UInt8], from: MemberAddress?) async {
        metrics.streamsReceived += 1
        guard let plain = keyring.open(data) else { metrics.dropped[.undecryptable, default: 0] += 1; return }
        guard let message = try? WireCodec.decodeStream(plain) else { metrics.dropped[.malformed, default: 0] += 1; return }
        await handle(.stream(message, from: from ?? MemberAddress(ipv4: 0, port: 0)))
    }

    func countStreamError() { metrics.streamErrors += 1 }

    private func execute(_ directives: [MembershipDirective]) async {
        for d in directives {
            switch d {
            case .send(let packet, let to):
                sequence &+= 1
                guard let outbound, let sealed = try? DatagramFrame.seal(packet, sequence: sequence, keyring: keyring),
                      let remote = try? to.socketAddress() else { continue }
                metrics.datagramsSent += 1
                metrics.bytesSent += sealed.count
                try? await outbound.write(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: sealed)))
            case .sendStream(let message, let to):
                guard let sealed = try? keyring.seal(WireCodec.encode(message)) else { continue }
                metrics.streamsSent += 1
                metrics.bytesSent += sealed.count
                streams?.yield(ClusterService.StreamJob(to: to, bytes: sealed))
            case .setTimer(let timer, let at):
                timers.append((at, timer))
                alarm.ring(before: at)
            case .emit(let event):
                eventSink.yield(event)
                if case .memberChanged(let c) = event {
                    logger.info("member \(c.status)", metadata: ["cluster.member": "\(c.id)", "cluster.incarnation": "\(c.incarnation)"])
                }
            }
        }
    }

    func snapshot() -> ClusterSnapshot {
        guard let m = machine else {
            return ClusterSnapshot(localID: localID, incarnation: 0, members: [], metadata: [:], ownership: [], digest: StateDigest())
        }
        return ClusterSnapshot(
            localID: localID, incarnation: m.incarnation, members: m.members, metadata: m.allMetadata,
            ownership: m.ownership.sortedEntries, digest: m.digest, localHealth: m.localHealth)
    }

    func currentMetrics() -> ClusterMetrics {
        var out = metrics
        if let m = machine {
            out.membership = m.metrics
            for r in m.members { out.members[r.status, default: 0] += 1 }
        }
        return out
    }
}
