import Crypto

/// Streams one blob into a fresh temporary file of its ``BlobStore``, hashing as it goes.
///
/// Made by ``BlobStore/makeWriter()``. Bytes pass through a 1 MiB buffer, so a blob of any
/// size is never held in memory whole. The writer is used by one task at a time (it is not
/// `Sendable`) and moves through these states:
///
/// - **open**: `write(_:)` appends; the file lives in `tmp/`.
/// - **closed**: ``finish()`` fsynced and closed the file and handed it over as a
///   ``StagedBlob`` (which now owns it), or ``cancel()`` removed it.
/// - **failed**: a write or the flush failed, or the blob grew past the store's limit; the
///   temporary file is removed at once and every later `write` or `finish` throws the same
///   error.
///
/// A writer dropped while open removes its temporary file in `deinit`. Using a writer after
/// `finish()` or `cancel()` is a programming error and traps; `cancel()` itself may be called
/// in any state (after `finish()` it does nothing), so `defer { writer.cancel() }` is safe.
public final class BlobWriter {
    private enum State {
        case open(fd: Int32)
        case failed(BlobStoreError)
        case closed
    }

    /// The size of the write buffer, and of the largest `write(2)` a small write waits for.
    static let bufferSize = 1 << 20

    private var state: State
    private let temporaryPath: String
    private let limit: Int64
    private var hasher = SHA256()
    private var buffer: UnsafeMutableRawBufferPointer?
    private var buffered = 0

    /// The number of bytes accepted so far.
    public private(set) var bytesWritten: Int64 = 0

    init(fd: Int32, temporaryPath: String, limit: Int64) {
        self.state = .open(fd: fd)
        self.temporaryPath = temporaryPath
        self.limit = limit
    }

    deinit {
        if case .open(let fd) = state {
            SystemCall.close(fd)
            _ = try? SystemCall.unlink(temporaryPath, "remove temporary file")
        }
        buffer?.deallocate()
    }

    /// Appends bytes. Throws ``BlobStoreError/Code/tooBig`` (and fails the writer) if the blob
    /// would exceed the store's `maximumBlobBytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        let fd = try openDescriptor()
        guard !bytes.isEmpty else { return }
        guard Int64(bytes.count) <= limit - bytesWritten else {
            let error = BlobStoreError.tooBig(limit: limit)
            fail(error)
            throw error
        }
        hasher.update(bufferPointer: bytes)
        bytesWritten += Int64(bytes.count)
        do {
            var rest = bytes[...]
            while !rest.isEmpty {
                let buffer = self.buffer ?? allocateBuffer()
                if buffered == 0 && rest.count >= buffer.count {
                    // Large writes skip the copy.
                    try SystemCall.writeAll(
                        fd, UnsafeRawBufferPointer(rebasing: rest), "write temporary file")
                    return
                }
                let count = min(buffer.count - buffered, rest.count)
                UnsafeMutableRawBufferPointer(rebasing: buffer[buffered..<buffered + count])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: rest.prefix(count)))
                buffered += count
                rest = rest.dropFirst(count)
                if buffered == buffer.count { try flush(fd) }
            }
        } catch let error as BlobStoreError {
            fail(error)
            throw error
        }
    }

    /// Appends bytes from any collection (`[UInt8]`, `Data`, slices, …); contiguous ones are
    /// not copied.
    public func write(_ chunk: some Collection<UInt8>) throws {
        let done: Void? = try chunk.withContiguousStorageIfAvailable { elements in
            try write(UnsafeRawBufferPointer(elements))
        }
        if done != nil { return }
        let pieceSize = 64 << 10
        var piece: [UInt8] = []
        piece.reserveCapacity(Swift.min(chunk.count, pieceSize))
        for byte in chunk {
            piece.append(byte)
            if piece.count == pieceSize {
                try piece.withUnsafeBytes { try write($0) }
                piece.removeAll(keepingCapacity: true)
            }
        }
        try piece.withUnsafeBytes { try write($0) }
    }

    /// Writes out the buffer, fsyncs and closes the temporary file, and returns it as a
    /// ``StagedBlob`` named by the SHA-256 of everything written. On failure the temporary
    /// file is removed and the writer is failed.
    public func finish() throws -> StagedBlob {
        let fd = try openDescriptor()
        do {
            try flush(fd)
            try SystemCall.sync(fd, "sync temporary file")
        } catch let error as BlobStoreError {
            fail(error)
            throw error
        }
        state = .closed
        releaseBuffer()
        do {
            try SystemCall.closeAfterWriting(fd, "close temporary file")
        } catch let error as BlobStoreError {
            _ = try? SystemCall.unlink(temporaryPath, "remove temporary file")
            state = .failed(error)
            throw error
        }
        return StagedBlob(
            hash: BlobHash(hasher.finalize()), size: bytesWritten, temporaryPath: temporaryPath)
    }

    /// Abandons the blob: closes and removes the temporary file. Does nothing if the writer
    /// already finished (the ``StagedBlob`` owns the file then), was cancelled or failed.
    public func cancel() {
        if case .open = state {
            fail(nil)
            state = .closed
        }
    }

    private func openDescriptor() throws -> Int32 {
        switch state {
        case .open(let fd): return fd
        case .failed(let error): throw error
        case .closed: preconditionFailure("BlobWriter used after finish() or cancel()")
        }
    }

    private func flush(_ fd: Int32) throws {
        guard buffered > 0, let buffer else { return }
        try SystemCall.writeAll(
            fd, UnsafeRawBufferPointer(rebasing: buffer[..<buffered]), "write temporary file")
        buffered = 0
    }

    /// Closes and removes the temporary file of an open writer; records `error` if given.
    private func fail(_ error: BlobStoreError?) {
        if case .open(let fd) = state {
            SystemCall.close(fd)
            _ = try? SystemCall.unlink(temporaryPath, "remove temporary file")
        }
        if let error { state = .failed(error) }
        releaseBuffer()
    }

    private func allocateBuffer() -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: Self.bufferSize, alignment: 16)
        self.buffer = buffer
        return buffer
    }

    private func releaseBuffer() {
        buffer?.deallocate()
        buffer = nil
        buffered = 0
    }
}
