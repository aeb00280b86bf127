// swift-tools-version:6.0
// The floors of scripts/bench (not part of regprobe): one libcurl HEAD, from C and from Swift + ArgumentParser +
// FoundationEssentials (synchronous, and async with the request on a thread of its own, regprobe's shape), so that
// regprobe's cold check is compared with what this stack cannot go below.
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
            name: "swift-floor-async",
            dependencies: ["CFloor", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ]
)
