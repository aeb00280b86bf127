/// The hosts.toml cases, each checked against containerd 1.6.20 (`ContainerdHostsTests`). The lab's
/// `registry-mirror` holds the seeded images (`public/*`, ...) and none of the pull cases (`pull/*`, only in
/// `registry-open`); `LAB_DEAD` is a loopback port nothing listens on.
enum HostsCases {
    static let all: [HostsCase] = [
        HostsCase(
            name: "a mirror in front of a dead upstream",
            reference: { "\($0["LAB_DEAD"])/public/hello:1.0" },
            files: {
                ["\(HostsCase.directory($0["LAB_DEAD"]))/hosts.toml": HostsCase.mirror($0, ["pull", "resolve"])]
            },
            pulls: true, answer: .mirror),
        HostsCase(
            name: "a pull-only mirror is not asked for a tag",
            reference: { "\($0["LAB_DEAD"])/public/hello:1.0" },
            files: { ["\(HostsCase.directory($0["LAB_DEAD"]))/hosts.toml": HostsCase.mirror($0, ["pull"])] },
            pulls: false, answer: nil),
        HostsCase(
            name: "a pull-only mirror answers for a digest",
            reference: { "\($0["LAB_DEAD"])/public/hello@\($0.digest("public/hello:1.0"))" },
            files: { ["\(HostsCase.directory($0["LAB_DEAD"]))/hosts.toml": HostsCase.mirror($0, ["pull"])] },
            pulls: true, answer: .mirror),
        HostsCase(
            name: "a mirror missing the image: the upstream answers",
            reference: { "\($0.open)/pull/attested:1" },
            files: { ["\(HostsCase.directory($0.open))/hosts.toml": HostsCase.mirror($0, ["pull", "resolve"])] },
            pulls: true, answer: .upstream),
        HostsCase(
            name: "server set to the mirror (with a [host] table): the upstream is not tried",
            reference: { "\($0.open)/pull/attested:1" },
            files: {
                ["\(HostsCase.directory($0.open))/hosts.toml": "server = \"http://\($0["LAB_MIRROR"])\"\n[host]\n"]
            },
            pulls: false, answer: nil),
        HostsCase(
            name: "server set to the mirror, in front of a dead upstream",
            reference: { "\($0["LAB_DEAD"])/public/hello:1.0" },
            files: {
                [
                    "\(HostsCase.directory($0["LAB_DEAD"]))/hosts.toml":
                        "server = \"http://\($0["LAB_MIRROR"])\"\n[host]\n"
                ]
            },
            pulls: true, answer: .server),
        HostsCase(
            name: "server alone, no [host] table: the file is ignored (invalid `host` tree)",
            reference: { "\($0.open)/pull/attested:1" },
            files: { ["\(HostsCase.directory($0.open))/hosts.toml": "server = \"http://\($0["LAB_MIRROR"])\"\n"] },
            pulls: true, answer: .upstream, ignored: .hostTree),
        HostsCase(
            name: "_default, for a registry without a directory",
            reference: { "\($0["LAB_DEAD"])/public/hello:1.0" },
            files: { ["_default/hosts.toml": HostsCase.mirror($0, ["pull", "resolve"])] },
            pulls: true, answer: .mirror),
        HostsCase(
            name: "_default is not merged with the registry's own directory",
            reference: { "\($0["LAB_DEAD"])/public/hello:1.0" },
            files: {
                [
                    "_default/hosts.toml": HostsCase.mirror($0, ["pull", "resolve"]),
                    "\(HostsCase.directory($0["LAB_DEAD"]))/hosts.toml": "[host]\n",
                ]
            },
            pulls: false, answer: nil),
    ]
}
