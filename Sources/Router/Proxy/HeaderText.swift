/// Header names and values compared and trimmed as bytes: these run for every field of every
/// forwarded request and answer, so they neither allocate nor lower-case.
extension StringProtocol where SubSequence == Substring {
    /// Compares with a lower-case ASCII `other`, without regard to case and without allocating.
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        utf8.count == other.utf8.count && zip(utf8, other.utf8).allSatisfy { $0 | ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) == $1 }
    }

    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let text = self[...]
        let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
        let end = text.lastIndex { $0 != " " && $0 != "\t" }.map { text.index(after: $0) } ?? start
        return text[start..<end]
    }
}
