import Foundation
import SOAP
import Testing

/// The WSDL is generated; `docs/tessera.wsdl` is a copy kept equal by ``committedCopyIsCurrent()``
/// (`TESSERA_WRITE_WSDL=1 swift test --filter WSDLTests` rewrites it) and loaded by zeep in
/// `Tests/Python/test_wsdl.py`.
@Suite struct WSDLTests {
    static let location = "http://localhost:8080/soap"
    static let wsdl = "http://schemas.xmlsoap.org/wsdl/"
    static let schema = "http://www.w3.org/2001/XMLSchema"
    static let soapBinding = "http://schemas.xmlsoap.org/wsdl/soap/"

    static var committedCopy: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/tessera.wsdl")
    }

    @Test func committedCopyIsCurrent() throws {
        let generated = WSDL.document(location: Self.location) + Array("\n".utf8)
        if ProcessInfo.processInfo.environment["TESSERA_WRITE_WSDL"] == "1" {
            try Data(generated).write(to: Self.committedCopy)
        }
        let committed = try Data(contentsOf: Self.committedCopy)
        // Compared as text: a failing byte-array comparison would print the whole document.
        #expect(
            String(decoding: committed, as: UTF8.self) == String(decoding: generated, as: UTF8.self),
            "docs/tessera.wsdl is stale: run TESSERA_WRITE_WSDL=1 swift test --filter WSDLTests")
    }

    /// WSDL 1.1 / XSD structure: every name that is referenced is defined, every operation is
    /// in each section, the binding is document/literal.
    @Test func structureIsConsistent() throws {
        let root = try XML.parse(WSDL.document(location: Self.location))
        #expect(root.name == XML.Name("definitions", namespace: Self.wsdl))
        #expect(root.attribute("targetNamespace") == SOAPNamespace.tessera)

        let schemaElement = try #require(root.child("types", namespace: Self.wsdl)?.child("schema", namespace: Self.schema))
        #expect(schemaElement.attribute("elementFormDefault") == "qualified")
        func names(_ local: String) -> Set<String> {
            Set(schemaElement.children(local, namespace: Self.schema).compactMap { $0.attribute("name") })
        }
        let elements = names("element")
        let types = names("complexType").union(names("simpleType"))
        let groups = names("group")
        #expect(types.count == schemaElement.children("complexType", namespace: Self.schema).count
            + schemaElement.children("simpleType", namespace: Self.schema).count, "a type is defined twice")

        // Every t: reference resolves; every xs: reference is a built-in type.
        let builtIns: Set<String> = ["string", "boolean", "int", "long", "short", "unsignedShort", "float", "double", "base64Binary"]
        func visit(_ element: XML.Element) {
            for attribute in ["type", "base", "ref"] {
                guard let value = element.attribute(attribute) else { continue }
                let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
                #expect(parts.count == 2, "unprefixed reference \(value)")
                guard parts.count == 2 else { continue }
                if parts[0] == "xs" {
                    #expect(builtIns.contains(parts[1]), "unknown built-in \(value)")
                } else if attribute == "ref" {
                    #expect(groups.contains(parts[1]), "unknown group \(value)")
                } else {
                    #expect(parts[0] == "t" && types.contains(parts[1]), "unknown type \(value)")
                }
            }
            for child in element.children { visit(child) }
        }
        visit(schemaElement)

        let messages = Set(root.children("message", namespace: Self.wsdl).compactMap { $0.attribute("name") })
        for message in root.children("message", namespace: Self.wsdl) {
            for part in message.children("part", namespace: Self.wsdl) {
                let element = try #require(part.attribute("element"))
                #expect(elements.contains(String(element.dropFirst(2))), "message part names unknown \(element)")
            }
        }
        let portType = try #require(root.child("portType", namespace: Self.wsdl))
        let binding = try #require(root.child("binding", namespace: Self.wsdl))
        #expect(binding.child("binding", namespace: Self.soapBinding)?.attribute("style") == "document")
        let portOperations = portType.children("operation", namespace: Self.wsdl)
        let bindingOperations = binding.children("operation", namespace: Self.wsdl)
        #expect(portOperations.compactMap { $0.attribute("name") } == SOAPOperation.all.map(\.name))
        #expect(bindingOperations.compactMap { $0.attribute("name") } == SOAPOperation.all.map(\.name))
        for (operation, port) in zip(SOAPOperation.all, portOperations) {
            #expect(elements.contains(operation.name) && elements.contains(operation.responseName))
            for direction in ["input", "output", "fault"] {
                let message = try #require(port.child(direction, namespace: Self.wsdl)?.attribute("message"))
                #expect(messages.contains(String(message.dropFirst(2))), "\(operation.name) \(direction)")
            }
        }
        for (operation, bound) in zip(SOAPOperation.all, bindingOperations) {
            let input = try #require(bound.child("input", namespace: Self.wsdl))
            #expect((input.child("header", namespace: Self.soapBinding) != nil) == operation.requiresSession)
            #expect(input.child("body", namespace: Self.soapBinding)?.attribute("use") == "literal")
        }
        let address = root.child("service", namespace: Self.wsdl)?.child("port", namespace: Self.wsdl)?
            .child("address", namespace: Self.soapBinding)
        #expect(address?.attribute("location") == Self.location)
    }

    @Test func operationTable() {
        #expect(Set(SOAPOperation.all.map(\.name)).count == SOAPOperation.all.count)
        #expect(SOAPOperation.all.filter { !$0.requiresSession }.map(\.name) == ["Logon"])
        for name in [
            "Logon", "Logoff", "GetStore", "GetHierarchy", "CreateFolder", "DeleteFolder", "EmptyFolder", "CreateItem",
            "GetItem", "GetProps", "SetProps", "DeleteProps", "QueryRows", "MoveItems", "CopyItems", "DeleteItems",
            "GetIDsFromNames", "GetNamesFromIDs", "CreateAttachment", "GetAttachment", "SubmitMessage", "GetChanges",
            "ImportChanges", "Search", "ExportItem", "ImportItem", "GetNotifications", "ResolveUser", "ServerDetails",
            "ClusterMembers", "Placement",
        ] {
            #expect(SOAPOperation.named(name) != nil, "ARCHITECTURE §5 operation \(name) missing")
        }
    }
}
