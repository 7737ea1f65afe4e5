import SOAP
import Testing

func parse(_ text: String, limits: XML.Limits = .default) throws(XML.ParseError) -> XML.Element {
    try XML.parse(Array(text.utf8), limits: limits)
}

func parseError(_ bytes: [UInt8], limits: XML.Limits = .default) -> XML.ParseError? {
    do {
        _ = try XML.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

func parseError(_ text: String, limits: XML.Limits = .default) -> XML.ParseError? {
    parseError(Array(text.utf8), limits: limits)
}

@Suite struct XMLParserTests {
    @Test func namesNamespacesAttributesAndText() throws {
        let root = try parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <s:Envelope xmlns:s="urn:s" xmlns="urn:default" a="1" s:b="2">
              <child>one &amp; &lt;two&gt; &#x41;&#66;</child>
              <s:other><![CDATA[<raw> & ]]>tail</s:other>
              <none xmlns="">x</none>
            </s:Envelope>
            """)
        #expect(root.name == XML.Name("Envelope", namespace: "urn:s"))
        #expect(root.attribute("a") == "1")
        #expect(root.attribute("b", namespace: "urn:s") == "2")
        #expect(root.attributes.count == 2)  // namespace declarations are not attributes
        #expect(root.children.count == 3)
        #expect(root.children[0].name == XML.Name("child", namespace: "urn:default"))
        #expect(root.children[0].text == "one & <two> AB")
        #expect(root.children[1].text == "<raw> & tail")
        #expect(root.children[2].name == XML.Name("none", namespace: nil))
        #expect(root.hasOnlyWhitespaceText)
    }

    @Test func lineEndingsAndNonASCII() throws {
        let root = try parse("<a>x\r\ny&#13;z Grüße 😀</a>")
        #expect(root.text == "x\ny\rz Grüße 😀")
    }

    @Test func feedInSmallPieces() throws {
        let text = Array(#"<a xmlns="urn:x" k="v"><b>hello</b><!-- c=1 --><b>world</b></a>"#.utf8)
        let parser = XML.Parser()
        for byte in text { try parser.feed([byte]) }
        let root = try parser.finish()
        #expect(root.children.map(\.text) == ["hello", "world"])
        #expect(root.attribute("k") == "v")
    }

    @Test func commentsAreIgnored() throws {
        let root = try parse("<!-- before --><a><!-- <b x='1'> --><c/></a><!-- after -->")
        #expect(root.children.map(\.name.local) == ["c"])
    }

    @Test func emptyAndIncompleteBodies() {
        #expect(parseError("") != nil)
        #expect(parseError("<a>") != nil)
        #expect(parseError("   ") != nil)
    }

    @Test func errorsRepeatAfterTheFirst() {
        let parser = XML.Parser()
        #expect(throws: XML.ParseError.doctypeNotAllowed) { try parser.feed(Array("<!DOCTYPE a><a/>".utf8)) }
        #expect(throws: XML.ParseError.doctypeNotAllowed) { try parser.feed(Array("<a/>".utf8)) }
    }
}

@Suite struct XMLAttributeValueTests {
    @Test func referencesInAttributeValues() throws {
        let root = try parse(#"<a v="x&amp;y &#38; &#x26;amp; &lt;&gt;&quot;&apos; &#65;&#xe9;" w='&amp;#38;'/>"#)
        #expect(root.attribute("v") == "x&y & &amp; <>\"' Aé")
        #expect(root.attribute("w") == "&#38;")
    }

    /// Namespace declarations are attribute values too: their '&' came through as "&#38;"
    /// (found by the fuzzer's tree round trip, fuzz/corpus/soap-envelope/namespace-ampersand.xml).
    @Test func referencesInNamespaceURIs() throws {
        let root = try parse(#"<p:a xmlns:p="urn:a&amp;b" xmlns="urn:c&#38;d" p:k="1"><b/></p:a>"#)
        #expect(root.name.namespace == "urn:a&b")
        #expect(root.attributes.first?.name.namespace == "urn:a&b")
        #expect(root.children.first?.name.namespace == "urn:c&d")
    }

    /// A namespace URI is held once per document, however many names are in it: a long URI
    /// declared once and used on every element cost a copy per element, counted by no limit.
    @Test func namespaceURIsAreSharedNotCopied() throws {
        let uri = "urn:" + String(repeating: "x", count: 1000)
        let root = try parse("<p:a xmlns:p='\(uri)'><p:b/><p:b p:k='1'/></p:a>")
        let names = [root.name, root.children[0].name, root.children[1].name, root.children[1].attributes[0].name]
        let storage = names.map { name in name.namespace?.utf8.withContiguousStorageIfAvailable { $0.baseAddress } }
        #expect(names.allSatisfy { $0.namespace == uri })
        #expect(Set(storage).count == 1)
    }
}
