#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The POSIX calls the blob store's durability rests on, with `EINTR` retried, short reads and
/// writes completed, and failures turned into ``BlobStoreError/io(_:errno:)``.
///
/// The C library is imported in this file only; every `operation` string is a short,
/// path-free description for the error message.
enum SystemCall {
    /// `ENOENT`: no such file or directory.
    static let noSuchFile = ENOENT
    /// `EEXIST`: the name exists already.
    static let fileExists = EEXIST

    /// Creates a new file for writing, mode 0600; fails with `EEXIST` if the name is taken.
    static func createExclusive(_ path: String, _ operation: String) throws -> Int32 {
        try open(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600, operation)
    }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String, _ operation: String) throws -> Int32 {
        try open(path, O_RDONLY, operation)
    }

    /// `open(2)` with `O_CLOEXEC`; returns the descriptor.
    private static func open(
        _ path: String, _ flags: Int32, mode: mode_t = 0o600, _ operation: String
    ) throws -> Int32 {
        while true {
            let fd = path.withCString { systemOpen($0, flags | O_CLOEXEC, mode) }
            if fd >= 0 { return fd }
            if errno != EINTR { throw BlobStoreError.io(operation, errno: errno) }
        }
    }

    /// Writes all of `bytes`, continuing after short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ operation: String) throws {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = systemWrite(fd, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw BlobStoreError.io(operation, errno: errno)
            }
            if written == 0 { throw BlobStoreError.io(operation, errno: EIO) }
            next += written
            remaining -= written
        }
    }

    /// Reads from `offset` until `buffer` is full or the file ends (`pread`, which leaves the
    /// descriptor's position alone); returns the number of bytes read.
    static func readFully(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, _ operation: String
    ) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let got = systemPread(fd, base + filled, buffer.count - filled, off_t(offset) + off_t(filled))
            if got < 0 {
                if errno == EINTR { continue }
                throw BlobStoreError.io(operation, errno: errno)
            }
            if got == 0 { break }
            filled += got
        }
        return filled
    }

    /// Flushes a file's data and metadata to stable storage (`F_FULLFSYNC` on Darwin, where
    /// plain `fsync` stops at the drive cache).
    ///
    /// A failed `fsync` is never retried: the kernel may have dropped the dirty pages, so a
    /// second call could succeed without the data being on disk.
    static func sync(_ fd: Int32, _ operation: String) throws {
        while true {
            #if canImport(Darwin)
                if fcntl(fd, F_FULLFSYNC) == 0 { return }
                if errno == ENOTTY || errno == EINVAL {
                    if fsync(fd) == 0 { return }
                }
            #else
                if fsync(fd) == 0 { return }
            #endif
            if errno != EINTR { throw BlobStoreError.io(operation, errno: errno) }
        }
    }

    /// Makes the entries of a directory durable (new, renamed and removed names in it).
    ///
    /// `EINVAL` from `fsync` means the file system cannot sync directories; that is accepted.
    static func syncDirectory(_ path: String, _ operation: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY, operation)
        defer { close(fd) }
        do {
            try sync(fd, operation)
        } catch let error as BlobStoreError where error.errno == EINVAL {
            return
        }
    }

    /// Closes a descriptor that was written to. On Linux `close` must not be retried after
    /// `EINTR` (the descriptor is gone either way), so `EINTR` counts as closed.
    static func closeAfterWriting(_ fd: Int32, _ operation: String) throws {
        if systemClose(fd) != 0 && errno != EINTR {
            throw BlobStoreError.io(operation, errno: errno)
        }
    }

    /// Closes a descriptor whose outcome no longer matters (readers, cleanup paths).
    static func close(_ fd: Int32) {
        _ = systemClose(fd)
    }

    /// Creates one directory with mode 0700; returns `false` if it existed already.
    static func makeDirectory(_ path: String, _ operation: String) throws -> Bool {
        if path.withCString({ mkdir($0, 0o700) }) == 0 { return true }
        let failure = errno
        if failure == EEXIST, isDirectory(path) { return false }
        throw BlobStoreError.io(operation, errno: failure == EEXIST ? ENOTDIR : failure)
    }

    /// Renames atomically, replacing `target` if it exists.
    static func rename(_ source: String, _ target: String, _ operation: String) throws {
        let result = source.withCString { from in
            target.withCString { to in systemRename(from, to) }
        }
        if result != 0 { throw BlobStoreError.io(operation, errno: errno) }
    }

    /// Removes a name; returns `false` if it did not exist.
    @discardableResult
    static func unlink(_ path: String, _ operation: String) throws -> Bool {
        if path.withCString({ systemUnlink($0) }) == 0 { return true }
        if errno == ENOENT { return false }
        throw BlobStoreError.io(operation, errno: errno)
    }

    /// What `lstat` says about a name: its kind, size and modification time.
    struct Status {
        /// A regular file (not a directory, link or device).
        var isRegularFile: Bool
        /// A directory.
        var isDirectory: Bool
        /// The size in bytes.
        var size: Int64
        /// Modification time, seconds since 1970.
        var modified: Double
    }

    /// `lstat(2)`; `nil` if the name does not exist.
    static func status(_ path: String, _ operation: String) throws -> Status? {
        var info = stat()
        if path.withCString({ lstat($0, &info) }) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw BlobStoreError.io(operation, errno: errno)
        }
        return Status(info)
    }

    /// `fstat(2)` of an open descriptor.
    static func status(_ fd: Int32, _ operation: String) throws -> Status {
        var info = stat()
        if fstat(fd, &info) != 0 { throw BlobStoreError.io(operation, errno: errno) }
        return Status(info)
    }

    /// Whether `path` names a directory (following links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return path.withCString({ stat($0, &info) }) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// One entry of a directory listing.
    struct Entry {
        /// The file name (no path).
        var name: String
        /// `true`/`false` when the directory entry says so, `nil` when the file system did
        /// not tell (`DT_UNKNOWN`) and the caller must `lstat`.
        var isDirectory: Bool?
        /// Same for regular files.
        var isRegularFile: Bool?
    }

    /// The entries of a directory except `.` and `..`, in no particular order; `nil` if the
    /// directory does not exist.
    static func listDirectory(_ path: String, _ operation: String) throws -> [Entry]? {
        guard let directory = path.withCString({ opendir($0) }) else {
            if errno == ENOENT { return nil }
            throw BlobStoreError.io(operation, errno: errno)
        }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw BlobStoreError.io(operation, errno: errno) }
                return entries
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let type = entry.pointee.d_type
            let known = type != UInt8(DT_UNKNOWN)
            entries.append(
                Entry(
                    name: name,
                    isDirectory: known ? type == UInt8(DT_DIR) : nil,
                    isRegularFile: known ? type == UInt8(DT_REG) : nil))
        }
    }

    /// `strerror` text for an error number.
    static func describe(_ number: Int32) -> String {
        guard let text = strerror(number) else { return "errno \(number)" }
        return String(cString: text)
    }
}

extension SystemCall.Status {
    fileprivate init(_ info: stat) {
        let kind = info.st_mode & S_IFMT
        isRegularFile = kind == S_IFREG
        isDirectory = kind == S_IFDIR
        size = Int64(info.st_size)
        #if canImport(Darwin)
            modified = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #else
            modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #endif
    }
}

// The C functions under names that do not clash with `SystemCall`'s own.
private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
private func systemPread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int {
    pread(fd, buffer, count, offset)
}
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
private func systemRename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> Int32 {
    rename(from, to)
}
private func systemUnlink(_ path: UnsafePointer<CChar>) -> Int32 { unlink(path) }
