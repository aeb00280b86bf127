#!/usr/bin/env bash
# scripts/lab/lab.sh — the regprobe test lab: real registries + fixtures on loopback.
#
#   scripts/lab/lab.sh up DIR     start everything, seed it, write DIR/lab.env
#   scripts/lab/lab.sh down DIR   stop what `up DIR` started (DIR is kept)
#
# `up` starts, all on 127.0.0.1 with free ports picked at run time:
#   registry-open   docker-registry, plain HTTP, no auth
#   registry-basic  docker-registry, TLS, htpasswd (alice/alicepw, admin/adminpw)
#   registry-token  docker-registry, TLS, token auth via tokenserver.py
#   registry-mtls   docker-registry, TLS requiring a client certificate signed by the lab CA
#                   (http.tls.clientcas), no auth, serving registry-open's storage (so no seeding)
#   registry-mirror docker-registry, plain HTTP, no auth, storage of its own: the mirror of the hosts.toml cases,
#                   seeded with the same images as the others (seed.py) but none of the pull cases (pull/*), so
#                   it lacks what only registry-open has. LAB_DEAD is a loopback port nothing listens on: a dead
#                   upstream in front of which the mirror stands.
#   tokenserver     scripts/lab/tokenserver.py (HTTPS)
#   fixture         scripts/lab/fixture.py (three plain-HTTP ports: registry, token registry, storage)
#   containerd      scripts/lab/containerd.sh: a private containerd (root, state, socket in DIR/containerd), the
#                   oracle for "will it pull", with hosts.toml files for the TLS registries; only when running
#                   as root with containerd installed (lab.env has LAB_CONTAINERD_SOCK when it runs)
# seeds the three registries with scripts/lab/seed.py, pushes the pull cases (whole images, then broken with
# DELETE: seed.py pullcases) into registry-open, and writes DIR/lab.env
# (KEY=VALUE, sourceable). Pids are in DIR/pids ("NAME PID" lines), process
# output in DIR/NAME.log. Running `up` again on the same DIR first stops the
# previous run and wipes the registries' storage (fresh, re-seeded state).
# scripts/lab/selftest.sh DIR checks a running lab with curl.
#
# Pull cases: DIR/pull-seed.json (LAB_PULL_SEED) describes those in registry-open, DIR/pull-fixture.json
# (LAB_PULL_FIXTURE) those the fixture serves; Tests/IntegrationTests/PullCases.swift is their table.
#
# Users (token server; the basic registry knows only alice and admin, both
# with full access):
#   admin/adminpw  pull,push on every repository
#   alice/alicepw  pull on public/*, team/*, private/*   (nested names too)
#   bob/bobpw      pull on public/*, team/*    (private/* → insufficient_scope)
#   anonymous      pull on public/*
#
# Env: FIXTURE_SLOW_SECONDS (default 5, max 30) — delay of the fixture's slow/app.
#      REGPROBE_LAB_SKIP_DEPS=1 — do not check/install Debian packages.

set -euo pipefail
shopt -s extglob

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3
REGISTRY_BIN=/usr/bin/docker-registry

SERVICE=regprobe-lab
ISSUER=regprobe-lab-issuer

# Bounded waits: readiness polls and the TERM→KILL grace period.
READY_TRIES=100   # × 0.1 s
STOP_TRIES=50     # × 0.1 s

die() {
    echo "lab.sh: $*" >&2
    exit 1
}

usage() {
    echo "usage: $0 up|down DIR" >&2
    exit 2
}

# --- process bookkeeping -----------------------------------------------------

# is_ours PID DIR — the process exists, is not a zombie, and its command line
# mentions DIR (guards against pid reuse: we only ever signal our own children).
is_ours() {
    local pid=$1 dir=$2 state cmdline
    [[ -r /proc/$pid/stat ]] || return 1
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ "$state" != "Z" && "$state" != "X" ]] || return 1
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ "$cmdline" == *"$dir/"* ]]
}

# lab_orphans DIR — pids of lab servers for DIR that DIR/pids does not list
# (e.g. DIR was wiped while the lab ran). Only exact lab command lines count:
#   /usr/bin/docker-registry serve DIR/registry-*.yml
#   /usr/bin/python3 .../scripts/lab/{tokenserver,fixture,hostile}.py ... DIR/... ...
lab_orphans() {
    local dir=$1 p pid arg
    local -a argv
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        [[ -r "$p/cmdline" ]] || continue
        mapfile -d '' -t argv <"$p/cmdline" 2>/dev/null || continue
        ((${#argv[@]} >= 2)) || continue
        if [[ "${argv[0]}" == "$REGISTRY_BIN" && "${argv[1]}" == serve &&
            "${argv[2]:-}" == "$dir"/registry-*.yml ]]; then
            is_ours "$pid" "$dir" && echo "$pid"
        elif [[ "${argv[0]}" == "$PY" && "${argv[1]}" == */scripts/lab/@(tokenserver|fixture|hostile).py ]]; then
            for arg in "${argv[@]:2}"; do
                if [[ "$arg" == "$dir"/* ]]; then
                    is_ours "$pid" "$dir" && echo "$pid"
                    break
                fi
            done
        fi
    done
}

# stop_pids DIR PID... — TERM, wait (bounded), KILL leftovers, wait (bounded).
stop_pids() {
    local dir=$1 pid i alive=0
    shift
    (($# > 0)) || return 0
    for pid in "$@"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for ((i = 0; i < STOP_TRIES; i++)); do
        alive=0
        for pid in "$@"; do
            if is_ours "$pid" "$dir"; then alive=1; fi
        done
        ((alive)) || return 0
        sleep 0.1
    done
    for pid in "$@"; do
        if is_ours "$pid" "$dir"; then
            echo "lab.sh: pid $pid did not stop on TERM, sending KILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    for ((i = 0; i < STOP_TRIES; i++)); do
        alive=0
        for pid in "$@"; do
            if is_ours "$pid" "$dir"; then alive=1; fi
        done
        ((alive)) || return 0
        sleep 0.1
    done
    echo "lab.sh: some lab processes survived KILL: $*" >&2
    return 1
}

# stop_all DIR — stop every pid recorded in DIR/pids, plus orphaned lab
# servers of DIR (see lab_orphans), then remove DIR/pids.
stop_all() {
    local dir=$1 pidfile=$1/pids name pid
    local -a pids=() orphans=()
    if [[ -f "$pidfile" ]]; then
        while read -r name pid; do
            [[ -n "${pid:-}" ]] || continue
            if is_ours "$pid" "$dir"; then pids+=("$pid"); fi
        done <"$pidfile"
    fi
    while read -r pid; do
        [[ -n "$pid" && " ${pids[*]} " != *" $pid "* ]] && orphans+=("$pid")
    done < <(lab_orphans "$dir")
    if ((${#orphans[@]} > 0)); then
        echo "lab.sh: also stopping lab processes of $dir not listed in its pids file: ${orphans[*]}" >&2
    fi
    stop_pids "$dir" "${pids[@]}" "${orphans[@]}" || die "could not stop the lab in $dir"
    rm -f "$pidfile"
    if [[ -d "$dir/containerd" ]]; then
        "$HERE/containerd.sh" down "$dir" >/dev/null || die "could not stop the lab's containerd in $dir"
    fi
}

# start NAME CMD... — run CMD detached (own session, no stdin), output to
# DIR/NAME.log, pid appended to DIR/pids. The environment is reset so stray
# REGISTRY_* or proxy variables cannot change what the servers do.
start() {
    local name=$1
    shift
    local -a envs=(PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$DIR" LANG=C.UTF-8)
    if [[ -n "${FIXTURE_SLOW_SECONDS:-}" ]]; then
        envs+=(FIXTURE_SLOW_SECONDS="$FIXTURE_SLOW_SECONDS")
    fi
    setsid env -i "${envs[@]}" "$@" </dev/null >>"$DIR/$name.log" 2>&1 &
    echo "$name $!" >>"$DIR/pids"
}

# still_running NAME PID — true while lab server NAME (PID) runs; else says so with its last log lines.
still_running() {
    local name=$1 pid=$2
    is_ours "$pid" "$DIR" && return 0
    echo "lab.sh: $name (pid $pid) exited during startup; last log lines:" >&2
    tail -n 30 "$DIR/$name.log" >&2 || true
    return 1
}

# wait_file NAME FILE — wait (bounded) until server NAME has written FILE.
wait_file() {
    local name=$1 file=$2 i pid
    pid=$(awk -v n="$name" '$1 == n {print $2}' "$DIR/pids")
    for ((i = 0; i < READY_TRIES; i++)); do
        [[ -s "$file" ]] && return 0
        still_running "$name" "$pid" || return 1
        sleep 0.1
    done
    echo "lab.sh: $name did not write $file in time" >&2
    return 1
}

# wait_ready NAME URL — poll URL (bounded) until it gives any HTTP status.
wait_ready() {
    local name=$1 url=$2 i code pid
    pid=$(awk -v n="$name" '$1 == n {print $2}' "$DIR/pids")
    for ((i = 0; i < READY_TRIES; i++)); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --noproxy '*' \
            --cacert "$DIR/ca.crt" --cert "$DIR/client.cert" --key "$DIR/client.key" \
            --connect-timeout 1 --max-time 2 "$url" 2>/dev/null || true)
        if [[ -n "$code" && "$code" != "000" ]]; then
            return 0
        fi
        still_running "$name" "$pid" || return 1
        sleep 0.1
    done
    echo "lab.sh: $name not answering at $url after $READY_TRIES tries; last log lines:" >&2
    tail -n 30 "$DIR/$name.log" >&2 || true
    return 1
}

# --- setup steps ---------------------------------------------------------------

make_certs() {
    local d=$DIR
    # CA
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 \
        -keyout "$d/ca.key" -out "$d/ca.crt" -subj "/CN=regprobe lab CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash" 2>/dev/null
    # Server certificate for localhost / 127.0.0.1 / ::1, signed by the CA.
    openssl req -new -newkey rsa:2048 -nodes -sha256 \
        -keyout "$d/server.key" -out "$d/server.csr" -subj "/CN=localhost" 2>/dev/null
    cat >"$d/server.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
        -CAcreateserial -days 365 -sha256 -extfile "$d/server.ext" \
        -out "$d/server.crt" 2>/dev/null
    rm -f "$d/server.csr" "$d/server.ext" "$d/ca.srl"
    # Client certificate for the mTLS registry, signed by the same CA.
    openssl req -new -newkey rsa:2048 -nodes -sha256 \
        -keyout "$d/client.key" -out "$d/client.csr" -subj "/CN=regprobe lab client" 2>/dev/null
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' >"$d/client.ext"
    openssl x509 -req -in "$d/client.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
        -CAcreateserial -days 365 -sha256 -extfile "$d/client.ext" -out "$d/client.cert" 2>/dev/null
    rm -f "$d/client.csr" "$d/client.ext" "$d/ca.srl"
    # Token-signing key + self-signed cert: the registry's rootcertbundle.
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 \
        -keyout "$d/token-signing.key" -out "$d/token-signing.crt" \
        -subj "/CN=regprobe lab token signer" 2>/dev/null
    chmod 600 "$d/ca.key" "$d/server.key" "$d/token-signing.key" "$d/client.key"
}

make_htpasswd() {
    {
        htpasswd -Bbn alice alicepw
        htpasswd -Bbn admin adminpw
    } | sed '/^$/d' >"$DIR/htpasswd"
}

# pick_ports N — N distinct free TCP ports on 127.0.0.1 (all bound at once, so
# distinct; released right before the servers start).
pick_ports() {
    "$PY" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

# registry_config NAME PORT [tls] [AUTH-YAML] — write DIR/registry-NAME.yml
registry_config() {
    local name=$1 port=$2 tls=${3:-} auth=${4:-}
    local secret
    secret=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    mkdir -p "$DIR/registry-$name/data"
    {
        cat <<EOF
# generated by scripts/lab/lab.sh — registry "$name"
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
  fields:
    service: registry-$name
storage:
  filesystem:
    rootdirectory: $DIR/registry-$name/data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: $secret
  headers:
    X-Content-Type-Options: [nosniff]
EOF
        if [[ -n "$tls" ]]; then
            cat <<EOF
  tls:
    certificate: $DIR/server.crt
    key: $DIR/server.key
EOF
        fi
        if [[ -n "$auth" ]]; then
            printf '%s\n' "$auth"
        fi
    } >"$DIR/registry-$name.yml"
}

on_up_exit() {
    local rc=$?
    if [[ "${UP_DONE:-0}" != 1 ]]; then
        echo "lab.sh: up failed (exit $rc), stopping what was started" >&2
        stop_all "$DIR" || true
        rm -f "$DIR/lab.env" "$DIR/lab.env.tmp"
        exit $((rc == 0 ? 1 : rc))
    fi
}

do_up() {
    local t0=$SECONDS start_ns
    start_ns=$(date +%s%N)

    if [[ "${REGPROBE_LAB_SKIP_DEPS:-}" != 1 ]]; then
        # shellcheck source=scripts/lib/deps.sh
        source "$REPO_ROOT/scripts/lib/deps.sh"
        regprobe_ensure_test_deps
    fi
    [[ -x "$REGISTRY_BIN" ]] || die "$REGISTRY_BIN not found"
    [[ -x "$PY" ]] || die "$PY not found"

    mkdir -p "$DIR"
    # A previous run on this DIR: stop it first, then start from clean state.
    stop_all "$DIR"
    rm -rf "$DIR/registry-open" "$DIR/registry-basic" "$DIR/registry-token" "$DIR/registry-mtls" \
        "$DIR/registry-mirror"
    rm -f "$DIR"/*.log "$DIR/lab.env" "$DIR/seed.json" "$DIR/pull-seed.json" "$DIR/pull-fixture.json" \
        "$DIR/mirror-seed.json"

    # From here on, a failure (set -e) stops whatever was started.
    UP_DONE=0
    trap on_up_exit EXIT

    make_certs
    make_htpasswd

    local ports p_open p_basic p_token p_tokensrv p_fix p_fixtoken p_mtls p_storage p_mirror p_dead
    ports=$(pick_ports 10)
    read -r p_open p_basic p_token p_tokensrv p_fix p_fixtoken p_mtls p_storage p_mirror p_dead <<<"$ports"
    local realm="https://localhost:$p_tokensrv/token"

    registry_config open "$p_open"
    registry_config basic "$p_basic" tls "auth:
  htpasswd:
    realm: regprobe-lab-basic
    path: $DIR/htpasswd"
    registry_config token "$p_token" tls "auth:
  token:
    realm: $realm
    service: $SERVICE
    issuer: $ISSUER
    rootcertbundle: $DIR/token-signing.crt"

    registry_config mirror "$p_mirror"
    registry_config mtls "$p_mtls" tls "    clientcas:
      - $DIR/ca.crt"
    # The mTLS registry serves what the open one stores (read-only use): no seeding through client certs.
    sed -i "s#$DIR/registry-mtls/data#$DIR/registry-open/data#" "$DIR/registry-mtls.yml"

    : >"$DIR/pids"
    start registry-open "$REGISTRY_BIN" serve "$DIR/registry-open.yml"
    start registry-basic "$REGISTRY_BIN" serve "$DIR/registry-basic.yml"
    start registry-token "$REGISTRY_BIN" serve "$DIR/registry-token.yml"
    start registry-mtls "$REGISTRY_BIN" serve "$DIR/registry-mtls.yml"
    start registry-mirror "$REGISTRY_BIN" serve "$DIR/registry-mirror.yml"
    start tokenserver "$PY" "$HERE/tokenserver.py" --port "$p_tokensrv" \
        --cert "$DIR/server.crt" --key "$DIR/server.key" \
        --signing-key "$DIR/token-signing.key" --issuer "$ISSUER" --service "$SERVICE" \
        --log "$DIR/tokenserver.log"
    start fixture "$PY" "$HERE/fixture.py" --port "$p_fix" --token-port "$p_fixtoken" \
        --storage-port "$p_storage" --images-out "$DIR/pull-fixture.json" --log "$DIR/fixture-access.log"
    start hostile "$PY" "$HERE/hostile.py" --log "$DIR/hostile-access.log" --ports-file "$DIR/hostile.env" \
        --cert "$DIR/server.crt" --key "$DIR/server.key"

    wait_ready registry-open "http://127.0.0.1:$p_open/v2/"
    wait_ready registry-basic "https://localhost:$p_basic/v2/"
    wait_ready registry-token "https://localhost:$p_token/v2/"
    wait_ready registry-mtls "https://localhost:$p_mtls/v2/"
    wait_ready registry-mirror "http://127.0.0.1:$p_mirror/v2/"
    wait_ready tokenserver "https://localhost:$p_tokensrv/token?service=$SERVICE"
    wait_ready fixture "http://127.0.0.1:$p_fix/v2/"
    wait_ready fixture "http://127.0.0.1:$p_fixtoken/v2/"
    wait_ready fixture "http://127.0.0.1:$p_storage/"
    wait_file fixture "$DIR/pull-fixture.json"
    wait_file hostile "$DIR/hostile.env"

    "$PY" "$HERE/seed.py" --cafile "$DIR/ca.crt" --out "$DIR/seed.json" \
        "http://127.0.0.1:$p_open" "https://localhost:$p_basic" "https://localhost:$p_token"
    # The mirror of the hosts.toml cases: the same images, none of the pull cases.
    "$PY" "$HERE/seed.py" --cafile "$DIR/ca.crt" --out "$DIR/mirror-seed.json" "http://127.0.0.1:$p_mirror"
    # A repository only the request-count test reads, so the registry's access log can be counted exactly.
    "$PY" "$HERE/seed.py" bulk --cafile "$DIR/ca.crt" --registry "https://localhost:$p_token" \
        --repos 1 --tags 10 --prefix team/counted/r --no-verify >/dev/null
    # The pull cases: only in registry-open (plain HTTP, which containerd speaks to loopback without a hosts.toml).
    "$PY" "$HERE/seed.py" pullcases --registry "http://127.0.0.1:$p_open" --out "$DIR/pull-seed.json"

    # containerd, the oracle: root only (it owns a content store and snapshots).
    local containerd_env=""
    if [[ $(id -u) -eq 0 && -x /usr/bin/containerd ]]; then
        "$HERE/containerd.sh" up "$DIR"
        "$HERE/containerd.sh" hosts "$DIR" "localhost:$p_basic" "$DIR/ca.crt"
        "$HERE/containerd.sh" hosts "$DIR" "localhost:$p_token" "$DIR/ca.crt"
        "$HERE/containerd.sh" hosts "$DIR" "localhost:$p_mtls" "$DIR/ca.crt" "$DIR/client.cert" "$DIR/client.key"
        containerd_env=$DIR/containerd/env
    else
        echo "lab.sh: containerd not started (needs root and Debian's containerd): no LAB_CONTAINERD_SOCK"
    fi

    cat >"$DIR/lab.env.tmp" <<EOF
LAB_DIR=$DIR
LAB_CA=$DIR/ca.crt
LAB_OPEN=127.0.0.1:$p_open
LAB_BASIC=localhost:$p_basic
LAB_TOKEN=localhost:$p_token
LAB_TOKEN_REALM=$realm
LAB_MTLS=localhost:$p_mtls
LAB_MIRROR=127.0.0.1:$p_mirror
LAB_DEAD=127.0.0.1:$p_dead
LAB_CLIENT_CERT=$DIR/client.cert
LAB_CLIENT_KEY=$DIR/client.key
LAB_FIXTURE=127.0.0.1:$p_fix
LAB_FIXTURE_TOKEN=127.0.0.1:$p_fixtoken
LAB_FIXTURE_STORAGE=127.0.0.1:$p_storage
LAB_SEED=$DIR/seed.json
LAB_PULL_SEED=$DIR/pull-seed.json
LAB_PULL_FIXTURE=$DIR/pull-fixture.json
LAB_REGISTRY_LOG_OPEN=$DIR/registry-open.log
LAB_REGISTRY_LOG_BASIC=$DIR/registry-basic.log
LAB_REGISTRY_LOG_TOKEN=$DIR/registry-token.log
LAB_REGISTRY_LOG_MIRROR=$DIR/registry-mirror.log
LAB_FIXTURE_LOG=$DIR/fixture-access.log
LAB_TOKEN_LOG=$DIR/tokenserver.log
LAB_HOSTILE_LOG=$DIR/hostile-access.log
EOF
    cat "$DIR/hostile.env" >>"$DIR/lab.env.tmp"
    if [[ -n "$containerd_env" ]]; then
        cat "$containerd_env" >>"$DIR/lab.env.tmp"
    fi
    mv "$DIR/lab.env.tmp" "$DIR/lab.env"
    UP_DONE=1

    local ms=$((($(date +%s%N) - start_ns) / 1000000))
    echo "lab up in ${ms} ms ($((SECONDS - t0)) s): $DIR/lab.env"
}

do_down() {
    stop_all "$DIR"
    echo "lab down: $DIR"
}

[[ $# -eq 2 ]] || usage
CMD=$1
[[ -n "$2" ]] || usage
DIR=$(realpath -m -- "$2")
[[ "$DIR" != "/" ]] || die "refusing DIR=/"
case "$DIR" in
*[[:space:]]*) die "DIR must not contain whitespace: $DIR" ;;
esac

case "$CMD" in
up) do_up ;;
down) do_down ;;
*) usage ;;
esac
