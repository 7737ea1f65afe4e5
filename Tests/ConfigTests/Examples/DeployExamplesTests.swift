import Config
import Foundation
import Testing

/// `deploy/config/` holds the examples `tessera config example` prints, and every file there
/// loads without a problem.
@Suite struct DeployExamplesTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("deploy/config")

    @Test(arguments: ConfigExample.allCases)
    func fileIsTheExample(_ example: ConfigExample) throws {
        let url = Self.folder.appendingPathComponent(example.fileName)
        if ProcessInfo.processInfo.environment["TESSERA_WRITE_EXAMPLES"] == "1" {
            try example.text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == example.text, "deploy/config/\(example.fileName) is stale: run TESSERA_WRITE_EXAMPLES=1 swift test --filter DeployExamplesTests")
    }

    @Test func everyFileLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(files.count >= ConfigExample.allCases.count)
        for file in files {
            let contents = try Data(contentsOf: Self.folder.appendingPathComponent(file))
            let report = ConfigCheck.run(file: file, contents: Array(contents), role: nil, environment: TestEnvironment.make())
            #expect(report.isValid, "\(report.lines.joined(separator: "\n"))")
            #expect(report.role == ConfigExample.allCases.first { $0.fileName == file }?.role)
        }
    }

    /// The examples are complete: every key of the schema is written (or shown in a comment).
    @Test(arguments: ConfigExample.allCases)
    func exampleMentionsEveryTable(_ example: ConfigExample) {
        let tables = example.role == .node
            ? ["[node]", "[node.tls]", "[[server]]", "[sessions]", "[logon]", "[cluster]", "[directory]", "[provisioning]", "[limits]", "[metrics]", "[health]", "[log]"]
            : ["[router]", "[router.tls]", "[upstream]", "[cluster]", "[directory]", "[directory.cache]", "[limits]", "[metrics]", "[health]", "[log]"]
        for table in tables { #expect(example.text.contains(table), "\(example.rawValue) lacks \(table)") }
    }
}
