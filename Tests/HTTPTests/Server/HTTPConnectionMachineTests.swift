@testable import HTTP
import Testing

@Suite struct HTTPConnectionMachineTests {
    typealias Machine = HTTPConnectionMachine

    static func head(
        bytes: Int = 100, contentLength: Int? = nil, coding: Machine.Coding = .identity, keepAlive: Bool = true,
        expectsContinue: Bool = false
    ) -> Machine.Head {
        Machine.Head(bytes: bytes, contentLength: contentLength, coding: coding, keepAlive: keepAlive, expectsContinue: expectsContinue)
    }

    static func machine(_ change: (inout HTTPServerLimits) -> Void = { _ in }) -> Machine {
        var limits = HTTPServerLimits()
        limits.maximumHeaderBytes = 1_000
        limits.maximumBodyBytes = 10_000
        limits.maximumDecompressedBytes = 50_000
        limits.maximumDecompressionRatio = 10
        change(&limits)
        return Machine(limits: limits)
    }

    @Test func keepAliveRequestsRunTheTimersOnlyWhileWaitingForTheClient() {
        var m = Self.machine()
        #expect(m.start() == [.arm(.header)], "a new connection has the header deadline from the accept")
        #expect(m.bytesReceived(50) == [], "the first byte keeps that deadline")
        #expect(m.headReceived(Self.head()) == [.arm(.body)])
        #expect(m.bodyReceived(10) == [])
        #expect(m.endReceived() == [.deliver, .cancelTimer], "no timer while the responder works")
        #expect(m.responseReady() == [.write(closeAfter: false)])
        #expect(m.responseSent() == [.arm(.idle)])
        #expect(m.bytesReceived(20) == [.arm(.header)], "the next request's first byte starts its header deadline")
        #expect(m.headReceived(Self.head()) == [.arm(.body)])
        #expect(m.endReceived() == [.deliver, .cancelTimer])
        #expect(m.timerFired(.body) == [], "a stale timer is ignored")
    }

    @Test func pipelinedRequestsAreAnsweredInOrderAndTimedAfterTheLastResponse() {
        var m = Self.machine()
        _ = m.start()
        _ = m.bytesReceived(300)
        _ = m.headReceived(Self.head())
        #expect(m.endReceived() == [.deliver, .cancelTimer])
        #expect(m.headReceived(Self.head()) == [], "owed a response: no timer")
        #expect(m.endReceived() == [.deliver])
        #expect(m.owed == 2)
        #expect(m.bytesReceived(10) == [], "a third request begins while two are owed")
        #expect(m.responseReady() == [.write(closeAfter: false)])
        #expect(m.responseReady() == [.write(closeAfter: false)])
        #expect(m.responseSent() == [])
        #expect(m.responseSent() == [.arm(.header)], "the third request's head is timed from now")
    }

    @Test func connectionCloseEndsReadingAndClosesAfterTheResponse() {
        var m = Self.machine()
        _ = m.start()
        _ = m.headReceived(Self.head(keepAlive: false))
        #expect(m.endReceived() == [.deliver, .cancelTimer])
        #expect(m.headReceived(Self.head()) == [], "a request after the last one is ignored")
        #expect(m.endReceived() == [])
        #expect(m.responseReady() == [.write(closeAfter: true)])
        #expect(m.responseSent() == [.close])
    }

    @Test func limitsRejectWithAnAnswerAfterTheOwedResponses() {
        var m = Self.machine()
        _ = m.start()
        _ = m.headReceived(Self.head())
        _ = m.endReceived()
        #expect(m.headReceived(Self.head(contentLength: 10_001)) == [], "rejected, but a response is owed first")
        #expect(m.state == .rejecting(HTTPRejection(.bodyTooLarge, "Content-Length 10001, limit 10000")))
        #expect(m.bodyReceived(5) == [])
        #expect(m.responseReady() == [.write(closeAfter: false)])
        #expect(m.responseSent() == [.answer(HTTPRejection(.bodyTooLarge, "Content-Length 10001, limit 10000"))])
        #expect(m.rejectionAnswered() == [.closeOutput, .arm(.linger)])
        #expect(m.bytesReceived(1_000) == [], "lingering: input is discarded")
        #expect(m.inputClosed() == [.close])
    }

    @Test func eachLimitHasItsReason() {
        func reason(_ drive: (inout Machine) -> [Machine.Action]) -> HTTPRejection.Reason? {
            var m = Self.machine()
            _ = m.start()
            for action in drive(&m) { if case .answer(let r) = action { return r.reason } }
            return nil
        }
        #expect(reason { $0.headReceived(Self.head(bytes: 1_001)) } == .headersTooLarge)
        #expect(reason { $0.headReceived(Self.head(coding: .unsupported("br"))) } == .unsupportedContentEncoding)
        #expect(reason { m in _ = m.headReceived(Self.head()); return m.bodyReceived(10_001) } == .bodyTooLarge)
        func inflate(encoded: Int, decoded: Int) -> HTTPRejection.Reason? {
            reason { m in
                _ = m.headReceived(Self.head(coding: .compressed))
                _ = m.encodedBodyReceived(encoded)
                return m.bodyReceived(decoded)
            }
        }
        #expect(inflate(encoded: 100, decoded: 50_000) == nil, "under the ratio floor")
        #expect(inflate(encoded: 100, decoded: 50_001) == .decompressionLimit, "over the absolute bound")
        #expect(reason { m in _ = m.bytesReceived(900); _ = m.bytesReceived(200); return m.bytesReceived(1) } == .headersTooLarge)
        #expect(reason { $0.failed(HTTPRejection(.malformedRequest)) } == .malformedRequest)
    }

    @Test func timeoutsCloseWithoutAnAnswer() {
        var m = Self.machine()
        _ = m.start()
        #expect(m.timerFired(.header) == [.drop(HTTPRejection(.headerTimeout, "head not complete in time"))])
        var b = Self.machine()
        _ = b.start()
        _ = b.headReceived(Self.head())
        #expect(b.timerFired(.body) == [.drop(HTTPRejection(.bodyTimeout, "body not complete in time"))])
        var i = Self.machine()
        _ = i.start()
        _ = i.headReceived(Self.head())
        _ = i.endReceived()
        _ = i.responseReady()
        _ = i.responseSent()
        #expect(i.timerFired(.idle) == [.close], "an idle keep-alive connection just closes")
    }

    @Test func quiesceFinishesTheRequestInProgress() {
        var idle = Self.machine()
        _ = idle.start()
        #expect(idle.quiesce() == [.close], "nothing in progress: close now")

        var busy = Self.machine()
        _ = busy.start()
        _ = busy.headReceived(Self.head())
        #expect(busy.quiesce() == [])
        #expect(busy.endReceived() == [.deliver, .cancelTimer], "the request being read is still served")
        #expect(busy.responseReady() == [.write(closeAfter: true)])
        #expect(busy.responseSent() == [.close])
    }

    @Test func expectContinueIsAnsweredOnlyWhenNothingIsOwed() {
        var m = Self.machine()
        _ = m.start()
        #expect(m.headReceived(Self.head(expectsContinue: true)) == [.arm(.body), .sendContinue])
        _ = m.endReceived()
        #expect(m.headReceived(Self.head(expectsContinue: true)) == [], "a 100 now would overtake the owed response")
    }

    @Test func tooManyConnectionsIsAnsweredAtOnce() {
        var m = Self.machine()
        #expect(m.start(rejecting: HTTPRejection(.tooManyConnections)) == [.answer(HTTPRejection(.tooManyConnections))])
    }
}
