import Config
import Foundation
import Testing

/// `[[server]]`'s blob store: a folder, or `s3://` with the `s3_*` keys.
@Suite struct BlobStoreConfigurationTests {
    static func node(blobs: String, _ keys: String = "") -> String {
        TestEnvironment.minimalNode.replacingOccurrences(
            of: "blobs = \"/var/lib/tessera/s1-blobs\"", with: "blobs = \"\(blobs)\"\n" + keys)
    }

    @Test func aFolderIsAFileStore() throws {
        let c = try NodeConfiguration(parsing: TestEnvironment.minimalNode, environment: TestEnvironment.make())
        #expect(c.servers[0].blobStore == .files(path: "/var/lib/tessera/s1-blobs"))
    }

    @Test func anS3StoreWithItsKeys() throws {
        let c = try NodeConfiguration(
            parsing: Self.node(blobs: "s3://tessera-blobs/cluster1/s1", """
                s3_endpoint = "https://minio.example.com:9000"
                s3_region = "eu-central-1"
                s3_style = "virtual-host"
                s3_access_key = "AKIAEXAMPLE"
                s3_secret_key_file = "/etc/tessera/s3-secret"
                s3_ca_file = "/etc/tessera/minio-ca.pem"
                s3_multipart_threshold = "64 MiB"
                s3_part_size = "16 MiB"
                """),
            environment: TestEnvironment.make(files: ["/etc/tessera/s3-secret": "s3-secret-value\n"]))
        guard case .s3(let s3) = c.servers[0].blobStore else { Issue.record("not S3"); return }
        #expect(s3.bucket == "tessera-blobs" && s3.prefix == "cluster1/s1/")
        #expect(s3.endpoint.absoluteString == "https://minio.example.com:9000")
        #expect(s3.region == "eu-central-1" && s3.style == .virtualHost)
        #expect(s3.accessKey == "AKIAEXAMPLE" && s3.secretKey.value == "s3-secret-value")
        #expect(s3.caFile == "/etc/tessera/minio-ca.pem")
        #expect(s3.multipartThreshold == 64 << 20 && s3.partSize == 16 << 20)
        #expect(s3.stagingDirectory == "/var/lib/tessera/staging/s1")
        #expect(!c.summary.joined().contains("s3-secret-value"))
        #expect(!"\(s3)".contains("s3-secret-value"))
    }

    @Test func s3Defaults() throws {
        let c = try NodeConfiguration(
            parsing: Self.node(blobs: "s3://tessera-blobs", "s3_access_key = \"A\"\ns3_secret_key = \"S\"\nblob_staging = \"/srv/staging\""),
            environment: TestEnvironment.make())
        guard case .s3(let aws) = c.servers[0].blobStore else { Issue.record("not S3"); return }
        #expect(aws.prefix == "" && aws.region == "us-east-1" && aws.style == .virtualHost)
        #expect(aws.endpoint.absoluteString == "https://s3.us-east-1.amazonaws.com")
        #expect(aws.multipartThreshold == 16 << 20 && aws.partSize == 8 << 20 && aws.stagingDirectory == "/srv/staging")
        let minio = try NodeConfiguration(
            parsing: Self.node(blobs: "s3://b12/p", "s3_endpoint = \"http://127.0.0.1:9000\"\ns3_access_key = \"A\"\ns3_secret_key = \"S\""),
            environment: TestEnvironment.make(["TESSERA_SERVER__0__S3_REGION": "auto"]))
        guard case .s3(let other) = minio.servers[0].blobStore else { Issue.record("not S3"); return }
        #expect(other.style == .path && other.region == "auto")
    }

    @Test func problemsNameTheKeyAndLine() {
        #expect(TestEnvironment.nodeProblems(Self.node(blobs: "s3://Bad_Bucket/x", "s3_access_key = \"A\"\ns3_secret_key = \"S\"")) == [
            "node.toml:8:9: server[0].blobs: \"s3://Bad_Bucket/x\": the bucket name must be 3–63 lowercase letters, digits, . and -",
        ])
        #expect(TestEnvironment.nodeProblems(Self.node(blobs: "s3://bucket")) == [
            "node.toml:5:1: server[0].s3_access_key: required with an s3:// blob store (or s3_access_key_file)",
            "node.toml:5:1: server[0].s3_secret_key: required with an s3:// blob store (or s3_secret_key_file)",
        ])
        #expect(TestEnvironment.nodeProblems(Self.node(blobs: "/srv/blobs", "s3_region = \"eu-west-1\"")) == [
            "node.toml:9:13: server[0].s3_region: only used with blobs = \"s3://BUCKET[/PREFIX]\"",
        ])
        #expect(TestEnvironment.nodeProblems(Self.node(
            blobs: "s3://bucket", "s3_access_key = \"A\"\ns3_secret_key = \"S\"\ns3_part_size = \"1 MiB\"\ns3_style = \"dns\"")).count == 2)
    }
}
