extension DatabasePool {
    /// A pool of up to `maximumConnections` MariaDB connections opened with `config`.
    ///
    /// Connections open lazily on first use; one that lost its server is dropped on check-in and
    /// the next caller gets a fresh one.
    public static func mariadb(_ config: MariaDBConfiguration, maximumConnections: Int) -> DatabasePool {
        DatabasePool(dialect: .mariadb, maximumConnections: maximumConnections) {
            try MariaDBConnection.open(config)
        }
    }
}
