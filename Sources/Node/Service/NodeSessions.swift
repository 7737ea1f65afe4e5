import MAPI
import SOAP

/// The node's ``SessionProvider``: Logon and Logoff through ``LogonService``, every other
/// request through ``SessionGate``.
public struct NodeSessions: SessionProvider {
    let logons: LogonService
    let gate: SessionGate

    public init(logons: LogonService, gate: SessionGate) {
        self.logons = logons
        self.gate = gate
    }

    public func logon(_ request: LogonRequest, clientAddress: String) async throws -> LogonResponse {
        let result = try await logons.logon(login: request.user, password: request.password, clientAddress: clientAddress)
        return LogonResponse(
            session: result.token, expiresAt: Int64(result.session.expiresAt.timeIntervalSince1970), storeGUID: result.store.guid,
            storeEntryID: result.store.entryID.bytes, homeServer: result.session.homeServer)
    }

    public func session(soapToken: String?, httpToken: String?) async throws -> Session {
        try await gate.authenticate(soapToken: soapToken, httpToken: httpToken)
    }

    public func logoff(_ session: Session) async throws {
        try await logons.logoff(session)
    }
}
