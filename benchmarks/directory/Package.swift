// swift-tools-version:6.1
// Directory benchmarks (issue 3): cached and uncached resolutions and authentications through
// Tessera's LDAP plugin, beside raw libldap and `ldapsearch` doing the same searches.
// Build in release: `swift build -c release` (benchmarks/directory/run.sh does it).
import PackageDescription

let package = Package(
    name: "tessera-directory-bench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "tessera", path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // libldap for the raw baseline (the main package's CLDAP is not a product).
        .systemLibrary(name: "CLDAPRaw", pkgConfig: "ldap", providers: [.apt(["libldap-dev"])]),
        .executableTarget(
            name: "tessera-directory-bench",
            dependencies: [
                "CLDAPRaw",
                .product(name: "Directory", package: "tessera"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ]
)
