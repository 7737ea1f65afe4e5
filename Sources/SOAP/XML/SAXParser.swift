import CLibXML2

// The only file that imports libxml2. It drives libxml2's SAX2 push parser and builds an
// `XML.Element` tree under `XML.Limits`.
//
// Hardening (see ../shared/design/reference/swift-c-interop.md):
// - Options: XML_PARSE_NONET (no network) and XML_PARSE_IGNORE_ENC (the body is UTF-8, whatever
//   the XML declaration claims). Never XML_PARSE_NOENT (entity substitution),
//   XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID or XML_PARSE_HUGE.
// - The body is UTF-8, whatever its first bytes look like: the context is switched to UTF-8
//   before the first byte, which turns off libxml2's guess from the first four bytes (UTF-16,
//   UCS-4, EBCDIC, which IGNORE_ENC does not cover and whose converters print errors to
//   standard error). A leading UTF-8 byte order mark is skipped here instead.
// - A DOCTYPE stops the parser in the `internalSubset` callback, before any declaration in it is
//   read: no DTD, no external subset, no entity declarations (so no billion laughs, no XXE).
//   Entity declarations and references to anything but the five predefined entities stop it
//   too (`entityDecl`, `getEntity`, `reference`), in case a path reaches them anyway.
// - Every limit is checked in the callbacks as the document arrives; the body is handed to
//   libxml2 in slices of at most `sliceBytes`, with the clock checked between slices and every
//   `clockCheckInterval` callbacks. `MarkupScanner` refuses start tags with too many attributes
//   before libxml2 parses them (its duplicate check is quadratic).
// - Errors are reported through the structured error callback, never printed.

/// Initialises libxml2 once per process (`xmlInitParser` is not safe to race).
private let libxml2Initialized: Void = xmlInitParser()

extension XML {
    /// A hardened, streaming XML parser: feed the body as it arrives, then ``finish()``.
    ///
    /// One parser per document; not for use from several threads at once. Parsing a document
    /// costs at most what ``XML/Limits`` allows: the first limit crossed stops the parser with
    /// its own ``XML/ParseError``, and every later call throws the same error.
    public final class Parser {
        /// Bytes handed to libxml2 per call, so that the clock is looked at regularly.
        static let sliceBytes = 64 * 1024

        /// The UTF-8 byte order mark, skipped at the start of the body.
        static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

        private let state: ParseState
        private let context: xmlParserCtxtPtr
        private var scanner: MarkupScanner
        private var bodyBytes = 0
        private var finished = false
        /// The first bytes of the body, held back until it is known whether they are a byte order
        /// mark; nil once that is known.
        private var head: [UInt8]? = []

        /// A parser under `limits`, timed on `clock` from now.
        public init<C: Clock>(limits: Limits = .default, clock: C) where C.Duration == Duration {
            _ = libxml2Initialized
            let start = clock.now
            state = ParseState(limits: limits, elapsed: { start.duration(to: clock.now) })
            scanner = MarkupScanner(maxAttributes: limits.maxAttributesPerElement)
            var handler = Self.makeHandler()
            let userData = Unmanaged.passUnretained(state).toOpaque()
            guard let context = xmlCreatePushParserCtxt(&handler, userData, nil, 0, nil) else {
                fatalError("libxml2 could not allocate a parser context")
            }
            self.context = context
            state.context = context
            let options = Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_IGNORE_ENC.rawValue)
            xmlCtxtUseOptions(context, options)
            // UTF-8 from the first byte: no guessing the encoding (see the top of this file).
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        }

        /// A parser under `limits`, timed on the continuous clock.
        public convenience init(limits: Limits = .default) {
            self.init(limits: limits, clock: ContinuousClock())
        }

        deinit {
            xmlFreeParserCtxt(context)
        }

        /// Parses the next bytes of the body.
        public func feed(_ bytes: UnsafeRawBufferPointer) throws(ParseError) {
            precondition(!finished, "XML.Parser.feed after finish")
            if let error = state.error { throw error }
            bodyBytes += bytes.count
            guard bodyBytes <= state.limits.maxBodyBytes else {
                throw state.fail(.bodyTooLarge(limit: state.limits.maxBodyBytes))
            }
            guard var held = head else { return try parse(bytes) }
            let taken = min(Self.byteOrderMark.count - held.count, bytes.count)
            held += bytes.prefix(taken)
            guard held.count == Self.byteOrderMark.count else {
                head = held
                return
            }
            head = nil
            if held != Self.byteOrderMark { try parse(held) }
            try parse(UnsafeRawBufferPointer(rebasing: bytes[taken...]))
        }

        /// Hands bytes of the body to libxml2 in slices, looking at the clock and counting
        /// attributes before each.
        private func parse(_ bytes: UnsafeRawBufferPointer) throws(ParseError) {
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + Self.sliceBytes, bytes.count)
                let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<end])
                try state.checkClock()
                guard scanner.scan(slice) else {
                    throw state.fail(.tooManyAttributes(limit: state.limits.maxAttributesPerElement))
                }
                let status = slice.withMemoryRebound(to: CChar.self) { chars in
                    xmlParseChunk(context, chars.baseAddress, Int32(chars.count), 0)
                }
                try check(status)
                offset = end
            }
        }

        private func parse(_ bytes: [UInt8]) throws(ParseError) {
            try Self.withBytes(of: bytes, parse)
        }

        /// Parses the next bytes of the body.
        public func feed(_ bytes: [UInt8]) throws(ParseError) {
            try Self.withBytes(of: bytes, feed)
        }

        /// `withUnsafeBytes`, which does not forward typed throws: the error is carried out by hand.
        private static func withBytes(
            of bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(ParseError) -> Void
        ) throws(ParseError) {
            let result: Result<Void, ParseError> = bytes.withUnsafeBytes { buffer in
                do throws(ParseError) {
                    try body(buffer)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            try result.get()
        }

        /// Ends the body and returns the document's root element.
        public func finish() throws(ParseError) -> Element {
            precondition(!finished, "XML.Parser.finish called twice")
            finished = true
            if let error = state.error { throw error }
            if let held = head, !held.isEmpty {
                // Shorter than a byte order mark: whatever it is, libxml2 says what is wrong.
                head = nil
                try parse(held)
            }
            try state.checkClock()
            try check(xmlParseChunk(context, nil, 0, 1))
            guard let root = state.root, state.stack.isEmpty else { throw state.fail(.incomplete) }
            return root
        }

        /// Turns libxml2's status into the error that stopped it.
        private func check(_ status: Int32) throws(ParseError) {
            if let error = state.error { throw error }
            // Undeclared namespace prefixes are only namespace errors to libxml2: refuse them too.
            guard status != 0 || context.pointee.wellFormed == 0 || context.pointee.nsWellFormed == 0 else { return }
            if let (line, message) = state.firstLibraryError {
                throw state.fail(.malformed(line: line, message: message))
            }
            throw state.fail(.malformed(line: Int(xmlSAX2GetLineNumber(context)), message: "error \(status)"))
        }

        /// The SAX2 callbacks; anything not set is ignored by libxml2.
        private static func makeHandler() -> xmlSAXHandler {
            var handler = xmlSAXHandler()
            handler.initialized = clibxml2_sax2_magic()
            handler.internalSubset = { userData, _, _, _ in
                ParseState.from(userData).stop(.doctypeNotAllowed)
            }
            handler.externalSubset = { userData, _, _, _ in
                ParseState.from(userData).stop(.doctypeNotAllowed)
            }
            handler.entityDecl = { userData, name, _, _, _, _ in
                ParseState.from(userData).stop(.entityNotAllowed(name: ParseState.string(name)))
            }
            handler.unparsedEntityDecl = { userData, name, _, _, _ in
                ParseState.from(userData).stop(.entityNotAllowed(name: ParseState.string(name)))
            }
            handler.getEntity = { userData, name in
                ParseState.from(userData).stop(.entityNotAllowed(name: ParseState.string(name)))
                return nil
            }
            handler.getParameterEntity = { userData, name in
                ParseState.from(userData).stop(.entityNotAllowed(name: "%" + ParseState.string(name)))
                return nil
            }
            handler.reference = { userData, name in
                ParseState.from(userData).stop(.entityNotAllowed(name: ParseState.string(name)))
            }
            handler.resolveEntity = { userData, _, _ in
                ParseState.from(userData).stop(.doctypeNotAllowed)
                return nil
            }
            handler.processingInstruction = { userData, _, _ in
                ParseState.from(userData).stop(.processingInstructionNotAllowed)
            }
            handler.startElementNs = { userData, local, _, uri, namespaceCount, _, attributeCount, _, attributes in
                ParseState.from(userData).startElement(
                    local: local, uri: uri, namespaceCount: Int(namespaceCount), attributeCount: Int(attributeCount),
                    attributes: attributes)
            }
            handler.endElementNs = { userData, _, _, _ in
                ParseState.from(userData).endElement()
            }
            handler.characters = { userData, bytes, count in
                ParseState.from(userData).characters(bytes, Int(count))
            }
            handler.ignorableWhitespace = { userData, bytes, count in
                ParseState.from(userData).characters(bytes, Int(count))
            }
            handler.cdataBlock = { userData, bytes, count in
                ParseState.from(userData).characters(bytes, Int(count))
            }
            handler.serror = { userData, error in
                guard let userData, let error else { return }
                ParseState.from(userData).libraryError(error.pointee)
            }
            return handler
        }
    }

    /// Parses a whole body held in memory.
    public static func parse(_ bytes: [UInt8], limits: Limits = .default) throws(ParseError) -> Element {
        let parser = Parser(limits: limits)
        try parser.feed(bytes)
        return try parser.finish()
    }

    /// Parses a whole body held in memory, timed on `clock`.
    public static func parse<C: Clock>(
        _ bytes: [UInt8], limits: Limits = .default, clock: C
    ) throws(ParseError) -> Element where C.Duration == Duration {
        let parser = Parser(limits: limits, clock: clock)
        try parser.feed(bytes)
        return try parser.finish()
    }
}

/// What the callbacks build and count; owned by its `XML.Parser`.
private final class ParseState {
    /// Callbacks between two looks at the clock.
    static let clockCheckInterval = 64

    struct Builder {
        var name: XML.Name
        var attributes: [XML.Attribute]
        var children: [XML.Element] = []
        var text: [UInt8] = []
    }

    let limits: XML.Limits
    let elapsed: () -> Duration
    var context: xmlParserCtxtPtr?
    var stack: [Builder] = []
    var root: XML.Element?
    var elements = 0
    var totalText = 0
    var callbacksSinceClock = 0
    var error: XML.ParseError?
    var firstLibraryError: (line: Int, message: String)?
    /// Namespace URIs by libxml2's pointer to them. libxml2 keeps each URI once, in its
    /// context's dictionary, for the context's lifetime; one Swift string per URI, shared by
    /// every name in it, keeps a document that declares one long URI and uses it on 100,000
    /// elements from costing 100,000 copies (none of which a text limit counts).
    var namespaces: [UnsafePointer<xmlChar>: String] = [:]

    init(limits: XML.Limits, elapsed: @escaping () -> Duration) {
        self.limits = limits
        self.elapsed = elapsed
    }

    static func from(_ userData: UnsafeMutableRawPointer?) -> ParseState {
        Unmanaged<ParseState>.fromOpaque(userData!).takeUnretainedValue()
    }

    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// Records the first error and returns it.
    func fail(_ error: XML.ParseError) -> XML.ParseError {
        if self.error == nil { self.error = error }
        return self.error!
    }

    /// Records the error and stops libxml2 (from inside a callback).
    func stop(_ error: XML.ParseError) {
        _ = fail(error)
        if let context { xmlStopParser(context) }
    }

    func checkClock() throws(XML.ParseError) {
        callbacksSinceClock = 0
        if elapsed() > limits.timeBudget { throw fail(.timeBudgetExceeded(limit: limits.timeBudget)) }
    }

    /// Counts a callback; false (and stopped) when the time is up.
    private func tick() -> Bool {
        guard error == nil else { return false }
        callbacksSinceClock += 1
        guard callbacksSinceClock >= Self.clockCheckInterval else { return true }
        do {
            try checkClock()
            return true
        } catch {
            stop(error)
            return false
        }
    }

    func startElement(
        local: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?, namespaceCount: Int, attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard tick() else { return }
        guard stack.count < limits.maxDepth else { return stop(.tooDeep(limit: limits.maxDepth)) }
        elements += 1
        guard elements <= limits.maxElements else { return stop(.tooManyElements(limit: limits.maxElements)) }
        guard namespaceCount + attributeCount <= limits.maxAttributesPerElement else {
            return stop(.tooManyAttributes(limit: limits.maxAttributesPerElement))
        }
        var parsed: [XML.Attribute] = []
        if let attributes, attributeCount > 0 {
            parsed.reserveCapacity(attributeCount)
            // Five pointers per attribute: local name, prefix, URI, value start, value end.
            for index in 0..<attributeCount {
                let base = attributes + index * 5
                guard let start = base[3], let end = base[4] else { continue }
                let length = end - start
                totalText += length
                guard totalText <= limits.maxTotalTextBytes else {
                    return stop(.totalTextTooLong(limit: limits.maxTotalTextBytes))
                }
                guard length <= limits.maxTextBytesPerElement else {
                    return stop(.textTooLong(limit: limits.maxTextBytesPerElement))
                }
                let value = String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)
                let name = XML.Name(Self.string(base[0]), namespace: namespace(base[2]))
                parsed.append(XML.Attribute(name: name, value: value.replacingAmpersandReferences()))
            }
        }
        let name = XML.Name(Self.string(local), namespace: namespace(uri))
        stack.append(Builder(name: name, attributes: parsed))
    }

    /// The namespace URI at `pointer` (from a namespace declaration's value, so with the same
    /// "&#38;" as attribute values), decoded once per URI.
    func namespace(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        if let known = namespaces[pointer] { return known }
        let uri = String(cString: pointer).replacingAmpersandReferences()
        namespaces[pointer] = uri
        return uri
    }

    func endElement() {
        guard error == nil, let builder = stack.popLast() else { return }
        let element = XML.Element(
            builder.name, attributes: builder.attributes, children: builder.children,
            text: String(decoding: builder.text, as: UTF8.self))
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int) {
        guard tick(), let bytes, count > 0, !stack.isEmpty else { return }
        totalText += count
        guard totalText <= limits.maxTotalTextBytes else { return stop(.totalTextTooLong(limit: limits.maxTotalTextBytes)) }
        let top = stack.count - 1
        guard stack[top].text.count + count <= limits.maxTextBytesPerElement else {
            return stop(.textTooLong(limit: limits.maxTextBytesPerElement))
        }
        stack[top].text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
    }

    func libraryError(_ error: xmlError) {
        guard firstLibraryError == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? "error \(error.code)"
        // One line, bounded, no trailing newline: it goes into a fault string.
        message = String(message.map { $0.isNewline ? " " : $0 }).trimmingTrailingSpaces()
        if message.count > 200 { message = String(message.prefix(200)) + "…" }
        firstLibraryError = (Int(error.line), message)
    }
}

extension String {
    /// "&#38;" → "&": without entity substitution libxml2 hands over a literal '&' in an
    /// attribute value, namespace declarations included (written `&amp;` or `&#38;`), as "&#38;",
    /// for its tree builder to decode; every other reference is resolved already, and a raw '&'
    /// cannot occur.
    fileprivate func replacingAmpersandReferences() -> String {
        guard utf8.contains(UInt8(ascii: "&")) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: "&#38;") {
            result += rest[..<range.lowerBound]
            result += "&"
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    fileprivate func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
