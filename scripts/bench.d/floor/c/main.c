// libcurl-head URL [CAFILE]: the C floor of scripts/bench (see ../Sources/CFloor/floor_head.c).
#include <stdio.h>

#include "floor_head.h"

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: libcurl-head URL [CAFILE]\n");
        return 2;
    }
    long status = floor_head(argv[1], argc == 3 ? argv[2] : NULL);
    printf("%ld\n", status);
    return status > 0 ? 0 : 1;
}
