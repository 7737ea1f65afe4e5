/// What a configuration is loaded with besides its text: the environment variables (for
/// `TESSERA_…` overrides) and access to the files it names (secrets, key files, CA files).
/// The library never reads either by itself (STYLE 5): the executable passes the process's,
/// tests pass their own.
public struct ConfigEnvironment: Sendable {
    /// Environment variables; only those starting with `TESSERA_` and containing `__` are
    /// read.
    public var variables: [String: String]
    /// Reads a file's text (secret and key files).
    public var readFile: @Sendable (String) throws -> String
    /// Whether a path names a readable file (CA and certificate files).
    public var isReadableFile: @Sendable (String) -> Bool

    /// An environment.
    public init(
        variables: [String: String] = [:],
        readFile: @escaping @Sendable (String) throws -> String,
        isReadableFile: @escaping @Sendable (String) -> Bool
    ) {
        self.variables = variables
        self.readFile = readFile
        self.isReadableFile = isReadableFile
    }
}
