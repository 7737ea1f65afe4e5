/// Bounds on what the TOML parser accepts, so that a hostile or broken file is refused with a
/// clear error instead of exhausting memory or the stack.
public struct TOMLLimits: Hashable, Sendable {
    /// Most bytes of input. Default 1 MiB.
    public var maximumBytes: Int
    /// Deepest nesting of tables, arrays and inline tables (a top-level key is at depth 1).
    /// Default 32.
    public var maximumDepth: Int
    /// Most keys in the document (values, tables and array-of-tables elements). Default 10,000.
    public var maximumKeys: Int

    /// Limits with the documented defaults, any of them overridden.
    public init(maximumBytes: Int = 1 << 20, maximumDepth: Int = 32, maximumKeys: Int = 10_000) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
        self.maximumKeys = maximumKeys
    }
}
