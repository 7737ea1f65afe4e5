import MAPI

/// The mapping between MAPI values and their XML form in the Tessera protocol
/// (`docs/protocol.md`, "Value encodings").
///
/// A property is `<t:prop tag="0x0037001F">` holding one value element named after its type:
///
/// | type | element | text |
/// |---|---|---|
/// | PT_SHORT, PT_LONG, PT_I8 | `short`, `long`, `i8` | decimal integer |
/// | PT_CURRENCY | `currency` | decimal integer in units of 1/10,000 |
/// | PT_FLOAT, PT_DOUBLE, PT_APPTIME | `float`, `double`, `appTime` | `xs:double` (`INF`, `-INF`, `NaN`) |
/// | PT_ERROR | `error` | `0x8004010F` |
/// | PT_BOOLEAN | `boolean` | `true` / `false` (`1` / `0` accepted) |
/// | PT_STRING8, PT_UNICODE | `string8`, `unicode` | the text; `encoding="base64"`: base64 of its UTF-8 |
/// | PT_SYSTIME | `sysTime` | FILETIME: decimal 100 ns ticks since 1601-01-01 UTC |
/// | PT_CLSID | `clsid` | `00062008-0000-0000-C000-000000000046` |
/// | PT_BINARY | `binary` | base64 |
/// | PT_MV_* | `mvShort` … `mvBinary` | one `<t:v>` per element, each as above |
///
/// Strings holding characters XML 1.0 cannot carry (control characters other than TAB, LF,
/// CR; U+FFFE; U+FFFF) are written as base64 with `encoding="base64"`; every decoder accepts
/// both forms. Errors: a malformed value or tag is `MAPI_E_INVALID_PARAMETER`; a value element
/// whose type is not the tag's (or no type at all) is `MAPI_E_INVALID_TYPE`.
public enum MAPIXML {}

extension MAPIXML {
    /// The local name of the value element for each type.
    public static func elementName(of type: PropertyType) -> String {
        switch type {
        case .short: "short"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .currency: "currency"
        case .appTime: "appTime"
        case .error: "error"
        case .boolean: "boolean"
        case .i8: "i8"
        case .string8: "string8"
        case .unicode: "unicode"
        case .sysTime: "sysTime"
        case .clsid: "clsid"
        case .binary: "binary"
        case .multiShort: "mvShort"
        case .multiLong: "mvLong"
        case .multiFloat: "mvFloat"
        case .multiDouble: "mvDouble"
        case .multiCurrency: "mvCurrency"
        case .multiAppTime: "mvAppTime"
        case .multiI8: "mvI8"
        case .multiString8: "mvString8"
        case .multiUnicode: "mvUnicode"
        case .multiSysTime: "mvSysTime"
        case .multiClsid: "mvClsid"
        case .multiBinary: "mvBinary"
        }
    }

    private static let typesByElementName: [String: PropertyType] = Dictionary(
        uniqueKeysWithValues: PropertyType.allCases.map { (elementName(of: $0), $0) })

    /// The type a value element stands for; nil for any other name.
    public static func type(ofElementNamed local: String) -> PropertyType? { typesByElementName[local] }

    // MARK: Writing

    /// Writes the value element (`<t:long>5</t:long>`, `<t:mvLong><t:v>5</t:v></t:mvLong>`).
    public static func write(_ value: PropertyValue, to writer: inout XML.Writer) {
        let name = "t:" + elementName(of: value.type)
        switch value {
        case .short(let v): writer.element(name, text: String(v))
        case .long(let v): writer.element(name, text: String(v))
        case .float(let v): writer.element(name, text: text(of: Double(v), float: v))
        case .double(let v), .appTime(let v): writer.element(name, text: text(of: v))
        case .currency(let v), .i8(let v): writer.element(name, text: String(v))
        case .error(let v): writer.element(name, text: hex32(v))
        case .boolean(let v): writer.element(name, text: v ? "true" : "false")
        case .string8(let v), .unicode(let v): writeString(v, name: name, to: &writer)
        case .sysTime(let v): writer.element(name, text: String(v.rawValue))
        case .clsid(let v): writer.element(name, text: v.description)
        case .binary(let v): writer.element(name, text: Base64.encode(v))
        case .multiShort(let v): writeMulti(name, v.map { String($0) }, to: &writer)
        case .multiLong(let v): writeMulti(name, v.map { String($0) }, to: &writer)
        case .multiFloat(let v): writeMulti(name, v.map { text(of: Double($0), float: $0) }, to: &writer)
        case .multiDouble(let v), .multiAppTime(let v): writeMulti(name, v.map { text(of: $0) }, to: &writer)
        case .multiCurrency(let v), .multiI8(let v): writeMulti(name, v.map { String($0) }, to: &writer)
        case .multiSysTime(let v): writeMulti(name, v.map { String($0.rawValue) }, to: &writer)
        case .multiClsid(let v): writeMulti(name, v.map(\.description), to: &writer)
        case .multiBinary(let v): writeMulti(name, v.map { Base64.encode($0) }, to: &writer)
        case .multiString8(let v), .multiUnicode(let v):
            writer.start(name)
            for string in v { writeString(string, name: "t:v", to: &writer) }
            writer.end()
        }
    }

    /// Writes `<t:prop tag="…">value</t:prop>`.
    public static func write(_ property: Property, to writer: inout XML.Writer) {
        writer.start("t:prop", ["tag": property.tag.xmlText])
        write(property.value, to: &writer)
        writer.end()
    }

    /// Writes `<t:name>` holding one `<t:prop>` per property.
    public static func write(properties: some Sequence<Property>, as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name)
        for property in properties { write(property, to: &writer) }
        writer.end()
    }

    /// Writes `<t:name>` holding one `<t:tag>` per tag.
    public static func write(tags: [PropertyTag], as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name)
        for tag in tags { writer.element("t:tag", text: tag.xmlText) }
        writer.end()
    }

    private static func writeMulti(_ name: String, _ texts: [String], to writer: inout XML.Writer) {
        writer.start(name)
        for text in texts { writer.element("t:v", text: text) }
        writer.end()
    }

    private static func writeString(_ string: String, name: String, to writer: inout XML.Writer) {
        if XML.Writer.isRepresentable(string) {
            writer.element(name, text: string)
        } else {
            writer.element(name, ["encoding": "base64"], text: Base64.encode(Array(string.utf8)))
        }
    }

    /// `xs:double` text: Swift's shortest round-tripping form, `INF`, `-INF`, `NaN`.
    static func text(of value: Double, float: Float? = nil) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-INF" : "INF" }
        return float.map { String(describing: $0) } ?? String(describing: value)
    }

    /// `0x8004010F`.
    /// `0x` and eight upper-case hex digits: ten ASCII bytes, a small string (no allocation),
    /// written once per property of every answer.
    static func hex32(_ value: UInt32) -> String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            buffer[0] = UInt8(ascii: "0")
            buffer[1] = UInt8(ascii: "x")
            for index in 0..<8 {
                let nibble = UInt8(truncatingIfNeeded: value >> (28 - 4 * index)) & 0x0F
                buffer[2 + index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
            }
            return 10
        }
    }

    // MARK: Reading

    /// Reads a value element of any type.
    public static func value(from element: XML.Element) throws(MAPIError) -> PropertyValue {
        guard element.name.namespace == SOAPNamespace.tessera, let type = type(ofElementNamed: element.name.local) else {
            throw MAPIError(.invalidType, "<\(element.name)> is not a property value type")
        }
        return try value(from: element, as: type)
    }

    /// Reads a value element that must be of `type` (PT_STRING8 and PT_UNICODE, and their
    /// PT_MV_ forms, stand for each other and come back as `type`).
    public static func value(from element: XML.Element, expecting type: PropertyType) throws(MAPIError) -> PropertyValue {
        guard element.name.namespace == SOAPNamespace.tessera, let found = self.type(ofElementNamed: element.name.local) else {
            throw MAPIError(.invalidType, "<\(element.name)> is not a property value type (expected \(type))")
        }
        guard found == type || (found.isString && type.isString && found.isMultiValued == type.isMultiValued) else {
            throw MAPIError(.invalidType, "expected a value of type \(type), got <\(element.name.local)> (\(found))")
        }
        return try value(from: element, as: type)
    }

    private static func value(from element: XML.Element, as type: PropertyType) throws(MAPIError) -> PropertyValue {
        if type.isMultiValued {
            try element.allowOnlyChildren(["v"])
            guard element.hasOnlyWhitespaceText else {
                throw MAPIError(.invalidParameter, "<\(element.name.local)> holds text outside its <v> elements")
            }
            let items = element.children
            switch type {
            case .multiShort: return .multiShort(try items.map { e throws(MAPIError) in try integer(e, Int16.self) })
            case .multiLong: return .multiLong(try items.map { e throws(MAPIError) in try integer(e, Int32.self) })
            case .multiFloat: return .multiFloat(try items.map { e throws(MAPIError) in try float(e) })
            case .multiDouble: return .multiDouble(try items.map { e throws(MAPIError) in try double(e) })
            case .multiAppTime: return .multiAppTime(try items.map { e throws(MAPIError) in try double(e) })
            case .multiCurrency: return .multiCurrency(try items.map { e throws(MAPIError) in try integer(e, Int64.self) })
            case .multiI8: return .multiI8(try items.map { e throws(MAPIError) in try integer(e, Int64.self) })
            case .multiString8: return .multiString8(try items.map { e throws(MAPIError) in try string(e) })
            case .multiUnicode: return .multiUnicode(try items.map { e throws(MAPIError) in try string(e) })
            case .multiSysTime: return .multiSysTime(try items.map { e throws(MAPIError) in try sysTime(e) })
            case .multiClsid: return .multiClsid(try items.map { e throws(MAPIError) in try guid(e) })
            case .multiBinary: return .multiBinary(try items.map { e throws(MAPIError) in try binary(e) })
            default: preconditionFailure("\(type) is multi-valued but has no case")
            }
        }
        switch type {
        case .short: return .short(try integer(element, Int16.self))
        case .long: return .long(try integer(element, Int32.self))
        case .float: return .float(try float(element))
        case .double: return .double(try double(element))
        case .appTime: return .appTime(try double(element))
        case .currency: return .currency(try integer(element, Int64.self))
        case .i8: return .i8(try integer(element, Int64.self))
        case .error: return .error(try hex32(element))
        case .boolean: return .boolean(try boolean(element))
        case .string8: return .string8(try string(element))
        case .unicode: return .unicode(try string(element))
        case .sysTime: return .sysTime(try sysTime(element))
        case .clsid: return .clsid(try guid(element))
        case .binary: return .binary(try binary(element))
        default: preconditionFailure("\(type) is single-valued but has no case")
        }
    }

    /// Reads `<t:prop tag="…">value</t:prop>`; the value must have the tag's type.
    public static func property(from element: XML.Element) throws(MAPIError) -> Property {
        guard element.isTessera("prop") else { throw MAPIError(.invalidParameter, "expected <prop>, got <\(element.name)>") }
        guard let tagText = element.attribute("tag") else { throw MAPIError(.invalidParameter, "<prop> lacks its tag") }
        let tag = try PropertyTag(xmlText: tagText).validated()
        guard element.children.count == 1, element.hasOnlyWhitespaceText else {
            throw MAPIError(.invalidParameter, "<prop tag=\"\(tagText)\"> must hold exactly one value element")
        }
        let value = try value(from: element.children[0], expecting: tag.type!)
        return try Property(tag, value)
    }

    /// Reads a list of `<t:prop>` (the children of `element`).
    public static func properties(from element: XML.Element) throws(MAPIError) -> [Property] {
        guard element.hasOnlyWhitespaceText else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> holds text outside its <prop> elements")
        }
        return try element.children.map { e throws(MAPIError) in try property(from: e) }
    }

    /// Reads a list of `<t:tag>` (the children of `element`), each validated.
    public static func tags(from element: XML.Element) throws(MAPIError) -> [PropertyTag] {
        try element.allowOnlyChildren(["tag"])
        return try element.children.map { e throws(MAPIError) in
            try e.requireNoChildren()
            return try PropertyTag(xmlText: String(e.trimmedText)).validated()
        }
    }

    // MARK: Scalars

    static func integer<I: FixedWidthInteger>(_ element: XML.Element, _: I.Type) throws(MAPIError) -> I {
        try element.requireNoChildren()
        guard let value = I(element.trimmedText, radix: 10) else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> is not a \(I.bitWidth)-bit integer")
        }
        return value
    }

    static func double(_ element: XML.Element) throws(MAPIError) -> Double {
        try element.requireNoChildren()
        guard let value = parseDouble(element.trimmedText) else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> is not an xs:double")
        }
        return value
    }

    static func float(_ element: XML.Element) throws(MAPIError) -> Float {
        try element.requireNoChildren()
        let text = element.trimmedText
        guard isDoubleLexical(text), let value = text == "INF" ? .infinity : text == "-INF" ? -.infinity : Float(text) else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> is not an xs:float")
        }
        return value
    }

    /// `xs:double` lexical form only: Swift's own parser would also take `0x1p3`, `nan`, `inf`.
    static func parseDouble(_ text: Substring) -> Double? {
        guard isDoubleLexical(text) else { return nil }
        switch text {
        case "INF", "+INF": return .infinity
        case "-INF": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }

    private static func isDoubleLexical(_ text: Substring) -> Bool {
        if text == "INF" || text == "+INF" || text == "-INF" || text == "NaN" { return true }
        // Digits, '.', exponent and signs only; Swift's parser then refuses misplaced ones.
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): break
            default: return false
            }
        }
        return digits > 0
    }

    static func hex32(_ element: XML.Element) throws(MAPIError) -> UInt32 {
        try element.requireNoChildren()
        guard let value = parseHex32(element.trimmedText) else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> is not a 32-bit hex value like 0x8004010F")
        }
        return value
    }

    /// `0x` and one to eight hex digits.
    /// Byte by byte over the UTF-8: every request's tags pass here, and `Character`s (grapheme
    /// breaking, `isHexDigit`) cost more than the rest of decoding a GetProps request.
    static func parseHex32(_ text: some StringProtocol) -> UInt32? {
        var bytes = text.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "0"), let x = bytes.next(), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") else {
            return nil
        }
        var value: UInt32 = 0
        var digits = 0
        while let byte = bytes.next() {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            digits += 1
            guard digits <= 8 else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return digits > 0 ? value : nil
    }

    static func boolean(_ element: XML.Element) throws(MAPIError) -> Bool {
        try element.requireNoChildren()
        guard let value = parseBoolean(element.trimmedText) else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> is not an xs:boolean")
        }
        return value
    }

    static func parseBoolean(_ text: some StringProtocol) -> Bool? {
        switch text {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    static func string(_ element: XML.Element) throws(MAPIError) -> String {
        try element.requireNoChildren()
        switch element.attribute("encoding") {
        case nil:
            return element.text
        case "base64":
            guard let bytes = Base64.decode(element.text), let string = String(validating: bytes, as: UTF8.self) else {
                throw MAPIError(.invalidParameter, "<\(element.name.local) encoding=\"base64\"> is not base64 of UTF-8 text")
            }
            return string
        case let other?:
            throw MAPIError(.invalidParameter, "<\(element.name.local)> has an unknown encoding \"\(other)\"")
        }
    }

    static func sysTime(_ element: XML.Element) throws(MAPIError) -> FileTime {
        FileTime(rawValue: try integer(element, Int64.self))
    }

    static func guid(_ element: XML.Element) throws(MAPIError) -> GUID {
        try element.requireNoChildren()
        let text = element.trimmedText
        guard text.utf8.count == 36, let guid = GUID(String(text)) else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> is not a GUID like 00062008-0000-0000-C000-000000000046")
        }
        return guid
    }

    static func binary(_ element: XML.Element) throws(MAPIError) -> [UInt8] {
        try element.requireNoChildren()
        guard let bytes = Base64.decode(element.text) else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> is not base64")
        }
        return bytes
    }
}

extension PropertyTag {
    /// The tag as `0x0037001F`.
    public var xmlText: String { MAPIXML.hex32(rawValue) }

    /// Parses `0x0037001F` (one to eight hex digits); `MAPI_E_INVALID_PARAMETER` otherwise.
    /// The tag is not validated: call ``validated()`` for that.
    public init(xmlText: some StringProtocol) throws(MAPIError) {
        guard let raw = MAPIXML.parseHex32(xmlText) else {
            throw MAPIError(.invalidParameter, "\"\(xmlText.prefix(40))\" is not a property tag like 0x0037001F")
        }
        self.init(rawValue: raw)
    }
}
