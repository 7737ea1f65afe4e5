import MAPI
import Testing

@testable import Node

/// Full-text search (SQLite FTS5 or MariaDB InnoDB FULLTEXT).
///
/// The words used here have four or more letters and are not English stop words: InnoDB FULLTEXT
/// does not index words shorter than `innodb_ft_min_token_size` (3) or stop words ("the",
/// "with", …), so on MariaDB a query containing one finds nothing, while SQLite finds the
/// messages that contain it. That difference is the database's and is not tested here.
@Suite("Full-text search") struct SearchTests {
    /// A folder with a subfolder and a few messages with distinctive words.
    struct Corpus {
        let fixture: StoreFixture
        let store: StoreInfo
        let folder: EntryID
        let nested: EntryID
        let report: EntryID  // subject Kontorbericht, body Umsatzzahlen, to Margarethe Winkler, from Friedrich Lindqvist
        let bridge: EntryID  // subject Projektplanung Zebrastreifen, body Brückenbau
        let trouble: EntryID  // subject ÄRGER im Büro, body Kaffeemaschine
        let archived: EntryID  // in the subfolder: Kontorbericht archiviert

        init(_ backend: Backend) throws {
            fixture = try StoreFixture(backend)
            store = try fixture.makeStore()
            let engine = fixture.engine
            folder = try engine.createFolder(in: store.folder(.inbox), name: "Search").entryID
            nested = try engine.createFolder(in: folder, name: "Nested").entryID
            func sender(_ name: String, _ address: String) -> [Property] {
                [Property(id: PropertyTag.senderName.id, value: .unicode(name)),
                 Property(id: PropertyTag.senderEmailAddress.id, value: .unicode(address))]
            }
            report = try engine.createMessage(
                in: folder,
                Sample.message(
                    subject: "Quarterly Kontorbericht", body: "Die Umsatzzahlen steigen deutlich",
                    to: [("Margarethe Winkler", "margarethe.winkler@nordhafen.example")],
                    extra: sender("Friedrich Lindqvist", "lindqvist@suedhafen.example"))
            ).entryID
            bridge = try engine.createMessage(
                in: folder,
                Sample.message(
                    subject: "Projektplanung Zebrastreifen", body: "Brückenbau Besprechung morgen", to: [("Oskar Brandt", "oskar@werft.example")],
                    extra: sender("Henrietta Olsen", "olsen@werft.example"))
            ).entryID
            trouble = try engine.createMessage(
                in: folder, Sample.message(subject: "ÄRGER im Büro", body: "Kaffeemaschine wieder defekt", to: [("Team", "team@werft.example")])
            ).entryID
            archived = try engine.createMessage(
                in: nested, Sample.message(subject: "Kontorbericht archiviert", body: "Ablage", to: [("Archiv", "archiv@werft.example")])
            ).entryID
        }

        func search(_ query: String, in folder: EntryID? = nil, recursive: Bool = false) throws -> Set<EntryID> {
            Set(try fixture.engine.search(query, in: folder ?? self.folder, recursive: recursive))
        }
    }

    @Test(arguments: Backend.enabled)
    func findsWordsInSubjectBodyRecipientsAndSender(_ backend: Backend) throws {
        let corpus = try Corpus(backend)
        #expect(try corpus.search("Kontorbericht") == [corpus.report])  // subject
        #expect(try corpus.search("Umsatzzahlen") == [corpus.report])  // body
        #expect(try corpus.search("Brückenbau") == [corpus.bridge])
        #expect(try corpus.search("Winkler") == [corpus.report])  // recipient name
        #expect(try corpus.search("nordhafen") == [corpus.report])  // recipient address
        #expect(try corpus.search("margarethe.winkler@nordhafen.example") == [corpus.report])
        #expect(try corpus.search("Lindqvist") == [corpus.report])  // sender name
        #expect(try corpus.search("suedhafen") == [corpus.report])  // sender address
        #expect(try corpus.search("Henrietta") == [corpus.bridge])
        #expect(try corpus.search("werft") == [corpus.bridge, corpus.trouble])
        #expect(try corpus.search("Nirgendwo").isEmpty)
        // Whole words only: no prefixes, no substrings.
        #expect(try corpus.search("Kontorberich").isEmpty)
        #expect(try corpus.search("Kontor").isEmpty)
        #expect(try corpus.search("bericht").isEmpty)
    }

    @Test(arguments: Backend.enabled)
    func everyWordIsRequiredAndCaseDoesNotMatter(_ backend: Backend) throws {
        let corpus = try Corpus(backend)
        #expect(try corpus.search("Kontorbericht Umsatzzahlen") == [corpus.report])
        #expect(try corpus.search("Umsatzzahlen Kontorbericht Winkler Lindqvist") == [corpus.report])  // across fields
        #expect(try corpus.search("Kontorbericht Brückenbau").isEmpty)
        #expect(try corpus.search("Zebrastreifen Kaffeemaschine").isEmpty)
        #expect(try corpus.search("KONTORBERICHT") == [corpus.report])
        #expect(try corpus.search("kontorbericht") == [corpus.report])
        #expect(try corpus.search("kOnToRbErIcHt uMsAtZzAhLeN") == [corpus.report])
        #expect(try corpus.search("ärger") == [corpus.trouble])
        #expect(try corpus.search("ÄRGER BÜRO") == [corpus.trouble])
        #expect(try corpus.search("BRÜCKENBAU") == [corpus.bridge])
    }

    @Test(arguments: Backend.enabled)
    func searchesBelowAFolderOnlyWhenRecursive(_ backend: Backend) throws {
        let corpus = try Corpus(backend)
        #expect(try corpus.search("Kontorbericht") == [corpus.report])
        #expect(try corpus.search("Kontorbericht", recursive: true) == [corpus.report, corpus.archived])
        #expect(try corpus.search("Kontorbericht", in: corpus.nested) == [corpus.archived])
        #expect(try corpus.search("archiviert").isEmpty)
        #expect(try corpus.search("archiviert", recursive: true) == [corpus.archived])
        // Deeper levels too, and not the folders beside.
        let deeper = try corpus.fixture.engine.createFolder(in: corpus.nested, name: "Deeper").entryID
        let deep = try corpus.fixture.engine.createMessage(in: deeper, Sample.message(subject: "Kontorbericht tief unten")).entryID
        _ = try corpus.fixture.engine.createMessage(in: corpus.store.folder(.drafts), Sample.message(subject: "Kontorbericht Entwurf"))
        #expect(try corpus.search("Kontorbericht", recursive: true) == [corpus.report, corpus.archived, deep])
        #expect(try corpus.search("Kontorbericht", in: corpus.store.folder(.inbox), recursive: true) == [corpus.report, corpus.archived, deep])
        #expect(try corpus.search("Kontorbericht", in: corpus.store.folder(.inbox)).isEmpty)
    }

    @Test(arguments: Backend.enabled)
    func followsChangesDeletionsAndMoves(_ backend: Backend) throws {
        let corpus = try Corpus(backend)
        let engine = corpus.fixture.engine

        try engine.deleteMessages([corpus.report])
        #expect(try corpus.search("Kontorbericht").isEmpty)
        #expect(try corpus.search("Winkler").isEmpty)
        try engine.restoreMessages([corpus.report])
        #expect(try corpus.search("Kontorbericht") == [corpus.report])

        try engine.setMessageProperties(
            corpus.report,
            [Property(id: PropertyTag.subject.id, value: .unicode("Jahresabschluss")),
             Property(id: PropertyTag.body.id, value: .unicode("Bilanzprüfung"))])
        #expect(try corpus.search("Kontorbericht").isEmpty)
        #expect(try corpus.search("Umsatzzahlen").isEmpty)
        #expect(try corpus.search("Jahresabschluss Bilanzprüfung") == [corpus.report])
        #expect(try corpus.search("Winkler Lindqvist") == [corpus.report])  // recipients and sender unchanged

        try engine.setRecipients(
            corpus.report,
            [[Property(id: PropertyTag.displayName.id, value: .unicode("Theodora Quist")),
              Property(id: PropertyTag.emailAddress.id, value: .unicode("quist@leuchtturm.example"))]])
        #expect(try corpus.search("Winkler").isEmpty)
        #expect(try corpus.search("nordhafen").isEmpty)
        #expect(try corpus.search("Theodora leuchtturm") == [corpus.report])

        try engine.moveMessages([corpus.report], to: corpus.nested)
        #expect(try corpus.search("Jahresabschluss").isEmpty)
        #expect(try corpus.search("Jahresabschluss", in: corpus.nested) == [corpus.report])

        try engine.deleteMessages([corpus.report], hard: true)
        #expect(try corpus.search("Jahresabschluss", recursive: true).isEmpty)
        #expect(try corpus.search("Theodora", recursive: true).isEmpty)
        // A copy is found in its own right.
        let copy = try engine.copyMessages([corpus.bridge], to: corpus.nested)[0]
        #expect(try corpus.search("Brückenbau", recursive: true) == [corpus.bridge, copy])
        try engine.emptyFolder(corpus.folder)
        #expect(try corpus.search("Brückenbau", recursive: true).isEmpty)  // the subfolder went with it
    }

    @Test(arguments: Backend.enabled)
    func wordsAreSplitLikeQueriesAre(_ backend: Backend) throws {
        let corpus = try Corpus(backend)
        let id = try corpus.fixture.engine.createMessage(
            in: corpus.folder,
            Sample.message(
                subject: "Lagerbestand_Nordhafen (vorläufig)", body: "Winklers' Kaffeeküche, Brandts Werkstatt/Garage",
                to: [("Olsen", "hafenmeister_olsen@leuchtturm.example")])
        ).entryID
        #expect(try corpus.search("Lagerbestand") == [id])
        #expect(try corpus.search("Nordhafen") == [id, corpus.report])
        #expect(try corpus.search("Lagerbestand_Nordhafen") == [id])
        #expect(try corpus.search("vorläufig") == [id])
        #expect(try corpus.search("Winklers") == [id])
        #expect(try corpus.search("Werkstatt Garage") == [id])
        #expect(try corpus.search("hafenmeister") == [id])
        #expect(try corpus.search("hafenmeister_olsen@leuchtturm.example") == [id])
    }

    @Test(arguments: Backend.enabled)
    func hostileQueriesAreJustWords(_ backend: Backend) throws {
        let corpus = try Corpus(backend)
        let report: Set<EntryID> = [corpus.report]
        let cases: [(String, Set<EntryID>)] = [
            // Quotes, wildcards and FTS operators are separators, never syntax.
            ("\"Kontorbericht\"", report), ("\"Kontorbericht", report), ("Kontorbericht\"", report), ("'Kontorbericht'", report),
            ("Kontorbericht*", report), ("Kontor*", []), ("*bericht", []), ("Kontorbericht OR Brückenbau", []),
            ("Kontorbericht AND NOT Umsatzzahlen", []), ("Kontorbericht -Umsatzzahlen", report), ("+Kontorbericht +Umsatzzahlen", report),
            ("NEAR(Kontorbericht Umsatzzahlen)", []), ("NEAR(", []), ("NEAR(Kontorbericht", []), ("(Kontorbericht)", report),
            ("subject:Kontorbericht", []), ("{subject body}: Kontorbericht", []), ("^Kontorbericht", report),
            ("~Kontorbericht", report), ("@Kontorbericht", report), ("<Kontorbericht>", report), ("Kontorbericht @3", []),
            ("Kontorbericht \\", report), ("\\\"Kontorbericht\\\"", report),
            // SQL metacharacters.
            ("Kontorbericht%", report), ("Kontorbericht'; --", report), ("'; DROP TABLE messages; --", []),
            ("Kontorbericht' OR '1'='1", []), ("Kontor_bericht", []), ("Kontorbericht\u{0}", report), ("`Kontorbericht`", report),
        ]
        for (query, expected) in cases {
            #expect(try corpus.search(query) == expected, "\(query)")
        }
        // Still intact.
        #expect(try corpus.search("Kontorbericht") == report)
        #expect(try corpus.fixture.engine.contents(of: corpus.folder, TableQuery()).totalCount == 3)

        // A query without a single word is refused.
        for query in ["", "   ", "*", "\"\"", "()", "--", "!!!", "+-~<>@", "' ; --", "(*)", "\u{0}"] {
            #expect { try corpus.fixture.engine.search(query, in: corpus.folder) } throws: { ($0 as? MAPIError)?.code == .invalidParameter }
        }
    }

    @Test(arguments: Backend.enabled)
    func resultsAreNewestFirstAndLimited(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        var ids: [EntryID] = []
        for (n, day) in [3, 1, 4, 2].enumerated() {
            let time = FileTime(unixSeconds: 1_700_000_000 + Double(day) * 86_400)
            ids.append(
                try fixture.engine.createMessage(
                    in: inbox,
                    Sample.message(subject: "Rundschreiben \(n)", extra: [Property(id: PropertyTag.messageDeliveryTime.id, value: .sysTime(time))])
                ).entryID)
        }
        #expect(try fixture.engine.search("Rundschreiben", in: inbox) == [ids[2], ids[0], ids[3], ids[1]])
        #expect(try fixture.engine.search("Rundschreiben", in: inbox, limit: 2) == [ids[2], ids[0]])
        #expect { try fixture.engine.search("Rundschreiben", in: inbox, limit: 0) } throws: { ($0 as? MAPIError)?.code == .invalidParameter }
        // The size of a query is limited: more than 32 words is too complex.
        let long = Array(repeating: "Rundschreiben", count: 33).joined(separator: " ")
        #expect { try fixture.engine.search(long, in: inbox) } throws: { ($0 as? MAPIError)?.code == .tooComplex }
        #expect(try fixture.engine.search(Array(repeating: "Rundschreiben", count: 32).joined(separator: " "), in: inbox).count == 4)
    }
}

@Suite("Deferred search indexing") struct DeferredSearchIndexingTests {
    @Test(arguments: Backend.enabled)
    func writesQueueAndTheIndexerCatchesUp(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        var ids: [EntryID] = []
        for n in 0..<30 { ids.append(try fixture.engine.createMessage(in: inbox, Sample.message(subject: "Hafenkran \(n)")).entryID) }
        #expect(try fixture.sql("SELECT COUNT(*) FROM search_queue")[0].integer(0) == 30)
        #expect(try fixture.engine.indexPendingMessages(limit: 20) == 20)
        #expect(try fixture.sql("SELECT COUNT(*) FROM search_queue")[0].integer(0) == 10)
        // A search never misses a committed message: it drains the queue first.
        #expect(Set(try fixture.engine.search("hafenkran", in: inbox)) == Set(ids))
        #expect(try fixture.sql("SELECT COUNT(*) FROM search_queue")[0].integer(0) == 0)
        // A change queues the message again; the new text replaces the old.
        try fixture.engine.setMessageProperties(ids[0], [Property(id: PropertyTag.subject.id, value: .unicode("Leuchtturm"))])
        #expect(try fixture.sql("SELECT COUNT(*) FROM search_queue")[0].integer(0) == 1)
        #expect(try fixture.engine.search("leuchtturm", in: inbox) == [ids[0]])
        #expect(!(try fixture.engine.search("hafenkran", in: inbox)).contains(ids[0]))
        // A message deleted while queued leaves neither queue nor index entries behind.
        let gone = try fixture.engine.createMessage(in: inbox, Sample.message(subject: "Hafenkran gone")).entryID
        try fixture.engine.deleteMessages([gone], hard: true)
        #expect(try fixture.sql("SELECT COUNT(*) FROM search_queue")[0].integer(0) == 0)
        #expect(try fixture.engine.checkConsistency().problems == [])
    }
}
