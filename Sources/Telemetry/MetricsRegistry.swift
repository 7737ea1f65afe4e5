import NIOConcurrencyHelpers

/// What a process exposes at `/metrics`: its live metrics, in registration order, followed by
/// what its collectors report when asked (another component's counters turned into families).
///
/// A process builds one registry when it starts (STYLE 7: one struct of metrics per
/// component, created once) and renders it per scrape.
public final class MetricsRegistry: Sendable {
    /// Reports families when `/metrics` is read.
    public typealias Collector = @Sendable () async -> [MetricFamily]

    private enum Source: Sendable {
        case counter(Counter)
        case gauge(Gauge)
        case histogram(Histogram)
        case collector(Collector)
    }

    private let sources = NIOLockedValueBox<[Source]>([])

    /// An empty registry.
    public init() {}

    /// Registers and returns a counter.
    @discardableResult
    public func register(_ counter: Counter) -> Counter {
        sources.withLockedValue { $0.append(.counter(counter)) }
        return counter
    }

    /// Registers and returns a gauge.
    @discardableResult
    public func register(_ gauge: Gauge) -> Gauge {
        sources.withLockedValue { $0.append(.gauge(gauge)) }
        return gauge
    }

    /// Registers and returns a histogram.
    @discardableResult
    public func register(_ histogram: Histogram) -> Histogram {
        sources.withLockedValue { $0.append(.histogram(histogram)) }
        return histogram
    }

    /// Adds a collector, asked at every scrape.
    public func addCollector(_ collector: @escaping Collector) {
        sources.withLockedValue { $0.append(.collector(collector)) }
    }

    /// Every family now; a name that comes twice keeps its first family (the format allows
    /// each name once).
    public func families() async -> [MetricFamily] {
        let sources = self.sources.withLockedValue { $0 }
        var families: [MetricFamily] = []
        for source in sources {
            switch source {
            case .counter(let counter): families.append(counter.family)
            case .gauge(let gauge): families.append(gauge.family)
            case .histogram(let histogram): families.append(histogram.family)
            case .collector(let collector): families += await collector()
            }
        }
        var seen = Set<String>()
        return families.filter { seen.insert($0.name).inserted }
    }

    /// The exposition text (``PrometheusText``).
    public func exposition() async -> String {
        PrometheusText.render(await families())
    }
}
