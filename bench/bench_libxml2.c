/*
 * bench_libxml2.c — libxml2's HTML parser under the benchmark harness: htmlReadMemory()
 * with HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING, then xmlFreeDoc().
 * Built twice: BENCH_LIBXML2_HUGE adds XML_PARSE_HUGE (HTML_PARSE_HUGE in newer releases;
 * without it libxml2 stops nesting at depth 256 and drops what lies deeper, without an
 * error once errors are silenced).
 */
#include "harness.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <limits.h>
#include <string.h>

#ifdef BENCH_LIBXML2_HUGE
#  define PARSER_NAME "libxml2-huge"
#  define PARSE_OPTIONS                                                                        \
      (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | XML_PARSE_HUGE)
#else
#  define PARSER_NAME "libxml2"
#  define PARSE_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING)
#endif

/* xmlMemSetup's functions take no context, so the counted parse counts into this. */
static bench_counts *counting;

static void *count_malloc(size_t size) {
    return bench_count_malloc(counting, size);
}

static void *count_realloc(void *ptr, size_t size) {
    return bench_count_realloc(counting, ptr, size);
}

static void count_free(void *ptr) {
    bench_count_free(counting, ptr);
}

static char *count_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = bench_count_malloc(counting, n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

static int setup(const char *mode) {
    (void)mode;
    xmlInitParser();
    return 0;
}

static int parse(const unsigned char *data, size_t len) {
    if (len > INT_MAX)
        return -1;
    htmlDocPtr doc = htmlReadMemory((const char *)data, (int)len, NULL, NULL, PARSE_OPTIONS);
    if (doc == NULL)
        return -1;
    bench_result_alive();
    xmlFreeDoc(doc);
    return 0;
}

/* Nodes of the document (the document node included), walked without recursion. */
static int64_t count_nodes(xmlDocPtr doc) {
    int64_t n = 1;
    xmlNodePtr node = doc->children;
    while (node != NULL) {
        n++;
        if (node->children != NULL && node->type != XML_ENTITY_REF_NODE) {
            node = node->children;
            continue;
        }
        while (node != NULL && node->next == NULL)
            node = node->parent == (xmlNodePtr)doc ? NULL : node->parent;
        if (node != NULL)
            node = node->next;
    }
    return n;
}

static int count(const unsigned char *data, size_t len, bench_counts *c) {
    xmlFreeFunc free_fn;
    xmlMallocFunc malloc_fn;
    xmlReallocFunc realloc_fn;
    xmlStrdupFunc strdup_fn;
    if (len > INT_MAX)
        return -1;
    /* The counting functions pass through to the C library's, which the defaults are too,
     * so blocks allocated before the switch may be freed after it and vice versa. */
    xmlMemGet(&free_fn, &malloc_fn, &realloc_fn, &strdup_fn);
    counting = c;
    xmlMemSetup(count_free, count_malloc, count_realloc, count_strdup);
    htmlDocPtr doc = htmlReadMemory((const char *)data, (int)len, NULL, NULL, PARSE_OPTIONS);
    if (doc != NULL) {
        c->nodes = count_nodes(doc);
        xmlFreeDoc(doc);
    }
    xmlMemSetup(free_fn, malloc_fn, realloc_fn, strdup_fn);
    return doc != NULL ? 0 : -1;
}

static const bench_parser libxml2 = {PARSER_NAME, setup, parse, count};

int main(int argc, char **argv) {
    return bench_main(argc, argv, &libxml2);
}
