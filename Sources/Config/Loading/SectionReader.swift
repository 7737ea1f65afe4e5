import Cluster
import Database

/// What a section type reads its checked values through: typed accessors by key name, the
/// sub-tables and array elements that are there, and ``report(_:_:_:)`` for problems that
/// concern several keys (conflicts, keys required by another key's value).
///
/// Accessors return nil for a key that is unset, or whose value was refused (the problem is
/// already recorded); a section that cannot be built without it returns nil in turn.
struct SectionReader {
    let context: ConfigContext
    /// This table's path (`""` at the top, `server[0]`, `directory.ldap`).
    let path: String

    func key(_ name: String) -> String { joinPath(path, name) }

    private func value(_ name: String) -> ConfigValue? { context.values[key(name)]?.value }

    func string(_ name: String) -> String? {
        if case .string(let s)? = value(name) { return s }
        return nil
    }

    func int(_ name: String) -> Int? {
        if case .integer(let i)? = value(name) { return Int(i) }
        return nil
    }

    func number(_ name: String) -> Double? {
        if case .number(let d)? = value(name) { return d }
        return nil
    }

    func bool(_ name: String) -> Bool? {
        if case .boolean(let b)? = value(name) { return b }
        return nil
    }

    func seconds(_ name: String) -> Double? {
        if case .seconds(let s)? = value(name) { return s }
        return nil
    }

    func duration(_ name: String) -> Duration? {
        seconds(name).map { .milliseconds(Int64(($0 * 1_000).rounded())) }
    }

    func bytes(_ name: String) -> Int? {
        if case .bytes(let b)? = value(name) { return Int(b) }
        return nil
    }

    func secret(_ name: String) -> Secret<String>? {
        if case .secret(let s)? = value(name) { return s }
        return nil
    }

    func keyFile(_ name: String) -> KeyFile? {
        if case .keyFile(let k)? = value(name) { return k }
        return nil
    }

    func strings(_ name: String) -> [String]? {
        guard case .array(let values)? = value(name) else { return nil }
        return values.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }

    func integers(_ name: String) -> [Int]? {
        guard case .array(let values)? = value(name) else { return nil }
        return values.compactMap { if case .integer(let i) = $0 { Int(i) } else { nil } }
    }

    func range(_ name: String) -> ClosedRange<Int>? {
        guard let bounds = integers(name), bounds.count == 2 else { return nil }
        return bounds[0]...bounds[1]
    }

    func hostPort(_ name: String) -> HostPort? {
        string(name).flatMap { try? HostPort(parsing: $0) }
    }

    func memberAddress(_ name: String) -> MemberAddress? {
        string(name).flatMap(MemberAddress.init)
    }

    func database(_ name: String) -> DatabaseLocation? {
        string(name).flatMap { try? DatabaseLocation(parsing: $0) }
    }

    /// Whether the file or the environment gave the key (a secret also as `KEY_file`), even
    /// if its value was refused.
    func isSet(_ name: String) -> Bool {
        [key(name), key(name) + KeySpec.fileSuffix].contains { path in
            context.values[path]?.explicit == true || context.keyPositions[path] != nil || context.overrides[path] != nil
        }
    }

    /// The sub-table, if it is there (written, or implied by defaults).
    func section(_ name: String) -> SectionReader? {
        context.tables[key(name)] == nil ? nil : SectionReader(context: context, path: key(name))
    }

    /// The elements of an array of tables.
    func elements(_ name: String) -> [SectionReader] {
        (0..<(context.arrayCounts[key(name)] ?? 0)).map { SectionReader(context: context, path: "\(key(name))[\($0)]") }
    }

    /// Records a problem about key `name` (nil: the table itself), shown at its value, its
    /// key or its table.
    func report(_ kind: ConfigProblem.Kind, _ name: String?, _ message: String) {
        guard let name else { return context.report(kind, path, at: context.tables[path] ?? nil, message) }
        context.report(kind, key(name), at: context.position(of: key(name), table: path), message)
    }
}
