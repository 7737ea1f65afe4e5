/// Just enough XML for S3's answers: the text of named elements in ListObjectsV2,
/// InitiateMultipartUpload, CompleteMultipartUpload and Error bodies, and the escaping of the
/// CompleteMultipartUpload request.
///
/// These documents are flat and machine-written (no DTD, no CDATA, no attributes on the
/// elements read here), so a scan for `<Name>…</Name>` with the five predefined entities and
/// numeric character references decoded is exact for them. It is never used on anything else.
enum S3XML {
    /// The text of every `<name>…</name>` element, in document order, entities decoded.
    static func values(_ name: String, in document: String) -> [String] {
        elements(name, in: document).map(unescape)
    }

    /// The text of the first `<name>…</name>` element, if any.
    static func value(_ name: String, in document: String) -> String? {
        values(name, in: document).first
    }

    /// The raw content of every `<name>…</name>` element (for the `<Contents>` of a listing).
    static func elements(_ name: String, in document: String) -> [Substring] {
        let open = "<\(name)>", close = "</\(name)>"
        var found: [Substring] = []
        var rest = document[...]
        while let start = rest.range(of: open) {
            guard let end = rest[start.upperBound...].range(of: close) else { break }
            found.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// `&lt;` … `&#x41;` decoded; unknown references are left as they are.
    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var out = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            let decoded: String? = switch entity {
            case "lt": "<"
            case "gt": ">"
            case "amp": "&"
            case "quot": "\""
            case "apos": "'"
            default:
                if entity.hasPrefix("#x") {
                    UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if entity.hasPrefix("#") {
                    UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    nil
                }
            }
            if let decoded {
                out += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
            }
        }
        return out + rest
    }

    /// Text escaped for element content.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
