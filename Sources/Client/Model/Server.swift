import Foundation
import Logging
import SOAP

/// A logged-on session with a Tessera cluster: the entry point of the client, like
/// python-kopano's `kopano.Server`.
///
/// ```swift
/// let server = try await Server(url: URL(string: "https://mail.example.org/soap")!, user: "alice", password: secret)
/// let inbox = try server.store.inbox
/// for item in try await inbox.items(sortedBy: [SortKey(.messageDeliveryTime, ascending: false)], limit: 20) {
///     print(item.subject ?? "(no subject)")
/// }
/// try await server.logoff()
/// ```
///
/// All methods may be called from any task; the session is shared.
public final class Server: Sendable {
    /// The connection (endpoint, session token, typed ``SOAPConnection/call(_:)``).
    public let connection: SOAPConnection
    /// The options the client runs with (validated).
    public let options: ClientOptions
    /// The logged-on user.
    public let user: User
    let snapshot: StoreSnapshot
    let names = NamedPropertyCache()

    /// Logs on to `url` as `user` through the transports `transport` makes, and reads the
    /// user's store.
    ///
    /// Throws ``TesseraClientError/Code/logonFailed`` for a wrong user or password.
    public init(
        url: URL, user: String, password: String, options: ClientOptions = ClientOptions(),
        logger: Logger = Logger(label: "tessera.client"), transport: @escaping SOAPTransportFactory
    ) async throws(TesseraClientError) {
        let options = try options.validated()
        let connection = SOAPConnection(url: url, responseLimits: options.responseLimits, logger: logger, transport: transport)
        let logon = try await connection.logon(user: user, password: password)
        do {
            self.snapshot = try await StoreSnapshot.load(connection, logon: logon)
        } catch {
            // No Server to log off later: end the session now (best effort).
            try? await connection.logoff()
            await connection.close()
            throw error
        }
        self.connection = connection
        self.options = options
        self.user = User(
            name: user, homeServer: logon.homeServer, storeGUID: logon.storeGUID,
            sessionExpiresAt: Date(timeIntervalSince1970: TimeInterval(logon.expiresAt)))
    }

    /// The user's store.
    public var store: Store { Store(server: self, snapshot: snapshot) }

    /// Logs on to `url` over HTTP(S) (``HTTPTransport``, its response timeout fitted to the
    /// notification long poll; `caFile` for a private certificate authority) as `user` and
    /// reads the user's store.
    public convenience init(
        url: URL, user: String, password: String, options: ClientOptions = ClientOptions(), caFile: String? = nil,
        logger: Logger = Logger(label: "tessera.client")
    ) async throws(TesseraClientError) {
        var http = HTTPTransport.Configuration(for: options)
        http.caFile = caFile
        try await self.init(
            url: url, user: user, password: password, options: options, logger: logger, transport: HTTPTransport.factory(http))
    }

    /// Ends the session (the server revokes the token; later calls fail with
    /// ``TesseraClientError/Code/sessionEnded``) and closes the connections.
    public func logoff() async throws(TesseraClientError) {
        do {
            try await connection.logoff()
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    /// Sends any typed request on this session (the escape hatch below the escape hatches).
    public func call<R: SOAPRequestMessage>(_ request: R) async throws(TesseraClientError) -> R.Response {
        try await connection.call(request)
    }
}
