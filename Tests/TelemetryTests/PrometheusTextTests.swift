import Testing
@testable import Telemetry

@Suite struct PrometheusTextTests {
    @Test func escapesLabelValuesAndHelp() {
        #expect(PrometheusText.escapeLabelValue(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
        #expect(PrometheusText.escapeLabelValue("x\r\ny") == "x\r\\ny")
        #expect(PrometheusText.escapeHelp(#"say "hi"\"# + "\n") == #"say "hi"\\\n"#)
    }

    @Test func formatsValues() {
        #expect(PrometheusText.format(0) == "0")
        #expect(PrometheusText.format(42) == "42")
        #expect(PrometheusText.format(-3) == "-3")
        #expect(PrometheusText.format(0.25) == "0.25")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(.nan) == "NaN")
        #expect(PrometheusText.format(1e300) == "1e+300")
    }

    @Test func rendersFamilies() {
        let family = MetricFamily(
            name: "x_total", help: "Things.\nMore.", kind: .counter,
            samples: [MetricSample(name: "x_total", labels: [MetricLabel("k", "v\"")], value: 3), MetricSample(name: "x_total", value: 1)])
        #expect(PrometheusText.render([family]) == """
            # HELP x_total Things.\\nMore.
            # TYPE x_total counter
            x_total{k="v\\""} 3
            x_total 1

            """)
    }

    @Test func validatesNames() {
        #expect(MetricName.isValid("tessera_router:requests_total"))
        #expect(!MetricName.isValid("9lives"))
        #expect(!MetricName.isValid("a-b"))
        #expect(!MetricName.isValid(""))
        #expect(MetricName.isValidLabel("status"))
        #expect(!MetricName.isValidLabel("__reserved"))
        #expect(!MetricName.isValidLabel("a:b"))
    }
}

@Suite struct LiveMetricTests {
    @Test func countersKeepLabelCombinationsInFirstUseOrder() {
        let counter = Counter("requests_total", "Requests.", labels: ["class", "status"])
        counter.increment("logon", "200")
        counter.increment(by: 2, "session", "500")
        counter.increment("logon", "200")
        #expect(PrometheusText.render([counter.family]) == """
            # HELP requests_total Requests.
            # TYPE requests_total counter
            requests_total{class="logon",status="200"} 2
            requests_total{class="session",status="500"} 2

            """)
    }

    @Test func gaugesGoBothWays() {
        let gauge = Gauge("open", "Open connections.")
        gauge.add(3)
        gauge.add(-1)
        #expect(gauge.family.samples == [MetricSample(name: "open", value: 2)])
        gauge.set(7)
        #expect(gauge.family.samples == [MetricSample(name: "open", value: 7)])
    }

    @Test func histogramsAreCumulative() {
        let histogram = Histogram("latency_seconds", "Latency.", labels: ["class"], buckets: [0.1, 1])
        histogram.observe(0.05, "a")
        histogram.observe(0.5, "a")
        histogram.observe(5, "a")
        #expect(PrometheusText.render([histogram.family]) == """
            # HELP latency_seconds Latency.
            # TYPE latency_seconds histogram
            latency_seconds_bucket{class="a",le="0.1"} 1
            latency_seconds_bucket{class="a",le="1"} 2
            latency_seconds_bucket{class="a",le="+Inf"} 3
            latency_seconds_sum{class="a"} 5.55
            latency_seconds_count{class="a"} 3

            """)
    }

    @Test func aKeptSeriesCountsIntoTheSameSamplesAsLookups() {
        let counter = Counter("requests_total", "Requests.", labels: ["class", "status"])
        let session200 = counter.series("session", "200")
        session200.increment()
        counter.increment("session", "200")
        counter.series("logon", "403").increment(by: 2)
        session200.increment()
        #expect(counter.family.samples == [
            MetricSample(name: "requests_total", labels: [MetricLabel("class", "session"), MetricLabel("status", "200")], value: 3),
            MetricSample(name: "requests_total", labels: [MetricLabel("class", "logon"), MetricLabel("status", "403")], value: 2),
        ])

        let histogram = Histogram("latency_seconds", "Latency.", labels: ["class"], buckets: [0.1, 1])
        let session = histogram.series("session")
        session.observe(0.05)
        histogram.observe(0.5, "session")
        session.observe(5)
        #expect(histogram.family.samples.map(\.value) == [1, 2, 3, 5.55, 3])
    }

    @Test func registryRendersLiveMetricsThenCollectorsEachNameOnce() async {
        let registry = MetricsRegistry()
        let counter = registry.register(Counter("a_total", "A."))
        counter.increment()
        registry.addCollector { [MetricFamily(name: "b", help: "B.", kind: .gauge, samples: [MetricSample(name: "b", value: 1)])] }
        registry.addCollector { [MetricFamily(name: "a_total", help: "dup", kind: .counter, samples: [])] }
        let text = await registry.exposition()
        #expect(text == "# HELP a_total A.\n# TYPE a_total counter\na_total 1\n# HELP b B.\n# TYPE b gauge\nb 1\n")
    }
}
