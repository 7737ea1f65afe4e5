/// A property tag together with the Swift type its values are read and written as: the key of
/// the typed accessor `item.properties[.subject]` (a `String?`).
///
/// The well-known keys are listed in `PropertyKey+WellKnown.swift`; make others from any tag
/// whose type the value type accepts, including named properties once mapped
/// (``Server/propertyTag(for:type:create:)``):
///
/// ```swift
/// let keywords = PropertyKey<String>(try await server.propertyTag(for: name, type: .unicode, create: true))
/// item.properties[keywords] = "urgent"
/// ```
public struct PropertyKey<Value: PropertyValueConvertible>: Sendable, Hashable {
    /// The tag read and written.
    public let tag: PropertyTag

    /// The key for `tag`; its type must be one `Value` stands for (a programming error
    /// otherwise).
    public init(_ tag: PropertyTag) {
        precondition(
            tag.type.map(Value.accepts) ?? false, "PropertyKey<\(Value.self)> cannot stand for \(tag.diagnosticName)")
        self.tag = tag
    }
}
