import MAPI

/// A SOAP 1.1 fault carrying a MAPI error (ARCHITECTURE §5).
///
/// ```xml
/// <soap:Fault>
///   <faultcode>soap:Client</faultcode>
///   <faultstring>MAPI_E_NOT_FOUND: no such folder</faultstring>
///   <detail>
///     <t:MAPIFault>
///       <t:mapiCode>0x8004010F</t:mapiCode>
///       <t:mapiName>MAPI_E_NOT_FOUND</t:mapiName>
///       <t:redirectURL>https://node2.example:8443/soap</t:redirectURL>  <!-- only with MAPI_E_UNABLE_TO_COMPLETE -->
///     </t:MAPIFault>
///   </detail>
/// </soap:Fault>
/// ```
///
/// The fault string is the error's diagnostic, sanitised (``sanitize(_:)``): one line, at most
/// ``maxMessageLength`` characters, path-like words replaced by `<path>`. Errors that are not
/// `MAPIError`s never show their text: they become `MAPI_E_CALL_FAILED` "internal error".
public struct SOAPFault: Error, Sendable, Hashable, CustomStringConvertible {
    /// SOAP 1.1 fault codes (§4.4.1).
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The envelope is not a SOAP 1.1 envelope.
        case versionMismatch = "VersionMismatch"
        /// A header block marked `mustUnderstand="1"` is not one Tessera knows.
        case mustUnderstand = "MustUnderstand"
        /// The request is wrong: the client should not resend it unchanged.
        case client = "Client"
        /// The server could not process a correct request.
        case server = "Server"
    }

    /// Longest fault string sent.
    public static let maxMessageLength = 500

    /// The SOAP fault code.
    public var code: Code
    /// The fault string (already sanitised).
    public var message: String
    /// The MAPI code as sent (may be one this build does not know, when decoded by a client).
    public var mapiCode: UInt32
    /// The MAPI name as sent, e.g. `MAPI_E_NOT_FOUND`.
    public var mapiName: String
    /// Where to send the request instead (with `MAPI_E_UNABLE_TO_COMPLETE`).
    public var redirectURL: String?

    /// A fault from all its parts; `message` is sanitised.
    public init(code: Code, message: String, mapiCode: UInt32, mapiName: String, redirectURL: String? = nil) {
        self.code = code
        self.message = Self.sanitize(message)
        self.mapiCode = mapiCode
        self.mapiName = mapiName
        self.redirectURL = redirectURL
    }

    /// The fault for a MAPI error; `redirectURL` (default: the error's own) only with
    /// `MAPI_E_UNABLE_TO_COMPLETE`.
    public init(_ error: MAPIError, redirectURL: String? = nil, code: Code? = nil) {
        self.init(
            code: code ?? Self.faultCode(for: error.code), message: "\(error.code.name): \(error.diagnostic)",
            mapiCode: error.code.rawValue, mapiName: error.code.name,
            redirectURL: error.code == .unableToComplete ? redirectURL ?? error.redirectURL : nil)
    }

    /// The fault for a document the parser refused: the limits on size and text are
    /// `MAPI_E_TOO_BIG`, those on structure `MAPI_E_TOO_COMPLEX`, the time budget
    /// `MAPI_E_NETWORK_ERROR` (the body came too slowly), everything else (malformed, DTD,
    /// entities) `MAPI_E_INVALID_PARAMETER`; all with fault code `Client`.
    public init(parseError: XML.ParseError) {
        let code: MAPIErrorCode
        switch parseError {
        case .bodyTooLarge, .textTooLong, .totalTextTooLong: code = .tooBig
        case .tooDeep, .tooManyElements, .tooManyAttributes: code = .tooComplex
        case .timeBudgetExceeded: code = .networkError
        case .doctypeNotAllowed, .entityNotAllowed, .processingInstructionNotAllowed, .malformed, .incomplete:
            code = .invalidParameter
        }
        self.init(MAPIError(code, parseError.description), code: .client)
    }

    /// The fault for any error: `MAPIError`s, parse errors and faults as themselves, anything
    /// else as `MAPI_E_CALL_FAILED` "internal error" (its text may hold paths or internals).
    public init(anyError error: any Error) {
        switch error {
        case let fault as SOAPFault: self = fault
        case let mapi as MAPIError: self.init(mapi)
        case let parse as XML.ParseError: self.init(parseError: parse)
        default: self.init(MAPIError(.callFailed, "internal error"), code: .server)
        }
    }

    /// The MAPI error this fault stands for (unknown codes become `MAPI_E_CALL_FAILED`, with the
    /// code kept in the diagnostic).
    public var mapiError: MAPIError {
        if let known = MAPIErrorCode(rawValue: mapiCode) { return MAPIError(known, message) }
        return MAPIError(.callFailed, "\(mapiName) \(MAPIXML.hex32(mapiCode)): \(message)")
    }

    /// `Client MAPI_E_NOT_FOUND 0x8004010F: …`.
    public var description: String { "\(code.rawValue) \(mapiName) \(MAPIXML.hex32(mapiCode)): \(message)" }

    /// Client for errors in the request, Server for failures of the server.
    public static func faultCode(for code: MAPIErrorCode) -> Code {
        switch code {
        case .callFailed, .notEnoughMemory, .networkError, .corruptData, .unableToComplete, .fenced: .server
        default: .client
        }
    }

    /// One line, bounded, with path-like words (`/var/lib/…`, `./x`, `~/x`, `File.swift:12`)
    /// replaced by `<path>`.
    ///
    /// Idempotent, because the client sanitises the fault string it reads again
    /// (``init(code:message:mapiCode:mapiName:redirectURL:)``): control characters become spaces
    /// before the text is split into words, and a cut string ends in a word of its own, ` …`,
    /// so that the cut never makes a path of a word that was none.
    public static func sanitize(_ text: String) -> String {
        let visible = String(text.unicodeScalars.map { scalar in
            XML.Writer.isAllowed(scalar) && scalar.value >= 0x20 ? Character(scalar) : " "
        })
        let words = visible.split(omittingEmptySubsequences: false) { $0 == " " || $0.isNewline || $0 == "\t" }
        let scrubbed = words.map { word -> Substring in
            let core = word.drop { "\"'(<[{`".contains($0) }
            let looksLikePath =
                core.hasPrefix("/") || core.hasPrefix("./") || core.hasPrefix("../") || core.hasPrefix("~/")
                || core.contains(".swift") || core.contains("\\")
            return looksLikePath && core.count > 1 ? "<path>" : word
        }
        var result = scrubbed.joined(separator: " ")
        if result.count > maxMessageLength { result = String(result.prefix(maxMessageLength - 2)) + " …" }
        return result
    }
}

extension SOAPFault {
    /// Writes `<soap:Fault>` (inside `<soap:Body>`).
    public func write(to writer: inout XML.Writer) {
        writer.start("soap:Fault")
        writer.element("faultcode", text: "soap:" + code.rawValue)
        writer.element("faultstring", text: message)
        writer.start("detail")
        writer.start("t:MAPIFault")
        writer.element("t:mapiCode", text: MAPIXML.hex32(mapiCode))
        writer.element("t:mapiName", text: mapiName)
        if let redirectURL { writer.element("t:redirectURL", text: redirectURL) }
        writer.end()
        writer.end()
        writer.end()
    }

    /// Reads a `<soap:Fault>` element (as a client does). A fault without Tessera's detail
    /// (from a proxy, say) becomes `MAPI_E_NETWORK_ERROR` with its fault string.
    public init(element: XML.Element) throws(MAPIError) {
        guard element.name == XML.Name("Fault", namespace: SOAPNamespace.envelope) else {
            throw MAPIError(.invalidParameter, "<\(element.name)> is not a SOAP fault")
        }
        let codeText = element.children.first { $0.name.local == "faultcode" }?.trimmedText ?? ""
        let local = codeText.split(separator: ":").last.map(String.init) ?? ""
        let code = Code(rawValue: local) ?? Code(rawValue: String(local.split(separator: ".").first ?? "")) ?? .server
        let message = element.children.first { $0.name.local == "faultstring" }?.text ?? ""
        let detail = element.children.first { $0.name.local == "detail" }?.children.first { $0.isTessera("MAPIFault") }
        guard let detail,
            let codeElement = try detail.optionalChild("mapiCode"),
            let mapiCode = MAPIXML.parseHex32(codeElement.trimmedText)
        else {
            self.init(MAPIError(.networkError, "SOAP fault without MAPI detail: \(message)"), code: code)
            return
        }
        let name = try detail.optionalChild("mapiName").map { String($0.trimmedText) }
        self.init(
            code: code, message: message, mapiCode: mapiCode,
            mapiName: name ?? MAPIErrorCode(rawValue: mapiCode)?.name ?? "MAPI_E_UNKNOWN",
            redirectURL: try detail.optionalChild("redirectURL").map { String($0.trimmedText) })
    }
}
