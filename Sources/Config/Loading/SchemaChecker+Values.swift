import Cluster
import Database
import Directory
import Foundation

extension SchemaChecker {
    /// The value of `node` as `kind` wants it, or nil after reporting why not.
    func convert(_ node: TOMLNode, _ kind: ConfigValueKind, path: String) -> ConfigValue? {
        func fail(_ problem: ConfigProblem.Kind, _ message: String) -> ConfigValue? {
            context.report(problem, path, at: node.position, message)
            return nil
        }
        func wrongType() -> ConfigValue? {
            fail(.wrongType, "expected \(kind.expectation), found \(Self.describe(node.value))")
        }
        let text: String? = if case .string(let s) = node.value { s } else { nil }

        switch kind {
        case .string:
            guard let text else { return wrongType() }
            return .string(text)
        case .name:
            guard let text else { return wrongType() }
            guard Self.isName(text) else {
                return fail(.invalidValue, "\"\(text.prefix(80))\" is not a name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
            }
            return .string(text)
        case .choice(let choices):
            guard let text else { return wrongType() }
            guard choices.contains(text) else {
                let list = choices.map { "\"\($0)\"" }.joined(separator: ", ")
                return fail(.invalidValue, "must be one of \(list), not \"\(text.prefix(80))\"" + KeySuggestion.hint(for: text, among: choices, quoted: true))
            }
            return .string(text)
        case .integer(let range):
            guard case .integer(let value) = node.value else { return wrongType() }
            guard range.contains(value) else {
                return fail(.outOfRange, "must be from \(range.lowerBound) to \(range.upperBound), not \(value)")
            }
            return .integer(value)
        case .number(let range):
            let value: Double
            switch node.value {
            case .integer(let i): value = Double(i)
            case .float(let d): value = d
            default: return wrongType()
            }
            guard range.contains(value) else {
                return fail(.outOfRange, "must be from \(ConfigValueKind.describe(range.lowerBound)) to \(ConfigValueKind.describe(range.upperBound)), not \(value)")
            }
            return .number(value)
        case .boolean:
            guard case .boolean(let value) = node.value else { return wrongType() }
            return .boolean(value)
        case .duration(let range):
            let seconds: Double
            switch node.value {
            case .integer(let i): seconds = Double(i)
            case .float(let d) where d.isFinite: seconds = d
            case .string(let s):
                guard let parsed = QuantityText.seconds(s) else {
                    return fail(.invalidValue, "\"\(s.prefix(40))\" is not a duration: write seconds (30), or a number with a unit (250ms, 30s, 5m, 8h, 1d)")
                }
                seconds = parsed
            default: return wrongType()
            }
            guard range.contains(seconds) else {
                return fail(.outOfRange, "must be from \(QuantityText.describe(seconds: range.lowerBound)) to \(QuantityText.describe(seconds: range.upperBound)), not \(QuantityText.describe(seconds: seconds))")
            }
            return .seconds(seconds)
        case .byteSize(let range):
            let bytes: Int64
            switch node.value {
            case .integer(let i): bytes = i
            case .string(let s):
                guard let parsed = QuantityText.bytes(s) else {
                    return fail(.invalidValue, "\"\(s.prefix(40))\" is not a size: write bytes (65536), or a number with a unit (B, KiB, MiB, GiB, KB, MB, GB)")
                }
                bytes = parsed
            default: return wrongType()
            }
            guard range.contains(bytes) else {
                return fail(.outOfRange, "must be from \(QuantityText.describe(bytes: range.lowerBound)) to \(QuantityText.describe(bytes: range.upperBound)), not \(QuantityText.describe(bytes: bytes))")
            }
            return .bytes(bytes)
        case .hostPort:
            guard let text else { return wrongType() }
            do {
                _ = try HostPort(parsing: text)
            } catch {
                return fail(.invalidValue, "\"\(text.prefix(80))\": \(error.message)")
            }
            return .string(text)
        case .ipPort:
            guard let text else { return wrongType() }
            guard MemberAddress(text) != nil else {
                return fail(.invalidValue, "\"\(text.prefix(80))\" is not IP:PORT (cluster addresses are IP literals, not host names), e.g. 10.0.0.5:7946 or [fd00::5]:7946")
            }
            return .string(text)
        case .url:
            guard let text else { return wrongType() }
            guard let url = URLComponents(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  let host = url.host, !host.isEmpty
            else {
                return fail(.invalidValue, "\"\(text.prefix(80))\" is not an http:// or https:// URL with a host")
            }
            return .string(text)
        case .urlPath:
            guard let text else { return wrongType() }
            guard text.hasPrefix("/"), !text.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) else {
                return fail(.invalidValue, "\"\(text.prefix(80))\" is not a URL path (starts with /, no spaces, no query)")
            }
            return .string(text)
        case .path:
            guard let text else { return wrongType() }
            guard !text.isEmpty, !text.contains("\0") else { return fail(.invalidValue, "a path cannot be empty or contain NUL") }
            return .string(text)
        case .readableFile:
            guard let text else { return wrongType() }
            guard !text.isEmpty, context.environment.isReadableFile(text) else {
                return fail(.unreadableFile, "cannot read the file \(text)")
            }
            return .string(text)
        case .database:
            guard let text else { return wrongType() }
            do {
                _ = try DatabaseLocation(parsing: text)
            } catch {
                return fail(.invalidValue, error.message)
            }
            return .string(text)
        case .distinguishedName:
            guard let text else { return wrongType() }
            do {
                _ = try DistinguishedName(parsing: text)
            } catch {
                return fail(.invalidValue, "\"\(text.prefix(80))\" is not a distinguished name: \(error.message)")
            }
            return .string(text)
        case .secret:
            guard let text else { return wrongType() }
            return .secret(Secret(text))
        case .keyFile(let lengths):
            guard let text, !text.isEmpty else { return wrongType() }
            let content: String
            do {
                content = try context.environment.readFile(text)
            } catch {
                return fail(.unreadableFile, "cannot read \(text): \(error)")
            }
            do {
                return .keyFile(try KeyFile(path: text, text: content, lengths: lengths))
            } catch {
                return fail(.unreadableFile, error.message)
            }
        case .array(let element, let count):
            guard case .array(let nodes) = node.value else { return wrongType() }
            var values: [ConfigValue] = []
            for (index, child) in nodes.enumerated() {
                if let value = convert(child, element, path: "\(path)[\(index)]") { values.append(value) }
            }
            guard values.count == nodes.count else { return nil }
            guard count.contains(nodes.count) else {
                return fail(.outOfRange, "needs \(Self.describeCount(count)) elements, found \(nodes.count)")
            }
            return .array(values)
        case .integerRange(let bounds):
            guard case .array(let nodes) = node.value, nodes.count == 2,
                  case .integer(let low) = nodes[0].value, case .integer(let high) = nodes[1].value
            else { return wrongType() }
            guard bounds.contains(low), bounds.contains(high), low <= high else {
                return fail(.outOfRange, "must be [low, high] with \(bounds.lowerBound) ≤ low ≤ high ≤ \(bounds.upperBound), not [\(low), \(high)]")
            }
            return .array([.integer(low), .integer(high)])
        case .table, .tables:
            preconditionFailure("SchemaChecker: tables are checked by checkTable, not convert")
        }
    }

    /// 1–64 of `A-Z a-z 0-9 . _ -`, starting with a letter or digit.
    static func isName(_ text: String) -> Bool {
        guard (1...64).contains(text.utf8.count), let first = text.unicodeScalars.first,
              first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first)
        else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }
}
