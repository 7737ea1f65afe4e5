import Database
import MAPI
import Testing

@testable import Node

/// GetIDsFromNames / GetNamesFromIDs: the server-wide mapping of named properties to ids.
@Suite("Named properties") struct NamedPropertyTests {
    static let sample = [
        NamedProperty(guid: .psetidAppointment, id: 0x820D),
        NamedProperty(guid: .psPublicStrings, name: "Keywords"),
        NamedProperty(guid: .psetidCommon, id: 0x8501),
        NamedProperty(guid: .psInternetHeaders, name: "x-mailer"),
    ]

    static func mappedCount(_ fixture: StoreFixture) throws -> Int64 {
        try fixture.sql("SELECT COUNT(*) FROM named_props")[0].integer(0)
    }

    @Test(arguments: Backend.enabled)
    func idsAreHandedOutOnceAndStayTheSame(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let names = Self.sample

        // Unknown names without MAPI_CREATE: nil, and nothing is created.
        #expect(try engine.propertyIDs(for: names, create: false) == [nil, nil, nil, nil])
        #expect(try Self.mappedCount(fixture) == 0)

        let ids = try engine.propertyIDs(for: names, create: true)
        for id in ids {
            #expect(id != nil && id! >= 0x8000 && id! <= 0xFFFE)
        }
        #expect(Set(ids).count == 4)
        #expect(try engine.propertyIDs(for: names, create: true) == ids)
        #expect(try engine.propertyIDs(for: names, create: false) == ids)
        #expect(try engine.propertyIDs(for: names.reversed(), create: false) == ids.reversed())
        #expect(try engine.propertyNames(for: ids.map { $0! }) == names)

        // Another engine on the same database (another node) sees the same mapping.
        let second = try fixture.secondEngine(node: "n2")
        #expect(try second.propertyIDs(for: names, create: false) == ids)
        #expect(try second.propertyNames(for: ids.map { $0! }) == names)

        // Known and unknown in one call.
        let extra = NamedProperty(guid: .psPublicStrings, name: "NotYet")
        #expect(try engine.propertyIDs(for: [names[1], extra], create: false) == [ids[1], nil])
        // The same new name twice in one call gets one id.
        let twice = try engine.propertyIDs(for: [extra, extra], create: true)
        #expect(twice[0] != nil && twice[0] == twice[1] && !ids.contains(twice[0]))
        #expect(try Self.mappedCount(fixture) == 5)
        // Ids that are not mapped have no name.
        let unused = (UInt16(0x8000)...0x8010).first { !ids.contains($0) && $0 != twice[0] }!
        #expect(try engine.propertyNames(for: [unused, 0xFFFE]) == [nil, nil])
    }

    @Test(arguments: Backend.enabled)
    func psMAPINamesAreThePropertyIDsThemselves(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let names = [NamedProperty(guid: .psMAPI, id: 0x0037), NamedProperty(guid: .psMAPI, id: 0x0001), NamedProperty(guid: .psMAPI, id: 0x7FFF)]
        #expect(try fixture.engine.propertyIDs(for: names, create: false) == [0x0037, 0x0001, 0x7FFF])
        #expect(try fixture.engine.propertyIDs(for: names, create: true) == [0x0037, 0x0001, 0x7FFF])
        #expect(try Self.mappedCount(fixture) == 0)
    }

    @Test(arguments: Backend.enabled)
    func distinctNamesGetDistinctIDs(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let names = [
            NamedProperty(guid: .psPublicStrings, id: 1),
            NamedProperty(guid: .psPublicStrings, name: "1"),  // a string name is not the number
            NamedProperty(guid: .psetidCommon, id: 1),  // same number, other set
            NamedProperty(guid: .psetidCommon, name: "1"),
            NamedProperty(guid: .psPublicStrings, name: "Keywords"),
            NamedProperty(guid: .psPublicStrings, name: "keywords"),  // string names are case-sensitive outside PS_INTERNET_HEADERS
            NamedProperty(guid: .psPublicStrings, name: "Keywords "),  // and trailing spaces count
            NamedProperty(guid: .psPublicStrings, name: "Größe"),
            NamedProperty(guid: .psPublicStrings, name: "größe"),
            NamedProperty(guid: .psPublicStrings, id: 0xFFFF_FFFF),
            NamedProperty(guid: .psInternetHeaders, id: 1),
        ]
        let ids = try fixture.engine.propertyIDs(for: names, create: true)
        #expect(ids.allSatisfy { $0 != nil })
        #expect(Set(ids).count == names.count)
        #expect(try fixture.engine.propertyNames(for: ids.map { $0! }) == names)
        #expect(try fixture.engine.propertyIDs(for: names, create: false) == ids)
    }

    @Test(arguments: Backend.enabled)
    func internetHeaderNamesIgnoreCase(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let ids = try engine.propertyIDs(
            for: [
                NamedProperty(guid: .psInternetHeaders, name: "X-Mailer"), NamedProperty(guid: .psInternetHeaders, name: "x-mailer"),
                NamedProperty(guid: .psInternetHeaders, name: "X-MAILER"), NamedProperty(guid: .psInternetHeaders, name: "X-Spam-Flag"),
                NamedProperty(guid: .psPublicStrings, name: "X-Mailer"),
            ],
            create: true)
        #expect(ids[0] != nil && ids[1] == ids[0] && ids[2] == ids[0])
        #expect(ids[3] != ids[0] && ids[4] != ids[0] && ids[4] != ids[3])
        #expect(try engine.propertyIDs(for: [NamedProperty(guid: .psInternetHeaders, name: "x-MaIlEr")], create: false) == [ids[0]])
        // Stored, and named back, in the one lower-case spelling.
        #expect(
            try engine.propertyNames(for: [ids[0]!, ids[3]!, ids[4]!]) == [
                NamedProperty(guid: .psInternetHeaders, name: "x-mailer"), NamedProperty(guid: .psInternetHeaders, name: "x-spam-flag"),
                NamedProperty(guid: .psPublicStrings, name: "X-Mailer"),
            ])
        #expect(try Self.mappedCount(fixture) == 3)
    }

    @Test(arguments: Backend.enabled)
    func invalidNamesAreRefusedAndNothingIsCreated(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let valid = NamedProperty(guid: .psPublicStrings, name: "Fine")
        let invalid = [
            NamedProperty(guid: .psMAPI, name: "Subject"),  // PS_MAPI has numeric names only
            NamedProperty(guid: .psMAPI, id: 0),
            NamedProperty(guid: .psMAPI, id: 0x8000),
            NamedProperty(guid: .psMAPI, id: 0xFFFF_FFFF),
            NamedProperty(guid: .psPublicStrings, name: ""),
            NamedProperty(guid: .psPublicStrings, name: String(repeating: "n", count: 256)),
            NamedProperty(guid: .psPublicStrings, name: String(repeating: "ä", count: 128)),  // 256 bytes
            NamedProperty(guid: .psPublicStrings, name: "bad\u{0}name"),
            NamedProperty(guid: .psInternetHeaders, name: ""),
        ]
        for name in invalid {
            for create in [true, false] {
                #expect { try engine.propertyIDs(for: [valid, name], create: create) } throws: {
                    ($0 as? MAPIError)?.code == .invalidParameter
                }
            }
        }
        #expect(try Self.mappedCount(fixture) == 0)  // not even the valid name of those calls
        // At the limits.
        let longest = [
            NamedProperty(guid: .psPublicStrings, name: String(repeating: "n", count: 255)),
            NamedProperty(guid: .psPublicStrings, name: String(repeating: "ä", count: 127) + "a"),
        ]
        let ids = try engine.propertyIDs(for: longest, create: true)
        #expect(ids.allSatisfy { $0 != nil } && ids[0] != ids[1])
        #expect(try engine.propertyNames(for: ids.map { $0! }) == longest)
    }

    @Test(arguments: Backend.enabled)
    func theIDRangeCanRunOut(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let first = try engine.propertyIDs(for: [NamedProperty(guid: .psPublicStrings, name: "First")], create: true)[0]
        #expect(first == 0x8000)
        // Pretend every id up to 0xFFFE is taken.
        try fixture.pool.withConnection { connection in
            _ = try connection.execute(
                "INSERT INTO named_props (id, guid, kind, num, name) VALUES (?, ?, 1, 0, ?)",
                [.integer(0xFFFE), .blob(GUID.psPublicStrings.bytes), .text("Last")])
        }
        #expect { try engine.propertyIDs(for: [NamedProperty(guid: .psPublicStrings, name: "One more")], create: true) } throws: {
            ($0 as? MAPIError)?.code == .notEnoughMemory
        }
        // Known names still map, with or without MAPI_CREATE.
        #expect(try engine.propertyIDs(for: [NamedProperty(guid: .psPublicStrings, name: "Last")], create: true) == [0xFFFE])
        #expect(try engine.propertyIDs(for: [NamedProperty(guid: .psPublicStrings, name: "First")], create: false) == [0x8000])
    }

    @Test(arguments: Backend.enabled)
    func valuesStoredUnderMappedIDsReadBack(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let ids = try engine.propertyIDs(
            for: [
                NamedProperty(guid: .psetidCommon, id: 0x8501),  // PidLidReminderDelta, PT_LONG
                NamedProperty(guid: .psPublicStrings, name: "Keywords"),  // PT_MV_UNICODE
                NamedProperty(guid: .psetidAppointment, id: 0x820D),  // PidLidAppointmentStartWhole, PT_SYSTIME
                NamedProperty(guid: .psInternetHeaders, name: "X-Mailer"),  // PT_UNICODE
            ],
            create: true
        ).map { $0! }
        let reminder = PropertyTag(id: ids[0], type: .long)
        let keywords = PropertyTag(id: ids[1], type: .multiUnicode)
        let start = PropertyTag(id: ids[2], type: .sysTime)
        let mailer = PropertyTag(id: ids[3], type: .unicode)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let when = FileTime(unixSeconds: 1_700_000_000)
        let created = try engine.createMessage(
            in: inbox,
            Sample.message(
                subject: "named",
                extra: [
                    Property(id: reminder.id, value: .long(15)), Property(id: keywords.id, value: .multiUnicode(["Rot", "Grün"])),
                    Property(id: start.id, value: .sysTime(when)), Property(id: mailer.id, value: .unicode("Tessera Test")),
                ]))
        let read = try engine.message(created.entryID).properties
        #expect(read[tag: reminder] == .long(15))
        #expect(read[tag: keywords] == .multiUnicode(["Rot", "Grün"]))
        #expect(read[tag: start] == .sysTime(when))
        #expect(read[tag: mailer] == .unicode("Tessera Test"))

        try engine.setMessageProperties(created.entryID, [Property(id: reminder.id, value: .long(30))])
        try engine.deleteMessageProperties(created.entryID, [mailer])
        let some = try engine.messageProperties(created.entryID, tags: [reminder, keywords, mailer])
        #expect(some[tag: reminder] == .long(30))
        #expect(some[tag: keywords] == .multiUnicode(["Rot", "Grün"]))
        #expect(some[tag: mailer] == nil)

        // In a table: as a column, in a restriction, as a sort key.
        _ = try engine.createMessage(in: inbox, Sample.message(subject: "plain"))
        let table = try engine.contents(
            of: inbox,
            TableQuery(
                columns: [.subject, reminder, keywords],
                restriction: .property(tag: keywords, op: .equal, value: .unicode("grün")), sort: [SortKey(reminder)]))
        #expect(table.totalCount == 1)
        #expect(table.rows.first?[tag: reminder] == .long(30))
        #expect(table.rows.first?[tag: keywords] == .multiUnicode(["Rot", "Grün"]))
        let sorted = try engine.contents(of: inbox, TableQuery(columns: [.subject], sort: [SortKey(reminder, ascending: false)]))
        #expect(sorted.rows.map { $0[tag: .subject] } == [.unicode("named"), .unicode("plain")])

        // The mapping belongs to the server: another store uses the same ids.
        let other = try fixture.makeStore()
        let elsewhere = try engine.createMessage(
            in: other.folder(.inbox), Sample.message(subject: "other", extra: [Property(id: reminder.id, value: .long(5))]))
        #expect(try engine.messageProperties(elsewhere.entryID, tags: [reminder])[tag: reminder] == .long(5))
        #expect(try engine.propertyIDs(for: [NamedProperty(guid: .psetidCommon, id: 0x8501)], create: false) == [reminder.id])
    }
}
