#!/usr/bin/python3
"""Helpers for scripts/bench (standard library only; loopback only).

  benchlib.py lists SEED_JSON OUTDIR HOST...
      image lists per registry host: OUTDIR/<name>-<n>.txt for the 100 images
      (5 tags of each of 20 repositories), all 500, and the 25 tags of the first
      repository (names: n100, n500, repo25). HOSTs are given as NAME=HOST:PORT.
  benchlib.py curlcfg --list FILE --base URL [--cacert F] --out CFG
      one curl config doing the protocol's minimum over one connection: GET
      /v2/, then (if the registry answers 401 with a Bearer challenge) one token
      request carrying every repository's scope (credentials from the env vars
      BENCH_USER / BENCH_PASSWORD, never printed), then a HEAD per image with
      the Accept list regprobe sends. The token the HEADs carry is fetched here,
      once, with the same scopes: a single curl process cannot feed one
      answer into a later request, so the timed process does the token request
      (same work, same answer) and uses this equivalent token.
  benchlib.py curlcfg --deep --plan PLAN --list FILE --base URL [--cacert F] --out CFG
      the same for `regprobe --deep`: the requests a pull's check makes, from
      the registry itself. Here, before anything is timed, every image's
      manifest is read once (GET by tag over one keep-alive connection, hashed
      with SHA-256), an index's children with a real platform too, as regprobe
      chooses them; the config then does the HEADs, one GET per distinct
      (repository, manifest digest), one HEAD per distinct (repository, blob
      digest) of every config and layer (foreign layers left out), in three
      groups over the same connection. PLAN gets the counts (JSON: images,
      ping, token, head, get, blob).
  benchlib.py checkcurl OUT N [PLAN]
      check a run of such a config (its write-out lines): every request after
      the ping and the token 200 and on no new connection; N HEADs, or with
      PLAN its HEADs, GETs and blob HEADs. Prints a one-line summary; exit 1 if
      not.
  benchlib.py checkjson JSON N [DEPTH]
      every result of `regprobe -o json` is `exists`, N of them, and with DEPTH
      (manifest, pull) every `depth` is DEPTH and no `deep.failures`; exit 1
      if not.
  benchlib.py reqcheck REQ PLAN
      REQ (scripts/bench's req-ROW-TOOL.txt: registry and token-server lines
      over EXECUTIONS runs) against PLAN: every run made exactly the plan's
      requests (ping + HEADs + GETs + blob HEADs, and its token requests).
  benchlib.py scanfile LIST N OUT
      OUT: one YAML stream of N Deployments (namespace bench), the i-th naming
      image i mod len(LIST) of LIST, for `regprobe scan`.
  benchlib.py checkscan JSON N
      `regprobe scan -o json`: N containers, each predicted to pull an image
      that exists; exit 1 if not.
  benchlib.py median FILE      median of the numbers in FILE (one per line)
  benchlib.py report DIR MODE [GROUPS]
      render DIR's measurements (see scripts/bench); GROUPS: the rows measured
      (--only), whose targets count
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
import ssl
import statistics
import sys
import urllib.error
import urllib.parse
import urllib.request

ACCEPT = ", ".join([
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/vnd.docker.distribution.manifest.v1+json",
])
INDEX_TYPES = ("application/vnd.oci.image.index.v1+json",
               "application/vnd.docker.distribution.manifest.list.v2+json")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
TIMEOUT = 10
MAX_MANIFEST = 4 * 1024 * 1024  # regprobe's cap on a manifest body
MAX_MANIFESTS = 100_000  # bound on the manifests one plan reads (the bench has 500)


def die(msg: str) -> None:
    print("benchlib: " + msg, file=sys.stderr)
    sys.exit(1)


# --- lists --------------------------------------------------------------------

def cmd_lists(seed_json: str, outdir: str, hosts: list[str]) -> None:
    keys = sorted(json.load(open(seed_json, encoding="utf-8")))
    by_repo: dict[str, list[str]] = {}
    for k in keys:
        repo, _, tag = k.rpartition(":")
        by_repo.setdefault(repo, []).append(tag)
    repos = sorted(by_repo)
    if len(repos) < 20 or min(len(t) for t in by_repo.values()) < 25:
        die("need at least 20 repositories of 25 tags in %s" % seed_json)
    n100 = []
    for repo in repos[:20]:
        tags = by_repo[repo]
        step = len(tags) // 5
        n100 += ["%s:%s" % (repo, tags[i * step]) for i in range(5)]
    sets = {
        "n100": n100,
        "n500": ["%s:%s" % (r, t) for r in repos[:20] for t in by_repo[r][:25]],
        "repo25": ["%s:%s" % (repos[0], t) for t in by_repo[repos[0]][:25]],
    }
    for spec in hosts:
        name, _, host = spec.partition("=")
        for set_name, images in sets.items():
            with open(os.path.join(outdir, "%s-%s.txt" % (name, set_name)), "w", encoding="utf-8") as f:
                f.write("".join("%s/%s\n" % (host, i) for i in images))


# --- scan ---------------------------------------------------------------------

def cmd_scanfile(list_path: str, n: int, out: str) -> None:
    images = [l.strip() for l in open(list_path, encoding="utf-8") if l.strip()]
    if not images:
        die("scanfile: no image in %s" % list_path)
    docs = []
    for i in range(n):
        docs.append("""apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-%(i)d
  namespace: bench
  labels: {app: app-%(i)d, tier: backend}
spec:
  replicas: 2
  selector:
    matchLabels: {app: app-%(i)d}
  template:
    metadata:
      labels: {app: app-%(i)d, tier: backend}
    spec:
      containers:
      - name: app
        image: %(image)s
        ports:
        - containerPort: 8080
        resources:
          requests: {cpu: 100m, memory: 128Mi}
        env:
        - name: MODE
          value: production
""" % {"i": i, "image": images[i % len(images)]})
    with open(out, "w", encoding="utf-8") as f:
        f.write("---\n".join(docs))


def cmd_checkscan(path: str, n: int) -> None:
    try:
        results = json.load(open(path, encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("regprobe scan -o json: unreadable output (%s)" % e)
        sys.exit(1)
    predictions: dict[str, int] = {}
    for r in results:
        key = "%s/%s" % (r.get("prediction"), r.get("status"))
        predictions[key] = predictions.get(key, 0) + 1
    print("regprobe scan: %d containers, %s" % (len(results), ", ".join(
        "%d %s" % (v, k) for k, v in sorted(predictions.items(), key=lambda kv: -kv[1]))))
    if len(results) != n or predictions.get("pulls/exists", 0) != n:
        sys.exit(1)


# --- curl floor -----------------------------------------------------------------

def open_url(req: urllib.request.Request, ctx: ssl.SSLContext | None):
    host = urllib.parse.urlsplit(req.full_url).hostname
    if host not in LOOPBACK:
        die("refusing non-loopback URL " + req.full_url)
    handlers: list = [urllib.request.ProxyHandler({})]
    if ctx is not None:
        handlers.append(urllib.request.HTTPSHandler(context=ctx))
    return urllib.request.build_opener(*handlers).open(req, timeout=TIMEOUT)


def challenge(base: str, ctx) -> dict[str, str] | None:
    try:
        with open_url(urllib.request.Request(base + "/v2/"), ctx):
            return None  # 200: no auth
    except urllib.error.HTTPError as e:
        if e.code != 401:
            die("GET %s/v2/ answered %d" % (base, e.code))
        value = e.headers.get("WWW-Authenticate", "")
        scheme, _, rest = value.partition(" ")
        if scheme.lower() != "bearer":
            die("%s: not a Bearer challenge: %r" % (base, value))
        return dict(re.findall(r'(\w+)="([^"]*)"', rest))


def q(value: str) -> str:
    """A curl config string value."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class KeepAlive:
    """One keep-alive connection to a loopback registry, for the plan's GETs (urllib opens one per request)."""

    def __init__(self, base: str, ctx: ssl.SSLContext | None):
        u = urllib.parse.urlsplit(base)
        if u.hostname not in LOOPBACK:
            die("refusing non-loopback URL " + base)
        if u.scheme == "https":
            self.conn = http.client.HTTPSConnection(u.hostname, u.port, context=ctx, timeout=TIMEOUT)
        else:
            self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=TIMEOUT)

    def get(self, path: str, headers: dict[str, str]) -> tuple[int, http.client.HTTPMessage, bytes]:
        self.conn.request("GET", path, headers=headers)
        resp = self.conn.getresponse()
        body = resp.read(MAX_MANIFEST + 1)
        if len(body) > MAX_MANIFEST:
            die("GET %s: a manifest over 4 MiB" % path)
        return resp.status, resp.headers, body


def pull_plan(base: str, paths: list[tuple[str, str]], authorization: str | None, ctx) -> dict:
    """What `regprobe --deep` requests for these images (README "Deep checks"; Sources/RegProbe/Pull/DeepCheck.swift),
    read from the registry: per image the resolve (HEAD by tag); one GET per distinct (repository, manifest digest):
    the one the tag resolves to and, for an index, every child with a real platform (not `unknown`, not a Docker
    attestation), as PlatformSelection chooses without --platform; one HEAD per distinct (repository, blob digest) of
    each image manifest's config and layers, foreign layers (`urls`) left out. Lists keep first-seen order."""
    conn = KeepAlive(base, ctx)
    headers = {"Accept": ACCEPT}
    if authorization:
        headers["Authorization"] = authorization
    gets: list[tuple[str, str]] = []
    blobs: list[tuple[str, str]] = []
    seen_gets: set[tuple[str, str]] = set()
    seen_blobs: set[tuple[str, str]] = set()

    def fetch(repo: str, reference: str) -> tuple[str, bytes, str]:
        if len(seen_gets) >= MAX_MANIFESTS:
            die("more than %d manifests to read" % MAX_MANIFESTS)
        path = "/v2/%s/manifests/%s" % (repo, reference)
        status, hdrs, body = conn.get(path, headers)
        if status != 200:
            die("GET %s answered %d" % (path, status))
        digest = "sha256:" + hashlib.sha256(body).hexdigest()
        said = hdrs.get("Docker-Content-Digest")
        if said and said != digest:
            die("GET %s: Docker-Content-Digest %s, the body hashes to %s" % (path, said, digest))
        if reference.startswith("sha256:") and reference != digest:
            die("GET %s: the body hashes to %s" % (path, digest))
        return digest, body, (hdrs.get("Content-Type") or "").split(";")[0].strip()

    def walk(repo: str, digest: str, body: bytes, content_type: str) -> None:
        if (repo, digest) in seen_gets:
            return
        seen_gets.add((repo, digest))
        gets.append((repo, digest))
        try:
            doc = json.loads(body)
        except ValueError:
            die("%s@%s is not JSON" % (repo, digest))
        media_type = doc.get("mediaType") or content_type
        if media_type in INDEX_TYPES:
            for child in doc.get("manifests") or []:
                platform = child.get("platform") or {}
                attestation = (child.get("annotations") or {}).get("vnd.docker.reference.type") == \
                    "attestation-manifest"
                real = platform.get("os") not in (None, "unknown") and \
                    platform.get("architecture") not in (None, "unknown")
                if attestation or not real or not child.get("digest") or (repo, child["digest"]) in seen_gets:
                    continue
                walk(repo, *fetch(repo, child["digest"]))
            return
        if doc.get("schemaVersion") == 1:
            return  # schema1: regprobe follows no descriptors of it (DeepCheck.run)
        if "config" not in doc:
            die("%s@%s (%s) is neither an index nor an image manifest" % (repo, digest, media_type))
        for d in [doc["config"]] + (doc.get("layers") or []):
            if d.get("urls"):
                continue  # a foreign layer: regprobe notes it, asks nothing
            key = (repo, d["digest"])
            if key not in seen_blobs:
                seen_blobs.add(key)
                blobs.append(key)

    for repo, tag in paths:
        walk(repo, *fetch(repo, tag))
    conn.conn.close()
    return {"heads": paths, "gets": gets, "blobs": blobs}


def cmd_curlcfg(args: list[str]) -> None:
    opts: dict[str, str | None] = {"--cacert": None, "--plan": None}
    deep = False
    i = 0
    while i < len(args):
        if args[i] == "--deep":
            deep = True
            i += 1
            continue
        if args[i] not in ("--list", "--base", "--cacert", "--out", "--plan") or i + 1 >= len(args):
            die("curlcfg: bad argument %r" % args[i])
        opts[args[i]] = args[i + 1]
        i += 2
    if deep and not opts["--plan"]:
        die("curlcfg: --deep needs --plan FILE")
    base = opts["--base"].rstrip("/")
    ctx = ssl.create_default_context(cafile=opts["--cacert"]) if base.startswith("https:") else None
    images = [l.strip() for l in open(opts["--list"], encoding="utf-8") if l.strip()]
    paths = []
    for image in images:
        _, _, rest = image.partition("/")  # drop host:port
        repo, _, tag = rest.rpartition(":")
        paths.append((repo, tag))
    common = ['noproxy = "*"', "silent", "show-error", 'max-time = "60"']
    if opts["--cacert"]:
        common.append("cacert = " + q(opts["--cacert"]))
    wout = 'write-out = "%{http_code} %{num_connects} %{http_version} %{method} %{url_effective}\\n"'
    lines = ["# generated by scripts/bench.d/benchlib.py curlcfg"]
    lines += ["url = " + q(base + "/v2/"), 'output = "/dev/null"'] + common + [wout]
    auth: list[str] = []
    authorization = None
    ch = challenge(base, ctx)
    if ch is not None:
        scopes = sorted({"repository:%s:pull" % repo for repo, _ in paths})
        query = urllib.parse.urlencode([("service", ch.get("service", ""))] + [("scope", s) for s in scopes])
        token_url = ch["realm"] + "?" + query
        user, password = os.environ.get("BENCH_USER"), os.environ.get("BENCH_PASSWORD")
        req = urllib.request.Request(token_url)
        if user is not None and password is not None:
            req.add_header("Authorization",
                           "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode())
        with open_url(req, ssl.create_default_context(cafile=opts["--cacert"])) as resp:
            doc = json.load(resp)
        token = doc.get("token") or doc.get("access_token")
        if not token:
            die("the token server gave no token")
        lines += ["next", "url = " + q(token_url), 'output = "/dev/null"'] + common
        if user is not None and password is not None:
            lines.append("user = " + q("%s:%s" % (user, password)))
        lines.append(wout)
        authorization = "Bearer " + token
        auth.append("header = " + q("Authorization: " + authorization))
    accept = ["header = " + q("Accept: " + ACCEPT)]
    lines += ["next", "head"] + common + accept + auth + [wout]
    for repo, tag in paths:
        lines += ["url = " + q("%s/v2/%s/manifests/%s" % (base, repo, tag)), 'output = "/dev/null"']
    if deep:
        plan = pull_plan(base, paths, authorization, ctx)
        # Each group is a `next` of its own (its method and headers); curl keeps the connection across them.
        lines += ["next"] + common + accept + auth + [wout]
        for repo, digest in plan["gets"]:
            lines += ["url = " + q("%s/v2/%s/manifests/%s" % (base, repo, digest)), 'output = "/dev/null"']
        if plan["blobs"]:
            lines += ["next", "head"] + common + auth + [wout]  # regprobe sends no Accept for a blob
            for repo, digest in plan["blobs"]:
                lines += ["url = " + q("%s/v2/%s/blobs/%s" % (base, repo, digest)), 'output = "/dev/null"']
        counts = {"images": len(paths), "ping": 1, "token": 0 if ch is None else 1, "head": len(plan["heads"]),
                  "get": len(plan["gets"]), "blob": len(plan["blobs"])}
        with open(opts["--plan"], "w", encoding="utf-8") as f:
            json.dump(counts, f)
            f.write("\n")
    out = opts["--out"]
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def cmd_checkcurl(out: str, n: int, plan_path: str | None = None) -> None:
    """Write-out lines: "STATUS NEW_CONNECTIONS HTTP_VERSION METHOD URL". The last ones are the timed requests after
    the ping and the token: N HEADs, or with a plan its HEADs, GETs by digest and blob HEADs."""
    rows = [l.split() for l in open(out, encoding="utf-8") if l.strip()]
    want = {("HEAD", "manifests"): n}
    if plan_path:
        plan = json.load(open(plan_path, encoding="utf-8"))
        if plan["images"] != n:
            die("checkcurl: the plan is for %d images, not %d" % (plan["images"], n))
        want = {("HEAD", "manifests"): plan["head"], ("GET", "manifests"): plan["get"],
                ("HEAD", "blobs"): plan["blob"]}
    total = sum(want.values())
    tail = rows[-total:] if 0 < total <= len(rows) else []
    pre = rows[: len(rows) - len(tail)]
    got: dict[tuple[str, str], int] = {}
    for r in tail:
        kind = (r[3] if len(r) > 4 else "?", "blobs" if len(r) > 4 and "/blobs/" in r[4] else "manifests")
        got[kind] = got.get(kind, 0) + 1
    ok = sum(1 for r in tail if r[0] == "200")
    new_conns = sum(int(r[1]) for r in tail)
    total_conns = sum(int(r[1]) for r in rows)
    described = " + ".join("%d %s %s" % (got.get(k, 0), k[0], "blob" if k[1] == "blobs" else "manifest")
                           for k in want)
    earlier = [r[0] for r in pre] if len(pre) <= 4 else ["%d others" % len(pre)]
    print("curl floor check: %d requests (%s), %d/%d answered 200 after the first %d, %d new connection(s) for "
          "them, %d in all, HTTP/%s" % (len(rows), " + ".join(earlier + [described]), ok, total, len(pre),
                                        new_conns, total_conns, tail[0][2] if tail else "?"))
    if len(tail) != total or ok != total or new_conns != 0 or any(got.get(k, 0) != v for k, v in want.items()):
        sys.exit(1)


def cmd_checkjson(path: str, n: int, depth: str | None = None) -> None:
    try:
        doc = json.load(open(path, encoding="utf-8"))
        results = doc["results"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("regprobe -o json: unreadable output (%s)" % e)
        sys.exit(1)
    counts: dict[str, int] = {}
    depths: dict[str, int] = {}
    deep = {"manifestsVerified": 0, "blobsVerified": 0, "blobsSkipped": 0, "failures": 0}
    for r in results:
        counts[r.get("status")] = counts.get(r.get("status"), 0) + 1
        depths[str(r.get("depth"))] = depths.get(str(r.get("depth")), 0) + 1
        for key in deep:
            value = (r.get("deep") or {}).get(key) or 0
            deep[key] += len(value) if isinstance(value, list) else value
    line = "regprobe verdicts: %d results, %s" % (len(results), ", ".join(
        "%d %s" % (v, k) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
    if depth is not None:
        line += "; depth: %s" % ", ".join("%d %s" % (v, k) for k, v in sorted(depths.items(), key=lambda kv: -kv[1]))
    if depth == "pull":
        line += "; deep: %d manifests and %d blobs verified, %d skipped, %d failures" % (
            deep["manifestsVerified"], deep["blobsVerified"], deep["blobsSkipped"], deep["failures"])
    print(line)
    if len(results) != n or counts.get("exists", 0) != n:
        sys.exit(1)
    if depth is not None and (depths.get(depth, 0) != n or deep["failures"] != 0):
        sys.exit(1)


def cmd_reqcheck(req_path: str, plan_path: str) -> None:
    if not os.path.exists(req_path):
        print("regprobe --deep requests: not counted (its timed runs did not complete)")
        sys.exit(1)
    reg, tok, execs, _ = (int(x) for x in open(req_path).read().split())
    plan = json.load(open(plan_path, encoding="utf-8"))
    want_reg = plan["ping"] + plan["head"] + plan["get"] + plan["blob"]
    want_tok = plan["token"]
    print("regprobe --deep requests: %g registry + %g token per run over %d runs; the curl floor's list: %d ping + "
          "%d HEAD + %d GET by digest + %d blob HEAD = %d, + %d token"
          % (round(reg / execs, 2) if execs else 0, round(tok / execs, 2) if execs else 0, execs, plan["ping"],
             plan["head"], plan["get"], plan["blob"], want_reg, want_tok))
    if execs == 0 or reg != execs * want_reg or tok != execs * want_tok:
        sys.exit(1)


def cmd_median(path: str) -> None:
    nums = [float(l) for l in open(path, encoding="utf-8") if l.strip()]
    if not nums:
        die("no numbers in " + path)
    print(statistics.median(nums))


# --- report -----------------------------------------------------------------------
#
# DIR holds, per row R and tool T:
#   hf-R-T.json       hyperfine --export-json (one result), with warmup count in hf-R-T.warmup
#   rss-R-T.txt       peak RSS in KiB, one run per line
#   req-R-T.txt       "REGISTRY_DELTA TOKEN_DELTA EXECUTIONS IMAGES"
#   fail-R-T.txt      failures noticed (lines of text), if any
#   check-R-T.txt     one line: the correctness check of that tool on that row (PASS/FAIL ...)
#   cpu-R.txt         "REGISTRY_TICKS TOKEN_TICKS CLK_TCK CORES CLIENT_SECONDS", one line per regprobe run of row R

ROWS = [
    ("single-open", "1 image, cold process, open registry (plain HTTP)", 1, "open"),
    ("single-token", "1 image, cold process, token auth + TLS", 1, "token"),
    ("n100-open", "100 images (20 repos), open registry (plain HTTP)", 100, "open"),
    ("n100-token", "100 images (20 repos), token auth + TLS", 100, "token"),
    ("n500-open", "500 images (20 repos), open registry (plain HTTP)", 500, "open"),
    ("n500-token", "500 images (20 repos), token auth + TLS", 500, "token"),
    ("repo25-token", "25 tags of 1 repo, token auth + TLS", 25, "token"),
    # --deep (README "Deep checks"): the largest size only (100 images with --quick, 500 in a full run).
    ("n100deep-token", "100 images (20 repos), token auth + TLS, --deep", 100, "token"),
    ("n500deep-token", "500 images (20 repos), token auth + TLS, --deep", 500, "token"),
    ("scan1000-open", "scan of 1,000 Deployments (100 distinct images), open registry", 100, "open"),
]
# The group of each row (scripts/bench --only).
GROUP = {"single-open": "single", "single-token": "single", "scan1000-open": "scan"}
TOOLS = [
    ("regprobe", "regprobe (1 process)"),
    ("skopeo", "skopeo loop"),
    ("skopeo8", "skopeo xargs -P 8"),
    ("curl", "curl floor (1 process)"),
    ("cfloor", "C: 1 libcurl HEAD"),
    ("swiftfloor", "Swift+ArgumentParser+FoundationEssentials: 1 libcurl HEAD"),
    ("swifttask", "same, in regprobe's shape"),
    ("baseline", "regprobe before (--baseline)"),
]
ALTERNATIVES = ("skopeo", "skopeo8")
# A row whose alternatives were measured on another row (same work for them): `skopeo inspect --raw` checks
# manifests only, with or without regprobe's --deep. The row's own curl floor is its own.
ALT_ROW: dict[str, str] = {"n100deep-token": "n100-token", "n500deep-token": "n500-token"}
# How many times faster than the 8-wide skopeo loop regprobe must be: 20× for the manifest check, 5× for
# --deep, which makes about twice the requests of a manifest check where skopeo makes the same.
SKOPEO_FACTOR: dict[str, int] = {"n100deep-token": 5, "n500deep-token": 5}


def read_hf(d: str, row: str, tool: str):
    p = os.path.join(d, "hf-%s-%s.json" % (row, tool))
    if not os.path.exists(p):
        return None
    res = json.load(open(p, encoding="utf-8"))["results"][0]
    warm = 0
    wp = os.path.join(d, "hf-%s-%s.warmup" % (row, tool))
    if os.path.exists(wp):
        warm = int(open(wp).read().strip() or 0)
    return {"median": res["median"], "min": res["min"], "max": res["max"], "runs": len(res["times"]),
            "warmup": warm}


def read_nums(p: str):
    if not os.path.exists(p):
        return None
    nums = [float(l) for l in open(p, encoding="utf-8") if l.strip()]
    return nums or None


def read_req(d: str, row: str, tool: str):
    p = os.path.join(d, "req-%s-%s.txt" % (row, tool))
    if not os.path.exists(p):
        return None
    reg, tok, execs, images = (int(x) for x in open(p).read().split())
    return {"reg": reg, "tok": tok, "execs": execs, "images": images}


def read_lines(p: str) -> list[str]:
    if not os.path.exists(p):
        return []
    return [l.rstrip("\n") for l in open(p, encoding="utf-8") if l.strip()]


def fmt_time(s: float) -> str:
    if s < 1:
        return "%.1f ms" % (s * 1000)
    return "%.2f s" % s


def cmd_report(d: str, mode: str, groups: str = "single,many,scan") -> None:
    selected = set(groups.split(","))
    out: list[str] = []
    targets: list[tuple[bool, str]] = []
    unmeasured: list[str] = []
    mode_text = "quick (--quick: fewer runs, 100 images only)" if mode == "quick" else "full"

    out.append("### Wall time (median of hyperfine runs; `n` = timed runs after the warm-up runs)")
    out.append("")
    out.append("| case | " + " | ".join(t[1] for t in TOOLS) + " | regprobe ÷ best skopeo | regprobe ÷ curl floor |")
    out.append("|---|" + "---|" * (len(TOOLS) + 2))
    times: dict[tuple[str, str], dict] = {}
    for row, label, n, _ in ROWS:
        cells = []
        any_hf = False
        arow = ALT_ROW.get(row, row)
        for tool, _ in TOOLS:
            src = arow if tool in ALTERNATIVES else row
            hf = read_hf(d, src, tool)
            fails = read_lines(os.path.join(d, "fail-%s-%s.txt" % (src, tool)))
            if hf is None:
                cells.append("—")
                continue
            any_hf = any_hf or src == row
            times[(src, tool)] = hf
            cell = "%s (n=%d%s)" % (fmt_time(hf["median"]), hf["runs"],
                                    "" if src == row else ", the same runs as the row without --deep")
            if fails:
                cell += " ⚠ %d failed" % len(fails)
            cells.append(cell)
        if not any_hf:
            continue
        reg = times.get((row, "regprobe"))
        alts = [times[(arow, t)]["median"] for t in ALTERNATIVES if (arow, t) in times]
        floor = times.get((row, "curl"))
        ratio_alt = "—"
        if reg and alts:
            r = reg["median"] / min(alts)
            ratio_alt = "%.3f (%.1f× faster)" % (r, 1 / r) if r <= 1 else "%.2f (%.1f× slower)" % (r, r)
        ratio_floor = "%.2f" % (reg["median"] / floor["median"]) if reg and floor else "—"
        out.append("| %s | %s | %s | %s |" % (label, " | ".join(cells), ratio_alt, ratio_floor))

    out.append("")
    out.append("### Peak RSS (median of `/usr/bin/time -f %M` runs)")
    out.append("")
    rss_tools = ("regprobe", "skopeo", "curl", "cfloor", "swiftfloor", "swifttask", "baseline")
    out.append("| case | regprobe | skopeo | curl floor | C: 1 libcurl HEAD | Swift+AP+FE: 1 libcurl HEAD "
               "| same, in regprobe's shape | regprobe before (--baseline) | regprobe ÷ skopeo |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    rss: dict[tuple[str, str], float] = {}
    for row, label, n, _ in ROWS:
        vals = {}
        for tool in rss_tools:
            nums = read_nums(os.path.join(d, "rss-%s-%s.txt" % (row, tool)))
            if nums:
                vals[tool] = (statistics.median(nums), len(nums))
                rss[(row, tool)] = statistics.median(nums)
        if not vals:
            continue

        def c(tool):
            if tool not in vals:
                return "—"
            return "%.1f MiB (n=%d)" % (vals[tool][0] / 1024, vals[tool][1])
        sk = vals.get("skopeo") or (rss.get((ALT_ROW.get(row, ""), "skopeo")), 1)
        ratio = "%.2f" % (vals["regprobe"][0] / sk[0]) if "regprobe" in vals and sk[0] else "—"
        out.append("| %s | %s | %s |" % (label, " | ".join(c(t) for t in rss_tools), ratio))

    out.append("")
    out.append("### Requests served per image (registry access log; + token server log), averaged over every "
               "execution of the timed runs")
    out.append("")
    out.append("| case | " + " | ".join(t[1] for t in TOOLS) + " |")
    out.append("|---|" + "---|" * len(TOOLS))
    reqs: dict[tuple[str, str], dict] = {}
    for row, label, n, kind in ROWS:
        cells = []
        any_req = False
        for tool, _ in TOOLS:
            r = read_req(d, row, tool)
            if r is None or r["execs"] == 0:
                cells.append("—")
                continue
            any_req = True
            reqs[(row, tool)] = r
            per_exec_reg = r["reg"] / r["execs"]
            per_exec_tok = r["tok"] / r["execs"]
            cell = "%.2f/img (%g + %g token per run)" % ((per_exec_reg + per_exec_tok) / n,
                                                        round(per_exec_reg, 2), round(per_exec_tok, 2))
            cells.append(cell)
        if any_req:
            out.append("| %s | %s |" % (label, " | ".join(cells)))

    cpu: dict[str, dict] = {}
    for row, label, n, kind in ROWS:
        p = os.path.join(d, "cpu-%s.txt" % row)
        runs = [[float(x) for x in line.split()] for line in open(p, encoding="utf-8")] if os.path.exists(p) else []
        runs = sorted((r for r in runs if len(r) == 5), key=lambda r: r[0])
        nums = runs[len(runs) // 2] if runs else []
        if len(nums) == 5 and nums[2] > 0:
            reg_s, tok_s = nums[0] / nums[2], nums[1] / nums[2]
            cpu[row] = {"reg": reg_s, "tok": tok_s, "cores": int(nums[3]), "client": nums[4], "n": n,
                        "label": label}
    if cpu:
        out.append("")
        out.append("### CPU of one regprobe run (the median of 3): the servers' (/proc/PID/stat) and regprobe's own "
                   "(user + system)")
        out.append("")
        out.append("The servers share this machine's cores with the client. Their CPU time divided by the cores is "
                   "a wall time no client can go below here; with regprobe's own CPU added, what regprobe cannot "
                   "go below. The last column is what the target asks (20× faster than skopeo ×8; 5× with --deep).")
        out.append("")
        cores = next(iter(cpu.values()))["cores"]
        out.append("| case | registry CPU | per image | token server CPU | regprobe CPU | servers ÷ %d cores "
                   "| (servers + regprobe) ÷ %d cores | skopeo ×8 ÷ target |" % (cores, cores))
        out.append("|---|---|---|---|---|---|---|---|")
        for row, v in cpu.items():
            x8 = times.get((ALT_ROW.get(row, row), "skopeo8"))
            factor = SKOPEO_FACTOR.get(row, 20)
            out.append("| %s | %s | %.2f ms | %s | %s | %s | %s | %s |" % (
                v["label"], fmt_time(v["reg"]), 1000 * v["reg"] / v["n"], fmt_time(v["tok"]), fmt_time(v["client"]),
                fmt_time((v["reg"] + v["tok"]) / v["cores"]),
                fmt_time((v["reg"] + v["tok"] + v["client"]) / v["cores"]),
                "%s (÷ %d)" % (fmt_time(x8["median"] / factor), factor) if x8 else "—"))

    sizes = {name: read_nums(os.path.join(d, "size-%s.txt" % name)) for name in ("regprobe", "baseline",
                                                                                  "baseline-kube")}
    if sizes["regprobe"]:
        out.append("")
        out.append("### Size on disk")
        out.append("")
        mib = lambda b: "%.1f MiB (%d bytes)" % (b / 1048576, b)
        out.append("- regprobe: %s" % mib(sizes["regprobe"][0]))
        if sizes["baseline"]:
            line = "- regprobe before (--baseline): %s" % mib(sizes["baseline"][0])
            if sizes["baseline-kube"]:
                line += "; with the regprobe-kube installed beside it: %s" % mib(
                    sizes["baseline"][0] + sizes["baseline-kube"][0])
            out.append(line)

    checks = sorted(f for f in os.listdir(d) if f.startswith("check-") and f.endswith(".txt"))
    if checks:
        out.append("")
        out.append("### Correctness checks (run once, separately from the timed runs)")
        out.append("")
        for f in checks:
            for line in read_lines(os.path.join(d, f)):
                out.append("- `%s`: %s" % (f[6:-4], line))

    # Targets.
    def target(ok: bool, text: str) -> None:
        targets.append((ok, text))

    t = times.get(("n500-token", "regprobe"))
    if t:
        target(t["median"] < 1.0, "500 images over token auth in under 1 s: regprobe %s" % fmt_time(t["median"]))
    elif mode != "quick" and "many" in selected:
        unmeasured.append("500 images over token auth (regprobe)")
    # Time targets on the largest image count measured (500; 100 with --quick), both registries.
    largest = max((n for row, _, n, _ in ROWS if (row, "regprobe") in times), default=0)
    # The targets for many images are stated for token auth ("500 images over token auth in under 1 second
    # wall time, at most the curl floor's time, at least 20 times faster than the 8-wide skopeo loop"); the open
    # registry's row is reported beside them, with the server CPU that bounds it.
    info: list[str] = []
    for row, label, n, kind in ROWS:
        if n < 100 or n != largest:
            continue
        put = target if kind == "token" else (
            lambda ok, text: info.append("the targets are stated for token auth: " + text))
        reg, floor = times.get((row, "regprobe")), times.get((row, "curl"))
        if reg and floor:
            put(reg["median"] <= floor["median"],
                "%s: regprobe ≤ curl floor: %s vs %s" % (label, fmt_time(reg["median"]), fmt_time(floor["median"])))
        x8 = times.get((ALT_ROW.get(row, row), "skopeo8"))
        factor = SKOPEO_FACTOR.get(row, 20)
        if reg and x8:
            bound = ""
            if row in cpu:
                v = cpu[row]
                bound = "; on %d cores the servers' CPU alone needs %s, with regprobe's %s; %d× needs ≤ %s" % (
                    v["cores"], fmt_time((v["reg"] + v["tok"]) / v["cores"]),
                    fmt_time((v["reg"] + v["tok"] + v["client"]) / v["cores"]), factor, fmt_time(x8["median"] / factor))
            what = " (which checks manifests only)" if row in ALT_ROW else ""
            put(x8["median"] >= factor * reg["median"],
                "%s: ≥ %d× faster than skopeo xargs -P 8%s: %.1f× (%s vs %s%s)"
                % (label, factor, what, x8["median"] / reg["median"], fmt_time(reg["median"]), fmt_time(x8["median"]),
                   bound))
    r = reqs.get(("repo25-token", "regprobe"))
    if r:
        per = (r["reg"] + r["tok"]) / r["execs"]
        target(per <= 25 + 2, "25 tags of one repository (token auth): ≤ N + 2 = 27 requests per run: "
                              "%g (registry %g + token server %g)"
               % (round(per, 2), round(r["reg"] / r["execs"], 2), round(r["tok"] / r["execs"], 2)))
    elif "many" in selected:
        unmeasured.append("requests for 25 tags of one repository (regprobe)")
    for row in ("single-open", "single-token") if "single" in selected else ():
        label = dict((r_[0], r_[1]) for r_ in ROWS)[row]
        reg, sk = times.get((row, "regprobe")), times.get((row, "skopeo"))
        floors = "; floors: " + ", ".join(
            "%s %s (%.2f)" % (name, fmt_time(times[(row, t)]["median"]), times[(row, t)]["median"] / sk["median"])
            for t, name in (("curl", "curl doing the same requests"), ("cfloor", "C + 1 libcurl HEAD"),
                            ("swiftfloor", "Swift+AP+FE + 1 libcurl HEAD"), ("swifttask", "the same in regprobe's shape"))
            if (row, t) in times) if sk else ""
        if reg and sk:
            target(reg["median"] <= sk["median"] / 2,
                   "%s: ≤ half of skopeo's wall time: %s vs %s (%.2f)%s"
                   % (label, fmt_time(reg["median"]), fmt_time(sk["median"]), reg["median"] / sk["median"],
                      floors if floors != "; floors: " else ""))
        else:
            unmeasured.append("%s wall time" % label)
        rr, rs = rss.get((row, "regprobe")), rss.get((row, "skopeo"))
        rf, ra = rss.get((row, "swiftfloor")), rss.get((row, "swifttask"))
        if rr and rs:
            target(rr <= rs, "%s: peak RSS ≤ skopeo's: %.1f MiB vs %.1f MiB%s%s"
                   % (label, rr / 1024, rs / 1024,
                      "; floor Swift+AP+FE + 1 libcurl HEAD %.1f MiB" % (rf / 1024) if rf else "",
                      ", in regprobe's shape %.1f MiB" % (ra / 1024) if ra else ""))
        else:
            unmeasured.append("%s peak RSS" % label)

    # Against the build before a change (--baseline), same run: the cold check must not get slower or bigger.
    # "Slower" and "bigger" leave room for the noise of a shared machine: 3 % (at least 0.5 ms) of time, 2 % of RSS.
    for row in ("single-open", "single-token"):
        label = dict((r_[0], r_[1]) for r_ in ROWS)[row]
        now, before = times.get((row, "regprobe")), times.get((row, "baseline"))
        if now and before:
            allowed = before["median"] + max(0.0005, 0.03 * before["median"])
            target(now["median"] <= allowed, "%s: not slower than before the change: %s vs %s before (%.2f)"
                   % (label, fmt_time(now["median"]), fmt_time(before["median"]), now["median"] / before["median"]))
        rn, rb = rss.get((row, "regprobe")), rss.get((row, "baseline"))
        if rn and rb:
            target(rn <= rb * 1.02, "%s: peak RSS not bigger than before the change: %.1f MiB vs %.1f MiB before"
                   % (label, rn / 1024, rb / 1024))
    if "scan" in selected:
        t = times.get(("scan1000-open", "regprobe"))
        r = rss.get(("scan1000-open", "regprobe"))
        if t and r:
            b, rb = times.get(("scan1000-open", "baseline")), rss.get(("scan1000-open", "baseline"))
            info.append("scan of 1,000 Deployments: %s, peak RSS %.1f MiB%s" % (
                fmt_time(t["median"]), r / 1024,
                "; before the change %s, %.1f MiB" % (fmt_time(b["median"]), rb / 1024) if b and rb else ""))
        else:
            unmeasured.append("scan of 1,000 documents (regprobe)")

    check_lines = [l for f in checks for l in read_lines(os.path.join(d, f))]
    bad = [f[6:-4] for f in checks if any(l.startswith("FAIL") for l in read_lines(os.path.join(d, f)))]
    if check_lines:
        target(not bad, "every correctness check above passes (%d checks%s)"
               % (len(checks), "; failed: " + ", ".join(bad) if bad else ""))

    out.append("")
    out.append("### Targets")
    out.append("")
    for ok, text in targets:
        out.append("- **%s** %s" % ("PASS" if ok else "FAIL", text))
    for u in unmeasured:
        out.append("- **NOT MEASURED** %s" % u)
    for text in info:
        out.append("- (not a target) %s" % text)
    out.append("")
    out.append("Mode: %s. %d of %d targets pass." % (mode_text, sum(ok for ok, _ in targets), len(targets)))

    body = "\n".join(out) + "\n"
    with open(os.path.join(d, "tables.md"), "w", encoding="utf-8") as f:
        f.write(body)
    with open(os.path.join(d, "unmeasured.txt"), "w", encoding="utf-8") as f:
        f.write("".join(u + "\n" for u in unmeasured))
    sys.stdout.write(body)


def main() -> None:
    a = sys.argv[1:]
    if not a:
        die("usage: see the docstring")
    cmd, rest = a[0], a[1:]
    if cmd == "lists" and len(rest) >= 3:
        cmd_lists(rest[0], rest[1], rest[2:])
    elif cmd == "curlcfg":
        cmd_curlcfg(rest)
    elif cmd == "checkcurl" and len(rest) in (2, 3):
        cmd_checkcurl(rest[0], int(rest[1]), rest[2] if len(rest) == 3 else None)
    elif cmd == "checkjson" and len(rest) in (2, 3):
        if len(rest) == 3 and rest[2] not in ("manifest", "pull"):
            die("checkjson: DEPTH is manifest or pull")
        cmd_checkjson(rest[0], int(rest[1]), rest[2] if len(rest) == 3 else None)
    elif cmd == "reqcheck" and len(rest) == 2:
        cmd_reqcheck(rest[0], rest[1])
    elif cmd == "median" and len(rest) == 1:
        cmd_median(rest[0])
    elif cmd == "report" and len(rest) in (2, 3):
        cmd_report(*rest)
    elif cmd == "scanfile" and len(rest) == 3:
        cmd_scanfile(rest[0], int(rest[1]), rest[2])
    elif cmd == "checkscan" and len(rest) == 2:
        cmd_checkscan(rest[0], int(rest[1]))
    else:
        die("usage: see the docstring")


if __name__ == "__main__":
    main()
