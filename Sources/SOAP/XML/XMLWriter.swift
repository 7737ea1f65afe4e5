extension XML {
    /// Writes well-formed XML 1.0 into a byte buffer, escaping as it goes.
    ///
    /// Escaping: in text `&`, `<`, `>` and CR (as `&#13;`, which a parser would otherwise turn
    /// into LF); in attribute values also `"`, TAB, LF and CR (as character references, which
    /// attribute-value normalisation would otherwise turn into spaces).
    ///
    /// **Characters XML 1.0 cannot carry** (U+0000–U+001F except TAB, LF, CR; U+FFFE; U+FFFF)
    /// have no escape at all: not even `&#1;` is allowed. The writer therefore never emits them:
    /// ``text(_:)`` and attribute values replace each with U+FFFD. Codecs that must not lose
    /// data check ``isRepresentable(_:)`` first and send such strings as base64 with a marker
    /// (see `SOAPValueCoding`); fault strings and diagnostics are simply sanitised.
    public struct Writer: Sendable {
        /// The bytes written so far.
        public private(set) var bytes: [UInt8] = []
        /// Open elements: name and whether a child element has been written into it.
        private var open: [(name: String, hasChildElements: Bool)] = []
        private var tagOpen = false
        private let indented: Bool

        /// An empty writer; call ``declaration()`` first for a complete document.
        ///
        /// `indented` puts each element on its own line, indented by two spaces per level,
        /// for documents people read (the WSDL). Only for element-only content: the white
        /// space it adds becomes part of mixed content.
        public init(indented: Bool = false) {
            self.indented = indented
        }

        /// Whether every character of `string` can appear in XML 1.0 text.
        public static func isRepresentable(_ string: some StringProtocol) -> Bool {
            string.unicodeScalars.allSatisfy(isAllowed)
        }

        static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: true
            case 0x00...0x1F: false
            case 0xFFFE, 0xFFFF: false
            default: true
            }
        }

        /// `<?xml version="1.0" encoding="UTF-8"?>`.
        public mutating func declaration() {
            raw(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        }

        /// Opens `<qualifiedName attributes…>`. Names are written as given: pass only names
        /// that are valid XML names (the codec's own constants).
        public mutating func start(_ qualifiedName: String, _ attributes: KeyValuePairs<String, String> = [:]) {
            openTag(qualifiedName)
            for (name, value) in attributes { attribute(name, value) }
        }

        /// Opens `<qualifiedName attributes…>` with attributes in the given order.
        public mutating func start(_ qualifiedName: String, attributes: [(String, String)]) {
            openTag(qualifiedName)
            for (name, value) in attributes { attribute(name, value) }
        }

        /// `<qualifiedName`, the start tag left open for its attributes.
        private mutating func openTag(_ qualifiedName: String) {
            closeStartTag()
            if indented {
                if !bytes.isEmpty { newline(depth: open.count) }
                if !open.isEmpty { open[open.count - 1].hasChildElements = true }
            }
            bytes.append(UInt8(ascii: "<"))
            raw(qualifiedName)
            tagOpen = true
            open.append((qualifiedName, false))
        }

        /// ` name="value"` into the open start tag.
        private mutating func attribute(_ name: String, _ value: String) {
            bytes.append(UInt8(ascii: " "))
            raw(name)
            raw("=\"")
            escape(value, inAttribute: true)
            bytes.append(UInt8(ascii: "\""))
        }

        /// Closes the innermost open element (as `<x/>` when it is empty).
        public mutating func end() {
            guard let (name, hasChildElements) = open.popLast() else {
                preconditionFailure("XML.Writer.end without an open element")
            }
            if tagOpen {
                raw("/>")
                tagOpen = false
            } else {
                if indented && hasChildElements { newline(depth: open.count) }
                raw("</")
                raw(name)
                bytes.append(UInt8(ascii: ">"))
            }
        }

        /// Escaped character data; characters XML cannot carry become U+FFFD.
        public mutating func text(_ string: some StringProtocol) {
            closeStartTag()
            escape(string, inAttribute: false)
        }

        /// `<name attributes…>text</name>`.
        public mutating func element(
            _ qualifiedName: String, _ attributes: KeyValuePairs<String, String> = [:], text: some StringProtocol
        ) {
            start(qualifiedName, attributes)
            self.text(text)
            end()
        }

        /// `<name attributes…/>`.
        public mutating func empty(_ qualifiedName: String, _ attributes: KeyValuePairs<String, String> = [:]) {
            start(qualifiedName, attributes)
            end()
        }

        /// Whether every opened element has been closed.
        public var isBalanced: Bool { open.isEmpty }

        /// The document as a string (it is valid UTF-8 by construction).
        public var string: String { String(decoding: bytes, as: UTF8.self) }

        private mutating func closeStartTag() {
            if tagOpen {
                bytes.append(UInt8(ascii: ">"))
                tagOpen = false
            }
        }

        private mutating func newline(depth: Int) {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }

        private mutating func raw(_ string: String) {
            bytes.append(contentsOf: string.utf8)
        }

        private mutating func escape(_ string: some StringProtocol, inAttribute: Bool) {
            // Fast path: nothing to escape.
            if string.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x26 && $0 != 0x3C && $0 != 0x3E && $0 != 0x22 && $0 != 0xEF }) {
                bytes.append(contentsOf: string.utf8)
                return
            }
            for scalar in string.unicodeScalars {
                switch scalar {
                case "&": raw("&amp;")
                case "<": raw("&lt;")
                case ">": raw("&gt;")
                case "\"" where inAttribute: raw("&quot;")
                case "\r": raw("&#13;")
                case "\n" where inAttribute: raw("&#10;")
                case "\t" where inAttribute: raw("&#9;")
                case _ where !Self.isAllowed(scalar): raw("\u{FFFD}")
                default: bytes.append(contentsOf: String(scalar).utf8)
                }
            }
        }
    }
}
