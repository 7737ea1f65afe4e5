import Testing
@testable import Directory

@Suite struct ActiveDirectoryTests {
    @Test func objectGUIDRoundTrips() {
        let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10]
        #expect(ObjectGUID.string(from: bytes) == "04030201-0605-0807-090a-0b0c0d0e0f10")
        #expect(ObjectGUID.bytes(from: "04030201-0605-0807-090A-0B0C0D0E0F10") == bytes)
        #expect(ObjectGUID.string(from: [1, 2]) == nil)
        #expect(ObjectGUID.bytes(from: "*") == nil)
        #expect(ObjectGUID.bytes(from: "04030201-0605-0807-090a-0b0c0d0e0fzz") == nil)
    }

    @Test func bindDiagnosticsMapToDistinctResults() {
        let text = "80090308: LdapErr: DSID-0C09042A, comment: AcceptSecurityContext error, data %@, v4563"
        func result(_ code: String) -> AuthenticationResult? {
            ADBindDiagnostic(diagnostic: text.replacingOccurrences(of: "%@", with: code))?.result
        }
        #expect(result("52e") == .wrongPassword)
        #expect(result("525") == .unknownUser)
        #expect(result("533") == .inactive(.disabled))
        #expect(result("775") == .inactive(.locked))
        #expect(result("532") == .inactive(.expired))
        #expect(result("701") == .inactive(.expired))
        #expect(result("999") == nil)
        #expect(ADBindDiagnostic(diagnostic: "") == nil)
    }

    @Test func userAccountControlBits() {
        #expect(UserAccountControl(rawValue: 0x200).inactiveReason == nil)
        #expect(UserAccountControl(rawValue: 0x202).inactiveReason == .disabled)
        #expect(UserAccountControl(rawValue: 0x210).inactiveReason == .locked)
        #expect(UserAccountControl(rawValue: 0x80_0200).inactiveReason == .expired)
    }
}

import Foundation
