import Foundation
import LoadGenerator

// tessera-router-bench: the router benchmark of benchmarks/README.md ("Router"), one mode per
// process; benchmarks/router/run.sh starts them (node, router, nginx, load) and reads the RSS.

let usage = """
    usage: tessera-router-bench ports --count N
           tessera-router-bench prepare --node-config FILE --directory FILE [--users 15000]
           tessera-router-bench node --config FILE
           tessera-router-bench router --config FILE
           tessera-router-bench getprops --targets direct=P,router=P,nginx=P [--extra name=P,…] [--connections 64,1]
                                         [--rounds 3] [--warmup 2] [--duration 10] [--cpu name=PID+PID,…] [--output FILE]
           tessera-router-bench logons --node P --router P [--users 15000] [--connections 16] [--warmup 1] [--duration 5] [--output FILE]
           tessera-router-bench hold --port P [--connections 10000] [--path /health] [--seconds 15]
    """

/// Appends `text` to `--output` when given, and prints it.
func report(_ text: String, _ arguments: Arguments) throws {
    print(text)
    let path = arguments.string("output", default: "")
    guard !path.isEmpty else { return }
    if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((text + "\n").utf8))
}

let commandLine = CommandLine.arguments.dropFirst()
guard let mode = commandLine.first else { usageError("a mode is required") }
let arguments = Arguments(commandLine.dropFirst())
switch mode {
case "ports":
    print(try FreePorts.take(arguments.int("count", minimum: 1)).map(String.init).joined(separator: " "))
case "prepare":
    let configuration = try Processes.nodeConfiguration(file: arguments.string("node-config"))
    try await Population.prepare(
        directory: arguments.string("directory"), users: arguments.int("users", default: 15_000, minimum: 1), nodeConfiguration: configuration,
        logger: Processes.logger("tessera.bench", "warning"))
case "node":
    try await Processes.runNode(file: arguments.string("config"))
case "router":
    try await Processes.runRouter(file: arguments.string("config"))
case "getprops":
    let comparison = ProxyComparison(
        targets: ProxyTarget.list(arguments.string("targets")) + ProxyTarget.list(arguments.string("extra", default: ""), extra: true),
        connections: arguments.string("connections", default: "64,1").split(separator: ",").map { Int($0) ?? 0 },
        rounds: arguments.int("rounds", default: 3, minimum: 1), warmUp: .seconds(arguments.int("warmup", default: 2)),
        duration: .seconds(arguments.int("duration", default: 10, minimum: 1)),
        processes: ProcessCPU.list(arguments.string("cpu", default: "")))
    guard comparison.connections.allSatisfy({ $0 > 0 }) else { usageError("--connections needs positive numbers") }
    try report(comparison.markdown(try await comparison.run()), arguments)
case "logons":
    let rates = LogonRates(
        node: ProxyTarget(name: "node", port: arguments.int("node"), onlyAtMost: false),
        router: ProxyTarget(name: "router", port: arguments.int("router"), onlyAtMost: false),
        users: arguments.int("users", default: 15_000, minimum: 1), connections: arguments.int("connections", default: 16, minimum: 1),
        warmUp: .seconds(arguments.int("warmup", default: 1)), duration: .seconds(arguments.int("duration", default: 5, minimum: 1)))
    try report(rates.markdown(try await rates.run()), arguments)
case "hold":
    let count = arguments.int("connections", default: 10_000, minimum: 1)
    let connections = try IdleConnections(port: arguments.int("port"), count: count, path: arguments.string("path", default: "/health"))
    FileHandle.standardOutput.write(Data("holding \(connections.count) connections\n".utf8))
    try await Task.sleep(for: .seconds(arguments.int("seconds", default: 15)))
    connections.close()
    print("closed")
case "--help", "-h":
    print(usage)
default:
    usageError("unknown mode \(mode)")
}
