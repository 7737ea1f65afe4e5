/// What a `Type=notify` service tells systemd, and when — the policy of ``SystemdNotifier`` as
/// a value: inputs (`ready`, `tick`, `probed`, `stop`) return the messages to send or the
/// probe to start; the notifier only carries them out. Time comes in as the duration since
/// the notifier started.
///
/// What it guarantees:
/// - `READY=1` is sent once, when the process says it is ready, with `MAINPID=` and a status
///   line; nothing is sent before it except `STOPPING=1` (a shutdown before readiness).
/// - `WATCHDOG=1` is sent only for a liveness probe that *answered*, one per answer, and a
///   probe is started once a tick (the watchdog's half timeout or the status interval). The
///   watchdog is thus fed exactly while the process answers its probes; a timer that fed it
///   whatever the process's state would hide the hangs the watchdog exists to catch. A probe
///   still running at the next tick is not doubled: that tick feeds nothing and the status
///   says for how long the process has not answered.
/// - `STATUS=` is sent when its text changes: the process's summary and its request rate
///   (requests served between two answers, minus the probes themselves, over the time
///   between), or why it does not answer.
/// - `STOPPING=1` is sent once, at the first `stop`; after it nothing more is sent.
///
/// It follows sd_notify(3) and sd_watchdog_enabled(3).
public struct NotifierMachine: Sendable {
    /// What to do at a tick.
    public enum TickAction: Sendable, Hashable {
        /// Start a liveness probe (and report its outcome with ``NotifierMachine/probed(_:status:at:)``).
        case probe
        /// No probe (one is still running, or the notifier stopped); send these.
        case send([NotifyMessage])
    }

    fileprivate struct Sample: Sendable {
        var requests: Int
        var at: Duration
    }

    fileprivate struct Running: Sendable {
        /// When the probe in flight started; nil when none is.
        var probeStarted: Duration?
        /// Probes started since `sample`, whose own requests are not counted.
        var probesSinceSample = 0
        /// The last status taken from an answer, for the rate.
        var sample: Sample
        /// The last `STATUS=` text sent.
        var status: String
    }

    private enum State: Sendable {
        case starting
        case running(Running)
        case stopped
    }

    private var state = State.starting
    private let feedsWatchdog: Bool
    private let pid: Int32

    /// A machine for process `pid`; `feedsWatchdog` when systemd keeps a watchdog on it.
    public init(feedsWatchdog: Bool, pid: Int32) {
        self.feedsWatchdog = feedsWatchdog
        self.pid = pid
    }

    /// The process is ready: `READY=1`, `MAINPID=`, the status line.
    public mutating func ready(_ status: ProcessStatus, at now: Duration) -> [NotifyMessage] {
        guard case .starting = state else { preconditionFailure("ready twice, or after stop") }
        state = .running(Running(sample: Sample(requests: status.requestsServed, at: now), status: status.summary))
        return [.ready, .mainPID(pid), .status(status.summary)]
    }

    /// A tick: start a probe unless one is running (then report how long it has been).
    public mutating func tick(at now: Duration) -> TickAction {
        switch state {
        case .starting:
            preconditionFailure("a tick before ready: the notifier ticks only once the process is ready")
        case .stopped:
            return .send([])
        case .running(var running):
            if let started = running.probeStarted {
                let seconds = StatusNumber.text(StatusNumber.seconds(now - started))
                let messages = running.report("unresponsive: no answer to the liveness probe for \(seconds) s")
                state = .running(running)
                return .send(messages)
            }
            running.probeStarted = now
            running.probesSinceSample += 1
            state = .running(running)
            return .probe
        }
    }

    /// The probe ended; `status` was taken just after it.
    public mutating func probed(_ outcome: ProbeOutcome, status: ProcessStatus, at now: Duration) -> [NotifyMessage] {
        switch state {
        case .starting:
            preconditionFailure("a probe outcome before ready")
        case .stopped:
            return []
        case .running(var running):
            precondition(running.probeStarted != nil, "a probe outcome without a probe in flight")
            running.probeStarted = nil
            var messages: [NotifyMessage] = []
            switch outcome {
            case .answered:
                if feedsWatchdog { messages.append(.watchdog) }
                let text = running.summary(status, at: now)
                messages += running.report(text)
            case .failed(let why):
                messages += running.report("unresponsive: \(why)")
            }
            state = .running(running)
            return messages
        }
    }

    /// A graceful shutdown began (or the notifier is ending): `STOPPING=1` the first time.
    public mutating func stop() -> [NotifyMessage] {
        if case .stopped = state { return [] }
        state = .stopped
        return [.stopping, .status("stopping")]
    }
}

extension NotifierMachine.Running {
    /// `STATUS=text` when it differs from the last one sent.
    fileprivate mutating func report(_ text: String) -> [NotifyMessage] {
        guard text != status else { return [] }
        status = text
        return [.status(text)]
    }

    /// The summary with the request rate since the last answer; takes `status` as the new sample.
    fileprivate mutating func summary(_ status: ProcessStatus, at now: Duration) -> String {
        let elapsed = now - sample.at
        let requests = max(0, status.requestsServed - sample.requests - probesSinceSample)
        sample = NotifierMachine.Sample(requests: status.requestsServed, at: now)
        probesSinceSample = 0
        guard elapsed > .zero else { return status.summary }
        return "\(status.summary), \(StatusNumber.text(Double(requests) / StatusNumber.seconds(elapsed))) requests/s"
    }
}
