import Crypto
import Foundation
import SOAP

/// Signs and checks the operator's requests to a node's `/admin/…` endpoints (`tessera admin
/// sync`): HMAC-SHA256 with the node's session signing key over method, target, time and the
/// body's digest, in the header `X-Tessera-Admin: SECONDS.SIGNATURE`. Whoever can read the
/// node's key file may administer it; a signature is good for ``window`` seconds either side.
public struct AdminSignature: Sendable {
    public static let header = "X-Tessera-Admin"
    /// How far the signing time may be from the node's clock.
    public static let window: TimeInterval = 60

    let keys: [[UInt8]]

    /// The keys of the node's session key file (the first signs; all verify).
    public init(keys: [[UInt8]]) {
        precondition(!keys.isEmpty, "an admin signature needs a key")
        self.keys = keys
    }

    /// The header value for a request.
    public func sign(method: String, target: String, body: [UInt8], now: Date) -> String {
        let seconds = Int64(now.timeIntervalSince1970)
        return "\(seconds)." + Base64.encodeURL(mac(keys[0], method, target, body, seconds))
    }

    /// Whether `value` signs this request, at `now`.
    public func verify(_ value: String?, method: String, target: String, body: [UInt8], now: Date) -> Bool {
        guard let value, let dot = value.firstIndex(of: "."), let seconds = Int64(value[..<dot]),
            abs(now.timeIntervalSince1970 - TimeInterval(seconds)) <= Self.window,
            let signature = Base64.decodeURL(value[value.index(after: dot)...])
        else { return false }
        var matched = false
        for key in keys where mac(key, method, target, body, seconds) == signature { matched = true }
        return matched
    }

    private func mac(_ key: [UInt8], _ method: String, _ target: String, _ body: [UInt8], _ seconds: Int64) -> [UInt8] {
        let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let message = Array("\(method)\n\(target)\n\(seconds)\n\(digest)".utf8)
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
