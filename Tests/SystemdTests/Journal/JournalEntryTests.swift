import Logging
import Systemd
import Testing

/// The native protocol's serialization, and the entry made from a swift-log record.
@Suite struct JournalEntryTests {
    @Test func aValueWithoutNewlineIsNameEqualsValue() {
        var entry = JournalEntry()
        entry.append(.message, "started")
        entry.append(.priority, "6")
        #expect(String(decoding: entry.serialized(), as: UTF8.self) == "MESSAGE=started\nPRIORITY=6\n")
    }

    @Test func aValueWithANewlineIsLengthPrefixed() {
        var entry = JournalEntry()
        entry.append(.message, "xx\nx")
        entry.append(JournalFieldName(metadataKey: "after"), "")
        let expected: [UInt8] = Array("MESSAGE\n".utf8) + [4, 0, 0, 0, 0, 0, 0, 0] + Array("xx\nx\n".utf8) + Array("AFTER=\n".utf8)
        #expect(entry.serialized() == expected)
    }

    @Test(arguments: [
        (Logger.Level.critical, 2), (.error, 3), (.warning, 4), (.notice, 5), (.info, 6), (.debug, 7), (.trace, 7),
    ])
    func levelsMapToSyslogPriorities(level: Logger.Level, priority: Int) {
        #expect(JournalEntry.syslogPriority(level) == priority)
    }

    @Test func aRecordGivesItsFieldsThenTheMetadataSorted() {
        let event = LogEvent(
            level: .warning, message: "slow request", metadata: nil, source: "HTTP", file: "HTTP/Server.swift", function: "serve()",
            line: 42)
        let metadata: Logger.Metadata = [
            "http.status": "503", "http": ["address": "10.0.0.1:443", "peer": ["port": "5"]], "hosts": ["a", "b"], "empty": [:],
        ]
        let entry = JournalEntry(event: event, label: "tessera.node", identifier: "tessera", metadata: metadata)
        let pairs = entry.fields.map { "\($0.name)=\(String(decoding: $0.value, as: UTF8.self))" }
        #expect(
            pairs == [
                "MESSAGE=slow request", "PRIORITY=4", "SYSLOG_IDENTIFIER=tessera", "CODE_FILE=HTTP/Server.swift", "CODE_LINE=42",
                "CODE_FUNC=serve()", "TESSERA_LABEL=tessera.node", "TESSERA_SOURCE=HTTP", "EMPTY=[:]", #"HOSTS=["a", "b"]"#,
                "HTTP_ADDRESS=10.0.0.1:443", "HTTP_PEER_PORT=5", "HTTP_STATUS=503",
            ])
    }
}
