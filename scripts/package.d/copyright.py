#!/usr/bin/python3
"""Prints the Debian copyright file (DEP-5) of the regprobe package: regprobe itself, the Swift runtime and
Foundation linked into it (--static-swift-stdlib), and each Swift package dependency with its own licence text,
read from its checkout (`swift package show-dependencies --format json` on stdin).

https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
"""

import json
import os
import sys

SOURCE = sys.argv[1]

HEADER = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: regprobe
Source: %s

Files: *
Copyright: the regprobe authors
License: regprobe
 The regprobe authors have not chosen a licence for regprobe yet. Until they
 do, this package is distributed for evaluation, and no rights beyond those
 the law grants are given.

Files: swift-runtime/*
Copyright: Apple Inc. and the Swift project authors
License: Apache-2.0 with Runtime Library Exception
 The Swift standard library, runtime, Concurrency, Dispatch and Foundation,
 linked into the executables (swift build --static-swift-stdlib).
 .
 On Debian systems the Apache License 2.0 is in
 /usr/share/common-licenses/Apache-2.0.
 .
 Runtime Library Exception: as an exception, if you use this Software to
 compile your source code and portions of this Software are embedded into the
 binary product as a result, you may redistribute such product without
 providing attribution as would otherwise be required by Sections 4(a), 4(b)
 and 4(d) of the License.
""" % SOURCE


def dep5_text(text):
    """Licence text as a DEP-5 continuation: each line indented by one space, empty lines as ' .'."""
    lines = []
    for line in text.strip("\n").splitlines():
        line = line.rstrip()
        lines.append(" " + line if line else " .")
    return "\n".join(lines)


def license_file(path):
    for name in sorted(os.listdir(path)):
        if name.upper().startswith(("LICENSE", "LICENCE", "COPYING")):
            return os.path.join(path, name)
    return None


def walk(node, seen, out):
    for dep in node.get("dependencies", []):
        if dep["identity"] in seen:
            continue
        seen.add(dep["identity"])
        path = license_file(dep["path"])
        if path is None:
            sys.exit("copyright.py: no licence file in %s" % dep["path"])
        with open(path, encoding="utf-8") as f:
            text = f.read()
        apache = "Apache License" in text and "Version 2.0" in text
        out.append("")
        out.append("Files: swift-packages/%s/*" % dep["identity"])
        out.append("Copyright: the authors of %s (%s %s)" % (dep["identity"], dep["url"], dep["version"]))
        if apache:
            out.append("License: Apache-2.0")
            out.append(" On Debian systems the Apache License 2.0 is in")
            out.append(" /usr/share/common-licenses/Apache-2.0.")
        else:
            out.append("License: %s" % ("MIT" if "MIT License" in text or "Permission is hereby granted" in text
                                        else "other"))
            out.append(dep5_text(text))
        walk(dep, seen, out)


def main():
    tree = json.load(sys.stdin)
    out = [HEADER.rstrip("\n")]
    walk(tree, set(), out)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
