/// regprobe's version: written here only (the User-Agent, `--version`; scripts read it from `regprobe --version`).
public enum RegProbeVersion {
    public static let current = "0.1.0"
}
