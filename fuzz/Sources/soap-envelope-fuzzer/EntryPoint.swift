/// libFuzzer's entry point (docs/protocol.md, "Fuzzing"): one input of any size.
///
/// A thrown error is an accepted outcome; a trap (``finding(_:)``), a sanitizer report, a
/// timeout or running out of memory is a finding, and libFuzzer writes the input to a file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    EnvelopeChecks.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
