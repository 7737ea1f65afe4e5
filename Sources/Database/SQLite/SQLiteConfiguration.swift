/// How to open an SQLite database: the embedded default of Tessera.
public struct SQLiteConfiguration: Sendable {
    /// The database file (created if missing), or `:memory:` for tests.
    public var path: String
    /// How long a writer waits for the write lock before reporting `.busy`.
    public var busyTimeoutMilliseconds: Int32
    /// `synchronous` pragma: `NORMAL` (default) keeps every committed transaction across a process
    /// crash in WAL mode and may lose the last ones on power loss; `FULL` survives power loss too.
    public var synchronous: Synchronous
    /// Most prepared statements kept per connection.
    public var statementCacheSize: Int
    /// Most page cache per connection in KiB (`PRAGMA cache_size=-N`); nil: SQLite's default,
    /// 2,000 KiB. Each connection has a cache of its own that fills with whatever it reads and
    /// is never given back, so a pool of N connections holds up to N times this. Pages not
    /// cached are read again from the file (from the kernel's page cache when it has them).
    public var cacheKiB: Int?

    /// The `synchronous` pragma values Tessera allows.
    public enum Synchronous: String, Sendable { case normal = "NORMAL", full = "FULL" }

    public init(
        path: String, busyTimeoutMilliseconds: Int32 = 10_000, synchronous: Synchronous = .normal,
        statementCacheSize: Int = 256, cacheKiB: Int? = nil
    ) {
        precondition(cacheKiB.map { $0 > 0 } ?? true, "an SQLite page cache needs at least 1 KiB")
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.synchronous = synchronous
        self.statementCacheSize = statementCacheSize
        self.cacheKiB = cacheKiB
    }
}
