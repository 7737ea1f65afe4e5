// swift-tools-version:6.1
// Tessera benchmarks: a package of its own so that the main package's build and CI never
// compile them. Release builds only: `benchmarks/run.sh` (see README.md).
import PackageDescription

let package = Package(
    name: "tessera-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "tessera", path: ".."),
        // Already a dependency of the main package (same version); named here because the
        // benchmark hands the engine a quiet Logger.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "tessera-bench",
            dependencies: [
                "LoadGenerator",
                .product(name: "Node", package: "tessera"),
                .product(name: "Database", package: "tessera"),
                .product(name: "MAPI", package: "tessera"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        // The router (benchmarks/README.md, "Router"; driven by benchmarks/router/run.sh): runs a
        // node, a router, the load and the idle connections each in a process of its own.
        .executableTarget(
            name: "tessera-router-bench",
            dependencies: [
                "LoadGenerator",
                .product(name: "Node", package: "tessera"),
                .product(name: "Router", package: "tessera"),
                .product(name: "Config", package: "tessera"),
                .product(name: "SOAP", package: "tessera"),
                .product(name: "Directory", package: "tessera"),
                .product(name: "Database", package: "tessera"),
                .product(name: "MAPI", package: "tessera"),
                .product(name: "HTTP", package: "tessera"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "router/Sources",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        // The HTTP layer (benchmarks/README.md, "HTTP layer"): a reusable closed-loop load
        // generator, and the executable that runs it against the minimal responder.
        .target(
            name: "LoadGenerator",
            dependencies: [.product(name: "HTTP", package: "tessera")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .target(
            name: "MinimalHTTP",
            dependencies: [.product(name: "HTTP", package: "tessera"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .executableTarget(
            name: "tessera-http-bench",
            dependencies: ["LoadGenerator", "MinimalHTTP", .product(name: "HTTP", package: "tessera")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        // The SOAP endpoint (benchmarks/README.md, "SOAP endpoint"): a node in-process or in a
        // child process, loaded with GetProps, CreateItem and QueryRows beside the minimal
        // responder; memory with 10,000 logged-on sessions.
        .executableTarget(
            name: "tessera-soap-bench",
            dependencies: [
                "LoadGenerator", "MinimalHTTP",
                .product(name: "Node", package: "tessera"),
                .product(name: "SOAP", package: "tessera"),
                .product(name: "Config", package: "tessera"),
                .product(name: "Directory", package: "tessera"),
                .product(name: "Database", package: "tessera"),
                .product(name: "MAPI", package: "tessera"),
                .product(name: "HTTP", package: "tessera"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ]
)
