extension FolderPath {
    /// The paths of the folders of a recursive listing (``Folder/subfolders(recursive:)``:
    /// depth-first, PR_DEPTH counting from 1), relative to the listed folder. A folder without
    /// a depth counts as a child of the listed folder.
    public static func paths(of folders: [Folder]) -> [FolderPath] {
        var stack: [String] = []
        return folders.map { folder in
            let depth = max(1, folder.depth ?? 1)
            stack = Array(stack.prefix(depth - 1)) + [folder.name]
            return FolderPath(components: stack)
        }
    }
}
