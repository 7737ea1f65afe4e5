import Directory
import Foundation
import Logging

// tessera-directory-bench: resolutions and authentications per second through Tessera's LDAP
// plugin (cached and uncached) beside raw libldap and `ldapsearch` doing the same searches,
// against the slapd that benchmarks/directory/run.sh starts and loads.
//
//   tessera-directory-bench ldif --base DN --users N --groups G     the population, as LDIF
//   tessera-directory-bench run --uri URI --base DN [--seconds S] [--concurrency C] [--users N]

let options = Options(CommandLine.arguments.dropFirst())
switch options.command {
case "ldif":
    print(Population.ldif(base: options.base, users: options.users, groups: options.groups), terminator: "")
case "run":
    try await Bench(options).run()
default:
    FileHandle.standardError.write(Data("usage: tessera-directory-bench ldif|run [--uri URI] [--base DN] [--users N] [--groups G] [--seconds S] [--concurrency C]\n".utf8))
    exit(2)
}

struct Options {
    var command = ""
    var uri = "ldap://127.0.0.1:13389"
    var base = "dc=example,dc=test"
    var users = 2_000
    var groups = 200
    var seconds = 5.0
    var concurrency = 4
    var ldapsearch = "/usr/bin/ldapsearch"

    init(_ arguments: ArraySlice<String>) {
        var rest = Array(arguments)
        if let first = rest.first, !first.hasPrefix("--") { command = first; rest.removeFirst() }
        var index = 0
        while index + 1 < rest.count {
            let value = rest[index + 1]
            switch rest[index] {
            case "--uri": uri = value
            case "--base": base = value
            case "--users": users = Int(value) ?? users
            case "--groups": groups = Int(value) ?? groups
            case "--seconds": seconds = Double(value) ?? seconds
            case "--concurrency": concurrency = Int(value) ?? concurrency
            case "--ldapsearch": ldapsearch = value
            default: break
            }
            index += 2
        }
    }
}

/// The generated directory: users `user0000…` (password `pw-N`) in `ou=people`, groups of ten
/// in `ou=groups`, a service account.
enum Population {
    static let servicePassword = "service secret"
    static func serviceDN(_ base: String) -> String { "cn=tessera,ou=services,\(base)" }
    static func people(_ base: String) -> String { "ou=people,\(base)" }
    static func groupBase(_ base: String) -> String { "ou=groups,\(base)" }
    static func login(_ n: Int) -> String { "user" + pad(n, 4) }
    static func password(_ n: Int) -> String { "pw-\(n)" }
    static func userDN(_ n: Int, _ base: String) -> String { "uid=\(login(n)),\(people(base))" }
    static func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }

    static func ldif(base: String, users: Int, groups: Int) -> String {
        var out = ""
        func entry(_ lines: [String]) { out += lines.joined(separator: "\n") + "\n\n" }
        entry(["dn: \(base)", "objectClass: dcObject", "objectClass: organization", "o: Bench", "dc: \(base.split(separator: ",")[0].dropFirst(3))"])
        for ou in ["people", "groups", "services"] { entry(["dn: ou=\(ou),\(base)", "objectClass: organizationalUnit", "ou: \(ou)"]) }
        entry(["dn: \(serviceDN(base))", "objectClass: organizationalRole", "objectClass: simpleSecurityObject", "cn: tessera", "userPassword: \(servicePassword)"])
        for n in 0..<users {
            entry([
                "dn: \(userDN(n, base))", "objectClass: inetOrgPerson", "objectClass: tesseraUser", "uid: \(login(n))",
                "cn: User \(pad(n, 4))", "sn: \(pad(n, 4))", "userPassword: \(password(n))", "mail: \(login(n))@example.test",
                "tesseraAlias: alias\(pad(n, 4))@alias.test", "tesseraHomeServer: s\(n % 3 + 1)",
            ])
        }
        for g in 0..<groups {
            entry(["dn: cn=group\(pad(g, 3)),\(groupBase(base))", "objectClass: groupOfNames", "cn: group\(pad(g, 3))"]
                  + (0..<10).map { "member: \(userDN((g * 10 + $0) % max(users, 1), base))" })
        }
        return out
    }
}

/// Counts operations across threads and tasks.
final class Counter: @unchecked Sendable {
    // @unchecked: `value` is only touched with `lock` held.
    private let lock = NSLock()
    private var value = 0
    func add(_ n: Int) { lock.lock(); value += n; lock.unlock() }
    var total: Int { lock.lock(); defer { lock.unlock() }; return value }
}

struct Bench {
    let options: Options
    let map = LDAPPreset.openldap.attributeMap

    init(_ options: Options) { self.options = options }

    /// The attributes the plugin asks for users (same keys, same order as the plugin's own list).
    var userAttributes: [String] {
        let keys: [LDAPAttributeMap.Key] = [
            .uniqueIDAttribute, .displayNameAttribute, .emailAttribute, .aliasAttribute, .enabledAttribute,
            .sharedStoreAttribute, .adminAttribute, .homeServerAttribute, .quotaOverrideAttribute,
            .quotaWarnAttribute, .quotaSoftAttribute, .quotaHardAttribute, .userAccountControlAttribute,
            .changeAttribute, .memberOfAttribute,
        ]
        var seen = Set<String>()
        return ([map[.loginAttributes]] + keys.map { map[$0] }).filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    func configuration() throws -> LDAPConfiguration {
        var configuration = try LDAPConfiguration(
            preset: .openldap, uris: [options.uri], baseDN: options.base,
            bind: .simple(dn: Population.serviceDN(options.base), password: Population.servicePassword))
        configuration.userBaseDN = Population.people(options.base)
        configuration.groupBaseDN = Population.groupBase(options.base)
        configuration.maximumConnections = options.concurrency
        configuration.maximumAuthenticationConnections = options.concurrency
        return configuration
    }

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let directory = try LDAPDirectory(configuration: configuration(), logger: logger)
        defer { directory.shutdown() }
        let s = options.seconds, c = options.concurrency
        print("# tessera-directory-bench: \(options.users) users, \(options.seconds) s per measurement, concurrency \(c), \(options.uri)")
        // Warm slapd's caches and check that every path works before measuring.
        guard try await directory.resolve(Population.login(1))?.groupIDs.count == 1 else { throw BenchError("user0001 not found or not in one group") }
        guard await directory.authenticate(login: Population.login(2), password: Population.password(2)).user != nil else { throw BenchError("user0002 cannot log on") }
        _ = try raw(seconds: 1, threads: c, authenticate: false)

        var results: [(String, Double)] = []
        func record(_ name: String, _ rate: Double) {
            results.append((name, rate))
            print(name.padding(toLength: 52, withPad: " ", startingAt: 0) + String(format: "%10.0f /s", rate))
        }
        // Two rounds, plugin and raw alternating; the better round of each counts.
        var best: [String: Double] = [:]
        for _ in 0..<2 {
            for (name, rate) in [
                ("uncached resolve, plugin", try await plugin(directory, seconds: s, tasks: c, authenticate: false)),
                ("uncached resolve, raw libldap", try raw(seconds: s, threads: c, authenticate: false)),
                ("authenticate, plugin", try await plugin(directory, seconds: s, tasks: c, authenticate: true)),
                ("authenticate, raw libldap", try raw(seconds: s, threads: c, authenticate: true)),
            ] {
                print("  round: " + name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%10.0f /s", rate))
                best[name] = max(best[name] ?? 0, rate)
            }
        }
        for name in ["uncached resolve, plugin", "uncached resolve, raw libldap", "authenticate, plugin", "authenticate, raw libldap"] {
            record(name, best[name]!)
        }
        record("uncached resolve, ldapsearch processes", try ldapsearch(seconds: s, workers: c, authenticate: false))
        record("authenticate, ldapsearch processes (bind as user)", try ldapsearch(seconds: s, workers: c, authenticate: true))
        record("cached resolve, one task (one core)", try await cached(directory, seconds: s))
        print(String(format: "plugin / raw libldap: resolve %.2f×, authenticate %.2f×",
                     best["uncached resolve, plugin"]! / best["uncached resolve, raw libldap"]!,
                     best["authenticate, plugin"]! / best["authenticate, raw libldap"]!))
    }

    /// `tasks` tasks resolving (or logging on as) random users through the plugin for `seconds`.
    func plugin(_ directory: LDAPDirectory, seconds: Double, tasks: Int, authenticate: Bool) async throws -> Double {
        let users = options.users
        let counter = Counter()
        let start = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<tasks {
                group.addTask {
                    var generator = SplitMix(seed: UInt64(worker + 1))
                    var done = 0
                    while Date().timeIntervalSince(start) < seconds {
                        let n = Int(generator.next() % UInt64(users))
                        if authenticate {
                            guard await directory.authenticate(login: Population.login(n), password: Population.password(n)).user != nil else {
                                throw BenchError("plugin: \(Population.login(n)) cannot log on")
                            }
                        } else {
                            guard try await directory.resolve(Population.login(n)) != nil else { throw BenchError("plugin: \(Population.login(n)) not found") }
                        }
                        done += 1
                    }
                    counter.add(done)
                }
            }
            try await group.waitForAll()
        }
        return Double(counter.total) / Date().timeIntervalSince(start)
    }

    /// `threads` threads doing the plugin's searches (and bind) with bare libldap for `seconds`.
    func raw(seconds: Double, threads: Int, authenticate: Bool) throws -> Double {
        let base = options.base, uri = options.uri, users = options.users
        let userAttributes = self.userAttributes
        let counter = Counter()
        let failure = Counter()
        let start = Date()
        let group = DispatchGroup()
        for worker in 0..<threads {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let search = try RawLDAP(uri: uri)
                    try search.bind(dn: Population.serviceDN(base), password: Population.servicePassword)
                    let binder = try RawLDAP(uri: uri)
                    var generator = SplitMix(seed: UInt64(worker + 101))
                    var done = 0
                    while Date().timeIntervalSince(start) < seconds {
                        let n = Int(generator.next() % UInt64(users))
                        let login = Population.login(n)
                        let filter = authenticate
                            ? "(&(objectClass=inetOrgPerson)(|(uid=\(login))))"
                            : "(&(objectClass=inetOrgPerson)(|(uid=\(login))(mail=\(login))(tesseraAlias=\(login))))"
                        let found = try search.search(base: Population.people(base), filter: filter, attributes: userAttributes)
                        guard found.count == 1 else { throw BenchError("raw: \(login) not found") }
                        if authenticate {
                            guard try binder.bind(dn: found[0].dn, password: Population.password(n)) else { throw BenchError("raw: \(login) cannot bind") }
                        }
                        _ = try search.search(base: Population.groupBase(base), filter: "(&(objectClass=groupOfNames)(member=\(found[0].dn)))", attributes: ["entryUUID"])
                        done += 1
                    }
                    counter.add(done)
                } catch {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                    failure.add(1)
                }
            }
            thread.start()
        }
        group.wait()
        guard failure.total == 0 else { throw BenchError("raw libldap run failed") }
        return Double(counter.total) / Date().timeIntervalSince(start)
    }

    /// `workers` loops each starting one `ldapsearch` process per operation (connect, bind,
    /// search, unbind) for `seconds`: what a shell script would get.
    func ldapsearch(seconds: Double, workers: Int, authenticate: Bool) throws -> Double {
        let base = options.base, uri = options.uri, users = options.users, program = options.ldapsearch
        let userAttributes = self.userAttributes
        let counter = Counter()
        let start = Date()
        let group = DispatchGroup()
        for worker in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                var generator = SplitMix(seed: UInt64(worker + 201))
                var done = 0
                while Date().timeIntervalSince(start) < seconds {
                    let n = Int(generator.next() % UInt64(users))
                    let login = Population.login(n)
                    let arguments: [String] = authenticate
                        ? ["-x", "-LLL", "-H", uri, "-D", Population.userDN(n, base), "-w", Population.password(n), "-b", Population.userDN(n, base), "-s", "base", "(objectClass=*)", "1.1"]
                        : ["-x", "-LLL", "-H", uri, "-D", Population.serviceDN(base), "-w", Population.servicePassword, "-b", Population.people(base),
                           "(&(objectClass=inetOrgPerson)(|(uid=\(login))(mail=\(login))(tesseraAlias=\(login))))"] + userAttributes
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: program)
                    process.arguments = arguments
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle.nullDevice
                    guard (try? process.run()) != nil else { return }
                    process.waitUntilExit()
                    if process.terminationStatus == 0 { done += 1 }
                }
                counter.add(done)
            }
            thread.start()
        }
        group.wait()
        return Double(counter.total) / Date().timeIntervalSince(start)
    }

    /// One task resolving the first 1,000 users, all cached, for `seconds`.
    func cached(_ directory: LDAPDirectory, seconds: Double) async throws -> Double {
        let cache = CachingDirectory(backend: directory, policy: DirectoryCachePolicy(timeToLive: 3600, negativeTimeToLive: 60, staleTimeToLive: 3600))
        let keys = (0..<min(1_000, options.users)).map { Population.login($0) }
        for key in keys { _ = try await cache.resolve(key) }
        let searches = directory.metrics.snapshot.searches
        var done = 0
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            for key in keys.prefix(100) {
                guard try await cache.resolve(key) != nil else { throw BenchError("cache lost \(key)") }
            }
            done += 100
        }
        let rate = Double(done) / Date().timeIntervalSince(start)
        guard directory.metrics.snapshot.searches == searches else { throw BenchError("cached run reached the server") }
        return rate
    }
}

/// A seeded generator, so that every run asks for the same users.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
