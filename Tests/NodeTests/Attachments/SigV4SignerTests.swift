import Foundation
import Testing

@testable import Node

/// SigV4 against AWS's published vectors: the aws-sig-v4-test-suite (`get-vanilla` and
/// friends: credentials AKIDEXAMPLE, service `service`, 2015-08-30T12:36:00Z) and the S3 API
/// reference's "Signature Calculations for the Authorization Header: Transferring Payload in
/// a Single Chunk" examples (AKIAIOSFODNN7EXAMPLE, `s3`, 2013-05-24T00:00:00Z).
@Suite("SigV4Signer")
struct SigV4SignerTests {
    static let suite = SigV4Signer(
        accessKey: "AKIDEXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1", service: "service")
    static let suiteTime = SigV4Time(Date(timeIntervalSince1970: 1_440_938_160))  // 2015-08-30T12:36:00Z
    static let s3 = SigV4Signer(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
    static let s3Time = SigV4Time(Date(timeIntervalSince1970: 1_369_353_600))  // 2013-05-24T00:00:00Z
    static let empty = SigV4Signer.emptyPayloadHash

    static func suiteRequest(_ method: String, path: String = "/", query: [(name: String, value: String)] = []) -> SigV4Signer.Request {
        SigV4Signer.Request(
            method: method, path: path, query: query,
            headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")], payloadHash: empty)
    }

    @Test("times in SigV4's forms")
    func times() {
        #expect(Self.suiteTime.timestamp == "20150830T123600Z")
        #expect(Self.suiteTime.day == "20150830")
        #expect(Self.s3Time.timestamp == "20130524T000000Z")
        #expect(SigV4Time(Date(timeIntervalSince1970: 1_709_251_199)).timestamp == "20240229T235959Z")
    }

    @Test("get-vanilla: canonical request, string to sign, Authorization")
    func getVanilla() {
        let request = Self.suiteRequest("GET")
        let canonical = Self.suite.canonicalRequest(request)
        #expect(canonical == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(Self.empty)")
        #expect(
            Self.suite.stringToSign(canonicalRequest: canonical, time: Self.suiteTime)
                == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
        #expect(
            Self.suite.authorization(request, time: Self.suiteTime)
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test("post-vanilla, get-vanilla-query-order-key-case, get-vanilla-query-unreserved, get-utf8")
    func suiteVariants() {
        func signature(_ request: SigV4Signer.Request) -> String {
            String(Self.suite.authorization(request, time: Self.suiteTime).split(separator: "=").last!)
        }
        #expect(signature(Self.suiteRequest("POST")) == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
        let ordered = Self.suiteRequest("GET", query: [("Param2", "value2"), ("Param1", "value1")])
        #expect(Self.suite.canonicalRequest(ordered).split(separator: "\n")[2] == "Param1=value1&Param2=value2")
        #expect(
            Self.suite.stringToSign(canonicalRequest: Self.suite.canonicalRequest(ordered), time: Self.suiteTime).hasSuffix(
                "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0"))
        #expect(signature(ordered) == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
        let unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        #expect(
            signature(Self.suiteRequest("GET", query: [(unreserved, unreserved)]))
                == "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197")
        #expect(signature(Self.suiteRequest("GET", path: "/\u{1234}")) == "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")
    }

    @Test("S3 GET Object with Range: the documented example (f0e8bdb8…)")
    func s3GetObject() {
        let request = SigV4Signer.Request(
            method: "GET", path: "/test.txt",
            headers: [
                ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"), ("x-amz-content-sha256", Self.empty),
                ("x-amz-date", "20130524T000000Z"),
            ],
            payloadHash: Self.empty)
        let canonical = Self.s3.canonicalRequest(request)
        #expect(
            canonical
                == "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:\(Self.empty)\n"
                + "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n\(Self.empty)")
        let stringToSign = Self.s3.stringToSign(canonicalRequest: canonical, time: Self.s3Time)
        #expect(
            stringToSign
                == "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                + "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972")
        #expect(Self.s3.signature(stringToSign: stringToSign, time: Self.s3Time) == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(
            Self.s3.authorization(request, time: Self.s3Time)
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("S3 PUT Object (a $ in the key), GET lifecycle and ListObjects: the documented examples")
    func s3OtherExamples() {
        let body = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"  // "Welcome to Amazon S3."
        #expect(SigV4Signer.hex(SHA256Digest.of(Array("Welcome to Amazon S3.".utf8))) == body)
        let put = SigV4Signer.Request(
            method: "PUT", path: "/test$file.text",
            headers: [
                ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("Host", "examplebucket.s3.amazonaws.com"), ("x-amz-date", "20130524T000000Z"),
                ("x-amz-storage-class", "REDUCED_REDUNDANCY"), ("x-amz-content-sha256", body),
            ],
            payloadHash: body)
        #expect(Self.s3.canonicalRequest(put).split(separator: "\n")[1] == "/test%24file.text")
        #expect(
            Self.s3.stringToSign(canonicalRequest: Self.s3.canonicalRequest(put), time: Self.s3Time).hasSuffix(
                "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d"))
        #expect(Self.s3.authorization(put, time: Self.s3Time).hasSuffix("Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"))

        let headers: [(name: String, value: String)] = [
            ("Host", "examplebucket.s3.amazonaws.com"), ("x-amz-date", "20130524T000000Z"), ("x-amz-content-sha256", Self.empty),
        ]
        let lifecycle = SigV4Signer.Request(method: "GET", path: "/", query: [("lifecycle", "")], headers: headers, payloadHash: Self.empty)
        #expect(Self.s3.canonicalRequest(lifecycle).split(separator: "\n")[2] == "lifecycle=")
        #expect(Self.s3.authorization(lifecycle, time: Self.s3Time).hasSuffix("Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"))
        let list = SigV4Signer.Request(
            method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: headers, payloadHash: Self.empty)
        #expect(Self.s3.authorization(list, time: Self.s3Time).hasSuffix("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"))
    }

    @Test("canonical forms: encoding, header values, signed header names")
    func canonicalForms() {
        #expect(SigV4Signer.encode("a b/c~d*", keepSlash: true) == "a%20b/c~d%2A")
        #expect(SigV4Signer.encode("a b/c", keepSlash: false) == "a%20b%2Fc")
        #expect(SigV4Signer.encode("ü", keepSlash: false) == "%C3%BC")
        #expect(SigV4Signer.canonicalQuery([("b", "2"), ("a", "x y"), ("a", "1")]) == "a=1&a=x%20y&b=2")
        #expect(SigV4Signer.canonicalHeaders([("My-Header", "  a   b  "), ("my-header", "c")]) == "my-header:a b,c\n")
        #expect(SigV4Signer.signedHeaders([("X-Amz-Date", ""), ("Host", ""), ("host", "")]) == "host;x-amz-date")
    }

    @Test("the secret key is never printed")
    func secretRedacted() {
        let printed = "\(Self.s3) \(String(reflecting: Self.s3))"
        var dumped = ""
        dump(Self.s3, to: &dumped)
        #expect(!printed.contains("bPxRfiCY") && !dumped.contains("bPxRfiCY"))
        #expect(printed.contains("AKIAIOSFODNN7EXAMPLE"))
    }
}
