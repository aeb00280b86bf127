// swift-tools-version:6.0
// Swift 6 language mode is the default for tools-version 6.0.
import PackageDescription

// The git commit the binary is built from, for `regprobe --version`: scripts/lib/release.sh (the image, the install,
// the Debian package, the tests) builds with REGPROBE_COMMIT set; a plain `swift build` says "unknown". Only hex
// digits (and a "-dirty" suffix) get through, so the value is always a plain C string literal.
let buildCommit: String = {
    let value = Context.environment["REGPROBE_COMMIT"] ?? ""
    let hex = value.hasSuffix("-dirty") ? String(value.dropLast(6)) : value
    guard (7...64).contains(hex.count), hex.allSatisfy(\.isHexDigit) else { return "unknown" }
    return value
}()

let package = Package(
    name: "regprobe",
    products: [
        .executable(name: "regprobe", targets: ["regprobe"]),
        .executable(name: "regprobe-kube", targets: ["regprobe-kube"]),
        .library(name: "RegProbe", targets: ["RegProbe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // Typed, non-variadic wrappers over libcurl (Swift cannot call curl_easy_setopt). No logic.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        // The build's commit as a C string (REGPROBE_COMMIT, above) for the CLI's `--version`: a define on this
        // one file, so a new commit recompiles it and the CLI's targets, and relinks.
        .target(
            name: "CBuildInfo",
            cSettings: [.define("REGPROBE_COMMIT", to: "\"\(buildCommit)\"")]
        ),
        // libcrypto (OpenSSL) for SHA-256/384/512 of manifest bodies.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // All the logic: references, transport, auth, the protocol, verdicts, reports.
        .target(
            name: "RegProbe",
            dependencies: ["CCurl", "CCrypto"]
        ),
        // Kubernetes: pull secrets, kubelet's keyring rules, manifest walking, predictions. Apart from RegProbe so
        // that YAML (Yams, and with it Foundation) stays off the plain check's path.
        .target(
            name: "RegProbeKube",
            dependencies: ["RegProbe", .product(name: "Yams", package: "Yams")]
        ),
        // The CLI's shared parts: flags, the terminal, the check command.
        .target(
            name: "RegProbeCLI",
            dependencies: [
                "RegProbe", "CBuildInfo", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The thin CLI: `regprobe` checks; it hands scan, secret and check --secret to `regprobe-kube`, so the plain
        // check never loads YAML or Foundation.
        .executableTarget(
            name: "regprobe",
            dependencies: [
                "RegProbe", "RegProbeCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "regprobe-kube",
            dependencies: [
                "RegProbe", "RegProbeCLI", "RegProbeKube",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RegProbeTests",
            dependencies: ["RegProbe", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "RegProbeCLITests",
            dependencies: ["RegProbeCLI"]
        ),
        .testTarget(
            name: "RegProbeKubeTests",
            dependencies: ["RegProbeKube", "RegProbe"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["RegProbe"]
        ),
    ]
)
