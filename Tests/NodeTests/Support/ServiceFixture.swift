import Directory
import Foundation
import MAPI
import SOAP
import Testing

@testable import Node

/// A node's SOAP service over real parts (``SessionFixture``: engine on SQLite or MariaDB, SQL
/// directory, sessions), called the way the HTTP endpoint calls it.
final class ServiceFixture: @unchecked Sendable {
    let sessions: SessionFixture
    let service: SOAPService
    let hub: NotificationHub

    init(_ backend: Backend) async throws {
        sessions = try await SessionFixture.make(backend)
        let engine = sessions.store.engine
        let executor = sessions.executor
        hub = NotificationHub { store throws(MAPIError) in
            try await executor.runBlocking { () throws(MAPIError) in try engine.changeCursor(of: store) }
        }
        service = SOAPService(
            servers: [LocalServer(engine: engine, revocations: sessions.revocations)], sessions: NodeSessions(logons: sessions.logonService(), gate: sessions.gate()),
            notifications: StoreNotifications(hub: hub, executor: executor), directory: sessions.directory,
            cluster: StandaloneClusterView(node: "n1", url: "http://n1.test/soap", servers: ["s1"]), executor: executor,
            configuration: SOAPServiceConfiguration(nodeName: "n1", attachmentChunkBytes: 64 << 10))
    }

    /// Sends `request` with `token` in the SOAP header; the decoded answer or the fault thrown.
    func call<R: SOAPRequestMessage>(_ request: R, token: String?, httpToken: String? = nil) async throws -> R.Response {
        let reply = await service.handle(SOAPCall(body: request.envelope(sessionToken: token), sessionHeader: httpToken, clientAddress: "192.0.2.7:5000"))
        let element = try SOAPEnvelope.decodeResponse(XML.parse(reply.body))
        #expect(reply.status == 200)
        return try R.Response(element: element)
    }

    /// The fault a call answers (nil when it succeeded).
    func fault<R: SOAPRequestMessage>(_ request: R, token: String?) async -> SOAPFault? {
        await fault(request.envelope(sessionToken: token))
    }

    func fault(_ body: [UInt8]) async -> SOAPFault? {
        let reply = await service.handle(SOAPCall(body: body, clientAddress: "192.0.2.7:5000"))
        do {
            _ = try SOAPEnvelope.decodeResponse(XML.parse(reply.body))
            return nil
        } catch let fault as SOAPFault {
            #expect(reply.status == 500)
            return fault
        } catch {
            Issue.record("not a SOAP answer: \(error)")
            return nil
        }
    }

    /// Logs a user on (created with `password` first when missing).
    func logon(_ login: String = "alice", password: String = "alice secret") async throws -> LogonResponse {
        if try await sessions.directory.resolve(login) == nil { try await sessions.addUser(login, password: password) }
        return try await call(LogonRequest(user: login, password: password), token: nil)
    }
}
