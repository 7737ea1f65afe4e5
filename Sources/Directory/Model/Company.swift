/// A company (tenant) in a hosted deployment (Kopano's `CONTAINER_COMPANY`).
public struct Company: Hashable, Sendable, Identifiable {
    /// Stable across renames.
    public var id: DirectoryID
    /// The company's name.
    public var name: String
    /// The server that holds the company's public store, if named.
    public var homeServer: String?

    /// A company.
    public init(id: DirectoryID, name: String, homeServer: String? = nil) {
        self.id = id
        self.name = name
        self.homeServer = homeServer
    }
}
