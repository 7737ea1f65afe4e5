import NIOCore
import NIOHTTP1

/// The shell of ``ConnectionTimerMachine`` in a client connection's pipeline (after the HTTP
/// codec): watches request parts coming in and response ends going out, and closes the
/// connection when a deadline passes. The deadlines move at every request; one ``LazyTimer``
/// keeps that from scheduling and cancelling a NIO timer each time.
final class ConnectionTimerHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var machine: ConnectionTimerMachine
    private var timer: LazyTimer
    private var scheduled: Scheduled<Void>?
    /// The deadline that runs now.
    private var running: ConnectionTimerMachine.Deadline?
    private let expired: @Sendable (ConnectionTimerMachine.Deadline) -> Void

    /// `expired` is told which deadline closed the connection.
    init(machine: ConnectionTimerMachine, expired: @escaping @Sendable (ConnectionTimerMachine.Deadline) -> Void) {
        self.machine = machine
        self.expired = expired
        // Only the first header deadline is set before any timer runs; later ones are body and idle.
        timer = LazyTimer(lead: .nanoseconds(Int64(min(machine.bodyTimeout, machine.idleTimeout) * 1e9)))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { run(machine.accepted(), context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        run(machine.accepted(), context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        scheduled?.cancel()
        scheduled = nil
        timer.cancelled()
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
            running = nil
            apply(timer.set(nil, now: context.eventLoop.now), context)
        case .arm(let deadline, let seconds):
            running = deadline
            let now = context.eventLoop.now
            apply(timer.set(now + .nanoseconds(Int64(seconds * 1e9)), now: now), context)
        }
    }

    private func apply(_ action: LazyTimer.Action, _ context: ChannelHandlerContext) {
        switch action {
        case .none:
            return
        case .expire:
            scheduled = nil
            if let running { expired(running) }
            running = nil
            context.close(promise: nil)
        case .schedule(let at, let cancellingCurrent):
            if cancellingCurrent { scheduled?.cancel() }
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            scheduled = context.eventLoop.scheduleTask(deadline: at) {
                handler.value.apply(handler.value.timer.fired(now: bound.value.eventLoop.now), bound.value)
            }
        }
    }
}
