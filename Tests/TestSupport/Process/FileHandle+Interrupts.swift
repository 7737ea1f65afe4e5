import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension FileHandle {
    /// The next bytes from a pipe (at most 64 KiB; empty at its end), retrying a read that a
    /// signal interrupted. Foundation's `availableData` and `readDataToEndOfFile()` trap on
    /// `EINTR` (a `try!` inside), and the test process has signal handlers (child processes
    /// exiting, shutdown signals) that cause it: a full run crashed that way.
    public func readChunkRetryingInterrupts() -> Data {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = Glibc.read(fileDescriptor, &buffer, buffer.count)
            if count >= 0 { return Data(buffer[..<count]) }
            guard errno == EINTR else { return Data() }
        }
    }

    /// Everything up to the end of the pipe, retrying interrupted reads.
    public func readToEndRetryingInterrupts() -> Data {
        var data = Data()
        while true {
            let chunk = readChunkRetryingInterrupts()
            if chunk.isEmpty { return data }
            data.append(chunk)
        }
    }
}
