import TestSupport
import Foundation

/// A throwaway Samba Active Directory domain controller for the `ad` preset's integration tests.
///
/// `scripts/samba-ad-dc.sh --owner PID` provisions a fresh domain in /tmp, starts `samba` on a
/// spare loopback address 127.0.0.N (AD's LDAP ports are fixed at 389/636) with a certificate
/// from its own CA, and leaves a watchdog that stops the DC and removes its files when this test
/// process is gone. The set-up then loads the population of ``TestADData`` with one
/// `ldapmodify` over LDAPS (AD sets passwords only over an encrypted connection). Tests that
/// need the DC fail, with the script's reason, when it cannot be provisioned (not root, Samba
/// not installed: `make test-deps`).
final class TestSambaAD: Sendable {
    let uri: String
    let ldapsURI: String
    let host: String
    let base: String
    let upnSuffix: String
    let domain: String
    let adminDN: String
    let adminPassword: String
    let caFile: String
    let wrongCAFile: String
    let smbConf: String
    /// Seconds the provisioning and the load took (printed, to watch the set-up's cost).
    let provisionSeconds: Double
    let loadSeconds: Double

    /// The shared DC, provisioned and loaded once per test process.
    static let shared: Result<TestSambaAD, any Error> = Result { try TestSambaAD() }

    /// The shared DC, or a failure that says why it could not be provisioned.
    static func sharedServer() throws -> TestSambaAD { try shared.get() }

    private init() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let script = repository.appendingPathComponent("scripts/samba-ad-dc.sh").path
        let started = Date()
        let output: String
        do {
            output = try Shell.run("/bin/bash", [script, "--owner", String(getpid())])
        } catch {
            throw Shell.Failure(description: "cannot provision the Samba AD DC the `ad` preset's tests need: \(error)")
        }
        provisionSeconds = Date().timeIntervalSince(started)
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        func value(_ key: String) throws -> String {
            guard let value = values[key], !value.isEmpty else {
                throw Shell.Failure(description: "scripts/samba-ad-dc.sh did not report \(key): \(output)")
            }
            return value
        }
        uri = try value("AD_URI")
        ldapsURI = try value("AD_LDAPS_URI")
        host = try value("AD_HOST")
        base = try value("AD_BASE")
        upnSuffix = try value("AD_UPN_SUFFIX")
        domain = try value("AD_DOMAIN")
        adminDN = try value("AD_ADMIN_DN")
        adminPassword = try value("AD_ADMIN_PW")
        caFile = try value("AD_CA_CERT")
        wrongCAFile = try value("AD_WRONG_CA_CERT")
        smbConf = try value("AD_SMB_CONF")

        let loading = Date()
        // Lockout after 5 bad passwords, so that AD's "locked" (data 775) can be shown.
        try Shell.run(Shell.find("samba-tool")!, [
            "domain", "passwordsettings", "set", "--configfile=\(smbConf)", "--account-lockout-threshold=5",
            "--account-lockout-duration=30", "--reset-account-lockout-after=30",
        ])
        try Self.modify(TestADData.ldif(base: base, upnSuffix: upnSuffix), uri: ldapsURI, adminDN: adminDN, adminPassword: adminPassword, caFile: caFile)
        let loaded = Date().timeIntervalSince(loading)
        loadSeconds = loaded
        print("Samba AD DC at \(uri): provisioned in \(Int(provisionSeconds)) s, \(TestADData.generatedUsers) users and \(TestADData.generatedGroups) groups loaded in \(Int(loaded)) s")
    }

    /// Applies an LDIF (adds, and modify/modrdn records) as the domain administrator over LDAPS.
    func modify(_ ldif: String) throws {
        try Self.modify(ldif, uri: ldapsURI, adminDN: adminDN, adminPassword: adminPassword, caFile: caFile)
    }

    private static func modify(_ ldif: String, uri: String, adminDN: String, adminPassword: String, caFile: String) throws {
        // From a file: ldapmodify reports each entry on stdout, and a long LDIF on stdin would
        // wait for us to read that while we wait for it to take the input.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-ad-\(UUID().uuidString).ldif").path
        try ldif.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Shell.run(Shell.find("ldapmodify")!, ["-a", "-x", "-H", uri, "-D", adminDN, "-w", adminPassword, "-f", file],
                      environment: ["LDAPTLS_CACERT": caFile, "LDAPTLS_REQCERT": "demand"])
    }

    /// `ldapsearch` as the administrator; the LDIF it prints (`-LLL`).
    func search(base: String, scope: String = "sub", filter: String, attributes: [String]) throws -> String {
        try Shell.run(Shell.find("ldapsearch")!, ["-x", "-LLL", "-o", "ldif-wrap=no", "-H", uri, "-D", adminDN, "-w", adminPassword,
                                                   "-b", base, "-s", scope, filter] + attributes)
    }
}
