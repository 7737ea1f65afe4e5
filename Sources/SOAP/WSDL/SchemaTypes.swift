import MAPI

/// The shared XML Schema types of the protocol: values, properties, restrictions, sort orders,
/// table queries, faults. They describe exactly what ``MAPIXML`` reads and writes.
enum SchemaTypes {
    /// One `xs:element` inside a sequence or choice.
    private struct Field {
        var name: String
        var type: String
        var min = 1
        var many = false
    }

    /// One attribute.
    private struct Attribute {
        var name: String
        var type: String
        var required = true
    }

    static func write(to w: inout XML.Writer) {
        // Simple types.
        pattern("GUID", "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}", to: &w)
        pattern("Hex32", "0[xX][0-9A-Fa-f]{1,8}", to: &w)
        enumeration("StringEncoding", ["base64"], to: &w)
        enumeration("RelationalOperator", ["lt", "le", "gt", "ge", "eq", "ne"], to: &w)
        enumeration("ContentPosition", ["fullString", "substring", "prefix"], to: &w)
        enumeration("BitmaskTest", ["eqz", "nez"], to: &w)
        enumeration("SubObject", ["recipients", "attachments"], to: &w)
        enumeration("SortOrder", ["ascending", "descending"], to: &w)
        enumeration("TableScope", TableQuery.Scope.allCases.map(\.rawValue), to: &w)

        // Values.
        w.start("xs:complexType", ["name": "StringValue"])
        w.start("xs:simpleContent")
        w.start("xs:extension", ["base": "xs:string"])
        w.empty("xs:attribute", ["name": "encoding", "type": "t:StringEncoding"])
        w.end()
        w.end()
        w.end()
        let multi: [(String, String)] = [
            ("MVShort", "xs:short"), ("MVLong", "xs:int"), ("MVFloat", "xs:float"), ("MVDouble", "xs:double"),
            ("MVLongLong", "xs:long"), ("MVString", "t:StringValue"), ("MVGUID", "t:GUID"), ("MVBinary", "xs:base64Binary"),
        ]
        for (name, type) in multi {
            complexType(name, sequence: [Field(name: "v", type: type, min: 0, many: true)], to: &w)
        }
        w.start("xs:group", ["name": "PropValue"])
        w.start("xs:choice")
        for type in PropertyType.allCases {
            w.empty("xs:element", ["name": MAPIXML.elementName(of: type), "type": schemaType(of: type)])
        }
        w.end()
        w.end()

        // Properties.
        complexType("Prop", group: "t:PropValue", attributes: [Attribute(name: "tag", type: "t:Hex32")], to: &w)
        complexType("PropList", sequence: [Field(name: "prop", type: "t:Prop", min: 0, many: true)], to: &w)
        complexType("TagList", sequence: [Field(name: "tag", type: "t:Hex32", min: 0, many: true)], to: &w)
        complexType("RowList", sequence: [Field(name: "row", type: "t:PropList", min: 0, many: true)], to: &w)
        complexType("EntryIDList", sequence: [Field(name: "entryID", type: "xs:base64Binary", min: 0, many: true)], to: &w)
        complexType(
            "NamedProperty", sequence: [],
            attributes: [
                Attribute(name: "guid", type: "t:GUID"), Attribute(name: "id", type: "t:Hex32", required: false),
                Attribute(name: "name", type: "xs:string", required: false),
                Attribute(name: "nameBase64", type: "xs:base64Binary", required: false),
            ], to: &w)

        // Restrictions.
        w.start("xs:group", ["name": "Restriction"])
        w.start("xs:choice")
        for (name, type) in [
            ("and", "RestrictionList"), ("or", "RestrictionList"), ("not", "SingleRestriction"),
            ("content", "ContentRestriction"), ("property", "PropertyRestriction"),
            ("compareProps", "ComparePropsRestriction"), ("bitmask", "BitmaskRestriction"), ("size", "SizeRestriction"),
            ("exist", "ExistRestriction"), ("sub", "SubRestriction"),
        ] {
            w.empty("xs:element", ["name": name, "type": "t:" + type])
        }
        w.end()
        w.end()
        w.start("xs:complexType", ["name": "RestrictionList"])
        w.start("xs:sequence")
        w.empty("xs:group", ["ref": "t:Restriction", "minOccurs": "0", "maxOccurs": "unbounded"])
        w.end()
        w.end()
        complexType("SingleRestriction", group: "t:Restriction", attributes: [], to: &w)
        let tag = Attribute(name: "tag", type: "t:Hex32")
        let op = Attribute(name: "op", type: "t:RelationalOperator")
        complexType(
            "ContentRestriction", group: "t:PropValue",
            attributes: [
                tag, Attribute(name: "position", type: "t:ContentPosition"),
                Attribute(name: "ignoreCase", type: "xs:boolean", required: false),
            ], to: &w)
        complexType("PropertyRestriction", group: "t:PropValue", attributes: [tag, op], to: &w)
        complexType(
            "ComparePropsRestriction", sequence: [],
            attributes: [Attribute(name: "tag1", type: "t:Hex32"), op, Attribute(name: "tag2", type: "t:Hex32")], to: &w)
        complexType(
            "BitmaskRestriction", sequence: [],
            attributes: [tag, Attribute(name: "mask", type: "t:Hex32"), Attribute(name: "test", type: "t:BitmaskTest")], to: &w)
        complexType("SizeRestriction", sequence: [], attributes: [tag, op, Attribute(name: "bytes", type: "xs:int")], to: &w)
        complexType("ExistRestriction", sequence: [], attributes: [tag], to: &w)
        complexType(
            "SubRestriction", group: "t:Restriction", attributes: [Attribute(name: "object", type: "t:SubObject")], to: &w)

        // Sort orders and table queries.
        complexType(
            "SortKey", sequence: [],
            attributes: [tag, Attribute(name: "order", type: "t:SortOrder", required: false)], to: &w)
        complexType("SortList", sequence: [Field(name: "key", type: "t:SortKey", min: 0, many: true)], to: &w)
        complexType(
            "TableQuery",
            sequence: [
                Field(name: "columns", type: "t:TagList", min: 0), Field(name: "restriction", type: "t:SingleRestriction", min: 0),
                Field(name: "sort", type: "t:SortList", min: 0),
            ],
            attributes: [
                Attribute(name: "offset", type: "xs:int", required: false), Attribute(name: "limit", type: "xs:int", required: false),
                Attribute(name: "scope", type: "t:TableScope", required: false),
            ], to: &w)

        // Parts of particular operations.
        complexType(
            "NewAttachment",
            sequence: [Field(name: "props", type: "t:PropList"), Field(name: "data", type: "xs:base64Binary", min: 0)], to: &w)
        enumeration("ChangeKind", ["upsert", "delete", "readState"], to: &w)
        complexType(
            "Change",
            sequence: [
                Field(name: "sourceKey", type: "xs:base64Binary"), Field(name: "parentSourceKey", type: "xs:base64Binary", min: 0),
                Field(name: "changeKey", type: "xs:base64Binary", min: 0),
                Field(name: "predecessorChangeList", type: "xs:base64Binary", min: 0),
                Field(name: "props", type: "t:PropList", min: 0), Field(name: "read", type: "xs:boolean", min: 0),
                Field(name: "hard", type: "xs:boolean", min: 0),
            ],
            attributes: [Attribute(name: "kind", type: "t:ChangeKind")], to: &w)
        complexType(
            "Notification",
            sequence: [
                Field(name: "entryID", type: "xs:base64Binary", min: 0), Field(name: "parentEntryID", type: "xs:base64Binary", min: 0),
            ],
            attributes: [Attribute(name: "kind", type: "xs:string")], to: &w)
        complexType(
            "ClusterMember",
            sequence: [
                Field(name: "node", type: "xs:string"), Field(name: "url", type: "xs:string"), Field(name: "state", type: "xs:string"),
                Field(name: "server", type: "xs:string", min: 0, many: true),
            ], to: &w)
        complexType(
            "NamedPropertyMapping", sequence: [Field(name: "name", type: "t:NamedProperty", min: 0)],
            attributes: [Attribute(name: "id", type: "xs:unsignedShort")], to: &w)
        complexType(
            "MAPIFault",
            sequence: [
                Field(name: "mapiCode", type: "t:Hex32"), Field(name: "mapiName", type: "xs:string"),
                Field(name: "redirectURL", type: "xs:string", min: 0),
            ], to: &w)
    }

    /// The schema type of a value element.
    static func schemaType(of type: PropertyType) -> String {
        switch type {
        case .short: "xs:short"
        case .long: "xs:int"
        case .float: "xs:float"
        case .double, .appTime: "xs:double"
        case .currency, .i8, .sysTime: "xs:long"
        case .error: "t:Hex32"
        case .boolean: "xs:boolean"
        case .string8, .unicode: "t:StringValue"
        case .clsid: "t:GUID"
        case .binary: "xs:base64Binary"
        case .multiShort: "t:MVShort"
        case .multiLong: "t:MVLong"
        case .multiFloat: "t:MVFloat"
        case .multiDouble, .multiAppTime: "t:MVDouble"
        case .multiCurrency, .multiI8, .multiSysTime: "t:MVLongLong"
        case .multiString8, .multiUnicode: "t:MVString"
        case .multiClsid: "t:MVGUID"
        case .multiBinary: "t:MVBinary"
        }
    }

    private static func pattern(_ name: String, _ pattern: String, to w: inout XML.Writer) {
        w.start("xs:simpleType", ["name": name])
        w.start("xs:restriction", ["base": "xs:string"])
        w.empty("xs:pattern", ["value": pattern])
        w.end()
        w.end()
    }

    private static func enumeration(_ name: String, _ values: [String], to w: inout XML.Writer) {
        w.start("xs:simpleType", ["name": name])
        w.start("xs:restriction", ["base": "xs:string"])
        for value in values { w.empty("xs:enumeration", ["value": value]) }
        w.end()
        w.end()
    }

    private static func complexType(
        _ name: String, sequence: [Field], attributes: [Attribute] = [], to w: inout XML.Writer
    ) {
        w.start("xs:complexType", ["name": name])
        if !sequence.isEmpty {
            w.start("xs:sequence")
            for field in sequence {
                var attributes = [("name", field.name), ("type", field.type)]
                if field.min != 1 { attributes.append(("minOccurs", String(field.min))) }
                if field.many { attributes.append(("maxOccurs", "unbounded")) }
                w.start("xs:element", attributes: attributes)
                w.end()
            }
            w.end()
        }
        writeAttributes(attributes, to: &w)
        w.end()
    }

    private static func complexType(_ name: String, group: String, attributes: [Attribute], to w: inout XML.Writer) {
        w.start("xs:complexType", ["name": name])
        w.start("xs:sequence")
        w.empty("xs:group", ["ref": group])
        w.end()
        writeAttributes(attributes, to: &w)
        w.end()
    }

    private static func writeAttributes(_ attributes: [Attribute], to w: inout XML.Writer) {
        for attribute in attributes {
            w.start(
                "xs:attribute",
                attributes: [("name", attribute.name), ("type", attribute.type)]
                    + (attribute.required ? [("use", "required")] : []))
            w.end()
        }
    }
}
