import Config
import Foundation
import Testing

/// `docs/configuration.md`'s key reference is generated from the schemas, so that every key
/// is listed with its type, default and meaning.
@Suite struct ConfigReferenceTests {
    static let document = DeployExamplesTests.root.appendingPathComponent("docs/configuration.md")
    static let begin = "<!-- BEGIN GENERATED: keys (TESSERA_WRITE_DOCS=1 swift test --filter ConfigReferenceTests) -->"
    static let end = "<!-- END GENERATED: keys -->"

    @Test func keyReferenceIsCurrent() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "docs/configuration.md lacks the BEGIN marker")
        let stop = try #require(text.range(of: Self.end), "docs/configuration.md lacks the END marker")
        let generated = "\n" + ConfigReference.markdown() + "\n"
        if ProcessInfo.processInfo.environment["TESSERA_WRITE_DOCS"] == "1" {
            try (String(text[..<start.upperBound]) + generated + String(text[stop.lowerBound...]))
                .write(to: Self.document, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[start.upperBound..<stop.lowerBound]) == generated,
                "docs/configuration.md's key reference is stale: run TESSERA_WRITE_DOCS=1 swift test --filter ConfigReferenceTests")
    }

    @Test func everyKeyHasAMeaning() {
        let reference = ConfigReference.markdown()
        for line in reference.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            #expect(cells.count >= 6 && !cells[4].trimmingCharacters(in: .whitespaces).isEmpty, "\(line)")
        }
        #expect(reference.contains("### `[[server]]` (node)"))
        #expect(reference.contains("### `[cluster]` (node, router)"))
        #expect(reference.contains("### `[directory.ldap.attributes]`"))
    }
}
