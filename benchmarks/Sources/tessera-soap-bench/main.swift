import Foundation
import HTTP

// tessera-soap-bench: the SOAP endpoint benchmark of benchmarks/README.md ("SOAP endpoint").
//
// run (the default), in one process and its children, the same machine state throughout:
//  1. a data directory: node configuration on SQLite, session keys, N users (sha512-crypt);
//  2. the node and the minimal responder in this process; user 0 logs on and fills a folder
//     with 10,000 items over CreateItem (not timed); then, at each connection count, the
//     responder, GetProps, QueryRows and CreateItem under the closed-loop load generator;
//  3. the same loads against the node and responder in a child process (`serve`);
//  4. memory: a fresh child node, idle, then N logons, N more of the same users, then one
//     request per session; twice (first logons create the users' stores; the second round's
//     find them).
// The markdown report goes to standard output (or to --output FILE), progress to standard error.

let options = Options(Array(CommandLine.arguments.dropFirst()))
switch options.mode {
case .serve:
    let files = NodeFiles(root: URL(fileURLWithPath: options.data!))
    _ = try await BenchServers.serve(files) { ports in
        try Data("\(ports.node) \(ports.responder)\n".utf8).write(to: files.portsFile, options: .atomic)
        try await Task.sleep(for: .seconds(86_400 * 365))   // until SIGTERM stops the node
    }
case .run:
    let files = try NodeFiles.create()
    defer { files.remove() }
    var report = Report(options: options)
    progress("seeding \(options.sessions) users (sha512-crypt)…")
    report.seedingSeconds = try await UserSeeding.seed(options.sessions, into: files)
    let suite = ThroughputSuite(connections: options.connections, warmUp: options.warmUp, duration: options.duration)
    progress("node in this process: filling a folder with \(options.items) items…")
    let prepared = try await BenchServers.serve(files) { ports in
        var configuration = HTTPClientConfiguration(endpoint: HTTPEndpoint(host: "127.0.0.1", port: ports.node))
        configuration.maximumConnections = 8
        let client = try HTTPClient(configuration: configuration)
        let (mailbox, fillSeconds) = try await BenchMailbox.prepare(SOAPCaller(client: client), items: options.items)
        await client.shutdown()
        let result = try await suite.run(
            placement: "Node and load generator in one process", cpuOf: "the whole process", pid: getpid(), ports: ports,
            mailbox: mailbox)
        return (mailbox, fillSeconds, result)
    }
    guard let prepared else { fatalError("the in-process node stopped before the loads ended") }
    let (mailbox, fillSeconds, inProcess) = prepared
    report.fillSeconds = fillSeconds
    report.throughput.append(inProcess)
    if options.split {
        progress("node in a child process…")
        let child = try await ChildNode.start(files)
        let result = try await suite.run(
            placement: "Node in a separate process", cpuOf: "the node's process", pid: child.process.processIdentifier,
            ports: child.ports, mailbox: mailbox)
        await child.stop()
        report.throughput.append(result)
    }
    if options.memory {
        progress("memory with \(options.sessions) sessions…")
        let check = MemoryCheck(files: files, sessions: options.sessions)
        report.memory.append(try await check.round("first logons (each creates the user's store)"))
        report.memory.append(try await check.round("logons again, fresh node (stores exist)"))
    }
    let markdown = report.markdown + "\n"
    if let output = options.output {
        try Data(markdown.utf8).write(to: URL(fileURLWithPath: output))
    } else {
        print(markdown, terminator: "")
    }
}
