import Testing

@testable import Client

@Suite struct FolderPathTests {
    @Test(arguments: [
        ("Inbox/Projects", ["Inbox", "Projects"]),
        ("/Inbox/Projects/", ["Inbox", "Projects"]),
        ("Inbox", ["Inbox"]),
        ("", []),
        ("/", []),
        ("Q1\\/Q2/Notes", ["Q1/Q2", "Notes"]),
        ("back\\\\slash", ["back\\slash"]),
        ("Ünïcode/日本", ["Ünïcode", "日本"]),
        (" spaced /x", [" spaced ", "x"]),
    ])
    func parses(text: String, components: [String]) throws {
        #expect(try FolderPath(parsing: text).components == components)
    }

    @Test(arguments: ["a//b", "//", "a\\b", "trailing\\"])
    func refuses(text: String) {
        #expect(throws: TesseraClientError.self) { try FolderPath(parsing: text) }
    }

    @Test func descriptionEscapesAndRoundTrips() throws {
        let path = FolderPath(components: ["Q1/Q2", "a\\b", "Inbox"])
        #expect(path.description == "Q1\\/Q2/a\\\\b/Inbox")
        #expect(try FolderPath(parsing: path.description) == path)
    }
}

@Suite struct FolderPathResolverTests {
    let top = EntryID([0])
    let inbox = EntryID([1])
    let projects = EntryID([2])

    @Test func walksOneLevelAtATime() throws {
        var resolver = FolderPathResolver(start: top, path: try FolderPath(parsing: "Inbox/Projects"))
        #expect(resolver.start() == .list(top))
        #expect(resolver.children([("Outbox", EntryID([9])), ("Inbox", inbox)]) == .list(inbox))
        #expect(resolver.children([("Projects", projects)]) == .found(projects))
    }

    @Test func emptyPathIsTheStart() {
        let resolver = FolderPathResolver(start: top, path: FolderPath(components: []))
        #expect(resolver.start() == .found(top))
    }

    @Test func exactNameWinsOverCaseInsensitive() throws {
        var resolver = FolderPathResolver(start: top, path: try FolderPath(parsing: "inbox"))
        _ = resolver.start()
        #expect(resolver.children([("Inbox", inbox), ("inbox", projects)]) == .found(projects))
    }

    @Test func uniqueCaseInsensitiveMatchCounts() throws {
        var resolver = FolderPathResolver(start: top, path: try FolderPath(parsing: "INBOX"))
        _ = resolver.start()
        #expect(resolver.children([("Inbox", inbox)]) == .found(inbox))
    }

    @Test func ambiguousNameIsAnInvalidArgument() throws {
        var resolver = FolderPathResolver(start: top, path: try FolderPath(parsing: "INBOX"))
        _ = resolver.start()
        guard case .fail(let error) = resolver.children([("Inbox", inbox), ("inbox", projects)]) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == .invalidArgument)
    }

    @Test func missingNameIsNotFoundAndSaysWhere() throws {
        var resolver = FolderPathResolver(start: top, path: try FolderPath(parsing: "Inbox/Archive"))
        _ = resolver.start()
        _ = resolver.children([("Inbox", inbox)])
        guard case .fail(let error) = resolver.children([("Projects", projects)]) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == .notFound)
        #expect(error.diagnostic.contains("\"Archive\" in \"Inbox\""))
    }

    @Test func createMakesWhatIsMissingAndGoesOn() throws {
        let archive = EntryID([3])
        let year = EntryID([4])
        var resolver = FolderPathResolver(start: top, path: try FolderPath(parsing: "Inbox/Archive/2024"), create: true)
        _ = resolver.start()
        #expect(resolver.children([("Inbox", inbox)]) == .list(inbox))
        #expect(resolver.children([]) == .create(name: "Archive", parent: inbox))
        #expect(resolver.created(archive) == .list(archive))
        #expect(resolver.children([]) == .create(name: "2024", parent: archive))
        #expect(resolver.created(year) == .found(year))
    }
}
