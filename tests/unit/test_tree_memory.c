/*
 * test_tree_memory.c — the tree's memory savings keep the tree the same: text nodes of one
 * ASCII character share a static copy, which later characters replace with a copy of their
 * own (and a text cut to nothing by max_text_length never writes to it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "salvage.h"

static salvage_doc *parse_text_limit(const char *s, size_t max_text)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.encoding = "utf-8";
    o.flags = SALVAGE_FLAG_NO_ARTICLE;
    if (max_text)
        o.max_text_length = max_text;
    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(s, strlen(s), &o, &doc);
    assert_true(st == SALVAGE_OK || st == SALVAGE_LIMIT);
    assert_non_null(doc);
    return doc;
}

/* The texts of the document's text nodes in tree order, each followed by '|'. */
static void texts(const salvage_doc *doc, char *out, size_t cap)
{
    const salvage_node *root = salvage_doc_root(doc), *n = NULL;
    int entering = 0;
    size_t len = 0;
    out[0] = 0;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL) {
        if (!entering || salvage_node_get_type(n) != SALVAGE_NODE_TEXT)
            continue;
        size_t tl = 0;
        const char *t = salvage_node_text(n, &tl);
        assert_non_null(t);
        assert_int_equal(strlen(t), tl); /* NUL-terminated at its length */
        assert_true(len + tl + 2 <= cap);
        memcpy(out + len, t, tl);
        len += tl;
        out[len++] = '|';
        out[len] = 0;
    }
}

static void assert_texts(const char *input, size_t max_text, const char *expected)
{
    char got[256];
    salvage_doc *doc = parse_text_limit(input, max_text);
    texts(doc, got, sizeof got);
    assert_string_equal(got, expected);
    salvage_doc_free(doc);
}

/* One character, then more appended to the same node (the ignored </x> ends a text token
 * without ending the node): the node gets its own copy, the shared one is unchanged. */
static void one_char_then_more(void **state)
{
    (void)state;
    assert_texts("<p>a</x>b<p>a<p>c</x>d</x>e", 0, "ab|a|cde|");
    assert_texts("<p>a<p>a</x>a<p>a", 0, "a|aa|a|");
    /* non-letters and the formatting storms of the adoption agency */
    assert_texts("<p>|<b>x</b>y<i>,</i>", 0, "||x|y|,|");
    assert_texts("<b><i>x</b>y</i><a><p>z<a>w", 0, "x|y|z|w|");
}

/* max_text_length 1: the second character is cut to nothing and the node keeps its one. */
static void one_char_cut_by_limit(void **state)
{
    (void)state;
    assert_texts("<p>a</x>b</x>c<p>d", 1, "a|d|");
    assert_texts("<p>b<p>c", 0, "b|c|");
}

/* Characters outside ASCII are copied as before. */
static void multibyte_single_character(void **state)
{
    (void)state;
    assert_texts("<p>\xc3\xa9</x>e<p>\xc2\xb7", 0, "\xc3\xa9" "e|\xc2\xb7|");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_char_then_more),
        cmocka_unit_test(one_char_cut_by_limit),
        cmocka_unit_test(multibyte_single_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
