import SOAP
import Testing

/// The parser's hostile-input list: each document is refused with its own error, quickly and
/// without growing memory past its limit.
@Suite struct HostileInputTests {
    static let malformed: [String] = [
        "<a><b></a>", "<a", "<a></b>", "<<a/>", "<a x='1/>", "<a x=1/>", "<a/><b/>", "</a>", "text",
        "<a x='1' x='2'/>", "<a>&#1;</a>", "<a>&#xFFFE;</a>", "<p:a/>", "<a>&amp</a>", "<1a/>",
        "<a></a>trailing", "<a>]]></a>", "<?xml version='1.0'?><?xml version='1.0'?><a/>",
    ]

    @Test(arguments: malformed)
    func malformedXML(_ text: String) {
        let error = parseError(text)
        #expect(error != nil, "accepted \(text)")
        switch error {
        case .malformed, .incomplete, .entityNotAllowed, .processingInstructionNotAllowed: break
        default: Issue.record("\(text): unexpected \(String(describing: error))")
        }
    }

    @Test func malformedMessagesAreOneBoundedLine() {
        guard case .malformed(let line, let message)? = parseError("<a>\n\n<b></a>") else {
            Issue.record("not malformed")
            return
        }
        #expect(line == 3)
        #expect(!message.contains("\n"))
        #expect(message.count <= 201)
    }

    @Test func externalEntityIsRefused() {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <foo>&xxe;</foo>
            """
        #expect(parseError(xxe) == .doctypeNotAllowed)
        let parameter = """
            <!DOCTYPE foo [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><foo/>
            """
        #expect(parseError(parameter) == .doctypeNotAllowed)
    }

    @Test func externalDTDIsRefused() {
        #expect(parseError(#"<!DOCTYPE foo SYSTEM "http://127.0.0.1:9/evil.dtd"><foo/>"#) == .doctypeNotAllowed)
        #expect(parseError(#"<!DOCTYPE foo PUBLIC "-//X//Y" "file:///etc/passwd"><foo/>"#) == .doctypeNotAllowed)
        #expect(parseError("<!DOCTYPE foo><foo/>") == .doctypeNotAllowed)
    }

    @Test func billionLaughsIsRefused() {
        var doc = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            doc += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        doc += "]><lolz>&lol9;</lolz>"
        let clock = ContinuousClock()
        let start = clock.now
        #expect(parseError(doc) == .doctypeNotAllowed)
        #expect(start.duration(to: clock.now) < .seconds(1))
    }

    @Test func undeclaredEntitiesAreRefused() {
        #expect(parseError("<a>&foo;</a>") == .entityNotAllowed(name: "foo"))
        #expect(parseError("<a x='&foo;'/>") == .entityNotAllowed(name: "foo"))
    }

    @Test func processingInstructionsAreRefused() {
        #expect(parseError("<a><?php echo 1; ?></a>") == .processingInstructionNotAllowed)
        #expect(parseError("<?xml-stylesheet href='x'?><a/>") == .processingInstructionNotAllowed)
    }

    /// 100 MB streamed from a generator in 64 KiB chunks: refused once the body limit is
    /// passed, without reading (or holding) the rest.
    @Test func hundredMegabyteBody() throws {
        // Each chunk one element of 64 KiB: no text limit is reached before the body limit.
        let chunk = Array(("<b>" + String(repeating: "x", count: 64 * 1024 - 7) + "</b>").utf8)
        let total = 100 * 1024 * 1024
        let parser = XML.Parser()
        var fed = 0
        var caught: XML.ParseError?
        do {
            try parser.feed(Array("<a>".utf8))
            while fed < total {
                fed += chunk.count
                try parser.feed(chunk)
            }
        } catch {
            caught = error
        }
        #expect(caught == .bodyTooLarge(limit: XML.Limits.default.maxBodyBytes))
        #expect(fed <= XML.Limits.default.maxBodyBytes + chunk.count)
    }

    /// With the body limit raised past 100 MB, the text limits stop the same stream.
    @Test func hundredMegabyteBodyUnderRaisedBodyLimit() throws {
        let limits = XML.Limits(maxBodyBytes: 200 << 20)
        let chunk = Array(String(repeating: "<e>0123456789</e>", count: 4096).utf8)
        let parser = XML.Parser(limits: limits)
        var fed = 0
        var caught: XML.ParseError?
        do {
            try parser.feed(Array("<a>".utf8))
            while fed < 100 << 20 {
                fed += chunk.count
                try parser.feed(chunk)
            }
        } catch {
            caught = error
        }
        #expect(caught == .tooManyElements(limit: limits.maxElements))
        #expect(fed < 4 << 20)
    }

    @Test func tenThousandDeep() {
        let doc = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(parseError(doc) == .tooDeep(limit: 64))
        #expect(parseError("<a><a><a></a></a></a>", limits: XML.Limits(maxDepth: 2)) == .tooDeep(limit: 2))
        #expect(parseError("<a><a></a></a>", limits: XML.Limits(maxDepth: 2)) == nil)
    }

    @Test func hugeAttributeCounts() {
        let many = "<a " + (0..<200_000).map { "a\($0)=''" }.joined(separator: " ") + "/>"
        let clock = ContinuousClock()
        let start = clock.now
        #expect(parseError(many) == .tooManyAttributes(limit: 64))
        let namespaces = "<a " + (0..<100_000).map { "xmlns:p\($0)='u\($0)'" }.joined(separator: " ") + "/>"
        #expect(parseError(namespaces) == .tooManyAttributes(limit: 64))
        #expect(start.duration(to: clock.now) < .seconds(2))
        // Exactly at the limit is fine; `=` inside values, comments and CDATA does not count.
        let limits = XML.Limits(maxAttributesPerElement: 3)
        #expect(parseError("<a x='=' y=\"==\" z='a=b'><!-- q=1 r=2 s=3 t=4 --><![CDATA[a=1 b=2 c=3 d=4]]></a>", limits: limits) == nil)
        #expect(parseError("<a w='1' x='2' y='3' z='4'/>", limits: limits) == .tooManyAttributes(limit: 3))
        #expect(parseError("<a xmlns='u' xmlns:p='v' x='2' y='3'/>", limits: limits) == .tooManyAttributes(limit: 3))
    }

    @Test func attributeCountAcrossChunkBoundaries() throws {
        let limits = XML.Limits(maxAttributesPerElement: 2)
        let parser = XML.Parser(limits: limits)
        var caught: XML.ParseError?
        do {
            for byte in "<a x='1' y='2' z='3'/>".utf8 { try parser.feed([byte]) }
        } catch {
            caught = error
        }
        #expect(caught == .tooManyAttributes(limit: 2))
    }

    static let invalidUTF8: [[UInt8]] = [
        Array("<a>".utf8) + [0xFF, 0xFE] + Array("</a>".utf8),
        Array("<a>".utf8) + [0xC0, 0xAF] + Array("</a>".utf8),  // overlong '/'
        Array("<a>".utf8) + [0xED, 0xA0, 0x80] + Array("</a>".utf8),  // encoded surrogate
        Array("<a>".utf8) + [0xE2, 0x82] + Array("</a>".utf8),  // truncated sequence
        Array("<a x='".utf8) + [0x80] + Array("'/>".utf8),
        Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><a>"#.utf8) + [0xE9] + Array("</a>".utf8),
    ]

    @Test(arguments: invalidUTF8)
    func invalidUTF8IsRefused(_ bytes: [UInt8]) {
        guard case .malformed? = parseError(bytes) else {
            Issue.record("accepted or mis-reported \(bytes)")
            return
        }
    }

    /// Bodies in other encodings, found by the fuzzer (fuzz/corpus/soap-envelope/utf16le-bom.xml,
    /// ucs4le.xml): libxml2 used to detect UTF-16, UCS-4 and EBCDIC from the first bytes, decode
    /// them as such, and print conversion errors to the process's standard error.
    static let otherEncodings: [[UInt8]] = [
        [0xFF, 0xFE] + Array("<a/>".utf16).flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] },  // UTF-16LE, BOM
        [0xFE, 0xFF] + Array("<a/>".utf16).flatMap { [UInt8($0 >> 8), UInt8(truncatingIfNeeded: $0)] },  // UTF-16BE, BOM
        Array("<a/>".utf16).flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] },  // UTF-16LE, no BOM
        Array("<a/>".unicodeScalars).flatMap { [UInt8(truncatingIfNeeded: $0.value), 0, 0, 0] },  // UCS-4LE
        Array("<a/>".unicodeScalars).flatMap { [0, 0, 0, UInt8(truncatingIfNeeded: $0.value)] },  // UCS-4BE
        [0x4C, 0x6F, 0xA7, 0x94, 0x81, 0x61, 0x6E],  // EBCDIC "<?xm" …
    ]

    @Test(arguments: otherEncodings)
    func otherEncodingsAreRefused(_ bytes: [UInt8]) {
        guard case .malformed? = parseError(bytes) else {
            Issue.record("accepted or mis-reported \(bytes)")
            return
        }
    }

    /// A UTF-8 byte order mark is still skipped, also when it arrives split over several feeds.
    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let body: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<a>é</a>".utf8)
        #expect(try XML.parse(body).text == "é")
        let parser = XML.Parser()
        for byte in body { try parser.feed([byte]) }
        #expect(try parser.finish().text == "é")
        #expect(parseError([0xEF, 0xBB, 0xBF]) != nil)
        #expect(parseError([0xEF, 0xBB] + Array("<a/>".utf8)) != nil)
        #expect(parseError([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("<a/>".utf8)) != nil)
    }

    @Test func elementCountLimit() {
        let doc = "<a>" + String(repeating: "<b/>", count: 10) + "</a>"
        #expect(parseError(doc, limits: XML.Limits(maxElements: 10)) == .tooManyElements(limit: 10))
        #expect(parseError(doc, limits: XML.Limits(maxElements: 11)) == nil)
    }

    @Test func textLimits() {
        let limits = XML.Limits(maxTextBytesPerElement: 10, maxTotalTextBytes: 25)
        #expect(parseError("<a>0123456789</a>", limits: limits) == nil)
        #expect(parseError("<a>0123456789x</a>", limits: limits) == .textTooLong(limit: 10))
        #expect(parseError("<a x='0123456789x'/>", limits: limits) == .textTooLong(limit: 10))
        #expect(parseError("<a><b>0123456789</b><b>0123456789</b><b>0123456789</b></a>", limits: limits) == .totalTextTooLong(limit: 25))
        #expect(parseError("<a><![CDATA[0123456789x]]></a>", limits: limits) == .textTooLong(limit: 10))
    }

    @Test func timeBudgetIsCheckedWhileParsing() {
        // Each clock read costs 1 ms: a document of 10,000 elements takes > 150 reads.
        let clock = TickingClock(step: .milliseconds(1))
        let limits = XML.Limits(timeBudget: .milliseconds(50))
        let doc = "<a>" + String(repeating: "<b>x</b>", count: 10_000) + "</a>"
        #expect(throws: XML.ParseError.timeBudgetExceeded(limit: .milliseconds(50))) {
            _ = try XML.parse(Array(doc.utf8), limits: limits, clock: clock)
        }
        // A slow drip: every feed looks at the clock.
        let drip = XML.Parser(limits: limits, clock: TickingClock(step: .milliseconds(10)))
        #expect(throws: XML.ParseError.timeBudgetExceeded(limit: .milliseconds(50))) {
            for byte in "<a><b>slow</b></a>".utf8 { try drip.feed([byte]) }
        }
    }
}
