/// "Did you mean …?": the closest known name to a misspelt one, by edit distance
/// (Levenshtein, case-insensitive), when it is close enough to be a typo.
enum KeySuggestion {
    /// The best candidate within max(1, length/3) edits, nil when none is that close.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        let limit = max(1, target.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// ` (did you mean x?)`, or nothing.
    static func hint(for name: String, among candidates: [String], quoted: Bool = false) -> String {
        guard let match = closest(to: name, among: candidates) else { return "" }
        return quoted ? "; did you mean \"\(match)\"?" : "; did you mean \(match)?"
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
