import MAPI
import SOAP
import Testing

@Suite struct RestrictionXMLTests {
    static let named = PropertyTag(id: 0x8001, type: .multiUnicode)

    /// Every case of `Restriction`, nested.
    static let restrictions: [Restriction] = [
        .and([]),
        .or([]),
        .not(.exists(.subject)),
        .content(tag: .subject, value: .unicode("Ärger"), match: ContentMatch(.substring, ignoreCase: true)),
        .content(tag: .subject, value: .string8("Re:"), match: ContentMatch(.prefix)),
        .content(tag: .html, value: .binary([0x3C]), match: ContentMatch(.fullString)),
        .property(tag: .importance, op: .greaterThanOrEqual, value: .long(2)),
        .property(tag: .messageDeliveryTime, op: .lessThan, value: .sysTime(FileTime(rawValue: 133_000_000_000_000_000))),
        .property(tag: named, op: .equal, value: .unicode("Work")),
        .compareProperties(.clientSubmitTime, .notEqual, .messageDeliveryTime),
        .bitmask(tag: .messageFlags, mask: 0x0000_0001, test: .notEqualsZero),
        .bitmask(tag: .messageFlags, mask: 0xFFFF_FFFF, test: .equalsZero),
        .size(tag: .subject, op: .lessThanOrEqual, bytes: 100),
        .exists(.hasAttachments),
        .sub(.recipients, .content(tag: .displayName, value: .unicode("bob"), match: ContentMatch(.substring, ignoreCase: true))),
        .sub(.attachments, .exists(.displayName)),
        .and([
            .or([.property(tag: .messageSize, op: .greaterThan, value: .long(10)), .not(.exists(.subject))]),
            .not(.and([.exists(.importance), .property(tag: .hasAttachments, op: .equal, value: .boolean(true))])),
        ]),
    ]

    @Test(arguments: restrictions)
    func roundTrip(_ restriction: Restriction) throws {
        let elements = try SOAPTests.roundTrip { MAPIXML.write(restriction, to: &$0) }
        #expect(try MAPIXML.restriction(from: elements[0]) == restriction)
    }

    @Test func wireForm() throws {
        var writer = XML.Writer()
        MAPIXML.write(
            .and([
                .content(tag: .subject, value: .unicode("x"), match: ContentMatch(.substring, ignoreCase: true)),
                .bitmask(tag: .messageFlags, mask: 1, test: .equalsZero),
            ]), to: &writer)
        #expect(
            writer.string
                == #"<t:and><t:content tag="0x0037001F" position="substring" ignoreCase="true"><t:unicode>x</t:unicode></t:content>"#
                + #"<t:bitmask tag="0x0E070003" mask="0x00000001" test="eqz"/></t:and>"#)
    }

    static let invalidParameter: [String] = [
        "<t:nand/>", "<t:and>text</t:and>", "<t:not/>", "<t:not><t:exist tag='0x0037001F'/><t:exist tag='0x0037001F'/></t:not>",
        "<t:exist/>", "<t:exist tag='0x00370000'/>", "<t:exist tag='0x0037001F'><t:and/></t:exist>",
        "<t:property tag='0x0E080003' op='eqq'><t:long>1</t:long></t:property>",
        "<t:property tag='0x0E080003'><t:long>1</t:long></t:property>", "<t:property tag='0x0E080003' op='eq'/>",
        "<t:content tag='0x0037001F' position='middle'><t:unicode>x</t:unicode></t:content>",
        "<t:content tag='0x0037001F' position='prefix' ignoreCase='maybe'><t:unicode>x</t:unicode></t:content>",
        "<t:content tag='0x0E080003' position='prefix'><t:long>1</t:long></t:content>",
        "<t:bitmask tag='0x0E070003' mask='1' test='eqz'/>", "<t:bitmask tag='0x0E070003' mask='0x1' test='zero'/>",
        "<t:bitmask tag='0x0037001F' mask='0x1' test='eqz'/>", "<t:size tag='0x0037001F' op='lt' bytes='-1'/>",
        "<t:size tag='0x0037001F' op='lt'/>", "<t:compareProps tag1='0x0037001F' op='lt'/>",
        "<t:sub object='folders'><t:exist tag='0x0037001F'/></t:sub>", "<other xmlns='urn:x'/>",
    ]

    @Test(arguments: invalidParameter)
    func malformedRestrictions(_ xml: String) throws {
        let e = try element(xml)
        #expect(mapiCode { _ = try MAPIXML.restriction(from: e) } == .invalidParameter, "\(xml)")
    }

    @Test func wrongConstantTypes() throws {
        #expect(mapiCode { _ = try MAPIXML.restriction(from: element("<t:property tag='0x0E080003' op='eq'><t:unicode>1</t:unicode></t:property>")) } == .invalidType)
        #expect(mapiCode { _ = try MAPIXML.restriction(from: element("<t:content tag='0x0037001F' position='prefix'><t:binary>AQ==</t:binary></t:content>")) } == .invalidType)
        #expect(mapiCode { _ = try MAPIXML.restriction(from: element("<t:compareProps tag1='0x0037001F' op='eq' tag2='0x0E080003'/>")) } == .invalidType)
        #expect(mapiCode { _ = try MAPIXML.restriction(from: element("<t:property tag='0x0E080003' op='eq'><t:number>1</t:number></t:property>")) } == .invalidType)
    }

    @Test func nestedSubRestrictionIsTooComplex() throws {
        let xml = "<t:sub object='recipients'><t:sub object='attachments'><t:exist tag='0x0037001F'/></t:sub></t:sub>"
        #expect(mapiCode { _ = try MAPIXML.restriction(from: element(xml)) } == .tooComplex)
    }

    @Test func sortOrders() throws {
        let sort = [SortKey(.messageDeliveryTime, ascending: false), SortKey(.subject)]
        let elements = try SOAPTests.roundTrip { MAPIXML.write(sort: sort, as: "sort", to: &$0) }
        #expect(try MAPIXML.sort(from: elements[0]) == sort)
        #expect(try MAPIXML.sort(from: element("<t:sort><t:key tag='0x0037001F'/></t:sort>")) == [SortKey(.subject)])
        #expect(mapiCode { _ = try MAPIXML.sort(from: element("<t:sort><t:key tag='0x0037001F' order='up'/></t:sort>")) } == .invalidParameter)
        #expect(mapiCode { _ = try MAPIXML.sort(from: element("<t:sort><t:key/></t:sort>")) } == .invalidParameter)
    }

    @Test func tableQueries() throws {
        let queries = [
            TableQuery(),
            TableQuery(
                columns: [.subject, .entryID], restriction: .exists(.subject), sort: [SortKey(.subject, ascending: false)],
                offset: 100, limit: 25, scope: .softDeleted),
            TableQuery(restriction: .and([]), scope: .associated),
        ]
        for query in queries {
            let elements = try SOAPTests.roundTrip { MAPIXML.write(query, as: "query", to: &$0) }
            #expect(try MAPIXML.tableQuery(from: elements[0]) == query)
        }
        #expect(try MAPIXML.tableQuery(from: element("<t:query/>")) == TableQuery())
        for xml in [
            "<t:query offset='-1'/>", "<t:query limit='0'/>", "<t:query limit='x'/>", "<t:query scope='all'/>",
            "<t:query><t:restriction/></t:query>", "<t:query><t:columns/><t:columns/></t:query>",
            "<t:query><t:order/></t:query>",
        ] {
            #expect(mapiCode { _ = try MAPIXML.tableQuery(from: element(xml)) } == .invalidParameter, "\(xml)")
        }
    }

    @Test func namedProperties() throws {
        let names = [
            NamedProperty(guid: .psetidCommon, id: 0x8501), NamedProperty(guid: .psPublicStrings, name: "Keywords"),
            NamedProperty(guid: .psInternetHeaders, name: "x-odd\u{01}"),
        ]
        let elements = try SOAPTests.roundTrip { w in
            for name in names { MAPIXML.write(name, as: "name", to: &w) }
        }
        #expect(try elements.map { e throws(MAPIError) in try MAPIXML.namedProperty(from: e) } == names)
        for xml in [
            "<t:name id='0x1'/>", "<t:name guid='00062008-0000-0000-C000-000000000046'/>",
            "<t:name guid='00062008-0000-0000-C000-000000000046' id='0x1' name='x'/>",
            "<t:name guid='00062008-0000-0000-C000-000000000046' id='12'/>",
        ] {
            #expect(mapiCode { _ = try MAPIXML.namedProperty(from: element(xml)) } == .invalidParameter, "\(xml)")
        }
    }
}
