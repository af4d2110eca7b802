/*
 * harness.c — measures one parser on one input file; see harness.h.
 *
 * usage: PROGRAM [--runs N] [--budget SECONDS] [--min-run SECONDS] [--mode MODE]
 *                [--no-count] [--callgrind] [--paired FILE2] FILE
 *
 *   --runs N        timed runs whose median is reported (default 7)
 *   --budget S      stop adding runs once S seconds were spent (default 5); an input whose
 *                   single parse is slower than that reports fewer runs (its "runs" field)
 *   --min-run S     a run repeats the parse until it lasts at least S seconds, so that small
 *                   documents are timed above the clock's resolution (default 0.02)
 *   --mode MODE     passed to the parser's setup (e.g. salvage's html / article / text)
 *   --no-count      skip the counted parse (allocations, nodes)
 *   --callgrind     exactly one parse through bench_run_once and nothing else
 *   --paired FILE2  time only: the timed runs alternate between FILE and FILE2 (FILE's run,
 *                   then FILE2's, N times), and the result adds FILE2's median and the
 *                   median over the runs of time(FILE2)/time(FILE). Both inputs of a pair
 *                   are parsed within a fraction of a second of each other, so a drift of
 *                   the machine's speed between minutes, which a ratio of two separate
 *                   measurements carries whole, mostly cancels out.
 *
 * Order of work: read the input into memory; set the parser up; parse a tiny document so
 * code pages and library state are in place; take the RSS as the base; one parse, after
 * which the peak RSS minus the base is the parser's memory for this input; the timed runs;
 * one counted parse.
 *
 * RSS is read exactly from /proc/self/smaps_rollup (a walk of the page tables) where the
 * kernel has it: the base, and the RSS with the parsed tree still alive (bench_result_alive).
 * The kernel's own peak (VmHWM in /proc/self/status) comes from per-CPU counters that lag
 * the truth by up to a few hundred kB on a multi-core machine, which is the whole memory of
 * a small page. The peak reported is the larger of VmHWM and the RSS with the tree alive.
 */
#define _POSIX_C_SOURCE 200809L

#include "harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RUNS 101
#define MAX_ITERS 1000000L

typedef struct config {
    int runs;
    double budget;
    double min_run;
    const char *mode;
    int count;
    int callgrind;
    const char *file;
    const char *paired;
} config;

typedef struct result {
    size_t bytes;
    int status; /* worst status of any parse: 0 ok, 1 limited, -1 error */
    int runs;
    long iters;
    double samples[MAX_RUNS];
    double cpu_samples[MAX_RUNS];
    double first_s;
    long rss_base_kb, rss_peak_kb;
    long rss_hwm_kb, rss_alive_kb; /* the two sources of rss_peak_kb, -1 when unknown */
    int counted;
    bench_counts counts;
} result;

/* ---------------------------------------------------------------------------------------- */
/* Counting allocator                                                                       */

void *bench_count_malloc(bench_counts *c, size_t size) {
    void *p = malloc(size);
    if (p != NULL) {
        c->allocs++;
        c->bytes += size;
    }
    return p;
}

void *bench_count_realloc(bench_counts *c, void *ptr, size_t size) {
    void *p = realloc(ptr, size);
    if (p != NULL) {
        if (ptr == NULL)
            c->allocs++;
        else
            c->reallocs++;
        c->bytes += size;
    }
    return p;
}

void bench_count_free(bench_counts *c, void *ptr) {
    if (ptr != NULL)
        c->frees++;
    free(ptr);
}

/* ---------------------------------------------------------------------------------------- */
/* Clocks and memory                                                                        */

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A "Field:  N kB" line of a /proc file in kB, or -1. */
static long proc_kb(const char *path, const char *field) {
    FILE *f = fopen(path, "r");
    char line[256];
    size_t n = strlen(field);
    long kb = -1;
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            kb = strtol(line + n + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

/* A "Vm...:" field of /proc/self/status in kB, or -1. */
static long proc_status_kb(const char *field) {
    return proc_kb("/proc/self/status", field);
}

/* The exact RSS in kB (smaps_rollup), else the kernel's counter (VmRSS), else -1. */
static long exact_rss_kb(void) {
    long kb = proc_kb("/proc/self/smaps_rollup", "Rss");
    return kb >= 0 ? kb : proc_status_kb("VmRSS");
}

/* Set for the measured parse only: its bench_result_alive call reads the RSS. */
static volatile int alive_armed;
static long alive_kb = -1;

void bench_result_alive(void) {
    if (alive_armed) {
        alive_armed = 0;
        alive_kb = exact_rss_kb();
    }
}

/* Resets the peak RSS (VmHWM) to the current RSS (Linux >= 4.0); harmless elsewhere. */
static void reset_peak_rss(void) {
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f != NULL) {
        fputs("5", f);
        fclose(f);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Input                                                                                    */

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t cap = 0, n = 0;
    if (f == NULL)
        return NULL;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 1 << 16;
            unsigned char *nd = realloc(data, ncap);
            if (nd == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = nd;
            cap = ncap;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    /* Exact size, so that nothing of the read buffer's slack is counted as parser memory. */
    unsigned char *exact = malloc(n ? n : 1);
    if (exact != NULL)
        memcpy(exact, data, n);
    free(data);
    *len = n;
    return exact;
}

/* ---------------------------------------------------------------------------------------- */
/* Measurement                                                                              */

int bench_run_once(const bench_parser *parser, const unsigned char *data, size_t len) {
    return parser->parse(data, len);
}

/* Reached only through this volatile pointer, so the call is never inlined (callgrind's
 * --toggle-collect needs the function to exist as a frame). */
static int (*volatile run_once_ptr)(const bench_parser *, const unsigned char *,
                                    size_t) = bench_run_once;

static int worse(int a, int b) {
    if (a < 0 || b < 0)
        return -1;
    return a > b ? a : b;
}

/* One timed run: iters parses; seconds per parse, wall and CPU. */
static void timed_run(const bench_parser *p, const unsigned char *data, size_t len,
                      long iters, result *r) {
    double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    for (long i = 0; i < iters; i++)
        r->status = worse(r->status, run_once_ptr(p, data, len));
    double w1 = clock_s(CLOCK_MONOTONIC), c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    r->samples[r->runs] = (w1 - w0) / (double)iters;
    r->cpu_samples[r->runs] = (c1 - c0) / (double)iters;
    r->runs++;
}

/* Parses per timed run for an input whose one parse took first_s: enough for min_run. */
static long iters_per_run(const config *cfg, double first_s) {
    double one = first_s > 1e-7 ? first_s : 1e-7;
    long iters = (long)(cfg->min_run / one) + 1;
    return iters > MAX_ITERS ? MAX_ITERS : iters;
}

static void measure(const bench_parser *p, const config *cfg, const unsigned char *data,
                    size_t len, result *r) {
    static const char tiny[] = "<!DOCTYPE html><title>t</title><p class=a>x &amp; y</p>";
    double start = clock_s(CLOCK_MONOTONIC);

    p->parse((const unsigned char *)tiny, sizeof tiny - 1);
    reset_peak_rss();
    r->rss_base_kb = exact_rss_kb();
    alive_kb = -1;
    alive_armed = !cfg->callgrind;

    double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    r->status = run_once_ptr(p, data, len);
    double w1 = clock_s(CLOCK_MONOTONIC), c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    alive_armed = 0;
    r->rss_hwm_kb = proc_status_kb("VmHWM");
    r->rss_alive_kb = alive_kb;
    r->rss_peak_kb = r->rss_hwm_kb > r->rss_alive_kb ? r->rss_hwm_kb : r->rss_alive_kb;
    r->first_s = w1 - w0;
    if (cfg->callgrind)
        return;

    /* A slow input's first parse is a sample of its own (no time for a warm-up run). */
    if (r->first_s * (cfg->runs + 1) > cfg->budget) {
        r->samples[0] = r->first_s;
        r->cpu_samples[0] = c1 - c0;
        r->runs = 1;
        r->iters = 1;
    } else {
        r->iters = iters_per_run(cfg, r->first_s);
    }
    while (r->runs < cfg->runs && clock_s(CLOCK_MONOTONIC) - start < cfg->budget)
        timed_run(p, data, len, r->iters, r);

    if (cfg->count && p->count != NULL && r->first_s * 2 < cfg->budget) {
        memset(&r->counts, 0, sizeof r->counts);
        r->status = worse(r->status, p->count(data, len, &r->counts));
        r->counted = 1;
    }
}

/* Parses once (not a sample) and returns how many parses make one timed run. */
static long iters_for(const bench_parser *p, const config *cfg, const unsigned char *data,
                      size_t len, result *r) {
    double w0 = clock_s(CLOCK_MONOTONIC);
    r->status = worse(r->status, run_once_ptr(p, data, len));
    r->first_s = clock_s(CLOCK_MONOTONIC) - w0;
    return iters_per_run(cfg, r->first_s);
}

/* --paired: runs of a and b alternate; ratio[k] = b's CPU time / a's in the k-th pair. */
static void measure_paired(const bench_parser *p, const config *cfg, const unsigned char *a,
                           size_t alen, const unsigned char *b, size_t blen, result *ra,
                           result *rb, double *ratio) {
    static const char tiny[] = "<!DOCTYPE html><title>t</title><p class=a>x &amp; y</p>";
    double start = clock_s(CLOCK_MONOTONIC);
    p->parse((const unsigned char *)tiny, sizeof tiny - 1);
    ra->iters = iters_for(p, cfg, a, alen, ra);
    rb->iters = iters_for(p, cfg, b, blen, rb);
    while (ra->runs < cfg->runs && clock_s(CLOCK_MONOTONIC) - start < cfg->budget) {
        timed_run(p, a, alen, ra->iters, ra);
        timed_run(p, b, blen, rb->iters, rb);
        ratio[ra->runs - 1] = ra->cpu_samples[ra->runs - 1] > 0
                                  ? rb->cpu_samples[rb->runs - 1] / ra->cpu_samples[ra->runs - 1]
                                  : 0;
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Output                                                                                   */

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    if (n == 0)
        return -1;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void print_json_string(const char *s) {
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

/* The start of a result line: parser, mode and file. */
static void print_json_head(const bench_parser *p, const config *cfg) {
    printf("{\"parser\":");
    print_json_string(p->name);
    printf(",\"mode\":");
    print_json_string(cfg->mode ? cfg->mode : "");
    printf(",\"file\":");
    print_json_string(cfg->file);
}

static void print_result(const bench_parser *p, const config *cfg, result *r) {
    static const char *const status_names[] = {"error", "ok", "limit"};
    double med = median(r->samples, r->runs);
    double cpu_med = median(r->cpu_samples, r->runs);
    double lo = r->runs ? r->samples[0] : -1, hi = r->runs ? r->samples[r->runs - 1] : -1;
    long mem = r->rss_peak_kb >= 0 && r->rss_base_kb >= 0 ? r->rss_peak_kb - r->rss_base_kb
                                                           : -1;

    print_json_head(p, cfg);
    printf(",\"bytes\":%zu,\"status\":\"%s\",\"runs\":%d,\"iters\":%ld", r->bytes,
           status_names[r->status + 1], r->runs, r->iters);
    printf(",\"first_s\":%.9g,\"median_s\":%.9g,\"min_s\":%.9g,\"max_s\":%.9g"
           ",\"cpu_median_s\":%.9g",
           r->first_s, med, lo, hi, cpu_med);
    printf(",\"rss_base_kb\":%ld,\"rss_peak_kb\":%ld,\"rss_hwm_kb\":%ld,\"rss_alive_kb\":%ld"
           ",\"mem_kb\":%ld",
           r->rss_base_kb, r->rss_peak_kb, r->rss_hwm_kb, r->rss_alive_kb, mem);
    if (r->counted)
        printf(",\"allocs\":%llu,\"reallocs\":%llu,\"frees\":%llu,\"alloc_bytes\":%llu"
               ",\"nodes\":%lld",
               (unsigned long long)r->counts.allocs, (unsigned long long)r->counts.reallocs,
               (unsigned long long)r->counts.frees, (unsigned long long)r->counts.bytes,
               (long long)r->counts.nodes);
    printf("}\n");
}

/* ---------------------------------------------------------------------------------------- */
/* Arguments                                                                                */

static int usage(const char *prog) {
    fprintf(stderr,
            "usage: %s [--runs N] [--budget SECONDS] [--min-run SECONDS] [--mode MODE]\n"
            "          [--no-count] [--callgrind] [--paired FILE2] FILE\n",
            prog);
    return 2;
}

static int parse_args(int argc, char **argv, config *cfg) {
    cfg->runs = 7;
    cfg->budget = 5.0;
    cfg->min_run = 0.02;
    cfg->mode = NULL;
    cfg->count = 1;
    cfg->callgrind = 0;
    cfg->file = NULL;
    cfg->paired = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "--runs") == 0 && has_value)
            cfg->runs = atoi(argv[++i]);
        else if (strcmp(a, "--budget") == 0 && has_value)
            cfg->budget = atof(argv[++i]);
        else if (strcmp(a, "--min-run") == 0 && has_value)
            cfg->min_run = atof(argv[++i]);
        else if (strcmp(a, "--mode") == 0 && has_value)
            cfg->mode = argv[++i];
        else if (strcmp(a, "--no-count") == 0)
            cfg->count = 0;
        else if (strcmp(a, "--callgrind") == 0)
            cfg->callgrind = 1;
        else if (strcmp(a, "--paired") == 0 && has_value)
            cfg->paired = argv[++i];
        else if (a[0] != '-' && cfg->file == NULL)
            cfg->file = a;
        else
            return -1;
    }
    if (cfg->file == NULL || cfg->runs < 1 || cfg->runs > MAX_RUNS)
        return -1;
    return 0;
}

static void print_paired(const bench_parser *p, const config *cfg, result *ra, result *rb,
                         double *ratio) {
    static const char *const status_names[] = {"error", "ok", "limit"};
    int runs = ra->runs;
    double ratio_med = median(ratio, runs);
    print_json_head(p, cfg);
    printf(",\"paired_file\":");
    print_json_string(cfg->paired);
    printf(",\"bytes\":%zu,\"paired_bytes\":%zu,\"status\":\"%s\",\"runs\":%d", ra->bytes,
           rb->bytes, status_names[worse(ra->status, rb->status) + 1], runs);
    printf(",\"iters\":%ld,\"paired_iters\":%ld", ra->iters, rb->iters);
    printf(",\"cpu_median_s\":%.9g,\"paired_cpu_median_s\":%.9g",
           median(ra->cpu_samples, runs), median(rb->cpu_samples, runs));
    printf(",\"median_s\":%.9g,\"paired_median_s\":%.9g,\"ratio_median\":%.9g}\n",
           median(ra->samples, runs), median(rb->samples, runs), ratio_med);
}

static int paired_main(const char *prog, const config *cfg, const bench_parser *parser,
                       unsigned char *data, result *r) {
    static result rb;
    static double ratio[MAX_RUNS];
    unsigned char *b = read_file(cfg->paired, &rb.bytes);
    if (b == NULL) {
        fprintf(stderr, "%s: cannot read %s: %s\n", prog, cfg->paired, strerror(errno));
        return 1;
    }
    measure_paired(parser, cfg, data, r->bytes, b, rb.bytes, r, &rb, ratio);
    print_paired(parser, cfg, r, &rb, ratio);
    free(b);
    return 0;
}

int bench_main(int argc, char **argv, const bench_parser *parser) {
    static result r;
    config cfg;
    if (parse_args(argc, argv, &cfg) != 0)
        return usage(argv[0]);
    unsigned char *data = read_file(cfg.file, &r.bytes);
    if (data == NULL) {
        fprintf(stderr, "%s: cannot read %s: %s\n", argv[0], cfg.file, strerror(errno));
        return 1;
    }
    if (parser->setup != NULL && parser->setup(cfg.mode) != 0) {
        fprintf(stderr, "%s: unknown mode %s\n", argv[0], cfg.mode ? cfg.mode : "(none)");
        free(data);
        return 2;
    }
    int rc = 0;
    if (cfg.paired != NULL) {
        rc = paired_main(argv[0], &cfg, parser, data, &r);
    } else {
        measure(parser, &cfg, data, r.bytes, &r);
        print_result(parser, &cfg, &r);
    }
    free(data);
    return rc;
}
