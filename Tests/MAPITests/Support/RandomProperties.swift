import MAPI
@_exported import TestSupport

/// Random property values and sets for round-trip tests.
enum RandomProperties {
    static let alphabet: [Character] = ["a", "Z", "0", " ", "ä", "ß", "İ", "€", "😀", "\u{301}", "é", "\t"]

    static func string(_ g: inout SplitMix64) -> String {
        String((0..<Int.random(in: 0...12, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
    }

    static func bytes(_ g: inout SplitMix64) -> [UInt8] {
        (0..<Int.random(in: 0...40, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    static func many<T>(_ g: inout SplitMix64, _ element: (inout SplitMix64) -> T) -> [T] {
        (0..<Int.random(in: 0...5, using: &g)).map { _ in element(&g) }
    }

    static func double(_ g: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<8, using: &g) {
        case 0: .nan
        case 1: -0.0
        case 2: .infinity
        default: Double(bitPattern: g.next())
        }
    }

    static func value(of type: PropertyType, _ g: inout SplitMix64) -> PropertyValue {
        switch type {
        case .short: .short(Int16(truncatingIfNeeded: g.next()))
        case .long: .long(Int32(truncatingIfNeeded: g.next()))
        case .float: .float(Float(bitPattern: UInt32(truncatingIfNeeded: g.next())))
        case .double: .double(double(&g))
        case .currency: .currency(Int64(bitPattern: g.next()))
        case .appTime: .appTime(double(&g))
        case .error: .error(UInt32(truncatingIfNeeded: g.next()))
        case .boolean: .boolean(Bool.random(using: &g))
        case .i8: .i8(Int64(bitPattern: g.next()))
        case .string8: .string8(string(&g))
        case .unicode: .unicode(string(&g))
        case .sysTime: .sysTime(FileTime(rawValue: Int64(bitPattern: g.next())))
        case .clsid: .clsid(GUID.random(using: &g))
        case .binary: .binary(bytes(&g))
        case .multiShort: .multiShort(many(&g) { Int16(truncatingIfNeeded: $0.next()) })
        case .multiLong: .multiLong(many(&g) { Int32(truncatingIfNeeded: $0.next()) })
        case .multiFloat: .multiFloat(many(&g) { Float(bitPattern: UInt32(truncatingIfNeeded: $0.next())) })
        case .multiDouble: .multiDouble(many(&g) { double(&$0) })
        case .multiCurrency: .multiCurrency(many(&g) { Int64(bitPattern: $0.next()) })
        case .multiAppTime: .multiAppTime(many(&g) { double(&$0) })
        case .multiI8: .multiI8(many(&g) { Int64(bitPattern: $0.next()) })
        case .multiString8: .multiString8(many(&g) { string(&$0) })
        case .multiUnicode: .multiUnicode(many(&g) { string(&$0) })
        case .multiSysTime: .multiSysTime(many(&g) { FileTime(rawValue: Int64(bitPattern: $0.next())) })
        case .multiClsid: .multiClsid(many(&g) { GUID.random(using: &$0) })
        case .multiBinary: .multiBinary(many(&g) { bytes(&$0) })
        }
    }

    static func set(_ g: inout SplitMix64) -> PropertySet {
        PropertySet(
            (0..<Int.random(in: 0...20, using: &g)).map { _ in
                Property(
                    id: UInt16.random(in: 1...0xFFFE, using: &g),
                    value: value(of: PropertyType.allCases.randomElement(using: &g)!, &g))
            })
    }
}

/// Bit-exact equality of sets (NaN == NaN), by comparing encodings.
func identical(_ a: PropertySet, _ b: PropertySet) -> Bool {
    PropertyCodec.encode(a) == PropertyCodec.encode(b)
}
