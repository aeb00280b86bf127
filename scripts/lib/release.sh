# shellcheck shell=bash
# scripts/lib/release.sh — shared by scripts/image, scripts/install, scripts/package and scripts/test: the release
# build (made once and reused), the executables to ship, the version and commit they were built from, the project's
# image name. Source scripts/lib/common.sh first.
#
#   regprobe_release_bin_dir    the release build's bin directory (builds it unless REGPROBE_RELEASE_BIN_DIR names
#                               one that holds every executable already; scripts/test builds once and sets it)
#   regprobe_executables        the package's executable products, one a line (swift package describe)
#   regprobe_dependencies       the package's dependency tree as JSON (swift package show-dependencies)
#   regprobe_release_prepare    all of the above made once and exported (REGPROBE_RELEASE_BIN_DIR,
#                               REGPROBE_MANUAL_DIR, REGPROBE_EXECUTABLES, REGPROBE_DEPENDENCIES): scripts/test calls
#                               it before `swift test`, which holds SwiftPM's lock on .build, so that the scripts the
#                               tests run never call swift (they would wait for that lock forever)
#   regprobe_commit             the checkout's commit, "-dirty" when tracked files differ; "unknown" outside git
#   regprobe_source_date_epoch  SOURCE_DATE_EPOCH, else the commit's time (reproducible timestamps)
#   regprobe_version BIN        the version BIN prints (`regprobe --version`: "0.1.0 (commit ...)")
#   regprobe_built_commit BIN   the commit BIN prints
#   regprobe_strip_into DIR BIN...  stripped copies of BIN... in DIR (what the image and the package ship)

# The project's image and its source, for the image's labels, deploy/, action.yml and the examples.
REGPROBE_IMAGE_REPOSITORY=${REGPROBE_IMAGE_REPOSITORY:-ghcr.io/regprobe/regprobe}
REGPROBE_SOURCE_URL=${REGPROBE_SOURCE_URL:-https://github.com/regprobe/regprobe}

# The release build: the Swift runtime linked in, so the binaries need only the system's C libraries.
REGPROBE_RELEASE_FLAGS=(-c release --static-swift-stdlib)

regprobe_commit() {
    local commit
    if ! commit=$(git -C "$REPO_ROOT" rev-parse --verify -q HEAD 2>/dev/null); then
        echo unknown
        return 0
    fi
    # Tracked files that differ from HEAD (untracked files do not count: they are not built unless added).
    if ! git -C "$REPO_ROOT" diff --quiet HEAD -- 2>/dev/null; then
        commit+=-dirty
    fi
    echo "$commit"
}

regprobe_source_date_epoch() {
    if [[ -n "${SOURCE_DATE_EPOCH:-}" ]]; then
        echo "$SOURCE_DATE_EPOCH"
    elif git -C "$REPO_ROOT" rev-parse --verify -q HEAD >/dev/null 2>&1; then
        git -C "$REPO_ROOT" log -1 --format=%ct HEAD
    else
        echo 0
    fi
}

regprobe_executables() {
    if [[ -n "${REGPROBE_EXECUTABLES:-}" ]]; then
        tr ' ' '\n' <<<"$REGPROBE_EXECUTABLES" | sed '/^$/d'
        return 0
    fi
    (cd "$REPO_ROOT" && swift package describe --type json) | /usr/bin/python3 -c '
import json, sys
for product in json.load(sys.stdin)["products"]:
    if "executable" in product["type"]:
        print(product["name"])
'
}

# regprobe_release_bin_dir — prints the bin directory of a release build of the current checkout. Reuses
# REGPROBE_RELEASE_BIN_DIR when it holds every executable (scripts/test sets it after its one build); otherwise
# builds, with REGPROBE_COMMIT set so that `--version` names the commit (Package.swift).
regprobe_release_bin_dir() {
    local exe missing=0
    if [[ -n "${REGPROBE_RELEASE_BIN_DIR:-}" ]]; then
        while IFS= read -r exe; do
            [[ -x "$REGPROBE_RELEASE_BIN_DIR/$exe" ]] || missing=1
        done < <(regprobe_executables)
        if ((missing == 0)); then
            echo "$REGPROBE_RELEASE_BIN_DIR"
            return 0
        fi
        echo "release.sh: REGPROBE_RELEASE_BIN_DIR=$REGPROBE_RELEASE_BIN_DIR lacks an executable; building" >&2
    fi
    regprobe_require_swift || return 1
    regprobe_ensure_packages "${REGPROBE_BUILD_DEPS[@]}" || return 1
    local log
    log=$(mktemp)
    echo "release.sh: swift build ${REGPROBE_RELEASE_FLAGS[*]}" >&2
    if ! (cd "$REPO_ROOT" && REGPROBE_COMMIT=$(regprobe_commit) swift build "${REGPROBE_RELEASE_FLAGS[@]}") \
        >"$log" 2>&1; then
        grep -v '^\[' "$log" >&2 || true
        rm -f "$log"
        echo "release.sh: the release build failed" >&2
        return 1
    fi
    rm -f "$log"
    (cd "$REPO_ROOT" && swift build "${REGPROBE_RELEASE_FLAGS[@]}" --show-bin-path)
}

regprobe_version() {
    "$1" --version | awk '{print $1; exit}'
}

regprobe_built_commit() {
    "$1" --version | sed -n 's/.*(commit \([^)]*\)).*/\1/p'
}

regprobe_strip_into() {
    local dir=$1 bin
    shift
    mkdir -p "$dir"
    for bin in "$@"; do
        strip --strip-all -o "$dir/$(basename "$bin")" "$bin"
    done
}

# regprobe_manual_dir — prints a directory holding the man pages (NAME.1) that ArgumentParser's generate-manual
# plugin writes for the package's executables. Reuses REGPROBE_MANUAL_DIR when set (scripts/test makes them once).
# The plugin builds the package first, in the configuration it is given: debug here, because in release it would
# build without --static-swift-stdlib (`swift package` has no such option) over the release build. Two executables
# that document the same command (once there were two: `regprobe` and `regprobe-kube`)
# give one page name: the longer page, which documents every subcommand, is kept. The page's date is the commit's.
regprobe_manual_dir() {
    if [[ -n "${REGPROBE_MANUAL_DIR:-}" ]]; then
        if compgen -G "$REGPROBE_MANUAL_DIR/*.1" >/dev/null; then
            echo "$REGPROBE_MANUAL_DIR"
            return 0
        fi
        echo "release.sh: REGPROBE_MANUAL_DIR=$REGPROBE_MANUAL_DIR has no page; generating" >&2
    fi
    regprobe_require_swift || return 1
    local log date out=$REPO_ROOT/.build/manual outputs=$REPO_ROOT/.build/plugins/GenerateManual/outputs
    date=$(date -u -d "@$(regprobe_source_date_epoch)" +%Y-%m-%d)
    log=$(mktemp)
    rm -rf "$outputs"
    echo "release.sh: swift package generate-manual --configuration debug" >&2
    if ! (cd "$REPO_ROOT" && REGPROBE_COMMIT=$(regprobe_commit) swift package generate-manual \
        --configuration debug --date "$date") >"$log" 2>&1; then
        grep -v '^\[' "$log" >&2 || true
        rm -f "$log"
        echo "release.sh: the generate-manual plugin failed" >&2
        return 1
    fi
    rm -f "$log"
    rm -rf "$out"
    mkdir -p "$out"
    /usr/bin/python3 - "$outputs" "$out" <<'PY' || return 1
import os, shutil, sys
outputs, out = sys.argv[1], sys.argv[2]
best = {}
for product in sorted(os.listdir(outputs)):
    for page in sorted(os.listdir(os.path.join(outputs, product))):
        path = os.path.join(outputs, product, page)
        lines = sum(1 for _ in open(path, encoding="utf-8"))
        if page not in best or lines > best[page][0]:
            best[page] = (lines, path)
if not best:
    sys.exit("release.sh: the generate-manual plugin wrote no page")
for page, (_, path) in sorted(best.items()):
    shutil.copyfile(path, os.path.join(out, page))
PY
    echo "$out"
}

# regprobe_completions_into DIR EXE... — the completion scripts ArgumentParser generates
# (`--generate-completion-script bash|zsh|fish`) for each command the executables implement: DIR/bash/NAME,
# DIR/zsh/_NAME, DIR/fish/NAME.fish, NAME being the command's name (`--experimental-dump-help`). As for the man page,
# when two executables implement the same command the longer script is kept (the one that knows every subcommand).
# Also writes DIR/commands: "EXE COMMAND" lines.
regprobe_completions_into() {
    local dir=$1
    shift
    /usr/bin/python3 - "$dir" "$@" <<'PY'
import json, os, subprocess, sys
dir, exes = sys.argv[1], sys.argv[2:]
best = {}
commands = []
for exe in exes:
    dump = json.loads(subprocess.run([exe, "--experimental-dump-help"], check=True, capture_output=True).stdout)
    name = dump["command"]["commandName"]
    commands.append("%s %s\n" % (os.path.basename(exe), name))
    for shell in ("bash", "zsh", "fish"):
        text = subprocess.run([exe, "--generate-completion-script", shell], check=True, capture_output=True).stdout
        if shell == "bash" and text.startswith(b"#!"):
            # bash-completion sources the file; a #! line means nothing there (lintian: bash-completion-with-hashbang)
            text = text[text.index(b"\n") + 1 :]
        if len(text) > len(best.get((name, shell), b"")):
            best[(name, shell)] = text
files = {"bash": "bash/%s", "zsh": "zsh/_%s", "fish": "fish/%s.fish"}
for (name, shell), text in sorted(best.items()):
    path = os.path.join(dir, files[shell] % name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text)
with open(os.path.join(dir, "commands"), "w") as f:
    f.writelines(commands)
PY
}

regprobe_dependencies() {
    if [[ -n "${REGPROBE_DEPENDENCIES:-}" && -f "$REGPROBE_DEPENDENCIES" ]]; then
        cat "$REGPROBE_DEPENDENCIES"
        return 0
    fi
    (cd "$REPO_ROOT" && swift package show-dependencies --format json)
}

regprobe_release_prepare() {
    REGPROBE_RELEASE_BIN_DIR=$(regprobe_release_bin_dir) || return 1
    REGPROBE_MANUAL_DIR=$(regprobe_manual_dir) || return 1
    REGPROBE_EXECUTABLES=$(regprobe_executables | tr '\n' ' ') || return 1
    mkdir -p "$REPO_ROOT/.build"
    regprobe_dependencies >"$REPO_ROOT/.build/dependencies.json" || return 1
    REGPROBE_DEPENDENCIES=$REPO_ROOT/.build/dependencies.json
    export REGPROBE_RELEASE_BIN_DIR REGPROBE_MANUAL_DIR REGPROBE_EXECUTABLES REGPROBE_DEPENDENCIES
}
