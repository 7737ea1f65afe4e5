import Foundation

/// The key a client address is limited by: an IPv4 address as it is, an IPv6 address by its
/// /64 prefix (one host or home network commonly owns a whole /64, so counting single IPv6
/// addresses would give it 2⁶⁴ budgets), an IPv4-mapped IPv6 address as the IPv4 address.
/// Text that is no IP address is used lower-cased as it is.
enum ClientAddress {
    static func key(_ text: String) -> String {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return text }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return text.lowercased() }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
