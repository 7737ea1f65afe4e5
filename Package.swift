// swift-tools-version:6.1
// Tessera: a horizontally scaled groupware storage cluster.
// Layout and dependency direction follow ../shared/design/ARCHITECTURE.md §2
// (see docs/architecture.md for the additions: the Database and HTTP targets).
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "tessera",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tessera", targets: ["tessera"]),
        .library(name: "MAPI", targets: ["MAPI"]),
        // For the fuzz package (fuzz/, docs/protocol.md "Fuzzing"), which depends on this one by path.
        .library(name: "SOAP", targets: ["SOAP"]),
        .library(name: "Database", targets: ["Database"]),
        .library(name: "Node", targets: ["Node"]),
        .library(name: "Directory", targets: ["Directory"]),
        .library(name: "HTTP", targets: ["HTTP"]),
        // For benchmarks/ (a package of its own), which also uses SOAP: node and router configurations.
        .library(name: "Config", targets: ["Config"]),
        .library(name: "Telemetry", targets: ["Telemetry"]),
        .library(name: "Router", targets: ["Router"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C libraries from Debian's -dev packages: module map + umbrella header only.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        // Directory (issue 3): OpenLDAP client + SASL, and libxcrypt's crypt(3).
        .systemLibrary(name: "CLDAP", pkgConfig: "ldap", providers: [.apt(["libldap-dev", "libsasl2-dev"])]),
        .systemLibrary(name: "CCrypt", pkgConfig: "libcrypt", providers: [.apt(["libcrypt-dev"])]),
        // SOAP (issue 5): libxml2's SAX parser.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        .target(name: "MAPI", swiftSettings: strict),
        // Prometheus text exposition shared by every process (docs/router.md, "Metrics").
        .target(
            name: "Telemetry", dependencies: ["Cluster", "Directory", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            swiftSettings: strict),
        .target(
            name: "SOAP",
            dependencies: ["MAPI", "CLibXML2", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "Database",
            dependencies: ["CSQLite", "CMariaDB", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "Directory",
            dependencies: ["Database", "CLDAP", "CCrypt", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // The hand-off of accepted connections from SwiftNIO's async server bootstrap to the
        // serving task, shared by every listener (HTTP, Router, Cluster).
        .target(
            name: "ChannelHandoff",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(
            name: "Cluster",
            dependencies: [
                "ChannelHandoff",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // HTTP/1.1 server and client shared by the node's SOAP endpoint, the router and the
        // client (see docs/http.md).
        .target(
            name: "HTTP",
            dependencies: [
                "ChannelHandoff",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // systemd's notify protocol (issue 7): READY/STATUS/STOPPING and the watchdog, spoken
        // over the datagram socket itself; no C target (docs/deployment.md, "systemd").
        .target(
            name: "Systemd",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .target(name: "ClusterSimulator", dependencies: ["Cluster"], swiftSettings: strict),
        .executableTarget(name: "tessera-cluster-sim", dependencies: ["Cluster", "ClusterSimulator"], swiftSettings: strict),
        .target(
            name: "Node",
            dependencies: [
                "MAPI", "SOAP", "Directory", "Cluster", "Database", "Config", "HTTP", "Telemetry",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The router (issue 6): routing decision, streaming proxy on SwiftNIO, redirect mode.
        .target(
            name: "Router",
            dependencies: [
                "MAPI", "SOAP", "Directory", "Cluster", "Config", "HTTP", "Telemetry", "ChannelHandoff",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        // Configuration files (issue 6): our own TOML parser and the typed process configurations.
        .target(
            name: "Config", dependencies: ["Directory", "Database", "Cluster", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "Client", dependencies: ["SOAP", "MAPI", "HTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .executableTarget(
            name: "tessera",
            dependencies: [
                "Node", "Router", "Client", "MAPI", "Database", "Directory", "Cluster", "Config", "HTTP", "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),

        // Shared by the test targets: which databases to run on and where MariaDB is, and a
        // real node run in-process (InProcessNode).
        .target(
            name: "TestSupport",
            dependencies: [
                "Database", "Directory", "Config", "Node", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strict),
        .testTarget(name: "MAPITests", dependencies: ["MAPI", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry"], swiftSettings: strict),
        .testTarget(
            name: "RouterTests",
            dependencies: [
                "Router", "Node", "Client", "SOAP", "MAPI", "HTTP", "Cluster", "Config", "Directory", "Database", "Telemetry",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "ClientTests",
            dependencies: ["Client", "SOAP", "MAPI", "HTTP", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(
            name: "SOAPTests",
            // Crypto: the session token tests sign made-up token bytes with the test key.
            dependencies: ["SOAP", "MAPI", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "ClusterTests",
            dependencies: [
                "Cluster", "TestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "HTTPTests",
            dependencies: [
                "HTTP", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(name: "ClusterSimulatorTests", dependencies: ["Cluster", "ClusterSimulator"], swiftSettings: strict),
        .testTarget(
            name: "SystemdTests",
            dependencies: [
                "Systemd", "TestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),
        .testTarget(name: "DatabaseTests", dependencies: ["Database"], swiftSettings: strict),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Directory", "Database", "Cluster", "SOAP"], swiftSettings: strict),
        .testTarget(
            name: "DirectoryTests",
            dependencies: ["Directory", "Database", "TestSupport", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "NodeTests",
            dependencies: [
                "Node", "MAPI", "Database", "Directory", "SOAP", "Cluster", "Config", "HTTP", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "IntegrationTests",
            // Depends on the executable so that `swift build --build-tests` builds it: the
            // crash drills run it as a separate process.
            dependencies: ["Node", "MAPI", "SOAP", "Database", "Directory", "Cluster", "Client", "TestSupport", "tessera"],
            swiftSettings: strict),
    ]
)
