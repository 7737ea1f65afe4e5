/// The properties of a folder, item, recipient or attachment as the client has them, with
/// typed access and a record of what was changed since they were loaded or saved.
///
/// ```swift
/// item.properties[.subject] = "Quarterly report"   // typed: String?
/// item.properties[.importance] = 2                 // Int32?
/// let raw = item.properties[tag: .subject]         // PropertyValue?
/// try await item.save()                            // sends only what changed
/// ```
public struct PropertyBag: Sendable, Hashable, Sequence {
    /// The current values.
    public private(set) var values: PropertySet
    /// Ids set since the last load or save.
    private var setIDs: Set<UInt16> = []
    /// Tags removed since the last load or save, by id.
    private var removedTags: [UInt16: PropertyTag] = [:]

    /// A bag holding `values`, with nothing changed.
    public init(_ values: PropertySet = PropertySet()) { self.values = values }

    /// A bag holding `properties` (the later of two with the same id wins), nothing changed.
    public init(_ properties: [Property]) { self.init(PropertySet(properties)) }

    /// The typed value of a property; setting records a change, setting nil a removal.
    public subscript<Value>(key: PropertyKey<Value>) -> Value? {
        get { values[tag: key.tag].flatMap(Value.init(propertyValue:)) }
        set {
            guard let newValue, let type = key.tag.type else { return remove(key.tag) }
            set(Property(id: key.tag.id, value: newValue.propertyValue(as: type)))
        }
    }

    /// The raw value of a property when it has the tag's type (PT_STRING8 and PT_UNICODE stand
    /// for each other).
    public subscript(tag tag: PropertyTag) -> PropertyValue? { values[tag: tag] }

    /// Sets a property (replacing any value with its id) and records the change.
    public mutating func set(_ property: Property) {
        values.set(property)
        setIDs.insert(property.id)
        removedTags[property.id] = nil
    }

    /// Removes a property and records the removal.
    public mutating func remove(_ tag: PropertyTag) {
        values.remove(id: tag.id)
        setIDs.remove(tag.id)
        removedTags[tag.id] = tag
    }

    /// Whether anything changed since the last load or save.
    public var hasChanges: Bool { !setIDs.isEmpty || !removedTags.isEmpty }

    /// The properties set since the last load or save, in id order.
    public var pendingSets: [Property] { values.properties.filter { setIDs.contains($0.id) } }

    /// The tags removed since the last load or save, in tag order.
    public var pendingRemovals: [PropertyTag] { removedTags.values.sorted() }

    /// Forgets the record of changes (after they were saved).
    mutating func markSaved() {
        setIDs = []
        removedTags = [:]
    }

    /// Adds properties the server sent (e.g. after a save) without recording them as changes.
    mutating func merge(loaded properties: [Property]) {
        for property in properties { values.set(property) }
    }

    /// The number of properties.
    public var count: Int { values.count }

    /// The properties in id order.
    public func makeIterator() -> IndexingIterator<[Property]> { values.properties.makeIterator() }
}
