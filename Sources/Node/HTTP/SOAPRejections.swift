import HTTP
import MAPI
import SOAP

/// What the node answers when the HTTP layer refuses a request before the SOAP service sees it:
/// a SOAP fault with the MAPI code (`MAPI_E_TOO_BIG` for a body over the limit), with the HTTP
/// status the refusal calls for. Timeouts just close the connection.
enum SOAPRejections {
    static func response(for rejection: HTTPRejection) -> HTTPResponse? {
        guard rejection.isAnswered else { return nil }
        let code: MAPIErrorCode = switch rejection.reason {
        case .bodyTooLarge, .decompressionLimit, .headersTooLarge: .tooBig
        case .tooManyConnections: .networkError
        case .unsupportedContentEncoding: .noSupport
        default: .invalidParameter
        }
        let message = rejection.diagnostic.isEmpty ? "request refused: \(rejection.reason.rawValue)" : rejection.diagnostic
        return HTTPResponse(
            status: rejection.status, headers: ["Content-Type": "text/xml; charset=utf-8"],
            body: SOAPEnvelope.fault(SOAPFault(MAPIError(code, message))))
    }
}
