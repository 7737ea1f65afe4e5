import MAPI
import SOAP

/// Reads the login name of a buffered `Logon` body, and nothing else (ARCHITECTURE §4: the
/// router parses no XML but Logon's).
///
/// Decision: the SOAP module's hardened libxml2 parser with tight limits, not a hand-written
/// scanner. A login may hold entities (`&amp;`), character references or CDATA; decoding those
/// by hand would be a second XML text decoder to get wrong, and a login read differently here
/// than at the node would route the user to the wrong server. The parser refuses DTDs and
/// entities and checks every limit while it reads, and with these limits a Logon costs
/// microseconds: a real one is about 300 bytes, 6 elements deep at most.
public enum LogonLogin {
    /// The limits a Logon body is parsed under.
    public static func limits(maximumBodyBytes: Int) -> XML.Limits {
        XML.Limits(
            maxBodyBytes: maximumBodyBytes, maxDepth: 8, maxElements: 32, maxAttributesPerElement: 16,
            maxTextBytesPerElement: 8_192, maxTotalTextBytes: 16_384, timeBudget: .seconds(1))
    }

    /// The `user` part of the Logon in `body`; the fault to answer when the body is not a
    /// well-formed Logon within the limits.
    public static func extract(from body: [UInt8], maximumBodyBytes: Int) throws(RouterFault) -> String {
        let request: SOAPRequest
        do {
            request = try SOAPEnvelope.decodeRequest(body, limits: limits(maximumBodyBytes: maximumBodyBytes))
        } catch {
            throw RouterFault(soapFault: error, reason: "bad_logon")
        }
        guard request.operation.name == LogonRequest.operationName else {
            throw RouterFault.badEnvelope("the body's operation is \(request.operation.name), not Logon")
        }
        do {
            return try LogonRequest(element: request.body).user
        } catch {
            throw RouterFault(error.code, error.diagnostic, reason: "bad_logon")
        }
    }
}
