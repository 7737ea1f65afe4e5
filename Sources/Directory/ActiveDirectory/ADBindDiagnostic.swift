/// Active Directory's reason for a failed bind, read from the `data XXX` sub-code of the
/// diagnostic message that comes with `invalidCredentials` (49), e.g.
/// `80090308: LdapErr: DSID-0C09042A, comment: AcceptSecurityContext error, data 52e, v4563`.
public enum ADBindDiagnostic: Equatable, Sendable {
    /// 525: no such user.
    case noSuchUser
    /// 52e: wrong password.
    case wrongPassword
    /// 530, 531: not permitted at this time or from this workstation.
    case restricted
    /// 532: password expired; 773: the user must reset the password.
    case passwordExpired
    /// 533: account disabled.
    case disabled
    /// 701: account expired.
    case accountExpired
    /// 775: account locked out.
    case locked

    /// The reason in `diagnostic`, nil when it carries no known AD sub-code.
    public init?(diagnostic: String) {
        let lower = diagnostic.lowercased()
        guard let range = lower.range(of: "data ") else { return nil }
        let code = lower[range.upperBound...].prefix { $0.isHexDigit }
        switch code {
        case "525": self = .noSuchUser
        case "52e": self = .wrongPassword
        case "530", "531": self = .restricted
        case "532", "773": self = .passwordExpired
        case "533": self = .disabled
        case "701": self = .accountExpired
        case "775": self = .locked
        default: return nil
        }
    }

    /// The authentication result this sub-code stands for.
    public var result: AuthenticationResult {
        switch self {
        case .noSuchUser: .unknownUser
        case .wrongPassword: .wrongPassword
        case .restricted, .disabled: .inactive(.disabled)
        case .passwordExpired, .accountExpired: .inactive(.expired)
        case .locked: .inactive(.locked)
        }
    }
}
