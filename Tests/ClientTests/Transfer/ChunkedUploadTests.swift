import Testing

@testable import Client

@Suite struct ChunkedUploadTests {
    @Test func smallDataGoesInOneRequest() {
        var upload = ChunkedUpload(size: 1_000, singleLimit: 1_000, chunkSize: 400)
        #expect(upload.start() == .createWhole)
        #expect(upload.answered(attachNum: 3, upload: nil, received: nil) == .done(attachNum: 3))
    }

    @Test func emptyDataGoesInOneRequest() {
        var upload = ChunkedUpload(size: 0, singleLimit: 0, chunkSize: 400)
        #expect(upload.start() == .createWhole)
    }

    @Test func largeDataGoesInChunks() {
        var upload = ChunkedUpload(size: 1_000, singleLimit: 500, chunkSize: 400)
        #expect(upload.start() == .createFirst(0..<400))
        #expect(upload.answered(attachNum: nil, upload: "u1", received: nil) == .append(upload: "u1", range: 400..<800, more: true))
        #expect(upload.answered(attachNum: nil, upload: nil, received: 800) == .append(upload: "u1", range: 800..<1_000, more: false))
        #expect(upload.answered(attachNum: 0, upload: nil, received: 1_000) == .done(attachNum: 0))
    }

    @Test func exactMultipleEndsWithAFullChunk() {
        var upload = ChunkedUpload(size: 800, singleLimit: 0, chunkSize: 400)
        #expect(upload.start() == .createFirst(0..<400))
        #expect(upload.answered(attachNum: nil, upload: "u", received: nil) == .append(upload: "u", range: 400..<800, more: false))
        #expect(upload.answered(attachNum: 1, upload: nil, received: 800) == .done(attachNum: 1))
    }

    /// An upload of `size` bytes in chunks of 400 whose first chunk was accepted as upload "u".
    private func afterFirstChunk(size: Int) -> ChunkedUpload {
        var upload = ChunkedUpload(size: size, singleLimit: 0, chunkSize: 400)
        _ = upload.start()
        _ = upload.answered(attachNum: nil, upload: "u", received: nil)
        return upload
    }

    @Test func resumesWhereTheServerSaysItIs() {
        var upload = afterFirstChunk(size: 1_200)
        // The server kept only part of the second chunk: go on from there.
        #expect(upload.answered(attachNum: nil, upload: nil, received: 600) == .append(upload: "u", range: 600..<1_000, more: true))
    }

    @Test func noProgressOrTooMuchFails() {
        var stalled = afterFirstChunk(size: 1_200)
        #expect(isFailure(stalled.answered(attachNum: nil, upload: nil, received: 400)))

        var greedy = afterFirstChunk(size: 1_200)
        #expect(isFailure(greedy.answered(attachNum: nil, upload: nil, received: 900)))
    }

    @Test func missingAnswersFail() {
        var whole = ChunkedUpload(size: 10, singleLimit: 100, chunkSize: 4)
        _ = whole.start()
        #expect(isFailure(whole.answered(attachNum: nil, upload: nil, received: nil)))

        var chunked = ChunkedUpload(size: 10, singleLimit: 0, chunkSize: 4)
        _ = chunked.start()
        #expect(isFailure(chunked.answered(attachNum: nil, upload: nil, received: nil)))

        var last = afterFirstChunk(size: 600)
        #expect(isFailure(last.answered(attachNum: nil, upload: nil, received: 600)))
    }

    @Test func aLostAppendIsSentOnceMore() {
        var upload = ChunkedUpload(size: 1_000, singleLimit: 0, chunkSize: 400)
        _ = upload.start()
        let append = upload.answered(attachNum: nil, upload: "u", received: nil)
        let lost = TesseraClientError(.network, "connection reset")
        #expect(upload.failed(lost) == append)
        #expect(upload.failed(lost) == .fail(lost))
    }

    @Test func creatingIsNeverRepeated() {
        var upload = ChunkedUpload(size: 1_000, singleLimit: 0, chunkSize: 400)
        _ = upload.start()
        let lost = TesseraClientError(.network, "connection reset")
        #expect(upload.failed(lost) == .fail(lost))
    }

    @Test func serverFaultsAreNotRetried() {
        var upload = afterFirstChunk(size: 1_000)
        let tooBig = TesseraClientError(.server, "too big")
        #expect(upload.failed(tooBig) == .fail(tooBig))
    }

    private func isFailure(_ step: ChunkedUpload.Step) -> Bool {
        if case .fail = step { return true }
        return false
    }
}
