import Foundation
import Testing

@testable import Client

@Suite struct FolderTreeTests {
    @Test func pathsFollowTheDepths() async throws {
        let (server, _) = try await MiniStore.server { request in throw UnexpectedRequest(operation: request.operation) }
        func folder(_ name: String, _ depth: Int32?) -> Folder {
            var properties = [Property(id: PropertyTag.displayName.id, value: .unicode(name))]
            if let depth { properties.append(Property(id: PropertyTag.depth.id, value: .long(depth))) }
            return Folder(server: server, entryID: EntryID([1]), properties: PropertyBag(properties))
        }
        let listing = [folder("Inbox", 1), folder("Projects", 2), folder("2024", 3), folder("a/b", 2), folder("Drafts", 1), folder("Odd", nil)]
        #expect(FolderPath.paths(of: listing).map(\.description) == [
            "Inbox", "Inbox/Projects", "Inbox/Projects/2024", "Inbox/a\\/b", "Drafts", "Odd",
        ])
    }
}
