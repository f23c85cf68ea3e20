// swift-tools-version: 6.1
// Benchmarks for HipDrive, kept in their own package (as package-benchmark's maintainers
// recommend) so that the benchmark dependencies stay out of the library's build.
// Run from this folder: swift package --disable-sandbox benchmark
import PackageDescription

let suites = ["DSPBenchmarks", "ParsingBenchmarks", "AnalysisBenchmarks", "BatchBenchmarks"]

let package = Package(
    name: "HipDriveBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "HipDrive", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: suites.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HipDrive", package: "HipDrive"),
            ],
            path: name,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    }
)
