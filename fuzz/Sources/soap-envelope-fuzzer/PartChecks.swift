import MAPI
import SOAP

/// Oracle 5: decodes each part of the request's operation element with the codec its schema
/// type names (`SOAPOperation.PartType`), and checks that whatever decoded survives the wire:
/// written by Tessera's writer, parsed and decoded again, it is the same value and writes the
/// same bytes. Every value and restriction element anywhere in the operation element is tried
/// on its own too, whichever part holds it. A part that does not decode is checked as a fault.
enum PartChecks {
    static func run(_ request: SOAPRequest) {
        for part in request.operation.request {
            for element in request.body.children(part.name, namespace: SOAPNamespace.tessera) {
                if let error = decode(element, as: part.type) { EnvelopeChecks.checkFault(SOAPFault(error)) }
            }
        }
        visit(request.body)
        checkTypedMessage(request)
    }

    /// Oracle 6: the operation's typed request (`MessageCatalog`, what the node decodes): when
    /// it decodes, writing it as an envelope and decoding that gives the same request — compared
    /// by what it writes, since values like NaN are not equal to themselves.
    static func checkTypedMessage(_ request: SOAPRequest) {
        guard let type = MessageCatalog.requestType(named: request.operation.name) else {
            return check(false, "operation \(request.operation.name) has no typed request")
        }
        let message: any SOAPRequestMessage
        do {
            message = try type.init(element: request.body)
        } catch {
            return EnvelopeChecks.checkFault(SOAPFault(error))
        }
        do {
            let written = message.envelope(sessionToken: request.sessionToken)
            let again = try type.init(element: SOAPEnvelope.decodeRequest(written).body)
            check(again.envelope(sessionToken: request.sessionToken) == written, "typed \(type.operationName) does not survive the wire")
        } catch {
            check(false, "typed \(type.operationName) written by Tessera does not decode: \(error)")
        }
    }

    /// Decodes one part; the first error, if any.
    static func decode(_ element: XML.Element, as type: SOAPOperation.PartType) -> MAPIError? {
        switch type {
        case .string, .boolean, .int, .long, .unsignedShort:
            // Plain XSD text: the handlers read it, not the MAPI codecs.
            return nil
        case .base64:
            return checkBase64(element)
        case .guid:
            return checkGUID(element)
        case .properties:
            return checkProperties(element)
        case .tags:
            return roundTrip("tags", element, MAPIXML.tags(from:)) { MAPIXML.write(tags: $0, as: "tags", to: &$1) }.error
        case .tableQuery:
            return checkTableQuery(element)
        case .rows:
            return firstError(element.children("row", namespace: SOAPNamespace.tessera).map(checkProperties))
        case .entryIDs:
            return firstError(element.children("entryID", namespace: SOAPNamespace.tessera).map(checkBase64))
        case .namedProperty:
            return checkNamedProperty(element)
        case .newAttachment:
            return firstError(
                element.children("props", namespace: SOAPNamespace.tessera).map(checkProperties)
                    + element.children("data", namespace: SOAPNamespace.tessera).map(checkBase64))
        case .change:
            let binaries = ["sourceKey", "parentSourceKey", "changeKey", "predecessorChangeList"].flatMap {
                element.children($0, namespace: SOAPNamespace.tessera)
            }
            return firstError(
                element.children("props", namespace: SOAPNamespace.tessera).map(checkProperties) + binaries.map(checkBase64))
        case .notification, .clusterMember, .namedPropertyMapping:
            // Response types only.
            return nil
        }
    }

    /// Every value and restriction element below `element`, decoded on its own.
    static func visit(_ element: XML.Element) {
        for child in element.children {
            if child.name.namespace == SOAPNamespace.tessera {
                if MAPIXML.type(ofElementNamed: child.name.local) != nil {
                    roundTrip("value", child, MAPIXML.value(from:)) { MAPIXML.write($0, to: &$1) }
                } else if restrictionNames.contains(child.name.local) {
                    checkRestriction(child)
                } else if child.name.local == "prop" {
                    roundTrip("property", child, MAPIXML.property(from:)) { MAPIXML.write($0, to: &$1) }
                }
            }
            visit(child)
        }
    }

    static let restrictionNames: Set<String> = [
        "and", "or", "not", "content", "property", "compareProps", "bitmask", "size", "exist", "sub",
    ]

    // MARK: Codecs

    static func checkProperties(_ element: XML.Element) -> MAPIError? {
        let decoded = roundTrip("property list", element, MAPIXML.properties(from:)) {
            MAPIXML.write(properties: $0, as: "props", to: &$1)
        }
        if case .success(let properties) = decoded { checkStorage(properties) }
        return decoded.error
    }

    /// The properties as the store keeps them (`PropertyCodec`): encoded, decoded, the same set.
    static func checkStorage(_ properties: [Property]) {
        for property in properties { _ = try? PropertyValidation.validate(property) }
        let set = PropertySet(properties)
        let bytes = PropertyCodec.encode(set)
        check(bytes.count == PropertyCodec.encodedSize(of: set), "PropertyCodec.encodedSize is not the encoded size")
        do {
            let decoded = try PropertyCodec.decode(bytes)
            check(PropertyCodec.encode(decoded) == bytes, "a property set changed in PropertyCodec's round trip")
            check(same(decoded, set), "a property set decoded from PropertyCodec is another set")
        } catch {
            finding("PropertyCodec refuses its own encoding: \(error)")
        }
    }

    static func checkTableQuery(_ element: XML.Element) -> MAPIError? {
        let decoded = roundTrip("table query", element, MAPIXML.tableQuery(from:)) {
            MAPIXML.write($0, as: "query", to: &$1)
        }
        if case .success(let query) = decoded {
            _ = try? query.validated()
            if let restriction = query.restriction { evaluate(restriction) }
        }
        return decoded.error
    }

    static func checkRestriction(_ element: XML.Element) {
        let decoded = roundTrip("restriction", element, MAPIXML.restriction(from:)) { MAPIXML.write($0, to: &$1) }
        if case .success(let restriction) = decoded { evaluate(restriction) }
    }

    /// Runs the evaluator on a row made of the restriction's own constants (so that its
    /// comparisons meet values of their types), with that row as every sub-object row too.
    static func evaluate(_ restriction: Restriction) {
        var row = PropertySet()
        func collect(_ r: Restriction) {
            switch r {
            case .and(let children), .or(let children): children.forEach(collect)
            case .not(let child), .sub(_, let child): collect(child)
            case .content(let tag, let value, _), .property(let tag, _, let value):
                row.set(Property(id: tag.id, value: value))
            case .compareProperties, .bitmask, .size, .exists: break
            }
        }
        collect(restriction)
        _ = restriction.matches(row, subRows: { _ in [row] })
    }

    static func checkNamedProperty(_ element: XML.Element) -> MAPIError? {
        let decoded = roundTrip("named property", element, MAPIXML.namedProperty(from:)) {
            MAPIXML.write($0, as: "name", to: &$1)
        }
        if case .success(let named) = decoded, let normal = try? named.normalized() {
            check((try? normal.normalized()) == normal, "NamedProperty.normalized() is not idempotent: \(named)")
        }
        return decoded.error
    }

    static func checkBase64(_ element: XML.Element) -> MAPIError? {
        guard element.children.isEmpty, let bytes = Base64.decode(element.text) else {
            return MAPIError(.invalidParameter, "<\(element.name.local)> is not base64")
        }
        check(Base64.decode(Base64.encode(bytes)) == bytes, "base64 round trip changed \(bytes.count) bytes")
        check(Base64.decodeURL(Base64.encodeURL(bytes)) == bytes, "base64url round trip changed \(bytes.count) bytes")
        if let url = Base64.decodeURL(element.text) {
            check(Base64.encodeURL(url) == element.text, "base64url accepted a non-canonical text")
        }
        return nil
    }

    static func checkGUID(_ element: XML.Element) -> MAPIError? {
        let text = String(element.text)
        guard element.children.isEmpty, let guid = GUID(text) else {
            return MAPIError(.invalidParameter, "<\(element.name.local)> is not a GUID")
        }
        check(GUID(guid.description) == guid, "GUID text round trip changed \(text)")
        check(GUID(bytes: guid.bytes) == guid, "GUID bytes round trip changed \(text)")
        return nil
    }

    // MARK: The round trip

    /// Decodes `element`; on success writes the value, parses and decodes it again, and checks
    /// that both decodings are the same (``same(_:_:)``) and write the same bytes. Returns the
    /// first decoding.
    @discardableResult
    static func roundTrip<Value: Equatable>(
        _ what: String, _ element: XML.Element, _ decode: (XML.Element) throws(MAPIError) -> Value,
        write: (Value, inout XML.Writer) -> Void
    ) -> Result<Value, MAPIError> {
        let first: Value
        do {
            first = try decode(element)
        } catch {
            return .failure(error)
        }
        let written = Wire.bytes { write(first, &$0) }
        let elements = Wire.parse(written, what).children
        check(elements.count == 1, "\(what): the writer wrote \(elements.count) elements: \(show(written))")
        let second: Value
        do {
            second = try decode(elements[0])
        } catch {
            finding("\(what) written by Tessera is refused (\(error)): \(show(written))")
        }
        let rewritten = Wire.bytes { write(second, &$0) }
        check(rewritten == written, "\(what) changed on the wire: \(show(written)) became \(show(rewritten))")
        check(same(first, second), "\(what) decoded to another value after the wire: \(show(written))")
        return .success(first)
    }

    /// Equal, or (for values holding a NaN, which equals nothing) alike field by field.
    static func same<Value: Equatable>(_ a: Value, _ b: Value) -> Bool {
        a == b || String(reflecting: a) == String(reflecting: b)
    }

    static func firstError(_ errors: [MAPIError?]) -> MAPIError? {
        errors.lazy.compactMap { $0 }.first
    }
}

extension Result {
    /// The error of a failure; nil for a success.
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
