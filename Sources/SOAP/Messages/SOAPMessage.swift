import MAPI

/// A typed operation element: a request (`<t:GetProps>`) or a response
/// (`<t:GetPropsResponse>`). The node decodes requests and encodes responses; the client does
/// the opposite; both use the same types, so the two ends cannot drift apart.
///
/// Conforming types read their parts through ``MessageParts`` (which has already checked the
/// parts against ``SOAPOperation``: only declared parts, each as often as declared) and write
/// them with the `XML.Writer` part helpers.
public protocol SOAPMessage: Sendable, Hashable {
    /// The operation's name, e.g. `"GetProps"`.
    static var operationName: String { get }
    /// Whether this is the response element.
    static var isResponse: Bool { get }
    /// Reads the parts of the wrapper element.
    init(parts: MessageParts) throws(MAPIError)
    /// Writes the parts (the wrapper element itself is written by ``write(to:)``).
    func writeParts(to writer: inout XML.Writer)
}

/// A request message; `Response` is what the operation answers.
public protocol SOAPRequestMessage: SOAPMessage {
    /// The response message type.
    associatedtype Response: SOAPMessage
}

extension SOAPRequestMessage {
    public static var isResponse: Bool { false }
}

extension SOAPMessage {
    /// The operation's description.
    public static var operation: SOAPOperation {
        guard let operation = SOAPOperation.named(operationName) else {
            preconditionFailure("message type for unknown operation \(operationName)")
        }
        return operation
    }

    /// The wrapper element's local name.
    public static var elementName: String { isResponse ? operation.responseName : operation.name }

    /// Decodes a wrapper element: its name must be this message's, its parts as declared.
    public init(element: XML.Element) throws(MAPIError) {
        guard element.isTessera(Self.elementName) else {
            throw MAPIError(.invalidParameter, "expected <\(Self.elementName)>, found <\(element.name.local)>")
        }
        let operation = Self.operation
        try self.init(parts: MessageParts(element, declared: Self.isResponse ? operation.response : operation.request))
    }

    /// Writes the wrapper element with its parts.
    public func write(to writer: inout XML.Writer) {
        writer.start("t:" + Self.elementName)
        writeParts(to: &writer)
        writer.end()
    }

    /// A complete request envelope (`sessionToken` in the header) or response envelope;
    /// `indented` for documentation.
    public func envelope(sessionToken: String? = nil, indented: Bool = false) -> [UInt8] {
        Self.isResponse
            ? SOAPEnvelope.response(indented: indented) { write(to: &$0) }
            : SOAPEnvelope.request(sessionToken: sessionToken, indented: indented) { write(to: &$0) }
    }
}

/// The answer of operations that answer nothing but success (`<t:DeleteFolderResponse/>`).
public struct EmptyResponse<Request: SOAPRequestMessage>: SOAPMessage, Hashable {
    public static var operationName: String { Request.operationName }
    public static var isResponse: Bool { true }

    /// The empty answer.
    public init() {}
    public init(parts: MessageParts) throws(MAPIError) {}
    public func writeParts(to writer: inout XML.Writer) {}
}

/// A response message of one of the operations; decoded from `Response` elements.
public protocol SOAPResponseMessage: SOAPMessage {}

extension SOAPResponseMessage {
    public static var isResponse: Bool { true }
}
