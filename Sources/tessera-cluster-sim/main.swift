// tessera-cluster-sim: runs the cluster figures of issue 4 in the deterministic simulator,
// each for the Tessera profile and beside it the memberlist baseline, and prints a table.
//
//   swift run -c release tessera-cluster-sim [all|smoke|speed|crash|crash10k|steady|traffic|pause|ownership|partition]...
//       [--seed N] [--hours H]
import Cluster
import ClusterSimulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func wallClock() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// `print` that flushes, so progress shows when output goes to a file.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(items.map { "\($0)" }.joined(separator: separator), terminator: terminator)
    fflush(nil)
}
var args = Array(CommandLine.arguments.dropFirst())
var seed: UInt64 = 1
var steadyHours = 10.0
var bigN = 10_000
var bigProfiles = "both"
var bigLoss = 0.1
if let i = args.firstIndex(of: "--big-loss"), i + 1 < args.count { bigLoss = Double(args[i + 1]) ?? 0.1; args.removeSubrange(i...i + 1) }
if let i = args.firstIndex(of: "--big-n"), i + 1 < args.count { bigN = Int(args[i + 1]) ?? 10_000; args.removeSubrange(i...i + 1) }
if let i = args.firstIndex(of: "--profile"), i + 1 < args.count { bigProfiles = args[i + 1]; args.removeSubrange(i...i + 1) }
if let i = args.firstIndex(of: "--seed"), i + 1 < args.count { seed = UInt64(args[i + 1]) ?? 1; args.removeSubrange(i...i + 1) }
if let i = args.firstIndex(of: "--hours"), i + 1 < args.count { steadyHours = Double(args[i + 1]) ?? 10; args.removeSubrange(i...i + 1) }
let selected = Set(args.isEmpty ? ["all"] : args)
func wants(_ name: String) -> Bool { selected.contains("all") || selected.contains(name) }

let profiles: [(String, MembershipConfiguration)] = [("tessera", .tessera), ("baseline", .memberlistBaseline)]
var rows: [[String]] = [["figure", "N", "goal", "tessera", "baseline", "wall s (t / b)"]]

@MainActor func row(_ figure: String, _ n: Int, _ goal: String, _ results: [String], _ walls: [Double]) {
    rows.append([figure, "\(n)", goal] + results + [walls.map { fmt(($0 * 10).rounded() / 10) }.joined(separator: " / ")])
    print("  " + rows.last!.joined(separator: " | "))
}

func timed<T>(_ body: () -> T) -> (T, Double) {
    let t0 = wallClock()
    let r = body()
    return (r, wallClock() - t0)
}

print("seed \(seed)")

if selected.contains("smoke") {
    for (name, p) in profiles {
        let (c, w1) = timed { Scenarios.crash(members: 100, routers: 8, profile: p, seed: seed, crashes: 5) }
        print(name, "crash suspect", c.suspectedByAllRouters, "dead", c.deadEverywhere, "falseDeaths", c.falseDeaths, "events", c.events, "wall", w1)
        let (s, w2) = timed { Scenarios.steady(members: 100, routers: 8, profile: p, seed: seed, duration: .seconds(120), network: NetworkModel().withLoss(0.1)) }
        print(name, "steady", s, "wall", w2)
        let (o, w3) = timed { Scenarios.ownership(members: 100, routers: 8, profile: p, seed: seed, changes: 50) }
        print(name, "ownership", o, "wall", w3)
        let (q, w4) = timed { Scenarios.partition(members: 100, routers: 8, profile: p, seed: seed, length: .seconds(60)) }
        print(name, "partition", q, "wall", w4)
    }
}

if wants("speed") {
    var walls: [Double] = [], cells: [String] = []
    for (_, p) in profiles {
        let (r, wall) = timed { Scenarios.steady(members: 1_000, routers: 64, profile: p, seed: seed, duration: .seconds(110), network: NetworkModel().withLoss(0.1)) }
        walls.append(wall); cells.append("\(fmt(wall)) s wall, \(r.events) events")
    }
    row("120 simulated s, 10% loss: wall time", 1_000, "< 10 s", cells, walls)
}

if wants("crash") {
    var walls: [Double] = [], s50: [String] = [], s99: [String] = [], d50: [String] = [], d99: [String] = []
    for (_, p) in profiles {
        var suspect: [Double] = [], dead: [Double] = []
        let (_, wall) = timed {
            for k in 0..<3 {
                let r = Scenarios.crash(members: 1_000, routers: 64, profile: p, seed: seed &+ UInt64(k), crashes: 40, spacing: .seconds(1), settle: .seconds(45))
                suspect += r.suspectedByAllRouters.samples; dead += r.deadEverywhere.samples
            }
        }
        let sd = Distribution(suspect), dd = Distribution(dead)
        walls.append(wall)
        s50.append(fmt(sd.p50)); s99.append(fmt(sd.p99)); d50.append(fmt(dd.p50)); d99.append(fmt(dd.p99))
    }
    row("crash → suspected by every router, p50 s (120 crashes, 10% loss)", 1_000, "≤ 2.5", s50, walls)
    row("crash → suspected by every router, p99 s", 1_000, "≤ 5", s99, walls)
    row("crash → dead at every member, p50 s", 1_000, "(≤ 8)", d50, walls)
    row("crash → dead at every member, p99 s", 1_000, "≤ 14", d99, walls)
}

if wants("crash10k") {
    var walls: [Double] = [], d50: [String] = [], d99: [String] = []
    for (name, p) in profiles {
        guard bigProfiles == "both" || bigProfiles == name else { walls.append(0); d50.append("–"); d99.append("–"); continue }
        let (r, wall) = timed { Scenarios.crash(members: bigN, routers: 64, profile: p, seed: seed, crashes: 20, spacing: .seconds(1), loss: bigLoss, settle: .seconds(50)) }
        walls.append(wall)
        d50.append(fmt(r.deadEverywhere.p50)); d99.append(fmt(r.deadEverywhere.p99))
    }
    row("crash → dead at every member, p50 s (20 crashes, \(Int(bigLoss * 100))% loss)", bigN, "(≤ 10)", d50, walls)
    row("crash → dead at every member, p99 s", bigN, "≤ 18", d99, walls)
}

if wants("steady") {
    var walls: [Double] = [], hours: [String] = [], fs: [String] = [], fd: [String] = []
    let n = 1_000
    for (name, p) in profiles {
        // The baseline's false suspicions are frequent (and slow to simulate); 100 node-hours suffice.
        let simHours = name == "baseline" ? min(steadyHours, 0.1) : steadyHours
        let duration = ClusterDuration(seconds: simHours * 3600 - 10)
        let (r, wall) = timed { Scenarios.steady(members: n, routers: 64, profile: p, seed: seed, duration: duration, network: NetworkModel().withLoss(0.1)) }
        walls.append(wall)
        hours.append(fmt(r.nodeHours))
        fs.append("\(r.falseSuspicions) (\(fmt(Double(r.falseSuspicions) / r.nodeHours))/node-h)")
        fd.append("\(r.falseDeaths)")
    }
    row("no failures, 10% loss: node-hours simulated (N × hours)", n, "≥ 10,000", hours, walls)
    row("false suspicions (per node-hour)", n, "≤ 0.1/node-h", fs, walls)
    row("false deaths", n, "0", fd, walls)
}

if wants("traffic") || wants("all") {
    var walls: [Double] = [], bytes: [String] = [], largest: [String] = []
    for (_, p) in profiles {
        let (r, wall) = timed { Scenarios.steady(members: 1_000, routers: 64, profile: p, seed: seed, duration: .seconds(300), network: NetworkModel()) }
        walls.append(wall)
        bytes.append("\(Int(r.bytesPerMemberPerSecond.rounded())) B/s")
        largest.append("\(r.largestDatagram) B")
    }
    row("steady-state traffic per member (300 s, no loss)", 1_000, "≤ 1 KB/s", bytes, walls)
    row("largest datagram", 1_000, "≤ 1200 B", largest, walls)
}

if wants("pause") {
    var walls: [Double] = [], healthy: [String] = [], paused: [String] = [], sus: [String] = []
    for (_, p) in profiles {
        var h = 0, pd = 0, hs = 0, pauses = 0
        let (_, wall) = timed {
            for k in 0..<2 {
                let r = Scenarios.pauses(members: 1_000, routers: 64, profile: p, seed: seed &+ UInt64(k), duration: .seconds(600))
                h += r.healthyDeclaredDead; pd += r.pausedDeclaredDead; hs += r.healthySuspected; pauses += r.pauses
            }
        }
        walls.append(wall)
        healthy.append("\(h) (of \(pauses) pauses)"); paused.append("\(pd)"); sus.append("\(hs)")
    }
    row("2% pause 1–5 s, 2×600 s, 10% loss: healthy members declared dead", 1_000, "≥ 50× fewer", healthy, walls)
    row("  pausing members declared dead", 1_000, "–", paused, walls)
    row("  healthy members suspected", 1_000, "–", sus, walls)
}

if wants("ownership") {
    var walls: [Double] = [], o50: [String] = [], o99: [String] = []
    for (_, p) in profiles {
        let (d, wall) = timed { Scenarios.ownership(members: 1_000, routers: 64, profile: p, seed: seed, changes: 200) }
        walls.append(wall)
        o50.append(fmt(d.p50)); o99.append(fmt(d.p99))
    }
    row("ownership change → every router, p50 s (200 changes, 10% loss)", 1_000, "≤ 0.150", o50, walls)
    row("ownership change → every router, p99 s", 1_000, "≤ 1", o99, walls)
}

if wants("partition") {
    var walls: [Double] = [], heal: [String] = []
    for (_, p) in profiles {
        let (r, wall) = timed { Scenarios.partition(members: 1_000, routers: 64, profile: p, seed: seed, length: .seconds(300)) }
        walls.append(wall)
        heal.append(r.healSeconds.isInfinite ? "not within 60 s" : fmt(r.healSeconds))
    }
    row("5-min 50/50 partition → one agreed state after heal, s", 1_000, "≤ 10", heal, walls)
}

print("")
let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max()! }
for (k, r) in rows.enumerated() {
    print("| " + r.enumerated().map { $1 + String(repeating: " ", count: widths[$0] - $1.count) }.joined(separator: " | ") + " |")
    if k == 0 { print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|") }
}
