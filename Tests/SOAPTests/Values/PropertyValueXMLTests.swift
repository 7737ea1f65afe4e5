import MAPI
import SOAP
import Testing

/// Writes `write` inside a root that declares the `t` prefix, parses the result and returns
/// the root's children.
func roundTrip(_ write: (inout XML.Writer) -> Void) throws -> [XML.Element] {
    var writer = XML.Writer()
    writer.start("t:root", ["xmlns:t": SOAPNamespace.tessera])
    write(&writer)
    writer.end()
    return try XML.parse(writer.bytes).children
}

/// Parses `<t:root>` + xml + `</t:root>` and returns the first child.
func element(_ xml: String) throws -> XML.Element {
    try XML.parse(Array("<t:root xmlns:t=\"\(SOAPNamespace.tessera)\">\(xml)</t:root>".utf8)).children[0]
}

/// The MAPI code `body` throws; nil (and an issue for anything but a `MAPIError`) otherwise.
func mapiCode(_ body: () throws -> Void) -> MAPIErrorCode? {
    do {
        try body()
        return nil
    } catch let error as MAPIError {
        return error.code
    } catch {
        Issue.record("unexpected \(error)")
        return nil
    }
}

@Suite struct PropertyValueXMLTests {
    static let guid = GUID("00062008-0000-0000-C000-000000000046")!

    /// One value of every type, with edge cases.
    static let values: [PropertyValue] = [
        .short(-32768), .short(32767), .long(Int32.min), .long(0), .float(1.5), .float(-0.0), .float(.infinity),
        .float(Float.leastNonzeroMagnitude), .double(0.1), .double(-.infinity), .double(1e300), .double(.leastNonzeroMagnitude),
        .currency(123_456_789), .appTime(45000.25), .error(0x8004_010F), .boolean(true), .boolean(false),
        .i8(Int64.min), .i8(Int64.max), .string8("plain"), .unicode("Grüße 😀 <&> \"q\" 'a' ]]>"),
        .unicode("  leading and trailing  "), .unicode("line\nbreak\r\nand\ttab"), .unicode(""),
        .unicode("bell\u{07} nul\u{00} fffe\u{FFFE}"), .string8("esc\u{1B}[0m"),
        .sysTime(FileTime(rawValue: 133_575_936_001_234_567)), .sysTime(FileTime(rawValue: 0)),
        .sysTime(FileTime(rawValue: Int64.max)), .clsid(guid), .binary([]), .binary([0, 1, 2, 0xFF, 0xFE]),
        .binary(Array(0...255)), .multiShort([1, -2]), .multiLong([]), .multiLong([Int32.max, Int32.min]),
        .multiFloat([0.25, -1e10]), .multiDouble([3.141592653589793, .infinity]), .multiCurrency([1, -1]),
        .multiAppTime([1.5]), .multiI8([Int64.max]), .multiString8(["a", "b\u{01}"]), .multiUnicode(["x", "", "ü"]),
        .multiSysTime([FileTime(rawValue: 1), FileTime(rawValue: 2)]), .multiClsid([guid, .psMAPI]),
        .multiBinary([[], [1, 2, 3]]),
    ]

    @Test(arguments: values)
    func valueRoundTrip(_ value: PropertyValue) throws {
        let elements = try roundTrip { MAPIXML.write(value, to: &$0) }
        #expect(elements.count == 1)
        #expect(try MAPIXML.value(from: elements[0]) == value)
        #expect(try MAPIXML.value(from: elements[0], expecting: value.type) == value)
    }

    @Test func everyTypeIsCovered() {
        #expect(Set(Self.values.map(\.type)) == Set(PropertyType.allCases))
    }

    @Test func notANumberRoundTrips() throws {
        let elements = try roundTrip {
            MAPIXML.write(.double(.nan), to: &$0)
            MAPIXML.write(.float(.nan), to: &$0)
        }
        guard case .double(let d) = try MAPIXML.value(from: elements[0]), case .float(let f) = try MAPIXML.value(from: elements[1])
        else {
            Issue.record("wrong types")
            return
        }
        #expect(d.isNaN && f.isNaN)
    }

    @Test func wireForms() throws {
        var writer = XML.Writer()
        writer.start("t:root", ["xmlns:t": SOAPNamespace.tessera])
        MAPIXML.write(Property(id: 0x0037, value: .unicode("Hi & bye")), to: &writer)
        MAPIXML.write(Property(id: 0x0E06, value: .sysTime(FileTime(rawValue: 42))), to: &writer)
        MAPIXML.write(Property(id: 0x8001, value: .multiLong([1, 2])), to: &writer)
        MAPIXML.write(Property(id: 0x0FFF, value: .binary([1, 2, 3])), to: &writer)
        MAPIXML.write(Property(id: 0x0037, value: .unicode("a\u{01}")), to: &writer)
        MAPIXML.write(Property(id: 0x0E17, value: .double(.infinity)), to: &writer)
        writer.end()
        #expect(
            writer.string
                == #"<t:root xmlns:t="urn:tessera:soap:1">"#
                + #"<t:prop tag="0x0037001F"><t:unicode>Hi &amp; bye</t:unicode></t:prop>"#
                + #"<t:prop tag="0x0E060040"><t:sysTime>42</t:sysTime></t:prop>"#
                + #"<t:prop tag="0x80011003"><t:mvLong><t:v>1</t:v><t:v>2</t:v></t:mvLong></t:prop>"#
                + #"<t:prop tag="0x0FFF0102"><t:binary>AQID</t:binary></t:prop>"#
                + #"<t:prop tag="0x0037001F"><t:unicode encoding="base64">YQE=</t:unicode></t:prop>"#
                + #"<t:prop tag="0x0E170005"><t:double>INF</t:double></t:prop>"#
                + "</t:root>")
    }

    @Test func lenientButExactReading() throws {
        #expect(try MAPIXML.value(from: element("<t:long> 42\n</t:long>")) == .long(42))
        #expect(try MAPIXML.value(from: element("<t:boolean>1</t:boolean>")) == .boolean(true))
        #expect(try MAPIXML.value(from: element("<t:double>-1.5E3</t:double>")) == .double(-1500))
        #expect(try MAPIXML.value(from: element("<t:error>0x80040111</t:error>")) == .error(0x8004_0111))
        #expect(try MAPIXML.value(from: element("<t:binary>AQ\nID</t:binary>")) == .binary([1, 2, 3]))
        #expect(try MAPIXML.value(from: element("<t:clsid>00062008-0000-0000-c000-000000000046</t:clsid>")) == .clsid(Self.guid))
        // A PT_STRING8 tag may carry a <unicode> value and the other way round.
        #expect(try MAPIXML.value(from: element("<t:unicode>x</t:unicode>"), expecting: .string8) == .string8("x"))
        #expect(try MAPIXML.property(from: element("<t:prop tag='0x0037001E'><t:unicode>x</t:unicode></t:prop>")).value == .string8("x"))
    }

    static let invalidParameter: [String] = [
        "<t:long>4294967296</t:long>", "<t:short>40000</t:short>", "<t:long>1.5</t:long>", "<t:long></t:long>",
        "<t:long>0x10</t:long>", "<t:double>0x1p3</t:double>", "<t:double>nan</t:double>", "<t:double>inf</t:double>",
        "<t:double>1,5</t:double>", "<t:float>abc</t:float>", "<t:boolean>yes</t:boolean>", "<t:error>80040111</t:error>",
        "<t:error>0x100000000</t:error>", "<t:binary>AQ=ID</t:binary>", "<t:binary>A</t:binary>", "<t:binary>*</t:binary>",
        "<t:clsid>{00062008-0000-0000-C000-000000000046}</t:clsid>", "<t:clsid>x</t:clsid>",
        "<t:unicode encoding='base64'>//79</t:unicode>", "<t:unicode encoding='hex'>00</t:unicode>",
        "<t:unicode><t:v>x</t:v></t:unicode>", "<t:mvLong><t:x>1</t:x></t:mvLong>", "<t:mvLong>1<t:v>1</t:v></t:mvLong>",
        "<t:mvLong><t:v>a</t:v></t:mvLong>", "<t:sysTime>9223372036854775808</t:sysTime>",
    ]

    @Test(arguments: invalidParameter)
    func malformedValuesAreInvalidParameter(_ xml: String) throws {
        let e = try element(xml)
        #expect(mapiCode { _ = try MAPIXML.value(from: e) } == .invalidParameter, "\(xml)")
    }

    @Test func wrongTypesAreInvalidType() throws {
        #expect(mapiCode { _ = try MAPIXML.value(from: element("<t:integer>1</t:integer>")) } == .invalidType)
        #expect(mapiCode { _ = try MAPIXML.value(from: element("<other xmlns='urn:x'>1</other>")) } == .invalidType)
        #expect(mapiCode { _ = try MAPIXML.value(from: element("<t:long>1</t:long>"), expecting: .short) } == .invalidType)
        #expect(mapiCode { _ = try MAPIXML.value(from: element("<t:unicode>1</t:unicode>"), expecting: .multiUnicode) } == .invalidType)
        let prop = "<t:prop tag='0x0037001F'><t:long>1</t:long></t:prop>"
        #expect(mapiCode { _ = try MAPIXML.property(from: element(prop)) } == .invalidType)
    }

    @Test func badPropertiesAreInvalidParameter() throws {
        for xml in [
            "<t:prop><t:long>1</t:long></t:prop>", "<t:prop tag='37001F'><t:long>1</t:long></t:prop>",
            "<t:prop tag='0x00370099'><t:long>1</t:long></t:prop>", "<t:prop tag='0x00000003'><t:long>1</t:long></t:prop>",
            "<t:prop tag='0x0E080003'/>", "<t:prop tag='0x0E080003'><t:long>1</t:long><t:long>2</t:long></t:prop>",
            "<t:prop tag='0x0E080003'>x<t:long>1</t:long></t:prop>", "<t:property tag='0x0E080003'><t:long>1</t:long></t:property>",
        ] {
            #expect(mapiCode { _ = try MAPIXML.property(from: element(xml)) } == .invalidParameter, "\(xml)")
        }
    }

    @Test func propertyListsAndTags() throws {
        let properties = [
            Property(id: 0x0037, value: .unicode("s")), Property(id: 0x0E08, value: .long(5)),
            Property(id: 0x8005, value: .multiBinary([[9]])),
        ]
        let tags: [PropertyTag] = [.subject, .messageSize, PropertyTag(id: 0x8005, type: .multiBinary)]
        let elements = try roundTrip {
            MAPIXML.write(properties: properties, as: "props", to: &$0)
            MAPIXML.write(tags: tags, as: "tags", to: &$0)
        }
        #expect(try MAPIXML.properties(from: elements[0]) == properties)
        #expect(try MAPIXML.tags(from: elements[1]) == tags)
        #expect(mapiCode { _ = try MAPIXML.tags(from: element("<t:tags><t:tag>0x00370000</t:tag></t:tags>")) } == .invalidParameter)
        #expect(mapiCode { _ = try MAPIXML.tags(from: element("<t:tags><t:prop/></t:tags>")) } == .invalidParameter)
    }

    @Test func tagText() throws {
        #expect(PropertyTag.subject.xmlText == "0x0037001F")
        #expect(PropertyTag(rawValue: 0).xmlText == "0x00000000")
        #expect(PropertyTag(rawValue: 0xFEDC_BA98).xmlText == "0xFEDCBA98")
        #expect(PropertyTag(rawValue: 0x0001_000B).xmlText == "0x0001000B")
        #expect(try PropertyTag(xmlText: "0x37001f") == .subject)
        #expect(mapiCode { _ = try PropertyTag(xmlText: "55") } == .invalidParameter)
        #expect(mapiCode { _ = try PropertyTag(xmlText: "0x") } == .invalidParameter)
        #expect(mapiCode { _ = try PropertyTag(xmlText: "0x123456789") } == .invalidParameter)
        #expect(mapiCode { _ = try PropertyTag(xmlText: "0x-1") } == .invalidParameter)
        #expect(try PropertyTag(xmlText: "0X0037001f") == .subject)
        #expect(try PropertyTag(xmlText: "0xFFFFFFFF").rawValue == 0xFFFF_FFFF)
        for text in ["0x+37001F", "0x 37001F", "0x37001G", "0x\u{FF13}7001F", "00x37001F", "x37001F", " 0x37001F"] {
            #expect(mapiCode { _ = try PropertyTag(xmlText: text) } == .invalidParameter, "\(text)")
        }
    }
}
