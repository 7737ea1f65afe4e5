import Systemd
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `JOURNAL_STREAM` against what a descriptor really is open on (`fstat`).
@Suite struct JournalStreamTests {
    @Test func theValueIsTwoDecimalNumbers() {
        #expect(JournalStream("66306:1537289") == JournalStream(device: 66306, inode: 1_537_289))
        #expect(JournalStream("0:0") == JournalStream(device: 0, inode: 0))
        for bad in ["", ":", "1:", ":2", "1:2:3", "a:1", "1:-2", " 1:2", "1:2 ", "+1:2", "0x10:2", "99999999999999999999:1"] {
            #expect(JournalStream(bad) == nil, "\(bad)")
        }
        #expect(JournalStream(device: 7, inode: 42).description == "7:42")
    }

    @Test func aSocketIsTheJournalWhenTheEnvironmentNamesIt() throws {
        // What systemd hands a service: a stream socket to journald as standard error.
        var pair: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer { close(pair[0]); close(pair[1]) }
        var status = stat()
        try #require(fstat(pair[0], &status) == 0)
        let named = "\(status.st_dev):\(status.st_ino)"
        #expect(JournalStream(descriptor: pair[0]) == JournalStream(named))
        #expect(JournalStream.isJournal(descriptor: pair[0], environment: ["JOURNAL_STREAM": named]))

        // Redirected: the other end, a pipe, a file are other inodes.
        #expect(!JournalStream.isJournal(descriptor: pair[1], environment: ["JOURNAL_STREAM": named]))
        var pipeEnds: [Int32] = [0, 0]
        try #require(pipe(&pipeEnds) == 0)
        defer { close(pipeEnds[0]); close(pipeEnds[1]) }
        #expect(!JournalStream.isJournal(descriptor: pipeEnds[1], environment: ["JOURNAL_STREAM": named]))
        // Unset, malformed, or a closed descriptor.
        #expect(!JournalStream.isJournal(descriptor: pair[0], environment: [:]))
        #expect(!JournalStream.isJournal(descriptor: pair[0], environment: ["JOURNAL_STREAM": "journal"]))
        #expect(!JournalStream.isJournal(descriptor: 987_654, environment: ["JOURNAL_STREAM": named]))
        #expect(JournalStream(descriptor: 987_654) == nil)
    }
}
