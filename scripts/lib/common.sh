# shellcheck shell=bash
# Shared by scripts/demo, scripts/test and scripts/bench: the toolchain on PATH, the Debian packages, the build.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export REPO_ROOT

# Swift lives in /opt/swift on the project's machines; put it on PATH when a shell did not.
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

# shellcheck source=scripts/lib/deps.sh
. "$REPO_ROOT/scripts/lib/deps.sh"

regprobe_require_swift() {
    command -v swift >/dev/null 2>&1 || {
        echo "swift is not on PATH (and not in /opt/swift): install the Swift 6 toolchain first" >&2
        return 1
    }
}
