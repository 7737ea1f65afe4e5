/// The answer to a listing: the objects, and where to continue from next time.
public struct DirectoryListing<Element: Sendable>: Sendable {
    /// The objects (all of them, or only those changed since the cursor that was passed).
    public var items: [Element]
    /// Hand this to the next listing to get only what changed; nil when the backend has no
    /// change tracking (then every listing is complete).
    public var cursor: ChangeCursor?

    /// A listing.
    public init(items: [Element], cursor: ChangeCursor?) {
        self.items = items
        self.cursor = cursor
    }
}

extension DirectoryListing: Equatable where Element: Equatable {}
