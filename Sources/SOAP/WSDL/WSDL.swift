/// The WSDL 1.1 document of the protocol, generated from ``SOAPOperation/all``: SOAP 1.1,
/// document/literal wrapped, every operation with the `Session` header (but Logon) and the
/// `MAPIFault` fault. `GET /soap?wsdl` serves it; `docs/tessera.wsdl` is a copy that a test
/// keeps equal and `Tests/Python/test_wsdl.py` loads with zeep.
public enum WSDL {
    /// The WSDL 1.1 namespace.
    static let wsdlNamespace = "http://schemas.xmlsoap.org/wsdl/"
    /// The WSDL SOAP 1.1 binding namespace.
    static let soapBindingNamespace = "http://schemas.xmlsoap.org/wsdl/soap/"
    /// XML Schema.
    static let schemaNamespace = "http://www.w3.org/2001/XMLSchema"

    /// The document, with the service at `location` (e.g. `https://node1.example:8443/soap`),
    /// indented for people.
    public static func document(location: String) -> [UInt8] {
        var w = XML.Writer(indented: true)
        w.declaration()
        w.start(
            "wsdl:definitions",
            attributes: [
                ("name", "Tessera"), ("targetNamespace", SOAPNamespace.tessera), ("xmlns:wsdl", wsdlNamespace),
                ("xmlns:soap", soapBindingNamespace), ("xmlns:xs", schemaNamespace), ("xmlns:t", SOAPNamespace.tessera),
            ])
        w.element("wsdl:documentation", text: "Tessera groupware store protocol, SOAP 1.1 document/literal wrapped.")

        // Types: the shared schema types, the header and fault elements, one request and one
        // response element per operation.
        w.start("wsdl:types")
        w.start(
            "xs:schema",
            attributes: [
                ("targetNamespace", SOAPNamespace.tessera), ("elementFormDefault", "qualified"),
                ("attributeFormDefault", "unqualified"),
            ])
        SchemaTypes.write(to: &w)
        w.empty("xs:element", ["name": "Session", "type": "xs:string"])
        w.empty("xs:element", ["name": "MAPIFault", "type": "t:MAPIFault"])
        for operation in SOAPOperation.all {
            writeWrapper(operation.name, parts: operation.request, to: &w)
            writeWrapper(operation.responseName, parts: operation.response, to: &w)
        }
        w.end()
        w.end()

        // Messages.
        message("SessionHeader", part: "Session", element: "t:Session", to: &w)
        message("MAPIFault", part: "fault", element: "t:MAPIFault", to: &w)
        for operation in SOAPOperation.all {
            message(operation.name + "Request", part: "parameters", element: "t:" + operation.name, to: &w)
            message(operation.responseName, part: "parameters", element: "t:" + operation.responseName, to: &w)
        }

        // Port type.
        w.start("wsdl:portType", ["name": "TesseraPortType"])
        for operation in SOAPOperation.all {
            w.start("wsdl:operation", ["name": operation.name])
            w.element("wsdl:documentation", text: operation.summary)
            w.empty("wsdl:input", ["message": "t:" + operation.name + "Request"])
            w.empty("wsdl:output", ["message": "t:" + operation.responseName])
            w.empty("wsdl:fault", ["name": "MAPIFault", "message": "t:MAPIFault"])
            w.end()
        }
        w.end()

        // Binding.
        w.start("wsdl:binding", ["name": "TesseraBinding", "type": "t:TesseraPortType"])
        w.empty("soap:binding", ["style": "document", "transport": "http://schemas.xmlsoap.org/soap/http"])
        for operation in SOAPOperation.all {
            w.start("wsdl:operation", ["name": operation.name])
            w.empty("soap:operation", ["soapAction": SOAPNamespace.tessera + "#" + operation.name, "style": "document"])
            w.start("wsdl:input")
            if operation.requiresSession {
                w.empty("soap:header", ["message": "t:SessionHeader", "part": "Session", "use": "literal"])
            }
            w.empty("soap:body", ["use": "literal"])
            w.end()
            w.start("wsdl:output")
            w.empty("soap:body", ["use": "literal"])
            w.end()
            w.start("wsdl:fault", ["name": "MAPIFault"])
            w.empty("soap:fault", ["name": "MAPIFault", "use": "literal"])
            w.end()
            w.end()
        }
        w.end()

        // Service.
        w.start("wsdl:service", ["name": "TesseraService"])
        w.start("wsdl:port", ["name": "TesseraPort", "binding": "t:TesseraBinding"])
        w.empty("soap:address", ["location": location])
        w.end()
        w.end()

        w.end()
        precondition(w.isBalanced)
        return w.bytes
    }

    private static func writeWrapper(_ name: String, parts: [SOAPOperation.Part], to w: inout XML.Writer) {
        w.start("xs:element", ["name": name])
        w.start("xs:complexType")
        w.start("xs:sequence")
        for part in parts {
            switch part.occurs {
            case .one: w.empty("xs:element", ["name": part.name, "type": part.type.rawValue])
            case .optional: w.empty("xs:element", ["name": part.name, "type": part.type.rawValue, "minOccurs": "0"])
            case .many:
                w.empty("xs:element", ["name": part.name, "type": part.type.rawValue, "minOccurs": "0", "maxOccurs": "unbounded"])
            }
        }
        w.end()
        w.end()
        w.end()
    }

    private static func message(_ name: String, part: String, element: String, to w: inout XML.Writer) {
        w.start("wsdl:message", ["name": name])
        w.empty("wsdl:part", ["name": part, "element": element])
        w.end()
    }
}
