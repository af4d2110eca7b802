/*
 * test_tree_memory.c — the tree's memory savings keep the tree the same: text nodes of one
 * ASCII character share a static copy, which later characters replace with a copy of their
 * own (and a text cut to nothing by max_text_length never writes to it); text grown by
 * copying keeps its capacity implied by its length; names, attributes, template contents
 * and doctype identifiers kept outside the node read back through the API; elements with
 * the same attributes share one array, which merging into <body> does not change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
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

/* The first element named name (walk order), or NULL. */
static const salvage_node *find(const salvage_doc *doc, const char *name)
{
    const salvage_node *root = salvage_doc_root(doc), *n = NULL;
    int entering = 0;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL)
        if (entering && salvage_node_get_type(n) == SALVAGE_NODE_ELEMENT &&
            strcmp(salvage_node_name(n), name) == 0)
            return n;
    return NULL;
}

/* One text node from 2,000 runs (each ignored end tag ends a run and adds a diagnostic, so
 * the node is not the arena's latest block and grows by copying to powers of two). */
static void text_grown_by_copying(void **state)
{
    (void)state;
    static char input[16384], expected[8192];
    size_t in = 0, ex = 0;
    in += (size_t)sprintf(input, "<p>");
    for (int i = 0; i < 2000; i++) {
        in += (size_t)sprintf(input + in, "%c%s", 'a' + i % 26, i % 3 ? "</x>" : "</y>");
        expected[ex++] = (char)('a' + i % 26);
    }
    expected[ex++] = '|';
    expected[ex] = 0;
    char got[8192];
    salvage_doc *doc = parse_text_limit(input, 0);
    texts(doc, got, sizeof got);
    assert_string_equal(got, expected);
    salvage_doc_free(doc);
}

/* Long runs (a block of their own in the arena) between ignored end tags: the node grows by
 * the allocator's realloc and by copying, and keeps every byte. */
static void long_text_grown(void **state)
{
    (void)state;
    enum { RUN = 150000, RUNS = 3 };
    static char input[RUNS * (RUN + 8) + 8];
    size_t in = (size_t)sprintf(input, "<p>");
    for (int r = 0; r < RUNS; r++) {
        memset(input + in, 'a' + r, RUN);
        in += RUN;
        in += (size_t)sprintf(input + in, "</x>");
    }
    salvage_doc *doc = parse_text_limit(input, 0);
    const salvage_node *p = find(doc, "p");
    assert_non_null(p);
    const salvage_node *t = salvage_node_first_child(p);
    assert_null(salvage_node_next_sibling(t));
    size_t len = 0;
    const char *text = salvage_node_text(t, &len);
    assert_int_equal(len, (size_t)RUNS * RUN);
    for (size_t i = 0; i < len; i++)
        if (text[i] != 'a' + (char)(i / RUN))
            fail_msg("byte %zu is %c", i, text[i]);
    assert_int_equal(text[len], 0);
    salvage_doc_free(doc);
}

static void assert_attr(const salvage_node *el, const char *name, const char *value)
{
    assert_non_null(el);
    const char *v = salvage_node_get_attribute(el, name);
    assert_non_null(v);
    assert_string_equal(v, value);
}

/* Elements whose name, template contents or selectedcontent live outside the node keep
 * their attributes; so do clones made by the adoption agency. */
static void extra_element_data(void **state)
{
    (void)state;
    salvage_doc *doc = parse_text_limit(
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://w3.org/x.dtd\">"
        "<my-el a=1 b=2>x</my-el><template id=t c=3><p>in</template>"
        "<svg><foreignObject x=4></foreignObject></svg>"
        "<select s=5><button><selectedcontent k=6></selectedcontent></button>"
        "<option>o</option></select><a href=h><p>z<a>w", 0);
    const salvage_node *el = find(doc, "my-el");
    assert_attr(el, "a", "1");
    assert_attr(el, "b", "2");
    assert_int_equal(salvage_node_attribute_count(el), 2);
    el = find(doc, "template");
    assert_attr(el, "id", "t");
    assert_attr(el, "c", "3");
    const salvage_node *contents = salvage_node_template_contents(el);
    assert_non_null(contents);
    assert_ptr_equal(salvage_node_parent(contents), el);
    assert_string_equal(salvage_node_name(salvage_node_first_child(contents)), "p");
    assert_attr(find(doc, "foreignObject"), "x", "4");
    assert_attr(find(doc, "select"), "s", "5");
    assert_attr(find(doc, "selectedcontent"), "k", "6");
    /* <a href=h> is cloned into the <p>: both carry the attribute */
    const salvage_node *root = salvage_doc_root(doc), *n = NULL;
    int entering = 0, anchors = 0;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL)
        if (entering && salvage_node_get_type(n) == SALVAGE_NODE_ELEMENT &&
            strcmp(salvage_node_name(n), "a") == 0) {
            anchors++;
            if (anchors <= 2)
                assert_attr(n, "href", "h");
            else
                assert_int_equal(salvage_node_attribute_count(n), 0);
        }
    assert_int_equal(anchors, 3);
    const salvage_node *dt = salvage_node_first_child(root);
    assert_int_equal(salvage_node_get_type(dt), SALVAGE_NODE_DOCTYPE);
    size_t len = 0;
    assert_string_equal(salvage_node_text(dt, &len), "-//W3C//DTD HTML 4.01//EN");
    assert_int_equal(len, strlen("-//W3C//DTD HTML 4.01//EN"));
    assert_string_equal(salvage_node_doctype_system(dt), "http://w3.org/x.dtd");
    salvage_doc_free(doc);
    doc = parse_text_limit("<!DOCTYPE html><p>x", 0);
    dt = salvage_node_first_child(salvage_doc_root(doc));
    assert_null(salvage_node_text(dt, &len));
    assert_int_equal(len, 0);
    assert_null(salvage_node_doctype_system(dt));
    salvage_doc_free(doc);
}

/* The n-th element named name (walk order, from 0), or NULL. */
static const salvage_node *find_nth(const salvage_doc *doc, const char *name, int nth)
{
    const salvage_node *root = salvage_doc_root(doc), *n = NULL;
    int entering = 0;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL)
        if (entering && salvage_node_get_type(n) == SALVAGE_NODE_ELEMENT &&
            strcmp(salvage_node_name(n), name) == 0 && nth-- == 0)
            return n;
    return NULL;
}

static void shared_attribute_lists(void **state)
{
    (void)state;
    salvage_doc *doc = parse_text_limit(
        "<body class=a><table><tr><td class=x dir=ltr>1<td class=x dir=ltr>2"
        "<td class=x dir=rtl>3<td class=y dir=ltr>4<td dir=ltr class=x>5</table>"
        "<p class=a>p<body id=b><svg><a xlink:href=u></a></svg><a xlink:href=u></a>", 0);
    const salvage_node *td0 = find_nth(doc, "td", 0), *td1 = find_nth(doc, "td", 1);
    /* the same list: one array */
    assert_ptr_equal(salvage_node_attribute(td0, 0), salvage_node_attribute(td1, 0));
    assert_attr(td1, "class", "x");
    assert_attr(td1, "dir", "ltr");
    /* lists that differ in a value, or in order, have their own */
    const salvage_node *td2 = find_nth(doc, "td", 2), *td3 = find_nth(doc, "td", 3),
                       *td4 = find_nth(doc, "td", 4);
    assert_attr(td2, "dir", "rtl");
    assert_attr(td3, "class", "y");
    assert_string_equal(salvage_node_attribute(td4, 0)->name, "dir");
    assert_string_equal(salvage_node_attribute(td4, 1)->name, "class");
    assert_true(salvage_node_attribute(td2, 0) != salvage_node_attribute(td0, 0));
    /* <body id=b> merges into the body; <p class=a>, which shared its list, keeps one */
    const salvage_node *body = find_nth(doc, "body", 0), *p = find_nth(doc, "p", 0);
    assert_int_equal(salvage_node_attribute_count(body), 2);
    assert_attr(body, "class", "a");
    assert_attr(body, "id", "b");
    assert_int_equal(salvage_node_attribute_count(p), 1);
    assert_attr(p, "class", "a");
    /* the same bytes in SVG (adjusted to the XLink namespace) and in HTML (not) */
    const salvage_node *svg_a = find_nth(doc, "a", 0), *html_a = find_nth(doc, "a", 1);
    assert_int_equal(salvage_node_namespace(svg_a), SALVAGE_NS_SVG);
    assert_int_equal(salvage_node_attribute(svg_a, 0)->ns, SALVAGE_NS_XLINK);
    assert_string_equal(salvage_node_attribute(svg_a, 0)->name, "href");
    assert_int_equal(salvage_node_attribute(html_a, 0)->ns, SALVAGE_NS_NONE);
    assert_string_equal(salvage_node_attribute(html_a, 0)->name, "xlink:href");
    salvage_doc_free(doc);
}

/* attribute i of el: name, namespace and prefix (NULL for none) */
static void assert_attr_ns(const salvage_node *el, size_t i, const char *name,
                           salvage_namespace ns, const char *prefix)
{
    const salvage_attribute *a = salvage_node_attribute(el, i);
    assert_non_null(a);
    assert_string_equal(a->name, name);
    assert_int_equal(a->name_len, strlen(name));
    assert_int_equal(a->ns, ns);
    if (prefix)
        assert_string_equal(salvage_attribute_prefix(a), prefix);
    else
        assert_null(salvage_attribute_prefix(a));
}

/* The attribute record is 32 bytes; the prefix of the standard's adjusted foreign attributes
 * (its "adjust foreign attributes" table) comes from salvage_attribute_prefix. */
static void attribute_prefixes(void **state)
{
    (void)state;
    if (sizeof(void *) == 8)
        assert_int_equal(sizeof(salvage_attribute), 32);
    salvage_doc *doc = parse_text_limit(
        "<svg xlink:href=a xml:lang=en xmlns=n xmlns:xlink=x foo:bar=b xlink:hrefx=c>"
        "</svg><p xml:lang=en xlink:href=a>", 0);
    const salvage_node *svg = find_nth(doc, "svg", 0), *p = find_nth(doc, "p", 0);
    assert_int_equal(salvage_node_attribute_count(svg), 6);
    assert_attr_ns(svg, 0, "href", SALVAGE_NS_XLINK, "xlink");
    assert_attr_ns(svg, 1, "lang", SALVAGE_NS_XML, "xml");
    assert_attr_ns(svg, 2, "xmlns", SALVAGE_NS_XMLNS, NULL);
    assert_attr_ns(svg, 3, "xlink", SALVAGE_NS_XMLNS, "xmlns");
    assert_attr_ns(svg, 4, "foo:bar", SALVAGE_NS_NONE, NULL); /* not in the table */
    assert_attr_ns(svg, 5, "xlink:hrefx", SALVAGE_NS_NONE, NULL);
    assert_string_equal(salvage_node_attribute(svg, 3)->value, "x");
    assert_int_equal(salvage_node_attribute(svg, 3)->value_len, 1);
    /* HTML elements keep the names as written */
    assert_attr_ns(p, 0, "xml:lang", SALVAGE_NS_NONE, NULL);
    assert_attr_ns(p, 1, "xlink:href", SALVAGE_NS_NONE, NULL);
    assert_null(salvage_attribute_prefix(NULL));
    salvage_doc_free(doc);
}

/* max_attr_length above the 32-bit lengths acts as the largest one: attributes stay whole. */
static void attr_length_option_clamped(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.flags = SALVAGE_FLAG_NO_ARTICLE;
    o.max_attr_length = SIZE_MAX;
    const char *s = "<p title=\"a long enough value\" data-x=y>t";
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parse(s, strlen(s), &o, &doc), SALVAGE_OK);
    const salvage_node *p = find_nth(doc, "p", 0);
    assert_string_equal(salvage_node_get_attribute(p, "title"), "a long enough value");
    assert_int_equal(salvage_node_attribute(p, 0)->value_len, 19);
    assert_string_equal(salvage_node_get_attribute(p, "data-x"), "y");
    salvage_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_char_then_more),
        cmocka_unit_test(one_char_cut_by_limit),
        cmocka_unit_test(multibyte_single_character),
        cmocka_unit_test(text_grown_by_copying),
        cmocka_unit_test(long_text_grown),
        cmocka_unit_test(extra_element_data),
        cmocka_unit_test(shared_attribute_lists),
        cmocka_unit_test(attribute_prefixes),
        cmocka_unit_test(attr_length_option_clamped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
