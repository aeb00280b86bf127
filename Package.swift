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
        // libyaml's event parser, read by RegProbeKube's YAMLEventReader.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // All the logic: references, transport, auth, the protocol, verdicts (facts: a status, a stable reason; the
        // wording of hints and reports is the CLI's), escaping of outside text.
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
        // The commands: flags, the terminal, check, secret and scan; and their wording: the hints (which name the
        // flags) and the text, JSON and JUnit reports.
        .target(
            name: "RegProbeCLI",
            dependencies: [
                "RegProbe", "RegProbeKube", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The one binary: `regprobe` (its main only; the commands are in RegProbeCLI). Linked by the toolchain's lld
        // with packed relative relocations (DT_RELR, glibc 2.36+): the position-independent binary's ~1 MB
        // relocation table shrinks to 8 KB, which a cold run no longer reads (README, Performance: 0.5-1 MiB of RSS).
        .executableTarget(
            name: "regprobe",
            dependencies: ["RegProbeCLI"],
            linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"])]
        ),
        .testTarget(
            name: "RegProbeTests",
            dependencies: ["RegProbe", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "RegProbeCLITests",
            dependencies: ["RegProbeCLI", "RegProbe", "RegProbeKube"]
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
