/// The tables every process has, about how it is operated rather than what it does:
/// `[limits]`, `[metrics]`, `[health]` and `[log]`, each optional with defaults throughout.
public struct OperationsSections: Sendable, Hashable {
    /// `[limits]`.
    public var limits: HTTPLimits
    /// `[metrics]`.
    public var metrics: MetricsSection
    /// `[health]`.
    public var health: HealthSection
    /// `[log]`.
    public var log: LogSection

    /// Their keys in a process's top-level schema.
    static let schemaKeys = [
        KeySpec("limits", .table(HTTPLimits.schema), .defaulted(.table(TOMLTable())), "HTTP limits."),
        KeySpec("metrics", .table(MetricsSection.schema), .defaulted(.table(TOMLTable())), "Metrics."),
        KeySpec("health", .table(HealthSection.schema), .defaulted(.table(TOMLTable())), "Health."),
        KeySpec("log", .table(LogSection.schema), .defaulted(.table(TOMLTable())), "Logging."),
    ]

    init?(_ root: SectionReader) {
        let limits = root.section("limits").flatMap(HTTPLimits.init)
        let metrics = root.section("metrics").flatMap(MetricsSection.init)
        let health = root.section("health").flatMap(HealthSection.init)
        let log = root.section("log").flatMap(LogSection.init)
        if let metrics, let health, metrics.enabled, metrics.path == health.path,
           let metricsReader = root.section("metrics"), let healthReader = root.section("health") {
            if healthReader.isSet("path") {
                healthReader.report(.conflict, "path", "\(health.path) is also metrics.path")
            } else {
                metricsReader.report(.conflict, "path", "\(metrics.path) is also health.path")
            }
            return nil
        }
        guard let limits, let metrics, let health, let log else { return nil }
        self.limits = limits
        self.metrics = metrics
        self.health = health
        self.log = log
    }
}
