import Config
import Foundation
import Logging
import Systemd

/// Where `tessera node` and `tessera router` log, by `[log] target`: journald's native protocol
/// (structured entries, a field per metadata value) or standard error (one line per record).
enum LogDestination: Equatable {
    case standardError
    case journal(socket: String)

    /// The choice: `journal` when asked for, or under `auto` when standard error is the journal
    /// stream systemd set up; standard error otherwise — and also, with the reason as `note`,
    /// when journald's socket is not there to write to.
    static func choose(
        _ log: LogSection, standardErrorIsJournal: Bool, socketExists: (String) -> Bool
    ) -> (destination: LogDestination, note: String?) {
        let wanted = log.target == .journal || (log.target == .auto && standardErrorIsJournal)
        guard wanted else { return (.standardError, nil) }
        guard socketExists(log.journalSocket) else {
            return (.standardError, "journald's socket \(log.journalSocket) is missing: logging to standard error")
        }
        return (.journal(socket: log.journalSocket), nil)
    }
}

/// The logger of a long-running process, at `[log] level`, writing where ``LogDestination``
/// says. swift-log's global factory is set to the same, so a logger a library makes by itself
/// (`Logger(label:)`) writes there too; call this once per process.
func makeServiceLogger(_ label: String, log: LogSection, environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger {
    let (destination, note) = LogDestination.choose(
        log, standardErrorIsJournal: JournalStream.isJournal(environment: environment), socketExists: isSocket)
    let factory: @Sendable (String) -> any LogHandler
    switch destination {
    case .standardError:
        factory = { StreamLogHandler.standardError(label: $0) }
    case .journal(let socket):
        let sink = JournalSink(socketPath: socket)
        factory = { JournalLogHandler(label: $0, sink: sink) }
    }
    LoggingSystem.bootstrap(factory)
    var logger = Logger(label: label, factory: factory)
    logger.logLevel = Logger.Level(rawValue: log.level) ?? .info
    if let note { logger.warning("\(note)", metadata: ["log.target": "\(log.target.rawValue)"]) }
    return logger
}

/// Whether `path` names a socket.
private func isSocket(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK
}
