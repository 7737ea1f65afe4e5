import MAPI

extension MAPIXML {
    // MARK: Restrictions

    /// Writes the restriction's element (`<t:and>`, `<t:property>`, …).
    ///
    /// | case | element |
    /// |---|---|
    /// | `.and`, `.or` | `<t:and>` / `<t:or>` holding the sub-restrictions |
    /// | `.not` | `<t:not>` holding one |
    /// | `.content` | `<t:content tag position="fullString|substring|prefix" ignoreCase>` + value |
    /// | `.property` | `<t:property tag op="lt|le|gt|ge|eq|ne">` + value |
    /// | `.compareProperties` | `<t:compareProps tag1 op tag2/>` |
    /// | `.bitmask` | `<t:bitmask tag mask="0x…" test="eqz|nez"/>` |
    /// | `.size` | `<t:size tag op bytes/>` |
    /// | `.exists` | `<t:exist tag/>` |
    /// | `.sub` | `<t:sub object="recipients|attachments">` holding one |
    public static func write(_ restriction: Restriction, to writer: inout XML.Writer) {
        switch restriction {
        case .and(let children), .or(let children):
            if case .and = restriction { writer.start("t:and") } else { writer.start("t:or") }
            for child in children { write(child, to: &writer) }
            writer.end()
        case .not(let child):
            writer.start("t:not")
            write(child, to: &writer)
            writer.end()
        case .content(let tag, let value, let match):
            writer.start(
                "t:content",
                attributes: [
                    ("tag", tag.xmlText), ("position", positionName(match.position)),
                    ("ignoreCase", match.ignoreCase ? "true" : "false"),
                ])
            write(value, to: &writer)
            writer.end()
        case .property(let tag, let op, let value):
            writer.start("t:property", attributes: [("tag", tag.xmlText), ("op", operatorName(op))])
            write(value, to: &writer)
            writer.end()
        case .compareProperties(let left, let op, let right):
            writer.start("t:compareProps", attributes: [("tag1", left.xmlText), ("op", operatorName(op)), ("tag2", right.xmlText)])
            writer.end()
        case .bitmask(let tag, let mask, let test):
            writer.start(
                "t:bitmask", attributes: [("tag", tag.xmlText), ("mask", hex32(mask)), ("test", test == .equalsZero ? "eqz" : "nez")])
            writer.end()
        case .size(let tag, let op, let bytes):
            writer.start("t:size", attributes: [("tag", tag.xmlText), ("op", operatorName(op)), ("bytes", String(bytes))])
            writer.end()
        case .exists(let tag):
            writer.start("t:exist", attributes: [("tag", tag.xmlText)])
            writer.end()
        case .sub(let object, let child):
            writer.start("t:sub", attributes: [("object", object == .recipients ? "recipients" : "attachments")])
            write(child, to: &writer)
            writer.end()
        }
    }

    /// Reads a restriction element and validates the result (`Restriction.validate()`).
    public static func restriction(from element: XML.Element) throws(MAPIError) -> Restriction {
        let restriction = try unvalidatedRestriction(from: element)
        try restriction.validate()
        return restriction
    }

    private static func unvalidatedRestriction(from element: XML.Element) throws(MAPIError) -> Restriction {
        guard element.name.namespace == SOAPNamespace.tessera else {
            throw MAPIError(.invalidParameter, "<\(element.name)> is not a restriction")
        }
        guard element.hasOnlyWhitespaceText else {
            throw MAPIError(.invalidParameter, "restriction <\(element.name.local)> holds text")
        }
        func tag(_ name: String = "tag") throws(MAPIError) -> PropertyTag {
            guard let text = element.attribute(name) else {
                throw MAPIError(.invalidParameter, "restriction <\(element.name.local)> lacks its \(name)")
            }
            return try PropertyTag(xmlText: text)
        }
        func op() throws(MAPIError) -> RelationalOperator {
            guard let text = element.attribute("op"), let op = relationalOperator(named: text) else {
                throw MAPIError(.invalidParameter, "restriction <\(element.name.local)> needs op=\"lt|le|gt|ge|eq|ne\"")
            }
            return op
        }
        func single() throws(MAPIError) -> XML.Element {
            guard element.children.count == 1 else {
                throw MAPIError(.invalidParameter, "restriction <\(element.name.local)> must hold exactly one element")
            }
            return element.children[0]
        }
        func noChildren() throws(MAPIError) {
            if !element.children.isEmpty {
                throw MAPIError(.invalidParameter, "restriction <\(element.name.local)> must be empty")
            }
        }

        switch element.name.local {
        case "and":
            return .and(try element.children.map { e throws(MAPIError) in try unvalidatedRestriction(from: e) })
        case "or":
            return .or(try element.children.map { e throws(MAPIError) in try unvalidatedRestriction(from: e) })
        case "not":
            return .not(try unvalidatedRestriction(from: try single()))
        case "content":
            let tag = try tag()
            guard let position = element.attribute("position").flatMap(position(named:)) else {
                throw MAPIError(.invalidParameter, "restriction <content> needs position=\"fullString|substring|prefix\"")
            }
            let ignoreCase = try element.attribute("ignoreCase").map { text throws(MAPIError) in
                guard let value = parseBoolean(text) else {
                    throw MAPIError(.invalidParameter, "restriction <content> has ignoreCase=\"\(text.prefix(20))\"")
                }
                return value
            } ?? false
            return .content(tag: tag, value: try value(from: try single()), match: ContentMatch(position, ignoreCase: ignoreCase))
        case "property":
            return .property(tag: try tag(), op: try op(), value: try value(from: try single()))
        case "compareProps":
            try noChildren()
            return .compareProperties(try tag("tag1"), try op(), try tag("tag2"))
        case "bitmask":
            try noChildren()
            guard let mask = element.attribute("mask").flatMap(parseHex32) else {
                throw MAPIError(.invalidParameter, "restriction <bitmask> needs mask=\"0x…\"")
            }
            let test: BitmaskTest
            switch element.attribute("test") {
            case "eqz": test = .equalsZero
            case "nez": test = .notEqualsZero
            default: throw MAPIError(.invalidParameter, "restriction <bitmask> needs test=\"eqz|nez\"")
            }
            return .bitmask(tag: try tag(), mask: mask, test: test)
        case "size":
            try noChildren()
            guard let bytes = element.attribute("bytes").flatMap({ Int($0) }) else {
                throw MAPIError(.invalidParameter, "restriction <size> needs bytes=\"…\"")
            }
            return .size(tag: try tag(), op: try op(), bytes: bytes)
        case "exist":
            try noChildren()
            return .exists(try tag())
        case "sub":
            let object: SubObject
            switch element.attribute("object") {
            case "recipients": object = .recipients
            case "attachments": object = .attachments
            default: throw MAPIError(.invalidParameter, "restriction <sub> needs object=\"recipients|attachments\"")
            }
            return .sub(object, try unvalidatedRestriction(from: try single()))
        default:
            throw MAPIError(.invalidParameter, "<\(element.name.local)> is not a restriction")
        }
    }

    static func operatorName(_ op: RelationalOperator) -> String {
        switch op {
        case .lessThan: "lt"
        case .lessThanOrEqual: "le"
        case .greaterThan: "gt"
        case .greaterThanOrEqual: "ge"
        case .equal: "eq"
        case .notEqual: "ne"
        }
    }

    static func relationalOperator(named name: String) -> RelationalOperator? {
        switch name {
        case "lt": .lessThan
        case "le": .lessThanOrEqual
        case "gt": .greaterThan
        case "ge": .greaterThanOrEqual
        case "eq": .equal
        case "ne": .notEqual
        default: nil
        }
    }

    static func positionName(_ position: ContentMatch.Position) -> String {
        switch position {
        case .fullString: "fullString"
        case .substring: "substring"
        case .prefix: "prefix"
        }
    }

    static func position(named name: String) -> ContentMatch.Position? {
        switch name {
        case "fullString": .fullString
        case "substring": .substring
        case "prefix": .prefix
        default: nil
        }
    }

    // MARK: Sort orders

    /// Writes `<t:name>` holding `<t:key tag="…" order="ascending|descending"/>` per key.
    public static func write(sort: [SortKey], as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name)
        for key in sort {
            writer.start("t:key", attributes: [("tag", key.tag.xmlText), ("order", key.ascending ? "ascending" : "descending")])
            writer.end()
        }
        writer.end()
    }

    /// Reads the `<t:key>` children of `element`, tags validated.
    public static func sort(from element: XML.Element) throws(MAPIError) -> [SortKey] {
        try element.allowOnlyChildren(["key"])
        return try element.children.map { key throws(MAPIError) in
            guard let text = key.attribute("tag") else { throw MAPIError(.invalidParameter, "sort <key> lacks its tag") }
            let ascending: Bool
            switch key.attribute("order") {
            case nil, "ascending": ascending = true
            case "descending": ascending = false
            default: throw MAPIError(.invalidParameter, "sort <key> needs order=\"ascending|descending\"")
            }
            return SortKey(try PropertyTag(xmlText: text).validated(), ascending: ascending)
        }
    }

    // MARK: Table queries

    /// Writes `<t:name offset limit scope>` with columns, restriction and sort.
    public static func write(_ query: TableQuery, as name: String, to writer: inout XML.Writer) {
        writer.start(
            "t:" + name,
            attributes: [("offset", String(query.offset)), ("limit", String(query.limit)), ("scope", query.scope.rawValue)])
        if !query.columns.isEmpty { write(tags: query.columns, as: "columns", to: &writer) }
        if let restriction = query.restriction {
            writer.start("t:restriction")
            write(restriction, to: &writer)
            writer.end()
        }
        if !query.sort.isEmpty { write(sort: query.sort, as: "sort", to: &writer) }
        writer.end()
    }

    /// Reads a table query element; missing attributes take the defaults.
    public static func tableQuery(from element: XML.Element) throws(MAPIError) -> TableQuery {
        try element.allowOnlyChildren(["columns", "restriction", "sort"])
        var query = TableQuery()
        if let text = element.attribute("offset") {
            guard let offset = Int(text), offset >= 0 else {
                throw MAPIError(.invalidParameter, "table offset must be a non-negative integer")
            }
            query.offset = offset
        }
        if let text = element.attribute("limit") {
            guard let limit = Int(text), limit > 0 else { throw MAPIError(.invalidParameter, "table limit must be a positive integer") }
            query.limit = limit
        }
        if let text = element.attribute("scope") {
            guard let scope = TableQuery.Scope(rawValue: text) else {
                throw MAPIError(.invalidParameter, "table scope must be normal, associated or softDeleted")
            }
            query.scope = scope
        }
        if let columns = try element.optionalChild("columns") { query.columns = try tags(from: columns) }
        if let wrapper = try element.optionalChild("restriction") {
            guard wrapper.children.count == 1, wrapper.hasOnlyWhitespaceText else {
                throw MAPIError(.invalidParameter, "<restriction> must hold exactly one restriction element")
            }
            query.restriction = try restriction(from: wrapper.children[0])
        }
        if let sort = try element.optionalChild("sort") { query.sort = try self.sort(from: sort) }
        return query
    }

    // MARK: Named properties

    /// Writes `<t:name guid="…" id="0x8501"/>` or `<t:name guid="…" name="…"/>` (a name XML
    /// cannot carry goes as `nameBase64`).
    public static func write(_ named: NamedProperty, as name: String, to writer: inout XML.Writer) {
        switch named.kind {
        case .id(let lid):
            writer.start("t:" + name, attributes: [("guid", named.guid.description), ("id", hex32(lid))])
        case .name(let string) where XML.Writer.isRepresentable(string):
            writer.start("t:" + name, attributes: [("guid", named.guid.description), ("name", string)])
        case .name(let string):
            writer.start("t:" + name, attributes: [("guid", named.guid.description), ("nameBase64", Base64.encode(Array(string.utf8)))])
        }
        writer.end()
    }

    /// Reads a named property element (not yet normalised: see `NamedProperty.normalized()`).
    public static func namedProperty(from element: XML.Element) throws(MAPIError) -> NamedProperty {
        guard element.children.isEmpty, let guidText = element.attribute("guid"), guidText.utf8.count == 36,
            let guid = GUID(guidText)
        else {
            throw MAPIError(.invalidParameter, "<\(element.name.local)> needs guid=\"…\" and no content")
        }
        let id = element.attribute("id")
        let name = element.attribute("name")
        let encoded = element.attribute("nameBase64")
        switch (id, name, encoded) {
        case (let id?, nil, nil):
            guard let lid = parseHex32(id) else { throw MAPIError(.invalidParameter, "named property id must be 0x…") }
            return NamedProperty(guid: guid, id: lid)
        case (nil, let name?, nil):
            return NamedProperty(guid: guid, name: name)
        case (nil, nil, let encoded?):
            guard let bytes = Base64.decode(encoded), let name = String(validating: bytes, as: UTF8.self) else {
                throw MAPIError(.invalidParameter, "named property nameBase64 is not base64 of UTF-8 text")
            }
            return NamedProperty(guid: guid, name: name)
        default:
            throw MAPIError(.invalidParameter, "named property needs exactly one of id, name, nameBase64")
        }
    }
}
