/*
 * test_coverage_oom.c — allocation failure across documents that reach every stage (HTML
 * tree and article model with tables, lists, spans, templates and foreign content; fragment
 * parsing; legacy and UTF-16 decoding; scraped text with debris, tables, lists and noise),
 * one-shot and streamed, failing one allocation or every one from some call on.
 *
 * The contract (include/salvage.h): an allocation failure makes the call return
 * SALVAGE_ENOMEM and frees everything it allocated. So for every failure point: SALVAGE_ENOMEM
 * only when an allocation was refused, and no document then; a document that does come back
 * is exactly the one the unhindered parse gives; nothing stays allocated afterwards, and
 * free and realloc are told each block's real size.
 *
 * Arena chunks double in size, so a document needs few allocations (four to eight here)
 * and each failure point lands where a chunk runs out; every input is also cut at every
 * fifth length, which moves those places all over the code.
 */
#include "coverage_util.h"

static const char html_article[] =
    "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>A &amp; B</title>"
    "<style>p{color:red}</style><script>var a = '<p>';</script></head><body>"
    "<nav><a href=/>Home</a> | <a href=/news>News</a></nav>"
    "<article><h1>Heading <em>one</em></h1>"
    "<p>Some <b>bold <i>and</b> italic</i> text with a <a href=\"https://e.x/a?b=1&c=2\">link"
    "</a>, <code>code()</code> and &eacute;&#x41;&#65;&notin;&noti; references.</p>"
    "<ul><li>one<li>two<ul><li>two.a</ul><li>three</ul>"
    "<ol start=4><li>four<li>five</ol>"
    "<table><caption>T</caption><tr><th>h1<th colspan=2>h2</tr>"
    "<tr><td rowspan=2>a<td>b<td>c<tr><td>d<td>e</table>"
    "<table><tr><td>x</td><p>fostered</table>"
    "<pre>\n  pre\tformatted\n</pre><blockquote><p>quoted</blockquote>"
    "<template><p>in template</template>"
    "<svg viewBox='0 0 1 1'><foreignObject><p>html in svg</p></foreignObject><circle/></svg>"
    "<math><mi>x</mi><annotation-xml encoding=text/html><div>d</div></annotation-xml></math>"
    "<select><button><selectedcontent></selectedcontent></button><option selected>o1<option>o2"
    "</select><form><input name=q><textarea>t</textarea></form>"
    "<!-- a comment --><p>Last <s>para</s><br>graph.</article></body></html>";

static const char scraped_text[] =
    "Title of the article\n"
    "\n"
    "The first paragraph has < strong >recovered markup< /strong > and &amp;nbsp; debris, "
    "and a zero\xE2\x80\x8Bwidth space. Caf\xC3\x83\xC2\xA9 is mojibake.\n"
    "\n"
    "- first item\n"
    "- second item\n"
    "\n"
    "1. numbered one\n"
    "2. numbered two\n"
    "\n"
    "Quarter Revenue\n"
    "Q1 4.2 M\n"
    "Q2 5.1 M\n"
    "< th >Quarter< th /> < th >Revenue< th /> tr >\n"
    "< td >Q1< td /> < td >4.2 M< td /> tr >\n"
    "< td >Q2< td /> < td >5.1 M< td /> tr >\n"
    "table>\n"
    "\n"
    "Z\xCC\x81\xCC\x82\xCC\x83\xCC\x84\xCC\x85\xCC\x86\xCC\x87\xCC\x88" "algo text here.\n"
    "\xD0\x9F\xD1\x80\xD0\xB8 mixed \xE4\xB8\xAD\xE6\x96\x87 \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A "
    "\xE0\xA4\xB9\xE0\xA4\xBF salad \xCE\xB1\xCE\xB2\n"
    "<div class=\"x\"><p>Markup debris</p></div>\n"
    "Last line with \xE2\x80\xAE" "bidi\xE2\x80\xAC control.\n";

/* <meta> says windows-1251: 0xCF 0xF0 0xE8 is "При". */
static const char legacy_html[] =
    "<html><head><meta http-equiv=Content-Type content='text/html; charset=windows-1251'>"
    "</head><body><p>\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0!</p><ul><li>\xE0</ul></body></html>";

/* UTF-16LE with a BOM: "Hi\n<b>x</b>" and an unpaired surrogate at the end. */
static const char utf16_text[] = "\xFF\xFE" "H\x00i\x00\n\x00<\x00" "b\x00>\x00x\x00<\x00/\x00"
                                 "b\x00>\x00\n\x00\x00\xDC";

typedef struct input {
    const char *name;
    const char *data;
    size_t len;
    salvage_input_kind kind;
    const char *context;
} input;

static const input inputs[] = {
    {"html article", html_article, sizeof html_article - 1, SALVAGE_INPUT_HTML, NULL},
    {"html fragment", html_article, sizeof html_article - 1, SALVAGE_INPUT_HTML, "td"},
    {"scraped text", scraped_text, sizeof scraped_text - 1, SALVAGE_INPUT_TEXT, NULL},
    {"legacy html", legacy_html, sizeof legacy_html - 1, SALVAGE_INPUT_AUTO, NULL},
    {"utf-16 text", utf16_text, sizeof utf16_text - 1, SALVAGE_INPUT_AUTO, NULL},
};

static void options_for(const input *in, salvage_options *o, cov_alloc *c)
{
    salvage_options_init(o);
    o->input_kind = in->kind;
    o->fragment_context = in->context;
    if (c)
        o->allocator = cov_allocator(c);
}

/* JSON of the document, plus the tree dump for HTML: what must not depend on failures. */
static char *render(const salvage_doc *doc)
{
    cov_out o = {0};
    cov_write(&o, "", 0);
    assert_int_equal(salvage_write_json(doc, cov_write, &o), SALVAGE_OK);
    if (salvage_doc_root(doc))
        assert_int_equal(salvage_write_tree(doc, cov_write, &o), SALVAGE_OK);
    return o.data;
}

static char *reference(const input *in, size_t len)
{
    salvage_options o;
    options_for(in, &o, NULL);
    salvage_doc *doc = cov_parse(in->data, len, &o, NULL);
    char *r = render(doc);
    salvage_doc_free(doc);
    return r;
}

/* Checks one run's outcome; returns true when it ran without a refused allocation.
 * A refused allocation gives SALVAGE_ENOMEM and no document; a run that got every
 * allocation it asked for gives exactly the unhindered document. */
static bool check_run(const input *in, size_t len, size_t n, bool sticky, const char *how,
                      salvage_status st, salvage_doc *doc, const char *want, cov_alloc *c)
{
    if (st == SALVAGE_ENOMEM) {
        if (doc || !c->failed)
            fail_msg("%s cut at %zu, %s, allocation %zu%s refused: ENOMEM with %s", in->name,
                     len, how, n, sticky ? " on" : "",
                     doc ? "a document" : "no refused allocation");
    } else if (st == SALVAGE_OK && doc) {
        if (c->failed)
            fail_msg("%s cut at %zu, %s, allocation %zu%s refused: the parse said OK",
                     in->name, len, how, n, sticky ? " on" : "");
        c->fail_at = 0; /* the tree writer allocates too: not part of this run */
        char *got = render(doc);
        if (strcmp(got, want) != 0)
            fail_msg("%s cut at %zu, %s, allocation %zu%s refused (%zu refusals): output "
                     "differs from the unhindered parse",
                     in->name, len, how, n, sticky ? " on" : "", c->failed);
        free(got);
    } else {
        fail_msg("%s cut at %zu, %s, allocation %zu%s refused: status %d, document %s",
                 in->name, len, how, n, sticky ? " on" : "", (int)st, doc ? "kept" : "none");
    }
    salvage_doc_free(doc);
    if (c->live != 0 || c->blocks != 0)
        fail_msg("%s cut at %zu, %s, allocation %zu%s refused: %zu bytes in %zu blocks left",
                 in->name, len, how, n, sticky ? " on" : "", c->live, c->blocks);
    return c->failed == 0;
}

static bool one_shot(const input *in, size_t len, size_t n, bool sticky, const char *want)
{
    cov_alloc c = {.fail_at = n, .sticky = sticky};
    salvage_options o;
    options_for(in, &o, &c);
    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(in->data, len, &o, &doc);
    return check_run(in, len, n, sticky, "one-shot", st, doc, want, &c);
}

/* Streams in 7-byte chunks: once a call has answered ENOMEM, every later one does too. */
static bool streamed(const input *in, size_t len, size_t n, bool sticky, const char *want)
{
    cov_alloc c = {.fail_at = n, .sticky = sticky};
    salvage_options o;
    options_for(in, &o, &c);
    salvage_parser *p = NULL;
    salvage_status st = salvage_parser_new(&o, &p);
    salvage_doc *doc = NULL;
    if (st == SALVAGE_OK) {
        for (size_t i = 0; i < len && st == SALVAGE_OK; i += 7)
            st = salvage_parser_feed(p, in->data + i, len - i < 7 ? len - i : 7);
        if (st == SALVAGE_ENOMEM)
            assert_int_equal(salvage_parser_feed(p, "x", 1), SALVAGE_ENOMEM);
        salvage_status fin = salvage_parser_finish(p, &doc);
        if (st == SALVAGE_ENOMEM)
            assert_int_equal(fin, SALVAGE_ENOMEM);
        st = fin;
        salvage_parser_free(p);
    } else {
        assert_null(p);
    }
    return check_run(in, len, n, sticky, "streamed", st, doc, want, &c);
}

/* Every CUT_STEP-th length, and the whole input. */
#define CUT_STEP 5

static void sweep(const input *in, bool stream)
{
    for (size_t cut = CUT_STEP; cut < in->len + CUT_STEP; cut += CUT_STEP) {
        size_t len = cut < in->len ? cut : in->len;
        char *want = reference(in, len);
        for (int sticky = 0; sticky <= 1; sticky++) {
            size_t n = 1;
            /* until a run sees no refusal: n is then past the last allocation */
            while (!(stream ? streamed(in, len, n, sticky, want)
                            : one_shot(in, len, n, sticky, want)))
                assert_true(++n < 100000);
            assert_true(n > 1);
        }
        free(want);
    }
}

static void test_enomem_one_shot(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        sweep(&inputs[i], false);
}

static void test_enomem_streamed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
        sweep(&inputs[i], true);
}

/* The inputs reach what they are meant to: otherwise the sweeps above prove little. */
static void test_inputs_reach_their_stages(void **state)
{
    (void)state;
    salvage_options o;
    options_for(&inputs[0], &o, NULL);
    salvage_doc *doc = cov_parse(html_article, sizeof html_article - 1, &o, NULL);
    bool types[6] = {0};
    for (size_t i = 0; i < salvage_doc_block_count(doc); i++)
        types[salvage_doc_block(doc, i)->type] = true;
    assert_true(types[SALVAGE_BLOCK_HEADING] && types[SALVAGE_BLOCK_PARAGRAPH] &&
                types[SALVAGE_BLOCK_LIST] && types[SALVAGE_BLOCK_TABLE] &&
                types[SALVAGE_BLOCK_QUOTE] && types[SALVAGE_BLOCK_PREFORMATTED]);
    assert_non_null(cov_find_element(salvage_doc_root(doc), "template"));
    salvage_doc_free(doc);

    options_for(&inputs[2], &o, NULL);
    doc = cov_parse(scraped_text, sizeof scraped_text - 1, &o, NULL);
    memset(types, 0, sizeof types);
    for (size_t i = 0; i < salvage_doc_block_count(doc); i++)
        types[salvage_doc_block(doc, i)->type] = true;
    assert_true(types[SALVAGE_BLOCK_PARAGRAPH] && types[SALVAGE_BLOCK_LIST] &&
                types[SALVAGE_BLOCK_TABLE]);
    assert_true(salvage_doc_noise_count(doc) > 0);
    assert_true(salvage_doc_repair_count(doc) > 0);
    salvage_doc_free(doc);

    options_for(&inputs[3], &o, NULL);
    doc = cov_parse(legacy_html, sizeof legacy_html - 1, &o, NULL);
    assert_string_equal(salvage_doc_encoding(doc), "windows-1251");
    salvage_doc_free(doc);
    options_for(&inputs[4], &o, NULL);
    doc = cov_parse(utf16_text, sizeof utf16_text - 1, &o, NULL);
    assert_string_equal(salvage_doc_encoding(doc), "UTF-16LE");
    salvage_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inputs_reach_their_stages),
        cmocka_unit_test(test_enomem_one_shot),
        cmocka_unit_test(test_enomem_streamed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
