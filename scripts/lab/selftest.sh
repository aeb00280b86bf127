#!/usr/bin/env bash
# scripts/lab/selftest.sh — check a running lab with curl (loopback only).
#
#   scripts/lab/lab.sh up /tmp/lab && scripts/lab/selftest.sh /tmp/lab
#
# Proves that the registries serve the seeded digests, that the auth cases the
# regprobe tests rely on (ok / unauthorized / insufficient_scope) really happen,
# and that every fixture endpoint answers as documented. Exits non-zero on the
# first failed check group; prints one line per check.

set -euo pipefail

[[ $# -eq 1 ]] || {
    echo "usage: $0 LAB_DIR" >&2
    exit 2
}
# shellcheck disable=SC1091
source "$1/lab.env"

PY=/usr/bin/python3
ACCEPT="application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILS=0

# c ARGS... — curl restricted to loopback, with the lab CA, bounded in time.
c() {
    curl -sS --noproxy '*' --cacert "$LAB_CA" --connect-timeout 2 --max-time 20 "$@"
}

ok() { echo "ok   $*"; }
bad() {
    echo "FAIL $*" >&2
    FAILS=$((FAILS + 1))
}

# expect DESC WANT GOT
expect() {
    if [[ "$3" == "$2" ]]; then ok "$1 ($3)"; else bad "$1: want '$2', got '$3'"; fi
}

# expect_match DESC PATTERN TEXT (PATTERN is a bash glob)
expect_match() {
    # shellcheck disable=SC2053
    if [[ "$3" == $2 ]]; then ok "$1"; else bad "$1: '$3' does not match '$2'"; fi
}

# req METHOD URL [curl args...] — sets CODE, and leaves headers in $TMP/h
# (lower-cased names, CR stripped) and body in $TMP/b.
req() {
    local method=$1 url=$2
    shift 2
    local -a m=(-X "$method")
    [[ "$method" == HEAD ]] && m=(-I)
    CODE=$(c "${m[@]}" -D "$TMP/h.raw" -o "$TMP/b" -w '%{http_code}' "$@" "$url") || CODE=000
    tr -d '\r' <"$TMP/h.raw" | awk -F': ' 'NF > 1 {printf "%s: %s\n", tolower($1), substr($0, length($1) + 3); next} {print}' >"$TMP/h"
}

# hdr NAME — value(s) of a response header from the last req (joined by ',').
hdr() {
    awk -v n="$(echo "$1" | tr '[:upper:]' '[:lower:]')" -F': ' '$1 == n {print substr($0, length($1) + 3)}' "$TMP/h" | paste -sd, -
}

# seed_field KEY FIELD
seed_field() {
    "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]][sys.argv[3]])' "$LAB_SEED" "$1" "$2"
}
SEED_KEYS=$("$PY" -c 'import json,sys; print("\n".join(sorted(json.load(open(sys.argv[1])))))' "$LAB_SEED")

# token USER:PASS|"" SCOPE... — fetch a token from the lab token server.
token() {
    local cred=$1
    shift
    local -a args=(-G --data-urlencode "service=regprobe-lab")
    local s
    for s in "$@"; do args+=(--data-urlencode "scope=$s"); done
    [[ -n "$cred" ]] && args+=(-u "$cred")
    c "${args[@]}" "$LAB_TOKEN_REALM" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# head_manifest BASEURL KEY [curl args...] — HEAD repo:tag, check digest.
check_seeded() {
    local label=$1 base=$2 key=$3
    shift 3
    local repo=${key%:*} tag=${key##*:}
    req HEAD "$base/v2/$repo/manifests/$tag" -H "Accept: $ACCEPT" "$@"
    expect "$label HEAD $key status" 200 "$CODE"
    expect "$label HEAD $key digest" "$(seed_field "$key" digest)" "$(hdr docker-content-digest)"
    expect "$label HEAD $key content-type" "$(seed_field "$key" mediaType)" "$(hdr content-type)"
}

echo "== open registry ($LAB_OPEN)"
for key in $SEED_KEYS; do
    check_seeded open "http://$LAB_OPEN" "$key"
done
req GET "http://$LAB_OPEN/v2/public/hello/manifests/nope" -H "Accept: $ACCEPT"
expect "open missing tag" 404 "$CODE"
expect_match "open missing tag body" '*MANIFEST_UNKNOWN*' "$(cat "$TMP/b")"

echo "== basic registry ($LAB_BASIC)"
req GET "https://$LAB_BASIC/v2/"
expect "basic /v2/ anonymous" 401 "$CODE"
expect_match "basic challenge" 'Basic realm=*' "$(hdr www-authenticate)"
req GET "https://$LAB_BASIC/v2/" -u alice:alicepw
expect "basic /v2/ alice" 200 "$CODE"
req GET "https://$LAB_BASIC/v2/" -u alice:wrong
expect "basic /v2/ wrong password" 401 "$CODE"
req HEAD "https://$LAB_BASIC/v2/private/app/manifests/1.0" -H "Accept: $ACCEPT"
expect "basic private/app anonymous" 401 "$CODE"
for key in $SEED_KEYS; do
    check_seeded basic "https://$LAB_BASIC" "$key" -u alice:alicepw
done

echo "== token registry ($LAB_TOKEN, realm $LAB_TOKEN_REALM)"
req GET "https://$LAB_TOKEN/v2/"
expect "token /v2/ anonymous" 401 "$CODE"
expect "token /v2/ challenge" "Bearer realm=\"$LAB_TOKEN_REALM\",service=\"regprobe-lab\"" "$(hdr www-authenticate)"
req HEAD "https://$LAB_TOKEN/v2/public/hello/manifests/1.0" -H "Accept: $ACCEPT"
expect_match "token HEAD without token challenge has scope" '*scope="repository:public/hello:pull"*' "$(hdr www-authenticate)"

T=$(token "" "repository:public/hello:pull")
check_seeded "token(anonymous)" "https://$LAB_TOKEN" public/hello:1.0 -H "Authorization: Bearer $T"
T=$(token "" "repository:private/app:pull")
req HEAD "https://$LAB_TOKEN/v2/private/app/manifests/1.0" -H "Accept: $ACCEPT" -H "Authorization: Bearer $T"
expect "token(anonymous) private/app" 401 "$CODE"
T=$(token alice:alicepw "repository:private/app:pull")
check_seeded "token(alice)" "https://$LAB_TOKEN" private/app:1.0 -H "Authorization: Bearer $T"
T=$(token alice:alicepw "repository:team/sub/deep/app:pull")
check_seeded "token(alice)" "https://$LAB_TOKEN" team/sub/deep/app:1 -H "Authorization: Bearer $T"
T=$(token bob:bobpw "repository:private/app:pull")
req HEAD "https://$LAB_TOKEN/v2/private/app/manifests/1.0" -H "Accept: $ACCEPT" -H "Authorization: Bearer $T"
expect "token(bob) private/app" 401 "$CODE"
expect_match "token(bob) private/app insufficient_scope" '*error="insufficient_scope"*' "$(hdr www-authenticate)"
req GET "https://$LAB_TOKEN/v2/private/app/manifests/1.0" -H "Accept: $ACCEPT" -H "Authorization: Bearer $T"
expect_match "token(bob) GET body" '*UNAUTHORIZED*' "$(cat "$TMP/b")"
T=$(token bob:bobpw "repository:team/app:pull")
check_seeded "token(bob)" "https://$LAB_TOKEN" team/app:v1.3 -H "Authorization: Bearer $T"
for key in $SEED_KEYS; do
    T=$(token admin:adminpw "repository:${key%:*}:pull")
    check_seeded "token(admin)" "https://$LAB_TOKEN" "$key" -H "Authorization: Bearer $T"
done

echo "== token server ($LAB_TOKEN_REALM)"
req GET "$LAB_TOKEN_REALM?service=regprobe-lab&scope=repository:private/app:pull" -u alice:nope
expect "token server wrong password" 401 "$CODE"
expect "token server wrong password challenge" 'Basic realm="regprobe-lab"' "$(hdr www-authenticate)"
expect "token server wrong password body" '{"errors": [{"code": "UNAUTHORIZED", "message": "authentication required: invalid username or password"}]}' "$(cat "$TMP/b")"
req GET "$LAB_TOKEN_REALM?service=regprobe-lab" -u mallory:x
expect "token server unknown user" 401 "$CODE"
# Claims of a token asking for 3 scopes: 2 repeated params, one holding 2 scopes.
req GET "$LAB_TOKEN_REALM?service=regprobe-lab&scope=repository:public/a:pull,push&scope=repository:private/b:pull%20repository:team/c/d:pull" -u alice:alicepw
expect "token server multi-scope" 200 "$CODE"
CLAIMS=$("$PY" - "$TMP/b" <<'EOF'
import base64, json, sys
doc = json.load(open(sys.argv[1]))
assert doc["token"] == doc["access_token"] and doc["expires_in"] == 300 and doc["issued_at"].endswith("Z")
p = doc["token"].split(".")[1]
claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
print(claims["sub"], claims["aud"], claims["iss"],
      ";".join("%s:%s:%s" % (a["type"], a["name"], ",".join(a["actions"])) for a in claims["access"]))
EOF
)
expect "token server claims" "alice regprobe-lab regprobe-lab-issuer repository:public/a:pull;repository:private/b:pull;repository:team/c/d:pull" "$CLAIMS"
if grep -qE 'alicepw|adminpw|bobpw|eyJ' "$LAB_TOKEN_LOG"; then bad "token log leaks a secret"; else ok "token log has no secrets"; fi

echo "== fixture ($LAB_FIXTURE)"
F="http://$LAB_FIXTURE"
req GET "$F/v2/"
expect "fixture /v2/" 200 "$CODE"
expect "fixture /v2/ api header" registry/2.0 "$(hdr docker-distribution-api-version)"
req HEAD "$F/v2/ratelimited/app/manifests/1"
expect "ratelimited HEAD" 429 "$CODE"
expect "ratelimited Retry-After" 30 "$(hdr retry-after)"
expect "ratelimited ratelimit-remaining" "0;w=21600" "$(hdr ratelimit-remaining)"
# curl -I puts the headers into -o, so look at the raw bytes on the wire.
RAW_HEAD=$("$PY" - "$LAB_FIXTURE" <<'EOF'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)), timeout=5)
s.sendall(b"HEAD /v2/ratelimited/app/manifests/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
head, _, body = data.partition(b"\r\n\r\n")
print(len(body))
EOF
)
expect "ratelimited HEAD has no body on the wire" 0 "$RAW_HEAD"
req GET "$F/v2/ratelimited/app/manifests/1"
expect_match "ratelimited GET body" '*TOOMANYREQUESTS*' "$(cat "$TMP/b")"
req GET "$F/v2/broken/app/manifests/1"
expect "broken" 500 "$CODE"
req HEAD "$F/v2/unavailable/app/manifests/1"
expect "unavailable" 503 "$CODE"
req HEAD "$F/v2/nohead/app/manifests/1"
expect "nohead HEAD" 405 "$CODE"
req GET "$F/v2/nohead/app/manifests/1"
expect "nohead GET" 200 "$CODE"
expect "nohead GET digest is body sha256" "sha256:$(sha256sum <"$TMP/b" | cut -d' ' -f1)" "$(hdr docker-content-digest)"
FIX_DIGEST=$(hdr docker-content-digest)
req HEAD "$F/v2/nodigest/app/manifests/1"
expect "nodigest HEAD" "200/application/vnd.docker.distribution.manifest.v2+json//yes" \
    "$CODE/$(hdr content-type)/$(hdr docker-content-digest)/$([[ -n "$(hdr content-length)" ]] && echo yes)"
req GET "$F/v2/nodigest/app/manifests/1"
expect "nodigest GET no digest" "200/" "$CODE/$(hdr docker-content-digest)"
req HEAD "$F/v2/mismatch/app/manifests/x"
expect "mismatch HEAD digest" "sha256:$(printf 'a%.0s' {1..64})" "$(hdr docker-content-digest)"
req GET "$F/v2/html/app/manifests/1"
expect "html" "200 text/html <html>login</html>" "$CODE $(hdr content-type) $(cat "$TMP/b")"
req HEAD "$F/v2/oddheaders/app/manifests/1"
expect_match "oddheaders raw names" "*docker-content-digest: sha256:*CONTENT-TYPE: *" "$(tr -d '\r' <"$TMP/h.raw" | tr '\n' ' ')"
expect "oddheaders repeated" "a,b" "$(hdr x-repeated)"
expect "oddheaders digest" "$FIX_DIGEST" "$(hdr docker-content-digest)"
req HEAD "$F/v2/whatever/app/manifests/1"
expect "unknown repo" 404 "$CODE"
req GET "$F/v2/whatever/app/manifests/1"
expect_match "unknown repo body" '*NAME_UNKNOWN*' "$(cat "$TMP/b")"
START=$(date +%s%N)
req HEAD "$F/v2/slow/app/manifests/1" --max-time 40
ELAPSED_MS=$((($(date +%s%N) - START) / 1000000))
expect "slow status" 200 "$CODE"
if ((ELAPSED_MS >= 900)); then ok "slow took ${ELAPSED_MS} ms"; else bad "slow took only ${ELAPSED_MS} ms"; fi

echo "== fixture token variant ($LAB_FIXTURE_TOKEN)"
FT="http://$LAB_FIXTURE_TOKEN"
req GET "$FT/v2/"
expect "fixture-token /v2/" 401 "$CODE"
expect "fixture-token challenge" "Bearer realm=\"http://$LAB_FIXTURE_TOKEN/token\",service=\"fixture\"" "$(hdr www-authenticate)"
req GET "$FT/token?service=fixture&scope=repository:tokened/app:pull"
expect "fixture-token /token" '200 {"access_token": "fixture-token-123", "expires_in": 60}' "$CODE $(cat "$TMP/b")"
req HEAD "$FT/v2/tokened/app/manifests/1"
expect "fixture-token manifest without bearer" 401 "$CODE"
expect_match "fixture-token manifest challenge scope" '*scope="repository:tokened/app:pull"*' "$(hdr www-authenticate)"
req HEAD "$FT/v2/tokened/app/manifests/1" -H "Authorization: Bearer fixture-token-123"
expect "fixture-token manifest with bearer" "200 $FIX_DIGEST" "$CODE $(hdr docker-content-digest)"
if grep -q '^HEAD /v2/tokened/app/manifests/1 200$' "$LAB_FIXTURE_LOG"; then ok "fixture access log"; else bad "fixture access log line missing"; fi

echo "== pull cases (LAB_PULL_SEED on $LAB_OPEN, LAB_PULL_FIXTURE on $LAB_FIXTURE)"
# pull_field FILE KEY PATH... — a field of a pull-case entry (PATH: keys, or list indexes as numbers).
pull_field() {
    "$PY" -c '
import json, sys
v = json.load(open(sys.argv[1]))[sys.argv[2]]
for k in sys.argv[3:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$@"
}
O="http://$LAB_OPEN"
for key in pull/artifact:1 pull/child-gone:1 pull/attested:1 pull/layer-gone:1 pull/config-gone:1; do
    repo=${key%:*}
    req HEAD "$O/v2/$repo/manifests/1" -H "Accept: $ACCEPT"
    expect "$key resolves" "200 $(pull_field "$LAB_PULL_SEED" "$key" digest)" "$CODE $(hdr docker-content-digest)"
done
req HEAD "$O/v2/pull/child-gone/manifests/$(pull_field "$LAB_PULL_SEED" pull/child-gone:1 deleted digest)" \
    -H "Accept: $ACCEPT"
expect "child-gone: the amd64 child is gone" 404 "$CODE"
for which in layer config; do
    req GET "$O/v2/pull/$which-gone/blobs/$(pull_field "$LAB_PULL_SEED" "pull/$which-gone:1" deleted digest)"
    expect_match "$which-gone: the $which blob is gone" '404 *BLOB_UNKNOWN*' "$CODE $(cat "$TMP/b")"
done
req GET "$F/v2/pull/digest-mismatch/manifests/1"
BODY_DIGEST=sha256:$(sha256sum <"$TMP/b" | cut -d' ' -f1)
expect "digest-mismatch claims another digest than its body's" \
    "$(pull_field "$LAB_PULL_FIXTURE" pull/digest-mismatch:1 claimedDigest) $BODY_DIGEST" \
    "$(hdr docker-content-digest) $(pull_field "$LAB_PULL_FIXTURE" pull/digest-mismatch:1 digest)"
[[ "$(hdr docker-content-digest)" != "$BODY_DIGEST" ]] && ok "digest-mismatch: they differ" || bad "they agree"
req HEAD "$F/v2/pull/tags-only/manifests/1"
expect "tags-only: the tag resolves" 200 "$CODE"
req HEAD "$F/v2/pull/tags-only/manifests/$(pull_field "$LAB_PULL_FIXTURE" pull/tags-only:1 digest)"
expect "tags-only: the digest does not" 404 "$CODE"
for case in long-length short-length; do
    req HEAD "$F/v2/pull/$case/blobs/$(pull_field "$LAB_PULL_FIXTURE" "pull/$case:1" wrongLength digest)"
    expect "$case: Content-Length" "200 $(pull_field "$LAB_PULL_FIXTURE" "pull/$case:1" wrongLength announced)" \
        "$CODE $(hdr content-length)"
done
LIVE_BLOB=$(pull_field "$LAB_PULL_FIXTURE" pull/storage-live:1 layers 0 digest)
req HEAD "$F/v2/pull/storage-live/blobs/$LIVE_BLOB"
expect_match "storage-live: 307 to the storage port" "307 http://$LAB_FIXTURE_STORAGE/storage/$LIVE_BLOB?*" \
    "$CODE $(hdr location)"
LOCATION=$(hdr location)
req HEAD "$LOCATION"
expect "storage refuses HEAD" 403 "$CODE"
req GET "$LOCATION" -H "Range: bytes=0-0"
expect_match "storage serves GET Range: bytes=0-0" "206 1 bytes 0-0/*" "$CODE $(wc -c <"$TMP/b") $(hdr content-range)"
req GET "$LOCATION"
expect "storage serves the blob" "200 $LIVE_BLOB" "$CODE sha256:$(sha256sum <"$TMP/b" | cut -d' ' -f1)"
DEAD_BLOB=$(pull_field "$LAB_PULL_FIXTURE" pull/storage-dead:1 layers 0 digest)
req GET "$F/v2/pull/storage-dead/blobs/$DEAD_BLOB"
expect_match "storage-dead: 307 to the dead port" \
    "307 http://$(pull_field "$LAB_PULL_FIXTURE" pull/storage-dead:1 storage)/storage/*" "$CODE $(hdr location)"
req GET "$(hdr location)" 2>/dev/null
expect "the dead port refuses connections" 000 "$CODE"
if [[ -n "${LAB_CONTAINERD_SOCK:-}" ]]; then
    if timeout 5 ctr --address "$LAB_CONTAINERD_SOCK" version >/dev/null 2>&1; then
        ok "containerd answers on $LAB_CONTAINERD_SOCK"
    else
        bad "containerd does not answer on $LAB_CONTAINERD_SOCK"
    fi
fi

echo
if ((FAILS > 0)); then
    echo "selftest: $FAILS check(s) FAILED" >&2
    exit 1
fi
echo "selftest: all checks passed"
