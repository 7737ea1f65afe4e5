/// One entry of a search result: its DN and the values of the attributes asked for.
public struct LDAPEntry: Hashable, Sendable {
    /// The entry's DN as the server spelled it.
    public var dn: String
    /// Values by lower-cased attribute description (`mail`, `member;range=0-1499`).
    public var attributes: [String: [[UInt8]]]

    /// An entry.
    public init(dn: String, attributes: [String: [[UInt8]]]) {
        self.dn = dn
        self.attributes = attributes
    }

    /// All values of `attribute` as bytes (empty when absent).
    public func values(_ attribute: String) -> [[UInt8]] { attributes[attribute.lowercased()] ?? [] }

    /// All values of `attribute` as text.
    public func strings(_ attribute: String) -> [String] {
        values(attribute).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The first value of `attribute` as text, nil when absent or empty.
    public func string(_ attribute: String?) -> String? {
        guard let attribute, let first = values(attribute).first, !first.isEmpty else { return nil }
        return String(decoding: first, as: UTF8.self)
    }

    /// The first value of `attribute` as an integer, nil when absent or not a number.
    public func integer(_ attribute: String?) -> Int64? {
        string(attribute).flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
    }
}

import Foundation
