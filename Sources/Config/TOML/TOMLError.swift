/// Why a TOML text was refused, and where. The message is one line and never quotes more than
/// a few characters of the input.
public struct TOMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of problem callers and tests tell apart.
    public enum Code: String, Hashable, Sendable {
        /// The bytes are not UTF-8.
        case invalidUTF8
        /// A control character, or a bare carriage return, where TOML does not allow one.
        case invalidCharacter
        /// The text does not follow TOML's grammar (missing `=`, stray character, …).
        case syntax
        /// A key given twice in one table.
        case duplicateKey
        /// A table defined twice, or a table, array or value extended in a way TOML forbids.
        case tableRedefinition
        /// An unknown escape, or a `\u` escape that is not a Unicode scalar.
        case invalidEscape
        /// A string that reaches the end of its line (or of the text) without its closing quote.
        case unterminatedString
        /// An integer or float that is malformed or out of range.
        case invalidNumber
        /// A date or time that is malformed or impossible.
        case invalidDateTime
        /// The input is larger, deeper or has more keys than ``TOMLLimits`` allow.
        case limitExceeded
    }

    /// What kind of problem.
    public var code: Code
    /// One line saying what is wrong.
    public var message: String
    /// Where it is.
    public var position: TOMLPosition
    /// The dotted path of the key concerned, when there is one (duplicates, redefinitions).
    public var key: String?

    /// An error.
    public init(_ code: Code, _ message: String, at position: TOMLPosition, key: String? = nil) {
        self.code = code
        self.message = message
        self.position = position
        self.key = key
    }

    /// `line L, column C: message`.
    public var description: String { "line \(position.line), column \(position.column): \(message)" }
}
