/// Checks a document against a schema, key by key, and records every problem: unknown keys
/// (with the key meant), wrong types, values out of range or malformed, missing required keys
/// and tables, a secret given both inline and as a file. Checked values go into the
/// ``ConfigContext`` (defaults included) for the section types to read.
struct SchemaChecker {
    let context: ConfigContext
    let root: TableSchema

    func check(_ document: TOMLDocument) {
        checkTable(document.root, position: nil, schema: root, path: "")
    }

    func checkTable(_ table: TOMLTable, position: TOMLPosition?, schema: TableSchema, path: String) {
        let position = context.syntheticTables.contains(path) ? nil : position
        context.tables[path] = position
        for entry in table.entries {
            let keyPath = joinPath(path, entry.key)
            context.keyPositions[keyPath] = entry.keyPosition
            if let spec = schema.spec(entry.key) {
                if case .secret = spec.kind, table[entry.key + KeySpec.fileSuffix] != nil {
                    context.report(.conflict, keyPath, at: entry.keyPosition, "give either \(entry.key) or \(entry.key)\(KeySpec.fileSuffix), not both")
                }
                check(entry.value, spec, path: keyPath, explicit: true)
            } else if let spec = schema.secret(forFileKey: entry.key) {
                if table[spec.name] == nil { readSecretFile(entry.value, into: joinPath(path, spec.name), keyPath: keyPath) }
            } else {
                reportUnknown(entry, schema: schema, path: path)
            }
        }
        for spec in schema.keys where table[spec.name] == nil {
            if case .secret = spec.kind, table[spec.name + KeySpec.fileSuffix] != nil { continue }
            let keyPath = joinPath(path, spec.name)
            switch spec.presence {
            case .required:
                context.report(.missing, keyPath, at: position, Self.missingMessage(spec))
            case .defaulted(let value):
                check(TOMLNode(value, at: position ?? .start), spec, path: keyPath, explicit: false)
            case .optional, .computed:
                break
            }
        }
    }

    func check(_ node: TOMLNode, _ spec: KeySpec, path: String, explicit: Bool) {
        switch spec.kind {
        case .table(let schema):
            guard case .table(let table) = node.value else {
                return context.report(.wrongType, path, at: node.position, "expected a table ([\(path)]), found \(Self.describe(node.value))")
            }
            checkTable(table, position: explicit ? node.position : nil, schema: schema, path: path)
        case .tables(let schema, let count):
            guard case .array(let elements) = node.value, elements.allSatisfy({ if case .table = $0.value { true } else { false } }) else {
                return context.report(.wrongType, path, at: node.position, "expected [[\(path)]] tables, found \(Self.describe(node.value))")
            }
            if !count.contains(elements.count) {
                context.report(.outOfRange, path, at: node.position, "needs \(Self.describeCount(count)) [[\(path)]] tables, found \(elements.count)")
            }
            context.arrayCounts[path] = elements.count
            for (index, element) in elements.enumerated() {
                guard case .table(let table) = element.value else { continue }
                checkTable(table, position: element.position, schema: schema, path: "\(path)[\(index)]")
            }
        default:
            if let value = convert(node, spec.kind, path: path) {
                context.values[path] = ConfigContext.Entry(value: value, position: explicit ? node.position : nil, explicit: explicit)
            }
        }
    }

    /// `KEY_file = PATH`: the secret is the file's content without its final newline.
    private func readSecretFile(_ node: TOMLNode, into path: String, keyPath: String) {
        guard case .string(let file) = node.value, !file.isEmpty else {
            return context.report(.wrongType, keyPath, at: node.position, "expected the path of a file holding the secret, found \(Self.describe(node.value))")
        }
        let text: String
        do {
            text = try context.environment.readFile(file)
        } catch {
            return context.report(.unreadableFile, keyPath, at: node.position, "cannot read \(file): \(error)")
        }
        var secret = Substring(text)
        if secret.last?.isNewline == true { secret = secret.dropLast() }  // "\r\n" is one Character
        guard !secret.isEmpty else { return context.report(.unreadableFile, keyPath, at: node.position, "\(file) is empty") }
        context.values[path] = ConfigContext.Entry(value: .secret(Secret(String(secret))), position: node.position, explicit: true)
    }

    private func reportUnknown(_ entry: TOMLEntry, schema: TableSchema, path: String) {
        let keyPath = joinPath(path, entry.key)
        var message = "unknown key" + KeySuggestion.hint(for: entry.key, among: schema.acceptedNames)
        if KeySuggestion.closest(to: entry.key, among: schema.acceptedNames) == nil, let home = Self.home(of: entry.key, in: root, path: "") {
            message += "; \(entry.key) is a key of [\(home)]"
        }
        if path.isEmpty && message == "unknown key" {
            message = "unknown table or key (known: \(schema.keys.map(\.name).joined(separator: ", ")))"
        }
        context.report(.unknownKey, keyPath, at: entry.keyPosition, message)
    }

    /// The first table of the schema (depth first) that has a key called `name`.
    static func home(of name: String, in schema: TableSchema, path: String) -> String? {
        if !path.isEmpty, schema.spec(name) != nil { return path }
        for spec in schema.keys {
            switch spec.kind {
            case .table(let child), .tables(let child, _):
                if let found = home(of: name, in: child, path: joinPath(path, spec.name)) { return found }
            default:
                continue
            }
        }
        return nil
    }

    static func missingMessage(_ spec: KeySpec) -> String {
        switch spec.kind {
        case .table: "missing required table [\(spec.name)]"
        case .tables(_, let count) where count.lowerBound == 1: "missing: at least one [[\(spec.name)]] table is required"
        case .tables(_, let count): "missing: at least \(count.lowerBound) [[\(spec.name)]] tables are required"
        case .secret: "missing required key (give \(spec.name) or \(spec.name)\(KeySpec.fileSuffix))"
        default: "missing required key"
        }
    }

    static func describeCount(_ count: ClosedRange<Int>) -> String {
        count.upperBound == .max ? "at least \(count.lowerBound)" : count.lowerBound == count.upperBound
            ? "exactly \(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
    }

    /// `a string`, `an integer`, … for "found …" (never the value: it may be a secret).
    static func describe(_ value: TOMLValue) -> String {
        switch value {
        case .integer, .array: "an \(value.typeName)"
        default: "a \(value.typeName)"
        }
    }
}
