/// A byte-level look-ahead over the body that counts the attributes of each start tag before
/// libxml2 sees it.
///
/// Why: libxml2 2.9 parses a whole start tag before it calls back, and checks attributes and
/// namespace declarations for duplicates pairwise. A single tag with 40,000 attributes costs
/// 1.6 s, one with the 500,000 that fit in 4 MiB minutes — inside one `xmlParseChunk` call,
/// where no callback can stop it. Counting `=` signs outside quoted values per start tag here
/// is linear and refuses such a tag before it reaches libxml2.
///
/// The scanner only needs to be exact for well-formed input: comments, CDATA sections and
/// processing instructions are skipped; after `<!` that opens anything else (a DOCTYPE, which
/// the parser refuses anyway) it stops counting. It keeps its state across chunk boundaries.
struct MarkupScanner {
    private enum State {
        case text
        case afterLessThan
        case startTag
        case quoted(UInt8)
        case endTag
        case afterBang(matched: Int)
        case comment(dashes: Int)
        case cdata(brackets: Int)
        case processingInstruction(question: Bool)
        case off
    }

    private static let cdataOpen: [UInt8] = Array("[CDATA[".utf8)

    private var state = State.text
    private var equalsInTag = 0
    let maxAttributes: Int

    init(maxAttributes: Int) {
        self.maxAttributes = maxAttributes
    }

    /// Scans the next bytes; false when a start tag has more than `maxAttributes` attributes.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes {
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") { state = .afterLessThan }
            case .afterLessThan:
                switch byte {
                case UInt8(ascii: "!"): state = .afterBang(matched: 0)
                case UInt8(ascii: "?"): state = .processingInstruction(question: false)
                case UInt8(ascii: "/"): state = .endTag
                case UInt8(ascii: ">"): state = .text
                default:
                    equalsInTag = 0
                    state = .startTag
                }
            case .startTag:
                switch byte {
                case UInt8(ascii: "="):
                    equalsInTag += 1
                    if equalsInTag > maxAttributes { return false }
                case UInt8(ascii: "\""), UInt8(ascii: "'"): state = .quoted(byte)
                case UInt8(ascii: ">"): state = .text
                default: break
                }
            case .quoted(let quote):
                if byte == quote { state = .startTag }
            case .endTag:
                if byte == UInt8(ascii: ">") { state = .text }
            case .afterBang(let matched):
                // "<!--" opens a comment, "<![CDATA[" a CDATA section; anything else is a
                // declaration that the parser refuses.
                if matched == 0 && byte == UInt8(ascii: "-") {
                    state = .afterBang(matched: -1)
                } else if matched == -1 {
                    state = byte == UInt8(ascii: "-") ? .comment(dashes: 0) : .off
                } else if matched >= 0 && matched < Self.cdataOpen.count && byte == Self.cdataOpen[matched] {
                    state = matched + 1 == Self.cdataOpen.count ? .cdata(brackets: 0) : .afterBang(matched: matched + 1)
                } else {
                    state = .off
                }
            case .comment(let dashes):
                if byte == UInt8(ascii: ">") && dashes >= 2 {
                    state = .text
                } else {
                    state = .comment(dashes: byte == UInt8(ascii: "-") ? dashes + 1 : 0)
                }
            case .cdata(let brackets):
                if byte == UInt8(ascii: ">") && brackets >= 2 {
                    state = .text
                } else {
                    state = .cdata(brackets: byte == UInt8(ascii: "]") ? brackets + 1 : 0)
                }
            case .processingInstruction(let question):
                if byte == UInt8(ascii: ">") && question {
                    state = .text
                } else {
                    state = .processingInstruction(question: byte == UInt8(ascii: "?"))
                }
            case .off:
                return true
            }
        }
        return true
    }
}
