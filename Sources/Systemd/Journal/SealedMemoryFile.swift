#if canImport(Glibc)
import Glibc

/// A memfd (memfd_create(2)) holding some bytes, sealed against any change
/// (`F_SEAL_SHRINK`, `F_SEAL_GROW`, `F_SEAL_WRITE`, `F_SEAL_SEAL`): what journald expects to
/// receive for an entry too large for a datagram. Owns its descriptor and closes it in `deinit`
/// (the receiver has its own copy by then).
///
/// Glibc declares `memfd_create` and the sealing constants only under `_GNU_SOURCE`, which
/// Swift's Glibc module does not see; the function is looked up with `dlsym` (glibc 2.27 and
/// later have it) and the constants are Linux's, from `<linux/memfd.h>` and `<linux/fcntl.h>`.
final class SealedMemoryFile {
    /// The descriptor.
    let descriptor: Int32

    /// A memfd with `bytes` in it, sealed.
    init(_ bytes: [UInt8]) throws(JournalError) {
        guard let create = Self.memfdCreate else { throw JournalError(.memoryFileFailed, "this C library has no memfd_create") }
        let descriptor = create("tessera-journal", Self.closeOnExec | Self.allowSealing)
        guard descriptor >= 0 else { throw JournalError(.memoryFileFailed, "memfd_create: \(errnoText())") }
        self.descriptor = descriptor
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw JournalError(.memoryFileFailed, "write to a memfd: \(errnoText())") }
            written += count
        }
        guard fcntl(descriptor, Self.addSeals, Self.allSeals) == 0 else {
            throw JournalError(.memoryFileFailed, "sealing a memfd: \(errnoText())")
        }
    }

    deinit { close(descriptor) }

    private typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>?, UInt32) -> Int32
    private static let memfdCreate: MemfdCreate? = dlsym(dlopen(nil, RTLD_NOW), "memfd_create").map { unsafeBitCast($0, to: MemfdCreate.self) }
    /// `MFD_CLOEXEC`, `MFD_ALLOW_SEALING`.
    private static let closeOnExec: UInt32 = 0x1, allowSealing: UInt32 = 0x2
    /// `F_ADD_SEALS` (`F_LINUX_SPECIFIC_BASE` + 9).
    private static let addSeals: Int32 = 1024 + 9
    /// `F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE`.
    private static let allSeals: Int32 = 0x1 | 0x2 | 0x4 | 0x8
}
#endif
