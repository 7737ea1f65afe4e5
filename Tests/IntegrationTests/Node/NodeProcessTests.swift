import Foundation
import SOAP
import TestSupport
import Testing

/// `tessera node --config FILE` as a separate process on a free loopback port, set up with the
/// CLI (`tessera directory user add`), driven over real sockets: by an independent SOAP client
/// (Python's zeep), by hostile clients (the nested suites in this folder) and by a password
/// guesser. Serialized: the timeouts are measured, and two cores are shared.
@Suite("Node process", .serialized) struct NodeProcessTests {
    /// The scenario from `Tests/Python/zeep_scenario.py`: logon, folder, item with two
    /// recipients, a 5 MB attachment in chunks and back, a table query, ICS of a second
    /// session's changes, search, logoff and the old token refused.
    @Test func anIndependentSOAPClientRunsTheWholeScenario() async throws {
        try await NodeUnderTest.run { node in
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Python/zeep_scenario.py").path
            let url = node.url
            let (status, output) = try await OwnThread.run { try Self.python([script, url, "alice", "alice secret"]) }
            #expect(status == 0, "zeep_scenario.py: \(output)\nnode: \(node.transcript)")
            let summary = output.split(separator: "\n").lazy.filter { $0.hasPrefix("{") }
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.first
            #expect(summary?["ok"] as? Bool == true, "the scenario's summary: \(output)")
        }
    }

    /// Failed logons are limited per login (five per window by default): the sixth is refused
    /// as "too many" without asking the directory, even with the right password; another
    /// user from the same address logs on.
    @Test func wrongPasswordsLockOutTheLoginOnly() async throws {
        try await NodeUnderTest.run { node in
            let client = RawSOAPClient(port: node.port)
            func fault(_ user: String, _ password: String) async throws -> SOAPFault? {
                try await client.post(LogonRequest(user: user, password: password).envelope())?.fault
            }
            for attempt in 1...5 {
                let refused = try await fault("alice", "guess \(attempt)")
                #expect(refused?.mapiName == "MAPI_E_LOGON_FAILED" && refused?.message.contains("wrong password") == true, "guess \(attempt): \(String(describing: refused))")
            }
            let sixth = try await fault("alice", "guess 6")
            #expect(sixth?.mapiName == "MAPI_E_LOGON_FAILED" && sixth?.message.contains("too many failed logons") == true, "\(String(describing: sixth))")
            let right = try await fault("alice", "alice secret")
            #expect(right?.mapiName == "MAPI_E_LOGON_FAILED" && right?.message.contains("too many failed logons") == true, "\(String(describing: right))")
            _ = try await client.logon("bob", "bob secret")
        }
    }

    /// Runs `/usr/bin/python3 ARGUMENTS`; its exit status and output (standard error included).
    static func python(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readToEndRetryingInterrupts()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
