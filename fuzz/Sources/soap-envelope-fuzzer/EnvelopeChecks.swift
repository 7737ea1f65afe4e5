import MAPI
import SOAP

/// What every fuzz input goes through, and the oracles that make a wrong answer a finding
/// (a thrown error alone never is one):
///
/// 1. Limits are monotone: a request that decodes under ``tight`` decodes to the same request
///    under the defaults.
/// 2. The streaming parser does not depend on how the body is cut: fed in small pieces, a
///    document gives the same tree (or is refused) as when fed whole.
/// 3. Writing a parsed tree and parsing it again gives the same tree (``TreeWriter``).
/// 4. Every fault survives the wire: written, parsed and read as a client does, it is the
///    same fault (``checkFault(_:)``).
/// 5. Every MAPI value in the request's parts survives the wire (``PartChecks``).
/// 6. Session tokens verify as they should (``TokenChecks``).
enum EnvelopeChecks {
    /// Small limits, so that every limit is reached by inputs of the size libFuzzer makes.
    static let tight = XML.Limits(
        maxBodyBytes: 2048, maxDepth: 8, maxElements: 48, maxAttributesPerElement: 4, maxTextBytesPerElement: 128,
        maxTotalTextBytes: 512)

    static func run(_ bytes: [UInt8]) {
        let request = decode(bytes, limits: .default)
        if let tightRequest = decode(bytes, limits: tight) {
            check(request == tightRequest, "decodes under the tight limits but not to the same request under the defaults")
        }
        checkCutting(bytes)
        if let request {
            PartChecks.run(request)
        }
        TokenChecks.run(bytes, request: request)
    }

    /// The request, or nil after checking the fault.
    static func decode(_ bytes: [UInt8], limits: XML.Limits) -> SOAPRequest? {
        do {
            return try SOAPEnvelope.decodeRequest(bytes, limits: limits)
        } catch {
            checkFault(error)
            return nil
        }
    }

    /// Oracles 2 and 3: the whole body and the body in pieces of 1 to 16 bytes (the first byte
    /// chooses) parse alike, and the tree survives writing.
    static func checkCutting(_ bytes: [UInt8]) {
        let whole = Result { () throws(XML.ParseError) in try XML.parse(bytes) }
        let piece = 1 + Int(bytes.first ?? 0) % 16
        let pieces = Result { () throws(XML.ParseError) in
            let parser = XML.Parser()
            for start in stride(from: 0, to: bytes.count, by: piece) {
                try parser.feed(Array(bytes[start..<min(start + piece, bytes.count)]))
            }
            return try parser.finish()
        }
        switch (whole, pieces) {
        case (.success(let a), .success(let b)):
            check(a == b, "the body fed in pieces of \(piece) bytes parses to another tree")
            TreeWriter.checkRoundTrip(a)
        case (.failure, .failure):
            break
        case (.success, .failure(let error)):
            finding("the body parses whole but not in pieces of \(piece) bytes: \(error)")
        case (.failure(let error), .success):
            finding("the body parses in pieces of \(piece) bytes but not whole: \(error)")
        }
    }

    /// Oracle 4: the fault envelope, parsed and decoded as a client does, gives the fault back.
    static func checkFault(_ fault: SOAPFault) {
        let bytes = SOAPEnvelope.fault(fault)
        let root = Wire.parse(bytes, "fault envelope")
        do {
            let element = try SOAPEnvelope.decodeResponse(root)
            finding("a fault envelope decodes as the response <\(element.name)>")
        } catch {
            check(error == fault, "a fault changed on the wire: sent \(fault), read \(error)")
        }
    }
}
