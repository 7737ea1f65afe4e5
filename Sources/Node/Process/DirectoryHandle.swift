import Config

/// The node's directory: the configured backend and the cache in front of it (opened as every
/// process opens it, `OpenDirectory`).
typealias DirectoryHandle = OpenDirectory
