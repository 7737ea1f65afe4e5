import Foundation
import Logging
import ServiceLifecycle
import Systemd

/// The systemd notifier of `tessera node` or `tessera router` when systemd runs it as a
/// `Type=notify` service (`NOTIFY_SOCKET` set), as a list for `run(alongside:)`: empty
/// otherwise. `probe` gets the time it may take (one notifier tick). Problems with the
/// environment systemd set are logged, not fatal.
func systemdServices(
    logger: Logger, ready: @escaping @Sendable () async throws -> Void, probe: @escaping @Sendable (Duration) async throws -> Void,
    status: @escaping @Sendable () async -> ProcessStatus
) -> [any Service] {
    let (settings, problems) = NotifierSettings.from(environment: ProcessInfo.processInfo.environment, pid: getpid())
    for problem in problems { logger.error("systemd environment unusable", metadata: ["systemd.problem": "\(problem)"]) }
    guard let settings else { return [] }
    let timeout = settings.tick
    return [SystemdNotifier(settings: settings, logger: logger, ready: ready, probe: { try await probe(timeout) }, status: status)]
}
