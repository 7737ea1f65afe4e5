/// What a client call can fail with: one struct with a code that says what kind of failure it
/// is, a diagnostic for humans and, when the server answered with a fault, that fault.
///
/// ```swift
/// do { _ = try await Server(url: url, user: "alice", password: "wrong") }
/// catch let error where error.code == .logonFailed { print("wrong user or password") }
/// ```
public struct TesseraClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure a caller may want to handle differently.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// Wrong user or password, or the account may not log on (`MAPI_E_LOGON_FAILED`).
        case logonFailed
        /// The session token is dead: expired, revoked (logoff, password change) or never valid
        /// (`MAPI_E_END_OF_SESSION`). Log on again.
        case sessionEnded
        /// No such folder, item or attachment (`MAPI_E_NOT_FOUND`, or a folder path that does
        /// not resolve).
        case notFound
        /// The server sent the request elsewhere and that failed too: a second redirect, a
        /// redirect without a usable URL, or one that would downgrade HTTPS to HTTP.
        case redirectFailed
        /// The server could not be reached or answered with something that is not a Tessera
        /// response (`MAPI_E_NETWORK_ERROR` included).
        case network
        /// Any other fault of the server; ``fault`` has its MAPI code, name and message.
        case server
        /// The caller passed something unusable (a malformed path, filter, id or option).
        case invalidArgument
        /// A local file (a sync state file) could not be read or written.
        case localStorage
    }

    /// What kind of failure this is.
    public var code: Code
    /// A short explanation for humans; never holds passwords or message bodies.
    public var diagnostic: String
    /// The fault the server answered with, when the error comes from one.
    public var fault: ServerFault?

    /// An error of the given kind.
    public init(_ code: Code, _ diagnostic: String, fault: ServerFault? = nil) {
        self.code = code
        self.diagnostic = diagnostic
        self.fault = fault
    }

    /// The MAPI code of the server's fault, when it is one this build knows.
    public var mapiCode: MAPIErrorCode? { fault?.knownCode }

    /// `notFound: no folder "Inbox/Projects" (MAPI_E_NOT_FOUND 0x8004010F)`.
    public var description: String {
        guard let fault else { return "\(code.rawValue): \(diagnostic)" }
        return "\(code.rawValue): \(diagnostic) (\(fault.name) \(fault.hexCode))"
    }
}

/// A SOAP fault as the server sent it: MAPI code, name, message and, with
/// `MAPI_E_UNABLE_TO_COMPLETE`, where to go instead.
public struct ServerFault: Sendable, Hashable {
    /// The MAPI code as sent (possibly one this build does not know).
    public var code: UInt32
    /// The MAPI name as sent, e.g. `MAPI_E_NOT_FOUND`.
    public var name: String
    /// The fault string (the server's diagnostic, sanitised by the server).
    public var message: String
    /// The URL the server redirected to, if any.
    public var redirectURL: String?

    /// A fault from its parts.
    public init(code: UInt32, name: String, message: String, redirectURL: String? = nil) {
        self.code = code
        self.name = name
        self.message = message
        self.redirectURL = redirectURL
    }

    /// The code as a known MAPI code, or nil.
    public var knownCode: MAPIErrorCode? { MAPIErrorCode(rawValue: code) }

    /// `0x8004010F`.
    public var hexCode: String {
        let digits = String(code, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
