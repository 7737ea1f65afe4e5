/// Walks a ``FolderPath`` down the hierarchy one level at a time: it says which folder to list
/// (or, with `create`, which folder to make), is told what came back, and ends with the entry id
/// of the folder the path names, or the error.
///
/// ```
/// var resolver = FolderPathResolver(start: subtree, path: path, create: false)
/// var step = resolver.start()
/// while case .list(let folder) = step { step = resolver.children(try await list(folder)) }
/// ```
///
/// Names match as ``FolderNameMatch`` says: exactly, or case-insensitively when only one
/// sibling matches. An ambiguous name is `invalidArgument`; a missing one `notFound` (unless
/// `create`).
public struct FolderPathResolver: Sendable {
    /// What to do next.
    public enum Step: Sendable, Hashable {
        /// List the subfolders of this folder and pass them to ``children(_:)``.
        case list(EntryID)
        /// Create a folder named `name` below `parent` and pass its entry id to ``created(_:)``.
        case create(name: String, parent: EntryID)
        /// The path names this folder.
        case found(EntryID)
        /// The path does not resolve.
        case fail(TesseraClientError)
    }

    private let path: FolderPath
    private let create: Bool
    private var current: EntryID
    /// How many components have been resolved.
    private var depth = 0

    /// A walk of `path` from `start`; with `create`, missing folders are created.
    public init(start: EntryID, path: FolderPath, create: Bool = false) {
        self.path = path
        self.create = create
        self.current = start
    }

    /// The first step.
    public func start() -> Step { next() }

    /// The subfolders of the folder the last ``Step/list(_:)`` named.
    public mutating func children(_ children: [(name: String, entryID: EntryID)]) -> Step {
        let name = path.components[depth]
        switch FolderNameMatch.lookup(name, in: children) {
        case .found(let entryID):
            return descend(to: entryID)
        case .ambiguous(let names):
            return .fail(
                TesseraClientError(
                    .invalidArgument, "folder name \"\(name)\" in \"\(path)\" is ambiguous: \(names.joined(separator: ", "))"))
        case .none where create:
            return .create(name: name, parent: current)
        case .none:
            let parent = FolderPath(components: Array(path.components[..<depth]))
            let place = depth == 0 ? "at the top" : "in \"\(parent)\""
            return .fail(TesseraClientError(.notFound, "no folder \"\(name)\" \(place) (path \"\(path)\")"))
        }
    }

    /// The entry id of the folder the last ``Step/create(name:parent:)`` made.
    public mutating func created(_ entryID: EntryID) -> Step { descend(to: entryID) }

    private mutating func descend(to entryID: EntryID) -> Step {
        current = entryID
        depth += 1
        return next()
    }

    private func next() -> Step {
        depth == path.components.count ? .found(current) : .list(current)
    }
}
