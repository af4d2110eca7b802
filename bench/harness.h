/*
 * harness.h — the timing harness every benchmark program links against.
 *
 * One program per parser. Each program fills a bench_parser and calls bench_main(), which
 * measures one input file in this process and prints one JSON object (one line) to stdout:
 * median time of the runs, peak memory over the RSS with the input loaded, allocations and
 * tree nodes of one document. The driver (bench.py) starts one process per (parser, input)
 * so that peaks of different inputs never mix, and enforces the timeout.
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* What one counted parse did. */
typedef struct bench_counts {
    uint64_t allocs;   /* calls that returned a new block (malloc, realloc of NULL, strdup) */
    uint64_t reallocs; /* realloc of an existing block */
    uint64_t frees;
    uint64_t bytes;    /* bytes requested by allocs and reallocs */
    int64_t nodes;     /* nodes of the tree (document node included), -1 when not a tree */
} bench_counts;

typedef struct bench_parser {
    const char *name;
    /* Once per process, before any parse. mode is --mode's value or NULL. 0 on success. */
    int (*setup)(const char *mode);
    /* Parses data and frees the result: one timed unit of work. 0 on success, 1 when the
     * parser reported a truncated/limited result but still returned a document, -1 on
     * failure. */
    int (*parse)(const unsigned char *data, size_t len);
    /* The same parse with the counting allocator below, plus a node count of the result.
     * May be NULL (no counts). Same return values as parse. */
    int (*count)(const unsigned char *data, size_t len, bench_counts *counts);
} bench_parser;

/* Called by parse (and count) with its result still alive, right before freeing it: during
 * the memory measurement the harness reads the process's exact RSS there. */
void bench_result_alive(void);

/* A pass-through allocator over the C library's that counts into c. */
void *bench_count_malloc(bench_counts *c, size_t size);
void *bench_count_realloc(bench_counts *c, void *ptr, size_t size);
void bench_count_free(bench_counts *c, void *ptr);

/* Runs the measurement described by argv (see usage in harness.c); returns the exit code. */
int bench_main(int argc, char **argv, const bench_parser *parser);

/* The unit of work (parse + free) as the harness calls it. External and only reached
 * through a pointer, so `valgrind --tool=callgrind --toggle-collect=bench_run_once` collects
 * exactly the parses. */
int bench_run_once(const bench_parser *parser, const unsigned char *data, size_t len);

#endif /* BENCH_HARNESS_H */
