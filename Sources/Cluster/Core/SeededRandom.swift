/// The machine's random source: xoshiro256** seeded through SplitMix64.
///
/// Every random choice of the protocol (probe order, indirect helpers, gossip targets, jitter)
/// comes from one of these, owned by the machine and seeded by its driver, so a run replays
/// exactly from its seed. Never use the global generator in protocol code.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole future output is fixed by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&x); s1 = splitMix(&x); s2 = splitMix(&x); s3 = splitMix(&x)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform integer in `0 ..< bound` (bound > 0), using Lemire's multiply-shift.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "SeededRandom.below needs a positive bound")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform real in `[0, 1)`.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// An independent generator derived from this one's seed stream (for sub-systems).
    public mutating func split() -> SeededRandom { SeededRandom(seed: next()) }
}

/// Small numeric helpers that keep the core free of libm and Foundation.
public enum ClusterMath {
    /// Natural logarithm for positive finite `x` (accurate to ~1e-15, enough for timeouts).
    public static func ln(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "ln needs a positive finite argument")
        let exponent = Double(x.exponent)
        let m = x.significand  // in [1, 2)
        let y = (m - 1) / (m + 1)
        let y2 = y * y
        var term = y, sum = 0.0
        var k = 1.0
        while k < 60 {
            sum += term / k
            term *= y2
            k += 2
        }
        return exponent * 0.693_147_180_559_945_3 + 2 * sum
    }

    /// Base-10 logarithm for positive finite `x`.
    public static func log10(_ x: Double) -> Double { ln(x) / 2.302_585_092_994_045_7 }

    /// Base-2 logarithm for positive finite `x`.
    public static func log2(_ x: Double) -> Double { ln(x) / 0.693_147_180_559_945_3 }

    /// A 64-bit finaliser (from SplitMix64) used to build order-independent digests.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over bytes: stable across processes and platforms (unlike `Hasher`).
    public static func fnv1a<S: Sequence>(_ bytes: S, seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 where S.Element == UInt8 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
