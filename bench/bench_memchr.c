/*
 * bench_memchr.c — the physical reference: memchr() over the input. Modes:
 *   nul  looks for NUL bytes (rare in HTML): one pass over every byte at the C library's
 *        best speed, the memory bandwidth bound
 *   lt   stops at every '<' and resumes after it: the least work of any HTML tokenizer,
 *        which must at least find every tag start
 */
#include "harness.h"

#include <string.h>

static volatile size_t sink;
static int target;

static int setup(const char *mode) {
    if (mode == NULL || strcmp(mode, "nul") == 0)
        target = 0;
    else if (strcmp(mode, "lt") == 0)
        target = '<';
    else
        return -1;
    return 0;
}

static int parse(const unsigned char *data, size_t len) {
    const unsigned char *p = data, *end = data + len;
    size_t found = 0;
    while (p < end && (p = memchr(p, target, (size_t)(end - p))) != NULL) {
        found++;
        p++;
    }
    sink = found;
    return 0;
}

static const bench_parser memchr_parser = {"memchr", setup, parse, NULL};

int main(int argc, char **argv) {
    return bench_main(argc, argv, &memchr_parser);
}
