/// An image platform, `os/arch[/variant]`, compared as containerd does: architecture aliases folded
/// (`aarch64` = `arm64`, `x86_64` = `amd64`), `arm64` without variant = `arm64/v8`, `arm` without variant =
/// `arm/v7`, and for other architectures a requested platform without variant matches any variant.
/// https://github.com/containerd/platforms/blob/main/database.go (normalizeArch)
public struct Platform: Sendable, Hashable, CustomStringConvertible {
    public let os: String
    public let architecture: String
    public let variant: String?

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os.lowercased()
        self.architecture = architecture.lowercased()
        self.variant = variant.flatMap { $0.isEmpty ? nil : $0.lowercased() }
    }

    /// Parses `linux/arm64`, `linux/arm/v7`; nil when it is not of that form.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else { return nil }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    public var description: String {
        "\(os)/\(architecture)" + (variant.map { "/\($0)" } ?? "")
    }

    /// Architecture and variant as containerd normalises them.
    var normalized: (architecture: String, variant: String?) {
        switch architecture {
        case "x86_64", "x86-64", "amd64":
            return ("amd64", variant == "v1" ? nil : variant)
        case "aarch64", "arm64":
            return ("arm64", variant == nil || variant == "8" ? "v8" : variant)
        case "armhf":
            return ("arm", "v7")
        case "armel":
            return ("arm", "v6")
        case "arm":
            switch variant {
            case nil, "7": return ("arm", "v7")
            case "5", "6", "8": return ("arm", "v" + variant!)
            default: return ("arm", variant)
            }
        case "i386", "386":
            return ("386", variant)
        default:
            return (architecture, variant)
        }
    }

    /// True when an image for `self` serves a node that asks for `wanted`.
    public func satisfies(_ wanted: Platform) -> Bool {
        guard os == wanted.os else { return false }
        let have = normalized
        let want = wanted.normalized
        guard have.architecture == want.architecture else { return false }
        if wanted.variant == nil && want.architecture != "arm" && want.architecture != "arm64" { return true }
        return have.variant == want.variant
    }
}
