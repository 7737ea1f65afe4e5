/// What ``SystemdNotifier`` needs: where to send, the watchdog if any, how often to report.
/// Built from the environment systemd gives a `Type=notify` service (the executable passes the
/// environment in; nothing here reads it).
public struct NotifierSettings: Sendable, Hashable {
    /// `NOTIFY_SOCKET`.
    public var socket: NotifySocketAddress
    /// The watchdog, when systemd keeps one on this process.
    public var watchdog: Watchdog?
    /// This process's id (sent as `MAINPID=` with `READY=1`).
    public var pid: Int32
    /// How often the status line is refreshed (and liveness probed) when the watchdog does not
    /// ask for more. Default 10 s.
    public var statusInterval: Duration = .seconds(10)

    /// Settings.
    public init(socket: NotifySocketAddress, watchdog: Watchdog?, pid: Int32) {
        self.socket = socket
        self.watchdog = watchdog
        self.pid = pid
    }

    /// The notifier's period: the watchdog's feeding interval or the status interval,
    /// whichever is shorter. Liveness is probed once a period.
    public var tick: Duration { min(watchdog?.feedingInterval ?? statusInterval, statusInterval) }

    /// The settings of process `pid` from its environment: nil (and no problem) without
    /// `NOTIFY_SOCKET`, the process then is not a notify service. A malformed `NOTIFY_SOCKET`
    /// gives nil and a problem; a malformed watchdog gives settings without a watchdog and a
    /// problem — both worth a log line, neither worth refusing to run.
    public static func from(environment: [String: String], pid: Int32) -> (settings: NotifierSettings?, problems: [String]) {
        guard let value = environment["NOTIFY_SOCKET"] else { return (nil, []) }
        let socket: NotifySocketAddress
        do {
            socket = try NotifySocketAddress(value)
        } catch {
            return (nil, [error.diagnostic])
        }
        do {
            let watchdog = try Watchdog(microseconds: environment["WATCHDOG_USEC"], pid: environment["WATCHDOG_PID"], ownPID: pid)
            return (NotifierSettings(socket: socket, watchdog: watchdog, pid: pid), [])
        } catch {
            return (NotifierSettings(socket: socket, watchdog: nil, pid: pid), [error.diagnostic])
        }
    }
}
