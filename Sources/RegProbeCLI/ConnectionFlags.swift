import ArgumentParser
import RegProbe

public struct ConnectionFlags: ParsableArguments {
    public init() {}

    @Option(help: "Time limit for each image's check, in seconds.")
    var timeout: Double = 30

    @Option(help: "CA certificate bundle (PEM) to trust besides the system's.")
    var caFile: String?

    @Option(
        help:
            "certs.d-style directory (<host[:port]>/*.crt CAs, *.cert + *.key client certificate) used instead of /etc/containers/certs.d and /etc/docker/certs.d."
    )
    var certDir: String?

    @Option(
        help: ArgumentHelp(
            "Route registries as containerd does with this hosts directory, e.g. /etc/containerd/certs.d.",
            discussion: """
                Reads <DIR>/<host[:port]>/hosts.toml (else <DIR>/_default) as containerd 1.6 does: mirrors ([host."..."] \
                tables) asked in order, then server (or the registry itself); a host without the resolve capability \
                is not asked for tags; ca, client, skip_verify, header and override_path apply per host. The first host \
                that answers decides; JSON's endpoint names it and endpointsTried the hosts left before it.
                """),
        completion: .directory)
    var hostsDir: String?

    @Flag(help: "Do not verify TLS certificates (prints a warning).")
    var insecure = false

    @Flag(
        help:
            "Speak plain HTTP to registries that are not on loopback (loopback hosts are asked over plain HTTP first by themselves)."
    )
    var plainHTTP = false

    @Option(help: "Retries of transient failures (connection reset, 408, 429, 5xx), with backoff and Retry-After.")
    var retries: Int = 2

    @Option(
        name: .customLong("platform"),
        help: "A platform every image must have, os/arch[/variant] (repeatable), e.g. linux/arm64.")
    var platforms: [String] = []

    @Flag(
        help: ArgumentHelp(
            "Check what a pull fetches, not just the manifest (also REGPROBE_DEEP=1).",
            discussion: """
                GET each manifest by digest and verify its hash and size; for an index, each child a pull needs (those of \
                --platform, else every platform); then HEAD the config and every layer blob (a redirect to storage is \
                followed by one ranged GET). No layer is downloaded. Cost on Docker Hub: one counted pull per manifest \
                GET: one per image with one --platform, one more per child without it. Use --platform there.
                """))
    var deep = false

    @Option(help: "How many checks run at once.")
    var jobs: Int = 16

    public func validate() throws {
        // containerd takes a missing hosts directory for an empty one; a mistyped path here would check the
        // registries themselves without a word, so it is refused.
        if let hostsDir, ((try? LocalHostsFileSystem().list(hostsDir)) ?? nil) == nil {
            throw ValidationError(
                "--hosts-dir \(TerminalText.escape(hostsDir)): not a readable directory "
                    + "(on a node it is /etc/containerd/certs.d, or CRI's config_path)")
        }
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be between 0 and 3600 seconds")
        }
        for platform in platforms where Platform(parsing: platform) == nil {
            throw ValidationError(
                "--platform \(platform): expected os/arch[/variant], e.g. linux/arm64 or linux/arm/v7")
        }
        guard (0...10).contains(retries) else { throw ValidationError("--retries must be between 0 and 10") }
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256") }
    }

    /// The options for a run, from these flags and the environment.
    public func checkOptions(verbose: Bool, terminal: Terminal) -> CheckOptions {
        if insecure {
            terminal.error("warning: --insecure: TLS certificates are not verified; do not use this in production")
        }
        let log: (@Sendable (String) -> Void)? = verbose ? { @Sendable line in Terminal().error(line) } : nil
        var options = CheckOptions(
            caFile: caFile, insecure: insecure, plainHTTP: plainHTTP, jobs: jobs,
            retry: RetryPolicy(maxRetries: retries), log: log)
        options.certDirectory = certDir
        options.hostsDirectory = hostsDir
        options.sslCertFile = terminal.variable("SSL_CERT_FILE").flatMap { $0.isEmpty ? nil : $0 }
        return options
    }

    /// What each check must prove, from these flags and the environment (`REGPROBE_DEEP=1` is `--deep`).
    public func checkRequest(terminal: Terminal) -> CheckRequest {
        CheckRequest(
            platforms: platforms.compactMap(Platform.init(parsing:)),
            depth: deep || terminal.variable("REGPROBE_DEEP") == "1" ? .pull : .manifest, timeoutSeconds: timeout)
    }
}
