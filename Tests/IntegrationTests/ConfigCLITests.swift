import Foundation
import TestSupport
import Testing

/// `tessera config check` and `tessera config example` run as processes: output streams,
/// exit codes, and the environment overrides of the process that runs them.
@Suite struct ConfigCLITests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = TesseraProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TESSERA_") }.merging(environment) { $1 }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readToEndRetryingInterrupts()
        let errors = stderr.fileHandleForReading.readToEndRetryingInterrupts()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    @Test func checksAFileWithTheProcessEnvironment() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-config-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = folder.appendingPathComponent("session.keys").path
        try (Data(repeating: 1, count: 32).base64EncodedString() + "\n").write(toFile: keys, atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("node.toml").path
        try """
            [node]
            name = "n1"
            advertise_url = "http://127.0.0.1:236/soap"
            [[server]]
            name = "s1"
            database = "sqlite:\(folder.path)/s1.sqlite"
            blobs = "\(folder.path)/s1-blobs"
            [sessions]
            key_file = "\(keys)"
            [directory]
            backend = "unix"
            [directory.unix]
            default_domain = "example.test"
            """.write(toFile: file, atomically: true, encoding: .utf8)

        let ok = try Self.run(["config", "check", file])
        #expect(ok.status == 0, "\(ok.errors)")
        #expect(ok.output.hasPrefix("\(file): ok (node configuration)\n  node       n1, listening on 0.0.0.0:236"))
        #expect(ok.errors.isEmpty)

        let overridden = try Self.run(["config", "check", file], environment: ["TESSERA_NODE__LISTEN": "127.0.0.1:8236"])
        #expect(overridden.status == 0)
        #expect(overridden.output.contains("listening on 127.0.0.1:8236"))

        let bad = try Self.run(["config", "check", file], environment: ["TESSERA_NODE__LISTEN": "nowhere", "TESSERA_SESSIONS__LIFETIME": "\"8 hours\""])
        #expect(bad.status == 1)
        #expect(bad.output.isEmpty)
        #expect(bad.errors == """
            TESSERA_NODE__LISTEN: node.listen: "nowhere": expected HOST:PORT, e.g. 0.0.0.0:236
            TESSERA_SESSIONS__LIFETIME: sessions.lifetime: "8 hours" is not a duration: write seconds (30), or a number with a unit (250ms, 30s, 5m, 8h, 1d)
            \(file): 2 problems

            """)

        let router = try Self.run(["config", "check", "--role", "router", file])
        #expect(router.status == 1)
        #expect(router.errors.contains("\(file): router: missing required table [router]"))

        let missing = try Self.run(["config", "check", folder.appendingPathComponent("absent.toml").path])
        #expect(missing.status == 2)
    }

    @Test func printsTheExamples() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["node", "node-mariadb-ldap", "router"] {
            let example = try Self.run(["config", "example", name])
            #expect(example.status == 0)
            let file = try String(contentsOf: root.appendingPathComponent("deploy/config/\(name).example.toml"), encoding: .utf8)
            #expect(example.output == file)
        }
        #expect(try Self.run(["config", "example", "nodes"]).status != 0)
    }
}
