/// `TESSERA_…` environment variables laid over the document before it is checked.
///
/// The rule: `TESSERA_` + the key's path with each part upper-cased and the parts joined by
/// two underscores; an element of an array of tables is its number from 0. So `node.listen`
/// is `TESSERA_NODE__LISTEN`, `directory.ldap.bind_password_file` is
/// `TESSERA_DIRECTORY__LDAP__BIND_PASSWORD_FILE`, `server[1].database` is
/// `TESSERA_SERVER__1__DATABASE`. Parts match keys case-insensitively (the LDAP attribute
/// map's camelCase keys too). The value is read as a TOML value (`8080`, `true`, `"text"`,
/// `["a", "b"]`); where the key holds a string it may be given bare (`0.0.0.0:236`), and
/// where it holds an array of strings, as a bare comma-separated list. Setting a secret or
/// its `_file` variant removes the other from the file. Variables without `__` are not
/// overrides and are left alone, but one that looks like a misspelt override
/// (`TESSERA_NODE_LISTEN`) is reported.
struct EnvironmentOverrides {
    static let prefix = "TESSERA_"
    static let separator = "__"

    let context: ConfigContext
    let schema: TableSchema

    private enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    private struct Target {
        var steps: [Step]
        var path: String
        /// The kind of the value the variable gives (a path for a secret's `_file`).
        var kind: ConfigValueKind
        /// The key that setting this one removes (a secret's other form).
        var sibling: String?
        /// The secret's own path, for a `_file` variant.
        var secretPath: String?
    }

    func apply(to document: inout TOMLDocument) {
        for variable in context.environment.variables.keys.sorted() where variable.hasPrefix(Self.prefix) {
            let rest = String(variable.dropFirst(Self.prefix.count))
            guard rest.contains(Self.separator) else {
                reportNearMiss(variable, rest)
                continue
            }
            guard let target = resolve(variable, rest.components(separatedBy: Self.separator)),
                  let node = parse(variable, context.environment.variables[variable] ?? "", target)
            else { continue }
            do {
                try set(node, at: target.steps[...], in: &document.root, path: "", sibling: target.sibling)
            } catch {
                context.report(.invalidValue, target.path, at: nil, variable: variable, error.message)
                continue
            }
            context.overrides[target.path] = variable
            if let secretPath = target.secretPath { context.overrides[secretPath] = variable }
        }
    }

    /// The key a variable names, walking the schema part by part.
    private func resolve(_ variable: String, _ parts: [String]) -> Target? {
        var table = schema
        var steps: [Step] = []
        var path = ""
        var elementSchema: TableSchema?
        for (number, part) in parts.enumerated() {
            let isLast = number == parts.count - 1
            if let tables = elementSchema {
                guard let index = Int(part), index >= 0 else {
                    context.report(.unknownKey, path, at: nil, variable: variable,
                                   "\(path) is an array of tables: the next part is an element number, e.g. \(Self.prefix)\(parts[0])\(Self.separator)0\(Self.separator)…")
                    return nil
                }
                steps.append(.index(index))
                path += "[\(index)]"
                table = tables
                elementSchema = nil
                if isLast {
                    context.report(.unknownKey, path, at: nil, variable: variable, "name a key of \(path), not the whole element")
                    return nil
                }
                continue
            }
            let lower = part.lowercased()
            let candidates = table.acceptedNames
            guard let name = candidates.first(where: { $0.lowercased() == lower }) else {
                let hint = KeySuggestion.closest(to: lower, among: candidates).map { "; did you mean \(joinPath(path, $0))?" } ?? ""
                context.report(.unknownKey, joinPath(path, lower), at: nil, variable: variable, "no such key" + hint)
                return nil
            }
            steps.append(.key(name))
            let keyPath = joinPath(path, name)
            if let secret = table.secret(forFileKey: name), isLast {
                return Target(steps: steps, path: keyPath, kind: .path, sibling: secret.name, secretPath: joinPath(path, secret.name))
            }
            guard let spec = table.spec(name) else {
                path = keyPath
                break
            }
            if isLast {
                let sibling: String? = if case .secret = spec.kind { name + KeySpec.fileSuffix } else { nil }
                return Target(steps: steps, path: keyPath, kind: spec.kind, sibling: sibling)
            }
            path = keyPath
            switch spec.kind {
            case .table(let child): table = child
            case .tables(let child, _): elementSchema = child
            default:
                context.report(.unknownKey, path, at: nil, variable: variable, "\(path) is not a table; no key lies below it")
                return nil
            }
        }
        context.report(.unknownKey, path, at: nil, variable: variable, "\(path) is not a table; no key lies below it")
        return nil
    }

    /// The variable's text as a value of the target's kind.
    private func parse(_ variable: String, _ text: String, _ target: Target) -> TOMLNode? {
        let quoted = text.hasPrefix("\"") || text.hasPrefix("'")
        if target.kind.takesBareString && !quoted { return TOMLNode(.string(text)) }
        if case .array(let element, _) = target.kind, element.takesBareString,
           !text.trimmingCharacters(in: .whitespaces).hasPrefix("[") {
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return TOMLNode(.array(items.map { TOMLNode(.string($0)) }))
        }
        do {
            return try TOMLDocument.parseValue(text)
        } catch {
            context.report(.syntax, target.path, at: nil, variable: variable, "not a TOML value (\(error.message))")
            return nil
        }
    }

    private struct Failure: Error {
        var message: String
    }

    /// Sets the value at the steps, creating tables on the way; array elements must exist.
    private func set(_ node: TOMLNode, at steps: ArraySlice<Step>, in table: inout TOMLTable, path: String, sibling: String?) throws(Failure) {
        guard case .key(let key)? = steps.first else { preconditionFailure("EnvironmentOverrides: a path starts with a key") }
        let keyPath = joinPath(path, key)
        let rest = steps.dropFirst()
        guard let next = rest.first else {
            table.set(key, to: node)
            if let sibling { table.remove(sibling) }
            return
        }
        let existing = table[key]?.value
        switch next {
        case .index(let index):
            guard case .array(var elements)? = existing?.value, index < elements.count,
                  case .table(var element) = elements[index].value
            else {
                throw Failure(message: "\(keyPath)[\(index)] is not in the file: environment variables change the elements of [[\(keyPath)]], they do not add any")
            }
            let elementPath = "\(keyPath)[\(index)]"
            try set(node, at: rest.dropFirst(), in: &element, path: elementPath, sibling: sibling)
            elements[index].value = .table(element)
            table.set(key, to: TOMLNode(.array(elements), at: existing!.position))
        case .key:
            var child: TOMLTable
            switch existing?.value {
            case .table(let t)?: child = t
            case nil:
                child = TOMLTable()
                context.syntheticTables.insert(keyPath)
            default:
                throw Failure(message: "\(keyPath) is not a table in the file")
            }
            try set(node, at: rest, in: &child, path: keyPath, sibling: sibling)
            table.set(key, to: TOMLNode(.table(child), at: existing?.position ?? .start))
        }
    }

    /// `TESSERA_NODE_LISTEN`: one underscore where two belong.
    private func reportNearMiss(_ variable: String, _ rest: String) {
        let lower = rest.lowercased()
        guard let section = schema.keys.first(where: { lower.hasPrefix($0.name + "_") }) else { return }
        let meant = Self.prefix + section.name.uppercased() + Self.separator + rest.dropFirst(section.name.count + 1)
        context.report(.unknownKey, section.name, at: nil, variable: variable,
                       "not read: parts of the key path are separated by two underscores (\(meant))")
    }
}
