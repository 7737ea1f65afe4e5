import Logging

extension JournalEntry {
    /// The entry for a swift-log record: `MESSAGE`, `PRIORITY` (``syslogPriority(_:)``),
    /// `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`, `TESSERA_LABEL`,
    /// `TESSERA_SOURCE`, then one field per metadata value, by key
    /// (``JournalFieldName/init(metadataKey:)``), sorted.
    ///
    /// `metadata` is the record's metadata merged as swift-log's own handlers merge it: the
    /// logger's, then the provider's, then the call's, each overriding the one before, and an
    /// error's `error.message` and `error.type`. A dictionary value is flattened, its keys
    /// joined to the outer one by `.` (`["http": ["address": "…"]]` gives `HTTP_ADDRESS`); an
    /// array is written as swift-log prints it (`["a", "b"]`).
    public init(event: LogEvent, label: String, identifier: String, metadata: Logger.Metadata) {
        self.init()
        append(.message, event.message.description)
        append(.priority, String(Self.syslogPriority(event.level)))
        append(.syslogIdentifier, identifier)
        append(.codeFile, event.file)
        append(.codeLine, String(event.line))
        append(.codeFunction, event.function)
        append(.label, label)
        append(.source, event.source)
        var flat: [(key: String, value: String)] = []
        Self.flatten(metadata, prefix: "", into: &flat)
        for (key, value) in flat.sorted(by: { $0.key < $1.key }) {
            append(JournalFieldName(metadataKey: key), value)
        }
    }

    /// The syslog priority of a swift-log level: `critical` 2, `error` 3, `warning` 4,
    /// `notice` 5, `info` 6, `debug` and `trace` 7. (swift-log has nothing as severe as
    /// syslog's emergency or alert.)
    public static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: 2
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug, .trace: 7
        }
    }

    /// The metadata of a record, merged as `StreamLogHandler` merges it.
    static func merged(
        base: Logger.Metadata, provider: Logger.MetadataProvider?, explicit: Logger.Metadata?, error: (any Error)?
    ) -> Logger.Metadata {
        var metadata = base
        if let provided = provider?.get(), !provided.isEmpty { metadata.merge(provided) { $1 } }
        if let explicit, !explicit.isEmpty { metadata.merge(explicit) { $1 } }
        if let error {
            metadata["error.message"] = "\(error)"
            metadata["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return metadata
    }

    private static func flatten(_ metadata: Logger.Metadata, prefix: String, into flat: inout [(key: String, value: String)]) {
        for (key, value) in metadata {
            let path = prefix.isEmpty ? key : prefix + "." + key
            switch value {
            case .dictionary(let nested) where !nested.isEmpty: flatten(nested, prefix: path, into: &flat)
            default: flat.append((path, value.description))
            }
        }
    }
}
