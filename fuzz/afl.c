/*
 * afl.c — the AFL++ persistent-mode driver for any harness (built with afl-clang-fast,
 * which defines the __AFL_* macros). Up to 10,000 inputs run in one process; each is copied
 * into a buffer of exactly its size so ASan catches over-reads that AFL's larger shared
 * buffer would hide. With file arguments it replays them instead, like replay.c.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__AFL_FUZZ_INIT();

static int replay(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        static unsigned char buf[1 << 24];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        unsigned char *exact = malloc(len ? len : 1);
        if (!exact)
            return 1;
        memcpy(exact, buf, len);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return replay(argc, argv);
    __AFL_INIT();
    const unsigned char *shared = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000)) {
        size_t len = (size_t)__AFL_FUZZ_TESTCASE_LEN;
        unsigned char *exact = malloc(len ? len : 1);
        if (!exact)
            continue;
        memcpy(exact, shared, len);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    return 0;
}
