import Foundation
import MAPI
import Testing

@testable import Node

/// Bad input gets a clear MAPI error and leaves the data as it was.
@Suite("Bad input") struct BadInputTests {
    @Test(arguments: Backend.enabled)
    func propertyValuesMustMatchTheirTags(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let id = try fixture.engine.createMessage(in: store.folder(.inbox), Sample.message(subject: "intact")).entryID
        let before = try fixture.engine.message(id).properties

        #expect { try Property(.subject, .long(5)) } throws: { ($0 as? MAPIError)?.code == .invalidType }
        #expect { try Property(PropertyTag(rawValue: 0x0037_0000), .long(5)) } throws: { ($0 as? MAPIError)?.code == .invalidType }
        #expect { try fixture.engine.deleteMessageProperties(id, [PropertyTag(rawValue: 0x0037_0000)]) } throws: {
            ($0 as? MAPIError)?.code == .invalidParameter
        }
        #expect { try fixture.engine.deleteMessageProperties(id, [PropertyTag(rawValue: 0x0037_0099)]) } throws: {
            ($0 as? MAPIError)?.code == .invalidParameter
        }
        let huge = String(repeating: "x", count: PropertyLimits.default.maxStringBytes + 1)
        #expect { try fixture.engine.setMessageProperties(id, [Property(id: PropertyTag.subject.id, value: .unicode(huge))]) } throws: {
            ($0 as? MAPIError)?.code == .tooBig
        }
        #expect { try fixture.engine.setMessageProperties(id, [Property(id: PropertyTag.entryID.id, value: .binary([1]))]) } throws: {
            ($0 as? MAPIError)?.code == .noAccess
        }
        #expect { try fixture.engine.setMessageProperties(id, [Property(id: 0, value: .long(1))]) } throws: {
            ($0 as? MAPIError)?.code == .invalidParameter
        }
        #expect(try fixture.engine.message(id).properties == before)
    }

    @Test(arguments: Backend.enabled)
    func invalidRestrictionsAndPagingAreRefused(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        _ = try fixture.engine.createMessage(in: inbox, Sample.message(subject: "one"))
        let cases: [TableQuery] = [
            TableQuery(restriction: .property(tag: .subject, op: .equal, value: .long(1))),
            TableQuery(restriction: .content(tag: .messageSize, value: .long(1), match: ContentMatch(.substring))),
            TableQuery(restriction: .exists(PropertyTag(rawValue: 0x0037_0000))),
            TableQuery(restriction: (0..<100).reduce(Restriction.exists(.subject)) { inner, _ in .not(inner) }),
            TableQuery(limit: 0),
            TableQuery(limit: TableQuery.maximumLimit + 1),
            TableQuery(offset: -1),
            TableQuery(columns: [PropertyTag(rawValue: 0x1234_0000)]),
        ]
        for query in cases {
            #expect(throws: MAPIError.self) { try fixture.engine.contents(of: inbox, query) }
        }
        #expect(try fixture.engine.contents(of: inbox, TableQuery()).totalCount == 1)
    }

    @Test(arguments: Backend.enabled)
    func foldersNamesAndEntryIDsAreChecked(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        for name in ["", String(repeating: "n", count: 256), "bad\u{0}name"] {
            #expect(throws: MAPIError.self) { try fixture.engine.createFolder(in: inbox, name: name) }
        }
        // A message entry id where a folder is expected, and an entry id of another store.
        let message = try fixture.engine.createMessage(in: inbox, Sample.message(subject: "m")).entryID
        #expect { try fixture.engine.createFolder(in: message, name: "x") } throws: { ($0 as? MAPIError)?.code == .invalidParameter }
        let foreign = EntryID(store: GUID(bytes: Array(repeating: 7, count: 16))!, kind: .folder, sourceKey: inbox.sourceKey)
        #expect { try fixture.engine.createMessage(in: foreign, Sample.message(subject: "x")) } throws: {
            ($0 as? MAPIError)?.code == .notFound
        }
        #expect(try fixture.engine.hierarchy(of: inbox).isEmpty)
        #expect(try fixture.engine.contents(of: inbox, TableQuery()).totalCount == 1)
    }

    @Test(arguments: Backend.enabled)
    func attachmentsOverTheBlobLimitAreTooBig(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend, maximumBlobBytes: 1_000_000)
        let store = try fixture.makeStore()
        let message = Sample.message(subject: "big", attachments: [Sample.attachment(name: "x", bytes: Sample.bytes(1_000_001))])
        #expect { try fixture.engine.createMessage(in: store.folder(.inbox), message) } throws: { ($0 as? MAPIError)?.code == .tooBig }
        #expect(try fixture.engine.contents(of: store.folder(.inbox), TableQuery()).totalCount == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.appendingPathComponent("blobs/tmp").path).isEmpty)
    }

    @Test(arguments: Backend.enabled)
    func sqlMetacharactersAreJustData(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let hostile = "x'); DROP TABLE messages; -- \\ % _ \" `"
        let store = try fixture.makeStore(hostile)
        let folder = try fixture.engine.createFolder(in: store.folder(.inbox), name: hostile).entryID
        let id = try fixture.engine.createMessage(in: folder, Sample.message(subject: hostile, body: hostile)).entryID
        #expect(try fixture.engine.message(id).properties[tag: .subject] == .unicode(hostile))
        #expect(try fixture.engine.store(owner: hostile)?.owner == hostile)
        let found = try fixture.engine.contents(
            of: folder, TableQuery(restriction: .property(tag: .subject, op: .equal, value: .unicode(hostile))))
        #expect(found.totalCount == 1)
        #expect(try fixture.engine.search("DROP TABLE", in: folder) == [id])
        #expect(try fixture.engine.search("\" OR * NEAR(", in: folder).isEmpty)
    }
}
