import MAPI

/// A decoded request: the session token from the header (if any) and the operation element.
public struct SOAPRequest: Sendable, Hashable {
    /// The token text of `<t:Session>` in the header; nil when there is none.
    public var sessionToken: String?
    /// The operation named by the body's element.
    public var operation: SOAPOperation
    /// The body's element (`<t:GetProps>…`), holding the request's parts.
    public var body: XML.Element
}

/// SOAP 1.1 envelopes of the Tessera protocol: document/literal wrapped, namespace
/// ``SOAPNamespace/tessera``.
///
/// ```xml
/// <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="urn:tessera:soap:1">
///   <soap:Header><t:Session>token</t:Session></soap:Header>
///   <soap:Body><t:GetProps>…</t:GetProps></soap:Body>
/// </soap:Envelope>
/// ```
///
/// Decoding is strict: one optional Header, then one Body holding exactly one element of a
/// known operation; no other elements in the envelope. Unknown header blocks are ignored
/// unless they say `soap:mustUnderstand="1"`.
public enum SOAPEnvelope {
    // MARK: Decoding (server side)

    /// Parses and decodes a request body under `limits`; every failure is the fault to send.
    public static func decodeRequest(_ bytes: [UInt8], limits: XML.Limits = .default) throws(SOAPFault) -> SOAPRequest {
        let root: XML.Element
        do {
            root = try XML.parse(bytes, limits: limits)
        } catch {
            throw SOAPFault(parseError: error)
        }
        return try decodeRequest(root)
    }

    /// Decodes a parsed request envelope.
    public static func decodeRequest(_ root: XML.Element) throws(SOAPFault) -> SOAPRequest {
        let (header, body) = try split(root)
        var token: String?
        for block in header?.children ?? [] {
            if block.isTessera("Session") {
                guard token == nil else { throw clientFault(.invalidParameter, "the header has more than one <Session>") }
                guard block.children.isEmpty else { throw clientFault(.invalidParameter, "<Session> must hold the token text") }
                token = String(block.trimmedText)
            } else if let must = block.attribute("mustUnderstand", namespace: SOAPNamespace.envelope),
                must == "1" || must == "true"
            {
                throw SOAPFault(
                    MAPIError(.noSupport, "header block <\(block.name.local)> is not understood"), code: .mustUnderstand)
            }
        }
        let operations = body.children
        guard operations.count == 1, body.hasOnlyWhitespaceText else {
            throw clientFault(.invalidParameter, "the SOAP body must hold exactly one operation element")
        }
        let element = operations[0]
        guard element.name.namespace == SOAPNamespace.tessera, let operation = SOAPOperation.named(element.name.local) else {
            throw clientFault(.noSupport, "unknown operation <\(element.name)>")
        }
        return SOAPRequest(sessionToken: token, operation: operation, body: element)
    }

    // MARK: Decoding (client side)

    /// Decodes a parsed response envelope: the body's element, or the fault it carries thrown.
    /// An envelope that is not a Tessera response is `MAPI_E_NETWORK_ERROR`.
    public static func decodeResponse(_ root: XML.Element) throws(SOAPFault) -> XML.Element {
        let body: XML.Element
        do {
            body = try split(root).body
        } catch {
            throw SOAPFault(MAPIError(.networkError, "the server's answer is not a SOAP 1.1 envelope: \(error.message)"))
        }
        guard body.children.count == 1 else {
            throw SOAPFault(MAPIError(.networkError, "the server's SOAP body does not hold exactly one element"))
        }
        let element = body.children[0]
        if element.name == XML.Name("Fault", namespace: SOAPNamespace.envelope) {
            let fault: SOAPFault
            do {
                fault = try SOAPFault(element: element)
            } catch {
                throw SOAPFault(MAPIError(.networkError, "malformed SOAP fault: \(error.diagnostic)"))
            }
            throw fault
        }
        return element
    }

    /// Envelope → (Header?, Body), or the fault for a broken envelope.
    private static func split(_ root: XML.Element) throws(SOAPFault) -> (header: XML.Element?, body: XML.Element) {
        guard root.name.local == "Envelope" else { throw clientFault(.invalidParameter, "the document is not a SOAP envelope") }
        guard root.name.namespace == SOAPNamespace.envelope else {
            throw SOAPFault(
                MAPIError(.invalidParameter, "the envelope is not SOAP 1.1 (namespace \(SOAPNamespace.envelope))"),
                code: .versionMismatch)
        }
        guard root.hasOnlyWhitespaceText else { throw clientFault(.invalidParameter, "the envelope holds text") }
        var children = root.children[...]
        var header: XML.Element?
        if let first = children.first, first.name == XML.Name("Header", namespace: SOAPNamespace.envelope) {
            header = first
            children = children.dropFirst()
        }
        guard children.count == 1, let body = children.first, body.name == XML.Name("Body", namespace: SOAPNamespace.envelope)
        else {
            throw clientFault(.invalidParameter, "the envelope must hold an optional Header and then one Body, nothing else")
        }
        return (header, body)
    }

    private static func clientFault(_ code: MAPIErrorCode, _ diagnostic: String) -> SOAPFault {
        SOAPFault(MAPIError(code, diagnostic), code: .client)
    }

    // MARK: Encoding

    /// A response envelope whose body `write` fills (with `<t:…Response>`).
    public static func response(indented: Bool = false, _ write: (inout XML.Writer) -> Void) -> [UInt8] {
        document(sessionToken: nil, indented: indented, write)
    }

    /// A fault envelope.
    public static func fault(_ fault: SOAPFault) -> [UInt8] {
        document(sessionToken: nil) { fault.write(to: &$0) }
    }

    /// A request envelope with the session token in the header (when given) and the body that
    /// `write` fills (with `<t:Operation>`).
    /// `indented` lays it out for people (documentation); the wire form is compact.
    public static func request(sessionToken: String?, indented: Bool = false, _ write: (inout XML.Writer) -> Void) -> [UInt8] {
        document(sessionToken: sessionToken, indented: indented, write)
    }

    private static func document(sessionToken: String?, indented: Bool = false, _ write: (inout XML.Writer) -> Void) -> [UInt8] {
        var writer = XML.Writer(indented: indented)
        writer.declaration()
        writer.start(
            "soap:Envelope",
            attributes: [("xmlns:soap", SOAPNamespace.envelope), ("xmlns:t", SOAPNamespace.tessera)])
        if let sessionToken {
            writer.start("soap:Header")
            writer.element("t:Session", text: sessionToken)
            writer.end()
        }
        writer.start("soap:Body")
        write(&writer)
        writer.end()
        writer.end()
        precondition(writer.isBalanced, "a SOAP body writer left elements open")
        return writer.bytes
    }
}
