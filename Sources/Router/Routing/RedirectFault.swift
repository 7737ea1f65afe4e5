import MAPI
import SOAP

/// Recognises a node's redirect: a small SOAP fault `MAPI_E_UNABLE_TO_COMPLETE` with a
/// `redirectURL` (docs/protocol.md, "Faults"). Only small, uncompressed XML answers with status
/// 500 are looked at; anything else is passed on as it is.
public enum RedirectFault {
    /// Largest answer body inspected (a redirect fault is about 500 bytes).
    public static let maximumBytes = 8_192

    /// Whether an answer with this status, content type and encoding may be a redirect fault
    /// worth buffering (`contentLength` nil when chunked).
    public static func mayBeRedirect(status: Int, contentType: String?, contentEncoding: String?, contentLength: Int?) -> Bool {
        guard status == 500, contentType?.lowercased().contains("xml") == true else { return false }
        if let encoding = contentEncoding, encoding.lowercased() != "identity" { return false }
        return (contentLength ?? 0) <= maximumBytes
    }

    /// The redirect URL in a fault body; nil when the body is not a redirect fault.
    public static func url(in body: [UInt8]) -> String? {
        let limits = XML.Limits(
            maxBodyBytes: maximumBytes, maxDepth: 8, maxElements: 32, maxAttributesPerElement: 16, maxTextBytesPerElement: 4_096,
            maxTotalTextBytes: maximumBytes, timeBudget: .seconds(1))
        guard let root = try? XML.parse(body, limits: limits) else { return nil }
        do {
            _ = try SOAPEnvelope.decodeResponse(root)
            return nil
        } catch {
            guard error.mapiCode == MAPIErrorCode.unableToComplete.rawValue, let url = error.redirectURL, !url.isEmpty else { return nil }
            return url
        }
    }
}
