import Logging

/// A swift-log `LogHandler` that writes each record to journald as a structured entry
/// (``JournalEntry/init(event:label:identifier:metadata:)``): the message, its priority, where
/// it was logged, the logger's label and every metadata value as a field of its own, so that
/// `journalctl TESSERA_LABEL=tessera.node SERVER=s1` finds them. docs/deployment.md, "systemd",
/// lists the fields.
///
/// Writing never blocks for long: one non-blocking send per record, dropped and counted when
/// journald does not take it (``JournalSink``). The handler writes what it is given; as
/// everywhere, passwords, tokens and message bodies are not to be logged.
public struct JournalLogHandler: LogHandler {
    /// The logger's label, written as `TESSERA_LABEL`.
    public let label: String
    /// Where the entries go.
    public let sink: JournalSink
    /// The logger's own metadata.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added to every record when it is written.
    public var metadataProvider: Logger.MetadataProvider?
    /// The lowest level written.
    public var logLevel: Logger.Level = .info

    /// A handler for the logger `label`, writing to `sink`.
    public init(label: String, sink: JournalSink, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    /// Writes the record.
    public func log(event: LogEvent) {
        let merged = JournalEntry.merged(base: metadata, provider: metadataProvider, explicit: event.metadata, error: event.error)
        sink.write(JournalEntry(event: event, label: label, identifier: sink.identifier, metadata: merged))
    }

    /// One metadata value of the logger.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
