import Config
import Testing

/// Invalid documents, each with the error code and position it must be refused with: a
/// conformance set written in the spirit of toml-test's `invalid/` cases.
@Suite struct TOMLInvalidTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let toml: String
        let code: TOMLError.Code
        let line: Int
        let column: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Syntax of statements and keys.
        Case(name: "key without value", toml: "a =", code: .syntax, line: 1, column: 4),
        Case(name: "key without equals", toml: "a 1", code: .syntax, line: 1, column: 3),
        Case(name: "two pairs on a line", toml: "a = 1 b = 2", code: .syntax, line: 1, column: 7),
        Case(name: "bare key with space", toml: "a b = 1", code: .syntax, line: 1, column: 3),
        Case(name: "empty bare key", toml: "= 1", code: .syntax, line: 1, column: 1),
        Case(name: "dot at end of key", toml: "a. = 1", code: .syntax, line: 1, column: 4),
        Case(name: "double dot", toml: "a..b = 1", code: .syntax, line: 1, column: 3),
        Case(name: "multi-line key", toml: "\"\"\"a\"\"\" = 1", code: .syntax, line: 1, column: 1),
        Case(name: "newline in key", toml: "a\n= 1", code: .syntax, line: 1, column: 2),
        Case(name: "bare string value", toml: "a = hello", code: .syntax, line: 1, column: 5),
        Case(name: "truthy", toml: "a = truee", code: .syntax, line: 1, column: 5),
        Case(name: "capital boolean", toml: "a = True", code: .syntax, line: 1, column: 5),
        // Duplicates and redefinitions.
        Case(name: "duplicate key", toml: "a = 1\na = 2", code: .duplicateKey, line: 2, column: 1),
        Case(name: "duplicate quoted key", toml: "a = 1\n\"a\" = 2", code: .duplicateKey, line: 2, column: 1),
        Case(name: "key then table", toml: "a = 1\n[a]", code: .tableRedefinition, line: 2, column: 2),
        Case(name: "table twice", toml: "[a]\nb = 1\n[a]\nc = 2", code: .tableRedefinition, line: 3, column: 2),
        Case(name: "table twice with sub", toml: "[a]\n[a.b]\n[a]", code: .tableRedefinition, line: 3, column: 2),
        Case(name: "dotted then header", toml: "[fruit]\napple.color = \"red\"\n[fruit.apple]", code: .tableRedefinition, line: 3, column: 8),
        Case(name: "header then dotted", toml: "[fruit.apple]\n[fruit]\napple.color = \"red\"", code: .tableRedefinition, line: 3, column: 1),
        Case(name: "dotted from another section", toml: "a.b = 1\n[x]\n[a]\nb = 2", code: .tableRedefinition, line: 3, column: 2),
        Case(name: "dotted over value", toml: "a = 1\na.b = 2", code: .tableRedefinition, line: 2, column: 1),
        Case(name: "dotted key is table", toml: "a.b = 1\na = 2", code: .duplicateKey, line: 2, column: 1),
        Case(name: "extend inline table by dotted", toml: "a = { b = 1 }\na.c = 2", code: .tableRedefinition, line: 2, column: 1),
        Case(name: "extend inline table by header", toml: "a = { b = 1 }\n[a.c]", code: .tableRedefinition, line: 2, column: 2),
        Case(name: "inline table duplicate", toml: "a = { b = 1, b = 2 }", code: .duplicateKey, line: 1, column: 14),
        Case(name: "inline nested extension", toml: "a = { b = { c = 1 }, b.d = 2 }", code: .tableRedefinition, line: 1, column: 22),
        Case(name: "append to static array", toml: "a = []\n[[a]]", code: .tableRedefinition, line: 2, column: 3),
        Case(name: "table then array of tables", toml: "[a]\n[[a]]", code: .tableRedefinition, line: 2, column: 3),
        Case(name: "array of tables then table", toml: "[[a]]\n[a]", code: .tableRedefinition, line: 2, column: 2),
        Case(name: "dotted into array of tables", toml: "[[a.b]]\nx = 1\n[a]\nb.c = 2", code: .tableRedefinition, line: 4, column: 1),
        Case(name: "append with dotted keys", toml: "[a.b.c]\nz = 9\n[a]\nb.c.t = 1", code: .tableRedefinition, line: 4, column: 3),
        // Headers.
        Case(name: "unclosed header", toml: "[a\nb = 1", code: .syntax, line: 1, column: 3),
        Case(name: "empty header", toml: "[]", code: .syntax, line: 1, column: 2),
        Case(name: "split array header", toml: "[[a] ]", code: .syntax, line: 1, column: 5),
        Case(name: "text after header", toml: "[a] b = 1", code: .syntax, line: 1, column: 5),
        // Strings.
        Case(name: "bad escape", toml: #"a = "\q""#, code: .invalidEscape, line: 1, column: 6),
        Case(name: "escape x", toml: #"a = "\x41""#, code: .invalidEscape, line: 1, column: 6),
        Case(name: "short unicode escape", toml: #"a = "\u00""#, code: .invalidEscape, line: 1, column: 6),
        Case(name: "surrogate escape", toml: #"a = "\uD800""#, code: .invalidEscape, line: 1, column: 6),
        Case(name: "escape too large", toml: #"a = "\U00110000""#, code: .invalidEscape, line: 1, column: 6),
        Case(name: "escaped space in multi-line", toml: "a = \"\"\"\\ x\"\"\"", code: .invalidEscape, line: 1, column: 8),
        Case(name: "unterminated basic", toml: "a = \"abc\nb = 1", code: .unterminatedString, line: 1, column: 9),
        Case(name: "unterminated literal", toml: "a = 'abc", code: .unterminatedString, line: 1, column: 9),
        Case(name: "unterminated multi-line", toml: "a = \"\"\"\nabc", code: .unterminatedString, line: 2, column: 4),
        Case(name: "unterminated multi-line literal", toml: "a = '''abc''", code: .unterminatedString, line: 1, column: 13),
        Case(name: "six quotes", toml: "a = \"\"\"abc\"\"\"\"\"\"", code: .syntax, line: 1, column: 11),
        Case(name: "control character", toml: "a = \"a\u{01}b\"", code: .invalidCharacter, line: 1, column: 7),
        Case(name: "delete character", toml: "a = 'a\u{7F}'", code: .invalidCharacter, line: 1, column: 7),
        Case(name: "control in comment", toml: "# a\u{00}b", code: .invalidCharacter, line: 1, column: 4),
        Case(name: "bare carriage return", toml: "a = 1\rb = 2", code: .invalidCharacter, line: 1, column: 6),
        Case(name: "carriage return in string", toml: "a = \"x\ry\"", code: .invalidCharacter, line: 1, column: 7),
        // Numbers.
        Case(name: "leading zero", toml: "a = 012", code: .invalidNumber, line: 1, column: 5),
        Case(name: "leading zero float", toml: "a = 03.14", code: .invalidNumber, line: 1, column: 5),
        Case(name: "double underscore", toml: "a = 1__000", code: .invalidNumber, line: 1, column: 5),
        Case(name: "trailing underscore", toml: "a = 1_", code: .invalidNumber, line: 1, column: 5),
        Case(name: "underscore after prefix", toml: "a = 0x_1", code: .invalidNumber, line: 1, column: 5),
        Case(name: "capital hex prefix", toml: "a = 0X1F", code: .invalidNumber, line: 1, column: 5),
        Case(name: "signed hex", toml: "a = +0x1F", code: .invalidNumber, line: 1, column: 5),
        Case(name: "bad octal digit", toml: "a = 0o8", code: .invalidNumber, line: 1, column: 5),
        Case(name: "integer overflow", toml: "a = 9223372036854775808", code: .invalidNumber, line: 1, column: 5),
        Case(name: "hex overflow", toml: "a = 0x1_0000_0000_0000_0000", code: .invalidNumber, line: 1, column: 5),
        Case(name: "no digits after point", toml: "a = 1.", code: .invalidNumber, line: 1, column: 5),
        Case(name: "no digits before point", toml: "a = .5", code: .syntax, line: 1, column: 5),
        Case(name: "point before exponent", toml: "a = 1.e5", code: .invalidNumber, line: 1, column: 5),
        Case(name: "empty exponent", toml: "a = 1e", code: .invalidNumber, line: 1, column: 5),
        Case(name: "infinity spelled out", toml: "a = infinity", code: .invalidNumber, line: 1, column: 5),
        Case(name: "capital inf", toml: "a = Inf", code: .syntax, line: 1, column: 5),
        Case(name: "number then letters", toml: "a = 12abc", code: .invalidNumber, line: 1, column: 5),
        // Date-times.
        Case(name: "month 13", toml: "a = 1979-13-01", code: .invalidDateTime, line: 1, column: 5),
        Case(name: "february 30", toml: "a = 2023-02-29", code: .invalidDateTime, line: 1, column: 5),
        Case(name: "hour 24", toml: "a = 24:00:00", code: .invalidDateTime, line: 1, column: 5),
        Case(name: "no seconds", toml: "a = 07:32", code: .invalidDateTime, line: 1, column: 5),
        Case(name: "one-digit day", toml: "a = 1979-05-7", code: .invalidDateTime, line: 1, column: 5),
        Case(name: "empty fraction", toml: "a = 1979-05-27T07:32:00.Z", code: .invalidDateTime, line: 1, column: 5),
        Case(name: "bad offset", toml: "a = 1979-05-27T07:32:00+7:00", code: .invalidDateTime, line: 1, column: 5),
        Case(name: "time then junk", toml: "a = 1979-05-27T07:32:00X", code: .invalidDateTime, line: 1, column: 5),
        // Arrays and inline tables.
        Case(name: "unclosed array", toml: "a = [1, 2", code: .syntax, line: 1, column: 10),
        Case(name: "missing comma", toml: "a = [1 2]", code: .syntax, line: 1, column: 8),
        Case(name: "leading comma", toml: "a = [,1]", code: .syntax, line: 1, column: 6),
        Case(name: "double comma", toml: "a = [1,,2]", code: .syntax, line: 1, column: 8),
        Case(name: "inline trailing comma", toml: "a = { b = 1, }", code: .syntax, line: 1, column: 14),
        Case(name: "inline newline", toml: "a = { b = 1,\nc = 2 }", code: .syntax, line: 1, column: 13),
        Case(name: "unclosed inline", toml: "a = { b = 1", code: .syntax, line: 1, column: 12),
        Case(name: "inline missing comma", toml: "a = { b = 1 c = 2 }", code: .syntax, line: 1, column: 13),
        // Encoding.
        Case(name: "invalid utf8", toml: "", code: .invalidUTF8, line: 2, column: 6),
    ]

    @Test(arguments: cases)
    func refuses(_ c: Case) {
        var bytes = Array(c.toml.utf8)
        if c.code == .invalidUTF8 { bytes = Array("a = 1\nb = \"".utf8) + [0xC3, 0x28] + Array("\"".utf8) }
        do {
            let document = try TOMLDocument(parsing: bytes)
            Issue.record("accepted: \(TOMLRendering.render(document.root))")
        } catch {
            #expect(error.code == c.code, "\(error)")
            #expect(error.position == TOMLPosition(line: c.line, column: c.column), "\(error)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func overlongAndSurrogateUTF8AreRefused() {
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]] {
            #expect(throws: TOMLError.self) { try TOMLDocument(parsing: Array("a = \"".utf8) + bad + Array("\"".utf8)) }
        }
    }
}
