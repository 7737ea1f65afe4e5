@testable import Config
import Testing

/// The small value formats: host:port, durations, sizes, key files.
@Suite struct ValueTextTests {
    @Test func hostPorts() throws {
        #expect(try HostPort(parsing: "0.0.0.0:236") == HostPort(host: "0.0.0.0", port: 236))
        #expect(try HostPort(parsing: "node1.example.com:8443") == HostPort(host: "node1.example.com", port: 8443))
        #expect(try HostPort(parsing: "[::1]:236").description == "[::1]:236")
        #expect(try HostPort(parsing: "[::]:0").isWildcard)
        for bad in ["236", ":236", "host:", "host:65536", "::1:236", "[::1]236", "ho st:1", "host:-1", "host:+1"] {
            #expect(throws: HostPortError.self, "\(bad)") { try HostPort(parsing: bad) }
        }
    }

    @Test func durations() {
        #expect(QuantityText.seconds("30s") == 30)
        #expect(QuantityText.seconds("5m") == 300)
        #expect(QuantityText.seconds("1h30m") == 5_400)
        #expect(QuantityText.seconds("250ms") == 0.25)
        #expect(QuantityText.seconds("1.5s") == 1.5)
        #expect(QuantityText.seconds("2d") == 172_800)
        #expect(QuantityText.seconds("1 h") == 3_600)
        for bad in ["", "30", "s", "5x", "1h-", "h1", "1.2.3s"] { #expect(QuantityText.seconds(bad) == nil, "\(bad)") }
        #expect(QuantityText.describe(seconds: 28_800) == "8h")
        #expect(QuantityText.describe(seconds: 0.25) == "250ms")
        #expect(QuantityText.describe(seconds: 90) == "90s")
    }

    @Test func sizes() {
        #expect(QuantityText.bytes("4 MiB") == 4 << 20)
        #expect(QuantityText.bytes("16KiB") == 16 << 10)
        #expect(QuantityText.bytes("10 MB") == 10_000_000)
        #expect(QuantityText.bytes("512 B") == 512)
        #expect(QuantityText.bytes("1_024 kib") == 1 << 20)
        for bad in ["", "4", "MiB", "4 XB", "-4 MiB", "99999999999999 GiB"] { #expect(QuantityText.bytes(bad) == nil, "\(bad)") }
    }

    @Test func keyFiles() throws {
        let key = String(repeating: "A", count: 43) + "="
        let file = try KeyFile(path: "/k", text: "# comment\n\n  \(key)  \r\n\(key)\n", lengths: .oneOf([16, 24, 32]))
        #expect(file.keys.count == 2)
        #expect(file.description == "2 keys from /k")
        #expect(!"\(file.keys)".contains(key))
        #expect(KeyFile.Lengths.oneOf([16, 24, 32]).description == "16, 24 or 32 bytes")
        #expect(throws: KeyFileError.self) { try KeyFile(path: "/k", text: key, lengths: .atLeast(33)) }
    }

    @Test func suggestions() {
        #expect(KeySuggestion.closest(to: "lisen", among: ["listen", "name"]) == "listen")
        #expect(KeySuggestion.closest(to: "ADVERTISE_URL", among: ["advertise_url"]) == "advertise_url")
        #expect(KeySuggestion.closest(to: "zzz", among: ["listen", "name"]) == nil)
    }
}
