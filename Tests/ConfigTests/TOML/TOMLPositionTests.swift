import Config
import Testing

/// Every key and value keeps where it was written; errors say which key they concern.
@Suite struct TOMLPositionTests {
    @Test func keysAndValuesKeepTheirPositions() throws {
        let document = try TOMLDocument(parsing: """
            # comment
            name = "n1"
            [node]
              listen   = "0.0.0.0:236"
            tls.cert = 'é' # after a non-ASCII character
            x = [1, { y = 2 }]
            """)
        let name = try #require(document.root["name"])
        #expect(name.keyPosition == TOMLPosition(line: 2, column: 1))
        #expect(name.value.position == TOMLPosition(line: 2, column: 8))
        let node = try #require(document.root["node"])
        #expect(node.value.position == TOMLPosition(line: 3, column: 1))
        guard case .table(let table) = node.value.value else { Issue.record("not a table"); return }
        #expect(table["listen"]?.keyPosition == TOMLPosition(line: 4, column: 3))
        #expect(table["listen"]?.value.position == TOMLPosition(line: 4, column: 14))
        #expect(document.node(at: ["node", "tls", "cert"])?.position == TOMLPosition(line: 5, column: 12))
        guard case .array(let elements)? = document.node(at: ["node", "x"])?.value,
              case .table(let inline) = elements[1].value else { Issue.record("not an array of a table"); return }
        #expect(elements[1].position == TOMLPosition(line: 6, column: 9))
        #expect(inline["y"]?.value.position == TOMLPosition(line: 6, column: 15))
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(throws: TOMLError(.syntax, "unexpected '!' at the end of the line (one key/value pair or header per line)",
                                  at: TOMLPosition(line: 1, column: 11))) {
            try TOMLDocument(parsing: "a = \"ééé\" !")
        }
    }

    @Test func redefinitionsNameTheKeyAndTheFirstDefinition() {
        do {
            _ = try TOMLDocument(parsing: "[server]\nname = \"s1\"\n\n[server]\n")
            Issue.record("accepted")
        } catch {
            #expect(error.key == "server")
            #expect(error.message == "table [server] is defined twice (first at line 1)")
        }
        do {
            _ = try TOMLDocument(parsing: "[a]\nb.c = 1\nb.c = 2\n")
            Issue.record("accepted")
        } catch {
            #expect(error.key == "b.c")
            #expect(error.message == "duplicate key b.c (first defined at line 2)")
        }
    }

    @Test func standaloneValues() throws {
        #expect(try TOMLDocument.parseValue("8080").value == .integer(8080))
        #expect(try TOMLDocument.parseValue(" \"a b\" # c").value == .string("a b"))
        #expect(try TOMLDocument.parseValue("[1, 2]").value == .array([TOMLNode(.integer(1), at: .init(line: 1, column: 2)), TOMLNode(.integer(2), at: .init(line: 1, column: 5))]))
        #expect(throws: TOMLError.self) { try TOMLDocument.parseValue("1 2") }
        #expect(throws: TOMLError.self) { try TOMLDocument.parseValue("") }
    }
}

/// Size, depth and key count are bounded; each limit answers with `limitExceeded`.
@Suite struct TOMLLimitsTests {
    @Test func inputSize() {
        let text = "a = \"" + String(repeating: "x", count: 2_000) + "\""
        #expect(throws: TOMLError.self) { try TOMLDocument(parsing: text, limits: TOMLLimits(maximumBytes: 1_000)) }
        #expect(throws: Never.self) { try TOMLDocument(parsing: text, limits: TOMLLimits(maximumBytes: 3_000)) }
    }

    @Test func nestingDepth() {
        for text in [
            "a = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
            "a = " + String(repeating: "{b = ", count: 100) + "1" + String(repeating: "}", count: 100),
            "[" + Array(repeating: "a", count: 100).joined(separator: ".") + "]",
            Array(repeating: "a", count: 100).joined(separator: ".") + " = 1",
        ] {
            do {
                _ = try TOMLDocument(parsing: text)
                Issue.record("accepted \(text.prefix(20))")
            } catch {
                #expect(error.code == .limitExceeded)
            }
        }
        #expect(throws: Never.self) { try TOMLDocument(parsing: "a = " + String(repeating: "[", count: 20) + String(repeating: "]", count: 20)) }
    }

    @Test func keyCount() {
        let text = (0..<200).map { "k\($0) = \($0)" }.joined(separator: "\n")
        do {
            _ = try TOMLDocument(parsing: text, limits: TOMLLimits(maximumKeys: 100))
            Issue.record("accepted")
        } catch {
            #expect(error.code == .limitExceeded)
            #expect(error.position.line == 101)
        }
        let tables = (0..<200).map { "[[t]]\nk = \($0)" }.joined(separator: "\n")
        #expect(throws: TOMLError.self) { try TOMLDocument(parsing: tables, limits: TOMLLimits(maximumKeys: 100)) }
    }

    @Test func largeDocumentParsesQuickly() throws {
        let text = (0..<3_000).map { "[t\($0)]\nk = \"\(String(repeating: "v", count: 100))\"\nn = [1, 2, 3]" }.joined(separator: "\n")
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try TOMLDocument(parsing: text) }
        #expect(elapsed < .seconds(5))
    }
}
