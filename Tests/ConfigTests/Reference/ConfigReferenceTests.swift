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

/// Rules every schema keeps.
@Suite struct SchemaRuleTests {
    static func allKeys(_ schema: TableSchema, _ path: String = "") -> [(String, KeySpec)] {
        schema.keys.flatMap { spec -> [(String, KeySpec)] in
            let full = path.isEmpty ? spec.name : path + "." + spec.name
            switch spec.kind {
            case .table(let child), .tables(let child, _): return [(full, spec)] + allKeys(child, full)
            default: return [(full, spec)]
            }
        }
    }

    /// Keys that name a secret without holding one.
    static let notSecrets: Set<String> = ["password_scheme", "passwordChangedAttribute", "passwordChangedFormat"]

    /// Keys named like secrets hold secrets, so they can be given as files and are never printed.
    @Test func secretLookingKeysAreSecrets() {
        for (path, spec) in Self.allKeys(NodeConfiguration.schema) + Self.allKeys(RouterConfiguration.schema)
        where !Self.notSecrets.contains(spec.name) {
            let name = spec.name.lowercased()
            guard name.contains("password") || name.contains("secret") || name.hasSuffix("_key") else { continue }
            guard case .secret = spec.kind else {
                Issue.record("\(path) looks like a secret but is not one")
                continue
            }
        }
    }

    /// Keys are snake_case (the LDAP attribute map's own names aside) and never contain `__`,
    /// which separates the parts of environment variable names.
    @Test func keysAreSnakeCase() {
        for (path, spec) in Self.allKeys(NodeConfiguration.schema) + Self.allKeys(RouterConfiguration.schema)
        where !path.hasPrefix("directory.ldap.attributes.") {
            #expect(spec.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } && !spec.name.contains("__"), "\(path)")
        }
    }
}
