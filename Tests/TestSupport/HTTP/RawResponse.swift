import Foundation

/// An HTTP response as the wire carried it (bodies by `Content-Length`, as Tessera's servers
/// send them), for the raw-socket clients of the HTTP and integration tests.
public struct RawResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header names lowercased.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// A response at the start of `bytes` and how many bytes it took; nil while incomplete.
    public static func parse(_ bytes: [UInt8]) -> (RawResponse, Int)? {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let start = end + separator.count
        if (100..<200).contains(status) { return (RawResponse(status: status, headers: headers, body: []), start) }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard bytes.count >= start + length else { return nil }
        return (RawResponse(status: status, headers: headers, body: Array(bytes[start..<(start + length)])), start + length)
    }
}
