@testable import HTTP
import Testing

@Suite struct ConnectionPoolMachineTests {
    @Test func opensUpToTheMaximumThenQueuesWaitersInOrder() {
        var pool = ConnectionPoolMachine(maximum: 2)
        #expect(pool.lease(1) == .connect)
        #expect(pool.lease(2) == .connect)
        #expect(pool.lease(3) == .wait)
        #expect(pool.lease(4) == .wait)
        #expect(pool.connected(10) == true)
        #expect(pool.connected(11) == true)
        #expect(pool.release(10, reusable: true) == (.use(10, to: 3), false), "the first waiter gets it")
        #expect(pool.release(11, reusable: false) == (.connect(4), true), "a closed connection's slot lets the next waiter open one")
        #expect(pool.count == 2)
    }

    @Test func reusesTheMostRecentlyUsedIdleConnection() {
        var pool = ConnectionPoolMachine(maximum: 3)
        _ = pool.lease(1); _ = pool.lease(2)
        _ = pool.connected(10); _ = pool.connected(11)
        _ = pool.release(10, reusable: true)
        _ = pool.release(11, reusable: true)
        #expect(pool.lease(3) == .use(11))
        pool.discard(11)
        #expect(pool.lease(3) == .use(10), "a stale connection is discarded and the holder asks again")
        #expect(pool.count == 1)
    }

    @Test func aFailedConnectHandsItsSlotToAWaiter() {
        var pool = ConnectionPoolMachine(maximum: 1)
        #expect(pool.lease(1) == .connect)
        #expect(pool.lease(2) == .wait)
        #expect(pool.connectFailed() == .connect(2))
        #expect(pool.connectFailed() == nil)
        #expect(pool.count == 0)
    }

    @Test func cancelledWaitersLeaveTheQueue() {
        var pool = ConnectionPoolMachine(maximum: 1)
        _ = pool.lease(1)
        _ = pool.lease(2)
        #expect(pool.cancel(2) == true)
        #expect(pool.cancel(2) == false)
        _ = pool.connected(10)
        #expect(pool.release(10, reusable: true) == (nil, false))
        #expect(pool.idle == [10])
    }

    @Test func shutdownClosesIdleFailsWaitersAndClosesReturns() {
        var pool = ConnectionPoolMachine(maximum: 2)
        _ = pool.lease(1); _ = pool.lease(2)
        _ = pool.connected(10); _ = pool.connected(11)
        _ = pool.release(10, reusable: true)
        #expect(pool.lease(3) == .use(10))
        #expect(pool.lease(4) == .wait)
        _ = pool.release(10, reusable: true)  // handed to 4
        #expect(pool.lease(5) == .wait)
        #expect(pool.shutdown() == (close: [], fail: [5]))
        #expect(pool.release(10, reusable: true) == (nil, true))
        #expect(pool.lease(6) == .shutDown)
    }
}
