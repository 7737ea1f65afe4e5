/// How far below its base a search looks (RFC 4511 §4.5.1.2).
enum LDAPSearchScope: Int32, Sendable {
    /// The base entry only.
    case base = 0
    /// The entries directly below the base.
    case oneLevel = 1
    /// The base and everything below it.
    case subtree = 2
}
