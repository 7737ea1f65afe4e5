import MAPI

extension MAPIXML {
    // MARK: Rows (`t:RowList`)

    /// Writes `<t:name>` holding one `<t:row>` property list per row.
    public static func write(rows: [[Property]], as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name)
        for row in rows { write(properties: row, as: "row", to: &writer) }
        writer.end()
    }

    /// Reads a list of `<t:row>` (the children of `element`).
    public static func rows(from element: XML.Element) throws(MAPIError) -> [[Property]] {
        try element.allowOnlyChildren(["row"])
        guard element.hasOnlyWhitespaceText else { throw MAPIError(.invalidParameter, "<\(element.name.local)> holds text") }
        return try element.children.map { e throws(MAPIError) in try properties(from: e) }
    }

    // MARK: Entry ids (`t:EntryIDList`)

    /// Writes `<t:name>` holding one base64 `<t:entryID>` per id.
    public static func write(entryIDs: [[UInt8]], as name: String, to writer: inout XML.Writer) {
        writer.start("t:" + name)
        for id in entryIDs { writer.element("t:entryID", text: Base64.encode(id)) }
        writer.end()
    }

    /// Reads a list of `<t:entryID>` (the children of `element`).
    public static func entryIDs(from element: XML.Element) throws(MAPIError) -> [[UInt8]] {
        try element.allowOnlyChildren(["entryID"])
        guard element.hasOnlyWhitespaceText else { throw MAPIError(.invalidParameter, "<\(element.name.local)> holds text") }
        return try element.children.map { e throws(MAPIError) in try binary(e) }
    }
}
