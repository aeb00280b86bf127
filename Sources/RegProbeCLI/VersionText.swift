import CBuildInfo
import RegProbe

/// What `regprobe --version` prints: the version and the git commit the binary was built from,
/// `0.1.0 (commit 23b60c83f671add5f3d9f29aa9596b84d96eec20)`.
public enum VersionText {
    /// 40 hex digits (with `-dirty` when tracked files differed from that commit), or `unknown` when the build was
    /// not given one (a plain `swift build`): the release scripts pass it in `REGPROBE_COMMIT` (see Package.swift).
    public static let commit = String(cString: regprobe_build_commit())

    public static let text = "\(RegProbeVersion.current) (commit \(commit))"
}
