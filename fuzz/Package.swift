// swift-tools-version:6.1
// The fuzz targets of Tessera (docs/protocol.md, "Fuzzing"). A package of its own so that the
// main build never sees the libFuzzer flags: `scripts/fuzz.sh` builds it with
// `-sanitize=fuzzer` (every Swift module instrumented) and runs it.
import PackageDescription

let package = Package(
    name: "tessera-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "tessera", path: ".."),
        // Already a dependency of tessera; named here for the token checks' HMAC.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .executableTarget(
            name: "soap-envelope-fuzzer",
            dependencies: [
                .product(name: "SOAP", package: "tessera"),
                .product(name: "MAPI", package: "tessera"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")])
    ]
)
