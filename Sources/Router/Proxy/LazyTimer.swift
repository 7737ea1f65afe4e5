import NIOCore

/// One event-loop timer behind a deadline that moves at almost every request, as a value: the
/// shell schedules what it says and calls ``fired(now:)`` when the timer goes off.
///
/// What it guarantees:
/// - The deadline is honoured: when it passes, the next ``fired(now:)`` says `.expire`; the
///   timer never fires later than the deadline.
/// - Moving the deadline costs nothing in the common case. A NIO timer's cancellation is a
///   linear search of the loop's scheduled tasks, and a router arming and cancelling timers at
///   every request (client body and idle deadlines, the node's response deadline, the pool's
///   idle close) spent its time scanning them. Here the scheduled timer stays where it is as
///   long as it fires no later than the deadline; when it fires early it is scheduled again for
///   what is left. Every deadline is set at least `lead` ahead of the moment it is set, so a
///   timer is never scheduled more than `lead` ahead: any later deadline comes after it, and a
///   timer is cancelled only for a deadline shorter than `lead` (the first header deadline,
///   set before any timer runs).
/// - Clearing the deadline only forgets it: the timer, when it fires, finds nothing to do.
///
/// The same idea as the lazy cancellation of timer wheels (Varghese & Lauck, 1987) and of the
/// Linux kernel's "timer slack": it trades a few early wake-ups for no work per re-arm.
struct LazyTimer: Hashable, Sendable {
    /// What the shell does.
    enum Action: Hashable, Sendable {
        /// Nothing.
        case none
        /// Schedule a timer at `at`; with `cancellingCurrent`, cancel the one scheduled first.
        case schedule(at: NIODeadline, cancellingCurrent: Bool)
        /// The deadline passed.
        case expire
    }

    /// How far ahead of the moment it is set every deadline lies, at least.
    let lead: TimeAmount
    /// The deadline, if one runs.
    private(set) var deadline: NIODeadline?
    /// When the scheduled timer fires, if one is scheduled.
    private(set) var firesAt: NIODeadline?

    init(lead: TimeAmount) {
        self.lead = lead
    }

    /// Sets the deadline (nil: none runs).
    mutating func set(_ deadline: NIODeadline?, now: NIODeadline) -> Action {
        self.deadline = deadline
        guard let deadline else { return .none }
        if let firesAt, firesAt <= deadline { return .none }
        let cancelling = firesAt != nil
        firesAt = min(deadline, now + lead)
        return .schedule(at: firesAt!, cancellingCurrent: cancelling)
    }

    /// The scheduled timer went off.
    mutating func fired(now: NIODeadline) -> Action {
        firesAt = nil
        guard let deadline else { return .none }
        if deadline <= now {
            self.deadline = nil
            return .expire
        }
        firesAt = min(deadline, now + lead)
        return .schedule(at: firesAt!, cancellingCurrent: false)
    }

    /// The timer was cancelled (the connection closed).
    mutating func cancelled() {
        deadline = nil
        firesAt = nil
    }
}
