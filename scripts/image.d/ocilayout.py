#!/usr/bin/python3
"""Writes regprobe's container image as an OCI image layout, reproducibly (scripts/image calls this).

    ocilayout.py SPEC.json OUTDIR

SPEC (written by scripts/image):
    files:    [{"path": "/usr/local/bin/regprobe", "source": "/tmp/x/regprobe", "mode": 493}, ...]
              a regular file in the image with the bytes of `source` (symlinks followed) and `mode`
    texts:    [{"path": "/etc/passwd", "text": "...", "mode": 420}, ...]   a regular file with this content
    dirs:     [{"path": "/home/nonroot", "mode": 448, "uid": 65532, "gid": 65532}, ...]
    resolve:  ["/lib/x86_64-linux-gnu/libc.so.6", ...]
              host paths whose symlinked directories are kept as symlinks in the image (as on the host), so the
              path works inside the image exactly as written; the file itself is stored with its target's bytes
    epoch:    SOURCE_DATE_EPOCH (every timestamp in the layer and the config)
    arch, os, user, entrypoint, env, workdir, labels, tag

Reproducible: every entry has the epoch as mtime, uid/gid 0 (or as given), no user/group names, normalised modes;
entries are sorted by path; the layer is a POSIX ustar/pax tar compressed by gzip with mtime 0 and no file name.
The same inputs give the same bytes, hence the same digests.

Image spec: https://github.com/opencontainers/image-spec/blob/v1.1.0/image-layout.md (layout),
manifest.md, config.md, layer.md (changeset tar), annotations.md (org.opencontainers.image.* keys).
"""

import gzip
import hashlib
import io
import json
import os
import sys
import tarfile
import time

MEDIA_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MEDIA_INDEX = "application/vnd.oci.image.index.v1+json"
MEDIA_CONFIG = "application/vnd.oci.image.config.v1+json"
MEDIA_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def fail(message):
    sys.stderr.write("ocilayout.py: %s\n" % message)
    sys.exit(1)


class Tree:
    """The image's file system: path (no leading slash) -> entry."""

    def __init__(self):
        self.entries = {}

    def _parents(self, path):
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            parent = "/".join(parts[:i])
            if parent not in self.entries:
                self.entries[parent] = {"type": "dir", "mode": 0o755, "uid": 0, "gid": 0}
            elif self.entries[parent]["type"] == "symlink":
                fail("%s is a symlink in the image; cannot put %s under it" % (parent, path))

    def add(self, path, entry):
        path = path.strip("/")
        if not path:
            fail("empty path")
        self._parents(path)
        old = self.entries.get(path)
        if old is not None and old != entry:
            if old["type"] == "dir" and entry["type"] == "dir":
                old.update(entry)
                return
            fail("%s is added twice with different contents" % path)
        self.entries[path] = entry

    def add_host_path(self, host_path, mode):
        """Adds HOST_PATH as written: each directory component that is a symlink on the host becomes the same
        symlink in the image (e.g. /lib -> usr/lib on a merged-/usr system), the directories it leads to are
        created, and the last component is a regular file with the bytes of what it points to."""
        if not host_path.startswith("/"):
            fail("not absolute: %s" % host_path)
        parts = [p for p in host_path.split("/") if p]
        current = "/"
        for i, name in enumerate(parts):
            candidate = os.path.join(current, name)
            last = i == len(parts) - 1
            if last:
                target = os.path.realpath(candidate)
                if not os.path.isfile(target):
                    fail("%s is not a file" % host_path)
                self.add(candidate, {"type": "file", "source": target, "mode": mode, "uid": 0, "gid": 0})
                return
            if os.path.islink(candidate):
                link = os.readlink(candidate)
                self.add(candidate, {"type": "symlink", "target": link, "mode": 0o777, "uid": 0, "gid": 0})
                resolved = os.path.normpath(os.path.join(current, link)) if not link.startswith("/") else link
                # Follow the link (it may itself traverse links); the directories it leads to are added as we go.
                return self.add_host_path(os.path.join(resolved, *parts[i + 1 :]), mode)
            if not os.path.isdir(candidate):
                fail("%s: %s is not a directory" % (host_path, candidate))
            self.add(candidate, {"type": "dir", "mode": 0o755, "uid": 0, "gid": 0})
            current = candidate


def layer_bytes(tree, epoch):
    """The uncompressed layer: a tar of every entry, sorted by path, with fixed times and owners."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(tree.entries):
            entry = tree.entries[path]
            info = tarfile.TarInfo(path)
            info.mtime = epoch
            info.uid = entry["uid"]
            info.gid = entry["gid"]
            info.uname = ""
            info.gname = ""
            info.mode = entry["mode"]
            data = None
            if entry["type"] == "dir":
                info.type = tarfile.DIRTYPE
            elif entry["type"] == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = entry["target"]
            else:
                info.type = tarfile.REGTYPE
                if "text" in entry:
                    data = entry["text"].encode("utf-8")
                else:
                    with open(entry["source"], "rb") as f:
                        data = f.read()
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return out.getvalue()


def gzip_bytes(data):
    out = io.BytesIO()
    # mtime=0 and no file name in the header: the bytes depend only on the input (and zlib). Level 6: level 9 took
    # three times as long (16 vs 5 s) for 0.4 % less.
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=6, mtime=0) as gz:
        gz.write(data)
    return out.getvalue()


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def write_blob(outdir, data):
    digest = hashlib.sha256(data).hexdigest()
    path = os.path.join(outdir, "blobs", "sha256", digest)
    with open(path, "wb") as f:
        f.write(data)
    return "sha256:" + digest


def main():
    if len(sys.argv) != 3:
        fail("usage: ocilayout.py SPEC.json OUTDIR")
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    outdir = sys.argv[2]
    epoch = int(spec["epoch"])

    tree = Tree()
    for d in spec.get("dirs", []):
        tree.add(d["path"], {"type": "dir", "mode": d["mode"], "uid": d.get("uid", 0), "gid": d.get("gid", 0)})
    for t in spec.get("texts", []):
        tree.add(t["path"], {"type": "file", "text": t["text"], "mode": t["mode"], "uid": 0, "gid": 0})
    for f in spec.get("files", []):
        source = os.path.realpath(f["source"])
        if not os.path.isfile(source):
            fail("%s is not a file" % f["source"])
        tree.add(f["path"], {"type": "file", "source": source, "mode": f["mode"], "uid": 0, "gid": 0})
    for p in spec.get("resolve", []):
        tree.add_host_path(p, 0o755 if os.access(p, os.X_OK) else 0o644)

    raw = layer_bytes(tree, epoch)
    diff_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    layer = gzip_bytes(raw)

    os.makedirs(os.path.join(outdir, "blobs", "sha256"), exist_ok=False)
    layer_digest = write_blob(outdir, layer)

    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    labels = dict(spec["labels"])
    labels["org.opencontainers.image.created"] = created
    config = {
        "created": created,
        "architecture": spec["arch"],
        "os": spec["os"],
        "config": {
            "User": spec["user"],
            "Entrypoint": spec["entrypoint"],
            "Env": spec["env"],
            "WorkingDir": spec["workdir"],
            "Labels": labels,
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": created, "created_by": "scripts/image", "comment": "one layer, no shell"}],
    }
    config_bytes = canonical(config)
    config_digest = write_blob(outdir, config_bytes)

    manifest = {
        "schemaVersion": 2,
        "mediaType": MEDIA_MANIFEST,
        "config": {"mediaType": MEDIA_CONFIG, "digest": config_digest, "size": len(config_bytes)},
        "layers": [{"mediaType": MEDIA_LAYER, "digest": layer_digest, "size": len(layer)}],
        "annotations": labels,
    }
    manifest_bytes = canonical(manifest)
    manifest_digest = write_blob(outdir, manifest_bytes)

    index = {
        "schemaVersion": 2,
        "mediaType": MEDIA_INDEX,
        "manifests": [
            {
                "mediaType": MEDIA_MANIFEST,
                "digest": manifest_digest,
                "size": len(manifest_bytes),
                "platform": {"architecture": spec["arch"], "os": spec["os"]},
                "annotations": {"org.opencontainers.image.ref.name": spec["tag"]},
            }
        ],
    }
    with open(os.path.join(outdir, "index.json"), "wb") as f:
        f.write(canonical(index))
    with open(os.path.join(outdir, "oci-layout"), "wb") as f:
        f.write(canonical({"imageLayoutVersion": "1.0.0"}))

    files = sum(1 for e in tree.entries.values() if e["type"] == "file")
    print(
        json.dumps(
            {
                "manifest": manifest_digest,
                "config": config_digest,
                "layer": layer_digest,
                "layerBytes": len(layer),
                "layerUncompressedBytes": len(raw),
                "imageBytes": len(layer) + len(config_bytes) + len(manifest_bytes),
                "files": files,
                "entries": len(tree.entries),
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
