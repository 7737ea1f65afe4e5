import Foundation

/// How to reach and read an LDAP directory. Plain values with documented defaults; the executable
/// fills it from the config file, ``validated()`` checks it before use.
public struct LDAPConfiguration: Sendable, CustomStringConvertible {
    /// How the service connections (searches) authenticate.
    public enum ServiceBind: Sendable, Equatable {
        /// No bind: anonymous searches.
        case anonymous
        /// Simple bind with a DN and password.
        case simple(dn: String, password: String)
        /// SASL EXTERNAL: over `ldapi://` the server maps the process's uid/gid; over TLS, a
        /// client certificate.
        case saslExternal
    }

    /// Transport security for `ldap://` URIs (`ldaps://` is TLS by its scheme, `ldapi://` local).
    public enum TLS: String, Sendable {
        /// Plain LDAP. Only for loopback or `ldapi://`.
        case none
        /// StartTLS before binding; a failed StartTLS fails the connection (never falls back).
        case startTLS
    }

    /// Server URIs tried in order (`ldap://`, `ldaps://`, `ldapi://`); the first that answers is
    /// used, and the pool keeps using it until it fails.
    public var uris: [String]
    /// Search base of everything.
    public var baseDN: String
    /// Search bases of users, groups, servers and companies; nil = ``baseDN``.
    public var userBaseDN: String?, groupBaseDN: String?, serverBaseDN: String?, companyBaseDN: String?
    /// Service bind. Default anonymous.
    public var bind: ServiceBind
    /// StartTLS or not for `ldap://` URIs. Default `.none`.
    public var tls: TLS
    /// PEM file of the CAs that sign the server certificate; nil = the system's default.
    public var caFile: String?
    /// Check the server certificate chain and host name. Default true; only tests turn it off.
    public var verifyCertificate: Bool
    /// Seconds to wait for a TCP connect before trying the next URI. Default 3.
    public var networkTimeout: Double
    /// Seconds an operation (bind, search page) may take. Default 10.
    public var operationTimeout: Double
    /// Entries per page of the paged-results control. Default 500 (below slapd's default limit).
    public var pageSize: Int
    /// Most service (search) connections open at once. Default 4.
    public var maximumConnections: Int
    /// Most connections for user binds (authentication) open at once. Default 4.
    public var maximumAuthenticationConnections: Int
    /// Read large groups' members in ranges of this many values (`member;range=0-N`, AD's
    /// ranged retrieval); nil asks for all values and follows ranges only when the server
    /// starts them (AD does above 1,500 values).
    public var memberRangeSize: Int?
    /// Which attributes mean what.
    public var attributes: LDAPAttributeMap

    /// A configuration from a preset; every other setting has its default.
    public init(
        preset: LDAPPreset, uris: [String], baseDN: String, bind: ServiceBind = .anonymous,
        tls: TLS = .none, caFile: String? = nil, attributeOverrides: [String: String] = [:]
    ) throws(DirectoryError) {
        self.uris = uris
        self.baseDN = baseDN
        self.bind = bind
        self.tls = tls
        self.caFile = caFile
        self.verifyCertificate = true
        self.networkTimeout = 3
        self.operationTimeout = 10
        self.pageSize = 500
        self.maximumConnections = 4
        self.maximumAuthenticationConnections = 4
        self.memberRangeSize = nil
        self.attributes = try preset.attributeMap.overriding(attributeOverrides)
    }

    /// Checks what can be checked without a server; returns the configuration unchanged.
    public func validated() throws(DirectoryError) -> LDAPConfiguration {
        guard !uris.isEmpty else { throw DirectoryError(.configuration, "LDAP: no URI configured") }
        for uri in uris {
            let lower = uri.lowercased()
            guard lower.hasPrefix("ldap://") || lower.hasPrefix("ldaps://") || lower.hasPrefix("ldapi://") else {
                throw DirectoryError(.configuration, "LDAP: \(uri) is not an ldap://, ldaps:// or ldapi:// URI")
            }
        }
        for base in [baseDN, userBaseDN, groupBaseDN, serverBaseDN, companyBaseDN].compactMap({ $0 }) {
            _ = try DistinguishedName(parsing: base)
        }
        if case .simple(let dn, let password) = bind {
            _ = try DistinguishedName(parsing: dn)
            if password.isEmpty { throw DirectoryError(.configuration, "LDAP: the service bind password is empty") }
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw DirectoryError(.configuration, "LDAP: CA file \(caFile) cannot be read")
        }
        guard networkTimeout > 0, operationTimeout > 0 else {
            throw DirectoryError(.configuration, "LDAP: timeouts must be positive")
        }
        guard pageSize > 0, maximumConnections > 0, maximumAuthenticationConnections > 0 else {
            throw DirectoryError(.configuration, "LDAP: page size and pool sizes must be positive")
        }
        _ = try attributes.validated()
        return self
    }

    /// Without the service password.
    public var description: String {
        let bindText = switch bind {
        case .anonymous: "anonymous"
        case .simple(let dn, _): "simple(\(dn), password redacted)"
        case .saslExternal: "SASL EXTERNAL"
        }
        return "LDAPConfiguration(uris: \(uris), base: \(baseDN), bind: \(bindText), tls: \(tls.rawValue))"
    }
}
