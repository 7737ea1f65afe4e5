/// A group of users (and of other groups). Members are read with
/// ``UserDirectory/memberIDs(ofGroup:)``, which resolves nesting.
public struct DirectoryGroup: Hashable, Sendable, Identifiable {
    /// Stable across renames.
    public var id: DirectoryID
    /// The group's name.
    public var name: String
    /// The group's e-mail address, if it is also a distribution list.
    public var address: String?
    /// The company (tenant) the group belongs to, if any.
    public var company: DirectoryID?
    /// The backend's change marker, if it has one.
    public var changeMarker: String?

    /// A group.
    public init(id: DirectoryID, name: String, address: String? = nil, company: DirectoryID? = nil, changeMarker: String? = nil) {
        self.id = id
        self.name = name
        self.address = address
        self.company = company
        self.changeMarker = changeMarker
    }
}
