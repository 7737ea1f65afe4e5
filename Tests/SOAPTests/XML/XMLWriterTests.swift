import SOAP
import Testing

@Suite struct XMLWriterTests {
    @Test func escapesTextAndAttributes() {
        var w = XML.Writer()
        w.start("a", ["q": "x\"y'<&>\t\n\r"])
        w.text("1 < 2 & 3 > 2 ]]> \"'\r\n\t")
        w.empty("b")
        w.end()
        #expect(w.string == #"<a q="x&quot;y'&lt;&amp;&gt;&#9;&#10;&#13;">1 &lt; 2 &amp; 3 &gt; 2 ]]&gt; "'&#13;"# + "\n\t<b/></a>")
        #expect(w.isBalanced)
    }

    /// What the writer escapes, the parser gives back exactly.
    @Test(arguments: ["plain", "a&b<c>d\"e'f", "&#38; &amp; &&", "cr\r lf\n crlf\r\n tab\t", "  spaces  ", "]]>", "Grüße 😀 \u{10FFFF} \u{E000}"])
    func roundTrip(_ text: String) throws {
        var w = XML.Writer()
        w.start("a", ["v": text])
        w.text(text)
        w.end()
        let root = try XML.parse(w.bytes)
        #expect(root.text == text)
        #expect(root.attribute("v") == text)
    }

    @Test func charactersXMLCannotCarryAreReplaced() throws {
        let text = "nul\u{00} bell\u{07} esc\u{1B} fffe\u{FFFE} ffff\u{FFFF} ok"
        #expect(!XML.Writer.isRepresentable(text))
        #expect(XML.Writer.isRepresentable("tab\t lf\n cr\r é"))
        var w = XML.Writer()
        w.start("a", ["v": text])
        w.text(text)
        w.end()
        let root = try XML.parse(w.bytes)
        let expected = "nul\u{FFFD} bell\u{FFFD} esc\u{FFFD} fffe\u{FFFD} ffff\u{FFFD} ok"
        #expect(root.text == expected)
        #expect(root.attribute("v") == expected)
    }

    @Test func indented() {
        var w = XML.Writer(indented: true)
        w.declaration()
        w.start("a")
        w.element("b", text: "x")
        w.start("c")
        w.empty("d")
        w.end()
        w.end()
        #expect(w.string == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\n  <b>x</b>\n  <c>\n    <d/>\n  </c>\n</a>")
    }
}
