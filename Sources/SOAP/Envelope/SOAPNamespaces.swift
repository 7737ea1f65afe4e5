import MAPI

/// The namespaces of the Tessera protocol and the prefixes Tessera writes for them.
public enum SOAPNamespace {
    /// Tessera's own namespace: operations, their parts, values, faults' detail.
    public static let tessera = "urn:tessera:soap:1"
    /// SOAP 1.1 envelope.
    public static let envelope = "http://schemas.xmlsoap.org/soap/envelope/"
    /// The prefix Tessera writes for ``tessera``.
    public static let tesseraPrefix = "t"
    /// The prefix Tessera writes for ``envelope``.
    public static let envelopePrefix = "soap"
}

extension XML.Element {
    /// Whether the element is `t:local` (in ``SOAPNamespace/tessera``).
    public func isTessera(_ local: String) -> Bool {
        name.namespace == SOAPNamespace.tessera && name.local == local
    }

    /// The single child `t:local`; `MAPI_E_INVALID_PARAMETER` when it is missing or repeated.
    public func requiredChild(_ local: String) throws(MAPIError) -> XML.Element {
        guard let found = try optionalChild(local) else {
            throw MAPIError(.invalidParameter, "<\(name.local)> lacks <\(local)>")
        }
        return found
    }

    /// The child `t:local` if there is one; `MAPI_E_INVALID_PARAMETER` when it is repeated.
    public func optionalChild(_ local: String) throws(MAPIError) -> XML.Element? {
        var found: XML.Element?
        for child in children where child.isTessera(local) {
            guard found == nil else { throw MAPIError(.invalidParameter, "<\(name.local)> has more than one <\(local)>") }
            found = child
        }
        return found
    }

    /// Checks that every child is `t:` one of `allowed` (unknown parts are refused, not
    /// ignored, so that a misspelt part does not silently change a request's meaning).
    public func allowOnlyChildren(_ allowed: Set<String>) throws(MAPIError) {
        for child in children where child.name.namespace != SOAPNamespace.tessera || !allowed.contains(child.name.local) {
            throw MAPIError(.invalidParameter, "<\(name.local)> has an unexpected element <\(child.name)>")
        }
    }

    /// Refuses child elements (for elements that carry text only).
    func requireNoChildren() throws(MAPIError) {
        if let child = children.first {
            throw MAPIError(.invalidParameter, "<\(name.local)> must hold text, not <\(child.name)>")
        }
    }

    /// The text with XML white space trimmed at both ends (the `collapse` of XSD's number types).
    var trimmedText: Substring {
        let bytes = text.utf8
        let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        return text[first...last]
    }
}
