import Config

/// A process's directory: the configured backend and the cache in front of it (opened as every
/// process opens it, `OpenDirectory`).
public typealias DirectoryHandle = OpenDirectory
