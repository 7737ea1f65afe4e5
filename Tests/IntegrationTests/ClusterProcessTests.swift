import Cluster
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Five `tessera cluster member` processes on loopback with real UDP and TCP sockets: they all
/// see each other alive; hostile datagrams (garbage, truncated, oversize, authenticated garbage,
/// a replay) sent to one member are dropped and counted and it keeps running; a sixth process
/// with a wrong key is never admitted and admits no one; SIGKILL of one member and the other
/// four declare it dead.
@Suite("Cluster processes", .serialized) struct ClusterProcessTests {
    /// Joining: seconds for every member to see the other four alive.
    static let joinBound = 20.0
    /// Tessera's defaults at n = 5: two failed 500 ms rounds, then a suspicion timeout of at most
    /// 6 · 500 ms (Lifeguard's maximum, log10 5 < 1), stretched by the local health multiplier
    /// (up to ×8 on a stalling member): about 25 s in the worst case. Generous for 2 loaded cores.
    static let deathBound = 30.0

    @Test func fiveProcessesAgreeOnAKillAdmitNoWrongKeyAndSurviveHostileDatagrams() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = ClusterKeyring.generateKey()
        let keyFile = folder.appendingPathComponent("cluster.keys").path
        let wrongKeyFile = folder.appendingPathComponent("wrong.keys").path
        try (Data(key).base64EncodedString() + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        try (Data(ClusterKeyring.generateKey()).base64EncodedString() + "\n").write(toFile: wrongKeyFile, atomically: true, encoding: .utf8)

        var started: [MemberProcess] = []
        defer {
            for m in started { m.kill() }
            try? FileManager.default.removeItem(at: folder)
        }

        // The first member picks a free port and says which; the others join through it.
        let first = try MemberProcess(name: "p0", seeds: [], keyFile: keyFile, role: "router")
        started.append(first)
        guard let seed = waitFor(10, { first.address }) else {
            Issue.record("p0 never reported its address: \(first.transcript)")
            return
        }
        for i in 1..<5 { started.append(try MemberProcess(name: "p\(i)", seeds: [seed], keyFile: keyFile)) }
        let members = started

        let joined = waitUntil(Self.joinBound) {
            members.allSatisfy { m in members.allSatisfy { $0 === m || m.status(of: $0.id) == "alive" } }
        }
        #expect(joined, "every member sees the other four alive: \(members.map(\.summary))")
        guard joined else { return }

        // A sixth member with a wrong key, seeded at two members.
        let intruder = try MemberProcess(name: "intruder", seeds: [seed, members[1].address ?? seed], keyFile: wrongKeyFile)
        started.append(intruder)
        let intruderStarted = Date()
        let intruderHeard = waitUntil(15) { first.dropped("undecryptable") > 0 }
        #expect(intruderHeard, "p0 drops and counts the intruder's datagrams: \(first.summary)")

        // Hostile datagrams at p0.
        let before = first.droppedCounters
        let ring = try #require(ClusterKeyring(keys: [key]))
        let sender = MemberID(name: "replayer")
        let valid = try DatagramFrame.seal(Packet(sender: sender, message: .gossip), sequence: 1_000, keyring: ring)
        let target = try #require(MemberAddress(seed))
        try sendDatagrams([
            [UInt8](repeating: 0xAB, count: 100),  // garbage: undecryptable
            [UInt8](repeating: 0x01, count: 10),  // shorter than a sealed frame: undecryptable
            Array(valid.dropLast(3)),  // truncated: undecryptable
            [UInt8](repeating: 0x5A, count: 1_300),  // over 1,200 bytes: oversize
            try ring.seal([1, 2, 3, 4, 5, 6, 7, 8, 9]),  // authenticated garbage: malformed
            valid, valid, valid,  // the first is accepted (a no-op gossip); its replays are dropped
        ], to: target)
        let counted = waitUntil(10) {
            first.dropped("undecryptable") >= before["undecryptable", default: 0] + 3
                && first.dropped("oversize") >= before["oversize", default: 0] + 1
                && first.dropped("malformed") >= before["malformed", default: 0] + 1
                && first.dropped("replayed") >= before["replayed", default: 0] + 2
        }
        #expect(counted, "p0 counts every hostile datagram by reason: before \(before), after \(first.droppedCounters)")
        #expect(first.isRunning, "p0 survives hostile datagrams")
        // Still a healthy member: it keeps seeing the others alive a moment later.
        Thread.sleep(forTimeInterval: 1)
        #expect(members.dropFirst().allSatisfy { first.status(of: $0.id) == "alive" }, "p0 still sees everyone: \(first.summary)")

        // SIGKILL p4: no leave; the other four must declare it dead.
        let victim = members[4]
        victim.kill()
        let survivors = Array(members.prefix(4))
        let start = ContinuousClock.now
        let agreed = waitUntil(Self.deathBound) { survivors.allSatisfy { $0.status(of: victim.id) == "dead" } }
        #expect(agreed, "p0…p3 declare p4 dead within \(Self.deathBound) s: \(survivors.map(\.summary))")
        if agreed { print("cluster: p4 declared dead by all four survivors \(ContinuousClock.now - start) after SIGKILL") }

        // Give the intruder at least ten probe periods of trying before judging it.
        let age = Date().timeIntervalSince(intruderStarted)
        if age < 5 { Thread.sleep(forTimeInterval: 5 - age) }
        for m in survivors {
            #expect(!m.everReported(intruder.id), "\(m.name) never reports the intruder")
            #expect(m.isRunning, "\(m.name) still runs")
        }
        #expect(intruder.isRunning, "the intruder runs (it just cannot join)")
        #expect(
            !members.contains { intruder.everReported($0.id) }, "the intruder reports no member: \(intruder.transcript)")
    }

    /// Polls `condition` every 100 ms for up to `seconds`.
    func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return condition()
    }

    func waitFor<T>(_ seconds: Double, _ value: () -> T?) -> T? {
        var found: T?
        _ = waitUntil(seconds) { found = value(); return found != nil }
        return found
    }

    /// Sends each datagram from a fresh UDP socket on loopback.
    func sendDatagrams(_ datagrams: [[UInt8]], to address: MemberAddress) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = address.port.bigEndian
        try #require(inet_pton(AF_INET, address.host, &sin.sin_addr) == 1)
        for d in datagrams {
            let sent = withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, d, d.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(sent == d.count)
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}

/// A running `tessera cluster member` and what it has printed so far (read on its own thread).
final class MemberProcess: @unchecked Sendable {
    let name: String
    let id: String
    private let process: Process
    private let lock = NSLock()
    private var lines: [String] = []
    private var statuses: [String: String] = [:]
    private var reported: Set<String> = []
    private var counters: [String: Int] = [:]
    private var bound: String?

    init(name: String, seeds: [String], keyFile: String, role: String = "node") throws {
        self.name = name
        id = MemberID(name: name).description
        var arguments = ["cluster", "member", "--name", name, "--bind", "127.0.0.1:0", "--key-file", keyFile, "--role", role]
        for s in seeds { arguments += ["--seed", s] }
        let (process, output) = try TesseraProcess.start(arguments)
        self.process = process
        Thread.detachNewThread { [self] in
            let reader = LineReader(output)
            while let line = reader.next() { record(line) }
        }
    }

    private func record(_ line: String) {
        let words = line.split(separator: " ").map(String.init)
        var fields: [String: String] = [:]
        for w in words {
            if let eq = w.firstIndex(of: "=") { fields[String(w[..<eq])] = String(w[w.index(after: eq)...]) }
        }
        lock.withLock {
            lines.append(line)
            switch words.first {
            case "listening": bound = words.count > 1 ? words[1] : nil
            case "member":
                if words.count > 2, let id = fields["id"], id != self.id {
                    statuses[id] = words[2]
                    reported.insert(id)
                }
            case "stats":
                for (k, v) in fields { if let n = Int(v) { counters[k] = n } }
            default: break
            }
        }
    }

    var address: String? { lock.withLock { bound } }
    func status(of id: String) -> String? { lock.withLock { statuses[id] } }
    func everReported(_ id: String) -> Bool { lock.withLock { reported.contains(id) } }
    func dropped(_ reason: String) -> Int { lock.withLock { counters[reason, default: 0] } }
    var droppedCounters: [String: Int] { lock.withLock { counters } }
    var isRunning: Bool { process.isRunning }
    var transcript: String { lock.withLock { lines.suffix(40).joined(separator: "\n") } }
    var summary: String { lock.withLock { "\(name): \(statuses.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })" } }

    /// SIGKILL and reap (idempotent).
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
