# shellcheck shell=bash
# scripts/lib/deps.sh — sourceable helpers that install the Debian packages the
# regprobe build and its test lab need.
#
#   source scripts/lib/deps.sh
#   regprobe_ensure_deps                 # the build and the lab (the fixed lists below)
#   regprobe_ensure_test_deps            # the same, containerd + runc, and the shipping tools (scripts/test)
#   regprobe_ensure_packages pkg1 pkg2   # any list
#
# Only packages that `dpkg -s` does not report as installed are installed, and
# apt-get is not touched at all when nothing is missing (so a warm machine pays
# ~50 ms). Needs root (or sudo) only when something has to be installed.

# Packages for building regprobe (libcurl, openssl and libyaml headers, pkg-config).
REGPROBE_BUILD_DEPS=(
    libcurl4-openssl-dev
    libssl-dev
    libyaml-dev
    pkg-config
)

# Packages for running the lab (registry, htpasswd, openssl, curl, python3 + cryptography).
REGPROBE_LAB_DEPS=(
    docker-registry
    apache2-utils
    openssl
    curl
    python3
    python3-cryptography
    ca-certificates
)

# Test-only: containerd, the oracle the tests ask whether an image really pulls (scripts/lab/containerd.sh),
# and runc, which containerd's task service expects beside it.
REGPROBE_ORACLE_DEPS=(
    containerd
    runc
)

# Test-only: what the image, install and package tests use (scripts/image, scripts/install, scripts/package and
# the tests that run them): skopeo pushes the image to the lab, dpkg-dev computes the package's Depends, lintian
# checks it, man-db renders the man page, bash/zsh/fish load the completions, python3-yaml reads deploy/,
# action.yml and examples/.
REGPROBE_SHIP_DEPS=(
    skopeo
    dpkg-dev
    lintian
    man-db
    bash-completion
    zsh
    fish
    python3-yaml
    binutils
)

REGPROBE_DEPS=("${REGPROBE_BUILD_DEPS[@]}" "${REGPROBE_LAB_DEPS[@]}")

# regprobe_missing_packages PKG... — print (one per line) the packages that are
# not fully installed. One dpkg-query call for the whole list; a package that
# is removed but not purged ("deinstall ok config-files") counts as missing,
# which a bare `dpkg -s` exit status would not tell us.
regprobe_missing_packages() {
    local -A ok=()
    local name status
    while IFS=' ' read -r name status; do
        [[ "$status" == "install ok installed" ]] && ok["$name"]=1
    done < <(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true)
    for name in "$@"; do
        [[ -n "${ok[${name%%:*}]:-}" ]] || printf '%s\n' "$name"
    done
}

# regprobe_ensure_packages PKG... — install whatever is missing of PKG...
regprobe_ensure_packages() {
    local -a missing=()
    local pkg
    while IFS= read -r pkg; do
        [[ -n "$pkg" ]] && missing+=("$pkg")
    done < <(regprobe_missing_packages "$@")
    if ((${#missing[@]} == 0)); then
        return 0
    fi

    local -a sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "regprobe_ensure_packages: missing ${missing[*]} and not root (no sudo)" >&2
            return 1
        fi
    fi

    echo "regprobe: installing missing packages: ${missing[*]}" >&2
    # -qq keeps apt quiet; errors still reach stderr. On failure show the log.
    local log
    log=$(mktemp)
    if ! "${sudo[@]}" apt-get update -qq >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "regprobe_ensure_packages: apt-get update failed" >&2
        return 1
    fi
    # docker-registry's maintainer script starts a system service on :5000
    # when an init system allows it. The lab never uses that service (nor any
    # fixed port), so if no policy-rc.d exists we add one that forbids service
    # starts for the duration of the install, and remove it afterwards.
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [[ ! -e "$policy" ]]; then
        if printf '#!/bin/sh\n# temporary, added by regprobe deps.sh\nexit 101\n' |
            "${sudo[@]}" tee "$policy" >/dev/null && "${sudo[@]}" chmod 755 "$policy"; then
            added_policy=1
        fi
    fi
    local rc=0
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1 || rc=$?
    if ((added_policy)); then
        "${sudo[@]}" rm -f "$policy"
    fi
    if ((rc != 0)); then
        cat "$log" >&2
        rm -f "$log"
        echo "regprobe_ensure_packages: apt-get install ${missing[*]} failed" >&2
        return 1
    fi
    rm -f "$log"

    # Double-check: apt can "succeed" while leaving a package half-configured.
    missing=()
    while IFS= read -r pkg; do
        [[ -n "$pkg" ]] && missing+=("$pkg")
    done < <(regprobe_missing_packages "$@")
    if ((${#missing[@]} > 0)); then
        echo "regprobe_ensure_packages: still missing after install: ${missing[*]}" >&2
        return 1
    fi
}

# regprobe_ensure_deps — install everything regprobe's build and lab need.
regprobe_ensure_deps() {
    regprobe_ensure_packages "${REGPROBE_DEPS[@]}"
}

# regprobe_ensure_test_deps — the build and the lab, the containerd oracle the tests pull with, and the tools of
# the image, install and package tests.
regprobe_ensure_test_deps() {
    regprobe_ensure_packages "${REGPROBE_DEPS[@]}" "${REGPROBE_ORACLE_DEPS[@]}" "${REGPROBE_SHIP_DEPS[@]}"
}
