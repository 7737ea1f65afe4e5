import Logging
import Systemd
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The handler against a real `AF_UNIX` datagram socket standing in for journald: what arrives
/// is parsed by the protocol (TestSupport's ``JournalListener``, written apart from the code
/// under test), field by field.
@Suite struct JournalLogHandlerTests {
    struct Refusal: Error, CustomStringConvertible { var description: String { "directory refused the bind" } }

    /// 64 KiB: on Linux a datagram may be at most the send buffer (less a little), so the
    /// 300 KB record below must go in a memfd whatever `net.core.wmem_default` is.
    static let smallBuffer = 64 << 10

    @Test func recordsArriveWithEveryField() async throws {
        let journal = try JournalListener()
        let sink = JournalSink(socketPath: journal.path, identifier: "tessera", sendBufferSize: Self.smallBuffer)
        var logger = Logger(label: "tessera.node") { JournalLogHandler(label: $0, sink: sink, metadataProvider: nil) }
        logger.logLevel = .debug
        logger[metadataKey: "node"] = "n1"

        logger.info("listening", metadata: ["http.address": "127.0.0.1:8236", "tls": ["enabled": "false"]])
        let line = #line - 1
        logger.trace("not written: below the level")
        logger.error("request failed", metadata: ["trace": "frame 1\nframe 2\n", "session.id": "7"])
        let big = String(repeating: "0123456789abcdef", count: 300_000 / 16)
        logger.critical("\(big)", metadata: ["size": "\(big.utf8.count)"])

        let entries = try await journal.entries(3, within: 5)
        try #require(entries.count == 3, "\(entries)")
        #expect(try await journal.collect(for: 0.2).isEmpty, "the trace record is not written")

        let listening = entries[0]
        #expect(!listening.inMemoryFile && listening.binaryFields.isEmpty)
        #expect(listening.value("MESSAGE") == "listening")
        #expect(listening.value("PRIORITY") == "6")
        #expect(listening.value("SYSLOG_IDENTIFIER") == "tessera")
        #expect(listening.value("CODE_FILE") == "SystemdTests/JournalLogHandlerTests.swift")
        #expect(listening.value("CODE_LINE") == "\(line)")
        #expect(listening.value("CODE_FUNC") == "recordsArriveWithEveryField()")
        #expect(listening.value("TESSERA_LABEL") == "tessera.node")
        #expect(listening.value("TESSERA_SOURCE") == "SystemdTests")
        #expect(listening.value("NODE") == "n1")
        #expect(listening.value("HTTP_ADDRESS") == "127.0.0.1:8236")
        #expect(listening.value("TLS_ENABLED") == "false")
        #expect(listening.fields.map(\.name) == [
            "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "TESSERA_LABEL", "TESSERA_SOURCE",
            "HTTP_ADDRESS", "NODE", "TLS_ENABLED",
        ])

        let failed = entries[1]
        #expect(failed.value("PRIORITY") == "3")
        #expect(failed.value("TRACE") == "frame 1\nframe 2\n")
        #expect(failed.binaryFields == ["TRACE"], "only the multi-line value takes the binary form")
        #expect(failed.value("SESSION_ID") == "7")
        #expect(failed.value("NODE") == "n1")

        let large = entries[2]
        #expect(large.inMemoryFile, "300 KB do not fit a datagram with a 64 KiB send buffer")
        #expect(large.seals == Int32(0x1 | 0x2 | 0x4 | 0x8), "sealed: F_SEAL_SEAL, SHRINK, GROW, WRITE")
        #expect(large.value("MESSAGE") == big)
        #expect(large.value("PRIORITY") == "2")
        #expect(large.value("SIZE") == "\(big.utf8.count)")
        #expect(large.value("TESSERA_LABEL") == "tessera.node")
        #expect(sink.sentAsMemoryFiles == 1)
        #expect(sink.dropped == 0)
    }

    @Test func theProviderAndAnErrorAddFields() async throws {
        let journal = try JournalListener()
        let sink = JournalSink(socketPath: journal.path)
        var handler = JournalLogHandler(label: "tessera.router", sink: sink, metadataProvider: .init { ["request.id": "r-1", "node": "provided"] })
        handler.metadata = ["node": "own"]
        handler.log(
            event: LogEvent(
                level: .warning, message: "upstream gone", error: Refusal(), metadata: ["server": "s1"], source: nil,
                file: "Router/Proxy.swift", function: "forward()", line: 7))
        let entry = try #require(try await journal.entries(1, within: 5).first)
        #expect(entry.value("REQUEST_ID") == "r-1")
        #expect(entry.value("NODE") == "provided", "the provider overrides the logger's metadata")
        #expect(entry.value("SERVER") == "s1")
        #expect(entry.value("ERROR_MESSAGE") == "directory refused the bind")
        #expect(entry.value("ERROR_TYPE") == "SystemdTests.JournalLogHandlerTests.Refusal")
        #expect(entry.value("TESSERA_SOURCE") == "Router", "swift-log derives the source from the file")
    }

    @Test func withoutJournaldRecordsAreDroppedAndCountedThenReported() async throws {
        let journal = try JournalListener()
        let missing = journal.path + ".missing"
        let sink = JournalSink(socketPath: missing)
        let logger = Logger(label: "tessera.node") { JournalLogHandler(label: $0, sink: sink) }
        let start = ContinuousClock.now
        for number in 0..<1_000 { logger.notice("lost \(number)") }
        #expect(ContinuousClock.now - start < .seconds(5), "dropping does not wait")
        #expect(sink.dropped == 1_000)

        // journald "comes back": its socket appears at the path.
        try #require(rename(journal.path, missing) == 0)
        logger.notice("back")
        let entries = try await journal.entries(2, within: 5)
        try #require(entries.count == 2, "\(entries)")
        #expect(entries[0].value("MESSAGE") == "back")
        #expect(entries[1].value("MESSAGE") == "1000 log entries were dropped: journald did not take them")
        #expect(entries[1].value("TESSERA_DROPPED") == "1000")
        #expect(entries[1].value("PRIORITY") == "4")
        #expect(entries[1].value("SYSLOG_IDENTIFIER") == "tessera")
        logger.notice("once")
        #expect(try await journal.entries(1, within: 5).map { $0.value("MESSAGE") } == ["once"], "reported once")
        #expect(sink.dropped == 1_000)
    }

    @Test func aFullQueueDropsInsteadOfBlocking() async throws {
        let journal = try JournalListener()
        let sink = JournalSink(socketPath: journal.path, sendBufferSize: Self.smallBuffer)
        let logger = Logger(label: "tessera.node") { JournalLogHandler(label: $0, sink: sink) }
        // Nobody reads: the receive queue (net.unix.max_dgram_qlen, the buffers) fills up.
        let start = ContinuousClock.now
        for number in 0..<20_000 { logger.info("flood \(number)", metadata: ["padding": "\(String(repeating: "x", count: 200))"]) }
        #expect(ContinuousClock.now - start < .seconds(20), "a full queue never blocks the caller")
        #expect(sink.dropped > 0, "some records were dropped, none waited")
        let arrived = try await journal.collect(for: 1).filter { $0.value("MESSAGE")?.hasPrefix("flood ") == true }.count
        #expect(arrived > 0)
        #expect(arrived + sink.dropped == 20_000, "each record arrived or was counted: \(arrived) arrived, \(sink.dropped) dropped")
    }
}
