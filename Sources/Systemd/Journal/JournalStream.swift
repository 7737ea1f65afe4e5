#if canImport(Glibc)
import Glibc
#endif

/// The file a descriptor is open on, as `JOURNAL_STREAM` names it: device and inode numbers.
///
/// systemd sets `JOURNAL_STREAM=DEV:INODE` (decimal) for a service whose standard output or
/// error goes to the journal, naming that stream. A process whose standard error is still that
/// file — `fstat(2)` gives the same `st_dev` and `st_ino` — logs to the journal anyway and may
/// as well use the native protocol; one whose standard error was redirected (a shell in
/// between, `2>file`) keeps writing there. That is the check the Native Journal Protocol
/// document describes and systemd's own `log.c` makes.
public struct JournalStream: Sendable, Hashable, CustomStringConvertible {
    /// `st_dev`.
    public var device: UInt64
    /// `st_ino`.
    public var inode: UInt64

    /// The stream of those numbers.
    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// Parses `JOURNAL_STREAM`: two decimal numbers separated by `:`; nil for anything else.
    public init?(_ value: String) {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
              let device = UInt64(parts[0]), let inode = UInt64(parts[1])
        else { return nil }
        self.init(device: device, inode: inode)
    }

    /// What `descriptor` is open on (`fstat(2)`); nil if it is not open.
    public init?(descriptor: Int32) {
        #if canImport(Glibc)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        #else
        return nil
        #endif
    }

    /// Whether `descriptor` (standard error unless told) is the journal stream that
    /// `JOURNAL_STREAM` in `environment` names.
    public static func isJournal(descriptor: Int32 = 2, environment: [String: String]) -> Bool {
        guard let named = environment["JOURNAL_STREAM"].flatMap(JournalStream.init(_:)) else { return false }
        return JournalStream(descriptor: descriptor) == named
    }

    /// `DEV:INODE`, as in `JOURNAL_STREAM`.
    public var description: String { "\(device):\(inode)" }
}
