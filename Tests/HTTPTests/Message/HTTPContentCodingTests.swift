import HTTP
import Testing

@Suite struct HTTPContentCodingTests {
    static let text = Array(String(repeating: "Tessera stores mail, calendars and contacts. ", count: 200).utf8)
    static let generous = HTTPDecompressionLimit(maximumBytes: 1 << 20, maximumRatio: 1_000)

    @Test(arguments: HTTPContentCoding.allCases) func roundTrips(_ coding: HTTPContentCoding) throws {
        let encoded = coding.encode(Self.text)
        #expect(encoded.count < Self.text.count / 10)
        let decoded = try coding.decode(encoded, limit: Self.generous)
        #expect(decoded.count == Self.text.count && decoded == Self.text)
        #expect(try coding.decode(coding.encode([]), limit: Self.generous) == [])
    }

    @Test func gzipHasItsMagicNumber() {
        #expect(HTTPContentCoding.gzip.encode(Self.text).prefix(2) == [0x1F, 0x8B])
    }

    @Test func bombsAndGarbageAreRefused() throws {
        let bomb = HTTPContentCoding.gzip.encode([UInt8](repeating: 0, count: 4 << 20))
        func code(_ limit: HTTPDecompressionLimit) -> HTTPDecodingError.Code? {
            do {
                _ = try HTTPContentCoding.gzip.decode(bomb, limit: limit)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(HTTPDecompressionLimit(maximumBytes: 1 << 20, maximumRatio: 10_000)) == .overLimit, "the absolute bound")
        #expect(code(HTTPDecompressionLimit(maximumBytes: 8 << 20, maximumRatio: 100)) == .overLimit, "the ratio, past 1 MiB")
        #expect(code(HTTPDecompressionLimit(maximumBytes: 8 << 20, maximumRatio: 100, ratioAppliesAbove: 4 << 20)) == nil)
        let small = HTTPContentCoding.gzip.encode([UInt8](repeating: 0, count: 100_000))
        #expect(try HTTPContentCoding.gzip.decode(small, limit: HTTPDecompressionLimit(maximumBytes: 1 << 20, maximumRatio: 10)).count == 100_000,
                "under the floor the ratio does not apply")
        #expect(throws: HTTPDecodingError.self) { try HTTPContentCoding.gzip.decode([1, 2, 3, 4, 5, 6, 7, 8], limit: Self.generous) }
        let truncated = Array(HTTPContentCoding.gzip.encode(Self.text).dropLast(8))
        #expect(throws: HTTPDecodingError.self) { try HTTPContentCoding.gzip.decode(truncated, limit: Self.generous) }
    }

    @Test func acceptEncodingNegotiation() {
        func preferred(_ header: String) -> HTTPContentCoding? {
            HTTPContentCoding.preferred(acceptEncoding: HTTPHeaderFields([("Accept-Encoding", header)]).elements("accept-encoding"))
        }
        #expect(preferred("gzip, deflate") == .gzip)
        #expect(preferred("deflate") == .deflate)
        #expect(preferred("gzip;q=0.5, deflate;q=0.8") == .deflate)
        #expect(preferred("gzip;q=0, identity") == nil)
        #expect(preferred("*") == .gzip)
        #expect(preferred("br") == nil)
        #expect(preferred("") == nil)
    }
}
