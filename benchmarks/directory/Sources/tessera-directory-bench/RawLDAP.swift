import CLDAPRaw
import Foundation

/// The baseline: one synchronous libldap connection, used by one thread, doing the plugin's
/// searches and binds with nothing around them (no pool, no executor, no mapping).
final class RawLDAP {
    private var ld: OpaquePointer?

    init(uri: String) throws {
        var handle: OpaquePointer?
        guard ldap_initialize(&handle, uri) == LDAP_SUCCESS, let handle else { throw BenchError("ldap_initialize \(uri)") }
        ld = handle
        var version: Int32 = LDAP_VERSION3
        ldap_set_option(handle, LDAP_OPT_PROTOCOL_VERSION, &version)
    }

    deinit { if let ld { ldap_unbind_ext_s(ld, nil, nil) } }

    /// A simple bind; false for invalid credentials.
    @discardableResult
    func bind(dn: String, password: String) throws -> Bool {
        var bytes = Array(password.utf8CString.dropLast())
        let rc = bytes.withUnsafeMutableBufferPointer { buffer in
            var credential = berval(bv_len: ber_len_t(buffer.count), bv_val: buffer.baseAddress)
            return ldap_sasl_bind_s(ld, dn, nil, &credential, nil, nil, nil)
        }
        if rc == LDAP_INVALID_CREDENTIALS { return false }
        guard rc == LDAP_SUCCESS else { throw BenchError("bind: \(String(cString: ldap_err2string(rc)))") }
        return true
    }

    /// A subtree search; every value of every entry copied out, as the plugin does.
    func search(base: String, filter: String, attributes: [String]) throws -> [(dn: String, values: [String: [[UInt8]]])] {
        var cAttributes: [UnsafeMutablePointer<CChar>?] = attributes.map { strdup($0) } + [nil]
        defer { for pointer in cAttributes { free(pointer) } }
        var result: OpaquePointer?
        defer { if let result { ldap_msgfree(result) } }
        let rc = cAttributes.withUnsafeMutableBufferPointer { attrs in
            ldap_search_ext_s(ld, base, LDAP_SCOPE_SUBTREE, filter, attrs.baseAddress, 0, nil, nil, nil, 0, &result)
        }
        guard rc == LDAP_SUCCESS else { throw BenchError("search: \(String(cString: ldap_err2string(rc)))") }
        var entries: [(dn: String, values: [String: [[UInt8]]])] = []
        var entry = ldap_first_entry(ld, result)
        while let current = entry {
            var dn = ""
            if let cDN = ldap_get_dn(ld, current) { dn = String(cString: cDN); ldap_memfree(cDN) }
            var values: [String: [[UInt8]]] = [:]
            var ber: OpaquePointer?
            var name = ldap_first_attribute(ld, current, &ber)
            while let cName = name {
                if let list = ldap_get_values_len(ld, current, cName) {
                    var copied: [[UInt8]] = []
                    var index = 0
                    while let value = list[index] {
                        copied.append(Array(UnsafeRawBufferPointer(start: value.pointee.bv_val, count: Int(value.pointee.bv_len))))
                        index += 1
                    }
                    ldap_value_free_len(list)
                    values[String(cString: cName).lowercased()] = copied
                }
                ldap_memfree(cName)
                name = ldap_next_attribute(ld, current, ber)
            }
            if let ber { ber_free(ber, 0) }
            entries.append((dn, values))
            entry = ldap_next_entry(ld, current)
        }
        return entries
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
