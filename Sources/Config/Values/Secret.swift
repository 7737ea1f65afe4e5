/// A value that must never be printed: passwords and keys. `description`, `debugDescription`
/// and the mirror (`dump`, debuggers) all show `<redacted>`; only ``value`` gives it out.
public struct Secret<Value: Sendable & Hashable>: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself. Pass it on, never log it.
    public let value: Value

    /// Wraps a secret.
    public init(_ value: Value) {
        self.value = value
    }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// A mirror without children.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
