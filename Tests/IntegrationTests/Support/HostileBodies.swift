import Foundation

/// Request bodies a hostile client sends, as text (the SOAP module would never write them).
enum HostileBodies {
    static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    static let tessera = "urn:tessera:soap:1"

    /// An envelope around `operation` (the body's XML), after `prolog` (a DOCTYPE, say).
    static func envelope(_ operation: String, token: String? = nil, prolog: String = "") -> [UInt8] {
        let header = token.map { "<soap:Header><t:Session>\($0)</t:Session></soap:Header>" } ?? ""
        return Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>\(prolog)
            <soap:Envelope xmlns:soap="\(soap)" xmlns:t="\(tessera)">\(header)<soap:Body>\(operation)</soap:Body></soap:Envelope>
            """.utf8)
    }

    /// Tags that do not close.
    static let malformed = Array(
        "<soap:Envelope xmlns:soap=\"\(soap)\" xmlns:t=\"\(tessera)\"><soap:Body><t:Logon><t:user>alice</soap:Body>".utf8)

    /// XXE: an external entity naming a local file, used in the user name.
    static let externalEntity = envelope(
        "<t:Logon><t:user>&xxe;</t:user><t:password>x</t:password></t:Logon>",
        prolog: "\n<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")

    /// An external DTD on a port nobody listens on.
    static let externalDTD = envelope(
        "<t:Logon><t:user>alice</t:user><t:password>x</t:password></t:Logon>",
        prolog: "\n<!DOCTYPE soap:Envelope SYSTEM \"http://127.0.0.1:1/evil.dtd\">")

    /// Billion laughs: ten levels of ten references, 10⁹ "lol"s if expanded.
    static let billionLaughs: [UInt8] = {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        return envelope(
            "<t:Logon><t:user>&lol9;</t:user><t:password>x</t:password></t:Logon>",
            prolog: "\n<!DOCTYPE soap:Envelope [\(declarations)]>")
    }()

    /// `depth` nested elements inside an operation.
    static func nested(depth: Int, token: String) -> [UInt8] {
        envelope(
            "<t:GetStore>" + String(repeating: "<t:x>", count: depth) + String(repeating: "</t:x>", count: depth) + "</t:GetStore>",
            token: token)
    }

    /// SetProps of one property whose value element is written as given.
    static func setProps(object: [UInt8], tag: String, value: String, token: String) -> [UInt8] {
        envelope(
            "<t:SetProps><t:object>\(Data(object).base64EncodedString())</t:object>"
                + "<t:props><t:prop tag=\"\(tag)\">\(value)</t:prop></t:props></t:SetProps>",
            token: token)
    }

    /// An operation the protocol does not have.
    static func unknownOperation(token: String) -> [UInt8] {
        envelope("<t:FormatAllStores><t:really>true</t:really></t:FormatAllStores>", token: token)
    }
}
