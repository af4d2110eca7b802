/*
 * test_html_article.c — the article blocks of small HTML documents, checked by hand against
 * the rendering rules: block kinds, white space, spans, lists with levels, table grids with
 * colspan/rowspan (and their clamps), skipped content, and block offsets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "salvage.h"

static salvage_doc *parse(const char *html)
{
    salvage_options opts;
    salvage_doc *doc = NULL;
    salvage_options_init(&opts);
    opts.input_kind = SALVAGE_INPUT_HTML;
    assert_int_equal(salvage_parse(html, strlen(html), &opts, &doc), SALVAGE_OK);
    assert_non_null(doc);
    return doc;
}

static const salvage_block *block(const salvage_doc *doc, size_t i)
{
    const salvage_block *b = salvage_doc_block(doc, i);
    assert_non_null(b);
    return b;
}

static void test_heading_paragraph_spans(void **state)
{
    salvage_doc *doc = parse("<h2>Title</h2><p>Hello <b>bold</b> <a href=\"/x\">link</a>"
                             " <em>it</em> <code>c()</code>.</p>");
    const salvage_block *b;
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 2);
    b = block(doc, 0);
    assert_int_equal(b->type, SALVAGE_BLOCK_HEADING);
    assert_int_equal(b->level, 2);
    assert_string_equal(b->content.text, "Title");
    b = block(doc, 1);
    assert_int_equal(b->type, SALVAGE_BLOCK_PARAGRAPH);
    assert_string_equal(b->content.text, "Hello bold link it c().");
    assert_int_equal(b->content.span_count, 4);
    assert_int_equal(b->content.spans[0].kind, SALVAGE_SPAN_STRONG);
    assert_int_equal(b->content.spans[0].start, 6);
    assert_int_equal(b->content.spans[0].end, 10);
    assert_int_equal(b->content.spans[1].kind, SALVAGE_SPAN_LINK);
    assert_int_equal(b->content.spans[1].start, 11);
    assert_int_equal(b->content.spans[1].end, 15);
    assert_string_equal(b->content.spans[1].href, "/x");
    assert_int_equal(b->content.spans[2].kind, SALVAGE_SPAN_EMPHASIS);
    assert_int_equal(b->content.spans[3].kind, SALVAGE_SPAN_CODE);
    assert_int_equal(b->content.spans[3].start, 19);
    assert_int_equal(b->content.spans[3].end, 22);
    salvage_doc_free(doc);
}

static void test_white_space(void **state)
{
    /* Inline boundaries add no space; <br> and block boundaries do; runs collapse. */
    salvage_doc *doc = parse("<p>a<span>b</span>  c<br>d\n\n e</p><p> <i> x </i> </p>");
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 2);
    assert_string_equal(block(doc, 0)->content.text, "ab c d e");
    assert_string_equal(block(doc, 1)->content.text, "x");
    salvage_doc_free(doc);
}

static void test_anonymous_paragraphs(void **state)
{
    salvage_doc *doc = parse("<body>Intro <i>x</i><div>Next</div>tail<section>"
                             "<span>deep</span></section></body>");
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 4);
    assert_string_equal(block(doc, 0)->content.text, "Intro x");
    assert_string_equal(block(doc, 1)->content.text, "Next");
    assert_string_equal(block(doc, 2)->content.text, "tail");
    assert_string_equal(block(doc, 3)->content.text, "deep");
    salvage_doc_free(doc);
}

static void test_lists(void **state)
{
    salvage_doc *doc = parse("<ul><li>One<li>Two<ul><li>Two.a<li><p>Two.b</p></ul>tail"
                             "<li>Three</ul><ol><li>first</ol>");
    const salvage_block *b;
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 2);
    b = block(doc, 0);
    assert_int_equal(b->type, SALVAGE_BLOCK_LIST);
    assert_int_equal(b->ordered, 0);
    assert_int_equal(b->item_count, 5);
    assert_string_equal(b->items[0].content.text, "One");
    assert_int_equal(b->items[0].level, 0);
    assert_string_equal(b->items[1].content.text, "Two tail");
    assert_int_equal(b->items[1].level, 0);
    assert_string_equal(b->items[2].content.text, "Two.a");
    assert_int_equal(b->items[2].level, 1);
    assert_string_equal(b->items[3].content.text, "Two.b");
    assert_int_equal(b->items[3].level, 1);
    assert_string_equal(b->items[4].content.text, "Three");
    assert_int_equal(b->items[4].level, 0);
    b = block(doc, 1);
    assert_int_equal(b->ordered, 1);
    assert_int_equal(b->item_count, 1);
    salvage_doc_free(doc);
}

static const char *cell(const salvage_block *b, size_t r, size_t c)
{
    assert_true(r < b->row_count);
    assert_true(c < b->rows[r].cell_count);
    return b->rows[r].cells[c].content.text;
}

static void test_table_grid(void **state)
{
    salvage_doc *doc = parse("<table><tr><th>A<th>B<th>C<tr><td rowspan=2>1<td colspan=2>2"
                             "<tr><td>3<td>4</table>");
    const salvage_block *b;
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 1);
    b = block(doc, 0);
    assert_int_equal(b->type, SALVAGE_BLOCK_TABLE);
    assert_int_equal(b->row_count, 3);
    assert_int_equal(b->rows[0].cell_count, 3);
    assert_true(b->rows[0].cells[0].header);
    assert_string_equal(cell(b, 0, 2), "C");
    assert_int_equal(b->rows[1].cell_count, 3);
    assert_false(b->rows[1].cells[0].header);
    assert_string_equal(cell(b, 1, 0), "1");
    assert_string_equal(cell(b, 1, 1), "2");
    assert_string_equal(cell(b, 1, 2), "2");
    assert_int_equal(b->rows[2].cell_count, 3);
    assert_string_equal(cell(b, 2, 0), "1");
    assert_string_equal(cell(b, 2, 1), "3");
    assert_string_equal(cell(b, 2, 2), "4");
    salvage_doc_free(doc);
}

static void test_table_thead(void **state)
{
    /* Cells of a thead are header cells, th or td; rowspans end with their row group. */
    salvage_doc *doc = parse("<table><thead><tr><td rowspan=3>h<td>i</thead>"
                             "<tbody><tr><td>1<td>2</tbody></table>");
    const salvage_block *b;
    (void)state;
    b = block(doc, 0);
    assert_int_equal(b->row_count, 2);
    assert_int_equal(b->rows[0].cell_count, 2);
    assert_true(b->rows[0].cells[0].header);
    assert_true(b->rows[0].cells[1].header);
    assert_int_equal(b->rows[1].cell_count, 2);
    assert_string_equal(cell(b, 1, 0), "1");
    assert_false(b->rows[1].cells[0].header);
    salvage_doc_free(doc);
}

static void test_table_span_clamps(void **state)
{
    /* colspan past 1000 is 1000; a negative rowspan is not a number, so 1. The second row
     * starts cells in columns 0, 999 and 1000, so those columns stay; the others hold only
     * copies of x and go. x reaching column 999 but not 1000 shows the clamp. */
    salvage_doc *doc = parse("<table><tr><td colspan=9007199254740991>x<td rowspan=-1>y"
                             "<tr><td colspan=999>z<td>w<td>v</table>");
    const salvage_block *b;
    (void)state;
    b = block(doc, 0);
    assert_int_equal(b->row_count, 2);
    assert_int_equal(b->rows[0].cell_count, 3);
    assert_string_equal(cell(b, 0, 0), "x");
    assert_false(b->rows[0].cells[0].span_copy);
    assert_string_equal(cell(b, 0, 1), "x");
    assert_true(b->rows[0].cells[1].span_copy);
    assert_string_equal(cell(b, 0, 2), "y");
    assert_false(b->rows[0].cells[2].span_copy);
    assert_int_equal(b->rows[1].cell_count, 3);
    assert_string_equal(cell(b, 1, 0), "z");
    assert_string_equal(cell(b, 1, 1), "w");
    assert_string_equal(cell(b, 1, 2), "v");
    salvage_doc_free(doc);
}

/* colspan and rowspan by the rules for parsing non-negative integers: a '+' sign is
 * skipped ("+2" is 2), a negative number is an error; an error or 0 makes colspan 1. */
static void test_table_span_signs(void **state)
{
    salvage_doc *doc = parse("<table><tr><td colspan=+2>a<td>b<tr><td>c<td>d<td>e</table>");
    const salvage_block *b;
    (void)state;
    b = block(doc, 0);
    assert_int_equal(b->row_count, 2);
    assert_int_equal(b->rows[0].cell_count, 3);
    assert_string_equal(cell(b, 0, 0), "a");
    assert_true(b->rows[0].cells[1].span_copy);
    assert_string_equal(cell(b, 0, 2), "b");
    salvage_doc_free(doc);
    doc = parse("<table><tr><td colspan=-2>a<td colspan=0>b<td>c<tr><td>d<td>e<td>f</table>");
    b = block(doc, 0);
    assert_int_equal(b->row_count, 2);
    assert_int_equal(b->rows[0].cell_count, 3);
    assert_string_equal(cell(b, 0, 0), "a");
    assert_string_equal(cell(b, 0, 1), "b");
    assert_string_equal(cell(b, 0, 2), "c");
    assert_false(b->rows[0].cells[1].span_copy);
    assert_int_equal(b->rows[1].cell_count, 3);
    salvage_doc_free(doc);
}

static void test_table_span_bound(void **state)
{
    /* rowspan=0 covers the row group: 1000 columns x 101 rows would be 101,000 cells from
     * about 1 KB; copies stop at 4096 + 16 per real cell (real cells are always kept), with
     * a diagnostic. Row 0 places x and 999 copies, rows 1-3 1000 copies and a y each: 4003
     * cells; row 4 brings the fifth real cell, which allows 4096 + 16 x 5 = 4176, so 173
     * copies fit and the expansion stops after 4176 cells. */
    char html[4096];
    size_t n = 0, cells = 0, i;
    int found = 0;
    salvage_doc *doc;
    const salvage_block *b;
    (void)state;
    n += (size_t)snprintf(html + n, sizeof html - n, "<table><tr><td colspan=1000 rowspan=0>x");
    for (i = 0; i < 100; i++)
        n += (size_t)snprintf(html + n, sizeof html - n, "<tr><td>y");
    doc = parse(html);
    b = block(doc, 0);
    assert_int_equal(b->row_count, 101);
    for (i = 0; i < b->row_count; i++)
        cells += b->rows[i].cell_count;
    assert_true(cells <= 4096 + 17 * 101);
    for (i = 0; i < b->row_count; i++) /* each row keeps its own cell */
        assert_string_equal(b->rows[i].cells[b->rows[i].cell_count - 1].content.text,
                            i ? "y" : "x");
    for (i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        if (strcmp(salvage_doc_diagnostic(doc, i)->code, "table-span-limit") == 0) {
            found++;
            assert_non_null(strstr(salvage_doc_diagnostic(doc, i)->message, "after 4176 cells"));
        }
    assert_int_equal(found, 1);
    salvage_doc_free(doc);
}

/* Output through a callback into a fixed buffer. */
typedef struct sink {
    char buf[4096];
    size_t len;
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *k = ctx;
    if (len >= sizeof k->buf - k->len)
        return 1;
    memcpy(k->buf + k->len, data, len);
    k->len += len;
    k->buf[k->len] = '\0';
    return 0;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_table_span_copies(void **state)
{
    /* "Name" spans two columns, "Total" two rows (the header rows), "Ann" two body rows:
     *   Name   Name*  Total
     *   First  Last   Total*
     *   Ann    Lee    3
     *   Ann*   Ng     4
     * (* a copy). The grid keeps every copy, marked; the clean text prints each cell once. */
    salvage_doc *doc = parse("<table><tr><th colspan=2>Name<th rowspan=2>Total"
                             "<tr><th>First<th>Last<tr><td rowspan=2>Ann<td>Lee<td>3"
                             "<tr><td>Ng<td>4</table>");
    static const char *const text[4][3] = {{"Name", "Name", "Total"},
                                           {"First", "Last", "Total"},
                                           {"Ann", "Lee", "3"},
                                           {"Ann", "Ng", "4"}};
    static const int copy[4][3] = {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}, {1, 0, 0}};
    const salvage_block *b;
    sink out = {{0}, 0};
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 1);
    b = block(doc, 0);
    assert_int_equal(b->row_count, 4);
    for (size_t r = 0; r < 4; r++) {
        assert_int_equal(b->rows[r].cell_count, 3);
        for (size_t c = 0; c < 3; c++) {
            assert_string_equal(cell(b, r, c), text[r][c]);
            assert_int_equal(b->rows[r].cells[c].span_copy != 0, copy[r][c]);
            assert_int_equal(b->rows[r].cells[c].header != 0, r < 2);
        }
    }
    assert_int_equal(salvage_write_text(doc, sink_write, &out), SALVAGE_OK);
    assert_string_equal(out.buf, "Name\t\tTotal\nFirst\tLast\t\nAnn\tLee\t3\n\tNg\t4\n");
    out.len = 0;
    assert_int_equal(salvage_write_json(doc, sink_write, &out), SALVAGE_OK);
    /* the flag is written on the three copies only, and never as false */
    assert_int_equal(count_of(out.buf, "\"span_copy\""), 3);
    assert_int_equal(count_of(out.buf, "\"span_copy\":false"), 0);
    assert_non_null(strstr(out.buf, "{\"text\":\"Name\",\"header\":true},"
                                    "{\"text\":\"Name\",\"header\":true,\"span_copy\":true},"
                                    "{\"text\":\"Total\",\"header\":true}"));
    assert_non_null(strstr(out.buf, "{\"text\":\"Ann\",\"header\":false,\"span_copy\":true},"
                                    "{\"text\":\"Ng\",\"header\":false}"));
    salvage_doc_free(doc);
}

static void test_table_prune(void **state)
{
    /* A spacer row, a column only a colspan reaches into, and an icon column with a blank
     * cell say nothing: the table is "Head" over "Body", and then A over B. */
    salvage_doc *doc = parse("<table><tr><td colspan=2>Head<tr><td colspan=2> "
                             "<tr><td colspan=2>Body</table>"
                             "<table><tr><td><img src=i><td>A<td></td>"
                             "<tr><td>&nbsp;<td>B<td><img src=j></table>");
    const salvage_block *b;
    sink out = {{0}, 0};
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 2);
    b = block(doc, 0);
    assert_int_equal(b->row_count, 2);
    assert_int_equal(b->rows[0].cell_count, 1);
    assert_string_equal(cell(b, 0, 0), "Head");
    assert_int_equal(b->rows[1].cell_count, 1);
    assert_string_equal(cell(b, 1, 0), "Body");
    b = block(doc, 1);
    assert_int_equal(b->row_count, 2);
    assert_int_equal(b->rows[0].cell_count, 1);
    assert_string_equal(cell(b, 0, 0), "A");
    assert_int_equal(b->rows[1].cell_count, 1);
    assert_string_equal(cell(b, 1, 0), "B");
    assert_int_equal(salvage_write_text(doc, sink_write, &out), SALVAGE_OK);
    assert_string_equal(out.buf, "Head\nBody\n\nA\nB\n");
    salvage_doc_free(doc);

    /* A row holding only copies from a rowspan adds nothing either. */
    doc = parse("<table><tr><td rowspan=2>L<td rowspan=2>R<tr><tr><td>x<td>y</table>");
    b = block(doc, 0);
    assert_int_equal(b->row_count, 2);
    assert_string_equal(cell(b, 0, 0), "L");
    assert_string_equal(cell(b, 0, 1), "R");
    assert_string_equal(cell(b, 1, 0), "x");
    assert_string_equal(cell(b, 1, 1), "y");
    salvage_doc_free(doc);
}

/* <ol start> by the rules for parsing integers: white space and a sign before the digits,
 * anything after them ignored; no digits, or a <ul>, leave the start at 1. */
static void test_ol_start(void **state)
{
    static const struct {
        const char *html;
        long start;
    } cases[] = {
        {"<ol start=4><li>a<li>b</ol>", 4},
        {"<ol start=' +12th'><li>a<li>b</ol>", 12},
        {"<ol start=-2><li>a<li>b</ol>", -2},
        {"<ol start=0><li>a<li>b</ol>", 0},
        {"<ol start=four><li>a<li>b</ol>", 1},
        {"<ol start=''><li>a<li>b</ol>", 1},
        {"<ol start=99999999999999999999999><li>a<li>b</ol>", 999999999},
        {"<ol start=3 reversed><li>a<li>b</ol>", 3},
        {"<ul start=4><li>a<li>b</ul>", 1},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        salvage_doc *doc = parse(cases[i].html);
        assert_int_equal(salvage_doc_block_count(doc), 1);
        assert_int_equal(block(doc, 0)->type, SALVAGE_BLOCK_LIST);
        assert_int_equal(block(doc, 0)->list_start, cases[i].start);
        salvage_doc_free(doc);
    }
}

/* The text writer numbers an ordered list from its start (nested items keep "- "), prints no
 * number before items whose text already begins with their own, and JSON writes
 * "list_start" only when it is not 1. */
static void test_ol_start_output(void **state)
{
    static const struct {
        const char *html, *text, *json; /* json: NULL when "list_start" must be absent */
    } cases[] = {
        {"<ol start=4><li>Trim<ul><li>roots</ul><li>Water</ol>",
         "4. Trim\n  - roots\n5. Water\n", "\"ordered\":true,\"list_start\":4,\"items\""},
        {"<ol start=-1><li>a<li>b<li>c</ol>", "-1. a\n0. b\n1. c\n", "\"list_start\":-1,"},
        {"<ol><li>1 Tea<li>2. Bridge<li>3</ol>", "1 Tea\n2. Bridge\n3\n", NULL},
        {"<ol start=7><li>7) Seventh<li>8: Eighth</ol>", "7) Seventh\n8: Eighth\n",
         "\"list_start\":7,"},
        {"<ol><li>1 cup<li>Two eggs</ol>", "1. 1 cup\n2. Two eggs\n", NULL},
        {"<ol><li>12 apples<li>2 pears</ol>", "1. 12 apples\n2. 2 pears\n", NULL},
        {"<ol start=2><li>1 a<li>2 b</ol>", "2. 1 a\n3. 2 b\n", "\"list_start\":2,"},
        {"<ul><li>1 a<li>2 b</ul>", "- 1 a\n- 2 b\n", NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        salvage_doc *doc = parse(cases[i].html);
        sink text = {{0}, 0}, json = {{0}, 0};
        assert_int_equal(salvage_write_text(doc, sink_write, &text), SALVAGE_OK);
        assert_string_equal(text.buf, cases[i].text);
        assert_int_equal(salvage_write_json(doc, sink_write, &json), SALVAGE_OK);
        if (cases[i].json)
            assert_non_null(strstr(json.buf, cases[i].json));
        else
            assert_null(strstr(json.buf, "list_start"));
        salvage_doc_free(doc);
    }
}

static void test_list_levels_from_shallowest(void **state)
{
    /* The outer items show only icons: X and Y are the list's shallowest items. */
    salvage_doc *doc = parse("<ul><li><a href=a><img src=i></a><ul><li>X<li>Y</ul>"
                             "<li>&#x200B;<ul><li><ul><li>Z</ul></ul></ul>");
    const salvage_block *b;
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 1);
    b = block(doc, 0);
    assert_int_equal(b->item_count, 3);
    assert_string_equal(b->items[0].content.text, "X");
    assert_int_equal(b->items[0].level, 0);
    assert_string_equal(b->items[1].content.text, "Y");
    assert_int_equal(b->items[1].level, 0);
    assert_string_equal(b->items[2].content.text, "Z");
    assert_int_equal(b->items[2].level, 1);
    salvage_doc_free(doc);
}

static void test_layout_table(void **state)
{
    salvage_doc *doc = parse("<table><tr><td><h1>T</h1><p>para</p></td><td>side</td></tr>"
                             "</table>");
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 3);
    assert_int_equal(block(doc, 0)->type, SALVAGE_BLOCK_HEADING);
    assert_string_equal(block(doc, 1)->content.text, "para");
    assert_string_equal(block(doc, 2)->content.text, "side");
    salvage_doc_free(doc);
}

static void test_quote_pre(void **state)
{
    salvage_doc *doc = parse("<blockquote><p>One</p><p>Two</p></blockquote>"
                             "<pre>\n\n  line1\n    line <b>2</b>\n\n</pre>");
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 2);
    assert_int_equal(block(doc, 0)->type, SALVAGE_BLOCK_QUOTE);
    assert_string_equal(block(doc, 0)->content.text, "One Two");
    assert_int_equal(block(doc, 1)->type, SALVAGE_BLOCK_PREFORMATTED);
    assert_string_equal(block(doc, 1)->content.text, "  line1\n    line 2");
    salvage_doc_free(doc);
    /* a <pre> of white space alone leaves no block */
    doc = parse("<p>a</p><pre> </pre><p>b</p>");
    assert_int_equal(salvage_doc_block_count(doc), 2);
    assert_string_equal(block(doc, 1)->content.text, "b");
    salvage_doc_free(doc);
}

static void test_quote_with_list(void **state)
{
    /* The list in a quote is a list block between the quote's text before and after it; a
     * quote of nothing but a list is that list. Offsets: each part starts at its own text. */
    const char *html = "<blockquote><p>We will:</p><ul><li>build<li>ship</ul>"
                       "<p>Thanks.</p></blockquote><blockquote><ol><li>only</ol></blockquote>";
    salvage_doc *doc = parse(html);
    const salvage_block *b;
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 4);
    b = block(doc, 0);
    assert_int_equal(b->type, SALVAGE_BLOCK_QUOTE);
    assert_string_equal(b->content.text, "We will:");
    assert_int_equal(b->start, 0);
    b = block(doc, 1);
    assert_int_equal(b->type, SALVAGE_BLOCK_LIST);
    assert_int_equal(b->item_count, 2);
    assert_string_equal(b->items[0].content.text, "build");
    assert_string_equal(b->items[1].content.text, "ship");
    b = block(doc, 2);
    assert_int_equal(b->type, SALVAGE_BLOCK_QUOTE);
    assert_string_equal(b->content.text, "Thanks.");
    assert_int_equal(b->start, (size_t)(strstr(html, "Thanks.") - html));
    b = block(doc, 3);
    assert_int_equal(b->type, SALVAGE_BLOCK_LIST);
    assert_int_equal(b->ordered, 1);
    assert_string_equal(b->items[0].content.text, "only");
    salvage_doc_free(doc);
}

static void test_double_br_paragraphs(void **state)
{
    /* Two or more <br> with no visible text between (white space and images are not text)
     * end a paragraph, in a <p> and in text outside any block; a single <br> does not, and
     * quotes and list items keep their text together. */
    const char *html = "<p>One<br><br>Two<br>still two<br> <br>\n<br>Three</p>"
                       "<div>A<br><br><b>B</b></div><p>x<br><span>s</span><br>y</p>"
                       "<p>p<br><img src=i><br>q</p>"
                       "<blockquote>q1<br><br>q2</blockquote><ul><li>i1<br><br>i2</ul>";
    static const char *const text[] = {"One", "Two still two", "Three", "A", "B", "x s y",
                                       "p", "q", "q1 q2"};
    salvage_doc *doc = parse(html);
    const salvage_block *b;
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 10);
    for (size_t i = 0; i < 9; i++) {
        b = block(doc, i);
        assert_int_equal(b->type, i == 8 ? SALVAGE_BLOCK_QUOTE : SALVAGE_BLOCK_PARAGRAPH);
        assert_string_equal(b->content.text, text[i]);
    }
    assert_int_equal(block(doc, 0)->start, 0); /* the <p> */
    assert_int_equal(block(doc, 1)->start, (size_t)(strstr(html, "Two") - html));
    assert_int_equal(block(doc, 2)->start, (size_t)(strstr(html, "Three") - html));
    b = block(doc, 4);
    assert_int_equal(b->content.span_count, 1);
    assert_int_equal(b->content.spans[0].kind, SALVAGE_SPAN_STRONG);
    b = block(doc, 9);
    assert_int_equal(b->type, SALVAGE_BLOCK_LIST);
    assert_string_equal(b->items[0].content.text, "i1 i2");
    salvage_doc_free(doc);
}

static void test_skipped(void **state)
{
    salvage_doc *doc = parse("<head><title>T</title><style>p{}</style></head>"
                             "<p>keep<script>drop()</script><noscript>no</noscript></p>"
                             "<template><p>t</p></template><svg><text>s</text></svg>"
                             "<math><mi>m</mi></math><p hidden>h</p>"
                             "<p style=\"Display : None\">d</p><div aria-hidden=true>a</div>"
                             "<select><option>o</select><dialog>dlg</dialog>"
                             "<dialog open>shown</dialog><p>end</p>");
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 3);
    assert_string_equal(block(doc, 0)->content.text, "keep");
    assert_string_equal(block(doc, 1)->content.text, "shown");
    assert_string_equal(block(doc, 2)->content.text, "end");
    salvage_doc_free(doc);
    /* any ASCII white space inside display:none is ignored */
    doc = parse("<p style=\"display:\tnone\">t</p><p style=\"display:\nnone\">n</p>"
                "<p style=\"display:\fnone\">f</p><p style=\"display :none\">s</p><p>end</p>");
    assert_int_equal(salvage_doc_block_count(doc), 1);
    assert_string_equal(block(doc, 0)->content.text, "end");
    salvage_doc_free(doc);
}

static void test_offsets(void **state)
{
    /* Offsets are original byte offsets after finalisation: the <p> tag to the end of its
     * last text. */
    salvage_doc *doc = parse("<p>abc</p>\n<h1>x <b>y</b></h1>");
    (void)state;
    assert_int_equal(block(doc, 0)->start, 0);
    assert_int_equal(block(doc, 0)->end, 6);
    assert_int_equal(block(doc, 1)->start, 11);
    assert_int_equal(block(doc, 1)->end, 21);
    salvage_doc_free(doc);
    /* Blocks record decoded offsets, which finalisation maps back: a BOM and a CRLF shift
     * the original offsets. */
    doc = parse("\xEF\xBB\xBF<p>a</p>\r\n<p>b</p>");
    assert_int_equal(block(doc, 0)->start, 3);
    assert_int_equal(block(doc, 0)->end, 7);
    assert_int_equal(block(doc, 1)->start, 13);
    assert_int_equal(block(doc, 1)->end, 17);
    assert_int_equal(block(doc, 1)->line, 2);
    salvage_doc_free(doc);
}

static bool has_diag(const salvage_doc *doc, const char *code)
{
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        if (strcmp(salvage_doc_diagnostic(doc, i)->code, code) == 0)
            return true;
    return false;
}

static void test_debris(void **state)
{
    /* Scrapers re-wrap the wreckage of a table in real markup: the paragraph keeps its
     * words only, and a token split across inline elements is still seen whole. */
    salvage_doc *doc = parse("<p>Cell one< /td>> tr ></p>"
                             "<p>Text <b>one</b>< /td<i>>></i> li > ul ></p>"
                             "<table><tr><td>&lt; td &gt;Two</td><td>Three th></td></tr></table>"
                             "<p>&lt;</p><ul><li>Item &lt; /li&gt;&gt;</li></ul>");
    const salvage_block *b;
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 4);
    assert_string_equal(block(doc, 0)->content.text, "Cell one");
    b = block(doc, 1);
    assert_string_equal(b->content.text, "Text one");
    assert_int_equal(b->content.span_count, 1); /* the <i> held only debris */
    assert_int_equal(b->content.spans[0].kind, SALVAGE_SPAN_STRONG);
    assert_int_equal(b->content.spans[0].start, 5);
    assert_int_equal(b->content.spans[0].end, 8);
    b = block(doc, 2);
    assert_int_equal(b->type, SALVAGE_BLOCK_TABLE);
    assert_int_equal(b->rows[0].cell_count, 2);
    assert_string_equal(b->rows[0].cells[0].content.text, "Two");
    assert_string_equal(b->rows[0].cells[1].content.text, "Three");
    b = block(doc, 3); /* the paragraph holding only "<" is gone */
    assert_int_equal(b->type, SALVAGE_BLOCK_LIST);
    assert_string_equal(b->items[0].content.text, "Item");
    assert_true(has_diag(doc, "debris"));
    salvage_doc_free(doc);
}

static void test_debris_spans_move(void **state)
{
    /* Spans after a removed token move left; one starting at the token starts at the next
     * word. */
    salvage_doc *doc = parse("<p><b>Bold</b> < /td>> <i>it</i> <a href=\"/x\">< /td>>"
                             " link</a></p>");
    const salvage_block *b;
    (void)state;
    b = block(doc, 0);
    assert_string_equal(b->content.text, "Bold it link");
    assert_int_equal(b->content.span_count, 3);
    assert_int_equal(b->content.spans[0].start, 0);
    assert_int_equal(b->content.spans[0].end, 4);
    assert_int_equal(b->content.spans[1].start, 5);
    assert_int_equal(b->content.spans[1].end, 7);
    assert_int_equal(b->content.spans[2].kind, SALVAGE_SPAN_LINK);
    assert_int_equal(b->content.spans[2].start, 8);
    assert_int_equal(b->content.spans[2].end, 12);
    salvage_doc_free(doc);
}

/* A table with no text in any cell, and a heading of only invisible characters, give no
 * block; one visible character keeps either. */
static void test_blank_table_heading(void **state)
{
    salvage_doc *doc = parse("<table><tr><td></td><td> </td></tr>"
                             "<tr><td>&#x200B;</td><td>&nbsp;</td></tr></table>"
                             "<h2>&#x200B;</h2><h3> \xE2\x80\x8B </h3><p>After</p>");
    const salvage_block *b;
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 1);
    b = block(doc, 0);
    assert_int_equal(b->type, SALVAGE_BLOCK_PARAGRAPH);
    assert_string_equal(b->content.text, "After");
    salvage_doc_free(doc);

    /* The blank first row and first column go; x stays. */
    doc = parse("<table><tr><td></td><td> </td></tr><tr><td></td><td>x</td></tr></table>"
                "<h2>&#x200B;Title</h2>");
    assert_int_equal(salvage_doc_block_count(doc), 2);
    b = block(doc, 0);
    assert_int_equal(b->type, SALVAGE_BLOCK_TABLE);
    assert_int_equal(b->row_count, 1);
    assert_int_equal(b->rows[0].cell_count, 1);
    assert_string_equal(cell(b, 0, 0), "x");
    b = block(doc, 1);
    assert_int_equal(b->type, SALVAGE_BLOCK_HEADING);
    assert_int_equal(b->level, 2);
    assert_string_equal(b->content.text, "\xE2\x80\x8BTitle");
    salvage_doc_free(doc);
}

/* The text of a finished container, item or cell is copied out and its builder taken by the
 * next one (preformatted and not, with spans or without): no text or span of one block shows
 * in another, and each text is NUL-terminated at its own length. */
static void test_texts_apart_when_builders_reused(void **state)
{
    salvage_doc *doc = parse("<pre>\n  x &lt; 1\n</pre><p>y <b>bold</b> tail</p><pre>w</pre>"
                             "<ul><li>one<p>inner</p>after</li><li><b>two</b></li></ul>"
                             "<table><tr><td><p>c1</p>c1b</td><td>c2</td></tr>"
                             "<tr><td>c3</td><td><em>c4</em></td></tr></table>"
                             "<blockquote><p>q1</p>q2</blockquote><p>last</p>");
    const salvage_block *b;
    (void)state;
    assert_int_equal(salvage_doc_block_count(doc), 7);
    b = block(doc, 0);
    assert_int_equal(b->type, SALVAGE_BLOCK_PREFORMATTED);
    assert_string_equal(b->content.text, "  x < 1");
    assert_int_equal(b->content.len, 7);
    b = block(doc, 1);
    assert_string_equal(b->content.text, "y bold tail");
    assert_int_equal(b->content.span_count, 1);
    assert_int_equal(b->content.spans[0].kind, SALVAGE_SPAN_STRONG);
    assert_int_equal(b->content.spans[0].start, 2);
    assert_int_equal(b->content.spans[0].end, 6);
    b = block(doc, 2);
    assert_int_equal(b->type, SALVAGE_BLOCK_PREFORMATTED);
    assert_string_equal(b->content.text, "w");
    assert_int_equal(b->content.span_count, 0);
    b = block(doc, 3);
    assert_int_equal(b->type, SALVAGE_BLOCK_LIST);
    assert_int_equal(b->item_count, 2);
    assert_string_equal(b->items[0].content.text, "one inner after");
    assert_int_equal(b->items[0].content.span_count, 0);
    assert_string_equal(b->items[1].content.text, "two");
    assert_int_equal(b->items[1].content.span_count, 1);
    assert_int_equal(b->items[1].content.spans[0].end, 3);
    b = block(doc, 4);
    assert_int_equal(b->type, SALVAGE_BLOCK_TABLE);
    assert_string_equal(cell(b, 0, 0), "c1 c1b");
    assert_string_equal(cell(b, 0, 1), "c2");
    assert_string_equal(cell(b, 1, 0), "c3");
    assert_string_equal(cell(b, 1, 1), "c4");
    assert_int_equal(b->rows[0].cells[1].content.span_count, 0);
    assert_int_equal(b->rows[1].cells[1].content.span_count, 1);
    assert_int_equal(b->rows[1].cells[1].content.spans[0].kind, SALVAGE_SPAN_EMPHASIS);
    b = block(doc, 5);
    assert_int_equal(b->type, SALVAGE_BLOCK_QUOTE);
    assert_string_equal(b->content.text, "q1 q2");
    b = block(doc, 6);
    assert_string_equal(b->content.text, "last");
    assert_int_equal(b->content.span_count, 0);
    salvage_doc_free(doc);
}

static void test_debris_prose_stays(void **state)
{
    /* Prose with brackets, arrows, slashes and element words, and markup written in code
     * or preformatted text, is not debris. */
    static const char *prose[] = {
        "if a > b and x < y then stop",
        "p->next points on; A -> B",
        "the table and/or the list, i/o",
        "use <p> for paragraphs",
        "go to /tr/home for more",
    };
    salvage_doc *doc;
    (void)state;
    for (size_t i = 0; i < sizeof prose / sizeof prose[0]; i++) {
        char html[256];
        size_t k = 0;
        k += (size_t)snprintf(html, sizeof html, "<p>");
        for (const char *c = prose[i]; *c; c++) /* escaped as a page would hold it */
            k += (size_t)snprintf(html + k, sizeof html - k, "%s",
                                  *c == '<' ? "&lt;" : *c == '>' ? "&gt;" : (char[2]){*c, 0});
        doc = parse(html);
        assert_string_equal(block(doc, 0)->content.text, prose[i]);
        assert_false(has_diag(doc, "debris"));
        salvage_doc_free(doc);
    }
    doc = parse("<p>Write <code>&lt; td &gt;x&lt;&lt; /td&gt;&gt;</code> here</p>"
                "<pre>&lt; /td&gt;&gt; tr &gt;</pre>");
    assert_string_equal(block(doc, 0)->content.text, "Write < td >x<< /td>> here");
    assert_string_equal(block(doc, 1)->content.text, "< /td>> tr >");
    assert_false(has_diag(doc, "debris"));
    salvage_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heading_paragraph_spans),
        cmocka_unit_test(test_white_space),
        cmocka_unit_test(test_anonymous_paragraphs),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_table_grid),
        cmocka_unit_test(test_table_thead),
        cmocka_unit_test(test_table_span_clamps),
        cmocka_unit_test(test_table_span_signs),
        cmocka_unit_test(test_table_span_bound),
        cmocka_unit_test(test_table_span_copies),
        cmocka_unit_test(test_table_prune),
        cmocka_unit_test(test_list_levels_from_shallowest),
        cmocka_unit_test(test_ol_start),
        cmocka_unit_test(test_ol_start_output),
        cmocka_unit_test(test_layout_table),
        cmocka_unit_test(test_quote_pre),
        cmocka_unit_test(test_quote_with_list),
        cmocka_unit_test(test_double_br_paragraphs),
        cmocka_unit_test(test_skipped),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_debris),
        cmocka_unit_test(test_debris_spans_move),
        cmocka_unit_test(test_debris_prose_stays),
        cmocka_unit_test(test_blank_table_heading),
        cmocka_unit_test(test_texts_apart_when_builders_reused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
