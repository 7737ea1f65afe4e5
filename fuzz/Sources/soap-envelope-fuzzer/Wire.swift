import SOAP

/// Writing what Tessera decoded and reading it back, as the other end of the wire would.
enum Wire {
    /// Limits for reading Tessera's own output: it may be larger than the input it came from
    /// (escapes, base64, a namespace declaration per element), and only the input's limits
    /// are under test. Hangs are libFuzzer's `-timeout`, not the parser's time budget.
    static let roomy = XML.Limits(
        maxBodyBytes: 1 << 30, maxDepth: 1024, maxElements: 1 << 24, maxAttributesPerElement: 4096,
        maxTextBytesPerElement: 1 << 30, maxTotalTextBytes: 1 << 30, timeBudget: .seconds(3600))

    /// What `write` writes, inside `<t:root xmlns:t="urn:tessera:soap:1">`.
    static func bytes(_ write: (inout XML.Writer) -> Void) -> [UInt8] {
        var writer = XML.Writer()
        writer.start("t:root", ["xmlns:t": SOAPNamespace.tessera])
        write(&writer)
        writer.end()
        check(writer.isBalanced, "a writer left elements open")
        return writer.bytes
    }

    /// Parses a document Tessera wrote: refusing it is a finding.
    static func parse(_ bytes: [UInt8], _ what: String) -> XML.Element {
        do {
            return try XML.parse(bytes, limits: roomy)
        } catch {
            finding("\(what): Tessera's own output does not parse (\(error)): \(show(bytes))")
        }
    }
}
