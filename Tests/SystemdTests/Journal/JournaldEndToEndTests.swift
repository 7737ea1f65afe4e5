import Foundation
import Logging
import Systemd
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The handler against a real systemd-journald, read back with journalctl: that journald takes
/// the datagrams, the length-prefixed values and the sealed memfd as written. Runs only where
/// journald listens on its socket and journalctl is installed (a systemd host; not a plain
/// container — there it can be run in a private mount namespace, see docs/deployment.md,
/// "Checks").
@Suite(.enabled(if: LocalJournald.runs, "no journald here: /run/systemd/journal/socket or journalctl is missing"))
struct JournaldEndToEndTests {

    @Test func journaldStoresEveryField() async throws {
        let run = UUID().uuidString
        // A small send buffer, so that the large record must go in a memfd.
        let sink = JournalSink(sendBufferSize: 64 << 10)
        var logger = Logger(label: "tessera.e2e") { JournalLogHandler(label: $0, sink: sink) }
        logger[metadataKey: "test.run"] = "\(run)"
        logger.warning("end to end", metadata: ["http.address": "127.0.0.1:8236", "trace": "frame 1\nframe 2"])
        let line = #line - 1
        let big = String(repeating: "0123456789abcdef", count: 300_000 / 16)
        logger.notice("\(big)", metadata: ["part": "large"])
        #expect(sink.dropped == 0)
        #expect(sink.sentAsMemoryFiles == 1)

        var entries: [[String: String]] = []
        for _ in 0..<50 where entries.count < 2 {
            entries = try Self.read(["TEST_RUN=\(run)"])
            if entries.count < 2 { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(entries.count == 2, "journalctl found \(entries.count) entries")
        let first = try #require(entries.first { $0["MESSAGE"] == "end to end" })
        #expect(first["PRIORITY"] == "4")
        #expect(first["SYSLOG_IDENTIFIER"] == "tessera")
        #expect(first["TESSERA_LABEL"] == "tessera.e2e")
        #expect(first["TESSERA_SOURCE"] == "SystemdTests")
        #expect(first["CODE_FILE"] == "SystemdTests/JournaldEndToEndTests.swift")
        #expect(first["CODE_LINE"] == "\(line)")
        #expect(first["CODE_FUNC"] == "journaldStoresEveryField()")
        #expect(first["HTTP_ADDRESS"] == "127.0.0.1:8236")
        #expect(first["TRACE"] == "frame 1\nframe 2")
        #expect(first["_TRANSPORT"] == "journal")
        #expect(first["_PID"] == "\(getpid())")
        let large = try #require(entries.first { $0["PART"] == "large" })
        #expect(large["MESSAGE"] == big)
        #expect(large["PRIORITY"] == "5")
        #expect(large["_TRANSPORT"] == "journal")
    }

    /// The entries matching `matches`, each field's (first) value as text (`-o json --all`:
    /// values journalctl prints as byte arrays are decoded).
    static func read(_ matches: [String]) throws -> [[String: String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: LocalJournald.journalctl!)
        process.arguments = ["-o", "json", "--all", "--no-pager"] + matches
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return object.compactMapValues(Self.text)
        }
    }

    private static func text(_ value: Any) -> String? {
        if let string = value as? String { return string }
        if let bytes = value as? [Int] { return String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self) }
        if let values = value as? [Any], let first = values.first { return text(first) }
        return nil
    }
}

/// Whether this host has a journald to test against.
enum LocalJournald {
    static var journalctl: String? {
        ["/usr/bin/journalctl", "/bin/journalctl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var runs: Bool {
        var status = stat()
        return journalctl != nil && stat(JournalSink.defaultSocketPath, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK
    }
}
