import Testing

@testable import Client

@Suite struct ChunkedDownloadTests {
    private func bytes(_ range: Range<Int>) -> [UInt8] { range.map { UInt8(truncatingIfNeeded: $0) } }

    @Test func downloadsInChunksUntilTheTotal() {
        var download = ChunkedDownload(chunkSize: 4)
        #expect(download.start() == .fetch(offset: 0, length: 4))
        #expect(download.received(bytes(0..<4), totalSize: 10) == .fetch(offset: 4, length: 4))
        #expect(download.received(bytes(4..<8), totalSize: 10) == .fetch(offset: 8, length: 2))
        #expect(download.received(bytes(8..<10), totalSize: 10) == .done(bytes(0..<10)))
    }

    @Test func smallAndEmptyDataTakeOneRequest() {
        var small = ChunkedDownload(chunkSize: 4)
        _ = small.start()
        #expect(small.received([7, 8], totalSize: 2) == .done([7, 8]))
        var empty = ChunkedDownload(chunkSize: 4)
        _ = empty.start()
        #expect(empty.received([], totalSize: 0) == .done([]))
    }

    @Test func aShortChunkIsContinuedFromWhereItEnds() {
        var download = ChunkedDownload(chunkSize: 4)
        _ = download.start()
        #expect(download.received(bytes(0..<3), totalSize: 10) == .fetch(offset: 3, length: 4))
    }

    @Test(arguments: [
        // (first chunk, first total, second chunk, second total)
        ([UInt8](repeating: 0, count: 4), Int64(10), [UInt8](), Int64(10)),  // nothing before the end: no endless loop
        ([UInt8](repeating: 0, count: 4), Int64(10), [UInt8](repeating: 0, count: 4), Int64(12)),  // size changed
        ([UInt8](repeating: 0, count: 4), Int64(10), [UInt8](repeating: 0, count: 5), Int64(10)),  // longer than asked
        ([UInt8](repeating: 0, count: 4), Int64(6), [UInt8](repeating: 0, count: 4), Int64(6)),  // past the end
    ])
    func misbehavingServersFail(first: [UInt8], firstTotal: Int64, second: [UInt8], secondTotal: Int64) {
        var download = ChunkedDownload(chunkSize: 4)
        _ = download.start()
        _ = download.received(first, totalSize: firstTotal)
        guard case .fail(let error) = download.received(second, totalSize: secondTotal) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == .network)
    }

    @Test func negativeSizeFails() {
        var download = ChunkedDownload(chunkSize: 4)
        _ = download.start()
        guard case .fail = download.received([], totalSize: -1) else {
            Issue.record("expected a failure")
            return
        }
    }
}
