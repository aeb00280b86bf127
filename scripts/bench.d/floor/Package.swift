// swift-tools-version:6.0
// The floors of scripts/bench (not part of regprobe): one libcurl HEAD, from C and from Swift + ArgumentParser +
// FoundationEssentials (plain, and in regprobe's shape: a task on the global executor awaiting the request done on a
// thread of its own), so that regprobe's cold check is compared with what this stack cannot go below.
import PackageDescription

let package = Package(
    name: "regprobe-bench-floor",
    dependencies: [.package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")],
    targets: [
        .target(name: "CFloor", linkerSettings: [.linkedLibrary("curl")]),
        .executableTarget(
            name: "swift-floor",
            dependencies: ["CFloor", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "swift-floor-task",
            dependencies: ["CFloor", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ]
)
