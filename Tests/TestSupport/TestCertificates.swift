import Foundation

/// A throwaway certificate authority and a server certificate it signed for `localhost` (no IP
/// address: NIOSSL would accept an IP address entry for any name when the connection goes to
/// it), made with the `openssl` command line tool in a temporary directory. The keys are P-256:
/// three RSA key generations per call were a CPU burst that the timing tests running beside
/// them felt.
public struct TestCertificates: Sendable {
    public let directory: URL
    public var caFile: String { directory.appendingPathComponent("ca.pem").path }
    public var serverChain: String { directory.appendingPathComponent("server.pem").path }
    public var serverKey: String { directory.appendingPathComponent("server-key.pem").path }
    /// A second authority that signed nothing here.
    public var otherCAFile: String { directory.appendingPathComponent("other-ca.pem").path }

    public static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-http-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            set -e
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj "/CN=Tessera Test CA" 2>/dev/null
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout other-ca-key.pem -out other-ca.pem -days 2 -subj "/CN=Other CA" 2>/dev/null
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server-key.pem -out server.csr -subj "/CN=localhost" 2>/dev/null
            printf 'subjectAltName=DNS:localhost\\nbasicConstraints=CA:FALSE\\nkeyUsage=digitalSignature\\nextendedKeyUsage=serverAuth\\n' > server.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CertificateError(status: process.terminationStatus) }
        return TestCertificates(directory: directory)
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }
}

public struct CertificateError: Error, CustomStringConvertible {
    public var status: Int32
    public var description: String { "openssl failed with status \(status) (is the openssl command installed?)" }
}
