/// The case-insensitive form of strings that tables sort, filter and index on.
///
/// `fold(s)` is Unicode default lower-casing (`String.lowercased()`) followed by canonical
/// composition (NFC), so "ÄRGER", "ärger" and "a\u{308}rger" fold to the same bytes.
///
/// Folded strings are ordered by their UTF-8 bytes (memcmp order, which is also code-point
/// order), never by Swift's `String <`: the database keeps folded keys in byte-wise sorted
/// indexes, and the reference semantics here must agree with it.
public enum StringFolding {
    /// The folded form of `s`.
    public static func fold(_ s: String) -> String {
        if let ascii = asciiFold(s) { return ascii }
        // `_nfcCodeUnits` is the standard library's public NFC normaliser (the one Foundation's
        // `precomposedStringWithCanonicalMapping` uses on Linux); it keeps this module free of
        // Foundation.
        return String(decoding: s.lowercased()._nfcCodeUnits, as: UTF8.self)
    }

    /// The UTF-8 bytes of `fold(s)`.
    public static func foldedBytes(_ s: String) -> [UInt8] {
        if let ascii = asciiFoldBytes(s) { return ascii }
        return s.lowercased()._nfcCodeUnits
    }

    /// Compares two strings case-insensitively: their folded forms, byte-wise.
    public static func compare(_ a: String, _ b: String) -> Ordering {
        Ordering.lexicographic(foldedBytes(a), foldedBytes(b))
    }

    /// ASCII-only strings need neither Unicode case mapping nor normalisation.
    private static func asciiFold(_ s: String) -> String? {
        let utf8 = s.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard utf8.contains(where: isUpper) else { return s }
        return String(decoding: utf8.map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    private static func asciiFoldBytes(_ s: String) -> [UInt8]? {
        let utf8 = s.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return utf8.map { isUpper($0) ? $0 | 0x20 : $0 }
    }

    @inline(__always)
    private static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
}
