import TestSupport

/// What a node did with a body far over its limit.
struct FloodOutcome: Sendable {
    /// Its answer, if it sent one.
    var response: RawResponse?
    /// Body bytes written before it answered or closed.
    var sent: Int
    /// Whether it closed the connection.
    var closed: Bool
}

extension RawSocket {
    /// Sends `head`, then up to `total` body bytes in 1 MiB pieces (as chunks of the chunked
    /// encoding when `chunked`), as fast as the node reads them, until it answers or closes.
    func flood(head: [UInt8], total: Int, chunked: Bool) -> FloodOutcome {
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        let frame = chunked ? Array("\(String(piece.count, radix: 16))\r\n".utf8) : []
        var sent = 0
        guard write(head) else { return FloodOutcome(response: readResponse(within: 0), sent: 0, closed: true) }
        while sent < total {
            guard write(frame + piece + (chunked ? Array("\r\n".utf8) : [])) else { break }
            sent += piece.count
            if RawResponse.parse(received) != nil { break }
        }
        if chunked, sent >= total { write(Array("0\r\n\r\n".utf8)) }
        let response = readResponse(within: 10)
        _ = waitForClose(within: 5)
        return FloodOutcome(response: response, sent: sent, closed: peerClosed)
    }
}
