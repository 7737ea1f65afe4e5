import MAPI

/// The in-memory order of table rows, matching the SQL order: strings by their sort key bytes
/// (case-folded, cut at 255 code points), other values by ``ValueComparison``, missing values
/// first when ascending, ties by creation order.
enum TableSorting {
    static func areInOrder(_ a: (PropertySet, Int64), _ b: (PropertySet, Int64), by keys: [SortKey]) -> Bool {
        for key in keys {
            let order = compare(a.0[tag: key.tag], b.0[tag: key.tag])
            if order != 0 { return key.ascending ? order < 0 : order > 0 }
        }
        return a.1 < b.1
    }

    /// -1, 0 or 1.
    static func compare(_ a: PropertyValue?, _ b: PropertyValue?) -> Int {
        if let x = a?.string, let y = b?.string {
            let left = Array(SortKeys.key(x).utf8)
            let right = Array(SortKeys.key(y).utf8)
            if left == right { return 0 }
            return left.lexicographicallyPrecedes(right) ? -1 : 1
        }
        return ValueComparison.compare(a, b).rawValue
    }
}
