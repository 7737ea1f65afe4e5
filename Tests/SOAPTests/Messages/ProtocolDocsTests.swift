import Foundation
import MAPI
import SOAP
import Testing

/// `docs/protocol.md`'s "Operations" section is generated from ``SOAPOperation/all`` and the
/// message samples, so that every operation has a current example request and response.
@Suite struct ProtocolDocsTests {
    static let document = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/protocol.md")
    static let begin = "<!-- BEGIN GENERATED: operations (TESSERA_WRITE_DOCS=1 swift test --filter ProtocolDocsTests) -->"
    static let end = "<!-- END GENERATED: operations -->"

    @Test func operationsSectionIsCurrent() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "docs/protocol.md lacks the BEGIN marker")
        let stop = try #require(text.range(of: Self.end), "docs/protocol.md lacks the END marker")
        let current = String(text[start.upperBound..<stop.lowerBound])
        let generated = "\n" + Self.operationsSection() + "\n"
        if ProcessInfo.processInfo.environment["TESSERA_WRITE_DOCS"] == "1" {
            try (String(text[..<start.upperBound]) + generated + String(text[stop.lowerBound...]))
                .write(to: Self.document, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == generated, "docs/protocol.md's operations are stale: run TESSERA_WRITE_DOCS=1 swift test --filter ProtocolDocsTests")
    }

    static func operationsSection() -> String {
        var out = "| operation | request parts | response parts |\n|---|---|---|\n"
        for operation in SOAPOperation.all {
            out += "| [\(operation.name)](#\(operation.name.lowercased())) | \(parts(operation.request)) | \(parts(operation.response)) |\n"
        }
        for operation in SOAPOperation.all {
            out += "\n### \(operation.name)\n\n\(operation.summary)"
            out += operation.requiresSession ? " Needs a session.\n" : " No session.\n"
            if let request = MessageSamples.requests.first(where: { type(of: $0).operationName == operation.name }) {
                out += "\n```xml\n" + String(decoding: request.envelope(sessionToken: operation.requiresSession ? "TOKEN-FROM-LOGON" : nil, indented: true), as: UTF8.self) + "\n```\n"
            }
            if let response = MessageSamples.responses.first(where: { type(of: $0).operationName == operation.name }) {
                out += "\n```xml\n" + String(decoding: response.envelope(indented: true), as: UTF8.self) + "\n```\n"
            }
        }
        return out
    }

    private static func parts(_ parts: [SOAPOperation.Part]) -> String {
        guard !parts.isEmpty else { return "—" }
        return parts.map { part in
            let mark = switch part.occurs {
            case .one: ""
            case .optional: "?"
            case .many: "*"
            }
            return "`\(part.name)\(mark)` \(part.type.rawValue)"
        }.joined(separator: ", ")
    }
}
