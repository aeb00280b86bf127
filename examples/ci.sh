#!/bin/sh
# regprobe in any CI, from a plain shell: check the images a release needs, then predict whether every container
# of the manifests will pull, writing a JUnit report for the CI's test view.
#
#   IMAGES="reg.example.com/team/web:1.4.2 reg.example.com/team/worker:1.4.2" MANIFESTS=deploy/ sh examples/ci.sh
#
# Uses `regprobe` from PATH (the .deb, or scripts/install), else the image through docker or podman
# (REGPROBE_ENGINE), with the working directory mounted read-only. Credentials: REGPROBE_AUTHFILE (a Docker
# config.json) for the image check, REGPROBE_SECRETS (pull Secret manifests) for the scan. REGPROBE_DEEP=1 checks
# everything a pull fetches. Exits with regprobe's worst exit code (0: everything pulls).
set -eu

IMAGES=${IMAGES:-}
MANIFESTS=${MANIFESTS:-deploy/}
REPORT=${REPORT:-regprobe.xml}
REGPROBE_IMAGE=${REGPROBE_IMAGE:-ghcr.io/regprobe/regprobe:0.1.0}

if command -v regprobe >/dev/null 2>&1; then
    regprobe() { command regprobe "$@"; }
else
    engine=${REGPROBE_ENGINE:-$(command -v podman || command -v docker || true)}
    if [ -z "$engine" ]; then
        echo "ci.sh: install regprobe (its .deb, or scripts/install) or docker/podman" >&2
        exit 127
    fi
    regprobe() {
        "$engine" run --rm -i -v "$PWD:/work:ro" -w /work -e REGPROBE_DEEP "$REGPROBE_IMAGE" "$@"
    }
fi
regprobe --version

status=0
if [ -n "$IMAGES" ]; then
    # shellcheck disable=SC2086 # IMAGES is a list of words
    regprobe ${REGPROBE_AUTHFILE:+--authfile "$REGPROBE_AUTHFILE"} $IMAGES || status=$?
fi
if [ -n "$MANIFESTS" ]; then
    rc=0
    regprobe scan -o junit ${REGPROBE_SECRETS:+--secret "$REGPROBE_SECRETS"} "$MANIFESTS" >"$REPORT" || rc=$?
    echo "ci.sh: JUnit report in $REPORT (regprobe scan exit code $rc)"
    [ "$rc" -le "$status" ] || status=$rc
fi
exit "$status"
