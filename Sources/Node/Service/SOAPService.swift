import Directory
import Foundation
import Logging
import MAPI
import SOAP

/// The node's SOAP service for the servers it serves: decodes a request envelope, checks its session, runs the operation
/// against the store engine and encodes the answer or the fault. Transport-free: the HTTP
/// endpoint (``NodeHTTPResponder``) hands it ``SOAPCall``s, tests can call it directly.
///
/// Every entry id in a request must belong to the session's store (`MAPI_E_NO_ACCESS`
/// otherwise). Faults never carry internal details: errors that are not MAPI errors are logged
/// with an incident id and answered as `MAPI_E_CALL_FAILED` naming that id.
public final class SOAPService: Sendable {
    let engines: [String: StoreEngine]
    let sessions: any SessionProvider
    let notifications: (any NotificationSource)?
    let directory: any UserDirectory
    let cluster: any ClusterView
    let executor: BlockingExecutor
    let configuration: SOAPServiceConfiguration
    let uploads: AttachmentUploads
    let logger: Logger

    public init(
        servers: [LocalServer], sessions: any SessionProvider, notifications: (any NotificationSource)?,
        directory: any UserDirectory, cluster: any ClusterView, executor: BlockingExecutor,
        configuration: SOAPServiceConfiguration, logger: Logger = Logger(label: "tessera.soap")
    ) {
        self.engines = Dictionary(servers.map { ($0.name.lowercased(), $0.engine) }, uniquingKeysWith: { first, _ in first })
        self.sessions = sessions
        self.notifications = notifications
        self.directory = directory
        self.cluster = cluster
        self.executor = executor
        self.configuration = configuration
        self.uploads = AttachmentUploads(limit: configuration.maximumOpenUploads, idleTimeout: configuration.uploadIdleTimeout)
        self.logger = logger
    }

    /// Answers one call; never throws: every failure is a fault envelope.
    public func handle(_ call: SOAPCall) async -> SOAPReply {
        let request: SOAPRequest
        do {
            request = try SOAPEnvelope.decodeRequest(call.body, limits: configuration.xmlLimits)
        } catch {
            return reply(fault: error, operation: nil)
        }
        let name = request.operation.name
        do {
            let body: [UInt8]
            if request.operation.requiresSession {
                let session = try await sessions.session(soapToken: request.sessionToken, httpToken: call.sessionHeader)
                let context = try OperationContext(service: self, session: session)
                do {
                    body = try await context.perform(request.operation, request.body)
                } catch let error as MAPIError where error.code == .fenced {
                    throw await redirectAfterFencing(error, server: session.homeServer)
                }
            } else {
                body = try await logon(request, clientAddress: call.clientAddress)
            }
            return SOAPReply(status: 200, body: body, operation: name, faultName: nil)
        } catch let error as MAPIError {
            return reply(fault: SOAPFault(error), operation: name)
        } catch let fault as SOAPFault {
            return reply(fault: fault, operation: name)
        } catch {
            return reply(fault: incident(error, operation: name), operation: name)
        }
    }

    /// A write that found another node holding the server (a takeover just happened) changed
    /// nothing: send the client to the new owner, like any request for a server served elsewhere,
    /// so that a router retries it there. While gossip does not know the new owner yet, `FENCED`
    /// itself (a client resends it through its router).
    private func redirectAfterFencing(_ error: MAPIError, server: String) async -> MAPIError {
        guard let owner = await cluster.servingNode(of: server), owner.node != configuration.nodeName else { return error }
        return MAPIError.elsewhere("server \(server) is now served by \(owner.node)", redirectURL: owner.url)
    }

    private func logon(_ request: SOAPRequest, clientAddress: String) async throws -> [UInt8] {
        let logon = try LogonRequest(element: request.body)
        return try await sessions.logon(logon, clientAddress: clientAddress).envelope()
    }

    /// Logs an unexpected error under a fresh id and answers without its details.
    private func incident(_ error: any Error, operation: String) -> SOAPFault {
        let id = UUID().uuidString.prefix(8).lowercased()
        logger.error("operation failed", metadata: ["operation": "\(operation)", "incident": "\(id)", "error": "\(error)"])
        return SOAPFault(MAPIError(.callFailed, "internal error (incident \(id) in the node's log)"))
    }

    private func reply(fault: SOAPFault, operation: String?) -> SOAPReply {
        SOAPReply(status: 500, body: SOAPEnvelope.fault(fault), operation: operation, faultName: fault.mapiName)
    }
}
