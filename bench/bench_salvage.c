/*
 * bench_salvage.c — salvage under the benchmark harness: salvage_parse() through the public
 * API, then salvage_doc_free(). Modes:
 *   html     HTML input, tree only (SALVAGE_FLAG_NO_ARTICLE): the same work as the peers
 *   article  HTML input, the default pipeline (tree, article blocks, NFC)
 *   text     scraped-text input (debris recovery, noise detection, NFC)
 */
#include "harness.h"

#include <salvage.h>
#include <string.h>

static salvage_options options;

static int setup(const char *mode) {
    salvage_options_init(&options);
    if (mode == NULL || strcmp(mode, "html") == 0) {
        options.input_kind = SALVAGE_INPUT_HTML;
        options.flags |= SALVAGE_FLAG_NO_ARTICLE;
    } else if (strcmp(mode, "article") == 0) {
        options.input_kind = SALVAGE_INPUT_HTML;
    } else if (strcmp(mode, "text") == 0) {
        options.input_kind = SALVAGE_INPUT_TEXT;
    } else {
        return -1;
    }
    return 0;
}

static int status_code(salvage_status st) {
    return st == SALVAGE_OK ? 0 : st == SALVAGE_LIMIT ? 1 : -1;
}

static int parse(const unsigned char *data, size_t len) {
    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(data, len, &options, &doc);
    bench_result_alive();
    salvage_doc_free(doc);
    return status_code(st);
}

static void *count_malloc(void *ctx, size_t size) {
    return bench_count_malloc(ctx, size);
}

static void *count_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size) {
    (void)old_size;
    return bench_count_realloc(ctx, ptr, new_size);
}

static void count_free(void *ctx, void *ptr, size_t size) {
    (void)size;
    bench_count_free(ctx, ptr);
}

static int64_t count_nodes(const salvage_doc *doc) {
    const salvage_node *root = salvage_doc_root(doc), *node = NULL;
    int64_t n = 0;
    int entering = 0;
    if (root == NULL)
        return -1;
    while ((node = salvage_walk_next(root, node, &entering)) != NULL)
        n += entering;
    return n;
}

static int count(const unsigned char *data, size_t len, bench_counts *c) {
    salvage_options opts = options;
    salvage_doc *doc = NULL;
    opts.allocator.malloc_fn = count_malloc;
    opts.allocator.realloc_fn = count_realloc;
    opts.allocator.free_fn = count_free;
    opts.allocator.ctx = c;
    salvage_status st = salvage_parse(data, len, &opts, &doc);
    c->nodes = doc != NULL ? count_nodes(doc) : -1;
    salvage_doc_free(doc);
    return status_code(st);
}

static const bench_parser salvage = {"salvage", setup, parse, count};

int main(int argc, char **argv) {
    return bench_main(argc, argv, &salvage);
}
