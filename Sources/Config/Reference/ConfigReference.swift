/// The key reference of `docs/configuration.md`, generated from the schemas so that it lists
/// every key with its type, default and meaning, and never drifts from the code (a test
/// compares it with the document).
public enum ConfigReference {
    /// One section per table, node tables first, then the router's own; tables both
    /// processes have are listed once and say so.
    public static func markdown() -> String {
        let processes: [(ProcessRole, TableSchema)] = [(.node, NodeConfiguration.schema), (.router, RouterConfiguration.schema)]
        var out: [String] = []
        var done = Set<String>()
        for (_, schema) in processes {
            for spec in schema.keys where !done.contains(spec.name) {
                done.insert(spec.name)
                let users = processes.compactMap { role, schema in schema.spec(spec.name).map { (role, $0) } }
                section(spec, path: spec.name, usedBy: users, into: &out)
            }
        }
        return out.joined(separator: "\n")
    }

    private static func section(_ spec: KeySpec, path: String, usedBy: [(ProcessRole, KeySpec)]?, into out: inout [String]) {
        let schema: TableSchema
        let heading: String
        switch spec.kind {
        case .table(let s): schema = s; heading = "[\(path)]"
        case .tables(let s, _): schema = s; heading = "[[\(path)]]"
        default: return
        }
        var title = "### `\(heading)`"
        var presence = presenceSentence(spec)
        if let usedBy {
            title += " (\(usedBy.map(\.0.rawValue).joined(separator: ", ")))"
            let sentences = usedBy.map { presenceSentence($0.1) }
            if Set(sentences).count > 1 {
                presence = zip(usedBy, sentences).map { "\($0.0.0.rawValue): \($0.1.dropLast().lowercased())" }.joined(separator: "; ") + "."
            }
        }
        out.append(title)
        out.append("")
        out.append(schema.summary + " " + presence)
        out.append("")
        if let keyListSummary = schema.keyListSummary {
            out.append(keyListSummary)
            out.append("")
            return
        }
        out.append("| key | type | default | meaning |")
        out.append("|---|---|---|---|")
        var children: [KeySpec] = []
        for key in schema.keys {
            switch key.kind {
            case .table, .tables:
                children.append(key)
                out.append("| `\(key.name)` | \(key.kind.documentation) | \(defaultText(key)) | \(key.summary) See `[\(path).\(key.name)]`. |")
            case .secret:
                out.append("| `\(key.name)` | secret | \(defaultText(key)) | \(key.summary) Or `\(key.name)\(KeySpec.fileSuffix)`: a file holding it. |")
            default:
                out.append("| `\(key.name)` | \(key.kind.documentation) | \(defaultText(key)) | \(key.summary) |")
            }
        }
        out.append("")
        for child in children { section(child, path: "\(path).\(child.name)", usedBy: nil, into: &out) }
    }

    private static func presenceSentence(_ spec: KeySpec) -> String {
        switch spec.presence {
        case .required: "Required."
        case .optional: "Optional."
        case .computed(let text): "Optional; \(text)."
        case .defaulted: "Optional; every key has a default."
        }
    }

    private static func defaultText(_ spec: KeySpec) -> String {
        switch spec.presence {
        case .required: "required"
        case .optional: "unset"
        case .computed(let text): text
        case .defaulted(.table): "defaults"
        case .defaulted(let value): "`\(literal(value))`"
        }
    }

    /// A value as TOML writes it.
    static func literal(_ value: TOMLValue) -> String {
        switch value {
        case .string(let s): "\"\(s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
        case .integer(let i): String(i)
        case .float(let d): String(d)
        case .boolean(let b): String(b)
        case .dateTime(let t): t.text
        case .array(let elements): "[" + elements.map { literal($0.value) }.joined(separator: ", ") + "]"
        case .table: "{}"
        }
    }
}
