/*
 * golden.c — the golden-file suite (see golden.h): runs every case of a directory through the
 * library, compares the JSON and clean-text output with the expected files, and prints a
 * unified diff of each difference. The diff is Myers' O(ND) algorithm on lines, after the
 * common head and tail are set aside; past SV_DIFF_MAX_D edits it prints the whole middle as
 * replaced, which is still a correct diff.
 */
/* opendir, lstat: POSIX, which strict C11 hides */
#define _POSIX_C_SOURCE 200809L

#include "golden.h"

#include "salvage.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { GOLDEN_OK = 0, GOLDEN_FAILED = 1, GOLDEN_USAGE = 2, GOLDEN_IO = 3 };

/* Edits the diff searches for before giving up on a minimal diff: its trace takes
 * (D + 1)^2 integers, 16 MB at this bound. */
#define SV_DIFF_MAX_D 2000
/* Lines of context around each change, as diff -u. */
#define SV_DIFF_CONTEXT 3

/* ---- growable buffers and path lists -------------------------------------------------- */

typedef struct gbuf {
    char *data;
    size_t len, cap;
} gbuf;

static int gbuf_add(gbuf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX - b->len - 1)
        return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap = cap > SIZE_MAX / 2 ? b->len + n + 1 : cap * 2;
        char *p = realloc(b->data, cap);
        if (!p)
            return -1;
        b->data = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
    return 0;
}

static void gbuf_free(gbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static int gbuf_write(void *ctx, const char *data, size_t len)
{
    return gbuf_add(ctx, data, len);
}

typedef struct pathvec {
    char **v;
    size_t len, cap;
} pathvec;

static int pathvec_push(pathvec *pv, char *path)
{
    if (pv->len == pv->cap) {
        size_t cap = pv->cap ? pv->cap * 2 : 64;
        char **p = realloc(pv->v, cap * sizeof *p);
        if (!p)
            return -1;
        pv->v = p;
        pv->cap = cap;
    }
    pv->v[pv->len++] = path;
    return 0;
}

static void pathvec_free(pathvec *pv)
{
    for (size_t i = 0; i < pv->len; i++)
        free(pv->v[i]);
    free(pv->v);
    memset(pv, 0, sizeof *pv);
}

static char *join(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *p = malloc(la + lb + lc + 1);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    memcpy(p + la, b, lb);
    memcpy(p + la + lb, c, lc + 1);
    return p;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

/* ---- files -------------------------------------------------------------------------------- */

/* 0, -1 when the file does not exist, -2 on any other error (errno set). */
static int read_file(const char *path, gbuf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno == ENOENT ? -1 : -2;
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (gbuf_add(out, chunk, n) != 0) {
            errno = ENOMEM;
            rc = -2;
            break;
        }
    if (ferror(f))
        rc = -2;
    fclose(f);
    if (rc == 0 && !out->data)
        rc = gbuf_add(out, "", 0) == 0 ? 0 : -2; /* an empty file is an empty string */
    return rc;
}

static int write_file(const char *path, const gbuf *b)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = b->len ? fwrite(b->data, 1, b->len, f) : 0;
    int rc = w == b->len ? 0 : -1;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

static bool is_input(const char *name)
{
    if (name[0] == '.')
        return false;
    if (ends_with(name, ".html"))
        return true;
    return ends_with(name, ".txt") && !ends_with(name, ".expected.txt");
}

static int cmp_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every input under root, sorted. Directories are walked with an explicit stack (no
 * recursion); symbolic links to directories are not followed, so a link loop cannot trap
 * the walk. Trailing slashes of root are dropped, so that "dir/" names its cases "dir/NAME"
 * as "dir" does. 0, or -1 with a message printed. */
static int collect_inputs(const char *root, pathvec *inputs)
{
    pathvec stack = {0};
    char *first = join(root, "", "");
    for (size_t n = first ? strlen(first) : 0; n > 1 && first[n - 1] == '/'; n--)
        first[n - 1] = 0;
    if (!first || pathvec_push(&stack, first) != 0) {
        free(first);
        fprintf(stderr, "salvage golden: out of memory\n");
        return -1;
    }
    int rc = 0;
    while (stack.len && rc == 0) {
        char *dir = stack.v[--stack.len];
        DIR *d = opendir(dir);
        if (!d) {
            fprintf(stderr, "salvage golden: %s: %s\n", dir, strerror(errno));
            free(dir);
            rc = -1;
            break;
        }
        struct dirent *de;
        while (rc == 0 && (de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.')
                continue;
            char *path = join(dir, strcmp(dir, "/") == 0 ? "" : "/", de->d_name);
            struct stat st;
            if (!path) {
                rc = -1;
            } else if (lstat(path, &st) != 0) {
                free(path);
            } else if (S_ISDIR(st.st_mode)) {
                rc = pathvec_push(&stack, path);
            } else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && is_input(de->d_name)) {
                rc = pathvec_push(inputs, path);
            } else {
                free(path);
            }
            if (rc != 0)
                fprintf(stderr, "salvage golden: out of memory\n");
        }
        closedir(d);
        free(dir);
    }
    pathvec_free(&stack);
    if (rc == 0 && inputs->len)
        qsort(inputs->v, inputs->len, sizeof inputs->v[0], cmp_paths);
    return rc;
}

/* ---- running a case ----------------------------------------------------------------------- */

/* Parses the input at path and renders its JSON and clean text. 0, or -1 with a message. */
static int render_case(const char *path, gbuf *json, gbuf *text)
{
    gbuf in = {0};
    if (read_file(path, &in) != 0) {
        fprintf(stderr, "salvage golden: %s: %s\n", path, strerror(errno));
        gbuf_free(&in);
        return -1;
    }
    salvage_options opts;
    salvage_options_init(&opts);
    opts.input_kind = ends_with(path, ".html") ? SALVAGE_INPUT_HTML : SALVAGE_INPUT_TEXT;
    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(in.data, in.len, &opts, &doc);
    gbuf_free(&in);
    if (!doc) {
        fprintf(stderr, "salvage golden: %s: %s\n", path, salvage_status_string(st));
        return -1;
    }
    salvage_status wj = salvage_write_json(doc, gbuf_write, json);
    salvage_status wt = salvage_write_text(doc, gbuf_write, text);
    salvage_doc_free(doc);
    if (wj != SALVAGE_OK || wt != SALVAGE_OK || !json->data || !text->data) {
        fprintf(stderr, "salvage golden: %s: cannot render the output\n", path);
        return -1;
    }
    return 0;
}

/* ---- unified diff --------------------------------------------------------------------------- */

typedef struct gline {
    const char *s;
    size_t n;
    bool no_nl; /* the file's last line, without a '\n': unequal to the same text with one */
} gline;

/* Splits b into lines (without their '\n'). *last_nl says whether the last line ended with
 * one. NULL on OOM (or an empty array when b is empty). */
static gline *split_lines(const gbuf *b, size_t *count, bool *last_nl)
{
    size_t n = 0;
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] == '\n')
            n++;
    *last_nl = b->len == 0 || b->data[b->len - 1] == '\n';
    if (!*last_nl)
        n++;
    gline *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= b->len && k < n; i++) {
        if (i == b->len || b->data[i] == '\n') {
            v[k].s = b->data + start;
            v[k].n = i - start;
            v[k].no_nl = i == b->len;
            k++;
            start = i + 1;
        }
    }
    *count = n;
    return v;
}

static bool line_eq(const gline *x, const gline *y)
{
    return x->n == y->n && x->no_nl == y->no_nl && memcmp(x->s, y->s, x->n) == 0;
}

enum { OP_EQ = 0, OP_DEL = 1, OP_INS = 2 };

/* Myers' greedy search for the shortest edit script of a[0..n) -> b[0..m), writing the ops
 * into ops (room n + m) and returning their number; (size_t)-1 when more than SV_DIFF_MAX_D
 * edits would be needed or memory ran out. V[k] is the furthest x on diagonal k = x - y; the
 * trace keeps V after each round d at trace[d * d + (k + d)] for the walk back. */
static size_t myers(const gline *a, size_t n, const gline *b, size_t m, unsigned char *ops)
{
    if (n + m > INT32_MAX / 2)
        return (size_t)-1;
    int32_t N = (int32_t)n, M = (int32_t)m, max = N + M;
    int32_t dmax = max < SV_DIFF_MAX_D ? max : SV_DIFF_MAX_D;
    int32_t *V = calloc((size_t)(2 * max + 3), sizeof *V);
    int32_t *trace = malloc((size_t)(dmax + 1) * (size_t)(dmax + 1) * sizeof *trace);
    if (!V || !trace) {
        free(V);
        free(trace);
        return (size_t)-1;
    }
    int32_t *v = V + max + 1, found = -1;
    for (int32_t d = 0; d <= dmax && found < 0; d++) {
        for (int32_t k = -d; k <= d; k += 2) {
            int32_t x = (k == -d || (k != d && v[k - 1] < v[k + 1])) ? v[k + 1] : v[k - 1] + 1;
            int32_t y = x - k;
            while (x < N && y < M && line_eq(&a[x], &b[y]))
                x++, y++;
            v[k] = x;
            if (x >= N && y >= M)
                found = d;
        }
        memcpy(trace + (size_t)d * (size_t)d, v - d, (size_t)(2 * d + 1) * sizeof *v);
    }
    size_t nops = (size_t)-1;
    if (found >= 0) {
        /* walk back from (N, M), writing ops from the end */
        size_t o = n + m;
        int32_t x = N, y = M;
        for (int32_t d = found; d > 0; d--) {
            const int32_t *pv = trace + (size_t)(d - 1) * (size_t)(d - 1) + (d - 1);
            int32_t k = x - y;
            bool down = k == -d || (k != d && pv[k - 1] < pv[k + 1]);
            int32_t pk = down ? k + 1 : k - 1, px = pv[pk], py = px - pk;
            while (x > (down ? px : px + 1) && y > (down ? py + 1 : py))
                ops[--o] = OP_EQ, x--, y--;
            ops[--o] = down ? OP_INS : OP_DEL;
            x = px;
            y = py;
        }
        while (x > 0 && y > 0)
            ops[--o] = OP_EQ, x--, y--;
        nops = n + m - o;
        memmove(ops, ops + o, nops);
    }
    free(V);
    free(trace);
    return nops;
}

static void print_line(char tag, const gline *l, bool no_nl)
{
    putchar(tag);
    fwrite(l->s, 1, l->n, stdout);
    putchar('\n');
    if (no_nl)
        fputs("\\ No newline at end of file\n", stdout);
}

typedef struct diff_side {
    const gline *lines;
    size_t count;
    bool last_nl;
} diff_side;

/* Prints the hunks of the edit script ops[0..nops) between a and b. */
static void print_hunks(const diff_side *a, const diff_side *b, const unsigned char *ops,
                        size_t nops)
{
    size_t i = 0, ai = 0, bi = 0;
    while (i < nops) {
        /* skip to the next change, keeping up to SV_DIFF_CONTEXT lines before it */
        size_t j = i;
        while (j < nops && ops[j] == OP_EQ)
            j++;
        if (j == nops)
            break;
        size_t lead = j - i > SV_DIFF_CONTEXT ? SV_DIFF_CONTEXT : j - i;
        ai += j - i - lead;
        bi += j - i - lead;
        size_t start = j - lead, end = j;
        /* extend over changes separated by at most 2 * context equal lines */
        for (;;) {
            while (end < nops && ops[end] != OP_EQ)
                end++;
            size_t e = end;
            while (e < nops && ops[e] == OP_EQ)
                e++;
            if (e < nops && e - end <= 2 * SV_DIFF_CONTEXT) {
                end = e;
                continue;
            }
            end += e - end > SV_DIFF_CONTEXT ? SV_DIFF_CONTEXT : e - end;
            break;
        }
        size_t na = 0, nb = 0;
        for (size_t k = start; k < end; k++) {
            na += ops[k] != OP_INS;
            nb += ops[k] != OP_DEL;
        }
        printf("@@ -%zu,%zu +%zu,%zu @@\n", na ? ai + 1 : ai, na, nb ? bi + 1 : bi, nb);
        for (size_t k = start; k < end; k++) {
            if (ops[k] != OP_INS) {
                print_line(ops[k] == OP_EQ ? ' ' : '-', &a->lines[ai],
                           ai + 1 == a->count && !a->last_nl);
                ai++;
            }
            if (ops[k] != OP_DEL) {
                if (ops[k] == OP_INS)
                    print_line('+', &b->lines[bi], bi + 1 == b->count && !b->last_nl);
                bi++;
            }
        }
        i = end;
    }
}

/* Prints a unified diff of expected -> actual. -1 on OOM. */
static int print_diff(const char *name, const gbuf *expected, const gbuf *actual)
{
    diff_side a = {0}, b = {0};
    gline *la = split_lines(expected, &a.count, &a.last_nl);
    gline *lb = split_lines(actual, &b.count, &b.last_nl);
    unsigned char *ops = malloc(a.count + b.count + 1);
    if (!la || !lb || !ops) {
        free(la);
        free(lb);
        free(ops);
        return -1;
    }
    a.lines = la;
    b.lines = lb;
    /* the common head and tail are equal lines; Myers runs on the middle only */
    size_t head = 0, tail = 0;
    while (head < a.count && head < b.count && line_eq(&la[head], &lb[head]))
        head++;
    while (tail < a.count - head && tail < b.count - head &&
           line_eq(&la[a.count - 1 - tail], &lb[b.count - 1 - tail]))
        tail++;
    size_t ma = a.count - head - tail, mb = b.count - head - tail;
    memset(ops, OP_EQ, head);
    size_t mid = myers(la + head, ma, lb + head, mb, ops + head);
    if (mid == (size_t)-1) { /* too different: the whole middle is replaced */
        memset(ops + head, OP_DEL, ma);
        memset(ops + head + ma, OP_INS, mb);
        mid = ma + mb;
    }
    memset(ops + head + mid, OP_EQ, tail);
    printf("--- %s\n+++ %s (actual)\n", name, name);
    print_hunks(&a, &b, ops, head + mid + tail);
    free(la);
    free(lb);
    free(ops);
    return 0;
}

/* ---- check and update ----------------------------------------------------------------- */

/* Compares one output with its expected file. 0 same, 1 different or missing, -1 error. */
static int check_output(const char *expected_path, const gbuf *actual)
{
    gbuf expected = {0};
    int r = read_file(expected_path, &expected);
    if (r == -1) {
        printf("golden: %s: missing (run `salvage golden update`)\n", expected_path);
        return 1;
    }
    if (r != 0) {
        fprintf(stderr, "salvage golden: %s: %s\n", expected_path, strerror(errno));
        gbuf_free(&expected);
        return -1;
    }
    int rc = 0;
    if (expected.len != actual->len || memcmp(expected.data, actual->data, actual->len) != 0)
        rc = print_diff(expected_path, &expected, actual) == 0 ? 1 : -1;
    gbuf_free(&expected);
    return rc;
}

/* Writes one expected file if it changed. 0 unchanged, 1 written, -1 error. */
static int update_output(const char *expected_path, const gbuf *actual)
{
    gbuf old = {0};
    int r = read_file(expected_path, &old);
    bool same = r == 0 && old.len == actual->len &&
                memcmp(old.data, actual->data, actual->len) == 0;
    gbuf_free(&old);
    if (same)
        return 0;
    if (write_file(expected_path, actual) != 0) {
        fprintf(stderr, "salvage golden: %s: %s\n", expected_path, strerror(errno));
        return -1;
    }
    printf("golden: wrote %s\n", expected_path);
    return 1;
}

/* Runs one case. Returns 0 passed (or unchanged), 1 failed (or updated), -1 error. */
static int run_case(const char *input, bool update)
{
    size_t stem_len = strlen(input) - (ends_with(input, ".html") ? 5 : 4);
    char *stem = malloc(stem_len + 1);
    gbuf json = {0}, text = {0};
    char *pj = NULL, *pt = NULL;
    int rc = -1;
    if (!stem)
        goto out;
    memcpy(stem, input, stem_len);
    stem[stem_len] = 0;
    pj = join(stem, ".expected.json", "");
    pt = join(stem, ".expected.txt", "");
    if (!pj || !pt || render_case(input, &json, &text) != 0)
        goto out;
    int rj = update ? update_output(pj, &json) : check_output(pj, &json);
    int rt = update ? update_output(pt, &text) : check_output(pt, &text);
    rc = rj < 0 || rt < 0 ? -1 : rj || rt ? 1 : 0;
out:
    free(stem);
    free(pj);
    free(pt);
    gbuf_free(&json);
    gbuf_free(&text);
    return rc;
}

int salvage_golden_main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[0], "check") != 0 && strcmp(argv[0], "update") != 0)) {
        fprintf(stderr, "usage: salvage golden check|update DIR\n");
        return GOLDEN_USAGE;
    }
    bool update = strcmp(argv[0], "update") == 0;
    pathvec inputs = {0};
    if (collect_inputs(argv[1], &inputs) != 0) {
        pathvec_free(&inputs);
        return GOLDEN_IO;
    }
    /* check: passed / failed (different or missing) / errors; update: same / written */
    size_t counts[3] = {0, 0, 0}, cases = inputs.len;
    for (size_t i = 0; i < inputs.len; i++) {
        int r = run_case(inputs.v[i], update);
        counts[r < 0 ? 2 : r]++;
        fflush(stdout);
    }
    pathvec_free(&inputs);
    if (cases == 0) {
        fprintf(stderr, "salvage golden: no cases (*.txt, *.html) under %s\n", argv[1]);
        return update ? GOLDEN_OK : GOLDEN_FAILED;
    }
    if (update) {
        printf("golden: %zu cases, %zu updated\n", cases, counts[1]);
        return counts[2] ? GOLDEN_IO : GOLDEN_OK;
    }
    printf("golden: %zu passed, %zu failed\n", counts[0], counts[1] + counts[2]);
    return counts[2] ? GOLDEN_IO : counts[1] ? GOLDEN_FAILED : GOLDEN_OK;
}
