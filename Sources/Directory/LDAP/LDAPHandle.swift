import CLDAP
import Foundation

/// One libldap connection (`LDAP *`): the only Swift file that imports the C module.
///
/// Every method blocks; callers run them on a ``BlockingExecutor`` thread. A handle is used by
/// one thread at a time (the ``LDAPConnectionPool`` hands it to exactly one caller), which is
/// why it is `@unchecked Sendable`: it may move between threads, never be shared by two at once.
/// `deinit` unbinds and frees the connection.
final class LDAPHandle: @unchecked Sendable {
    /// Transport security of a connection.
    enum Security: Sendable, Equatable {
        /// Plain LDAP (or ldapi://, or ldaps:// whose TLS the URI scheme already asks for).
        case none
        /// Upgrade with the StartTLS extended operation before binding.
        case startTLS
    }

    /// Connection settings taken from ``LDAPConfiguration``.
    struct Options: Sendable {
        var networkTimeout: Double
        var operationTimeout: Double
        var caFile: String?
        var verifyCertificate: Bool
    }

    private var ld: OpaquePointer?
    /// The URI this handle was opened for.
    let uri: String
    private let options: Options

    /// Prepares a connection to one URI (libldap connects lazily, on the first operation).
    init(uri: String, options: Options) throws(LDAPResultError) {
        self.uri = uri
        self.options = options
        var handle: OpaquePointer?
        let rc = ldap_initialize(&handle, uri)
        guard rc == LDAP_SUCCESS, let handle else {
            throw LDAPResultError(code: rc, operation: "initialize \(uri)", message: String(cString: ldap_err2string(rc)), diagnostic: "")
        }
        ld = handle
        var version: Int32 = LDAP_VERSION3
        ldap_set_option(handle, LDAP_OPT_PROTOCOL_VERSION, &version)
        ldap_set_option(handle, LDAP_OPT_REFERRALS, tessera_ldap_opt_off())
        ldap_set_option(handle, LDAP_OPT_RESTART, tessera_ldap_opt_on())
        var network = Self.timeval(options.networkTimeout)
        ldap_set_option(handle, LDAP_OPT_NETWORK_TIMEOUT, &network)
        var operation = Self.timeval(options.operationTimeout)
        ldap_set_option(handle, LDAP_OPT_TIMEOUT, &operation)
        var require: Int32 = options.verifyCertificate ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER
        ldap_set_option(handle, LDAP_OPT_X_TLS_REQUIRE_CERT, &require)
        if let caFile = options.caFile {
            let rc = ldap_set_option(handle, LDAP_OPT_X_TLS_CACERTFILE, caFile)
            if rc != LDAP_OPT_SUCCESS { throw error(rc, "set CA file") }
        }
        var isServer: Int32 = 0
        let ctx = ldap_set_option(handle, LDAP_OPT_X_TLS_NEWCTX, &isServer)
        if ctx != LDAP_OPT_SUCCESS && uri.lowercased().hasPrefix("ldaps") { throw error(ctx, "TLS context") }
    }

    deinit {
        if let ld { ldap_unbind_ext_s(ld, nil, nil) }
    }

    /// Opens the TCP/IPC connection now (libldap would otherwise wait for the first operation),
    /// so that an unreachable URI is found at once and the next one tried.
    func connect() throws(LDAPResultError) {
        let rc = ldap_connect(ld)
        if rc != LDAP_SUCCESS { throw error(rc, "connect") }
    }

    /// Upgrades the connection with StartTLS (connects first if needed).
    func startTLS() throws(LDAPResultError) {
        let rc = ldap_start_tls_s(ld, nil, nil)
        if rc != LDAP_SUCCESS { throw error(rc, "StartTLS") }
    }

    /// A simple bind. An empty DN and password is an anonymous bind; callers refuse an empty
    /// password for a non-empty DN before they get here (RFC 4513 §5.1.2 "unauthenticated").
    func bindSimple(dn: String, password: String) throws(LDAPResultError) {
        var bytes = Array(password.utf8)
        defer { for i in bytes.indices { bytes[i] = 0 } }
        let rc: Int32 = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) { chars in
                var credential = berval(bv_len: ber_len_t(buffer.count), bv_val: buffer.count == 0 ? nil : chars)
                return ldap_sasl_bind_s(ld, dn, nil, &credential, nil, nil, nil)
            }
        }
        if rc != LDAP_SUCCESS { throw error(rc, "bind") }
    }

    /// A SASL EXTERNAL bind: over `ldapi://` the server maps the peer's uid/gid to an identity.
    func bindSASLExternal() throws(LDAPResultError) {
        let rc = ldap_sasl_interactive_bind_s(ld, nil, "EXTERNAL", nil, nil, LDAP_SASL_QUIET, saslInteract, nil)
        if rc != LDAP_SUCCESS { throw error(rc, "SASL EXTERNAL bind") }
    }

    /// One search request, or one page of it when `pageSize` is set (RFC 2696). Returns the
    /// entries and, for paged searches, the cookie for the next page (nil after the last page).
    /// A `sizeLimitExceeded` result throws, so a truncated answer is never taken for a whole one.
    func search(
        base: String, scope: LDAPSearchScope, filter: String, attributes: [String],
        pageSize: Int? = nil, cookie: [UInt8]? = nil
    ) throws(LDAPResultError) -> (entries: [LDAPEntry], cookie: [UInt8]?) {
        var pageControl: UnsafeMutablePointer<LDAPControl>?
        defer { if let pageControl { ldap_control_free(pageControl) } }
        if let pageSize {
            var cookieBytes = cookie ?? []
            let rc: Int32 = cookieBytes.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    var value = berval(bv_len: ber_len_t(chars.count), bv_val: chars.count == 0 ? nil : chars.baseAddress)
                    return ldap_create_page_control(ld, ber_int_t(pageSize), &value, 0, &pageControl)
                }
            }
            if rc != LDAP_SUCCESS { throw error(rc, "paged results control") }
        }
        var serverControls: [UnsafeMutablePointer<LDAPControl>?] = [pageControl, nil]
        var cAttributes: [UnsafeMutablePointer<CChar>?] = attributes.map { strdup($0) } + [nil]
        defer { for pointer in cAttributes { free(pointer) } }
        var timeout = Self.timeval(options.operationTimeout)
        var result: OpaquePointer?
        defer { if let result { ldap_msgfree(result) } }
        let rc = serverControls.withUnsafeMutableBufferPointer { controls in
            cAttributes.withUnsafeMutableBufferPointer { attrs in
                ldap_search_ext_s(
                    ld, base, scope.rawValue, filter, attributes.isEmpty ? nil : attrs.baseAddress, 0,
                    pageControl == nil ? nil : controls.baseAddress, nil, &timeout, 0, &result)
            }
        }
        if rc != LDAP_SUCCESS {
            if rc == LDAPResultError.noSuchObject { return ([], nil) }
            throw error(rc, "search")
        }
        var entries: [LDAPEntry] = []
        var message = ldap_first_entry(ld, result)
        while let entry = message {
            entries.append(read(entry))
            message = ldap_next_entry(ld, entry)
        }
        var nextCookie: [UInt8]?
        if pageSize != nil, let result {
            var code: Int32 = 0
            var returned: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?
            let parsed = ldap_parse_result(ld, result, &code, nil, nil, nil, &returned, 0)
            defer { if let returned { ldap_controls_free(returned) } }
            if parsed != LDAP_SUCCESS { throw error(parsed, "parse search result") }
            if code != LDAP_SUCCESS { throw error(code, "search") }
            if let returned, let control = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, returned, nil) {
                var count: ber_int_t = 0
                var value = berval(bv_len: 0, bv_val: nil)
                let prc = ldap_parse_pageresponse_control(ld, control, &count, &value)
                if prc != LDAP_SUCCESS { throw error(prc, "parse paged results response") }
                if value.bv_len > 0, let bytes = value.bv_val {
                    nextCookie = Array(UnsafeRawBufferPointer(start: bytes, count: Int(value.bv_len)))
                }
                if let bytes = value.bv_val { ber_memfree(bytes) }
            }
        }
        return (entries, nextCookie)
    }

    private func read(_ entry: OpaquePointer) -> LDAPEntry {
        var dn = ""
        if let cDN = ldap_get_dn(ld, entry) {
            dn = String(cString: cDN)
            ldap_memfree(cDN)
        }
        var attributes: [String: [[UInt8]]] = [:]
        var ber: OpaquePointer?
        var name = ldap_first_attribute(ld, entry, &ber)
        while let cName = name {
            let key = String(cString: cName).lowercased()
            if let values = ldap_get_values_len(ld, entry, cName) {
                var list: [[UInt8]] = []
                var index = 0
                while let value = values[index] {
                    let bv = value.pointee
                    list.append(bv.bv_len == 0 ? [] : Array(UnsafeRawBufferPointer(start: bv.bv_val, count: Int(bv.bv_len))))
                    index += 1
                }
                ldap_value_free_len(values)
                attributes[key] = list
            } else {
                attributes[key] = []
            }
            ldap_memfree(cName)
            name = ldap_next_attribute(ld, entry, ber)
        }
        if let ber { ber_free(ber, 0) }
        return LDAPEntry(dn: dn, attributes: attributes)
    }

    private func error(_ rc: Int32, _ operation: String) -> LDAPResultError {
        var diagnostic = ""
        var text: UnsafeMutablePointer<CChar>?
        if let ld, ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &text) == LDAP_OPT_SUCCESS, let text {
            diagnostic = String(cString: text)
            ldap_memfree(text)
        }
        return LDAPResultError(code: rc, operation: "\(operation) on \(uri)", message: String(cString: ldap_err2string(rc)), diagnostic: diagnostic)
    }

    private static func timeval(_ seconds: Double) -> Glibc.timeval {
        let whole = seconds.rounded(.down)
        return Glibc.timeval(tv_sec: Int(whole), tv_usec: Int((seconds - whole) * 1_000_000))
    }
}

/// Answers libsasl's prompts for SASL EXTERNAL with the defaults (there is nothing to ask).
private let saslInteract: @convention(c) (OpaquePointer?, UInt32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32 = {
    _, _, _, prompts in
    guard var prompt = prompts?.assumingMemoryBound(to: sasl_interact_t.self) else { return LDAP_SUCCESS }
    while prompt.pointee.id != UInt(bitPattern: Int(SASL_CB_LIST_END)) {
        let answer = prompt.pointee.defresult ?? UnsafePointer(("" as StaticString).utf8Start).withMemoryRebound(to: CChar.self, capacity: 1) { $0 }
        prompt.pointee.result = UnsafeRawPointer(answer)
        prompt.pointee.len = UInt32(strlen(answer))
        prompt += 1
    }
    return LDAP_SUCCESS
}
