/*
 * html_article_corpus.c — the article blocks of real pages against readability's extraction.
 *
 * usage: html_article_corpus MIN_RECALL PAGE_DIR...
 *
 * For each PAGE_DIR (a mozilla/readability test page: source.html and expected.html), parses
 * source.html and collects the words of all its blocks (paragraph, heading, quote and
 * preformatted text, list items, table cells); parses expected.html and collects the words
 * of its text nodes (outside script, style, template and head). The page passes when the
 * bag-of-words recall (expected words found in the blocks, counted with multiplicity) is at
 * least MIN_RECALL. The blocks cover the whole page, not only the article, so precision is
 * not measured.
 *
 * A word is a maximal run of ASCII letters and digits (lower-cased), or one non-ASCII
 * character (so CJK text, written without spaces, is compared character by character).
 *
 * The pages are stored as UTF-8 whatever their meta says (qq declares gb2312), as the
 * readability tests read them; so they are parsed with the transport-layer encoding UTF-8.
 *
 * Prints one line per page and "html-article: N passed, M failed".
 */
#include "salvage.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a multiset of words ---------------------------------------------------------------- */

typedef struct entry {
    char *word; /* NULL: empty slot */
    size_t len;
    long count;
} entry;

typedef struct bag {
    entry *slots;
    size_t cap, used;
    long total;
} bag;

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

static entry *bag_find(bag *b, const char *w, size_t n)
{
    size_t i = (size_t)(hash(w, n) & (b->cap - 1));
    while (b->slots[i].word && (b->slots[i].len != n || memcmp(b->slots[i].word, w, n) != 0))
        i = (i + 1) & (b->cap - 1);
    return &b->slots[i];
}

static int bag_grow(bag *b)
{
    bag nb = {calloc(b->cap ? b->cap * 2 : 1024, sizeof(entry)), b->cap ? b->cap * 2 : 1024, 0,
              b->total};
    if (!nb.slots)
        return -1;
    for (size_t i = 0; i < b->cap; i++) {
        if (b->slots[i].word) {
            *bag_find(&nb, b->slots[i].word, b->slots[i].len) = b->slots[i];
            nb.used++;
        }
    }
    free(b->slots);
    *b = nb;
    return 0;
}

static int bag_add(bag *b, const char *w, size_t n)
{
    entry *e;
    if ((b->used + 1) * 2 > b->cap && bag_grow(b) != 0)
        return -1;
    e = bag_find(b, w, n);
    if (!e->word) {
        if (!(e->word = malloc(n)))
            return -1;
        memcpy(e->word, w, n);
        e->len = n;
        b->used++;
    }
    e->count++;
    b->total++;
    return 0;
}

static void bag_free(bag *b)
{
    for (size_t i = 0; i < b->cap; i++)
        free(b->slots[i].word);
    free(b->slots);
}

/* ---- words ------------------------------------------------------------------------------ */

typedef int (*word_fn)(void *ctx, const char *w, size_t n);

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int each_word(const char *s, size_t n, word_fn fn, void *ctx)
{
    char buf[256];
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t j = i, k = 0;
        if (!is_alnum(c) && c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            /* one UTF-8 character: the lead byte and its continuation bytes */
            j++;
            while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
                j++;
            if (fn(ctx, s + i, j - i) != 0)
                return -1;
            i = j;
            continue;
        }
        while (j < n && is_alnum((unsigned char)s[j])) {
            char ch = s[j++];
            if (ch >= 'A' && ch <= 'Z')
                ch = (char)(ch + 32);
            if (k < sizeof buf)
                buf[k++] = ch;
        }
        if (fn(ctx, buf, k) != 0)
            return -1;
        i = j;
    }
    return 0;
}

static int add_word(void *ctx, const char *w, size_t n) { return bag_add(ctx, w, n); }

typedef struct matcher {
    bag *expected;
    long matched;
} matcher;

static int match_word(void *ctx, const char *w, size_t n)
{
    matcher *m = ctx;
    entry *e = bag_find(m->expected, w, n);
    if (e->word && e->count > 0) {
        e->count--;
        m->matched++;
    }
    return 0;
}

/* ---- pages ------------------------------------------------------------------------------ */

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long size;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        !(buf = malloc((size_t)size + 1))) {
        fclose(f);
        return NULL;
    }
    *len = fread(buf, 1, (size_t)size, f);
    fclose(f);
    return buf;
}

static salvage_doc *parse_file(const char *dir, const char *name)
{
    char path[4096];
    size_t len = 0;
    char *data;
    salvage_options opts;
    salvage_doc *doc = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(data = read_all(path, &len))) {
        fprintf(stderr, "cannot read %s\n", path);
        return NULL;
    }
    salvage_options_init(&opts);
    opts.input_kind = SALVAGE_INPUT_HTML;
    opts.encoding = "utf-8";
    if (salvage_parse(data, len, &opts, &doc) > SALVAGE_LIMIT)
        doc = NULL;
    free(data);
    return doc;
}

static int text_words(const salvage_text *t, word_fn fn, void *ctx)
{
    return each_word(t->text, t->len, fn, ctx);
}

static int block_words(const salvage_doc *doc, word_fn fn, void *ctx)
{
    for (size_t i = 0; i < salvage_doc_block_count(doc); i++) {
        const salvage_block *b = salvage_doc_block(doc, i);
        if (text_words(&b->content, fn, ctx) != 0)
            return -1;
        for (size_t k = 0; k < b->item_count; k++)
            if (text_words(&b->items[k].content, fn, ctx) != 0)
                return -1;
        for (size_t r = 0; r < b->row_count; r++)
            for (size_t c = 0; c < b->rows[r].cell_count; c++)
                if (text_words(&b->rows[r].cells[c].content, fn, ctx) != 0)
                    return -1;
    }
    return 0;
}

static int skipped(const salvage_node *n)
{
    const char *name = salvage_node_name(n);
    return name && (!strcmp(name, "script") || !strcmp(name, "style") ||
                    !strcmp(name, "template") || !strcmp(name, "head"));
}

/* The words of the text nodes of expected.html (a non-recursive walk). */
static int tree_words(const salvage_doc *doc, bag *out)
{
    const salvage_node *root = salvage_doc_root(doc), *n = NULL;
    int entering = 0;
    if (!root)
        return -1;
    int skip = 0;
    for (;;) {
        if (skip) {
            /* Continue after the subtree: its next sibling, or its parent being left. */
            const salvage_node *s = n == root ? NULL : salvage_node_next_sibling(n);
            skip = 0;
            entering = s ? 1 : 0;
            n = s ? s : (n == root ? NULL : salvage_node_parent(n));
        } else {
            n = salvage_walk_next(root, n, &entering);
        }
        if (!n)
            break;
        if (entering && salvage_node_get_type(n) == SALVAGE_NODE_ELEMENT && skipped(n)) {
            skip = 1;
            continue;
        }
        if (salvage_node_get_type(n) == SALVAGE_NODE_TEXT) {
            size_t len = 0;
            const char *t = salvage_node_text(n, &len);
            if (t && each_word(t, len, add_word, out) != 0)
                return -1;
        }
    }
    return 0;
}

/* Recall of the page, or -1 on error. */
static double page_recall(const char *dir, long *expected_words)
{
    salvage_doc *src = parse_file(dir, "source.html");
    salvage_doc *exp = parse_file(dir, "expected.html");
    bag expected = {NULL, 0, 0, 0};
    matcher m = {&expected, 0};
    double recall = -1;
    if (src && exp && bag_grow(&expected) == 0 && tree_words(exp, &expected) == 0 &&
        block_words(src, match_word, &m) == 0) {
        *expected_words = expected.total;
        recall = expected.total ? (double)m.matched / (double)expected.total : 1.0;
    }
    bag_free(&expected);
    salvage_doc_free(src);
    salvage_doc_free(exp);
    return recall;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    double min_recall, sum = 0;
    if (argc < 3) {
        fprintf(stderr, "usage: %s MIN_RECALL PAGE_DIR...\n", argv[0]);
        return 2;
    }
    min_recall = atof(argv[1]);
    for (int i = 2; i < argc; i++) {
        long words = 0;
        double r = page_recall(argv[i], &words);
        const char *name = strrchr(argv[i], '/');
        name = name ? name + 1 : argv[i];
        if (r < 0) {
            printf("FAIL %s: could not be parsed\n", name);
            failed++;
            continue;
        }
        sum += r;
        printf("%s %-32s recall %.3f of %ld words\n", r >= min_recall ? "ok  " : "FAIL", name,
               r, words);
        if (r >= min_recall)
            passed++;
        else
            failed++;
    }
    if (passed + failed > 0)
        printf("mean recall %.3f\n", sum / (passed + failed));
    printf("html-article: %d passed, %d failed\n", passed, failed);
    return failed > 0 || passed == 0;
}
