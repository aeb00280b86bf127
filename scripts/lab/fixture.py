#!/usr/bin/python3
"""Fake registry for the regprobe test lab: the misbehaviours a real registry
cannot be configured to show.

One process, two plain-HTTP listeners on 127.0.0.1:

--port (anonymous registry), manifest routes by repository:
  GET  /v2/                              200 {} + Docker-Distribution-API-Version
  ratelimited/app/manifests/*            429 + Retry-After / ratelimit-* headers
  broken/app/manifests/*                 500 UNKNOWN
  unavailable/app/manifests/*            503 UNAVAILABLE
  nohead/app/manifests/<ref>             HEAD 405, GET 200 manifest + digest
  nodigest/app/manifests/<ref>           200 manifest, no Docker-Content-Digest
  mismatch/app/manifests/<ref>           200 manifest, digest sha256:aaaa... (wrong)
  slow/app/manifests/*                   sleeps FIXTURE_SLOW_SECONDS (default 5, max 30), 200
  html/app/manifests/*                   200 text/html "<html>login</html>"
  oddheaders/app/manifests/<ref>         200 manifest; header names in odd case and
                                         a repeated X-Repeated header
  flaky/app/manifests/<ref>              503 for the first 2 requests of each <ref>, then 200
  brief429/app/manifests/<ref>           429 Retry-After: 1 for the first request of each <ref>, then 200
  hubstyle/app/manifests/<ref>           200 with Docker Hub's ratelimit-limit / ratelimit-remaining
  warning/app/manifests/<ref>            200 with a `Warning: 299 - "..."` header
  deniedtext/app/manifests/<ref>         403; the GET body says why (DENIED), the HEAD has none
  hugeheader/app/manifests/<ref>         200 with one 200 KiB header line
  hugebody/app/manifests/<ref>           HEAD 405; GET 200 with a 5 MiB body
  redirectloop/app/manifests/<ref>       302 to itself, forever
  schema1/app/manifests/<ref>            200 signed schema1 manifest
  octet/app/manifests/<ref>              HEAD 200 application/octet-stream with digest; GET the same
  anything else under /v2/               404 NAME_UNKNOWN

  pull/<case>/{manifests,blobs}/<ref>    whole OCI images (real config and layer blobs, built like seed.py's) with
                                         exactly one defect each, for the containerd oracle; described in
                                         --images-out ({"repo:1": {"digest", "mediaType", "size", "config",
                                         "layers", ...}}), tag "1":
    pull/plain                           none: the fixture's own control case (pulls)
    pull/twice                           none: pulled twice by the test that proves no pull reuses another's
                                         blobs (its blob GETs are counted in --log)
    pull/digest-mismatch                 by tag and by the claimed digest: the body does not hash to the
                                         Docker-Content-Digest it is served with ("claimedDigest")
    pull/long-length                     the layer blob's Content-Length says 7 bytes more than the whole blob it
                                         sends ("wrongLength"); the connection is closed after the body
    pull/short-length                    the layer blob's Content-Length says 7 bytes fewer than the blob, and
                                         that many bytes come ("wrongLength")
    pull/tags-only                       the tag resolves, the manifest by its digest is 404 MANIFEST_UNKNOWN
                                         (a mirror that syncs tags only)
    pull/storage-live                    every blob HEAD/GET is a 307 to --storage-port ("storage"), which
                                         refuses HEAD (403, like a storage URL signed for GET) and serves GET,
                                         206 for `Range: bytes=0-0`
    pull/storage-dead                    every blob HEAD/GET is a 307 to a port bound but never listening, so a
                                         connection is refused ("storage")
  (unknown blob: 404 BLOB_UNKNOWN; unknown manifest: 404 MANIFEST_UNKNOWN)

--storage-port (the storage service): GET /storage/<digest>?X-Amz-Signature=... 200 (or 206 for one
`Range: bytes=A-B`), HEAD 403 SignatureDoesNotMatch.

--token-port (bearer-token registry whose token endpoint returns only
`access_token`):
  GET /token                             {"access_token": "fixture-token-123", "expires_in": 60}
  GET /v2/                               401 Bearer challenge unless the bearer is valid, then 200
  tokened/app/manifests/<ref>            200 manifest + digest with the bearer, else 401
                                         with scope="repository:tokened/app:pull"
  anything else under /v2/               401 without the bearer, 404 NAME_UNKNOWN with it

HEAD answers carry the same status and headers as GET (Content-Length
included) but no body. Every request is appended to --log as
"METHOD PATH STATUS". Standard library only (and seed.py beside it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import threading
import time
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import seed as lab_seed  # noqa: E402 (scripts/lab/seed.py: the same image builder as the registries' seeds)

DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json"
FIXTURE_TOKEN = "fixture-token-123"

# A fixed, valid-looking Docker v2 manifest. Its blobs do not exist anywhere;
# only the manifest bytes and their digest matter to the tests.
MANIFEST = json.dumps({
    "schemaVersion": 2,
    "mediaType": DOCKER_V2,
    "config": {
        "mediaType": "application/vnd.docker.container.image.v1+json",
        "size": 1469,
        "digest": "sha256:" + hashlib.sha256(b"regprobe fixture config").hexdigest(),
    },
    "layers": [{
        "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
        "size": 2479,
        "digest": "sha256:" + hashlib.sha256(b"regprobe fixture layer").hexdigest(),
    }],
}, indent=3).encode()
MANIFEST_DIGEST = "sha256:" + hashlib.sha256(MANIFEST).hexdigest()
WRONG_DIGEST = "sha256:" + "a" * 64
# A signed schema1 manifest; registries report the digest of its payload (here: of the bytes as sent, which is
# what a client can check).
SCHEMA1 = json.dumps({
    "schemaVersion": 1, "name": "schema1/app", "tag": "1", "architecture": "amd64",
    "fsLayers": [{"blobSum": "sha256:" + "0" * 64}], "history": [{"v1Compatibility": "{}"}],
    "signatures": [],
}, separators=(",", ":")).encode()
SCHEMA1_DIGEST = "sha256:" + hashlib.sha256(SCHEMA1).hexdigest()

MANIFEST_RE = re.compile(r"^/v2/(?P<name>.+)/manifests/(?P<ref>[^/]+)$")
BLOB_RE = re.compile(r"^/v2/(?P<name>.+)/blobs/(?P<digest>sha256:[0-9a-f]{64})$")
STORAGE_RE = re.compile(r"^/storage/(?P<digest>sha256:[0-9a-f]{64})$")
RANGE_RE = re.compile(r"^bytes=(?P<first>[0-9]+)-(?P<last>[0-9]+)$")
PULL_TAG = "1"
WRONG_LENGTH_DELTA = 7  # bytes the wrong Content-Length is off by (more for long-length, fewer for short-length)


class PullImage:
    """One fixture image for the containerd oracle: its manifest bytes, its blobs, and its seed-style entry."""

    def __init__(self, repo: str):
        content = lab_seed.Content()
        content.tag_image(repo, PULL_TAG, oci=True)
        _, _, self.media_type, self.manifest = content.manifests[-1]
        self.repo = repo
        self.digest = lab_seed.sha256(self.manifest)
        self.blobs: dict[str, bytes] = content.blobs[repo]
        doc = json.loads(self.manifest)
        self.layer_digest = doc["layers"][0]["digest"]
        self.entry = {"digest": self.digest, "mediaType": self.media_type, "size": len(self.manifest),
                      "config": doc["config"], "layers": doc["layers"]}
        # pull/digest-mismatch claims the digest of the same manifest in other bytes (compact JSON), as a proxy
        # that re-serialises would.
        self.claimed = lab_seed.sha256(json.dumps(doc, separators=(",", ":")).encode())


PULL_CASES = ["plain", "twice", "digest-mismatch", "long-length", "short-length", "tags-only", "storage-live",
              "storage-dead"]


def announced_length(case: str, size: int) -> int:
    """The Content-Length the fixture sends for the layer blob of `case`."""
    if case == "long-length":
        return size + WRONG_LENGTH_DELTA
    if case == "short-length":
        return size - WRONG_LENGTH_DELTA
    return size


def build_pull_images() -> dict[str, PullImage]:
    return {"pull/" + case: PullImage("pull/" + case) for case in PULL_CASES}


PULL_IMAGES = build_pull_images()
# Any other /v2/<name>/<kind>/... path, to name the repository in challenges.
REPO_RE = re.compile(r"^/v2/(?P<name>.+?)/(?:manifests|blobs|tags)/")


def errors(code: str, message: str) -> bytes:
    return json.dumps({"errors": [{"code": code, "message": message}]}).encode()


NAME_UNKNOWN = errors("NAME_UNKNOWN", "repository name not known to registry")


def slow_seconds() -> float:
    try:
        value = float(os.environ.get("FIXTURE_SLOW_SECONDS", "5"))
    except ValueError:
        value = 5.0
    return max(0.0, min(value, 30.0))


class Handler(BaseHTTPRequestHandler):
    server_version = "regprobe-lab-fixture/1"
    protocol_version = "HTTP/1.1"  # keep-alive; every answer has Content-Length
    timeout = 60  # idle keep-alive connections are dropped after this

    log_file = None
    log_lock = threading.Lock()

    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        pass  # we write our own access log in reply()

    def version_string(self):
        return self.server_version

    # -- response helper ----------------------------------------------------
    def reply(self, status: int, body: bytes = b"", headers: list[tuple[str, str]] | None = None,
              content_type: str | None = "application/json", content_length: bool = True) -> None:
        """Write the access-log line, then send status + headers (in the given
        order and spelling) and the body unless this is a HEAD.

        Logging first means: once a client has the response, its log line is
        already in the file (tests can read it right away), and a client that
        gave up (e.g. on slow/app) is still logged."""
        with self.log_lock:
            self.log_file.write("%s %s %d\n" % (self.command, self.path, status))
            self.log_file.flush()
        self.send_response(status)
        names = {k.lower() for k, _ in headers or []}
        if content_type is not None and "content-type" not in names:
            self.send_header("Content-Type", content_type)
        for k, v in headers or []:
            self.send_header(k, v)
        if content_length and "content-length" not in names:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
        self.wfile.flush()

    def drain_body(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > 0:
            self.rfile.read(min(length, 1 << 20))

    # -- dispatch -------------------------------------------------------------
    def do_GET(self):
        path = urlsplit(self.path).path
        if self.server.mode == "token":
            self.handle_token_port(path)
        elif self.server.mode == "storage":
            self.handle_storage_port(path)
        else:
            self.handle_open_port(path)

    do_HEAD = do_GET

    def other_method(self):
        self.drain_body()
        self.reply(405, errors("UNSUPPORTED", "The operation is unsupported."),
                   [("Allow", "GET, HEAD")])

    do_POST = do_PUT = do_DELETE = do_PATCH = other_method

    # -- anonymous port -------------------------------------------------------
    def handle_open_port(self, path: str) -> None:
        api = [("Docker-Distribution-API-Version", "registry/2.0")]
        if path in ("/v2/", "/v2"):
            self.reply(200, b"{}", api)
            return
        if path.startswith("/v2/pull/"):
            self.handle_pull(path, api)
            return
        m = MANIFEST_RE.match(path)
        if not m:
            self.reply(404, NAME_UNKNOWN, api)
            return
        name = m.group("name")
        manifest_ok = api + [("Docker-Content-Digest", MANIFEST_DIGEST)]

        if name == "ratelimited/app":
            self.reply(429, errors("TOOMANYREQUESTS", "You have reached your pull rate limit."),
                       api + [("Retry-After", "30"),
                              ("ratelimit-limit", "100;w=21600"),
                              ("ratelimit-remaining", "0;w=21600")])
        elif name == "broken/app":
            self.reply(500, errors("UNKNOWN", "internal error"), api)
        elif name == "unavailable/app":
            self.reply(503, errors("UNAVAILABLE", "service unavailable"), api)
        elif name == "nohead/app":
            if self.command == "HEAD":
                self.reply(405, b"", api + [("Allow", "GET")], content_type=None)
            else:
                self.reply(200, MANIFEST, manifest_ok, content_type=DOCKER_V2)
        elif name == "nodigest/app":
            self.reply(200, MANIFEST, api, content_type=DOCKER_V2)
        elif name == "mismatch/app":
            self.reply(200, MANIFEST, api + [("Docker-Content-Digest", WRONG_DIGEST)],
                       content_type=DOCKER_V2)
        elif name == "slow/app":
            time.sleep(slow_seconds())
            self.reply(200, MANIFEST, manifest_ok, content_type=DOCKER_V2)
        elif name == "html/app":
            self.reply(200, b"<html>login</html>", content_type="text/html")
        elif name in ("flaky/app", "brief429/app"):
            ref = m.group("ref")
            with self.log_lock:
                seen = self.server.counts.get((name, ref), 0)
                self.server.counts[(name, ref)] = seen + 1
            if name == "flaky/app" and seen < 2:
                self.reply(503, errors("UNAVAILABLE", "try again"), api)
            elif name == "brief429/app" and seen < 1:
                self.reply(429, errors("TOOMANYREQUESTS", "slow down"), api + [("Retry-After", "1")])
            else:
                self.reply(200, MANIFEST, manifest_ok, content_type=DOCKER_V2)
        elif name == "hubstyle/app":
            self.reply(200, MANIFEST, manifest_ok + [("ratelimit-limit", "100;w=21600"),
                                                     ("ratelimit-remaining", "76;w=21600")],
                       content_type=DOCKER_V2)
        elif name == "warning/app":
            self.reply(200, MANIFEST, manifest_ok + [("Warning", '299 - "this repository is deprecated"')],
                       content_type=DOCKER_V2)
        elif name == "deniedtext/app":
            self.reply(403, errors("DENIED", "requested access to the resource is denied: blocked by org policy"), api)
        elif name == "hugeheader/app":
            self.reply(200, MANIFEST, manifest_ok + [("X-Huge", "x" * (200 * 1024))], content_type=DOCKER_V2)
        elif name == "hugebody/app":
            if self.command == "HEAD":
                self.reply(405, b"", api, content_type=None)
            else:
                self.reply(200, b"{" + b" " * (5 * 1024 * 1024) + b"}", api, content_type=DOCKER_V2)
        elif name == "redirectloop/app":
            self.reply(302, b"", api + [("Location", path)], content_type=None)
        elif name == "schema1/app":
            self.reply(200, SCHEMA1, api + [("Docker-Content-Digest", SCHEMA1_DIGEST)],
                       content_type="application/vnd.docker.distribution.manifest.v1+prettyjws")
        elif name == "octet/app":
            self.reply(200, b"\x00\x01binary", api + [("Docker-Content-Digest", MANIFEST_DIGEST)],
                       content_type="application/octet-stream")
        elif name == "oddheaders/app":
            self.reply(200, MANIFEST, [
                ("Docker-Distribution-API-Version", "registry/2.0"),
                ("docker-content-digest", MANIFEST_DIGEST),
                ("CONTENT-TYPE", DOCKER_V2),
                ("X-Repeated", "a"),
                ("X-Repeated", "b"),
            ], content_type=None)
        else:
            self.reply(404, NAME_UNKNOWN, api)

    # -- pull/ images (the containerd oracle) ------------------------------------
    def handle_pull(self, path: str, api: list[tuple[str, str]]) -> None:
        m = MANIFEST_RE.match(path) or BLOB_RE.match(path)
        image = PULL_IMAGES.get(m.group("name")) if m else None
        if image is None:
            self.reply(404, NAME_UNKNOWN, api)
            return
        case = image.repo.removeprefix("pull/")
        if "ref" in m.groupdict():
            ref = m.group("ref")
            digest = image.claimed if case == "digest-mismatch" else image.digest
            known = {PULL_TAG} if case == "tags-only" else {PULL_TAG, digest}
            if ref not in known:
                self.reply(404, errors("MANIFEST_UNKNOWN", "manifest unknown"), api)
                return
            self.reply(200, image.manifest, api + [("Docker-Content-Digest", digest)], content_type=image.media_type)
            return
        digest = m.group("digest")
        data = image.blobs.get(digest)
        if data is None:
            self.reply(404, errors("BLOB_UNKNOWN", "blob unknown to registry"), api)
            return
        if case in ("storage-live", "storage-dead"):
            port = self.server.storage_port if case == "storage-live" else self.server.dead_port
            location = "http://127.0.0.1:%d/storage/%s?X-Amz-Signature=lab-signed-for-GET" % (port, digest)
            self.reply(307, b"", api + [("Location", location)], content_type=None)
            return
        headers = api + [("Docker-Content-Digest", digest)]
        if case in ("long-length", "short-length") and digest == image.layer_digest:
            announced = announced_length(case, len(data))
            headers.append(("Content-Length", str(announced)))
            if announced > len(data):
                self.close_connection = True  # the promised bytes never come: the client sees the end early
            else:
                data = data[:announced]
        self.reply(200, data, headers, content_type="application/octet-stream")

    def handle_storage_port(self, path: str) -> None:
        m = STORAGE_RE.match(path)
        data = None
        if m:
            data = next((i.blobs[m.group("digest")] for i in PULL_IMAGES.values() if m.group("digest") in i.blobs),
                        None)
        if data is None:
            self.reply(404, b"<Error><Code>NoSuchKey</Code></Error>", content_type="application/xml")
            return
        if self.command == "HEAD":
            self.reply(403, b"", content_type="application/xml")  # a URL signed for GET does not sign HEAD
            return
        r = RANGE_RE.match(self.headers.get("Range") or "")
        if r and int(r.group("first")) <= int(r.group("last")) < len(data):
            first, last = int(r.group("first")), int(r.group("last"))
            self.reply(206, data[first:last + 1], [("Content-Range", "bytes %d-%d/%d" % (first, last, len(data)))],
                       content_type="application/octet-stream")
            return
        self.reply(200, data, content_type="application/octet-stream")

    # -- bearer-token port ------------------------------------------------------
    def has_valid_bearer(self) -> bool:
        scheme, _, value = (self.headers.get("Authorization") or "").partition(" ")
        return scheme.lower() == "bearer" and value.strip() == FIXTURE_TOKEN

    def challenge(self, scope: str | None) -> None:
        realm = "http://127.0.0.1:%d/token" % self.server.server_address[1]
        value = 'Bearer realm="%s",service="fixture"' % realm
        if scope:
            value += ',scope="%s"' % scope
        self.reply(401, errors("UNAUTHORIZED", "authentication required"),
                   [("Docker-Distribution-API-Version", "registry/2.0"),
                    ("WWW-Authenticate", value)])

    def handle_token_port(self, path: str) -> None:
        api = [("Docker-Distribution-API-Version", "registry/2.0")]
        if path == "/token":
            # Deliberately no "token" field: clients must accept access_token.
            body = json.dumps({"access_token": FIXTURE_TOKEN, "expires_in": 60}).encode()
            self.reply(200, body)
            return
        if path in ("/v2/", "/v2"):
            if self.has_valid_bearer():
                self.reply(200, b"{}", api)
            else:
                self.challenge(None)
            return
        if not path.startswith("/v2/"):
            self.reply(404, errors("NOT_FOUND", "not found"))
            return
        m = MANIFEST_RE.match(path) or REPO_RE.match(path)
        name = m.group("name") if m else None
        if not self.has_valid_bearer():
            self.challenge("repository:%s:pull" % name if name else None)
            return
        if name == "tokened/app" and MANIFEST_RE.match(path):
            self.reply(200, MANIFEST, api + [("Docker-Content-Digest", MANIFEST_DIGEST)],
                       content_type=DOCKER_V2)
        else:
            self.reply(404, NAME_UNKNOWN, api)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that hung up (timeout tests do) is normal here: one line, no traceback.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        print("fixture: error serving %s: %r" % (client_address, exc), file=sys.stderr, flush=True)

    def __init__(self, addr, mode: str, storage_port: int = 0, dead_port: int = 0):
        self.counts: dict = {}  # (repository, ref) -> requests seen, for flaky/ and brief429/
        super().__init__(addr, Handler)
        self.mode = mode  # "open", "token" or "storage"
        self.storage_port, self.dead_port = storage_port, dead_port


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True, help="anonymous fixture port")
    ap.add_argument("--token-port", type=int, required=True, help="bearer-token fixture port")
    ap.add_argument("--storage-port", type=int, required=True, help="storage service port (pull/storage-live)")
    ap.add_argument("--images-out", required=True, help="where to describe the pull/ images (JSON)")
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--log", required=True, help="access log (appended)")
    args = ap.parse_args()

    if args.bind not in ("127.0.0.1", "::1", "localhost"):
        print("fixture: refusing to bind a non-loopback address", file=sys.stderr)
        return 2

    Handler.log_file = open(args.log, "a", encoding="utf-8")
    # A port that is bound but never listens: a connection to it is refused, and nothing else can take it while
    # this process lives.
    dead = socket.socket(socket.AF_INET6 if ":" in args.bind else socket.AF_INET, socket.SOCK_STREAM)
    dead.bind((args.bind, 0))
    dead_port = dead.getsockname()[1]
    servers = [Server((args.bind, args.port), "open", args.storage_port, dead_port),
               Server((args.bind, args.token_port), "token"),
               Server((args.bind, args.storage_port), "storage")]
    images = {}
    for repo, image in PULL_IMAGES.items():
        entry = dict(image.entry)
        case = repo.removeprefix("pull/")
        if case == "digest-mismatch":
            entry["claimedDigest"] = image.claimed
        elif case in ("long-length", "short-length"):
            size = len(image.blobs[image.layer_digest])
            entry["wrongLength"] = {"digest": image.layer_digest, "announced": announced_length(case, size),
                                    "actual": size}
        elif case.startswith("storage-"):
            entry["storage"] = "127.0.0.1:%d" % (args.storage_port if case == "storage-live" else dead_port)
        images["%s:%s" % (repo, PULL_TAG)] = entry
    tmp = args.images_out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(images, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, args.images_out)
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for t in threads:
        t.start()
    print("fixture: listening on http://%s:%d, http://%s:%d (token) and http://%s:%d (storage; dead port %d), "
          "manifest %s, pid %d"
          % (args.bind, args.port, args.bind, args.token_port, args.bind, args.storage_port, dead_port,
             MANIFEST_DIGEST, os.getpid()),
          flush=True)
    try:
        for t in threads:
            t.join()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
