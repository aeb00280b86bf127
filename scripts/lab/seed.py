#!/usr/bin/python3
"""Seed the regprobe lab registries with a fixed set of images.

  seed.py --cafile DIR/ca.crt --out DIR/seed.json URL [URL...]

Each URL is a registry base URL (http://127.0.0.1:P or https://localhost:P).
The same bytes are pushed to every registry through the Registry HTTP API v2:
blobs with POST /v2/<name>/blobs/uploads/ + monolithic PUT <Location>&digest=,
then manifests with PUT /v2/<name>/manifests/<ref> (children of a manifest
list / OCI index first, by digest).

Authentication is discovered from each registry's /v2/ challenge: Basic uses
the admin credentials directly; Bearer fetches a token from the challenge's
realm as admin with scope repository:<name>:pull,push.

After pushing, every tag is checked with HEAD (digest and size) on every
registry, and seed.json is written:

  {"public/hello:1.0": {"digest": "sha256:...", "mediaType": "...", "size": N,
                        "config": {...}},            # images
   "public/multi:1.0": {..., "manifests": [{"digest", "mediaType", "size",
                                            "platform": {...}}]},  # lists/indexes
   ...}

Bulk mode, for scripts/bench (many small tags, pushed fast):

  seed.py bulk --cafile DIR/ca.crt --registry URL [--registry URL...]
               [--repos 20] [--tags 25] [--prefix team/bench/r] [--workers 8]
               [--out FILE]

pushes, into each registry, repositories PREFIX00..PREFIX<repos-1>, each with
one config blob and one layer blob, and tags t000..t<tags-1> in each, every tag
an OCI image manifest of its own (the same blobs, an annotation naming the tag,
so every tag has its own digest). One bearer token per repository (admin,
pull+push) where the registry asks for one; manifests are PUT from a thread
pool of --workers (at most 32), each worker with its own keep-alive
connection. Every tag is then checked with HEAD. FILE gets
{"repo:tag": {"digest", "mediaType", "size"}, ...} (the same for every
registry).

Standard library only. Credentials and tokens are never printed.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import http.client
import io
import json
import os
import re
import ssl
import sys
import tarfile
import threading
import time
from urllib.parse import urlencode, urlsplit

DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
ACCEPT_ALL = ", ".join([OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_V2])

CREATED = "2024-01-01T00:00:00Z"  # fixed, so every byte is deterministic
TIMEOUT = 10  # seconds per HTTP request



def write_json(path: str, value) -> None:
    """Writes `value` as JSON to `path` atomically (a temporary file, then a rename)."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)

def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def to_json(obj) -> bytes:
    # Docker itself pretty-prints manifests with 3 spaces; any stable form works.
    return json.dumps(obj, indent=3).encode()


# --- content ----------------------------------------------------------------

class Content:
    """Everything to push: blobs per repository and manifests in push order."""

    def __init__(self):
        self.blobs: dict[str, dict[str, bytes]] = {}  # repo -> digest -> bytes
        self.manifests: list[tuple[str, str, str, bytes]] = []  # (repo, ref, mediaType, bytes)
        self.summary: dict[str, dict] = {}  # "repo:tag" -> seed.json entry

    def add_blob(self, repo: str, data: bytes) -> dict:
        digest = sha256(data)
        self.blobs.setdefault(repo, {})[digest] = data
        return {"digest": digest, "size": len(data)}

    def add_manifest(self, repo: str, ref: str, media_type: str, data: bytes) -> dict:
        self.manifests.append((repo, ref, media_type, data))
        return {"mediaType": media_type, "digest": sha256(data), "size": len(data)}

    def image(self, repo: str, oci: bool, arch: str, variant: str | None, text: str) -> tuple[dict, dict]:
        """Build one single-platform image (config + one layer) in `repo`.

        Returns (descriptor of the manifest, descriptor of the config); the
        manifest is queued but not tagged (ref = its digest)."""
        tar_bytes = make_tar({"hello.txt": text.encode()})
        layer = gzip.compress(tar_bytes, compresslevel=9, mtime=0)
        config = {
            "architecture": arch,
            "os": "linux",
            **({"variant": variant} if variant else {}),
            "created": CREATED,
            "config": {
                "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                "Cmd": ["/bin/cat", "/hello.txt"],
                "Labels": {"org.regprobe.lab": text.strip()},
            },
            "rootfs": {"type": "layers", "diff_ids": [sha256(tar_bytes)]},
            "history": [{"created": CREATED, "created_by": "regprobe lab seed.py"}],
        }
        config_bytes = to_json(config)
        config_desc = {"mediaType": OCI_CONFIG if oci else DOCKER_CONFIG,
                       **self.add_blob(repo, config_bytes)}
        layer_desc = {"mediaType": OCI_LAYER if oci else DOCKER_LAYER,
                      **self.add_blob(repo, layer)}
        manifest = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST if oci else DOCKER_V2,
            "config": order(config_desc),
            "layers": [order(layer_desc)],
        }
        data = to_json(manifest)
        desc = self.add_manifest(repo, sha256(data), manifest["mediaType"], data)
        return desc, config_desc

    def tag_image(self, repo: str, tag: str, oci: bool, arch: str = "amd64",
                  variant: str | None = None) -> None:
        desc, config_desc = self.image(repo, oci, arch, variant,
                                       "hello from %s:%s (linux/%s)\n" % (repo, tag, arch))
        # Push it again under the tag (the registry stores it once).
        repo_, _, media_type, data = self.manifests.pop()
        self.add_manifest(repo_, tag, media_type, data)
        self.summary["%s:%s" % (repo, tag)] = {**desc, "config": config_desc}

    def tag_list(self, repo: str, tag: str, oci: bool,
                 platforms: list[tuple[str, str | None]]) -> None:
        children = []
        for arch, variant in platforms:
            desc, _ = self.image(repo, oci, arch, variant,
                                 "hello from %s:%s (linux/%s%s)\n"
                                 % (repo, tag, arch, "/" + variant if variant else ""))
            platform = {"architecture": arch, "os": "linux"}
            if variant:
                platform["variant"] = variant
            children.append({**order(desc), "platform": platform})
        index = {
            "schemaVersion": 2,
            "mediaType": OCI_INDEX if oci else DOCKER_LIST,
            "manifests": children,
        }
        data = to_json(index)
        desc = self.add_manifest(repo, tag, index["mediaType"], data)
        self.summary["%s:%s" % (repo, tag)] = {**desc, "manifests": children}


def order(desc: dict) -> dict:
    """Descriptor with keys in the conventional order."""
    return {"mediaType": desc["mediaType"], "size": desc["size"], "digest": desc["digest"]}


def make_tar(files: dict[str, bytes]) -> bytes:
    """A tar archive with fixed metadata (mtime 0, root-owned) → stable bytes."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def build_content() -> Content:
    c = Content()
    c.tag_image("public/hello", "1.0", oci=False)
    c.tag_image("public/hello", "oci", oci=True)
    c.tag_list("public/multi", "1.0", oci=False, platforms=[("amd64", None), ("arm64", "v8")])
    c.tag_list("public/multi", "oci", oci=True, platforms=[("amd64", None), ("arm64", None)])
    c.tag_image("team/app", "v1.3", oci=False)
    c.tag_image("team/app", "2", oci=False)
    c.tag_image("team/sub/deep/app", "1", oci=False)
    c.tag_image("private/app", "1.0", oci=True)
    return c


# --- HTTP client ---------------------------------------------------------------

class SeedError(Exception):
    pass


class Conn:
    """A keep-alive HTTP(S) connection to one host, reconnecting when needed."""

    def __init__(self, base_url: str, ctx: ssl.SSLContext):
        u = urlsplit(base_url)
        if u.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SeedError("refusing non-loopback URL %s" % base_url)
        self.scheme, self.host, self.port = u.scheme, u.hostname, u.port
        self.ctx = ctx
        self.conn = None

    def _connect(self):
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.host, self.port, timeout=TIMEOUT, context=self.ctx)
        return http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)

    def request(self, method: str, target: str, headers: dict | None = None,
                body: bytes | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = self._connect()
            try:
                self.conn.request(method, target, body=body, headers=headers or {})
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.will_close:
                    self.conn.close()
                    self.conn = None
                return resp.status, resp.headers, data
            except (http.client.HTTPException, ConnectionError) as exc:
                # A server may drop an idle keep-alive connection: retry once.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise SeedError("%s %s: %s" % (method, target, exc)) from exc
        raise AssertionError("unreachable")


def parse_challenge(value: str) -> tuple[str, dict[str, str]]:
    """'Bearer realm="x",service="y"' -> ("bearer", {"realm": "x", "service": "y"})."""
    scheme, _, rest = value.strip().partition(" ")
    params = dict(re.findall(r'(\w+)="([^"]*)"', rest))
    return scheme.lower(), params


class Registry:
    def __init__(self, base_url: str, ctx: ssl.SSLContext, user: str, password: str):
        self.base_url = base_url.rstrip("/")
        self.ctx = ctx
        self.conn = Conn(self.base_url, ctx)
        self.user, self.password = user, password
        self.basic = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        self.scheme = "none"
        self.challenge: dict[str, str] = {}
        self.tokens: dict[str, str] = {}  # repo -> bearer token

    def discover_auth(self) -> None:
        status, headers, _ = self.conn.request("GET", "/v2/")
        if status == 200:
            self.scheme = "none"
        elif status == 401:
            self.scheme, self.challenge = parse_challenge(headers.get("WWW-Authenticate", ""))
            if self.scheme not in ("basic", "bearer"):
                raise SeedError("%s: unsupported challenge %r" % (self.base_url, self.scheme))
        else:
            raise SeedError("%s: GET /v2/ returned %d" % (self.base_url, status))

    def auth_header(self, repo: str) -> dict:
        if self.scheme == "basic":
            return {"Authorization": self.basic}
        if self.scheme == "bearer":
            if repo not in self.tokens:
                self.tokens[repo] = self.fetch_token(repo)
            return {"Authorization": "Bearer " + self.tokens[repo]}
        return {}

    def fetch_token(self, repo: str) -> str:
        realm = self.challenge["realm"]
        query = urlencode({"service": self.challenge.get("service", ""),
                           "scope": "repository:%s:pull,push" % repo})
        u = urlsplit(realm)
        conn = Conn(realm, self.ctx)
        status, _, body = conn.request("GET", "%s?%s" % (u.path, query), {"Authorization": self.basic})
        if status != 200:
            raise SeedError("token server %s returned %d" % (realm, status))
        doc = json.loads(body)
        token = doc.get("token") or doc.get("access_token")
        if not token:
            raise SeedError("token server %s returned no token" % realm)
        return token

    def call(self, method: str, repo: str, target: str, headers: dict | None = None,
             body: bytes | None = None, expect: tuple[int, ...] = (200,)):
        h = dict(headers or {})
        h.update(self.auth_header(repo))
        status, resp_headers, data = self.conn.request(method, target, h, body)
        if status not in expect:
            raise SeedError("%s %s%s: HTTP %d %s"
                            % (method, self.base_url, target.split("?")[0], status,
                               data[:300].decode("utf-8", "replace")))
        return status, resp_headers, data

    def push_blob(self, repo: str, digest: str, data: bytes) -> None:
        status, _, _ = self.call("HEAD", repo, "/v2/%s/blobs/%s" % (repo, digest), expect=(200, 404))
        if status == 200:
            return  # already there (re-seeding an existing storage)
        _, headers, _ = self.call("POST", repo, "/v2/%s/blobs/uploads/" % repo,
                                  {"Content-Length": "0"}, b"", expect=(202,))
        location = urlsplit(headers["Location"])  # absolute or relative URL
        target = location.path + "?" + (location.query + "&" if location.query else "")
        target += urlencode({"digest": digest})
        _, headers, _ = self.call("PUT", repo, target,
                                  {"Content-Type": "application/octet-stream",
                                   "Content-Length": str(len(data))}, data, expect=(201,))
        if headers.get("Docker-Content-Digest") not in (None, digest):
            raise SeedError("%s: blob digest mismatch for %s" % (self.base_url, digest))

    def push_manifest(self, repo: str, ref: str, media_type: str, data: bytes) -> None:
        _, headers, _ = self.call("PUT", repo, "/v2/%s/manifests/%s" % (repo, ref),
                                  {"Content-Type": media_type}, data, expect=(201,))
        got = headers.get("Docker-Content-Digest")
        if got != sha256(data):
            raise SeedError("%s: PUT %s:%s returned digest %s, expected %s"
                            % (self.base_url, repo, ref, got, sha256(data)))

    def verify(self, repo: str, tag: str, entry: dict) -> None:
        _, headers, _ = self.call("HEAD", repo, "/v2/%s/manifests/%s" % (repo, tag),
                                  {"Accept": ACCEPT_ALL})
        digest = headers.get("Docker-Content-Digest")
        size = headers.get("Content-Length")
        ctype = headers.get("Content-Type")
        if (digest, size, ctype) != (entry["digest"], str(entry["size"]), entry["mediaType"]):
            raise SeedError("%s: HEAD %s:%s gave (%s, %s, %s), expected (%s, %d, %s)"
                            % (self.base_url, repo, tag, digest, size, ctype,
                               entry["digest"], entry["size"], entry["mediaType"]))


def seed(url: str, content: Content, ctx: ssl.SSLContext, user: str, password: str) -> None:
    reg = Registry(url, ctx, user, password)
    reg.discover_auth()
    for repo, blobs in content.blobs.items():
        for digest, data in blobs.items():
            reg.push_blob(repo, digest, data)
    for repo, ref, media_type, data in content.manifests:
        reg.push_manifest(repo, ref, media_type, data)
    for key, entry in content.summary.items():
        repo, _, tag = key.rpartition(":")
        reg.verify(repo, tag, entry)


# --- bulk mode (scripts/bench) ---------------------------------------------------

BULK_MAX_WORKERS = 32
BULK_MAX_REPOS = 1000
BULK_MAX_TAGS = 10000


def build_bulk_content(prefix: str, repos: int, tags: int) -> tuple[dict, list, dict]:
    """(blobs: repo -> [(digest, bytes)], manifests: [(repo, tag, bytes)],
    summary: "repo:tag" -> descriptor). Deterministic bytes."""
    width = max(2, len(str(repos - 1)))
    twidth = max(3, len(str(tags - 1)))
    tar_bytes = make_tar({"bench.txt": b"regprobe bench layer\n"})
    layer = gzip.compress(tar_bytes, compresslevel=9, mtime=0)
    blobs: dict[str, list[tuple[str, bytes]]] = {}
    manifests: list[tuple[str, str, bytes]] = []
    summary: dict[str, dict] = {}
    for r in range(repos):
        repo = "%s%0*d" % (prefix, width, r)
        config = {
            "architecture": "amd64",
            "os": "linux",
            "created": CREATED,
            "config": {"Labels": {"org.regprobe.bench.repository": repo}},
            "rootfs": {"type": "layers", "diff_ids": [sha256(tar_bytes)]},
            "history": [{"created": CREATED, "created_by": "regprobe lab seed.py bulk"}],
        }
        config_bytes = to_json(config)
        blobs[repo] = [(sha256(config_bytes), config_bytes), (sha256(layer), layer)]
        config_desc = {"mediaType": OCI_CONFIG, "size": len(config_bytes), "digest": sha256(config_bytes)}
        layer_desc = {"mediaType": OCI_LAYER, "size": len(layer), "digest": sha256(layer)}
        for t in range(tags):
            tag = "t%0*d" % (twidth, t)
            manifest = {
                "schemaVersion": 2,
                "mediaType": OCI_MANIFEST,
                "config": config_desc,
                "layers": [layer_desc],
                "annotations": {"org.regprobe.bench.tag": "%s:%s" % (repo, tag)},
            }
            data = to_json(manifest)
            manifests.append((repo, tag, data))
            summary["%s:%s" % (repo, tag)] = {"digest": sha256(data), "mediaType": OCI_MANIFEST,
                                              "size": len(data)}
    return blobs, manifests, summary


def run_pool(workers: int, jobs: list, fn) -> None:
    """Run fn(job) for every job on `workers` threads; raise the first failure.
    Each HTTP call has a TIMEOUT, so every job ends in bounded time."""
    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(fn, job) for job in jobs]
        for f in concurrent.futures.as_completed(futures):
            exc = f.exception()
            if exc is not None:
                for other in futures:
                    other.cancel()
                raise exc


def seed_bulk(url: str, blobs: dict, manifests: list, summary: dict, ctx: ssl.SSLContext,
              user: str, password: str, workers: int, verify: bool) -> None:
    """Push the bulk content into one registry (then HEAD every tag if `verify`)."""
    first = Registry(url, ctx, user, password)
    first.discover_auth()
    tokens: dict[str, str] = {}  # repo -> token; filled before any push, then only read
    local = threading.local()

    def reg() -> Registry:
        """This thread's client (own keep-alive connection), sharing auth state."""
        r = getattr(local, "reg", None)
        if r is None:
            r = Registry(url, ctx, user, password)
            r.scheme, r.challenge, r.tokens = first.scheme, first.challenge, tokens
            local.reg = r
        return r

    def get_token(repo: str) -> None:
        tokens[repo] = reg().fetch_token(repo)

    def push_blobs(repo: str) -> None:
        for digest, data in blobs[repo]:
            reg().push_blob(repo, digest, data)

    def push_manifest(item: tuple[str, str, bytes]) -> None:
        repo, tag, data = item
        reg().push_manifest(repo, tag, OCI_MANIFEST, data)

    def verify_tag(item: tuple[str, str, bytes]) -> None:
        repo, tag, _ = item
        reg().verify(repo, tag, summary["%s:%s" % (repo, tag)])

    if first.scheme == "bearer":
        run_pool(workers, sorted(blobs), get_token)
    run_pool(workers, sorted(blobs), push_blobs)
    run_pool(workers, manifests, push_manifest)
    if verify:
        run_pool(workers, manifests, verify_tag)


def bulk_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="seed.py bulk",
                                 description="push many small tags fast (for scripts/bench)")
    ap.add_argument("--cafile", required=True, help="CA that signed the registries' TLS certs")
    ap.add_argument("--registry", action="append", required=True, metavar="URL",
                    help="registry base URL (repeatable)")
    ap.add_argument("--repos", type=int, default=20)
    ap.add_argument("--tags", type=int, default=25, help="tags per repository")
    ap.add_argument("--prefix", default="team/bench/r",
                    help="repository name prefix (default team/bench/r: the lab's alice and bob may pull it)")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--no-verify", action="store_true", help="skip the HEAD of every tag")
    ap.add_argument("--out", help="write {\"repo:tag\": descriptor} here")
    ap.add_argument("--user", default="admin", help="pushing user (default admin)")
    ap.add_argument("--password-env", default="SEED_PASSWORD",
                    help="env var holding the password (default SEED_PASSWORD, else 'adminpw')")
    args = ap.parse_args(argv)
    if not 1 <= args.repos <= BULK_MAX_REPOS:
        ap.error("--repos must be 1..%d" % BULK_MAX_REPOS)
    if not 1 <= args.tags <= BULK_MAX_TAGS:
        ap.error("--tags must be 1..%d" % BULK_MAX_TAGS)
    if not 1 <= args.workers <= BULK_MAX_WORKERS:
        ap.error("--workers must be 1..%d" % BULK_MAX_WORKERS)
    password = os.environ.get(args.password_env, "adminpw")
    ctx = ssl.create_default_context(cafile=args.cafile)

    start = time.monotonic()
    blobs, manifests, summary = build_bulk_content(args.prefix, args.repos, args.tags)
    for url in args.registry:  # one after the other: each already uses the whole pool
        try:
            seed_bulk(url, blobs, manifests, summary, ctx, args.user, password,
                                        args.workers, not args.no_verify)
        except (SeedError, OSError, ssl.SSLError, KeyError, ValueError) as exc:
            print("seed bulk: FAILED: %s: %s" % (url, exc), file=sys.stderr)
            return 1
    if args.out:
        tmp = args.out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1, sort_keys=True)
            f.write("\n")
        os.replace(tmp, args.out)
    print("seed bulk: %d tags in %d repositories (%d manifests, %d blobs) into each of %d registries, "
          "%s, in %.2fs"
          % (len(summary), len(blobs), len(manifests), sum(len(b) for b in blobs.values()),
             len(args.registry), "every tag verified with HEAD" if not args.no_verify else "not verified",
             time.monotonic() - start))
    return 0


# --- pull cases (containerd's verdict) ---------------------------------------------

OCI_EMPTY = "application/vnd.oci.empty.v1+json"
IN_TOTO = "application/vnd.in-toto+json"
ARTIFACT_TYPE = "application/vnd.regprobe.lab.note.v1"
NOTE_TYPE = "text/plain"


class PullCases(Content):
    """Images for the containerd oracle (Tests/IntegrationTests/PullCases.swift), pushed to one registry only,
    whole; then `deletions` break some of them with the registry's own DELETE (storage.delete.enabled), so that
    each broken image has exactly one defect and every other blob it names is real and pullable."""

    def __init__(self):
        super().__init__()
        self.deletions: list[tuple[str, str, str, str]] = []  # (repo, "manifests" | "blobs", digest, what)

    def manifest_json(self, repo: str, ref: str) -> dict:
        for repo_, ref_, _, data in self.manifests:
            if (repo_, ref_) == (repo, ref):
                return json.loads(data)
        raise KeyError("%s:%s" % (repo, ref))

    def describe(self, repo: str, tag: str, **extra) -> None:
        """The seed entry of repo:tag with the config and layers (or children) its manifest names."""
        doc = self.manifest_json(repo, tag)
        entry = dict(self.summary.get("%s:%s" % (repo, tag), {}))
        for key in ("config", "layers", "manifests", "artifactType"):
            if key in doc:
                entry[key] = doc[key]
        entry.update(extra)
        self.summary["%s:%s" % (repo, tag)] = entry

    def broken_image(self, repo: str, tag: str, gone: str) -> None:
        """A whole OCI image, then its `gone` blob ("config" or "layer") deleted: 404 BLOB_UNKNOWN."""
        self.tag_image(repo, tag, oci=True)
        doc = self.manifest_json(repo, tag)
        digest = doc["config"]["digest"] if gone == "config" else doc["layers"][0]["digest"]
        self.deletions.append((repo, "blobs", digest, "%s blob" % gone))
        self.describe(repo, tag, deleted={"what": "%s blob" % gone, "digest": digest})

    def child_gone(self, repo: str, tag: str) -> None:
        """An OCI index (linux/amd64, linux/arm64) whose amd64 child manifest is deleted by digest."""
        self.tag_list(repo, tag, oci=True, platforms=[("amd64", None), ("arm64", None)])
        child = next(m for m in self.summary["%s:%s" % (repo, tag)]["manifests"]
                     if m["platform"]["architecture"] == "amd64")
        self.deletions.append((repo, "manifests", child["digest"], "linux/amd64 child manifest"))
        self.describe(repo, tag, deleted={"what": "linux/amd64 child manifest", "digest": child["digest"]})

    def artifact(self, repo: str, tag: str) -> None:
        """An OCI artifact: `artifactType`, the empty `{}` config and one blob that is not a layer.
        https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md#guidelines-for-artifact-usage"""
        empty = {"mediaType": OCI_EMPTY, **self.add_blob(repo, b"{}")}
        note = {"mediaType": NOTE_TYPE, **self.add_blob(repo, b"regprobe lab note: not a filesystem layer\n")}
        manifest = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "artifactType": ARTIFACT_TYPE,
            "config": order(empty),
            "layers": [order(note)],
            "annotations": {"org.opencontainers.image.created": CREATED},
        }
        data = to_json(manifest)
        self.summary["%s:%s" % (repo, tag)] = self.add_manifest(repo, tag, OCI_MANIFEST, data)
        self.describe(repo, tag)

    def attested(self, repo: str, tag: str) -> None:
        """An OCI index of a linux/amd64 image and the attestation manifest BuildKit adds beside it (platform
        unknown/unknown, `vnd.docker.reference.type: attestation-manifest`), every blob real.
        https://github.com/moby/buildkit/blob/v0.12.0/docs/attestations/attestation-storage.md"""
        image, _ = self.image(repo, True, "amd64", None, "hello from %s:%s (linux/amd64)\n" % (repo, tag))
        statement = to_json({
            "_type": "https://in-toto.io/Statement/v0.1",
            "predicateType": "https://spdx.dev/Document",
            "subject": [{"name": "pkg:docker/%s@%s" % (repo, tag),
                         "digest": {"sha256": image["digest"].split(":", 1)[1]}}],
            "predicate": {"spdxVersion": "SPDX-2.3", "name": "regprobe lab"},
        })
        layer = {"mediaType": IN_TOTO, **self.add_blob(repo, statement)}
        config = to_json({"architecture": "unknown", "os": "unknown", "config": {},
                          "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}})
        config_desc = {"mediaType": OCI_CONFIG, **self.add_blob(repo, config)}
        attestation = to_json({
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": order(config_desc),
            "layers": [{**order(layer), "annotations": {"in-toto.io/predicate-type": "https://spdx.dev/Document"}}],
        })
        att_desc = self.add_manifest(repo, sha256(attestation), OCI_MANIFEST, attestation)
        children = [
            {**order(image), "platform": {"architecture": "amd64", "os": "linux"}},
            {**order(att_desc),
             "annotations": {"vnd.docker.reference.digest": image["digest"],
                             "vnd.docker.reference.type": "attestation-manifest"},
             "platform": {"architecture": "unknown", "os": "unknown"}},
        ]
        data = to_json({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": children})
        self.summary["%s:%s" % (repo, tag)] = {**self.add_manifest(repo, tag, OCI_INDEX, data)}
        self.describe(repo, tag)


def build_pull_cases() -> PullCases:
    c = PullCases()
    c.artifact("pull/artifact", "1")
    c.child_gone("pull/child-gone", "1")
    c.attested("pull/attested", "1")
    c.broken_image("pull/layer-gone", "1", gone="layer")
    c.broken_image("pull/config-gone", "1", gone="config")
    return c


def pullcases_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="seed.py pullcases",
                                 description="push the containerd oracle's images into one registry, then break "
                                             "some with DELETE")
    ap.add_argument("--registry", required=True, metavar="URL", help="registry base URL (deletes enabled)")
    ap.add_argument("--cafile", help="CA that signed the registry's TLS certificate")
    ap.add_argument("--out", required=True, help="write {\"repo:tag\": entry} here")
    ap.add_argument("--user", default="admin", help="pushing user (default admin)")
    ap.add_argument("--password-env", default="SEED_PASSWORD",
                    help="env var holding the password (default SEED_PASSWORD, else 'adminpw')")
    args = ap.parse_args(argv)
    password = os.environ.get(args.password_env, "adminpw")
    ctx = ssl.create_default_context(cafile=args.cafile)
    start = time.monotonic()
    content = build_pull_cases()
    again = build_pull_cases()
    assert again.manifests == content.manifests and again.blobs == content.blobs, "non-deterministic content"
    try:
        seed(args.registry, content, ctx, args.user, password)
        reg = Registry(args.registry, ctx, args.user, password)
        reg.discover_auth()
        for repo, kind, digest, _ in content.deletions:
            reg.call("DELETE", repo, "/v2/%s/%s/%s" % (repo, kind, digest), expect=(202,))
        # The deleted thing answers 404 now; every tag still resolves (HEAD by tag).
        for repo, kind, digest, what in content.deletions:
            status, _, _ = reg.call("HEAD", repo, "/v2/%s/%s/%s" % (repo, kind, digest),
                                    {"Accept": ACCEPT_ALL}, expect=(200, 404))
            if status != 404:
                raise SeedError("%s: the deleted %s %s of %s still answers %d" % (args.registry, what, digest,
                                                                                   repo, status))
        for key, entry in content.summary.items():
            repo, _, tag = key.rpartition(":")
            reg.verify(repo, tag, entry)
    except (SeedError, OSError, ssl.SSLError, KeyError, ValueError) as exc:
        print("seed pullcases: FAILED: %s: %s" % (args.registry, exc), file=sys.stderr)
        return 1
    write_json(args.out, content.summary)
    print("seed pullcases: %d tags, %d deletions into %s in %.2fs"
          % (len(content.summary), len(content.deletions), args.registry, time.monotonic() - start))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cafile", required=True, help="CA that signed the registries' TLS certs")
    ap.add_argument("--out", required=True, help="where to write seed.json")
    ap.add_argument("--user", default="admin", help="pushing user (default admin)")
    ap.add_argument("--password-env", default="SEED_PASSWORD",
                    help="env var holding the password (default SEED_PASSWORD, else 'adminpw')")
    ap.add_argument("urls", nargs="+", help="registry base URLs")
    args = ap.parse_args()
    password = os.environ.get(args.password_env, "adminpw")

    ctx = ssl.create_default_context(cafile=args.cafile)
    content = build_content()
    # Building twice must give identical bytes (no timestamps, no randomness).
    again = build_content()
    assert again.manifests == content.manifests and again.blobs == content.blobs, "non-deterministic content"

    # The registries are independent: seed them in parallel, one thread each.
    start = time.monotonic()
    failures: list[str] = []

    def run(url: str) -> None:
        try:
            seed(url, content, ctx, args.user, password)
        except (SeedError, OSError, ssl.SSLError, KeyError, ValueError) as exc:
            failures.append("%s: %s" % (url, exc))

    threads = [threading.Thread(target=run, args=(url,)) for url in args.urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()  # each HTTP call has a TIMEOUT, so this is bounded
    if failures:
        for f in failures:
            print("seed: FAILED: %s" % f, file=sys.stderr)
        return 1

    write_json(args.out, content.summary)
    print("seed: %d tags, %d manifests, %d blobs into %d registries in %.2fs"
          % (len(content.summary), len(content.manifests),
             sum(len(b) for b in content.blobs.values()), len(args.urls),
             time.monotonic() - start))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "bulk":
        sys.exit(bulk_main(sys.argv[2:]))
    if len(sys.argv) > 1 and sys.argv[1] == "pullcases":
        sys.exit(pullcases_main(sys.argv[2:]))
    sys.exit(main())
