/// The small XML model of the SOAP layer: an immutable element tree that the hardened parser
/// (``XML/Parser``) builds and the codecs read, and a writer (``XML/Writer``) that produces
/// well-formed output.
///
/// Deliberately not a DOM: no comments, no processing instructions, no mixed-content positions.
/// Each element keeps its qualified name, its attributes, its child elements and the character
/// data directly inside it (concatenated). That is all SOAP 1.1 document/literal needs.
public enum XML {}

extension XML {
    /// An expanded name: a namespace URI (nil for no namespace) and a local name.
    public struct Name: Hashable, Sendable, CustomStringConvertible {
        /// The namespace URI, nil when the name is in no namespace.
        public var namespace: String?
        /// The local part.
        public var local: String

        /// A name in `namespace` (nil for none).
        public init(_ local: String, namespace: String?) {
            self.local = local
            self.namespace = namespace
        }

        /// `{urn:ns}local` or `local`.
        public var description: String { namespace.map { "{\($0)}\(local)" } ?? local }
    }

    /// An attribute of a parsed element.
    public struct Attribute: Hashable, Sendable {
        /// The attribute's expanded name (unprefixed attributes are in no namespace).
        public var name: Name
        /// The normalised value, entities and character references resolved.
        public var value: String

        /// An attribute.
        public init(name: Name, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A parsed element: name, attributes, child elements and the text directly inside it.
    public struct Element: Hashable, Sendable, CustomStringConvertible {
        /// The expanded name.
        public var name: Name
        /// The attributes in document order (namespace declarations are not attributes here).
        public var attributes: [Attribute]
        /// The child elements in document order.
        public var children: [Element]
        /// The character data directly inside this element (CDATA included), concatenated.
        public var text: String

        /// An element; mostly for tests and for building expected trees.
        public init(_ name: Name, attributes: [Attribute] = [], children: [Element] = [], text: String = "") {
            self.name = name
            self.attributes = attributes
            self.children = children
            self.text = text
        }

        /// The value of the unqualified attribute `local` (or of `{namespace}local`).
        public func attribute(_ local: String, namespace: String? = nil) -> String? {
            attributes.first { $0.name.local == local && $0.name.namespace == namespace }?.value
        }

        /// The first child with the given expanded name.
        public func child(_ local: String, namespace: String?) -> Element? {
            children.first { $0.name.local == local && $0.name.namespace == namespace }
        }

        /// All children with the given expanded name.
        public func children(_ local: String, namespace: String?) -> [Element] {
            children.filter { $0.name.local == local && $0.name.namespace == namespace }
        }

        /// Whether the text is empty or XML white space only.
        public var hasOnlyWhitespaceText: Bool {
            text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }

        /// `{ns}name` with a child count, for diagnostics (never the text).
        public var description: String { "<\(name)> with \(children.count) children" }
    }
}
