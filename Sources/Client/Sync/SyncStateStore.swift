import Foundation

/// Sync states kept in one small JSON file, one per key (a folder's entry id in hex, say),
/// each replaced atomically (``AtomicFile``): a crash while saving leaves the previous states.
///
/// ```swift
/// let states = SyncStateStore(path: "inbox.sync")
/// let result = try await inbox.sync(state: try await states.state(for: inbox.entryID.hex))
/// for change in result.changes { … }
/// try await states.save(result.state, for: inbox.entryID.hex)
/// ```
///
/// The file is `{"format":1,"states":{"KEY":"BASE64",…}}`. A file that is not that is an
/// error (``TesseraClientError/Code/localStorage``), never silently emptied: losing a state
/// means a full resync, which the caller should decide on. One process uses a file at a time.
public actor SyncStateStore {
    /// The file.
    public nonisolated let path: String

    /// The states kept in the file at `path` (created by the first save).
    public init(path: String) { self.path = path }

    /// The state kept under `key`, or nil.
    public func state(for key: String) throws(TesseraClientError) -> SyncState? {
        try all()[key]
    }

    /// Every state in the file.
    public func all() throws(TesseraClientError) -> [String: SyncState] {
        guard let bytes = try AtomicFile.contents(of: path) else { return [:] }
        return try Self.decode(bytes, path: path)
    }

    /// Keeps `state` under `key` (replacing the file atomically).
    public func save(_ state: SyncState, for key: String) throws(TesseraClientError) {
        var states = try all()
        states[key] = state
        try AtomicFile.replace(path, with: Self.encode(states))
    }

    /// Forgets the state under `key` (the next sync of it starts from scratch).
    public func remove(key: String) throws(TesseraClientError) {
        var states = try all()
        guard states.removeValue(forKey: key) != nil else { return }
        try AtomicFile.replace(path, with: Self.encode(states))
    }

    /// The file's format.
    struct File: Codable {
        var format: Int
        var states: [String: String]
    }

    static func encode(_ states: [String: SyncState]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let file = File(format: 1, states: states.mapValues(\.base64))
        // Encoding a struct of strings cannot fail.
        return Array((try? encoder.encode(file)) ?? Data()) + [0x0A]
    }

    static func decode(_ bytes: [UInt8], path: String) throws(TesseraClientError) -> [String: SyncState] {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch {
            throw TesseraClientError(.localStorage, "\(path) is not a sync state file: \(error)")
        }
        guard file.format == 1 else {
            throw TesseraClientError(.localStorage, "\(path) has sync state format \(file.format); this client reads format 1")
        }
        var states: [String: SyncState] = [:]
        for (key, text) in file.states {
            guard let state = SyncState(base64: text) else {
                throw TesseraClientError(.localStorage, "\(path): the state of \(key) is not base64")
            }
            states[key] = state
        }
        return states
    }
}
