/// The keys a table may hold. Schemas are plain values declared beside the section types
/// that read them (`NodeSection.schema`, …); one schema tree per process drives checking,
/// environment overrides, "did you mean" suggestions and the reference tables in
/// `docs/configuration.md`.
public struct TableSchema: Sendable {
    /// One sentence on what the table configures.
    public var summary: String
    /// The keys, in the order the reference lists them.
    public var keys: [KeySpec]
    /// When set, the reference describes the keys with this sentence instead of listing them
    /// (for long generated key sets such as the LDAP attribute map).
    public var keyListSummary: String?

    /// A schema.
    public init(_ summary: String, keys: [KeySpec], keyListSummary: String? = nil) {
        self.summary = summary
        self.keys = keys
        self.keyListSummary = keyListSummary
    }

    /// The spec of `name`, if the table has such a key.
    public func spec(_ name: String) -> KeySpec? {
        keys.first { $0.name == name }
    }

    /// The secret whose file variant is `name` (`bind_password` for `bind_password_file`).
    func secret(forFileKey name: String) -> KeySpec? {
        guard name.hasSuffix(KeySpec.fileSuffix) else { return nil }
        guard let spec = spec(String(name.dropLast(KeySpec.fileSuffix.count))), case .secret = spec.kind else { return nil }
        return spec
    }

    /// Every name a key may be written as: the keys and the `_file` variants of secrets.
    var acceptedNames: [String] {
        keys.flatMap { spec -> [String] in
            if case .secret = spec.kind { return [spec.name, spec.name + KeySpec.fileSuffix] }
            return [spec.name]
        }
    }
}

/// One key of a table.
public struct KeySpec: Sendable {
    /// The suffix of a secret's file variant: `bind_password_file` for `bind_password`.
    public static let fileSuffix = "_file"

    /// The key as written (snake_case, except the LDAP attribute map's own names).
    public var name: String
    /// What it holds.
    public var kind: ConfigValueKind
    /// Whether it must be given, and what it is when it is not.
    public var presence: KeyPresence
    /// What it means, for the reference.
    public var summary: String

    /// A key.
    public init(_ name: String, _ kind: ConfigValueKind, _ presence: KeyPresence, _ summary: String) {
        self.name = name
        self.kind = kind
        self.presence = presence
        self.summary = summary
    }
}

/// Whether a key must be given, and what it is when it is not.
public enum KeyPresence: Sendable {
    /// Must be given (a missing required key is a problem; inside an optional table only
    /// when the table is there).
    case required
    /// May be left out; then it is unset.
    case optional
    /// May be left out; then it has this value (checked like a written one).
    case defaulted(TOMLValue)
    /// May be left out; then the section works it out as this text says (for the reference).
    case computed(String)
}
