#!/usr/bin/env bash
# scripts/bench.d/skopeo-loop.sh LIST FAILFILE PAR SKOPEO-ARGS...
#   PAR = 1: a shell loop, one `skopeo SKOPEO-ARGS docker://IMAGE` per line of LIST, one after the other;
#   PAR > 1: the same through `xargs -P PAR`.
# Credentials come from BENCH_SKOPEO_CREDS (added as --creds), so they are never on a command line that gets
# printed. A failed image (or xargs' failure status) is appended to FAILFILE; the exit status is 0 either way
# (scripts/bench counts the failures). Bounded: LIST is finite and skopeo gets --command-timeout from the caller.
set -uo pipefail
list=$1 failfile=$2 par=$3
shift 3
creds=()
if [[ -n "${BENCH_SKOPEO_CREDS:-}" ]]; then
    creds=(--creds "$BENCH_SKOPEO_CREDS")
fi
if [[ "$par" == 1 ]]; then
    while IFS= read -r image; do
        [[ -n "$image" ]] || continue
        skopeo "$@" "${creds[@]}" "docker://$image" >/dev/null 2>>"$failfile.stderr" || echo "$image" >>"$failfile"
    done <"$list"
else
    xargs -a "$list" -P "$par" -I{} skopeo "$@" "${creds[@]}" "docker://{}" >/dev/null 2>>"$failfile.stderr" ||
        echo "xargs exit status $?" >>"$failfile"
fi
exit 0
