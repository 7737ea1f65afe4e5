/// Active Directory's binary `objectGUID` in its canonical text form.
///
/// The 16 bytes are a Windows GUID: the first three fields little-endian, the last eight bytes
/// in order, so bytes `01 02 03 04 05 06 07 08 …` read `04030201-0605-0807-…`. Tessera uses the
/// text form as the user's ``DirectoryID`` and turns it back into bytes to search by id.
public enum ObjectGUID {
    /// The text form of 16 GUID bytes; nil for any other length.
    public static func string(from bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return nil }
        let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
        var out = ""
        for (position, index) in order.enumerated() {
            if position == 4 || position == 6 || position == 8 || position == 10 { out += "-" }
            let byte = bytes[index]
            out += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }
        return out
    }

    /// The 16 bytes of a text GUID (case-insensitive, with hyphens); nil when malformed.
    public static func bytes(from text: String) -> [UInt8]? {
        let hex = Array(text.utf8.filter { $0 != UInt8(ascii: "-") })
        guard hex.count == 32, text.utf8.count == 36 else { return nil }
        var raw: [UInt8] = []
        for i in stride(from: 0, to: 32, by: 2) {
            guard let byte = UInt8(String(decoding: hex[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            raw.append(byte)
        }
        let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
        var bytes = [UInt8](repeating: 0, count: 16)
        for (position, index) in order.enumerated() { bytes[index] = raw[position] }
        return bytes
    }
}
