// swift-tools-version:6.0
// Swift 6 language mode is the default for tools-version 6.0.
import PackageDescription

let package = Package(
    name: "regprobe",
    products: [
        .executable(name: "regprobe", targets: ["regprobe"]),
        .library(name: "RegProbe", targets: ["RegProbe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // Typed, non-variadic wrappers over libcurl (Swift cannot call curl_easy_setopt). No logic.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        // libcrypto (OpenSSL) for SHA-256/384/512 of manifest bodies.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libyaml's event parser, read by RegProbeKube's YAMLEventReader.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // All the logic: references, transport, auth, the protocol, verdicts, reports.
        .target(
            name: "RegProbe",
            dependencies: ["CCurl", "CCrypto"]
        ),
        // Kubernetes: manifests and pull secrets (YAML through libyaml), kubelet's keyring rules, manifest walking,
        // predictions.
        .target(
            name: "RegProbeKube",
            dependencies: ["RegProbe", "CYAML"]
        ),
        // The commands: flags, the terminal, check, secret and scan.
        .target(
            name: "RegProbeCLI",
            dependencies: [
                "RegProbe", "RegProbeKube", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The one binary: `regprobe` (its main only; the commands are in RegProbeCLI).
        .executableTarget(
            name: "regprobe",
            dependencies: ["RegProbeCLI"]
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
