// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Feedsmith",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "feedctl", targets: ["feedctl"]),
        .library(name: "FeedsmithCore", targets: ["FeedsmithCore"]),
        .library(name: "Feedsmith", targets: ["Feedsmith"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // libxml2 from the system (Debian: libxml2-dev); see Sources/CLibXML2/shim.h for why ICU is undefined.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // mimalloc from the system (Debian: libmimalloc-dev): the allocator of every executable that links
        // Feedsmith; glibc's malloc and free were 12–23% of a refresh's CPU (see Sources/Feedsmith/MemoryTuning.swift).
        .systemLibrary(
            name: "CMimalloc",
            providers: [.apt(["libmimalloc-dev"]), .brew(["mimalloc"])]
        ),
        // The pure core: bytes in, values out. No NIO, no HTTP, no SQLite, so its tests rebuild fast.
        .target(
            name: "FeedsmithCore",
            dependencies: [
                "CLibXML2",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // sqlite3_config (variadic, so out of Swift's reach): SQLite's process-wide settings.
        .target(name: "CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Edge: the only code that speaks SQL.
        .target(
            name: "FeedsmithStore",
            dependencies: [
                "CSQLiteConfig",
                "FeedsmithCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Edge: HTTP and file:// fetching.
        .target(
            name: "FeedsmithFetch",
            dependencies: [
                "FeedsmithCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // syncfs(2), which Swift's Glibc module does not declare: one flush for thousands of published files.
        .target(name: "CFileSync"),
        // Wiring of the stages: refresh, publish.
        .target(
            name: "Feedsmith",
            dependencies: [
                "CFileSync",
                "CMimalloc",
                "FeedsmithCore",
                "FeedsmithStore",
                "FeedsmithFetch",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The daemon: scheduler, HTTP server, control endpoint, systemd notification.
        .target(
            name: "FeedsmithServe",
            dependencies: [
                "Feedsmith",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "feedctl",
            dependencies: [
                "Feedsmith",
                "FeedsmithServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks: release-built, never part of the unit-test run.
        .executableTarget(
            name: "feedsmith-bench",
            dependencies: [
                "FeedsmithCore",
                "FeedsmithStore",
                "FeedsmithFetch",
                "Feedsmith",
                "CLibXML2",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/FeedsmithBench"
        ),
        // libFuzzer targets (scripts/fuzz.sh builds this with -sanitize=fuzzer,address); never in the test run.
        .executableTarget(
            name: "feedsmith-fuzz",
            dependencies: ["FeedsmithCore"],
            path: "Fuzz/FeedsmithFuzz"
        ),
        .testTarget(
            name: "FeedsmithCoreTests",
            dependencies: ["FeedsmithCore", "CLibXML2", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "FeedsmithTests",
            dependencies: [
                "Feedsmith",
                "FeedsmithServe",
                "feedctl",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
