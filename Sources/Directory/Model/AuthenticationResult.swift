/// The outcome of a logon attempt. The four failures are distinct so that logs, metrics and
/// operators can tell them apart; the SOAP edge may still show a client one generic
/// `MAPI_E_LOGON_FAILED` for the first three.
public enum AuthenticationResult: Hashable, Sendable {
    /// The password is right and the account is active.
    case success(DirectoryUser)
    /// The user exists, the password is wrong (empty passwords are always wrong).
    case wrongPassword
    /// The account exists but may not log on: disabled, locked, expired, non-login, shared store.
    case inactive(InactiveReason)
    /// No such user (also: a login that matches more than one user).
    case unknownUser
    /// The directory could not answer (down, timed out, misconfigured); try again later.
    case unavailable(DirectoryError)

    /// The user, on success.
    public var user: DirectoryUser? {
        if case .success(let user) = self { return user }
        return nil
    }

    /// A short stable name for logs and metrics.
    public var outcome: String {
        switch self {
        case .success: "success"
        case .wrongPassword: "wrong_password"
        case .inactive(let reason): "inactive_\(reason.rawValue)"
        case .unknownUser: "unknown_user"
        case .unavailable: "unavailable"
        }
    }
}
