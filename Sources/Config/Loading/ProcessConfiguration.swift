/// Which process a configuration file is for.
public enum ProcessRole: String, Sendable, CaseIterable {
    /// `tessera node`: the file has a `[node]` table.
    case node
    /// `tessera router`: the file has a `[router]` table.
    case router

    /// The role a document is for, from its top-level table (`[node]` or `[router]`); nil
    /// when it has neither or both.
    public init?(of document: TOMLDocument) {
        let found = Self.allCases.filter { document.root[$0.rawValue] != nil }
        guard found.count == 1 else { return nil }
        self = found[0]
    }
}

/// A process's typed configuration: its schema, and how it is built from checked values.
protocol ProcessConfiguration: Sendable {
    /// The role whose file this is.
    static var role: ProcessRole { get }
    /// Every table and key the file may hold.
    static var schema: TableSchema { get }
    /// Builds the configuration; nil only after reporting why.
    init?(_ root: SectionReader)
    /// Short lines for `tessera config check`; no secrets.
    var summary: [String] { get }
}

extension ProcessConfiguration {
    /// Checks `document` with the environment's overrides laid over it and builds the
    /// configuration, or throws every problem found.
    static func decode(_ document: TOMLDocument, environment: ConfigEnvironment) throws(ConfigError) -> Self {
        let context = ConfigContext(environment: environment)
        var document = document
        EnvironmentOverrides(context: context, schema: schema).apply(to: &document)
        SchemaChecker(context: context, root: schema).check(document)
        let configuration = Self(SectionReader(context: context, path: ""))
        guard context.problems.isEmpty, let configuration else {
            precondition(!context.problems.isEmpty, "\(Self.self) refused a configuration without reporting a problem")
            throw ConfigError(problems: context.problems)
        }
        return configuration
    }

    /// Parses and decodes a file's text; a TOML error becomes one `syntax` problem.
    static func decode(text: String, environment: ConfigEnvironment, limits: TOMLLimits = TOMLLimits()) throws(ConfigError) -> Self {
        try decode(parse(text, limits: limits), environment: environment)
    }
}

/// A TOML text, or its error as a problem.
func parse(_ text: String, limits: TOMLLimits = TOMLLimits()) throws(ConfigError) -> TOMLDocument {
    try parse(Array(text.utf8), limits: limits)
}

/// TOML bytes, or their error as a problem.
func parse(_ bytes: [UInt8], limits: TOMLLimits = TOMLLimits()) throws(ConfigError) -> TOMLDocument {
    do {
        return try TOMLDocument(parsing: bytes, limits: limits)
    } catch {
        throw ConfigError(problems: [ConfigProblem(.syntax, path: error.key ?? "", position: error.position, message: error.message)])
    }
}
