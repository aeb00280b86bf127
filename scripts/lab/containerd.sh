#!/usr/bin/env bash
# scripts/lab/containerd.sh — containerd as the oracle for "will it pull": a private containerd daemon for the lab,
# and one pull at a time through `ctr`, each in a fresh namespace so that no pull reuses another's blobs.
#
#   scripts/lab/containerd.sh up DIR     start containerd (root, state, socket, config under DIR/containerd),
#                                        write DIR/containerd/env (LAB_CONTAINERD_SOCK=..., sourceable)
#   scripts/lab/containerd.sh hosts DIR HOST CA [CLIENT_CERT CLIENT_KEY]
#                                        write DIR/containerd/hosts/HOST/hosts.toml: HOST over HTTPS, trusting CA
#   scripts/lab/containerd.sh pull DIR REF [--hosts-dir D] [--user u:p] [--platform P]
#                                        `ctr images pull` REF in a namespace of its own (pull and unpack)
#   scripts/lab/containerd.sh down DIR   stop the daemon that `up DIR` started (DIR is kept)
#
# `pull` prints `key: value` lines on stdout:
#   verdict: pulled | refused       containerd's answer (refused: ctr exited non-zero)
#   exit: N                         ctr's exit status
#   namespace: NS                   the namespace the pull ran in
#   elapsed-ms: N                   wall time of the ctr run
#   error: TEXT                     (refused only) the last line ctr wrote on standard error: control characters
#                                   escaped, the --user password replaced by "***", at most 2000 characters
#   log: FILE                       ctr's whole output (escaped and redacted the same way)
# and exits 0 (pulled), 1 (refused), 2 (usage) or 3 (the harness could not ask: no daemon, or no answer within
# CONTAINERD_PULL_SECONDS, default 60, max 300).
#
# Facts this rests on (containerd 1.6.20, Debian 12):
# - `disabled_plugins = ["io.containerd.grpc.v1.cri"]`: no CRI, no streaming server, no network listener.
# - `content_sharing_policy = "isolated"` (plugins."io.containerd.metadata.v1.bolt"): a blob another namespace
#   already holds is fetched again, so every pull proves the registry serves all it needs.
#   https://github.com/containerd/containerd/blob/v1.6.20/docs/namespaces.md#shared-content
# - The `opt` plugin's path moves into DIR (its default, /opt/containerd, would be created on the host).
# - Without --hosts-dir, ctr speaks plain HTTP to a loopback registry (127.0.0.1, localhost, ::1).
# - A hosts.toml with only top-level keys fails with "invalid `host` tree"; `hosts` writes a [host."https://H"]
#   table (capabilities pull and resolve) and a top-level `server` and `ca` for the fallback.
#   https://github.com/containerd/containerd/blob/v1.6.20/docs/hosts.md
# Only loopback registries are pulled (REF's host must be 127.0.0.0/8, localhost or [::1]).

set -euo pipefail

CONTAINERD_BIN=/usr/bin/containerd
CTR_BIN=/usr/bin/ctr
PY=/usr/bin/python3

READY_TRIES=100 # × 0.1 s, for the socket to answer
STOP_TRIES=50   # × 0.1 s, TERM then KILL
SOCKET_MAX=100  # bytes; sun_path is 108, and containerd adds ".ttrpc" beside the socket

die() {
    echo "containerd.sh: $*" >&2
    exit 3
}

usage() {
    echo "usage: $0 up|down DIR | hosts DIR HOST CA [CLIENT_CERT CLIENT_KEY]" >&2
    echo "       $0 pull DIR REF [--hosts-dir D] [--user u:p] [--platform P]" >&2
    exit 2
}

# is_ours PID — the process exists, is not a zombie, is containerd, and runs with our config (pid reuse guard).
is_ours() {
    local pid=$1 state
    local -a argv
    [[ -r /proc/$pid/stat ]] || return 1
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ "$state" != "Z" && "$state" != "X" ]] || return 1
    mapfile -d '' -t argv <"/proc/$pid/cmdline" 2>/dev/null || return 1
    [[ "${argv[0]:-}" == "$CONTAINERD_BIN" && "${argv[1]:-}" == --config && "${argv[2]:-}" == "$CONFIG" ]]
}

# running PID — the process exists and is not a zombie (during startup it is still `setsid` or `env`, which exec
# containerd under the same pid).
running() {
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n "$state" && "$state" != "Z" && "$state" != "X" ]]
}

# ours_all — every containerd running with our config: the one in PIDFILE and any left behind (a pid file lost).
ours_all() {
    local p pid
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        is_ours "$pid" 2>/dev/null && echo "$pid"
    done
    return 0
}

# alive_pid — the pid in PIDFILE when that process is still our containerd, else nothing.
alive_pid() {
    local pid
    [[ -f "$PIDFILE" ]] || return 0
    pid=$(<"$PIDFILE")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    if is_ours "$pid"; then echo "$pid"; fi
}

# answers — the daemon answers on its socket (bounded: 3 s).
answers() {
    timeout 3 "$CTR_BIN" --address "$SOCK" version >/dev/null 2>&1
}

# any_ours PID... — one of them is still our containerd.
any_ours() {
    local pid
    for pid in "$@"; do
        if is_ours "$pid"; then return 0; fi
    done
    return 1
}

do_down() {
    local i
    local -a pids
    mapfile -t pids < <(ours_all)
    rm -f "$BASE/env"
    if ((${#pids[@]} == 0)); then
        rm -f "$PIDFILE"
        return 0
    fi
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for ((i = 0; i < STOP_TRIES; i++)); do
        any_ours "${pids[@]}" || break
        sleep 0.1
    done
    if any_ours "${pids[@]}"; then
        echo "containerd.sh: containerd (pids ${pids[*]}) did not stop on TERM, sending KILL" >&2
        kill -KILL "${pids[@]}" 2>/dev/null || true
        for ((i = 0; i < STOP_TRIES; i++)); do
            any_ours "${pids[@]}" || break
            sleep 0.1
        done
    fi
    any_ours "${pids[@]}" && die "containerd (pids ${pids[*]}) survived KILL"
    rm -f "$PIDFILE"
}

do_up() {
    local start_ns i pid
    start_ns=$(date +%s%N)
    [[ $(id -u) -eq 0 ]] || die "containerd needs root (it owns its content store and snapshots); run as root"
    [[ -x "$CONTAINERD_BIN" && -x "$CTR_BIN" ]] ||
        die "$CONTAINERD_BIN or $CTR_BIN not found: install Debian's containerd (scripts/lib/deps.sh does)"
    ((${#SOCK} <= SOCKET_MAX)) || die "socket path $SOCK is longer than $SOCKET_MAX bytes: use a shorter DIR"

    mkdir -p "$BASE"
    do_down # a previous daemon of this DIR
    : >"$BASE/containerd.log"
    rm -rf "$BASE/root" "$BASE/state" "$BASE/opt" "$BASE/pulls" "$BASE/hosts"
    mkdir -p "$BASE/root" "$BASE/state" "$BASE/opt" "$BASE/pulls" "$BASE/hosts"
    cat >"$CONFIG" <<EOF
# generated by scripts/lab/containerd.sh
version = 2
root = "$BASE/root"
state = "$BASE/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$SOCK"

[plugins."io.containerd.metadata.v1.bolt"]
  content_sharing_policy = "isolated"

[plugins."io.containerd.internal.v1.opt"]
  path = "$BASE/opt"
EOF
    setsid env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        "$CONTAINERD_BIN" --config "$CONFIG" </dev/null >>"$BASE/containerd.log" 2>&1 &
    pid=$!
    echo "$pid" >"$PIDFILE"
    for ((i = 0; i < READY_TRIES; i++)); do
        if [[ -S "$SOCK" ]] && answers; then
            printf 'LAB_CONTAINERD_SOCK=%s\nLAB_CONTAINERD_HOSTS=%s\n' "$SOCK" "$BASE/hosts" >"$BASE/env"
            echo "containerd up in $((($(date +%s%N) - start_ns) / 1000000)) ms: $SOCK"
            return 0
        fi
        if ! running "$pid"; then
            echo "containerd.sh: containerd (pid $pid) exited during startup; last log lines:" >&2
            tail -n 20 "$BASE/containerd.log" >&2 || true
            rm -f "$PIDFILE"
            exit 3
        fi
        sleep 0.1
    done
    echo "containerd.sh: containerd not answering on $SOCK after $READY_TRIES tries; last log lines:" >&2
    tail -n 20 "$BASE/containerd.log" >&2 || true
    do_down
    exit 3
}

# loopback_host HOST[:PORT] — 127.0.0.0/8, localhost or [::1], with an optional port.
loopback_host() {
    local h=$1
    [[ "$h" =~ ^(127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}|localhost|\[::1\])(:[0-9]{1,5})?$ ]]
}

do_hosts() {
    local host=$1 ca=$2 cert=${3:-} key=${4:-} dir
    loopback_host "$host" || die "hosts: $host is not a loopback host[:port]"
    [[ -r "$ca" ]] || die "hosts: CA file $ca is not readable"
    dir=$BASE/hosts/$host
    mkdir -p "$dir"
    {
        echo "# generated by scripts/lab/containerd.sh"
        echo "server = \"https://$host\""
        echo "ca = \"$ca\""
        [[ -z "$cert" ]] || echo "client = [[\"$cert\", \"$key\"]]"
        echo
        echo "[host.\"https://$host\"]"
        echo "  capabilities = [\"pull\", \"resolve\"]"
        echo "  ca = \"$ca\""
        [[ -z "$cert" ]] || echo "  client = [[\"$cert\", \"$key\"]]"
    } >"$dir/hosts.toml.tmp"
    mv "$dir/hosts.toml.tmp" "$dir/hosts.toml"
}

# clean FILE — FILE's text without colour codes (SGR), other control characters escaped (\t, \xNN, \uNNNN),
# SECRET (from the environment, when set) replaced by ***; only its last non-empty line when LAST_LINE=1; at most
# LIMIT characters when LIMIT is set.
clean() {
    "$PY" -c '
import os, re, sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
text = re.sub("\x1b\\[[0-9;]*m", "", text)  # the colours of ctr'"'"'s progress bars; every other control is escaped
secret = os.environ.get("SECRET", "")
if secret:
    text = text.replace(secret, "***")
if os.environ.get("LAST_LINE") == "1":
    lines = [line for line in text.splitlines() if line.strip()]
    text = lines[-1] if lines else ""
def esc(ch):
    o = ord(ch)
    if ch == "\n":
        return ch
    if ch == "\t":
        return "\\t"
    if o < 0x20 or o == 0x7f:
        return "\\x%02x" % o
    if 0x80 <= o < 0xa0 or o in (0x2028, 0x2029):
        return "\\u%04x" % o
    return ch
out = "".join(esc(c) for c in text.strip("\n"))
limit = int(os.environ.get("LIMIT", "0") or 0)
if limit and len(out) > limit:
    out = out[:limit] + "..."
sys.stdout.write(out)
' "$1"
}

do_pull() {
    local ref=$1 hosts_dir="" user="" platform="" seconds=${CONTAINERD_PULL_SECONDS:-60}
    shift
    while (($# > 0)); do
        (($# >= 2)) && [[ -n "$2" ]] || usage
        case "$1" in
        --hosts-dir) hosts_dir=$2 ;;
        --user) user=$2 ;;
        --platform) platform=$2 ;;
        *) usage ;;
        esac
        shift 2
    done
    [[ "$seconds" =~ ^[0-9]+$ ]] && ((seconds >= 1 && seconds <= 300)) ||
        die "CONTAINERD_PULL_SECONDS must be 1..300 (got $seconds)"
    loopback_host "${ref%%/*}" || die "pull: $ref is not on a loopback registry (127.0.0.0/8, localhost, [::1])"
    [[ -z "$hosts_dir" || -d "$hosts_dir" ]] || die "pull: --hosts-dir $hosts_dir is not a directory"
    [[ -n "$(alive_pid)" ]] || die "no containerd of $DIR is running: start it with $0 up $DIR"

    # A namespace of its own: ns rules are [A-Za-z0-9]+ joined by . _ -
    local ns
    ns=pull-$(date +%s%N)-$$-$RANDOM
    local -a args=(--address "$SOCK" --namespace "$ns" images pull)
    [[ -z "$hosts_dir" ]] || args+=(--hosts-dir "$hosts_dir")
    [[ -z "$user" ]] || args+=(--user "$user")
    [[ -z "$platform" ]] || args+=(--platform "$platform")
    args+=("$ref")

    local out=$BASE/pulls/$ns.out err=$BASE/pulls/$ns.err log=$BASE/pulls/$ns.log rc=0 t0 ms
    t0=$(date +%s%N)
    timeout --kill-after=5 "$seconds" "$CTR_BIN" "${args[@]}" </dev/null >"$out" 2>"$err" || rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))

    local secret=""
    [[ "$user" != *:* ]] || secret=${user#*:}
    {
        echo "== ctr images pull (namespace $ns, exit $rc, $ms ms)"
        echo "== stdout"
        SECRET=$secret clean "$out"
        echo
        echo "== stderr"
        SECRET=$secret clean "$err"
        echo
    } >"$log"
    rm -f "$out"

    if ((rc == 124 || rc == 137)); then
        rm -f "$err"
        echo "containerd.sh: ctr images pull $ref did not finish within $seconds s (log: $log)" >&2
        exit 3
    fi
    echo "verdict: $( ((rc == 0)) && echo pulled || echo refused)"
    echo "exit: $rc"
    echo "namespace: $ns"
    echo "elapsed-ms: $ms"
    if ((rc != 0)); then
        echo "error: $(SECRET=$secret LAST_LINE=1 LIMIT=2000 clean "$err")"
    fi
    echo "log: $log"
    rm -f "$err"
    if ((rc != 0)); then
        # ctr could not reach the daemon at all: that is the harness, not containerd's verdict on REF.
        if ! answers; then
            echo "containerd.sh: containerd stopped answering on $SOCK" >&2
            exit 3
        fi
        exit 1
    fi
}

(($# >= 2)) || usage
CMD=$1
[[ -n "$2" ]] || usage
DIR=$(realpath -m -- "$2")
shift 2
[[ "$DIR" != "/" ]] || die "refusing DIR=/"
case "$DIR" in
*[[:space:]\"\\]*) die "DIR must not contain whitespace, quotes or backslashes: $DIR" ;;
esac
BASE=$DIR/containerd
CONFIG=$BASE/config.toml
SOCK=$BASE/containerd.sock
PIDFILE=$BASE/pid

case "$CMD" in
up) (($# == 0)) || usage; do_up ;;
down) (($# == 0)) || usage; do_down; echo "containerd down: $DIR" ;;
hosts) (($# == 2 || $# == 4)) || usage; do_hosts "$@" ;;
pull) (($# >= 1)) || usage; do_pull "$@" ;;
*) usage ;;
esac
