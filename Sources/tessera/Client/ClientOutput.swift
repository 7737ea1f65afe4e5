import Client
import Foundation

/// How `tessera client` prints: aligned text tables for people, JSON for programs.
enum ClientOutput {
    /// Prints rows under a header, columns padded to their widths (the last one is not).
    static func table(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        for row in [header] + rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }
            print(cells.joined(separator: "  "))
        }
    }

    /// A note for people on standard error (standard output stays clean for `--json`).
    static func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    /// Prints a JSON value (objects with sorted keys, slashes as they are).
    static func json(_ value: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    /// The JSON form of a property value: numbers and booleans as such, times as ISO 8601
    /// (UTC), binaries as hex, strings as they are, lists as arrays.
    static func jsonValue(_ value: PropertyValue) -> Any {
        switch value {
        case .string8(let s), .unicode(let s): return s
        case .short(let v): return Int(v)
        case .long(let v): return Int(v)
        case .i8(let v), .currency(let v): return v
        case .float(let v): return Double(v)
        case .double(let v), .appTime(let v): return v.isFinite ? v : String(v)
        case .boolean(let v): return v
        case .sysTime(let t): return DateText.iso8601(t)
        case .binary(let b): return EntryID(b).hex
        case .multiString8(let v), .multiUnicode(let v): return v
        case .multiBinary(let v): return v.map { EntryID($0).hex }
        case .multiSysTime(let v): return v.map(DateText.iso8601)
        case .multiLong(let v): return v.map { Int($0) }
        case .multiShort(let v): return v.map { Int($0) }
        case .multiI8(let v), .multiCurrency(let v): return v
        default: return PropertyValueText.display(value, maxBytes: .max)
        }
    }

    /// A property bag as a JSON object keyed by MAPI name (`PR_SUBJECT`) or hex tag.
    static func jsonProperties(_ properties: PropertyBag) -> [String: Any] {
        Dictionary(properties.map { (columnName($0.tag), jsonValue($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    /// `PR_SUBJECT`, or `0x8005001F` for tags without a name.
    static func columnName(_ tag: PropertyTag) -> String { tag.name ?? tag.description }
}
