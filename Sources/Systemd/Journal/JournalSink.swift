import Synchronization

/// Where ``JournalLogHandler``s write: one socket to journald shared by every logger of the
/// process, and the count of entries journald did not take.
///
/// It never makes a caller wait: each entry is one non-blocking send (``JournalSocket``), and
/// one that fails — journald stopped or restarting, its queue full, the socket missing — is
/// dropped and counted, not retried or buffered. The next entry that goes through is followed
/// by a warning that says how many were lost (`TESSERA_DROPPED=`), so the gap shows in the
/// journal itself.
public final class JournalSink: Sendable {
    /// journald's native socket.
    public static let defaultSocketPath = "/run/systemd/journal/socket"
    /// The send buffer asked for: sd-journal's 8 MiB (the kernel caps it at `net.core.wmem_max`).
    public static let defaultSendBufferSize = 8 << 20

    /// `SYSLOG_IDENTIFIER` of every entry.
    public let identifier: String
    /// The socket's path.
    public let socketPath: String
    private let socket: JournalSocket?
    private let droppedTotal = Atomic<Int>(0)
    private let droppedUnreported = Atomic<Int>(0)
    private let sentInMemoryFiles = Atomic<Int>(0)

    /// A sink for journald at `socketPath`. If no socket can be made (the path is too long,
    /// the process is out of descriptors), every entry is dropped.
    public init(
        socketPath: String = defaultSocketPath, identifier: String = "tessera", sendBufferSize: Int? = defaultSendBufferSize
    ) {
        self.identifier = identifier
        self.socketPath = socketPath
        socket = try? JournalSocket(path: socketPath, sendBufferSize: sendBufferSize)
    }

    /// Entries dropped since the sink was made.
    public var dropped: Int { droppedTotal.load(ordering: .relaxed) }
    /// Entries that went in a memfd because they were too large for a datagram.
    public var sentAsMemoryFiles: Int { sentInMemoryFiles.load(ordering: .relaxed) }

    /// Hands `entry` to journald, or drops and counts it.
    public func write(_ entry: JournalEntry) {
        guard send(entry) else {
            droppedTotal.add(1, ordering: .relaxed)
            droppedUnreported.add(1, ordering: .relaxed)
            return
        }
        let lost = droppedUnreported.exchange(0, ordering: .relaxed)
        guard lost > 0 else { return }
        var report = JournalEntry()
        report.append(.message, "\(lost) log \(lost == 1 ? "entry was" : "entries were") dropped: journald did not take them")
        report.append(.priority, String(JournalEntry.syslogPriority(.warning)))
        report.append(.syslogIdentifier, identifier)
        report.append(.dropped, String(lost))
        if !send(report) { droppedUnreported.add(lost, ordering: .relaxed) }
    }

    private func send(_ entry: JournalEntry) -> Bool {
        #if canImport(Glibc)
        guard let socket, let delivery = try? socket.send(entry.serialized()) else { return false }
        if delivery == .memoryFile { sentInMemoryFiles.add(1, ordering: .relaxed) }
        return true
        #else
        return false
        #endif
    }
}
