import Config
import Crypto
import Foundation
import HTTP
import Logging

/// One S3 bucket over HTTP(S): builds, signs (``SigV4Signer``) and sends requests with the
/// repository's pooled keep-alive client, retrying as ``S3RetryPolicy`` says; every call
/// blocks its thread (``HTTPClient/sendBlocking(_:)``), as the store engine's calls do.
///
/// **Addressing.** Path style sends `/BUCKET/KEY` with `Host: ENDPOINT`; virtual-host style
/// sends `/KEY` with `Host: BUCKET.ENDPOINT` (and that name as the TLS server name). Either way
/// the connection goes to the endpoint's own address, so a virtual-host bucket needs no DNS
/// entry of its own: S3 and its compatibles route by the `Host` header.
///
/// **Errors** come back as ``BlobStoreError``: `denied` for 403 (credentials, signature,
/// permissions), `rejected` for other 4xx (a missing bucket, a wrong region), `unavailable`
/// when the endpoint could not be reached or kept failing after the retries. Messages name the
/// operation, the status, S3's error code and message and the request id; never a secret.
final class S3Client: Sendable {
    /// A request before signing.
    struct Request: Sendable {
        /// What it does, for errors and logs (`PUT object`).
        var operation: String
        var method: String
        /// The object key (with the store's prefix); nil for the bucket itself.
        var key: String?
        var query: [(name: String, value: String)] = []
        /// Header fields to sign and send besides host, date and payload hash (`range`).
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []
        /// The body's SHA-256, lowercase hex; computed from `body` when nil.
        var payloadHash: String? = nil
        /// S3 may answer 200 with an error body (CompleteMultipartUpload): look into 2xx
        /// bodies too. Never for object data, which may hold anything.
        var errorsIn2xx = false
        /// Error statuses handed back as responses instead of thrown (404 for an object that
        /// may be missing, 416 for a range past the end); a 404 `NoSuchBucket` is always thrown.
        var passThrough: Set<Int> = []
    }

    /// The settings (endpoint, bucket, style, credentials).
    let settings: S3BlobSettings
    /// The retry rule.
    let retry: S3RetryPolicy
    private let http: HTTPClient
    private let signer: SigV4Signer
    private let hostHeader: String
    private let pathPrefix: String
    private let clock: @Sendable () -> Date
    private let logger: Logger

    /// A client for the bucket of `settings`; `connectAddress` overrides the endpoint's host
    /// and port for the TCP connection only (tests).
    init(
        settings: S3BlobSettings, retry: S3RetryPolicy = S3RetryPolicy(), connectAddress: (host: String, port: Int)? = nil,
        maximumConnections: Int = 16, responseTimeout: Duration = .seconds(120),
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) throws(BlobStoreError) {
        guard let scheme = settings.endpoint.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = settings.endpoint.host, !host.isEmpty
        else { throw BlobStoreError.rejected("S3 endpoint \(settings.endpoint.absoluteString) is not an http:// or https:// URL with a host") }
        let tls = scheme == "https"
        let port = settings.endpoint.port ?? (tls ? 443 : 80)
        let defaultPort = port == (tls ? 443 : 80)
        let endpointName = (host.contains(":") ? "[\(host)]" : host) + (defaultPort ? "" : ":\(port)")
        switch settings.style {
        case .path:
            hostHeader = endpointName
            pathPrefix = "/" + settings.bucket
        case .virtualHost:
            hostHeader = settings.bucket + "." + endpointName
            pathPrefix = ""
        }
        var configuration = HTTPClientConfiguration(
            endpoint: HTTPEndpoint(
                host: connectAddress?.host ?? host, port: connectAddress?.port ?? port,
                tls: tls ? HTTPClientTLS(caFile: settings.caFile, serverHostname: settings.style == .virtualHost ? settings.bucket + "." + host : host) : nil))
        configuration.maximumConnections = maximumConnections
        configuration.responseTimeout = responseTimeout
        configuration.maximumResponseBytes = 64 << 20
        do {
            http = try HTTPClient(configuration: configuration)
        } catch {
            throw BlobStoreError.rejected("S3 endpoint \(settings.endpoint.absoluteString): \(error.diagnostic)")
        }
        self.settings = settings
        self.retry = retry
        self.signer = SigV4Signer(accessKey: settings.accessKey, secretKey: settings.secretKey.value, region: settings.region)
        self.clock = clock
        self.logger = logger
    }

    /// Sends `request`, again after failures the retry policy allows. Returns 2xx responses
    /// and those of ``Request/passThrough``; throws for the rest.
    func send(_ request: Request) throws(BlobStoreError) -> HTTPResponse {
        var random = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            let outcome: S3RetryPolicy.Outcome
            let failure: BlobStoreError
            do {
                let response = try http.sendBlocking(signed(request))
                let code = response.status >= 300 || request.errorsIn2xx ? Self.errorCode(response) : nil
                if (200..<300).contains(response.status) && code == nil { return response }
                if request.passThrough.contains(response.status) && code != "NoSuchBucket" { return response }
                // A 200 whose body is an error (CompleteMultipartUpload may do that) counts as 500.
                outcome = .status(response.status < 300 ? 500 : response.status)
                failure = error(request, response, code: code)
            } catch {
                switch error.code {
                case .connectFailed, .connectionRefused, .connectTimeout, .responseTimeout, .connectionClosed:
                    outcome = .connectionFailed
                    failure = .unavailable("S3 \(request.operation) at \(settings.endpoint.absoluteString): \(error.code.rawValue) \(error.diagnostic)")
                default:
                    throw BlobStoreError.rejected("S3 \(request.operation) at \(settings.endpoint.absoluteString): \(error.code.rawValue) \(error.diagnostic)")
                }
            }
            switch retry.decide(after: attempt, outcome, random: &random) {
            case .fail:
                if attempt > 1 { throw BlobStoreError(failure.code, failure.message + " (after \(attempt) tries)") }
                throw failure
            case .retry(let delay):
                logger.debug(
                    "retrying S3 request",
                    metadata: ["s3.operation": "\(request.operation)", "s3.attempt": "\(attempt)", "s3.error": "\(failure.message)"])
                Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
            }
        }
    }

    /// Closes the pooled connections (blocking).
    func shutdown() {
        http.shutdownBlocking()
    }

    /// The request with `Host`, `X-Amz-Date`, `X-Amz-Content-Sha256` and `Authorization`.
    func signed(_ request: Request) -> HTTPClientRequest {
        let time = SigV4Time(clock())
        let payloadHash = request.payloadHash ?? SigV4Signer.hex(SHA256Digest.of(request.body))
        let path = pathPrefix + "/" + (request.key ?? "")
        var headers: [(name: String, value: String)] = [("host", hostHeader), ("x-amz-date", time.timestamp), ("x-amz-content-sha256", payloadHash)]
        headers += request.headers
        let toSign = SigV4Signer.Request(method: request.method, path: path, query: request.query, headers: headers, payloadHash: payloadHash)
        var fields = HTTPHeaderFields(headers.map { ($0.name, $0.value) })
        fields.add("Authorization", signer.authorization(toSign, time: time))
        fields.add("Accept-Encoding", "identity")
        if !request.body.isEmpty { fields.add("Content-Type", "application/octet-stream") }
        let query = SigV4Signer.canonicalQuery(request.query)
        return HTTPClientRequest(
            method: request.method, target: SigV4Signer.encodePath(path) + (query.isEmpty ? "" : "?" + query),
            headers: fields, body: request.body, isIdempotent: true)
    }

    /// S3's `<Code>` of an error body, if the body is one.
    static func errorCode(_ response: HTTPResponse) -> String? {
        guard !response.body.isEmpty else { return nil }
        let text = String(decoding: response.body.prefix(64 << 10), as: UTF8.self)
        guard text.contains("<Error>") else { return nil }
        return S3XML.value("Code", in: text) ?? "Error"
    }

    /// The typed error for a failed response.
    private func error(_ request: Request, _ response: HTTPResponse, code: String?) -> BlobStoreError {
        let text = String(decoding: response.body.prefix(64 << 10), as: UTF8.self)
        var message = "S3 \(request.operation)"
        if let key = request.key { message += " \(key)" }
        message += " in bucket \(settings.bucket): HTTP \(response.status)"
        if let code { message += " \(code)" }
        if let detail = S3XML.value("Message", in: text) { message += ": \(detail.prefix(200))" }
        if let endpoint = S3XML.value("Endpoint", in: text) { message += " (use endpoint \(endpoint.prefix(100)))" }
        if let id = response.headers["x-amz-request-id"] { message += " [request \(id.prefix(64))]" }
        switch response.status {
        case 403: return .denied(message)
        case 404 where code == "NoSuchKey": return BlobStoreError(.notFound, message)
        case 400..<500 where !S3RetryPolicy.isRetryable(.status(response.status)): return .rejected(message)
        case 300..<400: return .rejected(message)
        default: return .unavailable(message)
        }
    }
}

/// SHA-256 of a byte array as a digest, for payload hashes.
enum SHA256Digest {
    static func of(_ bytes: [UInt8]) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: bytes))
    }
}
