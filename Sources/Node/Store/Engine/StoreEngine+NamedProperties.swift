import Database
import MAPI

extension StoreEngine {
    /// Maps named properties to this server's property ids (≥ 0x8000), creating mappings when
    /// `create` is set (GetIDsFromNames with MAPI_CREATE). Unknown names without `create` map to
    /// nil. Names in PS_MAPI map to their own id, as MAPI defines.
    public func propertyIDs(for names: [NamedProperty], create: Bool) throws(MAPIError) -> [UInt16?] {
        let names = try names.map { name throws(MAPIError) in try name.normalized() }
        if !create { return try read { tx in try names.map { try lookup(tx, $0) } } }
        return try write { tx in
            try names.map { name -> UInt16? in
                if let id = try lookup(tx.reader, name) { return id }
                let maxSQL =
                    tx.connection.dialect == .mariadb
                    ? "SELECT COALESCE(MAX(id), ?) FROM named_props FOR UPDATE" : "SELECT COALESCE(MAX(id), ?) FROM named_props"
                let highest = try tx.reader.first(maxSQL, [.integer(Int64(NamedProperty.firstMappedID) - 1)])!.integer(0)
                guard highest < Int64(NamedProperty.lastMappedID) else {
                    throw MAPIError(.notEnoughMemory, "this server has no named property ids left")
                }
                let (kind, number, text) = columns(of: name)
                try tx.execute(
                    "INSERT INTO named_props (id, guid, kind, num, name) VALUES (?, ?, ?, ?, ?)",
                    [.integer(highest + 1), .blob(name.guid.bytes), .integer(kind), .integer(number), .text(text)])
                return UInt16(highest + 1)
            }
        }
    }

    /// The names behind property ids (GetNamesFromIDs); nil for ids that are not mapped.
    public func propertyNames(for ids: [UInt16]) throws(MAPIError) -> [NamedProperty?] {
        try read { tx in
            try ids.map { id -> NamedProperty? in
                guard id >= NamedProperty.firstMappedID else { return nil }
                guard let row = try tx.first("SELECT guid, kind, num, name FROM named_props WHERE id = ?", [.integer(Int64(id))]),
                    let guid = GUID(bytes: try row.blob(0))
                else { return nil }
                return try row.integer(1) == 0
                    ? NamedProperty(guid: guid, kind: .id(UInt32(truncatingIfNeeded: try row.integer(2))))
                    : NamedProperty(guid: guid, kind: .name(try row.text(3)))
            }
        }
    }

    private func lookup(_ tx: ReadTransaction, _ name: NamedProperty) throws -> UInt16? {
        if let fixed = name.fixedPropertyID { return fixed }
        let (kind, number, text) = columns(of: name)
        return try tx.first(
            "SELECT id FROM named_props WHERE guid = ? AND kind = ? AND num = ? AND name = ?",
            [.blob(name.guid.bytes), .integer(kind), .integer(number), .text(text)]
        ).map { UInt16(try $0.integer(0)) }
    }

    private func columns(of name: NamedProperty) -> (kind: Int64, number: Int64, name: String) {
        switch name.kind {
        case .id(let id): (0, Int64(id), "")
        case .name(let text): (1, 0, text)
        }
    }
}
