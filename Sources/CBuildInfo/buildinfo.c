#include "buildinfo.h"

#ifndef REGPROBE_COMMIT
#define REGPROBE_COMMIT "unknown"
#endif

const char *regprobe_build_commit(void) { return REGPROBE_COMMIT; }
