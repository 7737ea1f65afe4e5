/// One assignment of the service manager notification protocol (sd_notify(3)): what a
/// `Type=notify` service tells systemd about itself. A datagram carries one or more, one a line.
public enum NotifyMessage: Sendable, Hashable {
    /// `READY=1`: start-up is finished; `systemctl start` returns and dependent units start.
    case ready
    /// `STOPPING=1`: a graceful shutdown began.
    case stopping
    /// `WATCHDOG=1`: proof of life; without one within `WatchdogSec=` systemd kills the service.
    case watchdog
    /// `STATUS=…`: one line shown by `systemctl status`.
    case status(String)
    /// `MAINPID=…`: the service's main process.
    case mainPID(Int32)

    /// Longest `STATUS=` text sent, in characters: `systemctl status` shows one short line, and
    /// systemd drops datagrams over 4 KiB.
    public static let maximumStatusLength = 240

    /// The `KEY=value` line. A status is made one line (line breaks become spaces) and cut to
    /// ``maximumStatusLength``: each line of a datagram is an assignment of its own.
    public var assignment: String {
        switch self {
        case .ready: "READY=1"
        case .stopping: "STOPPING=1"
        case .watchdog: "WATCHDOG=1"
        case .status(let text): "STATUS=" + String(text.map { $0.isNewline ? " " : $0 }.prefix(Self.maximumStatusLength))
        case .mainPID(let pid): "MAINPID=\(pid)"
        }
    }

    /// The datagram that carries `messages`: their assignments, each ended by a line feed.
    public static func datagram(_ messages: [NotifyMessage]) -> [UInt8] {
        Array(messages.map { $0.assignment + "\n" }.joined().utf8)
    }
}
