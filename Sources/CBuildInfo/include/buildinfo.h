#ifndef REGPROBE_BUILDINFO_H
#define REGPROBE_BUILDINFO_H

/// The git commit this binary was built from (40 hex digits, "-dirty" when tracked files differed from it), or
/// "unknown": Package.swift defines REGPROBE_COMMIT for this file from the REGPROBE_COMMIT environment variable,
/// which scripts/lib/release.sh sets for release builds.
const char *regprobe_build_commit(void);

#endif
