import Logging
import ServiceLifecycle

/// Tells systemd how a `Type=notify` service is doing, as a swift-service-lifecycle `Service`:
/// `READY=1` once the process says it is ready, `WATCHDOG=1` for every liveness probe it
/// answers, `STATUS=` lines, `STOPPING=1` when a graceful shutdown begins. The policy is
/// ``NotifierMachine``'s; this shell waits, probes, ticks and sends. See docs/deployment.md,
/// "systemd".
///
/// Run it last in its service group: a group shuts its services down in reverse order, so
/// `STOPPING=1` goes out before the listeners close. It runs until the graceful shutdown (or
/// cancellation); a send that fails is logged and the process goes on (systemd notices a
/// missing `READY=1` or watchdog by itself).
public final class SystemdNotifier<C: Clock>: Service, Sendable where C.Duration == Duration {
    /// The settings.
    public let settings: NotifierSettings
    private let clock: C
    private let logger: Logger
    private let ready: @Sendable () async throws -> Void
    private let probe: @Sendable () async throws -> Void
    private let status: @Sendable () async -> ProcessStatus

    /// A notifier. `ready` returns once the process is ready (and throws if it never will be);
    /// `probe` returns when the process answers a liveness check and throws why not (it should
    /// end within one ``NotifierSettings/tick``: while it runs, ticks feed nothing); `status` is
    /// the process's status now.
    public init(
        settings: NotifierSettings, clock: C, logger: Logger, ready: @escaping @Sendable () async throws -> Void,
        probe: @escaping @Sendable () async throws -> Void, status: @escaping @Sendable () async -> ProcessStatus
    ) {
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.ready = ready
        self.probe = probe
        self.status = status
    }

    private enum Event: Sendable {
        case ready
        case neverReady(any Error)
        case tick
        case probed(ProbeOutcome, ProcessStatus)
        case shutdown
    }

    /// Waits for readiness, then ticks until a graceful shutdown or cancellation.
    public func run() async throws {
        let socket: NotifySocket
        do {
            socket = try NotifySocket(settings.socket)
        } catch {
            logger.error("systemd notifications off", metadata: ["systemd.error": "\(error)"])
            try await gracefulShutdown()
            return
        }
        var sender = DatagramSender(socket: socket, logger: logger)
        let start = clock.now
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        let (probes, startProbe) = AsyncStream.makeStream(of: Void.self)
        var machine = NotifierMachine(feedsWatchdog: settings.watchdog != nil, pid: settings.pid)
        logger.info("systemd notifications on", metadata: [
            "systemd.socket": "\(settings.socket)", "systemd.watchdog": "\(settings.watchdog.map { "\($0.timeout)" } ?? "off")",
        ])
        let failure = await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self, returning: (any Error)?.self) { group in
                group.addTask {
                    do {
                        try await self.ready()
                        sink.yield(.ready)
                    } catch {
                        sink.yield(.neverReady(error))
                    }
                }
                var failure: (any Error)?
                loop: for await event in events {
                    let now = start.duration(to: clock.now)
                    switch event {
                    case .ready:
                        sender.send(machine.ready(await status(), at: now))
                        group.addTask { await self.tickUntilCancelled(sink) }
                        group.addTask { await self.runProbes(on: probes, reportingTo: sink) }
                    case .tick:
                        switch machine.tick(at: now) {
                        case .probe: startProbe.yield()
                        case .send(let messages): sender.send(messages)
                        }
                    case .probed(let outcome, let status):
                        sender.send(machine.probed(outcome, status: status, at: now))
                    case .neverReady(let error):
                        failure = error
                        break loop
                    case .shutdown:
                        break loop
                    }
                }
                // Shutdown, cancellation, or a process that will never be ready (which ends the
                // service group with its error).
                sender.send(machine.stop())
                startProbe.finish()
                group.cancelAll()
                await group.waitForAll()
                return failure
            }
        } onGracefulShutdown: {
            sink.yield(.shutdown)
        }
        if let failure { throw failure }
    }

    private func tickUntilCancelled(_ sink: AsyncStream<Event>.Continuation) async {
        while (try? await clock.sleep(for: settings.tick)) != nil { sink.yield(.tick) }
    }

    private func runProbes(on requests: AsyncStream<Void>, reportingTo sink: AsyncStream<Event>.Continuation) async {
        for await _ in requests {
            let outcome: ProbeOutcome
            do {
                try await probe()
                outcome = .answered
            } catch {
                outcome = .failed("\(error)")
            }
            sink.yield(.probed(outcome, await status()))
        }
    }
}

/// Sends datagrams and logs failures once per run of failures (a vanished socket would
/// otherwise log every tick). Used by the notifier's event loop only.
private struct DatagramSender {
    let socket: NotifySocket
    let logger: Logger
    private var failing = false

    init(socket: NotifySocket, logger: Logger) {
        self.socket = socket
        self.logger = logger
    }

    mutating func send(_ messages: [NotifyMessage]) {
        guard !messages.isEmpty else { return }
        do {
            try socket.send(NotifyMessage.datagram(messages))
            if failing { logger.info("systemd notifications delivered again") }
            failing = false
            logger.trace("systemd notified", metadata: ["systemd.messages": "\(messages.map(\.assignment))"])
        } catch {
            if !failing { logger.warning("systemd notification not delivered", metadata: ["systemd.error": "\(error)"]) }
            failing = true
        }
    }
}

extension SystemdNotifier where C == ContinuousClock {
    /// A notifier on the continuous clock.
    public convenience init(
        settings: NotifierSettings, logger: Logger, ready: @escaping @Sendable () async throws -> Void,
        probe: @escaping @Sendable () async throws -> Void, status: @escaping @Sendable () async -> ProcessStatus
    ) {
        self.init(settings: settings, clock: ContinuousClock(), logger: logger, ready: ready, probe: probe, status: status)
    }
}
