import Foundation
import HTTP

/// The node's operator endpoints, signed with ``AdminSignature``:
/// - `GET /admin/sync?server=S` — the directory sync plan of a served server (JSON);
/// - `POST /admin/sync?server=S[&force=1]` with a JSON body `{"limit": N}` — applies up to N
///   operations of the plan as it is now (so that `tessera admin sync` can show progress
///   batch by batch), refusing when the orphan guard objects unless forced;
/// - `POST /admin/failover?server=S` — this node takes server S now, from whoever serves it
///   (`tessera admin failover` and `drain`; docs/failover.md).
struct AdminEndpoint: Sendable {
    let provisioners: [String: StoreProvisioner]
    let signature: AdminSignature
    let maximumOrphanShare: Double
    /// Nil for a node without a cluster.
    var failover: FailoverService? = nil

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let target = request.path + (request.query.map { "?" + $0 } ?? "")
        guard signature.verify(request.headers[AdminSignature.header], method: request.method, target: target, body: request.body, now: Date())
        else { return .json(401, ["error": "the request is not signed with this node's session key (or its clock is off by over 60 s)"]) }
        let query = Self.parameters(request.query)
        if request.path == "/admin/failover" { return await takeOver(query["server"], method: request.method) }
        guard request.path == "/admin/sync" else { return .json(404, ["error": "no such admin endpoint"]) }
        guard let server = query["server"], let provisioner = provisioners[server.lowercased()] else {
            return .json(404, ["error": "this node does not serve server \(query["server"] ?? "(none given)")"])
        }
        do {
            var plan = try await provisioner.plan()
            let refusal = plan.refusal(maximumShare: maximumOrphanShare)
            switch request.method {
            case "GET":
                return .json(200, AdminPlan(plan, refusal: refusal))
            case "POST":
                if let refusal, query["force"] != "1" { return .json(409, ["error": refusal]) }
                let limit = (try? JSONDecoder().decode(AdminApplyRequest.self, from: Data(request.body)).limit) ?? 500
                plan.limit(to: max(1, limit))
                let failures = try await provisioner.apply(plan)
                return .json(200, AdminApplyResult(applied: plan.operations - failures, failed: failures))
            default:
                return .json(405, ["error": "GET or POST"])
            }
        } catch {
            return .json(503, ["error": "the sync could not run: \(error)"])
        }
    }

    private func takeOver(_ server: String?, method: String) async -> HTTPResponse {
        guard method == "POST" else { return .json(405, ["error": "POST"]) }
        guard let failover else { return .json(409, ["error": "this node runs without a cluster: there is nothing to fail over"]) }
        guard let server, !server.isEmpty else { return .json(400, ["error": "name the server: ?server=S"]) }
        do {
            return .json(200, try await failover.takeOnRequest(server))
        } catch {
            return .json(error.code == .notFound ? 404 : 503, ["error": error.diagnostic])
        }
    }

    static func parameters(_ query: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            if parts.count == 2 { result[parts[0]] = parts[1] }
        }
        return result
    }
}

/// A plan as the admin endpoint shows it.
public struct AdminPlan: Codable, Sendable {
    public var server: String
    public var create: [String]
    public var orphan: [String]
    public var restore: [String]
    public var homedElsewhere: [String]
    public var unchanged: Int
    public var refusal: String?

    init(_ plan: ProvisioningPlan, refusal: String?) {
        server = plan.server
        create = plan.create.map(\.login)
        orphan = plan.orphan
        restore = plan.restore
        homedElsewhere = plan.homedElsewhere
        unchanged = plan.unchanged
        self.refusal = refusal
    }

    public var operations: Int { create.count + orphan.count + restore.count }
}

public struct AdminApplyRequest: Codable, Sendable {
    public var limit: Int
    public init(limit: Int) { self.limit = limit }
}

public struct AdminApplyResult: Codable, Sendable {
    public var applied: Int
    public var failed: Int
}

extension ProvisioningPlan {
    /// Keeps the first `count` operations, in the order they are applied.
    mutating func limit(to count: Int) {
        var left = count
        func take<T>(_ list: inout [T]) {
            list = Array(list.prefix(left))
            left -= list.count
        }
        take(&create)
        take(&orphan)
        take(&restore)
    }
}

extension HTTPResponse {
    static func json(_ status: Int, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(value)).map { Array($0) } ?? Array("{}".utf8)
        return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }
}
