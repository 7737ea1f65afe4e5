/// A bounded, incremental byte scan of a SOAP request's start: the text of the header's
/// `<…:Session>` block (if any) and the local name of the body's first element (the
/// operation). It lets the router route a request without parsing its XML (ARCHITECTURE §4).
///
/// What it guarantees:
/// - Linear in the bytes fed, constant memory apart from the token it keeps (at most
///   ``maximumTokenBytes``) and names (at most ``maximumNameBytes``); it keeps its state across
///   chunks, so a body that trickles in byte by byte costs no more than one that arrives whole.
/// - It answers as soon as the body's first element has started; the caller bounds how many
///   bytes it is fed before giving up (``EnvelopePeek/needMore`` at the bound is a refusal).
/// - It is exact for well-formed envelopes: the XML declaration, comments and processing
///   instructions are skipped, quoted attribute values may hold `>`, CDATA inside the token is
///   taken as text. Anything it cannot read as an envelope (`<!DOCTYPE`, another root, text at
///   the top level) is ``EnvelopePeek/malformed(_:)``.
///
/// What it does not do: check namespaces (a prefix is dropped, only local names count),
/// resolve entities, or validate the rest of the document. It decides where the request goes,
/// nothing more; the node parses and checks the whole request with the hardened parser, so a
/// request that fools the scanner is refused there.
public struct EnvelopeScanner: Sendable {
    /// Longest element name read (prefix and local name).
    public static let maximumNameBytes = 256
    /// Longest `<Session>` text kept (a token is at most 800 characters; white space around it).
    public static let maximumTokenBytes = 4_096

    private enum State: Sendable {
        case text
        case lessThan
        case name(isEnd: Bool)
        case tag(isEnd: Bool, quote: UInt8?, lastSlash: Bool)
        case bang(matched: Int)
        /// Inside a comment, CDATA section or processing instruction, until `terminator`;
        /// `matched` bytes of it seen; `keep`: the content is token text (CDATA).
        case skipping(terminator: Terminator, matched: Int, keep: Bool)
        case finished(EnvelopePeek)
    }

    private static let cdataOpen = Array("[CDATA[".utf8)

    /// How a skipped construct ends.
    private enum Terminator: Sendable {
        case comment, cdata, instruction

        var bytes: [UInt8] {
            switch self {
            case .comment: Array("-->".utf8)
            case .cdata: Array("]]>".utf8)
            case .instruction: Array("?>".utf8)
            }
        }
    }

    private var state = State.text
    private var name: [UInt8] = []
    private var path: [String] = []
    private var capturing = false
    private var token: [UInt8] = []
    private var session: String?
    private var hasRoot = false

    /// A scanner at the start of a body.
    public init() {}

    /// The answer so far: ``EnvelopePeek/needMore`` until the operation element has started.
    public var result: EnvelopePeek {
        if case .finished(let peek) = state { return peek }
        return .needMore
    }

    /// Scans the next bytes of the body; returns the answer so far.
    @discardableResult
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> EnvelopePeek {
        for byte in bytes {
            if case .finished(let peek) = state { return peek }
            step(byte)
        }
        return result
    }

    /// The body ended: ``EnvelopePeek/needMore`` becomes `malformed`.
    public mutating func finish() -> EnvelopePeek {
        if case .finished(let peek) = state { return peek }
        state = .finished(.malformed("the body ends before its operation element"))
        return result
    }

    private mutating func step(_ byte: UInt8) {
        switch state {
        case .finished:
            return
        case .text:
            if byte == UInt8(ascii: "<") {
                state = .lessThan
            } else if capturing {
                store(byte)
            } else if path.isEmpty && !isSpace(byte) && !(byte == 0xEF || byte == 0xBB || byte == 0xBF) {
                fail("text outside the envelope")
            }
        case .lessThan:
            switch byte {
            case UInt8(ascii: "!"): state = .bang(matched: 0)
            case UInt8(ascii: "?"): state = .skipping(terminator: .instruction, matched: 0, keep: false)
            case UInt8(ascii: "/"):
                name = []
                state = .name(isEnd: true)
            default:
                name = [byte]
                state = .name(isEnd: false)
            }
        case .name(let isEnd):
            if isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") {
                state = .tag(isEnd: isEnd, quote: nil, lastSlash: false)
                step(byte)
            } else if name.count >= Self.maximumNameBytes {
                fail("an element name is longer than \(Self.maximumNameBytes) bytes")
            } else {
                name.append(byte)
            }
        case .tag(let isEnd, let quote, let lastSlash):
            if let quote {
                if byte == quote { state = .tag(isEnd: isEnd, quote: nil, lastSlash: false) }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                state = .tag(isEnd: isEnd, quote: byte, lastSlash: false)
            } else if byte == UInt8(ascii: ">") {
                state = .text
                isEnd ? endElement() : startElement(selfClosing: lastSlash)
            } else if !isSpace(byte) {
                state = .tag(isEnd: isEnd, quote: nil, lastSlash: byte == UInt8(ascii: "/"))
            }
        case .bang(let matched):
            // "<!--" opens a comment, "<![CDATA[" a CDATA section; anything else is a
            // declaration (a DOCTYPE), which the node refuses anyway.
            if matched == 0 && byte == UInt8(ascii: "-") {
                state = .bang(matched: -1)
            } else if matched == -1 && byte == UInt8(ascii: "-") {
                state = .skipping(terminator: .comment, matched: 0, keep: false)
            } else if matched >= 0 && byte == Self.cdataOpen[matched] {
                state = matched + 1 == Self.cdataOpen.count ? .skipping(terminator: .cdata, matched: 0, keep: capturing) : .bang(matched: matched + 1)
            } else {
                fail(matched == -1 ? "malformed comment" : "document type declarations are not allowed")
            }
        case .skipping(let terminator, let matched, let keep):
            let bytes = terminator.bytes
            if byte == bytes[matched] {
                state = matched + 1 == bytes.count ? .text : .skipping(terminator: terminator, matched: matched + 1, keep: keep)
            } else if matched > 0 && bytes[..<matched].allSatisfy({ $0 == byte }) {
                break  // "--->", "]]]>": the run before the end grows by one; still `matched`
            } else {
                // Bytes of a partial terminator are not kept: no token holds "]" or ">".
                if keep { store(byte) }
                state = .skipping(terminator: terminator, matched: byte == bytes[0] ? 1 : 0, keep: keep)
            }
        }
    }

    private mutating func startElement(selfClosing: Bool) {
        let local = Self.localName(name)
        switch path.count {
        case 0:
            guard !hasRoot, local == "Envelope" else { return fail("the root element is not a SOAP Envelope") }
            hasRoot = true
        case 1:
            guard local == "Header" || local == "Body" else { return fail("<\(local)> in the envelope (only Header and Body)") }
        case 2 where path[1] == "Body":
            state = .finished(.request(operation: local, session: session))
            return
        case 2 where path[1] == "Header" && local == "Session" && session == nil:
            capturing = true
            token = []
        default:
            break
        }
        path.append(local)
        if selfClosing { endElement() }
    }

    private mutating func endElement() {
        guard !path.isEmpty else { return fail("an end tag without a start tag") }
        if capturing && path.count == 3 {
            capturing = false
            session = String(decoding: trimmed(token), as: UTF8.self)
        }
        let closed = path.removeLast()
        if path.count == 1 && closed == "Body" { fail("the SOAP body holds no operation") }
        if path.isEmpty { fail("the envelope holds no Body") }
    }

    private mutating func store(_ byte: UInt8) {
        guard token.count < Self.maximumTokenBytes else { return fail("the session token is longer than \(Self.maximumTokenBytes) bytes") }
        token.append(byte)
    }

    private mutating func fail(_ reason: String) {
        state = .finished(.malformed(reason))
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return [] }
        return bytes[first...last]
    }

    private static func localName(_ qualified: [UInt8]) -> String {
        let local = qualified.lastIndex(of: UInt8(ascii: ":")).map { qualified[($0 + 1)...] } ?? qualified[...]
        return String(decoding: local, as: UTF8.self)
    }
}

/// What ``EnvelopeScanner`` found.
public enum EnvelopePeek: Sendable, Hashable {
    /// The operation element has not started yet in the bytes seen.
    case needMore
    /// The body's first element (`operation`, its local name) and the header's session token
    /// (trimmed; nil when the header has none).
    case request(operation: String, session: String?)
    /// Not readable as a SOAP envelope, with the reason.
    case malformed(String)
}
