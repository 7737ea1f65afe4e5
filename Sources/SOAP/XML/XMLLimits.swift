extension XML {
    /// What one document may cost the parser. Every limit is checked while parsing, as the
    /// input arrives, so a hostile document is refused before it has cost more than its limit.
    ///
    /// The defaults fit SOAP requests of the Tessera protocol: attachment data travels in
    /// chunks of at most 1 MiB (1.4 MiB as base64), everything else is small.
    public struct Limits: Sendable, Hashable {
        /// Most bytes of the body (the serialised XML, before parsing). Default 4 MiB.
        public var maxBodyBytes: Int
        /// Deepest element nesting (the root is depth 1). Default 64.
        public var maxDepth: Int
        /// Most elements in the document. Default 100,000.
        public var maxElements: Int
        /// Most attributes (namespace declarations included) on one element. Default 64.
        public var maxAttributesPerElement: Int
        /// Most UTF-8 bytes of character data directly inside one element. Default 2 MiB.
        public var maxTextBytesPerElement: Int
        /// Most UTF-8 bytes of character data and attribute values in the whole document.
        /// Default 4 MiB.
        public var maxTotalTextBytes: Int
        /// Longest time from the parser's creation to the end of the document, measured on the
        /// parser's clock while parsing. Default 10 seconds.
        public var timeBudget: Duration

        /// Limits with the documented defaults, any of them overridden.
        public init(
            maxBodyBytes: Int = 4 << 20,
            maxDepth: Int = 64,
            maxElements: Int = 100_000,
            maxAttributesPerElement: Int = 64,
            maxTextBytesPerElement: Int = 2 << 20,
            maxTotalTextBytes: Int = 4 << 20,
            timeBudget: Duration = .seconds(10)
        ) {
            precondition(
                maxBodyBytes > 0 && maxDepth > 0 && maxElements > 0 && maxAttributesPerElement >= 0
                    && maxTextBytesPerElement >= 0 && maxTotalTextBytes >= 0 && timeBudget > .zero,
                "XML.Limits must be positive")
            self.maxBodyBytes = maxBodyBytes
            self.maxDepth = maxDepth
            self.maxElements = maxElements
            self.maxAttributesPerElement = maxAttributesPerElement
            self.maxTextBytesPerElement = maxTextBytesPerElement
            self.maxTotalTextBytes = maxTotalTextBytes
            self.timeBudget = timeBudget
        }

        /// The defaults.
        public static let `default` = Limits()
    }

    /// Why a document was refused. Each limit has its own case; the endpoint maps them to
    /// SOAP faults (``SOAPFault/init(parseError:)``).
    public enum ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The body is longer than ``Limits/maxBodyBytes``.
        case bodyTooLarge(limit: Int)
        /// Elements nest deeper than ``Limits/maxDepth``.
        case tooDeep(limit: Int)
        /// More elements than ``Limits/maxElements``.
        case tooManyElements(limit: Int)
        /// An element has more attributes than ``Limits/maxAttributesPerElement``.
        case tooManyAttributes(limit: Int)
        /// One element's text is longer than ``Limits/maxTextBytesPerElement``.
        case textTooLong(limit: Int)
        /// All text together is longer than ``Limits/maxTotalTextBytes``.
        case totalTextTooLong(limit: Int)
        /// Parsing took longer than ``Limits/timeBudget``.
        case timeBudgetExceeded(limit: Duration)
        /// The document has a document type declaration (`<!DOCTYPE`): DTDs are never accepted.
        case doctypeNotAllowed
        /// The document declares or references an entity other than the five predefined ones.
        case entityNotAllowed(name: String)
        /// The document has a processing instruction (SOAP 1.1 §3 forbids them).
        case processingInstructionNotAllowed
        /// The document is not well-formed XML (or not UTF-8), with libxml2's message and line.
        case malformed(line: Int, message: String)
        /// The body ended before the document did (or was empty).
        case incomplete

        /// A short explanation that is safe to send to the client.
        public var description: String {
            switch self {
            case .bodyTooLarge(let limit): "request body is larger than \(limit) bytes"
            case .tooDeep(let limit): "XML elements nest deeper than \(limit) levels"
            case .tooManyElements(let limit): "XML document has more than \(limit) elements"
            case .tooManyAttributes(let limit): "XML element has more than \(limit) attributes"
            case .textTooLong(let limit): "XML element text is longer than \(limit) bytes"
            case .totalTextTooLong(let limit): "XML document text is longer than \(limit) bytes in all"
            case .timeBudgetExceeded(let limit): "XML parsing took longer than \(limit)"
            case .doctypeNotAllowed: "document type declarations (DTDs) are not allowed"
            case .entityNotAllowed(let name): "entity '\(name)' is not allowed (only the predefined entities are)"
            case .processingInstructionNotAllowed: "processing instructions are not allowed"
            case .malformed(let line, let message): "malformed XML at line \(line): \(message)"
            case .incomplete: "XML document is empty or incomplete"
            }
        }
    }
}
