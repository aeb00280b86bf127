import Foundation

/// The table of "will it pull" cases: containerd's verdict on each (the oracle) beside regprobe's. The broken images
/// have real, pullable blobs but for their one defect. Real registry wherever it can produce the case
/// (`scripts/lab/seed.py pullcases`, on `LAB_OPEN`); `scripts/lab/fixture.py` (on `LAB_FIXTURE`) only for what a
/// registry cannot be made to do. The whole images come from the lab's seed (`public/*`).
///
/// regprobe's default mode reads manifests with HEAD only, so it says `exists` for every image whose tag resolves,
/// broken or not: the `regprobe` column records that gap.
enum PullCases {
    static let all: [PullCase] = whole + broken

    static let whole: [PullCase] = [
        PullCase(
            name: "whole Docker image (schema 2)", reference: { lab, _ in "\(lab.open)/public/hello:1.0" },
            containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "whole OCI image", reference: { lab, _ in "\(lab.open)/public/hello:oci" },
            containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "whole OCI index (amd64 + arm64), the host's platform",
            reference: { lab, _ in "\(lab.open)/public/multi:oci" }, containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "whole OCI index (amd64 + arm64), linux/arm64",
            reference: { lab, _ in "\(lab.open)/public/multi:oci" }, platform: "linux/arm64",
            containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "whole Docker manifest list, linux/arm64 (arm64/v8)",
            reference: { lab, _ in "\(lab.open)/public/multi:1.0" }, platform: "linux/arm64",
            containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "whole image over TLS, Basic credentials",
            reference: { lab, _ in "\(lab.basic)/private/app:1.0" }, tls: true,
            credentials: ("alice", "alicepw"), containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "whole image over TLS, a bearer token for the credentials",
            reference: { lab, _ in "\(lab.token)/private/app:1.0" }, tls: true,
            credentials: ("alice", "alicepw"), containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "the fixture's whole image (its control case)",
            reference: { lab, _ in "\(lab.fixture)/pull/plain:1" }, containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "index with an attestation manifest (unknown/unknown)",
            reference: { lab, _ in "\(lab.open)/pull/attested:1" }, containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "index whose amd64 child is gone, linux/arm64 (its child is whole)",
            reference: { lab, _ in "\(lab.open)/pull/child-gone:1" }, platform: "linux/arm64",
            containerd: .pulls, regprobe: "exists"),
        PullCase(
            name: "blobs 307 to a storage port that refuses HEAD and serves GET",
            reference: { lab, _ in "\(lab.fixture)/pull/storage-live:1" }, containerd: .pulls, regprobe: "exists"),
        // containerd copies a blob up to the end of the body (an early end included), then checks size and digest
        // against the descriptor: a Content-Length larger than the whole body it gets does not matter to it.
        // https://github.com/containerd/containerd/blob/v1.6.20/content/helpers.go (Copy, copyWithBuffer)
        PullCase(
            name: "layer blob's Content-Length 7 bytes over its whole body",
            reference: { lab, _ in "\(lab.fixture)/pull/long-length:1" }, containerd: .pulls, regprobe: "exists"),
    ]

    static let broken: [PullCase] = [
        // containerd fetches the manifest by digest and commits it only when the bytes hash to that digest.
        // https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/fetcher.go
        PullCase(
            name: "manifest body does not hash to the claimed digest, by tag",
            reference: { lab, _ in "\(lab.fixture)/pull/digest-mismatch:1" },
            containerd: .refused { _, images in
                let entry = images["pull/digest-mismatch:1"]
                return ["unexpected commit digest \(entry.digest)", "expected \(entry.claimedDigest ?? "?")"]
            }, regprobe: "exists"),
        PullCase(
            name: "manifest body does not hash to the claimed digest, by that digest",
            reference: { lab, images in
                "\(lab.fixture)/pull/digest-mismatch@\(images["pull/digest-mismatch:1"].claimedDigest ?? "?")"
            },
            containerd: .refused { _, images in
                let entry = images["pull/digest-mismatch:1"]
                return ["unexpected commit digest \(entry.digest)", "expected \(entry.claimedDigest ?? "?")"]
            }, regprobe: "exists"),
        // Unpacking wants one rootfs diff_id per manifest layer; the empty config has none. This is the verdict of
        // containerd 1.6.20 (Debian 12's); releases from 1.6.25 and 1.7.7 unpack some non-layer media types.
        // https://github.com/containerd/containerd/blob/v1.6.20/image.go (getLayers)
        PullCase(
            name: "OCI artifact (empty config, a blob that is not a layer)",
            reference: { lab, _ in "\(lab.open)/pull/artifact:1" },
            containerd: .refused { _, _ in ["mismatched image rootfs and manifest layers"] }, regprobe: "exists"),
        PullCase(
            name: "index whose amd64 child manifest answers 404, linux/amd64",
            reference: { lab, _ in "\(lab.open)/pull/child-gone:1" }, platform: "linux/amd64",
            containerd: .refused { _, images in
                ["/manifests/\(images["pull/child-gone:1"].deleted?.digest ?? "?") not found"]
            }, regprobe: "exists"),
        PullCase(
            name: "layer blob gone (404 BLOB_UNKNOWN)",
            reference: { lab, _ in "\(lab.open)/pull/layer-gone:1" },
            containerd: .refused { _, images in
                ["descriptor \(images["pull/layer-gone:1"].deleted?.digest ?? "?")", "layer", "not found"]
            }, regprobe: "exists"),
        PullCase(
            name: "config blob gone (404 BLOB_UNKNOWN)",
            reference: { lab, _ in "\(lab.open)/pull/config-gone:1" },
            containerd: .refused { _, images in
                ["descriptor \(images["pull/config-gone:1"].deleted?.digest ?? "?")", "config", "not found"]
            }, regprobe: "exists"),
        PullCase(
            name: "layer blob's Content-Length 7 bytes short, and so is its body",
            reference: { lab, _ in "\(lab.fixture)/pull/short-length:1" },
            containerd: .refused { _, _ in ["failed to read expected number of bytes"] }, regprobe: "exists"),
        PullCase(
            name: "tag resolves, manifest by digest answers 404 (a mirror of tags only)",
            reference: { lab, _ in "\(lab.fixture)/pull/tags-only:1" },
            containerd: .refused { _, images in
                ["/manifests/\(images["pull/tags-only:1"].digest) not found"]
            }, regprobe: "exists"),
        PullCase(
            name: "blobs 307 to a dead storage port",
            reference: { lab, _ in "\(lab.fixture)/pull/storage-dead:1" },
            containerd: .refused { _, images in
                ["dial tcp \(images["pull/storage-dead:1"].storage ?? "?")", "connection refused"]
            }, regprobe: "exists"),
        // Not a broken image: both refuse. Shows the oracle tells "no access" apart from "pulls".
        PullCase(
            name: "private image over TLS without credentials",
            reference: { lab, _ in "\(lab.basic)/private/app:1.0" }, tls: true,
            containerd: .refused { _, _ in ["401 Unauthorized"] }, regprobe: "unauthorized"),
    ]
}
