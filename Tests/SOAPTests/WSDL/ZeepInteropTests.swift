import Foundation
import MAPI
import SOAP
import Testing

/// Requests that Python's zeep built from `docs/tessera.wsdl` (`Tests/Python/test_wsdl.py
/// --write-samples Tests/SOAPTests/Fixtures/zeep`), decoded by the Swift codec: the WSDL and
/// the codec describe the same wire format.
@Suite struct ZeepInteropTests {
    static func request(_ operation: String) throws -> SOAPRequest {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/zeep/\(operation).xml")
        let request = try SOAPEnvelope.decodeRequest(Array(try Data(contentsOf: url)))
        #expect(request.operation.name == operation)
        return request
    }

    @Test func logon() throws {
        let request = try Self.request("Logon")
        #expect(request.sessionToken == nil)
        #expect(try request.body.requiredChild("user").text == "alice")
        #expect(try request.body.requiredChild("password").text == "s3cret&<")
    }

    @Test func getPropsWithSession() throws {
        let request = try Self.request("GetProps")
        #expect(request.sessionToken == "tok")
        #expect(Base64.decode(try request.body.requiredChild("object").text) == [1, 2, 3])
    }

    @Test func setPropsValues() throws {
        let request = try Self.request("SetProps")
        let properties = try MAPIXML.properties(from: request.body.requiredChild("props"))
        #expect(
            properties == [
                Property(id: 0x0037, value: .unicode("Hello")), Property(id: 0x0E08, value: .long(42)),
                Property(id: 0x0E06, value: .sysTime(FileTime(rawValue: 133_575_936_000_000_000))),
                Property(id: 0x0FFF, value: .binary([0x00, 0xFF])), Property(id: 0x8001, value: .multiLong([1, 2])),
                Property(id: 0x0E17, value: .double(1.5)), Property(id: 0x0E1B, value: .boolean(true)),
            ])
    }

    @Test func queryRowsTableQuery() throws {
        let request = try Self.request("QueryRows")
        let query = try MAPIXML.tableQuery(from: request.body.requiredChild("query"))
        let flags = PropertyTag(rawValue: 0x0E07_0003)
        #expect(
            query
                == TableQuery(
                    columns: [.subject, PropertyTag(rawValue: 0x0E06_0040)],
                    restriction: .and([
                        .content(tag: .subject, value: .unicode("report"), match: ContentMatch(.substring, ignoreCase: true)),
                        .not(.exists(PropertyTag(rawValue: 0x0E1B_000B))),
                        .bitmask(tag: flags, mask: 1, test: .notEqualsZero),
                    ]),
                    sort: [SortKey(PropertyTag(rawValue: 0x0E06_0040), ascending: false)], offset: 10, limit: 25))
    }

    @Test func namedProperties() throws {
        let request = try Self.request("GetIDsFromNames")
        let names = try request.body.children.filter { $0.isTessera("name") }.map { e throws(MAPIError) in
            try MAPIXML.namedProperty(from: e)
        }
        #expect(names == [NamedProperty(guid: .psetidCommon, id: 0x8501), NamedProperty(guid: .psPublicStrings, name: "Keywords")])
    }
}
