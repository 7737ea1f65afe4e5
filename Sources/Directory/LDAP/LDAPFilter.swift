import Foundation

/// An LDAP search filter (RFC 4515) built from values, never by pasting strings.
///
/// Every assertion value is escaped when the filter is rendered: `*`, `(`, `)`, `\` and NUL
/// become `\2a`, `\28`, `\29`, `\5c`, `\00`, so a login such as `*)(uid=*` matches only an entry
/// whose login is literally that. Binary values (AD's `objectGUID`) are escaped byte by byte.
/// Filters written by an operator in the configuration enter as ``raw(_:)`` after
/// ``validated(_:)`` checked their syntax; they are trusted, user input never is.
public indirect enum LDAPFilter: Hashable, Sendable, CustomStringConvertible {
    /// `(&f1 f2 …)`.
    case and([LDAPFilter])
    /// `(|f1 f2 …)`.
    case or([LDAPFilter])
    /// `(!f)`.
    case not(LDAPFilter)
    /// `(attribute=value)`, the value escaped.
    case equal(String, String)
    /// `(attribute=\xx\xx…)`, every byte escaped (binary attributes).
    case equalBytes(String, [UInt8])
    /// `(attribute>=value)`, the value escaped.
    case greaterOrEqual(String, String)
    /// `(attribute=*)`.
    case present(String)
    /// A filter from the configuration, already checked by ``validated(_:)``.
    case raw(String)

    /// The RFC 4515 string form.
    public var description: String {
        switch self {
        case .and(let parts): "(&" + parts.map(\.description).joined() + ")"
        case .or(let parts): "(|" + parts.map(\.description).joined() + ")"
        case .not(let inner): "(!" + inner.description + ")"
        case .equal(let attribute, let value): "(\(attribute)=\(Self.escape(value)))"
        case .equalBytes(let attribute, let bytes): "(\(attribute)=\(Self.escape(bytes: bytes)))"
        case .greaterOrEqual(let attribute, let value): "(\(attribute)>=\(Self.escape(value)))"
        case .present(let attribute): "(\(attribute)=*)"
        case .raw(let text): text
        }
    }

    /// Escapes an assertion value (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL; other bytes,
    /// UTF-8 included, stay as they are.
    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "*": out += "\\2a"
            case "(": out += "\\28"
            case ")": out += "\\29"
            case "\\": out += "\\5c"
            case "\0": out += "\\00"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes every byte as `\xx` (for binary values such as `objectGUID`).
    public static func escape(bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            out.append("\\")
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return out
    }

    /// Checks the syntax of a filter taken from the configuration: non-empty, wrapped in
    /// parentheses that balance (escaped ones excepted), no NUL. Returns it as ``raw(_:)``.
    public static func validated(_ text: String) throws(DirectoryError) -> LDAPFilter {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("("), trimmed.hasSuffix(")") else {
            throw DirectoryError(.configuration, "LDAP filter \(text) must be enclosed in parentheses")
        }
        var depth = 0
        var escaped = false
        for (index, scalar) in trimmed.unicodeScalars.enumerated() {
            if scalar == "\0" { throw DirectoryError(.configuration, "LDAP filter contains NUL") }
            if escaped { escaped = false; continue }
            switch scalar {
            case "\\": escaped = true
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth < 0 || (depth == 0 && index != trimmed.unicodeScalars.count - 1) {
                    throw DirectoryError(.configuration, "LDAP filter \(text) has unbalanced parentheses")
                }
            default: break
            }
        }
        guard depth == 0, !escaped else {
            throw DirectoryError(.configuration, "LDAP filter \(text) has unbalanced parentheses")
        }
        return .raw(trimmed)
    }

    /// Whether `name` is a valid attribute description: a name (letter, then letters, digits,
    /// hyphens) or a numeric OID, optionally followed by `;options`.
    public static func isValidAttribute(_ name: String) -> Bool {
        let parts = name.split(separator: ";", omittingEmptySubsequences: false)
        guard let base = parts.first, !base.isEmpty else { return false }
        let isKeystring = base.first!.isASCII && base.first!.isLetter
            && base.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        let isOID = base.split(separator: ".", omittingEmptySubsequences: false)
            .allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        let optionsValid = parts.dropFirst().allSatisfy {
            !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "=") }
        }
        return (isKeystring || isOID) && optionsValid
    }
}
