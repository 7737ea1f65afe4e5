import Foundation
import Synchronization

/// A wall clock the test moves by hand; `read` is what the code under test is given.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    /// The time now.
    var now: Date { current.withLock { $0 } }

    /// The clock as the code under test takes it.
    var read: @Sendable () -> Date { { self.now } }

    /// Moves the clock on.
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// Sets the clock.
    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// Seeded random numbers for code that takes a `() -> UInt64` source.
final class SeededRandom: Sendable {
    private let generator: Mutex<SplitMix64>

    init(seed: UInt64) { generator = Mutex(SplitMix64(seed: seed)) }

    var source: @Sendable () -> UInt64 { { self.generator.withLock { $0.next() } } }
}
