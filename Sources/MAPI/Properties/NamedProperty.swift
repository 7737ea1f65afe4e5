/// A named property (`MAPINAMEID`): a property set GUID plus a numeric id (`MNID_ID`) or a string
/// name (`MNID_STRING`).
///
/// Each server maps the named properties its clients use to property ids in
/// ``firstMappedID``...``lastMappedID`` (GetIDsFromNames); the mapping lives in the server's
/// database so it survives restarts and store moves keep it. Two exceptions need no mapping:
/// a numeric name in ``GUID/psMAPI`` *is* the property id (``fixedPropertyID``), and
/// ``normalized()`` gives the one spelling under which a name is stored (header names in
/// ``GUID/psInternetHeaders`` are case-insensitive).
public struct NamedProperty: Hashable, Sendable, CustomStringConvertible {
    /// How the property is named inside its property set.
    public enum Kind: Hashable, Sendable {
        /// `MNID_ID`: a 32-bit numeric name (LID).
        case id(UInt32)
        /// `MNID_STRING`: a string name.
        case name(String)
    }

    /// The first property id handed out for named properties.
    public static let firstMappedID: UInt16 = 0x8000
    /// The last property id handed out for named properties (0xFFFF is `PROP_ID_INVALID`).
    public static let lastMappedID: UInt16 = 0xFFFE
    /// The most UTF-8 bytes a string name may have.
    public static let maxNameBytes = 255

    /// The property set.
    public var guid: GUID
    /// The numeric or string name.
    public var kind: Kind

    /// A named property as given; see ``normalized()`` for the checked, canonical form.
    public init(guid: GUID, kind: Kind) {
        self.guid = guid
        self.kind = kind
    }

    /// A numerically named property (`MNID_ID`).
    public init(guid: GUID, id: UInt32) { self.init(guid: guid, kind: .id(id)) }

    /// A property named by a string (`MNID_STRING`).
    public init(guid: GUID, name: String) { self.init(guid: guid, kind: .name(name)) }

    /// For PS_MAPI numeric names: the property id itself (no mapping is allocated). Nil otherwise,
    /// and for PS_MAPI ids outside 0x0001...0x7FFF.
    public var fixedPropertyID: UInt16? {
        guard guid == .psMAPI, case .id(let lid) = kind, lid >= 1, lid < UInt32(Self.firstMappedID) else {
            return nil
        }
        return UInt16(lid)
    }

    /// The checked, canonical form under which the server stores the name.
    ///
    /// String names must be non-empty, at most ``maxNameBytes`` UTF-8 bytes and free of NUL;
    /// names in PS_INTERNET_HEADERS are lower-cased (ASCII only: header field names are ASCII,
    /// RFC 5322 §2.2, and ASCII folding never changes between Unicode versions). In PS_MAPI only
    /// numeric names 0x0001...0x7FFF exist. Anything else is `MAPI_E_INVALID_PARAMETER`.
    public func normalized() throws(MAPIError) -> NamedProperty {
        switch kind {
        case .id(let lid):
            if guid == .psMAPI && fixedPropertyID == nil {
                throw MAPIError(.invalidParameter, "named property \(self): PS_MAPI ids must be 0x0001...0x7FFF (got \(lid))")
            }
            return self
        case .name(let name):
            if guid == .psMAPI {
                throw MAPIError(.invalidParameter, "named property \(self): PS_MAPI has no string names")
            }
            guard !name.isEmpty else {
                throw MAPIError(.invalidParameter, "named property in \(guid) has an empty name")
            }
            guard name.utf8.count <= Self.maxNameBytes else {
                throw MAPIError(
                    .invalidParameter,
                    "named property in \(guid) has a name of \(name.utf8.count) bytes (at most \(Self.maxNameBytes))")
            }
            guard !name.utf8.contains(0) else {
                throw MAPIError(.invalidParameter, "named property in \(guid) has a name containing NUL")
            }
            guard guid == .psInternetHeaders else { return self }
            return NamedProperty(guid: guid, name: Self.asciiLowercased(name))
        }
    }

    /// `{GUID}:0x8501` or `{GUID}:"name"`.
    public var description: String {
        switch kind {
        case .id(let lid): "{\(guid)}:0x\(String(lid, radix: 16, uppercase: true))"
        case .name(let name): "{\(guid)}:\"\(name)\""
        }
    }

    static func asciiLowercased(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return s }
        return String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}

extension GUID {
    /// PS_MAPI: numeric names are the property ids themselves.
    public static let psMAPI = GUID("00020328-0000-0000-C000-000000000046")!
    /// PS_PUBLIC_STRINGS: the general set for string-named properties (e.g. Keywords).
    public static let psPublicStrings = GUID("00020329-0000-0000-C000-000000000046")!
    /// PS_INTERNET_HEADERS: one string-named property per Internet header, case-insensitive.
    public static let psInternetHeaders = GUID("00020386-0000-0000-C000-000000000046")!
    /// PSETID_Appointment: calendar item properties.
    public static let psetidAppointment = GUID("00062002-0000-0000-C000-000000000046")!
    /// PSETID_Task: task properties.
    public static let psetidTask = GUID("00062003-0000-0000-C000-000000000046")!
    /// PSETID_Address: contact properties.
    public static let psetidAddress = GUID("00062004-0000-0000-C000-000000000046")!
    /// PSETID_Common: properties shared by all item kinds (reminders, categories…).
    public static let psetidCommon = GUID("00062008-0000-0000-C000-000000000046")!
    /// PSETID_Log: journal properties.
    public static let psetidLog = GUID("0006200A-0000-0000-C000-000000000046")!
    /// PSETID_Note: sticky note properties.
    public static let psetidNote = GUID("0006200E-0000-0000-C000-000000000046")!
    /// PSETID_Meeting: meeting request properties.
    public static let psetidMeeting = GUID("6ED8DA90-450B-101B-98DA-00AA003F1305")!
}
