import Testing

@testable import Node

@Suite("TemporarySweepPolicy")
struct TemporarySweepPolicyTests {
    let policy = TemporarySweepPolicy(node: "n1", foreignAge: .seconds(86_400))

    @Test("staging file names carry the node; odd names are made safe and parse back")
    func names() {
        let name = TemporaryBlobName(token: 0xABC, processID: 4242, node: "node-1.example")
        #expect(name.fileName == "blob-0000000000000abc-4242-node-1.example.tmp")
        #expect(TemporaryBlobName(parsing: name.fileName) == name)
        #expect(TemporaryBlobName(token: 1, processID: 1, node: "a b/ü").node == "a_b__")
        #expect(TemporaryBlobName(token: 1, processID: 1, node: "").node == "_")
        #expect(TemporaryBlobName(parsing: "blob-0123456789abcdef.tmp") == nil)
        #expect(TemporaryBlobName(parsing: "blob-0123456789abcdef-12-.tmp") == nil)
        #expect(TemporaryBlobName(parsing: "other.tmp") == nil)
    }

    @Test("own files go at once (or by age); other nodes' and unknown ones only after the foreign age")
    func decisions() {
        let mine = TemporaryBlobName(token: 1, processID: 99, node: "n1").fileName
        let earlierRun = TemporaryBlobName(token: 2, processID: 7, node: "n1").fileName
        let theirs = TemporaryBlobName(token: 3, processID: 99, node: "n2").fileName
        let legacy = "blob-0123456789abcdef.tmp"
        #expect(policy.shouldRemove(fileName: mine, idle: .zero, age: nil))
        #expect(policy.shouldRemove(fileName: earlierRun, idle: .zero, age: nil))
        #expect(!policy.shouldRemove(fileName: mine, idle: .seconds(10), age: .seconds(60)))
        #expect(policy.shouldRemove(fileName: mine, idle: .seconds(60), age: .seconds(60)))
        for name in [theirs, legacy] {
            #expect(!policy.shouldRemove(fileName: name, idle: .seconds(3_600), age: nil))
            #expect(!policy.shouldRemove(fileName: name, idle: .seconds(3_600), age: .seconds(60)))
            #expect(policy.shouldRemove(fileName: name, idle: .seconds(86_400), age: nil))
            #expect(!policy.shouldRemove(fileName: name, idle: .seconds(86_400), age: .seconds(100_000)))
        }
    }
}
