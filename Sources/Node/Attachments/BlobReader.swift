import Crypto

/// Where a ``BlobReader`` gets its bytes: a file descriptor (``FileBlobSource``) or ranged GETs
/// from S3 (``S3BlobSource``). Called by one reader at a time, in any order of offsets.
protocol BlobByteSource: AnyObject {
    /// Up to `count` bytes from `offset`; fewer only where the blob ends.
    func read(at offset: Int64, count: Int) throws -> [UInt8]
}

/// Reads one stored blob in chunks the caller sizes; made by ``BlobStore/openReader(_:size:verify:)``.
///
/// A file store's reader holds an open descriptor of the object, so the bytes stay readable
/// even if the blob is removed or republished meanwhile (the descriptor is closed in `deinit`);
/// an S3 reader fetches each chunk with a ranged GET. Reads are sequential and never hold more
/// than the chunk asked for.
///
/// In verify mode the bytes are hashed as they are read. When the last byte has been read, the
/// digest is compared with the blob's name: on a mismatch the call that would return the last
/// chunk throws ``BlobStoreError/Code/corrupt`` instead, so a caller never receives a whole
/// blob that was not verified. A blob shorter than its size is also `corrupt`.
/// Not `Sendable`: one task reads at a time.
public final class BlobReader {
    /// The blob being read.
    public let hash: BlobHash
    /// The blob's length in bytes.
    public let size: Int64

    private let source: any BlobByteSource
    private var offset: Int64 = 0
    private var hasher: SHA256?
    private var failure: BlobStoreError?

    init(source: any BlobByteSource, hash: BlobHash, size: Int64, verify: Bool) {
        self.source = source
        self.hash = hash
        self.size = size
        self.hasher = verify ? SHA256() : nil
    }

    /// The number of bytes not yet read.
    public var remainingBytes: Int64 { size - offset }

    /// Reads the next chunk of at most `maxBytes` (> 0) bytes; returns fewer only at the end,
    /// and an empty array once everything has been read.
    public func read(maxBytes: Int) throws -> [UInt8] {
        precondition(maxBytes > 0, "BlobReader.read needs maxBytes > 0")
        if let failure { throw failure }
        let wanted = Int(min(Int64(maxBytes), remainingBytes))
        guard wanted > 0 else {
            try finishVerification()
            return []
        }
        let chunk = try source.read(at: offset, count: wanted)
        guard chunk.count == wanted else {
            let error = BlobStoreError.corrupt(hash)
            failure = error
            throw error
        }
        offset += Int64(wanted)
        chunk.withUnsafeBytes { hasher?.update(bufferPointer: $0) }
        if offset == size { try finishVerification() }
        return chunk
    }

    /// Moves the read position forward by `count` bytes without reading them (chunked
    /// downloads resume at an offset). Not in verify mode: skipped bytes cannot be hashed.
    public func skip(_ count: Int64) throws {
        precondition(hasher == nil, "a verifying BlobReader cannot skip")
        precondition(count >= 0, "BlobReader.skip needs a count ≥ 0")
        offset = min(size, offset + count)
    }

    /// Reads everything not yet read, for blobs known to be small. Throws
    /// ``BlobStoreError/Code/tooBig`` without reading if more than `maximumBytes` remain.
    public func readAll(maximumBytes: Int = 16 << 20) throws -> [UInt8] {
        guard remainingBytes <= Int64(maximumBytes) else {
            throw BlobStoreError.tooBig(limit: Int64(maximumBytes))
        }
        return try read(maxBytes: max(1, Int(remainingBytes)))
    }

    /// Compares the digest with the name once, after the last byte.
    private func finishVerification() throws {
        guard let digest = hasher?.finalize() else { return }
        hasher = nil
        if BlobHash(digest) != hash {
            let error = BlobStoreError.corrupt(hash)
            failure = error
            throw error
        }
    }
}

/// An open blob file, read with `pread`; closes the descriptor when it goes away.
final class FileBlobSource: BlobByteSource {
    private let fd: Int32

    /// Owns `fd` from now on.
    init(fd: Int32) { self.fd = fd }

    deinit { SystemCall.close(fd) }

    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { storage, filled in
            filled = try SystemCall.readFully(fd, into: UnsafeMutableRawBufferPointer(storage), at: offset, "read blob")
        }
    }
}
