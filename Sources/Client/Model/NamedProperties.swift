import SOAP

/// Named properties (`GUID` + id or name) map to property ids ≥ 0x8000, per server.
extension Server {
    /// The property id `name` maps to on this server; nil when it is not mapped (and `create`
    /// is false). PS_MAPI numeric names are their own ids. Mappings are cached for the session.
    public func propertyID(for name: NamedProperty, create: Bool = false) async throws(TesseraClientError) -> UInt16? {
        try await propertyIDs(for: [name], create: create)[0]
    }

    /// The property ids of several names in one round trip (nil where unmapped).
    public func propertyIDs(for names: [NamedProperty], create: Bool = false) async throws(TesseraClientError) -> [UInt16?] {
        let normalized = try names.map { name throws(TesseraClientError) in
            do throws(MAPIError) { return try name.normalized() } catch { throw TesseraClientError(.invalidArgument, error.diagnostic) }
        }
        var ids = await self.names.cached(normalized)
        let unknown = normalized.indices.filter { ids[$0] == nil }
        guard !unknown.isEmpty else { return ids }
        let answer = try await call(GetIDsFromNamesRequest(names: unknown.map { normalized[$0] }, create: create ? true : nil))
        guard answer.ids.count == unknown.count else {
            throw TesseraClientError(.network, "GetIDsFromNames answered \(answer.ids.count) ids for \(unknown.count) names")
        }
        var learnt: [NamedProperty: UInt16] = [:]
        for (index, id) in zip(unknown, answer.ids) where id != 0 {
            ids[index] = id
            learnt[normalized[index]] = id
        }
        await self.names.remember(learnt)
        return ids
    }

    /// The tag of `name` with `type`; `notFound` when the name is not mapped and `create` is
    /// false.
    public func propertyTag(for name: NamedProperty, type: PropertyType, create: Bool = false) async throws(TesseraClientError)
        -> PropertyTag
    {
        guard let id = try await propertyID(for: name, create: create) else {
            throw TesseraClientError(.notFound, "the named property \(name) is not mapped on this server")
        }
        return PropertyTag(id: id, type: type)
    }

    /// The named property behind a property id ≥ 0x8000, or nil.
    public func namedProperty(for id: UInt16) async throws(TesseraClientError) -> NamedProperty? {
        try await call(GetNamesFromIDsRequest(ids: [id])).mappings.first { $0.id == id }?.name
    }
}

/// The name → id mappings learnt during a session.
actor NamedPropertyCache {
    private var ids: [NamedProperty: UInt16] = [:]

    /// The known id of each name (PS_MAPI numeric names are their own ids).
    func cached(_ names: [NamedProperty]) -> [UInt16?] { names.map { $0.fixedPropertyID ?? ids[$0] } }

    /// Keeps mappings the server gave.
    func remember(_ learnt: [NamedProperty: UInt16]) { ids.merge(learnt) { _, new in new } }
}
