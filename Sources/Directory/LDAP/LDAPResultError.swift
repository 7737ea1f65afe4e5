/// A failed LDAP operation: the result code (RFC 4511 §4.1.9, or libldap's negative client
/// codes), libldap's text for it and the server's diagnostic message (which, for Active
/// Directory binds, carries `data 52e` and friends).
struct LDAPResultError: Error, Sendable, CustomStringConvertible {
    /// The result code.
    var code: Int32
    /// What was being done ("bind", "search", "StartTLS").
    var operation: String
    /// libldap's text for the code.
    var message: String
    /// The server's or TLS layer's diagnostic message, if any.
    var diagnostic: String

    var description: String {
        diagnostic.isEmpty ? "\(operation): \(message) (\(code))" : "\(operation): \(message) (\(code)): \(diagnostic)"
    }

    // Result codes Tessera reacts to (numbers fixed by RFC 4511 and libldap's ldap.h).
    static let success: Int32 = 0
    static let timeLimitExceeded: Int32 = 3
    static let sizeLimitExceeded: Int32 = 4
    static let noSuchObject: Int32 = 32
    static let invalidCredentials: Int32 = 49
    static let insufficientAccess: Int32 = 50
    static let busy: Int32 = 51
    static let unavailable: Int32 = 52
    static let unwillingToPerform: Int32 = 53
    static let serverDown: Int32 = -1
    static let timeout: Int32 = -5
    static let connectError: Int32 = -11

    /// Whether the connection is gone or never came up: discard the handle, try the next URI.
    var isConnectionFailure: Bool {
        code == Self.serverDown || code == Self.connectError || code == Self.unavailable || code == Self.busy
            || code == -2 /* local error, e.g. TLS */
    }

    /// Whether a client- or server-side time limit ran out.
    var isTimeout: Bool { code == Self.timeout || code == Self.timeLimitExceeded }

    /// The ``DirectoryError`` callers see.
    var directoryError: DirectoryError {
        if isTimeout { return DirectoryError(.timeout, description) }
        if isConnectionFailure { return DirectoryError(.unavailable, description) }
        if code == Self.invalidCredentials || code == Self.insufficientAccess {
            return DirectoryError(.configuration, description)
        }
        return DirectoryError(.backend, description)
    }
}
