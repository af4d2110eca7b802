/*
 * replay.c — a plain main() for any harness: runs each file named on the command line, and
 * every file under each directory named (subdirectories included), through
 * LLVMFuzzerTestOneInput. Used by ctest (under ASan, UBSan or valgrind), with gcc, and for
 * debugging one crash without libFuzzer.
 *
 * Each input is copied into a buffer of exactly its size, so a read past its end is caught.
 */
#define _POSIX_C_SOURCE 200809L

#include "harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static size_t files_run;

/* Under valgrind the test runner sets SALVAGE_TEST_SCALE=n: inputs above 64 KiB (the
 * generated hostile ones) shrink to 1/n of their size, at most 128 KiB, as the other
 * hostile-input tests do. The committed corpus is smaller and always runs whole. */
static size_t scaled(size_t len)
{
    const char *env = getenv("SALVAGE_TEST_SCALE");
    long scale = env ? strtol(env, NULL, 10) : 1;
    if (scale <= 1 || len <= 64 * 1024)
        return len;
    size_t n = len / (size_t)scale;
    if (n < 64 * 1024)
        n = 64 * 1024;
    return n < 128 * 1024 ? n : 128 * 1024;
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (!buf || err) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(buf);
        return -1;
    }
    len = scaled(len);
    /* Exactly len bytes, so ASan sees an over-read. */
    unsigned char *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, len);
    free(buf);
    if (getenv("FUZZ_REPLAY_VERBOSE"))
        fprintf(stderr, "running %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    files_run++;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs a path. Directories are expanded breadth-first through a work list, in name order
 * so runs are reproducible. */
static int run_path(const char *start)
{
    size_t n = 1, cap = 16, next = 0;
    char **work = malloc(cap * sizeof *work);
    int rc = 0;
    if (!work || !(work[0] = strdup(start))) {
        free(work);
        return -1;
    }
    while (next < n) {
        char *path = work[next++];
        struct stat st;
        if (stat(path, &st) != 0) {
            perror(path);
            rc = -1;
        } else if (!S_ISDIR(st.st_mode)) {
            if (run_file(path) != 0)
                rc = -1;
        } else {
            DIR *d = opendir(path);
            struct dirent *e;
            size_t first = n;
            while (d && (e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.')
                    continue; /* ".", "..", and hidden files such as .gitkeep */
                if (n == cap) {
                    char **p = realloc(work, cap * 2 * sizeof *work);
                    if (!p)
                        break;
                    work = p;
                    cap *= 2;
                }
                size_t len = strlen(path) + strlen(e->d_name) + 2;
                char *child = malloc(len);
                if (!child)
                    break;
                snprintf(child, len, "%s/%s", path, e->d_name);
                work[n++] = child;
            }
            if (d)
                closedir(d);
            qsort(work + first, n - first, sizeof *work, compare_names);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(work[i]);
    free(work);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++)
        if (run_path(argv[i]) != 0)
            rc = 1;
    printf("%s: %zu inputs run\n", argv[0], files_run);
    return rc;
}
