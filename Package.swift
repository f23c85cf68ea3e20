// swift-tools-version: 6.1
// HipDrive: hip-drive power and fatigue from kettlebell swings and banded hip pulls.
//
// The targets follow the pipeline, each depending only on the ones before it:
//   C bindings (CFFTW, CSndFile)
//   → DSP core (HipDriveDSP) and audio I/O (HipDriveAudio)
//   → readers and clean traces (HipDriveRecordings)
//   → analysis: sets, reps, power, fatigue (HipDriveAnalysis)
//   → simulator with ground truth (HipDriveSimulator) and its accuracy check (HipDriveValidation)
//   → workout history in SQLite (HipDriveHistory)
//   → trends and reports (HipDriveReports)
//   → the command-line tool (hipdrive)
// Benchmarks live in a separate package (Benchmarks/Package.swift) so that their dependencies
// stay out of the library's build.
import PackageDescription

let package = Package(
    name: "HipDrive",
    platforms: [.macOS(.v13)],
    products: [
        .library(
            name: "HipDrive",
            targets: [
                "HipDriveDSP", "HipDriveAudio", "HipDriveRecordings", "HipDriveAnalysis",
                "HipDriveSimulator", "HipDriveValidation", "HipDriveHistory", "HipDriveReports",
            ]),
        .executable(name: "hipdrive", targets: ["hipdrive"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // SHA-256 content hashes for the history store (skip-if-unchanged).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // MARK: C bindings
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"]), .brew(["fftw"])]
        ),
        .systemLibrary(
            name: "CSndFile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"]), .brew(["libsndfile"])]
        ),

        // MARK: Signal processing and audio I/O (no knowledge of exercises)
        .target(name: "HipDriveDSP", dependencies: ["CFFTW"]),
        .target(name: "HipDriveAudio", dependencies: ["CSndFile"]),

        // MARK: Recordings → clean, uniformly sampled, world-frame traces
        .target(
            name: "HipDriveRecordings",
            dependencies: [
                "HipDriveDSP", "HipDriveAudio",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),

        // MARK: Analysis: sets, reps, power, fatigue
        .target(name: "HipDriveAnalysis", dependencies: ["HipDriveDSP", "HipDriveRecordings"]),

        // MARK: Physical simulator with ground truth, and the accuracy check against it
        .target(name: "HipDriveSimulator", dependencies: ["HipDriveRecordings", "HipDriveAudio"]),
        .target(name: "HipDriveValidation", dependencies: ["HipDriveSimulator", "HipDriveAnalysis"]),

        // MARK: History, trends, reports
        .target(
            name: "HipDriveHistory",
            dependencies: [
                "HipDriveAnalysis", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "HipDriveReports", dependencies: ["HipDriveHistory", "HipDriveAnalysis"]),

        // MARK: The command-line tool
        .executableTarget(
            name: "hipdrive",
            dependencies: [
                "HipDriveDSP", "HipDriveAudio", "HipDriveRecordings", "HipDriveAnalysis",
                "HipDriveSimulator", "HipDriveValidation", "HipDriveHistory", "HipDriveReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // MARK: Tests
        // Scratch folders shared by the test targets, removed when the test process exits.
        .target(name: "HipDriveTestSupport", path: "Tests/HipDriveTestSupport"),
        .testTarget(name: "HipDriveDSPTests", dependencies: ["HipDriveDSP"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HipDriveAudioTests", dependencies: ["HipDriveAudio", "HipDriveTestSupport"]),
        .testTarget(name: "HipDriveRecordingsTests", dependencies: ["HipDriveRecordings", "HipDriveTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HipDriveAnalysisTests", dependencies: ["HipDriveAnalysis", "HipDriveSimulator", "HipDriveValidation", "HipDriveTestSupport"]),
        .testTarget(name: "HipDriveSimulatorTests", dependencies: ["HipDriveSimulator", "HipDriveTestSupport"]),
        .testTarget(name: "HipDriveHistoryTests", dependencies: ["HipDriveHistory", "HipDriveTestSupport"]),
        .testTarget(name: "HipDriveReportsTests", dependencies: ["HipDriveReports", "HipDriveTestSupport"]),
        .testTarget(name: "HipDriveCLITests", dependencies: ["hipdrive", "HipDriveTestSupport"]),
    ]
)
