import Foundation

/// The population the Active Directory tests load into Samba: generated, so its size is a
/// parameter. Every tenth generated user has a password (AD derives several Kerberos keys per
/// password, about 20 ms each on Samba); the others are enabled accounts that need none
/// (`PASSWD_NOTREQD`), which keeps the load of 2,000 users well under a minute.
enum TestADData {
    static let generatedUsers = 2_000
    static let generatedGroups = 200
    /// Members of the large group `allstaff`, read with `member;range=…`.
    static let largeGroupMembers = 1_000
    static let servicePassword = "Svc!Acc0unt-2026"

    static func peopleBase(_ base: String) -> String { "OU=People,OU=Tessera,\(base)" }
    static func groupBase(_ base: String) -> String { "OU=Groups,OU=Tessera,\(base)" }
    static func serviceDN(_ base: String) -> String { "CN=svc-tessera,OU=Services,OU=Tessera,\(base)" }

    /// Login of generated user `n`.
    static func login(_ n: Int) -> String { "user" + pad(n, 4) }
    /// Password of generated user `n`, when `n` is a multiple of ten.
    /// (Letters for digits: AD refuses a password that contains a part of the display name,
    /// such as the `1230` of "User 1230".)
    static func password(_ n: Int) -> String {
        "Pw-" + String(String(n).unicodeScalars.map { Character(UnicodeScalar($0.value - 48 + 97)!) }) + "-Secret!"
    }
    /// Passwords of the named users.
    static let passwords = [
        "alice": "Al1ce!Passw0rd", "bob": "B0b!Passw0rd", "locky": "L0cky!Passw0rd", "expiry": "Exp1ry!Passw0rd",
    ]

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// AD's `unicodePwd`: the password in double quotes, UTF-16LE, base64 (for `unicodePwd::`).
    static func unicodePwd(_ password: String) -> String {
        var bytes: [UInt8] = []
        for unit in "\"\(password)\"".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        return Data(bytes).base64EncodedString()
    }

    /// Everything below the domain's base, as one LDIF for `ldapmodify -a`.
    static func ldif(base: String, upnSuffix: String) -> String {
        var out = ""
        func entry(_ lines: [String]) { out += lines.joined(separator: "\n") + "\n\n" }
        entry(["dn: OU=Tessera,\(base)", "objectClass: organizationalUnit", "ou: Tessera"])
        for ou in ["People", "Groups", "Services"] {
            entry(["dn: OU=\(ou),OU=Tessera,\(base)", "objectClass: organizationalUnit", "ou: \(ou)"])
        }
        func user(_ dn: String, _ login: String, _ displayName: String, password: String?, enabled: Bool = true, _ extra: [String] = []) {
            let control = password == nil ? 0x220 : (enabled ? 0x200 : 0x202)  // NORMAL_ACCOUNT, PASSWD_NOTREQD, ACCOUNTDISABLE
            entry([
                "dn: \(dn)", "objectClass: user", "sAMAccountName: \(login)", "userPrincipalName: \(login)@\(upnSuffix)",
                "displayName: \(displayName)",
            ] + (password.map { ["unicodePwd:: \(unicodePwd($0))"] } ?? []) + ["userAccountControl: \(control)"] + extra)
        }
        let people = peopleBase(base)
        user(serviceDN(base), "svc-tessera", "Tessera service", password: servicePassword)
        user("CN=Alice Liddell,\(people)", "alice", "Alice Liddell", password: passwords["alice"], [
            "mail: alice@\(upnSuffix)", "proxyAddresses: SMTP:alice@\(upnSuffix)", "proxyAddresses: smtp:alice.alias@\(upnSuffix)",
            "proxyAddresses: X400:c=US;a= ;p=Tessera;o=Test;s=Liddell;", "physicalDeliveryOfficeName: s1",
        ])
        user("CN=Bob Builder,\(people)", "bob", "Bob Builder", password: passwords["bob"], enabled: false, [
            "mail: bob@\(upnSuffix)", "physicalDeliveryOfficeName: s2",
        ])
        user("CN=Locky Lockout,\(people)", "locky", "Locky Lockout", password: passwords["locky"], ["mail: locky@\(upnSuffix)"])
        user("CN=Expiry Expired,\(people)", "expiry", "Expiry Expired", password: passwords["expiry"], ["mail: expiry@\(upnSuffix)"])
        user("CN=Changer,\(people)", "changer", "Changer", password: nil, ["physicalDeliveryOfficeName: s1"])
        user("CN=Renamee,\(people)", "renamee", "Renamee", password: nil)
        // Filter metacharacters in a login (AD forbids `*` in sAMAccountName): it must match itself only.
        user("CN=Weird Login,\(people)", "we)(i(rd", "Weird Login", password: "We1rd!Passw0rd")
        for n in 0..<generatedUsers {
            user("CN=User \(pad(n, 4)),\(people)", login(n), "User \(pad(n, 4))", password: n % 10 == 0 ? password(n) : nil, [
                "mail: \(login(n))@\(upnSuffix)", "physicalDeliveryOfficeName: s\(n % 3 + 1)",
            ])
        }
        let groups = groupBase(base)
        func groupDN(_ g: Int) -> String { "CN=group\(pad(g, 3)),\(groups)" }
        for g in 0..<generatedGroups {
            var members = (0..<10).map { "member: CN=User \(pad(g * 10 + $0, 4)),\(people)" }
            if g == 0 { members.append("member: CN=Alice Liddell,\(people)") }
            entry(["dn: \(groupDN(g))", "objectClass: group", "sAMAccountName: group\(pad(g, 3))", "mail: group\(pad(g, 3))@\(upnSuffix)"] + members)
        }
        entry(["dn: CN=allstaff,\(groups)", "objectClass: group", "sAMAccountName: allstaff"]
              + (0..<largeGroupMembers).map { "member: CN=User \(pad($0, 4)),\(people)" })
        // Nesting, after every group exists: group000 ⊃ group001 ⊃ group000 (a cycle), group002 ⊃ group003.
        for (outer, inner) in [(0, 1), (1, 0), (2, 3)] {
            entry(["dn: \(groupDN(outer))", "changetype: modify", "add: member", "member: \(groupDN(inner))", "-"])
        }
        // "User must change password at next logon": AD answers such binds with data 773.
        entry(["dn: CN=Expiry Expired,\(people)", "changetype: modify", "replace: pwdLastSet", "pwdLastSet: 0", "-"])
        return out
    }
}
