/// A MAPI error code (`MAPI_E_*`, an HRESULT) with its hex value, plus Tessera's own `FENCED`.
public enum MAPIErrorCode: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case callFailed = 0x8000_4005  // MAPI_E_CALL_FAILED
    case notEnoughMemory = 0x8007_000E  // MAPI_E_NOT_ENOUGH_MEMORY
    case invalidParameter = 0x8007_0057  // MAPI_E_INVALID_PARAMETER
    case noAccess = 0x8007_0005  // MAPI_E_NO_ACCESS
    case noSupport = 0x8004_0102  // MAPI_E_NO_SUPPORT
    case notFound = 0x8004_010F  // MAPI_E_NOT_FOUND
    case logonFailed = 0x8004_0111  // MAPI_E_LOGON_FAILED
    case networkError = 0x8004_0115  // MAPI_E_NETWORK_ERROR
    case corruptData = 0x8004_011B  // MAPI_E_CORRUPT_DATA
    case invalidType = 0x8004_0302  // MAPI_E_INVALID_TYPE
    case typeNoSupport = 0x8004_0303  // MAPI_E_TYPE_NO_SUPPORT
    case tooBig = 0x8004_0305  // MAPI_E_TOO_BIG
    case endOfSession = 0x8004_0200  // MAPI_E_END_OF_SESSION
    case unableToComplete = 0x8004_0400  // MAPI_E_UNABLE_TO_COMPLETE
    case tooComplex = 0x8004_0117  // MAPI_E_TOO_COMPLEX
    case collision = 0x8004_0604  // MAPI_E_COLLISION
    case notInQueue = 0x8004_0601  // MAPI_E_NOT_IN_QUEUE
    case folderCycle = 0x8004_060B  // MAPI_E_FOLDER_CYCLE
    case hasFolders = 0x8004_0609  // MAPI_E_HAS_FOLDERS
    case hasMessages = 0x8004_060A  // MAPI_E_HAS_MESSAGES
    case objectDeleted = 0x8004_010A  // MAPI_E_OBJECT_DELETED
    case syncConflict = 0x8004_0802  // SYNC_E_CONFLICT
    case syncObjectDeleted = 0x8004_0800  // SYNC_E_OBJECT_DELETED
    case fenced = 0x8004_FE01  // Tessera: this node no longer owns the server (ARCHITECTURE §3)

    /// The MAPI name, e.g. `MAPI_E_NOT_FOUND`.
    public var name: String {
        switch self {
        case .callFailed: "MAPI_E_CALL_FAILED"
        case .notEnoughMemory: "MAPI_E_NOT_ENOUGH_MEMORY"
        case .invalidParameter: "MAPI_E_INVALID_PARAMETER"
        case .noAccess: "MAPI_E_NO_ACCESS"
        case .noSupport: "MAPI_E_NO_SUPPORT"
        case .notFound: "MAPI_E_NOT_FOUND"
        case .logonFailed: "MAPI_E_LOGON_FAILED"
        case .networkError: "MAPI_E_NETWORK_ERROR"
        case .corruptData: "MAPI_E_CORRUPT_DATA"
        case .invalidType: "MAPI_E_INVALID_TYPE"
        case .typeNoSupport: "MAPI_E_TYPE_NO_SUPPORT"
        case .tooBig: "MAPI_E_TOO_BIG"
        case .endOfSession: "MAPI_E_END_OF_SESSION"
        case .unableToComplete: "MAPI_E_UNABLE_TO_COMPLETE"
        case .tooComplex: "MAPI_E_TOO_COMPLEX"
        case .collision: "MAPI_E_COLLISION"
        case .notInQueue: "MAPI_E_NOT_IN_QUEUE"
        case .folderCycle: "MAPI_E_FOLDER_CYCLE"
        case .hasFolders: "MAPI_E_HAS_FOLDERS"
        case .hasMessages: "MAPI_E_HAS_MESSAGES"
        case .objectDeleted: "MAPI_E_OBJECT_DELETED"
        case .syncConflict: "SYNC_E_CONFLICT"
        case .syncObjectDeleted: "SYNC_E_OBJECT_DELETED"
        case .fenced: "FENCED"
        }
    }

    /// `MAPI_E_NOT_FOUND 0x8004010F`.
    public var description: String {
        let digits = String(rawValue, radix: 16, uppercase: true)
        return "\(name) 0x\(String(repeating: "0", count: 8 - digits.count))\(digits)"
    }
}

/// The one error type of the store model: a MAPI code and a diagnostic for humans.
///
/// Lower layers throw this (or map their own errors to it once); the SOAP edge turns it into a
/// fault carrying the code and name. The diagnostic never contains secrets or message bodies.
public struct MAPIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, as a MAPI code.
    public var code: MAPIErrorCode
    /// A short explanation for logs and faults.
    public var diagnostic: String
    /// With `MAPI_E_UNABLE_TO_COMPLETE`: the SOAP URL of the node that serves the object's
    /// server, when known (ARCHITECTURE §4); the SOAP fault carries it as `redirectURL`.
    public var redirectURL: String?

    /// An error with a code and a diagnostic.
    public init(_ code: MAPIErrorCode, _ diagnostic: String) {
        self.code = code
        self.diagnostic = diagnostic
    }

    /// `MAPI_E_UNABLE_TO_COMPLETE`: another node serves what was asked for; `redirectURL` is
    /// where to ask instead (nil when unknown: ask a router).
    public static func elsewhere(_ diagnostic: String, redirectURL: String?) -> MAPIError {
        var error = MAPIError(.unableToComplete, diagnostic)
        error.redirectURL = redirectURL
        return error
    }

    /// `MAPI_E_NOT_FOUND 0x8004010F: diagnostic`.
    public var description: String { "\(code): \(diagnostic)" }
}
