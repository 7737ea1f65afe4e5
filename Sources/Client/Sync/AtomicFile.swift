#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small files replaced atomically: readers, and a crash at any moment, see either the old
/// content or the new, never a mix or a truncated file.
///
/// ``replace(_:with:)`` is ``writeTemporary(_:for:)`` (the new content in `.NAME.tmp-PID` beside
/// the file, flushed with `fsync`) followed by ``commit(_:to:)`` (`rename` over the file, which
/// POSIX makes atomic, then `fsync` of the folder so the rename itself survives a power cut).
/// A crash before the rename leaves the old file untouched and a stray temporary file, which
/// the next write of the same process replaces. One process writes a given file at a time.
///
/// The C library is imported in this file only.
enum AtomicFile {
    /// The content of `path`; nil when it does not exist.
    static func contents(of path: String) throws(TesseraClientError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure("open", path)
        }
        defer { close(fd) }
        var content: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if count == 0 { return content }
            content += buffer[..<count]
        }
    }

    /// Replaces the content of `path` with `bytes`, atomically and durably.
    static func replace(_ path: String, with bytes: [UInt8]) throws(TesseraClientError) {
        try commit(try writeTemporary(bytes, for: path), to: path)
    }

    /// The temporary file of this process for `path`.
    static func temporaryPath(for path: String) -> String {
        let (folder, name) = split(path)
        return folder + "/." + name + ".tmp-" + String(getpid())
    }

    /// Writes `bytes` to the temporary file for `path` and flushes it; returns its path.
    static func writeTemporary(_ bytes: [UInt8], for path: String) throws(TesseraClientError) -> String {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create", temporary) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write", temporary)
            }
            offset += written
        }
        guard fsync(fd) == 0 else { throw failure("fsync", temporary) }
        return temporary
    }

    /// Renames `temporary` over `path` and flushes the folder.
    static func commit(_ temporary: String, to path: String) throws(TesseraClientError) {
        guard rename(temporary, path) == 0 else { throw failure("rename", path) }
        let folder = open(split(path).folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw failure("open folder of", path) }
        defer { close(folder) }
        guard fsync(folder) == 0 else { throw failure("fsync folder of", path) }
    }

    /// Folder (`.` when none) and file name.
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func failure(_ operation: String, _ path: String) -> TesseraClientError {
        TesseraClientError(.localStorage, "\(operation) \(path): \(String(cString: strerror(errno)))")
    }
}
