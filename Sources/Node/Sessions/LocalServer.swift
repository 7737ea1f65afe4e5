/// A server whose database this node has open: its store engine and its revocations.
public struct LocalServer: Sendable {
    /// The server's name (the engine's `serverName`).
    public let name: String
    /// Its stores.
    public let engine: StoreEngine
    /// Its revoked sessions.
    public let revocations: ServerRevocations

    /// The server `engine` serves, with `revocations` over the same database.
    public init(engine: StoreEngine, revocations: ServerRevocations) {
        self.name = engine.configuration.serverName
        self.engine = engine
        self.revocations = revocations
    }
}
