/// The properties of one object: at most one value per property id, iterated in ascending id order.
///
/// This is the in-memory form of what the store keeps per object (see ``PropertyCodec`` for the
/// stored form). The storage is an array sorted by id, so equal sets compare and hash equal
/// whatever order their properties were set in, and lookups are binary searches.
///
/// PT_STRING8 and PT_UNICODE are one kind of value here: ``subscript(tag:)`` returns a stored
/// `.string8` for a PT_UNICODE tag (converted to `.unicode`) and the other way round, because
/// both are stored as the same UTF-8 text.
public struct PropertySet: Hashable, Sendable, Sequence {
    /// Sorted by id, ids unique.
    private var storage: [Property]

    /// An empty set.
    public init() { storage = [] }

    /// A set holding the given properties; when an id occurs more than once, the later one wins.
    public init(_ properties: some Sequence<Property>) {
        storage = []
        storage.reserveCapacity(properties.underestimatedCount)
        var sorted = true
        for property in properties {
            if let last = storage.last, last.id >= property.id { sorted = false }
            storage.append(property)
        }
        guard !sorted else { return }
        // Stable sort keeps the input order among equal ids; keep the last of each run.
        let ordered = storage.enumerated().sorted { a, b in
            a.element.id != b.element.id ? a.element.id < b.element.id : a.offset < b.offset
        }
        storage.removeAll(keepingCapacity: true)
        for (_, property) in ordered {
            if let last = storage.last, last.id == property.id {
                storage[storage.count - 1] = property
            } else {
                storage.append(property)
            }
        }
    }

    /// Wraps properties already sorted by strictly ascending id (the codec's decoder checks this).
    init(sortedUnchecked properties: [Property]) {
        storage = properties
    }

    /// The number of properties.
    public var count: Int { storage.count }

    /// Whether the set has no properties.
    public var isEmpty: Bool { storage.isEmpty }

    /// The properties in ascending id order.
    public var properties: [Property] { storage }

    /// Whether the set has a value for `id`, of any type.
    public func contains(id: UInt16) -> Bool { find(id).found }

    /// The value stored under `id`, whatever its type; assigning nil removes it.
    public subscript(id id: UInt16) -> PropertyValue? {
        get {
            let (index, found) = find(id)
            return found ? storage[index].value : nil
        }
        set {
            let (index, found) = find(id)
            switch (newValue, found) {
            case (let value?, true): storage[index].value = value
            case (let value?, false): storage.insert(Property(id: id, value: value), at: index)
            case (nil, true): storage.remove(at: index)
            case (nil, false): break
            }
        }
    }

    /// The value stored under the tag's id when its type is the tag's type.
    ///
    /// PT_STRING8 and PT_UNICODE (and PT_MV_STRING8 / PT_MV_UNICODE) are interchangeable: the
    /// stored string is returned in the case the tag asks for. A tag of unknown type finds nothing.
    public subscript(tag tag: PropertyTag) -> PropertyValue? {
        guard let type = tag.type, let value = self[id: tag.id] else { return nil }
        if value.type == type { return value }
        switch (value, type) {
        case (.string8(let s), .unicode): return .unicode(s)
        case (.unicode(let s), .string8): return .string8(s)
        case (.multiString8(let s), .multiUnicode): return .multiUnicode(s)
        case (.multiUnicode(let s), .multiString8): return .multiString8(s)
        default: return nil
        }
    }

    /// Stores the property, replacing any value with the same id (of any type).
    public mutating func set(_ property: Property) {
        self[id: property.id] = property.value
    }

    /// Removes the value stored under `id` and returns it (nil when there was none).
    @discardableResult
    public mutating func remove(id: UInt16) -> PropertyValue? {
        let (index, found) = find(id)
        guard found else { return nil }
        return storage.remove(at: index).value
    }

    /// Iterates the properties in ascending id order.
    public func makeIterator() -> IndexingIterator<[Property]> { storage.makeIterator() }

    /// The number of properties (exact).
    public var underestimatedCount: Int { storage.count }

    /// Binary search: the index of `id`, or where it would be inserted.
    private func find(_ id: UInt16) -> (index: Int, found: Bool) {
        var low = 0
        var high = storage.count
        while low < high {
            let mid = (low + high) / 2
            let midID = storage[mid].id
            if midID == id { return (mid, true) }
            if midID < id { low = mid + 1 } else { high = mid }
        }
        return (low, false)
    }
}
