import Foundation

/// A folder path such as `Inbox/Projects/2024`: names separated by `/`, relative to the IPM
/// subtree (or to the folder it is resolved from).
///
/// A `/` inside a name is written `\/`, a backslash `\\` (as python-kopano does). Leading and
/// trailing slashes are ignored; an empty name (`a//b`) or a lone backslash is an error. The
/// empty path names the starting folder itself.
public struct FolderPath: Sendable, Hashable, CustomStringConvertible {
    /// The folder names from the top down.
    public let components: [String]

    /// A path of the given names.
    public init(components: [String]) { self.components = components }

    /// Parses the text form; `invalidArgument` for empty names and bad escapes.
    public init(parsing text: String) throws(TesseraClientError) {
        var components: [String] = []
        var current = ""
        var escaping = false
        for character in text {
            if escaping {
                guard character == "/" || character == "\\" else {
                    throw TesseraClientError(.invalidArgument, "folder path \"\(text)\": \\\(character) is not an escape (use \\/ or \\\\)")
                }
                current.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "/" {
                components.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !escaping else { throw TesseraClientError(.invalidArgument, "folder path \"\(text)\" ends with a lone backslash") }
        components.append(current)
        // Leading and trailing separators are allowed; an empty name in between is not.
        if components.first == "" { components.removeFirst() }
        if components.last == "" { components.removeLast() }
        if components.contains("") {
            throw TesseraClientError(.invalidArgument, "folder path \"\(text)\" has an empty folder name")
        }
        self.components = components
    }

    /// The text form, with `/` and `\` in names escaped.
    public var description: String {
        components.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "/", with: "\\/") }
            .joined(separator: "/")
    }
}
