import Directory
import MAPI
import SOAP

/// One authenticated request on its way through an operation: the service, the caller, and
/// the checks and helpers every operation shares.
struct OperationContext: Sendable {
    let service: SOAPService
    let session: Session
    /// The engine of the session's home server (the gate checked that this node serves it).
    let engine: StoreEngine

    init(service: SOAPService, session: Session) throws {
        guard let engine = service.engines[session.homeServer.lowercased()] else {
            throw MAPIError(.unableToComplete, "server \(session.homeServer) is not served by this node")
        }
        self.service = service
        self.session = session
        self.engine = engine
    }

    /// Runs blocking engine work on the service's executor (never on a cooperative thread).
    func run<T: Sendable>(_ body: @escaping @Sendable (StoreEngine) throws -> T) async throws -> T {
        let engine = self.engine
        return try await service.executor.run { try body(engine) }
    }

    /// Runs a write, then wakes the store's notification waiters.
    func write<T: Sendable>(_ body: @escaping @Sendable (StoreEngine) throws -> T) async throws -> T {
        let result = try await run(body)
        service.notifications?.storeChanged(session.storeGUID)
        return result
    }

    /// Parses an entry id of the request and checks that it is of the session's store and of
    /// an allowed kind. A session never reaches another store, whatever ids it sends.
    func entryID(_ bytes: [UInt8], _ part: String, kinds: Set<EntryID.Kind>) throws -> EntryID {
        let id = try EntryID(bytes: bytes)
        guard id.store == session.storeGUID else {
            throw MAPIError(.noAccess, "<\(part)> names an object outside the session's store")
        }
        guard kinds.contains(id.kind) else {
            let wanted = kinds.map { "\($0)" }.sorted().joined(separator: " or ")
            throw MAPIError(.invalidParameter, "<\(part)> must be the entry id of a \(wanted)")
        }
        return id
    }

    func folder(_ bytes: [UInt8], _ part: String = "folder") throws -> EntryID { try entryID(bytes, part, kinds: [.folder]) }
    func item(_ bytes: [UInt8], _ part: String = "item") throws -> EntryID { try entryID(bytes, part, kinds: [.message]) }
    func items(_ list: [[UInt8]], _ part: String = "items") throws -> [EntryID] {
        guard !list.isEmpty else { throw MAPIError(.invalidParameter, "<\(part)> is empty") }
        return try list.map { try item($0, part) }
    }

    /// The caller's directory entry, for the admin operations: `MAPI_E_NO_ACCESS` unless an
    /// administrator.
    func requireAdministrator() async throws {
        guard let user = try await service.directory.user(id: session.userID), user.adminLevel > .none else {
            throw MAPIError(.noAccess, "this operation is for administrators")
        }
    }
}

extension PropertySet {
    /// The properties asked for, in the order asked; a missing one as a PT_ERROR
    /// `MAPI_E_NOT_FOUND` value, as MAPI's GetProps answers. All of them when `tags` is nil.
    func selecting(_ tags: [PropertyTag]?) -> [Property] {
        guard let tags else { return properties }
        return tags.map { tag in
            Property(id: tag.id, value: self[id: tag.id] ?? .error(MAPIErrorCode.notFound.rawValue))
        }
    }
}
