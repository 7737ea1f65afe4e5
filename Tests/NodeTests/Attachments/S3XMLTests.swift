import Testing

@testable import Node

@Suite("S3XML")
struct S3XMLTests {
    @Test("a ListObjectsV2 page: keys, sizes, truncation and the continuation token")
    func listing() {
        let page = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>tessera</Name><Prefix>s1/objects/</Prefix>\
            <KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>\
            <Contents><Key>s1/objects/ab/cd/a&amp;b</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><Size>12</Size></Contents>\
            <Contents><Key>s1/objects/x</Key><Size>0</Size></Contents>\
            <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>
            """
        let contents = S3XML.elements("Contents", in: page)
        #expect(contents.count == 2)
        #expect(S3XML.value("Key", in: String(contents[0])) == "s1/objects/ab/cd/a&b")
        #expect(contents.compactMap { S3XML.value("Size", in: String($0)) } == ["12", "0"])
        #expect(S3XML.value("IsTruncated", in: page) == "true")
        #expect(S3XML.value("NextContinuationToken", in: page) == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test("an error body, entities and escaping")
    func errors() {
        let body = "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist &lt;x&gt; &#65;&#x42; &bogus;</Message></Error>"
        #expect(S3XML.value("Code", in: body) == "NoSuchBucket")
        #expect(S3XML.value("Message", in: body) == "The specified bucket does not exist <x> AB &bogus;")
        #expect(S3XML.value("UploadId", in: body) == nil)
        #expect(S3XML.escape("\"a\"&<b>") == "&quot;a&quot;&amp;&lt;b&gt;")
    }
}
