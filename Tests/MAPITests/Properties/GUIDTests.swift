import MAPI
import Testing

@Suite struct GUIDTests {
    @Test func textRoundTrip() throws {
        let text = "6ED8DA90-450B-101B-98DA-00AA003F1305"
        let guid = try #require(GUID(text))
        #expect(guid.description == text)
        #expect(guid.bytes == [0x90, 0xDA, 0xD8, 0x6E, 0x0B, 0x45, 0x1B, 0x10, 0x98, 0xDA, 0x00, 0xAA, 0x00, 0x3F, 0x13, 0x05])
        #expect(GUID("{6ed8da90-450b-101b-98da-00aa003f1305}") == guid)
    }

    @Test func invalidText() {
        #expect(GUID("") == nil)
        #expect(GUID("6ED8DA90-450B-101B-98DA-00AA003F130") == nil)
        #expect(GUID("6ED8DA90-450B-101B-98DA-00AA003F13XX") == nil)
        #expect(GUID(bytes: [UInt8](repeating: 0, count: 15)) == nil)
    }

    @Test func randomIsSeededAndVersion4() {
        var a = SplitMix64(seed: 1)
        var b = SplitMix64(seed: 1)
        let x = GUID.random(using: &a)
        #expect(x == GUID.random(using: &b))
        #expect(x.description.dropFirst(14).first == "4")
        #expect(GUID(x.description) == x)
    }

    @Test func orderIsByStoredBytes() {
        #expect(GUID(bytes: [0] + [UInt8](repeating: 9, count: 15))! < GUID(bytes: [1] + [UInt8](repeating: 0, count: 15))!)
    }
}
