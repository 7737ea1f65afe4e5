/// The CLI's `--sort` mini-language: comma-separated ``QueryField`` names, each ascending or,
/// with a leading `-`, descending (`+` is allowed for ascending): `-date`, `from,-size`.
public enum SortSyntax {
    /// The sort keys of `text`; `invalidArgument` for unknown fields, empty keys, more than 16
    /// keys or multi-valued tags (the server cannot sort on those).
    public static func sortKeys(_ text: String) throws(TesseraClientError) -> [SortKey] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        guard parts.count <= 16 else { throw TesseraClientError(.invalidArgument, "--sort \"\(text)\": at most 16 keys") }
        return try parts.map { part throws(TesseraClientError) in
            var name = part
            var ascending = true
            if let sign = name.first, sign == "-" || sign == "+" {
                ascending = sign == "+"
                name = name.dropFirst().trimmingWhitespace()
            }
            guard !name.isEmpty else { throw TesseraClientError(.invalidArgument, "--sort \"\(text)\": an empty key") }
            guard name.lowercased() != QueryField.read else {
                throw TesseraClientError(.invalidArgument, "--sort \"\(text)\": sort on flags instead of read")
            }
            let tag = try QueryField.tag(named: name)
            if tag.type?.isMultiValued == true {
                throw TesseraClientError(.invalidArgument, "--sort \"\(text)\": \(tag.diagnosticName) is multi-valued")
            }
            return SortKey(tag, ascending: ascending)
        }
    }
}
