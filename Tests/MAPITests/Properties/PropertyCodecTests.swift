import MAPI
import Testing
import TestSupport

@Suite struct PropertyCodecTests {
    /// One or more values of every property type, including edge cases.
    static let samples: [PropertyValue] = [
        .short(-2), .short(.max), .long(.min), .long(42), .float(1.5), .float(.nan), .float(-0.0),
        .double(.pi), .double(.nan), .double(-.infinity), .currency(-123_4567), .appTime(45_000.25),
        .error(0x8004_010F), .boolean(true), .boolean(false), .i8(.min), .i8(.max),
        .string8(""), .string8("plain"), .unicode(""), .unicode("Grüße 😀 日本"),
        .sysTime(FileTime(rawValue: 133_000_000_000_000_000)), .sysTime(FileTime(rawValue: -1)),
        .clsid(.psetidCommon), .binary([]), .binary([0, 255, 1, 254]), .binary([UInt8](repeating: 7, count: 300)),
        .multiShort([]), .multiShort([1, -1]), .multiLong([7]), .multiFloat([.nan, 2]), .multiDouble([0.1, -0.0]),
        .multiCurrency([1, 2]), .multiAppTime([.infinity]), .multiI8([.max, .min]),
        .multiString8([]), .multiString8(["", "x"]), .multiUnicode(["ä", "", "€"]),
        .multiSysTime([FileTime(rawValue: 0)]), .multiClsid([.psMAPI, .psPublicStrings]),
        .multiBinary([]), .multiBinary([[], [1, 2, 3]]),
    ]

    @Test func samplesCoverEveryType() {
        #expect(Set(Self.samples.map(\.type)) == Set(PropertyType.allCases))
    }

    @Test(arguments: samples)
    func roundTripsEveryType(_ value: PropertyValue) throws {
        let set = PropertySet([Property(id: 0x1234, value: value)])
        let bytes = PropertyCodec.encode(set)
        let decoded = try PropertyCodec.decode(bytes)
        #expect(identical(decoded, set))
        #expect(decoded[id: 0x1234]?.type == value.type)
        #expect(bytes.count == PropertyCodec.encodedSize(of: set))
        #expect(bytes.count == 1 + 1 + 4 + PropertyCodec.encodedSize(of: value))
    }

    @Test func roundTripsAllSamplesInOneSet() throws {
        let set = PropertySet(Self.samples.enumerated().map { Property(id: UInt16($0.offset + 1), value: $0.element) })
        let decoded = try PropertyCodec.decode(PropertyCodec.encode(set))
        #expect(decoded.count == Self.samples.count)
        #expect(identical(decoded, set))
    }

    @Test func nonNaNValuesDecodeEqual() throws {
        let set = PropertySet([
            Property(id: 0x0037, value: .unicode("Hello")), Property(id: 0x0E07, value: .long(1)),
            Property(id: 0x8001, value: .multiUnicode(["a", "b"])),
        ])
        #expect(try PropertyCodec.decode(PropertyCodec.encode(set)) == set)
    }

    @Test func emptySet() throws {
        #expect(PropertyCodec.encode(PropertySet()) == [1, 0])
        #expect(try PropertyCodec.decode([1, 0] as [UInt8]).isEmpty)
    }

    @Test func formatIsPinned() {
        let set = PropertySet([
            Property(id: 0x0037, value: .unicode("Hi")),
            Property(id: 0x0E07, value: .long(0x0102_0304)),
            Property(id: 0x0E1B, value: .boolean(true)),
        ])
        #expect(
            PropertyCodec.encode(set) == [
                1, 3,
                0x1F, 0x00, 0x37, 0x00, 2, 0x48, 0x69,
                0x03, 0x00, 0x07, 0x0E, 0x04, 0x03, 0x02, 0x01,
                0x0B, 0x00, 0x1B, 0x0E, 1,
            ])
    }

    @Test func longLengthsUseMultiByteVarints() throws {
        let set = PropertySet([Property(id: 0x1000, value: .binary([UInt8](repeating: 9, count: 200)))])
        let bytes = PropertyCodec.encode(set)
        #expect(Array(bytes[6..<8]) == [0xC8, 0x01])  // 200 as LEB128
        #expect(try PropertyCodec.decode(bytes) == set)
    }

    @Test func decodesSlicesAndNonContiguousCollections() throws {
        let set = PropertySet([Property(id: 0x0037, value: .unicode("slice"))])
        let bytes = [0xAA] + PropertyCodec.encode(set) + [0xBB]
        #expect(try PropertyCodec.decode(bytes[1..<bytes.count - 1]) == set)
        #expect(try PropertyCodec.decode(bytes.dropFirst().dropLast().lazy.map { $0 }) == set)
    }

    @Test func randomSetsRoundTrip() throws {
        var g = SplitMix64(seed: 0x7E55E7A)
        for _ in 0..<500 {
            let set = RandomProperties.set(&g)
            let bytes = PropertyCodec.encode(set)
            #expect(bytes.count == PropertyCodec.encodedSize(of: set))
            let decoded = try PropertyCodec.decode(bytes)
            #expect(identical(decoded, set))
            #expect(decoded.properties.map(\.id) == set.properties.map(\.id))
        }
    }

    // MARK: - Hostile input

    static func corrupt(_ bytes: [UInt8]) -> Bool {
        do {
            _ = try PropertyCodec.decode(bytes)
            return false
        } catch {
            return error.code == .corruptData
        }
    }

    @Test func everyTruncationThrowsCorruptData() {
        let set = PropertySet(Self.samples.enumerated().map { Property(id: UInt16($0.offset + 1), value: $0.element) })
        let bytes = PropertyCodec.encode(set)
        for length in 0..<bytes.count {
            #expect(Self.corrupt(Array(bytes[..<length])), "prefix of \(length) bytes")
        }
    }

    @Test func trailingBytesThrow() {
        #expect(Self.corrupt([1, 0, 0]))
    }

    @Test func randomByteFlipsNeverCrash() throws {
        var g = SplitMix64(seed: 42)
        let set = PropertySet(Self.samples.enumerated().map { Property(id: UInt16($0.offset + 1), value: $0.element) })
        let valid = PropertyCodec.encode(set)
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
            }
            do {
                let decoded = try PropertyCodec.decode(bytes)
                // Whatever was accepted must be canonical: it re-encodes to the same bytes.
                #expect(PropertyCodec.encode(decoded) == bytes)
                accepted += 1
            } catch {
                #expect(error.code == .corruptData)
            }
        }
        #expect(accepted < 3000)
    }

    @Test func randomGarbageNeverCrashes() {
        var g = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            let bytes = [1] + (0..<Int.random(in: 0...64, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            if let decoded = try? PropertyCodec.decode(bytes) {
                #expect(PropertyCodec.encode(decoded) == bytes)
            }
        }
    }

    @Test func unknownVersion() { #expect(Self.corrupt([2, 0])) }

    @Test func forgedPropertyCount() {
        // 2^62 properties claimed by a 10-byte input.
        #expect(Self.corrupt([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]))
    }

    @Test func forgedStringLength() {
        #expect(Self.corrupt([1, 1, 0x1F, 0x00, 0x37, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x41]))
    }

    @Test func forgedBinaryLengthOneTooLong() {
        #expect(Self.corrupt([1, 1, 0x02, 0x01, 0x00, 0x10, 3, 0xAA, 0xBB]))
    }

    @Test func forgedMultiValueCount() {
        // PT_MV_I8 with 1000 elements but 16 bytes of data.
        #expect(Self.corrupt([1, 1, 0x14, 0x10, 0x00, 0x80, 0xE8, 0x07] + [UInt8](repeating: 0, count: 16)))
    }

    @Test func overlongVarint() {
        #expect(Self.corrupt([1] + [UInt8](repeating: 0x80, count: 10) + [0x01]))
        #expect(Self.corrupt([1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]))
    }

    @Test func unknownType() {
        #expect(Self.corrupt([1, 1, 0x0D, 0x00, 0x01, 0x37, 0]))  // PT_OBJECT
    }

    @Test func idsOutOfOrderOrDuplicated() {
        let one: [UInt8] = [0x03, 0x00, 0x07, 0x0E, 1, 0, 0, 0]
        let two: [UInt8] = [0x03, 0x00, 0x08, 0x0E, 2, 0, 0, 0]
        #expect(!Self.corrupt([1, 2] + one + two))
        #expect(Self.corrupt([1, 2] + two + one))
        #expect(Self.corrupt([1, 2] + one + one))
    }

    @Test func booleanOtherThanZeroOrOne() {
        #expect(!Self.corrupt([1, 1, 0x0B, 0x00, 0x1B, 0x0E, 1]))
        #expect(Self.corrupt([1, 1, 0x0B, 0x00, 0x1B, 0x0E, 2]))
    }

    @Test func invalidUTF8() {
        #expect(Self.corrupt([1, 1, 0x1F, 0x00, 0x37, 0x00, 1, 0xFF]))
        #expect(Self.corrupt([1, 1, 0x1F, 0x00, 0x37, 0x00, 3, 0xF0, 0x9F, 0x98]))  // truncated 4-byte sequence
        #expect(Self.corrupt([1, 1, 0x1F, 0x00, 0x37, 0x00, 2, 0xC0, 0x80]))  // overlong NUL
        #expect(!Self.corrupt([1, 1, 0x1F, 0x00, 0x37, 0x00, 3, 0xEF, 0xBF, 0xBD]))  // a real U+FFFD
    }

    @Test func encodedSizeOfValues() {
        #expect(PropertyCodec.encodedSize(of: .short(1)) == 2)
        #expect(PropertyCodec.encodedSize(of: .boolean(true)) == 1)
        #expect(PropertyCodec.encodedSize(of: .clsid(.psMAPI)) == 16)
        #expect(PropertyCodec.encodedSize(of: .unicode("ä")) == 3)
        #expect(PropertyCodec.encodedSize(of: .binary([UInt8](repeating: 0, count: 128))) == 130)
        #expect(PropertyCodec.encodedSize(of: .multiLong([1, 2])) == 9)
        #expect(PropertyCodec.encodedSize(of: .multiUnicode(["ab", ""])) == 5)
    }
}
