/*
 * test_tree.c — unit tests of the tree builder: tag table, public node API, walker,
 * serialisers, scripting flag, fragments, limits, streaming, work counters on hostile input,
 * and the readability corpus pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "coverage_util.h"
#include "salvage.h"
#include "tags.h"

/* ---- helpers ---- */

static void html_opts(salvage_options *o)
{
    salvage_options_init(o);
    o->input_kind = SALVAGE_INPUT_HTML;
    o->encoding = "utf-8";
    o->flags = SALVAGE_FLAG_NO_ARTICLE;
}

static salvage_doc *parse_with(const char *s, size_t n, const salvage_options *o)
{
    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(s, n, o, &doc);
    assert_true(st == SALVAGE_OK || st == SALVAGE_LIMIT);
    assert_non_null(doc);
    return doc;
}

static salvage_doc *parse(const char *s)
{
    salvage_options o;
    html_opts(&o);
    return parse_with(s, strlen(s), &o);
}

/* The tree dump (or the HTML) of a document, malloc'ed. */
static char *dump(const salvage_doc *doc, bool html)
{
    cov_out o = {0};
    cov_write(&o, "", 0);
    assert_int_equal(html ? salvage_write_html(doc, cov_write, &o)
                          : salvage_write_tree(doc, cov_write, &o),
                     SALVAGE_OK);
    return o.data;
}

static void assert_dump(const char *input, const char *expected)
{
    salvage_doc *doc = parse(input);
    char *d = dump(doc, false);
    assert_string_equal(d, expected);
    free(d);
    salvage_doc_free(doc);
}

static bool has_diag(const salvage_doc *doc, const char *code)
{
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        if (strcmp(salvage_doc_diagnostic(doc, i)->code, code) == 0)
            return true;
    return false;
}

/* Counts nodes of a type (-1: all) and the deepest element (html = 1) by walking. */
static size_t count_nodes(const salvage_node *root, int type, size_t *max_depth)
{
    size_t n = 0, depth = 0, deepest = 0;
    int entering = 0;
    const salvage_node *c = NULL;
    while ((c = salvage_walk_next(root, c, &entering)) != NULL) {
        if (!entering) {
            depth--;
            continue;
        }
        if (type < 0 || (int)salvage_node_get_type(c) == type)
            n++;
        if (salvage_node_get_type(c) == SALVAGE_NODE_ELEMENT) {
            size_t d = 0;
            for (const salvage_node *p = c; p && salvage_node_get_type(p) ==
                                                   SALVAGE_NODE_ELEMENT;
                 p = salvage_node_parent(p))
                d++;
            (void)d;
        }
        if (salvage_node_first_child(c)) {
            depth++;
            if (depth > deepest)
                deepest = depth;
        }
    }
    if (max_depth)
        *max_depth = deepest;
    return n;
}

static char *repeat(const char *unit, size_t times, size_t *len)
{
    size_t u = strlen(unit);
    char *s = malloc(u * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * u, unit, u);
    s[u * times] = 0;
    *len = u * times;
    return s;
}

/* ---- tests ---- */

static void tags_sorted(void **state)
{
    (void)state;
    for (int t = 2; t < SV_TAG_COUNT; t++)
        assert_true(strcmp(sv_tag_name((sv_tag)(t - 1)), sv_tag_name((sv_tag)t)) < 0);
    for (int t = 1; t < SV_TAG_COUNT; t++) {
        const char *n = sv_tag_name((sv_tag)t);
        assert_int_equal(sv_tag_lookup(n, strlen(n)), t);
    }
    assert_int_equal(sv_tag_lookup("DiV", 3), SV_TAG_DIV);
    assert_int_equal(sv_tag_lookup("divx", 4), SV_TAG_UNKNOWN);
    assert_int_equal(sv_tag_lookup("", 0), SV_TAG_UNKNOWN);
}

static void implied_structure(void **state)
{
    (void)state;
    assert_dump("<p>One<p>Two",
                "| <html>\n|   <head>\n|   <body>\n|     <p>\n|       \"One\"\n"
                "|     <p>\n|       \"Two\"\n");
    /* misnested formatting: the adoption agency moves the p under a clone of b */
    assert_dump("<b>1<p>2</b>3</p>",
                "| <html>\n|   <head>\n|   <body>\n|     <b>\n|       \"1\"\n"
                "|     <p>\n|       <b>\n|         \"2\"\n|       \"3\"\n");
    /* foster parenting: text in a table goes before it */
    assert_dump("<table>x<tr><td>y</table>",
                "| <html>\n|   <head>\n|   <body>\n|     \"x\"\n|     <table>\n"
                "|       <tbody>\n|         <tr>\n|           <td>\n|             \"y\"\n");
    /* foreign content: SVG names and attributes get their case back, xlink is namespaced */
    assert_dump("<svg viewbox='0 0 1 1'><foreignobject xlink:href=a /></svg>",
                "| <html>\n|   <head>\n|   <body>\n|     <svg svg>\n"
                "|       viewBox=\"0 0 1 1\"\n|       <svg foreignObject>\n"
                "|         xlink href=\"a\"\n");
    assert_dump("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><template><b>x",
                "| <!DOCTYPE html \"-//W3C//DTD HTML 4.01//EN\" \"\">\n| <html>\n"
                "|   <head>\n|     <template>\n|       content\n|         <b>\n"
                "|           \"x\"\n|   <body>\n");
}

/* A selectedcontent inside an option does not mirror that option (it would copy itself). */
static void selectedcontent_in_option(void **state)
{
    (void)state;
    assert_dump("<select><option><selectedcontent></selectedcontent>x</option></select>",
                "| <html>\n|   <head>\n|   <body>\n|     <select>\n|       <option>\n"
                "|         <selectedcontent>\n|         \"x\"\n");
    /* the usual case: the selected option's contents are copied */
    assert_dump("<select><button><selectedcontent></button><option>a<b>b</b></select>",
                "| <html>\n|   <head>\n|   <body>\n|     <select>\n|       <button>\n"
                "|         <selectedcontent>\n|           \"a\"\n|           <b>\n"
                "|             \"b\"\n|       <option>\n|         \"a\"\n|         <b>\n"
                "|           \"b\"\n");
}

static void quirks_modes(void **state)
{
    (void)state;
    salvage_doc *doc = parse("<p>x");
    assert_int_equal(salvage_doc_quirks_mode(doc), SALVAGE_QUIRKS);
    salvage_doc_free(doc);
    doc = parse("<!DOCTYPE html><p>x");
    assert_int_equal(salvage_doc_quirks_mode(doc), SALVAGE_NO_QUIRKS);
    salvage_doc_free(doc);
    doc = parse("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"x\">");
    assert_int_equal(salvage_doc_quirks_mode(doc), SALVAGE_LIMITED_QUIRKS);
    salvage_doc_free(doc);
    /* quirks: a table does not close an open p */
    assert_dump("<p><table>",
                "| <html>\n|   <head>\n|   <body>\n|     <p>\n|       <table>\n");
    assert_dump("<!DOCTYPE html><p><table>",
                "| <!DOCTYPE html>\n| <html>\n|   <head>\n|   <body>\n|     <p>\n"
                "|     <table>\n");
    /* each rule of the "initial" insertion mode (HTML 13.2.6.4.1): public identifiers
     * matched whole or by prefix, ASCII case-insensitively; the system identifier */
    static const struct {
        const char *doctype;
        salvage_quirks_mode mode;
    } ids[] = {
        {"<!DOCTYPE html PUBLIC \"-//W3O//DTD W3 HTML Strict 3.0//EN//\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-/W3C/DTD HTML 4.0 Transitional/EN\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"html\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"HTML 2\">", SALVAGE_NO_QUIRKS}, /* "HTML" is matched whole */
        {"<!DOCTYPE html SYSTEM "
         "\"http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//IETF//DTD HTML 2.0//EN\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//w3o//dtd w3 html 3.0//en\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" "
         "\"http://www.w3.org/TR/html4/loose.dtd\">", SALVAGE_LIMITED_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Frameset//EN\" \"x\">",
         SALVAGE_LIMITED_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\">", SALVAGE_NO_QUIRKS},
        {"<!DOCTYPE htmlx>", SALVAGE_QUIRKS},
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        doc = parse(ids[i].doctype);
        if (salvage_doc_quirks_mode(doc) != ids[i].mode)
            fail_msg("%s: mode %d, expected %d", ids[i].doctype,
                     (int)salvage_doc_quirks_mode(doc), (int)ids[i].mode);
        salvage_doc_free(doc);
    }
}

static void node_api(void **state)
{
    (void)state;
    const char *src = "<div id=x class='a b'>hi<!--c--></div>";
    salvage_doc *doc = parse(src);
    const salvage_node *root = salvage_doc_root(doc);
    assert_non_null(root);
    assert_int_equal(salvage_node_get_type(root), SALVAGE_NODE_DOCUMENT);
    const salvage_node *html = salvage_node_first_child(root);
    assert_string_equal(salvage_node_name(html), "html");
    assert_true(salvage_node_is_implied(html));
    assert_int_equal(salvage_node_offset(html), 0);
    const salvage_node *body = salvage_node_last_child(html);
    assert_string_equal(salvage_node_name(body), "body");
    assert_ptr_equal(salvage_node_prev_sibling(body), salvage_node_first_child(html));
    const salvage_node *div = salvage_node_first_child(body);
    assert_string_equal(salvage_node_name(div), "div");
    assert_int_equal(salvage_node_namespace(div), SALVAGE_NS_HTML);
    assert_false(salvage_node_is_implied(div));
    assert_int_equal(salvage_node_offset(div), 0);
    assert_int_equal(salvage_node_attribute_count(div), 2);
    assert_string_equal(salvage_node_get_attribute(div, "class"), "a b");
    assert_string_equal(salvage_node_attribute(div, 0)->name, "id");
    assert_null(salvage_node_attribute(div, 2));
    assert_null(salvage_node_get_attribute(div, "style"));
    const salvage_node *text = salvage_node_first_child(div);
    size_t len = 0;
    assert_string_equal(salvage_node_text(text, &len), "hi");
    assert_int_equal(len, 2);
    assert_int_equal(salvage_node_offset(text), strlen("<div id=x class='a b'>"));
    const salvage_node *comment = salvage_node_next_sibling(text);
    assert_int_equal(salvage_node_get_type(comment), SALVAGE_NODE_COMMENT);
    assert_string_equal(salvage_node_text(comment, NULL), "c");
    assert_int_equal(salvage_node_offset(comment), strlen("<div id=x class='a b'>hi"));
    assert_ptr_equal(salvage_node_parent(comment), div);
    assert_null(salvage_node_next_sibling(comment));
    assert_null(salvage_node_name(text));
    salvage_doc_free(doc);
    /* NULL is accepted everywhere */
    assert_null(salvage_doc_root(NULL));
    assert_null(salvage_node_name(NULL));
    assert_null(salvage_node_parent(NULL));
    assert_null(salvage_node_text(NULL, &len));
    assert_int_equal(len, 0);
    assert_int_equal(salvage_node_attribute_count(NULL), 0);
    assert_null(salvage_walk_next(NULL, NULL, NULL));
}

/* Offsets are original byte offsets even when decoding changes lengths. */
static void offsets_after_decoding(void **state)
{
    (void)state;
    salvage_options o;
    html_opts(&o);
    o.encoding = "windows-1252";
    const char src[] = "\xE9\xE9<b>x</b>"; /* each é is 2 bytes once decoded */
    salvage_doc *doc = parse_with(src, sizeof src - 1, &o);
    const salvage_node *body = salvage_node_last_child(salvage_node_first_child(
        salvage_doc_root(doc)));
    const salvage_node *b = salvage_node_last_child(body);
    assert_string_equal(salvage_node_name(b), "b");
    assert_int_equal(salvage_node_offset(b), 2);
    assert_int_equal(salvage_node_offset(salvage_node_first_child(b)), 5);
    salvage_doc_free(doc);
}

static void walker_order(void **state)
{
    (void)state;
    salvage_doc *doc = parse("<div><p>a</p><br></div>");
    const salvage_node *html = salvage_node_first_child(salvage_doc_root(doc));
    const salvage_node *div = salvage_node_first_child(salvage_node_last_child(html));
    char trace[256] = "";
    int entering = 0;
    const salvage_node *n = NULL;
    while ((n = salvage_walk_next(div, n, &entering)) != NULL) {
        const char *name = salvage_node_name(n) ? salvage_node_name(n) : "#text";
        strcat(trace, entering ? "+" : "-");
        strcat(trace, name);
        strcat(trace, " ");
    }
    assert_string_equal(trace, "+div +p +#text -p +br -div ");
    salvage_doc_free(doc);
}

static void html_serialisation(void **state)
{
    (void)state;
    salvage_doc *doc = parse("<!DOCTYPE html><p class=\"a&b\" title='\"q\"'>x &amp; y\xC2\xA0<br>"
                             "<script>a<b</script><template><i>t</i></template><svg "
                             "xlink:href=u xmlns=n xmlns:xlink=x xml:lang=en><path/></svg>");
    char *h = dump(doc, true);
    assert_string_equal(h, "<!DOCTYPE html><html><head></head><body><p class=\"a&amp;b\" "
                           "title=\"&quot;q&quot;\">x &amp; y&nbsp;<br><script>a<b</script>"
                           "<template><i>t</i></template><svg xlink:href=\"u\" xmlns=\"n\" "
                           "xmlns:xlink=\"x\" xml:lang=\"en\"><path></path>"
                           "</svg></p></body></html>");
    free(h);
    salvage_doc_free(doc);
    /* quotes are escaped in attribute values only */
    doc = parse("<p>say \"hi\" & 'bye'</p>");
    h = dump(doc, true);
    assert_string_equal(h, "<html><head></head><body><p>say \"hi\" &amp; 'bye'</p></body></html>");
    free(h);
    salvage_doc_free(doc);
}

static void scripting_flag(void **state)
{
    (void)state;
    salvage_options o;
    html_opts(&o);
    const char *src = "<body><noscript><p>x</p></noscript>";
    salvage_doc *doc = parse_with(src, strlen(src), &o);
    char *d = dump(doc, false);
    assert_string_equal(d, "| <html>\n|   <head>\n|   <body>\n|     <noscript>\n"
                           "|       <p>\n|         \"x\"\n");
    free(d);
    salvage_doc_free(doc);
    o.flags |= SALVAGE_FLAG_SCRIPTING;
    doc = parse_with(src, strlen(src), &o);
    d = dump(doc, false);
    assert_string_equal(d, "| <html>\n|   <head>\n|   <body>\n|     <noscript>\n"
                           "|       \"<p>x</p>\"\n");
    free(d);
    salvage_doc_free(doc);
}

static void fragments(void **state)
{
    (void)state;
    salvage_options o;
    html_opts(&o);
    o.fragment_context = "td";
    /* a td context is the last node, so the mode is "in body": <td> and </td> are
     * ignored and the text runs together */
    const char *src = "a<td>b</td><p>c";
    salvage_doc *doc = parse_with(src, strlen(src), &o);
    assert_int_equal(salvage_node_get_type(salvage_doc_root(doc)), SALVAGE_NODE_FRAGMENT);
    char *d = dump(doc, false);
    assert_string_equal(d, "| \"ab\"\n| <p>\n|   \"c\"\n");
    free(d);
    salvage_doc_free(doc);
    o.fragment_context = "svg path";
    src = "<circle/><b>x";
    doc = parse_with(src, strlen(src), &o);
    d = dump(doc, false);
    assert_string_equal(d, "| <svg circle>\n| <b>\n|   \"x\"\n");
    free(d);
    salvage_doc_free(doc);
    o.fragment_context = "math mi";
    src = "<mglyph/><p>x";
    doc = parse_with(src, strlen(src), &o);
    d = dump(doc, false);
    assert_string_equal(d, "| <math mglyph>\n| <p>\n|   \"x\"\n");
    free(d);
    salvage_doc_free(doc);
}

/* max_depth: deeper elements become siblings at the deepest level; none is lost. */
static void depth_limit(void **state)
{
    (void)state;
    salvage_options o;
    html_opts(&o);
    o.max_depth = 8;
    size_t len;
    char *src = repeat("<div>x", 20, &len);
    salvage_doc *doc = parse_with(src, len, &o);
    const salvage_node *root = salvage_doc_root(doc);
    size_t deepest = 0;
    assert_int_equal(count_nodes(root, SALVAGE_NODE_ELEMENT, &deepest), 3 + 20);
    assert_int_equal(count_nodes(root, SALVAGE_NODE_TEXT, NULL), 20);
    /* document -> html(1) ... the stack holds at most 8 elements; a text child may sit
     * one level below the deepest element */
    assert_true(deepest <= 8 + 1);
    assert_true(deepest >= 8);
    assert_true(has_diag(doc, "depth-limit"));
    assert_int_equal(salvage_doc_status(doc), SALVAGE_OK);
    salvage_doc_free(doc);
    free(src);
}

/* ---- the depth limit at every insertion point ---- */

/* The deepest element with children and the deepest node (html = 1) of the tree, and the
 * 'x' characters of its text. A template's contents are not a level of their own. (An
 * element at the limit may hold text and void elements.) */
typedef struct depths {
    size_t element, any, xs;
} depths;

static depths measure(const salvage_doc *doc)
{
    depths m = {0, 0, 0};
    const salvage_node *root = salvage_doc_root(doc), *c = NULL;
    int entering = 0;
    while ((c = salvage_walk_next(root, c, &entering)) != NULL) {
        if (!entering)
            continue;
        size_t d = 0;
        for (const salvage_node *p = c; p != root; p = salvage_node_parent(p))
            d += salvage_node_get_type(p) != SALVAGE_NODE_FRAGMENT;
        if (salvage_node_first_child(c) && d > m.element)
            m.element = d;
        if (d > m.any)
            m.any = d;
        if (salvage_node_get_type(c) == SALVAGE_NODE_TEXT) {
            size_t n = 0;
            const char *t = salvage_node_text(c, &n);
            for (size_t i = 0; i < n; i++)
                m.xs += t[i] == 'x';
        }
    }
    return m;
}

/* Parses src with max_depth md: no element with children deeper than md, no node deeper
 * than md + 1, every 'x' of the input kept. Returns the depths. */
static depths check_depth(const char *src, size_t md, size_t xs)
{
    salvage_options o;
    html_opts(&o);
    o.max_depth = md;
    salvage_doc *doc = parse_with(src, strlen(src), &o);
    depths m = measure(doc);
    size_t limit = md < 4 ? 4 : md; /* the builder keeps room for html, body and a little */
    if (m.element > limit || m.any > limit + 1 || (xs != (size_t)-1 && m.xs != xs))
        fprintf(stderr, "max_depth %zu: element depth %zu, node depth %zu, %zu x of %zu: %s\n",
                md, m.element, m.any, m.xs, xs, src);
    assert_true(m.element <= limit);
    assert_true(m.any <= limit + 1);
    if (xs != (size_t)-1)
        assert_int_equal(m.xs, xs);
    salvage_doc_free(doc);
    return m;
}

static size_t count_x(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == 'x';
    return n;
}

/* src: unit repeated n times between head and tail. */
static char *shape(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t len;
    char *r = repeat(unit, n, &len);
    size_t hl = strlen(head), tl = strlen(tail);
    char *s = malloc(hl + len + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    memcpy(s + hl, r, len);
    memcpy(s + hl + len, tail, tl + 1);
    free(r);
    return s;
}

/* A formatting storm, then foreign content (the fuzz finding of tests/regressions/limits/
 * depth-past-limit-formatting-storm): the tree stays within max_depth. */
static void depth_limit_storm_foreign(void **state)
{
    (void)state;
    char *s = shape("", "<p><b><i><u>x", 40, "<svg><g><g><g><g><g><g><g><g><g>x</svg>x");
    for (size_t md = 1; md <= 12; md++)
        check_depth(s, md, count_x(s));
    free(s);
    s = shape("<table><tr><td>", "<p><b><i><u>x<a>", 30,
              "<math><mi><b><i><svg><foreignObject><div><p>x");
    for (size_t md = 4; md <= 12; md++)
        check_depth(s, md, count_x(s));
    free(s);
}

/* </form> and a second <a> remove an element from the middle of the stack; it stays the
 * ancestor of the open elements above it, so the tree is deeper than the stack. */
static void depth_limit_closed_ancestors(void **state)
{
    (void)state;
    const char *units[] = {"<form><div>x</form>", "<a><table><a>x", "<a><div><a>x",
                           "<form><table></form><b>x", "<form><b><div></form>x</b>"};
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        char *s = shape("", units[u], 60, "x");
        for (size_t md = 4; md <= 40; md += 3)
            check_depth(s, md, count_x(s));
        free(s);
    }
    /* with the default limit, a </form> chain stays within 512 too */
    char *s = shape("", "<form><div>x</form>", 600, "");
    depths m = check_depth(s, 512, 600);
    assert_true(m.element >= 500);
    free(s);
}

static void assert_dump_depth(const char *src, size_t md, const char *expected)
{
    salvage_options o;
    html_opts(&o);
    o.max_depth = md;
    salvage_doc *doc = parse_with(src, strlen(src), &o);
    char *d = dump(doc, false);
    if (strcmp(d, expected) != 0)
        fprintf(stderr, "%s", d);
    assert_string_equal(d, expected);
    assert_true(has_diag(doc, "depth-limit"));
    free(d);
    salvage_doc_free(doc);
}

/* Reconstruction at the limit: a clone that cannot nest closes the clone before it (which
 * leaves the list of active formatting elements, as at its end tag) and opens beside it. */
static void depth_limit_reconstruction(void **state)
{
    (void)state;
    /* b, i and u are closed by </div>; under the second div the clones of b and i reach
     * the limit of 6, so u's clone closes i's and opens beside it. The list then holds b
     * and u, both open: the second "x" (after the comment) goes into u without cloning
     * anything again. */
    assert_dump_depth("<div><b><i><u>x</div><div><div>x<!--c-->x", 6,
                      "| <html>\n|   <head>\n|   <body>\n|     <div>\n|       <b>\n"
                      "|         <i>\n|           <u>\n|             \"x\"\n"
                      "|     <div>\n|       <div>\n|         <b>\n|           <i>\n"
                      "|           <u>\n|             \"x\"\n|             <!-- c -->\n"
                      "|             \"x\"\n");
    /* Formatting elements opened at the limit close each other and leave the list; after
     * </div>, each <p> reconstructs only the last one, tt. */
    assert_dump_depth("<div><div><div><b><i><u><s><em><strong><code><tt>x</div><p>x<p>x", 6,
                      "| <html>\n|   <head>\n|   <body>\n|     <div>\n|       <div>\n"
                      "|         <div>\n|           <b>\n|           <i>\n"
                      "|           <u>\n|           <s>\n|           <em>\n"
                      "|           <strong>\n|           <code>\n|           <tt>\n"
                      "|             \"x\"\n|         <p>\n|           <tt>\n"
                      "|             \"x\"\n|         <p>\n|           <tt>\n"
                      "|             \"x\"\n");
}

/* The adoption agency at the limit: the furthest block moves up and its new child takes its
 * children, never deeper than the limit. */
static void depth_limit_adoption(void **state)
{
    (void)state;
    const char *units[] = {"<b><div>x</b>y", "<b><p>x<i><div>x</b>x</i>", "<a><p>x<a>x",
                           "<b><i>x</b>x</i><a><p>x<a>x", "<b><form><div></form>x</b>",
                           "<b><table><tr><td>x</b>x", "<b><i><u><s><div>x</b>x"};
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        char *s = shape("<div><div>", units[u], 40, "x");
        for (size_t md = 4; md <= 24; md++)
            check_depth(s, md, count_x(s));
        free(s);
    }
}

/* Foster parenting at the limit: content misplaced in a table goes before the table, at
 * most as deep as the table. */
static void depth_limit_foster(void **state)
{
    (void)state;
    const char *units[] = {"<table><tr><td>", "<table>x<b>x<div>x", "<table><b><tr><td>x",
                           "<table><svg><g>x", "<table><tr>x<td><table><a>x<a>x"};
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        char *s = shape("", units[u], 40, "x");
        for (size_t md = 4; md <= 24; md++)
            check_depth(s, md, count_x(s));
        free(s);
    }
}

/* Random mixes of the shapes above under small limits. */
static void depth_limit_mixes(void **state)
{
    (void)state;
    static const char *const units[] = {
        "<p>", "<b>", "<i>", "<u>", "x", "<a>", "</a>", "</b>", "<div>", "</div>", "<table>",
        "<tr>", "<td>", "</table>", "<form>", "</form>", "<svg>", "<g>", "<math>", "<mi>",
        "<foreignObject>", "</svg>", "<select>", "<option>", "</p>", "<li>", "<nobr>",
        "<button>", "<caption>", "<span>", "</i>", "<template>", "</template>", "<h1>",
        "<selectedcontent>", "</option>", "<font>", "<marquee>", "</td>", "<desc>"};
    const size_t nunits = sizeof units / sizeof *units;
    uint64_t r = 88172645463325252u;
    char buf[8192];
    for (int doc = 0; doc < 400; doc++) {
        size_t len = 0;
        for (int k = 0; k < 400; k++) {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            const char *u = units[r % nunits];
            size_t n = strlen(u);
            if (len + n + 1 > sizeof buf)
                break;
            memcpy(buf + len, u, n);
            len += n;
        }
        buf[len] = 0;
        check_depth(buf, 4 + (size_t)doc % 9, (size_t)-1);
    }
}

/* White space between tags is shared by the text nodes that hold the same run; a node that
 * grows afterwards gets its own copy and leaves the others unchanged. */
static void shared_white_space(void **state)
{
    (void)state;
    salvage_doc *doc = parse("<p>\n  </x>y</p><p>\n  </p><div>\n  </div>\t\t<p>\n\t</p>");
    const char *expected[] = {"\n  y", "\n  ", "\n  ", "\t\t", "\n\t"};
    size_t k = 0;
    const salvage_node *c = NULL;
    int entering = 0;
    while ((c = salvage_walk_next(salvage_doc_root(doc), c, &entering)) != NULL) {
        if (!entering || salvage_node_get_type(c) != SALVAGE_NODE_TEXT)
            continue;
        size_t len = 0;
        const char *t = salvage_node_text(c, &len);
        assert_true(k < sizeof expected / sizeof *expected);
        assert_int_equal(len, strlen(expected[k]));
        assert_string_equal(t, expected[k]); /* NUL-terminated at len */
        k++;
    }
    assert_int_equal(k, sizeof expected / sizeof *expected);
    salvage_doc_free(doc);
}

static void node_limit(void **state)
{
    (void)state;
    salvage_options o;
    html_opts(&o);
    o.max_nodes = 50;
    size_t len;
    char *src = repeat("<i>", 100, &len);
    salvage_doc *doc = parse_with(src, len, &o);
    assert_int_equal(salvage_doc_status(doc), SALVAGE_LIMIT);
    assert_true(has_diag(doc, "limit-nodes"));
    assert_true(count_nodes(salvage_doc_root(doc), -1, NULL) <= 50);
    salvage_doc_free(doc);
    free(src);
}

/* A raw-text element that max_nodes refuses: its text still reads as RCDATA (no <b>
 * element), goes to the current node, and the end tag leaves no text mode behind, so the
 * NUL after it is ignored as in body instead of reaching a text node (a fuzz finding). */
static void node_limit_raw_text(void **state)
{
    (void)state;
    static const char src[] = "c<title>t<b></title>\0d";
    salvage_options o;
    html_opts(&o);
    o.max_nodes = 5; /* document, html, head, body, "c" */
    salvage_doc *doc = parse_with(src, sizeof src - 1, &o);
    assert_int_equal(salvage_doc_status(doc), SALVAGE_LIMIT);
    char *d = dump(doc, false);
    assert_string_equal(d, "| <html>\n|   <head>\n|   <body>\n|     \"ct<b>d\"\n");
    free(d);
    salvage_doc_free(doc);
    o.max_nodes = 8; /* room for everything: the standard's tree */
    doc = parse_with(src, sizeof src - 1, &o);
    assert_int_equal(salvage_doc_status(doc), SALVAGE_OK);
    d = dump(doc, false);
    assert_string_equal(d, "| <html>\n|   <head>\n|   <body>\n|     \"c\"\n|     <title>\n"
                           "|       \"t<b>\"\n|     \"d\"\n");
    free(d);
    salvage_doc_free(doc);
}

/* Repeated <body> tags merge new attributes into the body, up to max_attributes. */
static void body_attribute_flood(void **state)
{
    (void)state;
    size_t cap = 2000 * 16, len = 0;
    char *src = malloc(cap);
    assert_non_null(src);
    for (int i = 0; i < 2000; i++)
        len += (size_t)snprintf(src + len, cap - len, "<body a%d=1>", i);
    salvage_options o;
    html_opts(&o);
    salvage_doc *doc = parse_with(src, len, &o);
    const salvage_node *body = salvage_node_last_child(salvage_node_first_child(
        salvage_doc_root(doc)));
    assert_string_equal(salvage_node_name(body), "body");
    assert_int_equal(salvage_node_attribute_count(body), 512);
    assert_string_equal(salvage_node_attribute(body, 511)->name, "a511");
    assert_int_equal(salvage_doc_status(doc), SALVAGE_LIMIT);
    assert_true(has_diag(doc, "limit-attributes"));
    salvage_doc_free(doc);
    free(src);
}

/* Streaming in 1-byte and 7-byte chunks gives the same tree as one call. A long comment
 * first fills the pipeline's sniff window, so the chunks reach the tree builder as such. */
static void streaming_equivalence(void **state)
{
    (void)state;
    const char *body = "<!DOCTYPE html><title>t&amp;</title><table><tr><td>a<b>b<p>c</b>d"
                       "</table><svg><desc><i>e</i></desc></svg><textarea>\nf</textarea>"
                       "<pre>\n\ng</pre><select><option>g<option selected>h</select><!--z-->"
                       "<p>\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80<table> x <tr> y</table>";
    size_t plen = 70000, blen = strlen(body);
    char *src = malloc(plen + blen);
    assert_non_null(src);
    memset(src, 'x', plen);
    memcpy(src, "<!--", 4);
    memcpy(src + plen - 3, "-->", 3);
    memcpy(src + plen, body, blen);
    salvage_options o;
    html_opts(&o);
    salvage_doc *whole = parse_with(src, plen + blen, &o);
    char *expected = dump(whole, false);
    salvage_doc_free(whole);
    size_t chunks[] = {1, 7};
    for (size_t c = 0; c < 2; c++) {
        salvage_parser *p = NULL;
        assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
        assert_int_equal(salvage_parser_feed(p, src, plen), SALVAGE_OK);
        for (size_t i = 0; i < blen; i += chunks[c]) {
            size_t n = blen - i < chunks[c] ? blen - i : chunks[c];
            assert_int_equal(salvage_parser_feed(p, body + i, n), SALVAGE_OK);
        }
        salvage_doc *doc = NULL;
        assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
        salvage_parser_free(p);
        char *got = dump(doc, false);
        assert_string_equal(got, expected);
        free(got);
        salvage_doc_free(doc);
    }
    free(expected);
    free(src);
}

/* Work of tree construction for unit repeated n times. */
static size_t work_for(const char *unit, size_t n, size_t *input_len)
{
    size_t len;
    char *src = repeat(unit, n, &len);
    salvage_options o;
    html_opts(&o);
    salvage_doc *doc = parse_with(src, len, &o);
    size_t w = doc->tree_work;
    salvage_doc_free(doc);
    free(src);
    if (input_len)
        *input_len = len;
    return w;
}

/* Sizes of the hostile inputs. SALVAGE_TEST_SCALE=N divides them (the valgrind pass of
 * `make test` uses it: memcheck is ~50 times slower); the sanitizer pass runs them full size. */
static size_t scaled(size_t n)
{
    const char *e = getenv("SALVAGE_TEST_SCALE");
    long k = e ? strtol(e, NULL, 10) : 1;
    if (k < 1)
        k = 1;
    n /= (size_t)k;
    return n < 1000 ? 1000 : n;
}

/* Hostile input costs work linear in its size: doubling the input at most doubles the work
 * (plus a little), and the work per input byte stays small. */
static void check_linear(const char *unit, size_t n)
{
    size_t len1, len2;
    n = scaled(n);
    size_t w1 = work_for(unit, n / 2, &len1);
    size_t w2 = work_for(unit, n, &len2);
    printf("  %-24s n=%-8zu work=%-10zu work/byte=%.2f ratio=%.3f\n", unit, n, w2,
           (double)w2 / (double)len2, (double)w2 / (double)w1);
    assert_true(w2 <= w1 * 21 / 10 + 1000);
    assert_true(w2 <= 16 * len2);
}

/* Work for n distinct formatting elements (never merged by Noah's Ark) followed by
 * m repetitions of unit. */
static size_t work_after_formatting(size_t n, const char *unit, size_t m, size_t *input_len)
{
    size_t ulen = strlen(unit), cap = n * 24 + m * ulen + 1, len = 0;
    char *src = malloc(cap);
    assert_non_null(src);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(src + len, cap - len, "<b id=%zu>", i);
    for (size_t i = 0; i < m; i++) {
        memcpy(src + len, unit, ulen);
        len += ulen;
    }
    salvage_options o;
    html_opts(&o);
    salvage_doc *doc = parse_with(src, len, &o);
    size_t w = doc->tree_work;
    salvage_doc_free(doc);
    free(src);
    *input_len = len;
    return w;
}

/* Formatting elements closed by the depth limit are not reconstructed again and again:
 * <span>x after 2,000 open <b> costs the same per repetition whatever the count. */
static void formatting_past_depth_limit(void **state)
{
    (void)state;
    size_t len1, len2;
    size_t w1 = work_after_formatting(2000, "<span>x", scaled(50000), &len1);
    size_t w2 = work_after_formatting(2000, "<span>x", scaled(100000), &len2);
    printf("  2000 <b id> + <span>x      work=%zu -> %zu for %zu -> %zu bytes\n", w1, w2, len1,
           len2);
    assert_true(w2 - w1 <= 16 * (len2 - len1));
}

static void hostile_linear(void **state)
{
    (void)state;
    check_linear("<div>", 1000000);
    check_linear("<b><i></b></i>", 100000);
    check_linear("<b><div>x</b>", 100000);
    check_linear("<a><p>x</a>", 100000);
    check_linear("<table><tr><td>", 100000);
    check_linear("<p><b><i><u>x</p>", 100000);
    check_linear("<svg><desc><math><mi>", 100000);
    check_linear("<li><dd><option>", 100000);
    check_linear("</x></p></b>", 100000);
}

/* The 1,000,000-deep nesting (scaled) keeps every element and stays within max_depth. */
static void deep_nesting_tree(void **state)
{
    (void)state;
    size_t len;
    size_t n = scaled(1000000);
    char *src = repeat("<div>", n, &len);
    salvage_options o;
    html_opts(&o);
    salvage_doc *doc = parse_with(src, len, &o);
    size_t deepest = 0;
    assert_int_equal(count_nodes(salvage_doc_root(doc), SALVAGE_NODE_ELEMENT, &deepest), n + 3);
    assert_true(deepest <= 512);
    char *h = dump(doc, true); /* serialising is not recursive either */
    assert_true(strlen(h) > len);
    free(h);
    salvage_doc_free(doc);
    free(src);
}

/* Every readability page parses (under the sanitizer build, without a report). */
static void corpus_pages(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus/readability", SALVAGE_SHARED_DIR);
    DIR *d = opendir(dir);
    if (!d) {
        skip();
        return;
    }
    struct dirent *e;
    size_t pages = 0;
    while ((e = readdir(d)) != NULL) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s/source.html", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        cov_out src = {0};
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            cov_write(&src, chunk, n);
        fclose(f);
        salvage_options o;
        salvage_options_init(&o);
        o.input_kind = SALVAGE_INPUT_HTML;
        salvage_doc *doc = parse_with(src.data, src.len, &o);
        assert_non_null(salvage_doc_root(doc));
        assert_true(count_nodes(salvage_doc_root(doc), SALVAGE_NODE_ELEMENT, NULL) >= 3);
        char *t = dump(doc, false), *h = dump(doc, true);
        assert_true(strlen(t) > 0 && strlen(h) > 0);
        free(t);
        free(h);
        salvage_doc_free(doc);
        free(src.data);
        pages++;
    }
    closedir(d);
    assert_true(pages > 0);
}

/* Forty templates open at the end of the input: each ends with its own eof-in-template
 * error and none meets the reprocessing bound (the end of file loops through the nested
 * templates instead of recursing once per template). */
static void nested_templates_at_eof(void **state)
{
    (void)state;
    char in[40 * 10 + 1] = "";
    for (int i = 0; i < 40; i++)
        strcat(in, "<template>");
    salvage_doc *doc = parse(in);
    size_t eof = 0;
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        eof += strcmp(salvage_doc_diagnostic(doc, i)->code, "eof-in-template") == 0;
    assert_int_equal(eof, 40);
    assert_false(has_diag(doc, "reprocess-limit"));
    salvage_doc_free(doc);
}

/* "in table body": an end tag tfoot closes the section and goes back to "in table", so the
 * <tr> after it opens an implied <tbody> (HTML 13.2.6.4.13). A <td> straight in a section is
 * a parse error that implies its <tr>. */
static void table_sections(void **state)
{
    (void)state;
    assert_dump("<table><tfoot><tr><td>1</td></tr></tfoot><tr><td>2</td></tr></table>",
                "| <html>\n|   <head>\n|   <body>\n|     <table>\n|       <tfoot>\n"
                "|         <tr>\n|           <td>\n|             \"1\"\n|       <tbody>\n"
                "|         <tr>\n|           <td>\n|             \"2\"\n");
    const char *src = "<table><tbody><td>x</table>";
    assert_dump(src, "| <html>\n|   <head>\n|   <body>\n|     <table>\n|       <tbody>\n"
                     "|         <tr>\n|           <td>\n|             \"x\"\n");
    salvage_doc *doc = parse(src);
    assert_true(has_diag(doc, "unexpected-cell-in-table-body"));
    salvage_doc_free(doc);
}

/* A second <html> adds the attributes the first lacks, up to max_attributes: reaching the
 * limit exactly drops nothing and says nothing; one more is dropped with a diagnostic. */
static void html_attribute_merge_at_limit(void **state)
{
    (void)state;
    salvage_options o;
    html_opts(&o);
    o.max_attributes = 3;
    const char *exact = "<html a=1 b=2><html c=3 a=9>";
    salvage_doc *doc = parse_with(exact, strlen(exact), &o);
    const salvage_node *html = salvage_node_first_child(salvage_doc_root(doc));
    assert_string_equal(salvage_node_name(html), "html");
    assert_int_equal(salvage_node_attribute_count(html), 3);
    assert_string_equal(salvage_node_attribute(html, 0)->value, "1"); /* the first one stays */
    assert_string_equal(salvage_node_attribute(html, 2)->name, "c");
    assert_false(has_diag(doc, "limit-attributes"));
    assert_int_equal(salvage_doc_status(doc), SALVAGE_OK);
    salvage_doc_free(doc);
    const char *over = "<html a=1 b=2><html c=3 d=4>";
    doc = parse_with(over, strlen(over), &o);
    html = salvage_node_first_child(salvage_doc_root(doc));
    assert_int_equal(salvage_node_attribute_count(html), 3);
    assert_string_equal(salvage_node_attribute(html, 2)->name, "c");
    assert_true(has_diag(doc, "limit-attributes"));
    assert_int_equal(salvage_doc_status(doc), SALVAGE_LIMIT);
    salvage_doc_free(doc);
}

/* Noah's Ark (HTML 13.2.4.3) compares tag names and attributes in any order. The element
 * hash reads only the first 16 bytes of a value, so <b x=A y> and <b y x=B> with A and B
 * alike for 16 bytes hash the same yet differ: the first <b> is not one of three like the
 * later ones, stays in the list, and is reconstructed with them after </p>. */
static void noahs_ark_long_values(void **state)
{
    (void)state;
    assert_dump("<p><b x=\"aaaaaaaaaaaaaaaaX\" y=1><b y=1 x=\"aaaaaaaaaaaaaaaaY\">"
                "<b y=1 x=\"aaaaaaaaaaaaaaaaY\"><b y=1 x=\"aaaaaaaaaaaaaaaaY\"></p>z",
                "| <html>\n|   <head>\n|   <body>\n|     <p>\n|       <b>\n"
                "|         x=\"aaaaaaaaaaaaaaaaX\"\n|         y=\"1\"\n|         <b>\n"
                "|           x=\"aaaaaaaaaaaaaaaaY\"\n|           y=\"1\"\n|           <b>\n"
                "|             x=\"aaaaaaaaaaaaaaaaY\"\n|             y=\"1\"\n"
                "|             <b>\n|               x=\"aaaaaaaaaaaaaaaaY\"\n"
                "|               y=\"1\"\n|     <b>\n|       x=\"aaaaaaaaaaaaaaaaX\"\n"
                "|       y=\"1\"\n|       <b>\n|         x=\"aaaaaaaaaaaaaaaaY\"\n"
                "|         y=\"1\"\n|         <b>\n|           x=\"aaaaaaaaaaaaaaaaY\"\n"
                "|           y=\"1\"\n|           <b>\n|             x=\"aaaaaaaaaaaaaaaaY\"\n"
                "|             y=\"1\"\n|             \"z\"\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_sorted),
        cmocka_unit_test(implied_structure),
        cmocka_unit_test(quirks_modes),
        cmocka_unit_test(selectedcontent_in_option),
        cmocka_unit_test(node_api),
        cmocka_unit_test(offsets_after_decoding),
        cmocka_unit_test(walker_order),
        cmocka_unit_test(html_serialisation),
        cmocka_unit_test(scripting_flag),
        cmocka_unit_test(fragments),
        cmocka_unit_test(depth_limit),
        cmocka_unit_test(depth_limit_storm_foreign),
        cmocka_unit_test(depth_limit_closed_ancestors),
        cmocka_unit_test(depth_limit_reconstruction),
        cmocka_unit_test(depth_limit_adoption),
        cmocka_unit_test(depth_limit_foster),
        cmocka_unit_test(depth_limit_mixes),
        cmocka_unit_test(node_limit_raw_text),
        cmocka_unit_test(shared_white_space),
        cmocka_unit_test(node_limit),
        cmocka_unit_test(body_attribute_flood),
        cmocka_unit_test(streaming_equivalence),
        cmocka_unit_test(hostile_linear),
        cmocka_unit_test(formatting_past_depth_limit),
        cmocka_unit_test(deep_nesting_tree),
        cmocka_unit_test(corpus_pages),
        cmocka_unit_test(nested_templates_at_eof),
        cmocka_unit_test(table_sections),
        cmocka_unit_test(html_attribute_merge_at_limit),
        cmocka_unit_test(noahs_ark_long_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
