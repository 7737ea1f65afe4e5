import ArgumentParser
import Client
import Foundation

/// Where and as whom `tessera client` commands log on, and how they print.
struct ClientConnectionOptions: ParsableArguments {
    @Option(help: "The SOAP endpoint of a router or node (default: TESSERA_URL, else http://localhost:8080/soap).")
    var url: String?

    @Option(help: "The user to log on as (default: TESSERA_USER).")
    var user: String?

    @Option(help: "PEM file of the certificate authorities to trust for https (default: the system's).")
    var caFile: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    /// Logs on, runs `body` with the session, and logs off (also when `body` fails).
    func withServer<T>(_ body: (Server) async throws -> T) async throws -> T {
        let environment = ProcessInfo.processInfo.environment
        let text = url ?? environment["TESSERA_URL"] ?? "http://localhost:8080/soap"
        guard let endpoint = URL(string: text), endpoint.scheme != nil else { throw ValidationError("--url \(text) is not a URL") }
        guard let login = user ?? environment["TESSERA_USER"], !login.isEmpty else {
            throw ValidationError("name the user with --user or TESSERA_USER")
        }
        let password = try environment["TESSERA_PASSWORD"] ?? PasswordInput.read(confirm: false)
        let server = try await Server(url: endpoint, user: login, password: password, caFile: caFile, logger: makeLogger("tessera.client"))
        do {
            let result = try await body(server)
            try? await server.logoff()
            return result
        } catch {
            try? await server.logoff()
            throw error
        }
    }
}
