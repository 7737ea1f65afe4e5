import Foundation

/// A throwaway OpenLDAP server for the integration tests, in the manner of
/// `../shared/scripts/slapd-throwaway.sh`: its own directory, free loopback ports, a self-signed
/// CA with a server certificate for 127.0.0.1/localhost, listeners for ldap://, ldaps:// (also on
/// 127.0.0.2, whose address the certificate does not name) and ldapi://, data bulk-loaded with
/// one `slapadd` before the start. A watchdog shell kills slapd and removes the directory if
/// the test process dies. Tests that need it fail, with the reason, when slapd cannot run.
public final class TestSlapd: @unchecked Sendable {
    // @unchecked: `pid` is only touched by start/stop, which the tests call sequentially.
    public static let base = "dc=example,dc=test"
    public static let adminDN = "cn=admin,dc=example,dc=test"
    public static let adminPassword = "adminpw"
    public static let serviceDN = "cn=tessera,ou=services,dc=example,dc=test"
    public static let servicePassword = "service secret"
    /// Server size limit; paged searches may return more in total.
    public static let sizeLimit = 500

    public let directory: String
    public let port: Int
    public let tlsPort: Int
    /// Whether the ppolicy overlay runs (it maintains `pwdChangedTime`).
    public let passwordPolicy: Bool
    private var pid: pid_t = 0

    public var uri: String { "ldap://127.0.0.1:\(port)" }
    public var ldapsURI: String { "ldaps://127.0.0.1:\(tlsPort)" }
    /// Serves the right certificate under an address it does not name.
    public var ldapsWrongHostURI: String { "ldaps://127.0.0.2:\(tlsPort)" }
    public var ldapiURI: String { "ldapi://" + "\(directory)/ldapi".replacingOccurrences(of: "/", with: "%2F") }
    public var caFile: String { "\(directory)/ca.crt" }

    /// A population of one: `ou=people` with the `inetOrgPerson` user `login` (`cn` the login
    /// capitalised, password `password`), for tests that need a server of their own.
    public static func oneUser(_ login: String, password: String) -> String {
        """
        dn: ou=people,\(base)
        objectClass: organizationalUnit
        ou: people

        dn: uid=\(login),ou=people,\(base)
        objectClass: inetOrgPerson
        uid: \(login)
        cn: \(login.capitalized)
        sn: \(login.prefix(1).uppercased())
        userPassword: \(password)


        """
    }

    /// Starts a server loaded with `ldif` (the base entries are added in front); with
    /// `passwordPolicy` the ppolicy overlay (Debian's `ppolicy` module, no default policy) keeps
    /// `pwdChangedTime` on password changes.
    public init(ldif: String, passwordPolicy: Bool = false) throws {
        self.passwordPolicy = passwordPolicy
        guard let slapd = Shell.find("slapd"), Shell.find("slapadd") != nil, Shell.find("openssl") != nil else {
            throw Shell.Failure(description: "slapd/slapadd/openssl not found: apt-get install slapd ldap-utils openssl (the LDAP integration tests need a real slapd)")
        }
        _ = slapd
        var template = Array("/tmp/tessera-slapd.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Shell.Failure(description: "mkdtemp failed") }
        directory = String(cString: made)
        port = Shell.freePort()
        var tls = Shell.freePort()
        while tls == port { tls = Shell.freePort() }
        tlsPort = tls
        try FileManager.default.createDirectory(atPath: "\(directory)/db", withIntermediateDirectories: true)
        try startWatchdog()
        try makeCertificates()
        try writeConfiguration()
        try (Self.baseLDIF + ldif).write(toFile: "\(directory)/data.ldif", atomically: true, encoding: .utf8)
        try Shell.run(Shell.find("slapadd")!, ["-q", "-f", "\(directory)/slapd.conf", "-l", "\(directory)/data.ldif"])
        try start()
    }

    deinit { stop(); try? FileManager.default.removeItem(atPath: directory) }

    /// Starts slapd (again) on the same ports and data.
    public func start() throws {
        let socket = "\(directory)/ldapi".replacingOccurrences(of: "/", with: "%2F")
        pid = try Shell.spawn(Shell.find("slapd")!, [
            "-d", "0", "-f", "\(directory)/slapd.conf", "-h",
            "ldap://127.0.0.1:\(port)/ ldaps://127.0.0.1:\(tlsPort)/ ldaps://127.0.0.2:\(tlsPort)/ ldapi://\(socket)",
        ], log: "\(directory)/slapd.log")
        for _ in 0..<200 {
            if Shell.isListening(port) { return }
            if kill(pid, 0) != 0 { break }
            usleep(25_000)
        }
        let text = (try? String(contentsOfFile: "\(directory)/slapd.log", encoding: .utf8)) ?? ""
        throw Shell.Failure(description: "slapd did not start: \(text)")
    }

    /// Stops slapd (SIGTERM) and waits until it is gone and its port is closed.
    public func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        pid = 0
        for _ in 0..<100 where Shell.isListening(port) { usleep(20_000) }
    }

    /// Applies an LDIF change set as the admin over ldapi:// (one `ldapmodify` process).
    public func modify(_ ldif: String) throws {
        try Shell.run(Shell.find("ldapmodify")!, ["-Q", "-Y", "EXTERNAL", "-H", ldapiURI], input: ldif)
    }

    private func startWatchdog() throws {
        let script = """
            while kill -0 \(getpid()) 2>/dev/null && [ -d '\(directory)' ]; do sleep 1; done
            [ -f '\(directory)/slapd.pid' ] && kill $(cat '\(directory)/slapd.pid') 2>/dev/null
            rm -rf '\(directory)'
            """
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = ["-c", script]
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try watchdog.run()
    }

    private func makeCertificates() throws {
        let d = directory
        let openssl = Shell.find("openssl")!
        try Shell.run(openssl, [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=tessera test CA",
            "-keyout", "\(d)/ca.key", "-out", "\(d)/ca.crt",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try Shell.run(openssl, ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "\(d)/server.key", "-out", "\(d)/server.csr"])
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".write(toFile: "\(d)/ext.cnf", atomically: true, encoding: .utf8)
        try Shell.run(openssl, [
            "x509", "-req", "-in", "\(d)/server.csr", "-CA", "\(d)/ca.crt", "-CAkey", "\(d)/ca.key", "-CAcreateserial",
            "-days", "2", "-extfile", "\(d)/ext.cnf", "-out", "\(d)/server.crt",
        ])
    }

    private func writeConfiguration() throws {
        let d = directory
        // Tests/TestSupport/TestSlapd.swift → the repository.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let rootHash = try Shell.run(Shell.find("slappasswd")!, ["-s", Self.adminPassword]).trimmingCharacters(in: .whitespacesAndNewlines)
        let config = """
            include      /etc/ldap/schema/core.schema
            include      /etc/ldap/schema/cosine.schema
            include      /etc/ldap/schema/nis.schema
            include      /etc/ldap/schema/inetorgperson.schema
            include      \(repository.path)/deploy/ldap/tessera.schema
            include      \(repository.path)/Tests/DirectoryTests/Fixtures/kopano-test.schema
            modulepath   /usr/lib/ldap
            moduleload   back_mdb
            \(passwordPolicy ? "moduleload   ppolicy" : "")
            pidfile      \(d)/slapd.pid
            argsfile     \(d)/slapd.args
            TLSCACertificateFile \(d)/ca.crt
            TLSCertificateFile \(d)/server.crt
            TLSCertificateKeyFile \(d)/server.key
            authz-regexp "gidNumber=0\\\\+uidNumber=0,cn=peercred,cn=external,cn=auth" "\(Self.adminDN)"
            sizelimit    size.soft=\(Self.sizeLimit) size.hard=\(Self.sizeLimit) size.prtotal=unlimited
            database     mdb
            maxsize      104857600
            suffix       "\(Self.base)"
            rootdn       "\(Self.adminDN)"
            rootpw       \(rootHash)
            directory    \(d)/db
            index        objectClass eq
            index        uid,mail,tesseraAlias,kopanoAliases,member,memberUid,entryUUID,uidNumber,gidNumber,cn eq
            \(passwordPolicy ? "overlay      ppolicy" : "")
            access to attrs=userPassword by self write by anonymous auth by * none
            access to * by * read

            """
        try config.write(toFile: "\(d)/slapd.conf", atomically: true, encoding: .utf8)
    }

    private static let baseLDIF = """
        dn: \(base)
        objectClass: top
        objectClass: dcObject
        objectClass: organization
        o: Example Test
        dc: example

        dn: ou=services,\(base)
        objectClass: organizationalUnit
        ou: services

        dn: \(serviceDN)
        objectClass: organizationalRole
        objectClass: simpleSecurityObject
        cn: tessera
        userPassword: \(servicePassword)


        """
}
