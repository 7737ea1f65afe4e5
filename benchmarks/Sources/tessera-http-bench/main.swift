import Foundation
import HTTP
import LoadGenerator
import MinimalHTTP

// tessera-http-bench: the HTTP layer benchmarks of benchmarks/README.md.
//
//   tessera-http-bench [minimal] [--connections 1,16,64] [--warmup S] [--duration S] [--json]
//   tessera-http-bench serve [--port P]
//   tessera-http-bench load --port P [--host H] [--connections N] [--warmup S] [--duration S]
//                           [--path /] [--body-bytes N] [--json]
//
// minimal (the default) starts an HTTPServer with the minimal responder in this process and
// runs the load generator against it at each connection count: the ceiling of the HTTP layer.
// serve runs only the server (until killed); load only the generator, against any server.

let usage = """
    usage: tessera-http-bench [minimal] [--connections 1,16,64] [--warmup S] [--duration S] [--json]
           tessera-http-bench serve [--port P]
           tessera-http-bench load --port P [--host H] [--connections N] [--warmup S] [--duration S] [--path /] [--body-bytes N] [--json]
    """

/// Says what is wrong with the command line and exits (status 2).
func usageError(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tessera-http-bench: \(message)\n\(usage)\n".utf8))
    exit(2)
}

struct Options {
    var mode = "minimal"
    var host = "127.0.0.1"
    var port: Int?
    var connections = [1, 16, 64]
    var warmUp = Duration.seconds(2)
    var duration = Duration.seconds(10)
    var path = "/"
    var bodyBytes = 0
    var json = false
}

func parse(_ arguments: [String]) -> Options {
    var options = Options()
    var rest = arguments[...]
    if let first = rest.first, !first.hasPrefix("-") {
        guard ["minimal", "serve", "load"].contains(first) else { usageError("unknown mode \(first)") }
        options.mode = first
        rest = rest.dropFirst()
    }
    func value(_ name: String) -> String {
        guard let value = rest.popFirst() else { usageError("\(name) needs a value") }
        return value
    }
    func number(_ name: String) -> Int {
        guard let number = Int(value(name)), number >= 0 else { usageError("\(name) needs a whole number") }
        return number
    }
    while let argument = rest.popFirst() {
        switch argument {
        case "--host": options.host = value(argument)
        case "--port": options.port = number(argument)
        case "--connections":
            options.connections = value(argument).split(separator: ",").map { Int($0) ?? 0 }
            guard options.connections.allSatisfy({ $0 > 0 }) else { usageError("--connections needs positive numbers") }
        case "--warmup": options.warmUp = .seconds(number(argument))
        case "--duration": options.duration = .seconds(number(argument))
        case "--path": options.path = value(argument)
        case "--body-bytes": options.bodyBytes = number(argument)
        case "--json": options.json = true
        case "--help", "-h":
            print(usage)
            exit(0)
        default: usageError("unknown argument \(argument)")
        }
    }
    return options
}

func load(_ options: Options, port: Int) async throws -> [LoadReport] {
    let body = [UInt8](repeating: UInt8(ascii: "x"), count: options.bodyBytes)
    let method = body.isEmpty ? "GET" : "POST"
    var reports: [LoadReport] = []
    for connections in options.connections {
        let configuration = LoadConfiguration(
            endpoint: HTTPEndpoint(host: options.host, port: port), connections: connections, warmUp: options.warmUp,
            duration: options.duration
        ) { _, _ in HTTPClientRequest(method: method, target: options.path, body: body) }
        let report = try await LoadGenerator.run(configuration)
        if !options.json { print(report.summary) }
        reports.append(report)
    }
    return reports
}

func printJSON(_ reports: [LoadReport]) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(reports), as: UTF8.self))
}

let options = parse(Array(CommandLine.arguments.dropFirst()))
switch options.mode {
case "serve":
    let server = try MinimalResponder.server(port: options.port ?? 8080)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        print("serving the minimal responder on \(try await server.boundAddress())")
        try await group.next()
    }
case "load":
    guard let port = options.port else { usageError("load needs --port") }
    let reports = try await load(options, port: port)
    if options.json { try printJSON(reports) }
default:
    let server = try MinimalResponder.server(port: 0)
    let reports = try await withThrowingTaskGroup(of: [LoadReport].self) { group in
        group.addTask {
            try await server.run()
            return []
        }
        let port = try await server.boundAddress().port
        if !options.json { print("minimal responder on 127.0.0.1:\(port), \(options.warmUp) warm-up, \(options.duration) measured per run") }
        let reports = try await load(options, port: port)
        group.cancelAll()
        return reports
    }
    if options.json { try printJSON(reports) }
}
