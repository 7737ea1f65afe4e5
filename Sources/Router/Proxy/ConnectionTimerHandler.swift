import NIOCore
import NIOHTTP1

/// The shell of ``ConnectionTimerMachine`` in a client connection's pipeline (after the HTTP
/// codec): watches request parts coming in and response ends going out, and closes the
/// connection when a deadline passes.
final class ConnectionTimerHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var machine: ConnectionTimerMachine
    private var timer: Scheduled<Void>?
    private let expired: @Sendable (ConnectionTimerMachine.Deadline) -> Void

    /// `expired` is told which deadline closed the connection.
    init(machine: ConnectionTimerMachine, expired: @escaping @Sendable (ConnectionTimerMachine.Deadline) -> Void) {
        self.machine = machine
        self.expired = expired
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { run(machine.accepted(), context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        run(machine.accepted(), context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: run(machine.head(), context)
        case .end: run(machine.end(), context)
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { run(machine.responseEnded(), context) }
        context.write(data, promise: promise)
    }

    private func run(_ action: ConnectionTimerMachine.Action, _ context: ChannelHandlerContext) {
        switch action {
        case .none:
            return
        case .disarm:
            timer?.cancel()
            timer = nil
        case .arm(let deadline, let seconds):
            timer?.cancel()
            let channel = context.channel, expired = self.expired
            timer = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
                expired(deadline)
                channel.close(promise: nil)
            }
        }
    }
}
