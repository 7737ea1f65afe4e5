import Config
import HTTP

extension LogonSection {
    /// The rate limiter's policy: every budget counted over ``window``.
    var policy: LogonRateLimiter.Policy {
        let window = window.seconds
        return LogonRateLimiter.Policy(
            perLogin: .init(maximumUserFailures, per: window), perAddress: .init(maximumAddressFailures, per: window),
            global: maximumTotalFailures > 0 ? .init(maximumTotalFailures, per: window) : nil)
    }
}

extension HTTPLimits {
    /// The HTTP server's limits (the rest keep the HTTP layer's defaults). `max_body` bounds a
    /// compressed body once decoded too: the node's SOAP parser takes no more, so a larger
    /// decoded body is refused before it is buffered, not after.
    var serverLimits: HTTPServerLimits {
        var limits = HTTPServerLimits()
        limits.maximumBodyBytes = maximumBodyBytes
        limits.maximumDecompressedBytes = maximumBodyBytes
        limits.maximumHeaderBytes = maximumHeaderBytes
        limits.headerReadTimeout = headerTimeout
        limits.bodyReadTimeout = bodyTimeout
        limits.keepAliveIdleTimeout = idleTimeout
        limits.maximumConnections = maximumConnections
        return limits
    }
}

extension FailoverSection {
    /// The failback policy of the failover service.
    var policy: FailbackPolicy {
        switch failback {
        case .manual: .manual
        case .auto: .auto(after: failbackAfter)
        }
    }
}
