import SOAP

/// Writes any parsed element tree back as XML with ``XML/Writer``, so that the parser and the
/// writer can be checked against each other on whatever names, text and attribute values the
/// fuzzer makes up: `parse(write(tree)) == tree`.
///
/// Prefixes are the writer's own: every element declares `n0`, `n1`, … for the namespaces
/// its name and attributes use (the XML namespace keeps its reserved `xml` prefix), and no
/// default namespace is ever declared, so an unprefixed name is in no namespace. The text
/// goes before the children: the tree keeps only the concatenated text of an element.
enum TreeWriter {
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    static func write(_ element: XML.Element, to writer: inout XML.Writer) {
        var declarations: [(String, String)] = []
        var prefixes: [String: String] = [:]
        func qualified(_ name: XML.Name) -> String {
            guard let namespace = name.namespace else { return name.local }
            if namespace == xmlNamespace { return "xml:" + name.local }
            if let prefix = prefixes[namespace] { return prefix + ":" + name.local }
            let prefix = "n\(prefixes.count)"
            prefixes[namespace] = prefix
            declarations.append(("xmlns:" + prefix, namespace))
            return prefix + ":" + name.local
        }
        let name = qualified(element.name)
        let attributes = element.attributes.map { (qualified($0.name), $0.value) }
        writer.start(name, attributes: declarations + attributes)
        if !element.text.isEmpty { writer.text(element.text) }
        for child in element.children { write(child, to: &writer) }
        writer.end()
    }

    /// Checks `parse(write(root)) == root`.
    static func checkRoundTrip(_ root: XML.Element) {
        var writer = XML.Writer()
        write(root, to: &writer)
        let again = Wire.parse(writer.bytes, "a parsed tree written again")
        check(again == root, "a parsed tree changed when written and parsed again: \(show(writer.bytes))")
    }
}
