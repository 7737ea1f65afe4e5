import SOAP

/// The one place where server faults and lower-level errors become ``TesseraClientError``s.
extension TesseraClientError {
    /// The error for a fault the server answered with (redirects are decided before this, by
    /// ``RedirectPolicy``; a `MAPI_E_UNABLE_TO_COMPLETE` that reaches here could not be
    /// followed).
    public init(fault: SOAPFault) {
        let serverFault = ServerFault(fault)
        let code: Code
        switch MAPIErrorCode(rawValue: fault.mapiCode) {
        case .logonFailed?: code = .logonFailed
        case .endOfSession?: code = .sessionEnded
        case .notFound?: code = .notFound
        case .networkError?: code = .network
        case .unableToComplete?: code = .redirectFailed
        default: code = .server
        }
        self.init(code, Self.strippingName(fault.message, fault.mapiName), fault: serverFault)
    }

    /// The error for a response the client could not decode (a `MAPIError` of the codec): the
    /// server, or something between, did not speak the protocol.
    init(undecodable error: MAPIError, operation: String) {
        self.init(.network, "the answer to \(operation) is not a valid Tessera response: \(error.diagnostic)")
    }

    /// The error for a transport failure; errors that already are client errors stay as they are.
    init(transport error: any Error, url: String) {
        if let error = error as? TesseraClientError {
            self = error
        } else {
            self.init(.network, "\(url): \(error)")
        }
    }

    /// `MAPI_E_NOT_FOUND: no such folder` → `no such folder` (the name is in ``fault`` already).
    private static func strippingName(_ message: String, _ name: String) -> String {
        let prefix = name + ": "
        return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }
}

extension ServerFault {
    /// The parts of a decoded SOAP fault.
    init(_ fault: SOAPFault) {
        self.init(code: fault.mapiCode, name: fault.mapiName, message: fault.message, redirectURL: fault.redirectURL)
    }
}
