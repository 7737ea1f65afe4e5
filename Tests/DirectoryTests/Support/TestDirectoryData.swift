import Foundation
import TestSupport

/// The population the LDAP integration tests load: generated, so its size is a parameter.
enum TestDirectoryData {
    static let base = TestSlapd.base
    static let generatedUsers = 2_000
    static let generatedGroups = 200
    static let peopleBase = "ou=people,\(base)"
    static let groupBase = "ou=groups,\(base)"
    static let serverBase = "ou=servers,\(base)"
    static let kopanoBase = "ou=kopano,\(base)"

    /// The password of generated user `n`.
    static func password(_ n: Int) -> String { "pw-\(n)-secret" }
    /// The login of generated user `n`.
    static func login(_ n: Int) -> String { "user" + String(format4(n)) }

    private static func format4(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// Everything below the base entry, as one LDIF.
    static func ldif() -> String {
        var out = ""
        func entry(_ lines: [String]) { out += lines.joined(separator: "\n") + "\n\n" }
        for ou in ["people", "groups", "servers"] {
            entry(["dn: ou=\(ou),\(base)", "objectClass: organizationalUnit", "ou: \(ou)"])
        }
        func person(_ uid: String, _ cn: String, _ password: String, _ extra: [String]) {
            entry([
                "dn: uid=\(uid),\(peopleBase)", "objectClass: inetOrgPerson", "objectClass: tesseraUser",
                "uid: \(uid)", "cn: \(cn)", "sn: \(cn.split(separator: " ").last ?? "x")", "userPassword: \(password)",
            ] + extra)
        }
        person("alice", "Alice Example", "alicepw", [
            "mail: alice@example.test", "tesseraAlias: alice.alias@example.test", "tesseraAlias: a@example.test",
            "tesseraHomeServer: s1", "tesseraAccountEnabled: TRUE",
        ])
        person("bob", "Bob Example", "bobpw", ["mail: bob@example.test", "tesseraHomeServer: s2", "tesseraAccountEnabled: FALSE"])
        person("carol", "Carol Shared", "carolpw", ["mail: carol@example.test", "tesseraHomeServer: s1", "tesseraSharedStore: TRUE"])
        person("dave", "Dave Admin", "davepw", [
            "mail: dave@example.test", "tesseraHomeServer: s3", "tesseraAdmin: 2", "tesseraQuotaOverride: TRUE",
            "tesseraQuotaWarn: 1000", "tesseraQuotaSoft: 2000", "tesseraQuotaHard: 3000",
        ])
        // A login made of filter metacharacters: it must match itself and nothing else.
        person("we*rd)(uid=*", "Weird Login", "weirdpw", ["mail: weird@example.test"])
        for n in 0..<generatedUsers {
            person(login(n), "User \(format4(n))", password(n), [
                "mail: \(login(n))@example.test", "tesseraAlias: alias\(format4(n))@alias.test", "tesseraHomeServer: s\(n % 3 + 1)",
            ])
        }
        for g in 0..<generatedGroups {
            var members = (0..<10).map { "member: uid=\(login(g * 10 + $0)),\(peopleBase)" }
            if g == 0 { members.append("member: cn=group001,\(groupBase)") }
            if g == 1 { members.append("member: cn=group000,\(groupBase)") }  // a cycle
            if g == 2 { members.append("member: cn=group003,\(groupBase)") }
            if g == 0 { members.append("member: uid=alice,\(peopleBase)") }
            entry(["dn: cn=group\(format3(g)),\(groupBase)", "objectClass: groupOfNames", "objectClass: tesseraGroup", "cn: group\(format3(g))", "mail: group\(format3(g))@example.test"] + members)
        }
        for s in 1...3 {
            entry([
                "dn: cn=s\(s),\(serverBase)", "objectClass: tesseraServer", "cn: s\(s)", "tesseraServerAddress: node\(s).example.test",
                "tesseraHttpPort: 236", "tesseraSslPort: 237", "tesseraContainsPublic: \(s == 1 ? "TRUE" : "FALSE")",
            ])
        }
        out += kopanoTree()
        return out
    }

    private static func format3(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }

    /// A small tree as Kopano's LDAP plugin expects it: company, users, group, servers.
    private static func kopanoTree() -> String {
        let company = "ou=acme,\(kopanoBase)"
        var out = ""
        func entry(_ lines: [String]) { out += lines.joined(separator: "\n") + "\n\n" }
        entry(["dn: \(kopanoBase)", "objectClass: organizationalUnit", "ou: kopano"])
        entry(["dn: \(company)", "objectClass: organizationalUnit", "objectClass: kopano-company", "ou: acme", "kopanoCompanyServer: k1"])
        func user(_ uid: String, _ number: Int, _ extra: [String]) {
            entry([
                "dn: uid=\(uid),\(company)", "objectClass: inetOrgPerson", "objectClass: posixAccount", "objectClass: kopano-user",
                "uid: \(uid)", "cn: \(uid.capitalized)", "sn: \(uid)", "uidNumber: \(number)", "gidNumber: 6000",
                "homeDirectory: /home/\(uid)", "userPassword: \(uid)pw", "mail: \(uid)@acme.test",
            ] + extra)
        }
        user("kuser1", 5001, [
            "kopanoAccount: 1", "kopanoAdmin: 1", "kopanoUserServer: k1", "kopanoAliases: k1alias@acme.test",
            "kopanoQuotaOverride: 1", "kopanoQuotaWarn: 100", "kopanoQuotaSoft: 200", "kopanoQuotaHard: 300",
        ])
        user("kuser2", 5002, ["kopanoAccount: 0", "kopanoUserServer: k2"])
        user("kshared", 5003, ["kopanoAccount: 1", "kopanoSharedStoreOnly: 1", "kopanoUserServer: k2"])
        entry([
            "dn: cn=kgroup,\(company)", "objectClass: posixGroup", "objectClass: kopano-group", "cn: kgroup", "gidNumber: 6001",
            "memberUid: kuser1", "memberUid: kuser2",
        ])
        for (name, isPublic) in [("k1", 1), ("k2", 0)] {
            entry([
                "dn: cn=\(name),\(kopanoBase)", "objectClass: device", "objectClass: ipHost", "objectClass: kopano-server",
                "cn: \(name)", "ipHostNumber: 127.0.0.\(name == "k1" ? 1 : 2)", "kopanoHttpPort: 236", "kopanoSslPort: 237",
                "kopanoFilePath: /run/kopano/server.sock", "kopanoContainsPublic: \(isPublic)",
            ])
        }
        return out
    }
}
