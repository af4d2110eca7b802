/*
 * bench_gumbo.c — gumbo (libgumbo) under the benchmark harness: gumbo_parse_with_options()
 * with the default options, then gumbo_destroy_output().
 */
#include "harness.h"

#include <gumbo.h>
#include <stdlib.h>

static void *count_alloc(void *userdata, size_t size) {
    return bench_count_malloc(userdata, size);
}

static void count_free(void *userdata, void *ptr) {
    bench_count_free(userdata, ptr);
}

static int parse(const unsigned char *data, size_t len) {
    GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, (const char *)data, len);
    if (out == NULL)
        return -1;
    bench_result_alive();
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return 0;
}

/* The children of a document, element or template node, else NULL. */
static const GumboVector *children_of(const GumboNode *n) {
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return &n->v.element.children;
    return NULL;
}

/* Nodes under root, walked with an explicit stack (gumbo trees can be 10^5 deep). */
static int64_t count_nodes(const GumboNode *root) {
    size_t cap = 1024, top = 0;
    const GumboNode **stack = malloc(cap * sizeof *stack);
    int64_t n = 0;
    if (stack == NULL)
        return -1;
    stack[top++] = root;
    while (top > 0) {
        const GumboNode *node = stack[--top];
        const GumboVector *kids = children_of(node);
        n++;
        if (kids == NULL)
            continue;
        if (top + kids->length > cap) {
            while (top + kids->length > cap)
                cap *= 2;
            const GumboNode **grown = realloc(stack, cap * sizeof *stack);
            if (grown == NULL) {
                free(stack);
                return -1;
            }
            stack = grown;
        }
        for (unsigned int i = 0; i < kids->length; i++)
            stack[top++] = kids->data[i];
    }
    free(stack);
    return n;
}

static int count(const unsigned char *data, size_t len, bench_counts *c) {
    GumboOptions opts = kGumboDefaultOptions;
    opts.allocator = count_alloc;
    opts.deallocator = count_free;
    opts.userdata = c;
    GumboOutput *out = gumbo_parse_with_options(&opts, (const char *)data, len);
    if (out == NULL)
        return -1;
    c->nodes = count_nodes(out->document);
    gumbo_destroy_output(&opts, out);
    return 0;
}

static const bench_parser gumbo = {"gumbo", NULL, parse, count};

int main(int argc, char **argv) {
    return bench_main(argc, argv, &gumbo);
}
