/*
 * test_coverage_api.c — parts of the public contract of include/salvage.h that the other
 * suites leave unexercised: status and severity strings, NULL and out-of-order arguments of
 * every entry point, the diagnostics writer, writers stopped by a refusing callback, the
 * tree writer's allocation failure, the repair records, the doctype and template accessors,
 * the streaming parser fed across its 64 KiB sniffing window, the clean text of an ordered
 * list whose items print their own numbers around a nested list, each reason AUTO gives
 * for reading a document as HTML or as text, and the UTF-8, UTF-16 and single-byte decoders
 * on cut and overlong sequences, surrogates, odd bytes and unmapped bytes, whole and a byte
 * at a time.
 */
#include "coverage_util.h"

static int refuse(void *ctx, const char *data, size_t len)
{
    (void)data;
    (void)len;
    size_t *calls = ctx;
    ++*calls;
    return 1;
}

/* Accepts the first `accept` calls, then refuses every later one. */
typedef struct gate {
    size_t accept, calls;
} gate;

static int gate_write(void *ctx, const char *data, size_t len)
{
    (void)data;
    (void)len;
    gate *g = ctx;
    return ++g->calls > g->accept;
}

static salvage_doc *html_doc(const char *s)
{
    salvage_options o;
    cov_html_opts(&o);
    o.flags = 0; /* with the article model */
    return cov_parse(s, strlen(s), &o, NULL);
}

/* ---- strings ------------------------------------------------------------------------------ */

static void test_status_and_severity_strings(void **state)
{
    (void)state;
    assert_string_equal(salvage_status_string(SALVAGE_OK), "ok");
    assert_string_equal(salvage_status_string(SALVAGE_ENOMEM), "out of memory");
    assert_string_equal(salvage_status_string(SALVAGE_LIMIT), "a limit was reached");
    assert_string_equal(salvage_status_string(SALVAGE_INVALID_ARG), "invalid argument");
    assert_string_equal(salvage_status_string(SALVAGE_IO), "output error");
    assert_string_equal(salvage_status_string(SALVAGE_STATE), "call out of order");
    /* "Never NULL", also for a value outside the enum */
    assert_string_equal(salvage_status_string((salvage_status)99), "unknown status");
    assert_string_equal(salvage_severity_string(SALVAGE_SEVERITY_INFO), "info");
    assert_string_equal(salvage_severity_string(SALVAGE_SEVERITY_WARNING), "warning");
    assert_string_equal(salvage_severity_string(SALVAGE_SEVERITY_ERROR), "error");
    assert_string_equal(salvage_severity_string((salvage_severity)7), "unknown");
    salvage_options_init(NULL); /* accepted, does nothing */
}

/* ---- NULL and out-of-range arguments -------------------------------------------------------- */

static void test_parser_null_arguments(void **state)
{
    (void)state;
    assert_int_equal(salvage_parser_new(NULL, NULL), SALVAGE_INVALID_ARG);
    assert_int_equal(salvage_parser_feed(NULL, "x", 1), SALVAGE_INVALID_ARG);
    salvage_doc *doc = (salvage_doc *)1;
    assert_int_equal(salvage_parser_finish(NULL, &doc), SALVAGE_INVALID_ARG);
    salvage_parser_free(NULL);

    salvage_parser *p = NULL;
    assert_int_equal(salvage_parser_new(NULL, &p), SALVAGE_OK);
    /* a NULL chunk with a length is refused without spoiling the parser ... */
    assert_int_equal(salvage_parser_feed(p, NULL, 3), SALVAGE_INVALID_ARG);
    /* ... a NULL empty chunk is fine */
    assert_int_equal(salvage_parser_feed(p, NULL, 0), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, "abc", 3), SALVAGE_OK);
    assert_int_equal(salvage_parser_finish(p, NULL), SALVAGE_INVALID_ARG);
    doc = NULL;
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
    salvage_parser_free(p);
    assert_int_equal(salvage_doc_block_count(doc), 1);
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, "abc");
    salvage_doc_free(doc);
}

static void test_writer_and_node_null_arguments(void **state)
{
    (void)state;
    cov_writer writers[] = {salvage_write_json, salvage_write_text, salvage_write_diagnostics,
                            salvage_write_html, salvage_write_tree};
    salvage_doc *doc = html_doc("<p id=x>hi");
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        assert_int_equal(writers[i](NULL, cov_write, NULL), SALVAGE_INVALID_ARG);
        assert_int_equal(writers[i](doc, NULL, NULL), SALVAGE_INVALID_ARG);
    }
    const salvage_node *p = cov_find_element(salvage_doc_root(doc), "p");
    assert_non_null(p);
    assert_string_equal(salvage_node_get_attribute(p, "id"), "x");
    assert_null(salvage_node_get_attribute(p, NULL));
    assert_null(salvage_node_get_attribute(NULL, "id"));
    assert_null(salvage_node_doctype_system(NULL));
    assert_null(salvage_node_doctype_system(p)); /* not a doctype */
    assert_null(salvage_node_template_contents(NULL));
    assert_null(salvage_node_template_contents(p)); /* not a template */
    assert_int_equal(salvage_doc_repair_count(NULL), 0);
    assert_null(salvage_doc_repair(NULL, 0));
    assert_null(salvage_doc_repair(doc, salvage_doc_repair_count(doc)));
    salvage_doc_free(doc);

    /* The tree writers answer only for HTML documents. */
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    doc = cov_parse("plain text", 10, &o, NULL);
    cov_out out = {0};
    assert_int_equal(salvage_write_html(doc, cov_write, &out), SALVAGE_INVALID_ARG);
    assert_int_equal(salvage_write_tree(doc, cov_write, &out), SALVAGE_INVALID_ARG);
    assert_int_equal(out.calls, 0);
    salvage_doc_free(doc);
}

/* ---- the diagnostics writer ------------------------------------------------------------------- */

static void test_write_diagnostics(void **state)
{
    (void)state;
    /* "</b>" on line 2, column 1 has no open <b>: a parse error there. */
    const char *src = "<!DOCTYPE html><p>a\n</b>";
    salvage_options o;
    cov_html_opts(&o);
    salvage_doc *doc = cov_parse(src, strlen(src), &o, NULL);
    size_t total = salvage_doc_diagnostic_count(doc);
    assert_true(total >= 1);
    char *text = cov_render(doc, salvage_write_diagnostics);
    /* one line per record, "LINE:COLUMN: SEVERITY: CODE: MESSAGE", in record order */
    char *line = text;
    bool saw_end_tag = false;
    for (size_t i = 0; i < total; i++) {
        const salvage_diagnostic *d = salvage_doc_diagnostic(doc, i);
        char want[1024];
        snprintf(want, sizeof want, "%zu:%zu: %s: %s: %s\n", d->line, d->column,
                 salvage_severity_string(d->severity), d->code, d->message);
        assert_memory_equal(line, want, strlen(want));
        line += strlen(want);
        if (d->offset == 20) { /* the byte offset of "</b>" */
            assert_int_equal(d->line, 2);
            assert_int_equal(d->column, 1);
            assert_int_equal(d->severity, SALVAGE_SEVERITY_ERROR);
            saw_end_tag = true;
        }
    }
    assert_true(saw_end_tag);
    assert_string_equal(line, ""); /* nothing else */
    free(text);
    salvage_doc_free(doc);

    /* Records past max_diagnostics are counted in a last line. */
    o.max_diagnostics = 1;
    doc = cov_parse(src, strlen(src), &o, NULL);
    assert_int_equal(salvage_doc_diagnostic_count(doc), 1);
    assert_int_equal(salvage_doc_diagnostics_dropped(doc), total - 1);
    text = cov_render(doc, salvage_write_diagnostics);
    char tail[128];
    snprintf(tail, sizeof tail, "\n%zu more diagnostics not kept (max_diagnostics)\n",
             total - 1);
    assert_true(strlen(text) > strlen(tail));
    assert_string_equal(text + strlen(text) - strlen(tail), tail);
    free(text);
    salvage_doc_free(doc);
}

/* ---- a refusing callback stops every writer with SALVAGE_IO ----------------------------------- */

static void test_writers_stop_on_refusal(void **state)
{
    (void)state;
    /* Large enough that every writer needs two calls or more. */
    size_t n = 3000;
    char *src = malloc(n * 24 + 64);
    assert_non_null(src);
    size_t k = (size_t)sprintf(src, "<title>t</title>");
    for (size_t i = 0; i < n; i++)
        k += (size_t)sprintf(src + k, "<p class=c>word %zu</b>", i);
    salvage_options o;
    cov_html_opts(&o);
    o.flags = 0;
    salvage_doc *doc = cov_parse(src, k, &o, NULL);
    free(src);
    assert_true(salvage_doc_diagnostic_count(doc) > 100); /* one per stray </b> */

    cov_writer writers[] = {salvage_write_json, salvage_write_text, salvage_write_diagnostics,
                            salvage_write_html, salvage_write_tree};
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        /* how many calls the whole output takes */
        cov_out all = {0};
        assert_int_equal(writers[i](doc, cov_write, &all), SALVAGE_OK);
        if (all.calls < 2)
            fail_msg("writer %zu: %zu calls for %zu bytes", i, all.calls, all.len);
        free(all.data);
        /* refused at once: one call, no more */
        size_t calls = 0;
        assert_int_equal(writers[i](doc, refuse, &calls), SALVAGE_IO);
        assert_int_equal(calls, 1);
        /* refused at the second call: exactly two calls */
        gate g = {1, 0};
        assert_int_equal(writers[i](doc, gate_write, &g), SALVAGE_IO);
        assert_int_equal(g.calls, 2);
    }
    salvage_doc_free(doc);
}

/* ---- the tree writer sorts attributes with the document's allocator --------------------------- */

static void test_write_tree_enomem(void **state)
{
    (void)state;
    cov_alloc c = {0};
    salvage_options o;
    cov_html_opts(&o);
    o.allocator = cov_allocator(&c);
    const char *src = "<p b=2 a=1>x";
    salvage_doc *doc = cov_parse(src, strlen(src), &o, NULL);
    char *tree = cov_render(doc, salvage_write_tree);
    /* attributes in the dump are sorted by name */
    assert_string_equal(tree, "| <html>\n|   <head>\n|   <body>\n|     <p>\n|       a=\"1\"\n"
                              "|       b=\"2\"\n|       \"x\"\n");
    free(tree);
    c.broken = true;
    cov_out out = {0};
    assert_int_equal(salvage_write_tree(doc, cov_write, &out), SALVAGE_ENOMEM);
    free(out.data);
    /* the HTML writer needs no memory */
    char *html = cov_render(doc, salvage_write_html);
    assert_string_equal(html, "<html><head></head><body><p b=\"2\" a=\"1\">x</p></body></html>");
    free(html);
    salvage_doc_free(doc);
    assert_int_equal(c.live, 0);
    assert_int_equal(c.blocks, 0);
}

/* ---- repair records ------------------------------------------------------------------------- */

static void test_repairs(void **state)
{
    (void)state;
    /* U+200B ZERO WIDTH SPACE inside a Latin word has no business there: removed from the
     * clean text, recorded as a repair (not as noise) with its place in the input. */
    const char *src = "Hello wor\xE2\x80\x8Bld, this is text.";
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    salvage_doc *doc = cov_parse(src, strlen(src), &o, NULL);
    assert_int_equal(salvage_doc_block_count(doc), 1);
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, "Hello world, this is text.");
    assert_int_equal(salvage_doc_noise_count(doc), 0);
    assert_int_equal(salvage_doc_repair_count(doc), 1);
    const salvage_noise *r = salvage_doc_repair(doc, 0);
    assert_non_null(r);
    assert_string_equal(r->noise_class, "zero-width");
    assert_int_equal(r->start, 9);
    assert_int_equal(r->end, 12);
    assert_int_equal(r->line, 1);
    assert_int_equal(r->text_len, 3);
    assert_memory_equal(r->text, "\xE2\x80\x8B", 3);
    assert_null(salvage_doc_repair(doc, 1));
    salvage_doc_free(doc);
}

/* ---- doctype and template accessors ---------------------------------------------------------- */

static void test_doctype_and_template(void **state)
{
    (void)state;
    const char *src = "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" "
                      "\"http://www.w3.org/TR/html4/strict.dtd\"><template><b>t</b></template>";
    salvage_doc *doc = html_doc(src);
    const salvage_node *dt = salvage_node_first_child(salvage_doc_root(doc));
    assert_int_equal(salvage_node_get_type(dt), SALVAGE_NODE_DOCTYPE);
    assert_string_equal(salvage_node_name(dt), "html");
    size_t len = 0;
    assert_string_equal(salvage_node_text(dt, &len), "-//W3C//DTD HTML 4.01//EN");
    assert_int_equal(len, 25);
    assert_string_equal(salvage_node_doctype_system(dt), "http://www.w3.org/TR/html4/strict.dtd");
    /* HTML 4.01 Strict is none of the quirky public identifiers */
    assert_int_equal(salvage_doc_quirks_mode(doc), SALVAGE_NO_QUIRKS);

    const salvage_node *t = cov_find_element(salvage_doc_root(doc), "template");
    assert_non_null(t);
    assert_null(salvage_node_first_child(t)); /* the template has no children of its own */
    const salvage_node *c = salvage_node_template_contents(t);
    assert_non_null(c);
    assert_int_equal(salvage_node_get_type(c), SALVAGE_NODE_FRAGMENT);
    assert_ptr_equal(salvage_node_parent(c), t);
    const salvage_node *b = salvage_node_first_child(c);
    assert_string_equal(salvage_node_name(b), "b");
    assert_string_equal(salvage_node_text(salvage_node_first_child(b), NULL), "t");
    salvage_doc_free(doc);
}

/* ---- streaming across the sniffing window ---------------------------------------------------- */

static void test_stream_across_sniff_window(void **state)
{
    (void)state;
    /* windows-1251 declared by <meta>; 0xE0 is U+0430 (CYRILLIC SMALL LETTER A, D0 B0 in
     * UTF-8). The Cyrillic byte sits past the first 64 KiB, which the parser holds back to
     * decide the encoding. */
    const size_t pad = 70000;
    size_t len = 0;
    char *src = malloc(pad + 128);
    assert_non_null(src);
    len += (size_t)sprintf(src, "<meta charset=windows-1251><p>");
    memset(src + len, 'a', pad);
    len += pad;
    len += (size_t)sprintf(src + len, " \xE0</p>");

    salvage_options o;
    cov_html_opts(&o);
    o.encoding = NULL;
    salvage_doc *whole = cov_parse(src, len, &o, NULL);
    assert_string_equal(salvage_doc_encoding(whole), "windows-1251");
    assert_string_equal(salvage_doc_encoding_source(whole), "meta");
    const salvage_node *p = cov_find_element(salvage_doc_root(whole), "p");
    size_t tlen = 0;
    const char *t = salvage_node_text(salvage_node_first_child(p), &tlen);
    assert_int_equal(tlen, pad + 3);
    assert_memory_equal(t + pad, " \xD0\xB0", 3);
    char *want = cov_render(whole, salvage_write_tree);

    /* 100 bytes, then the rest in one feed that crosses the window; also 65535 + rest */
    size_t firsts[] = {100, 65535, 65536};
    for (size_t i = 0; i < sizeof firsts / sizeof firsts[0]; i++) {
        salvage_parser *sp = NULL;
        assert_int_equal(salvage_parser_new(&o, &sp), SALVAGE_OK);
        assert_int_equal(salvage_parser_feed(sp, src, firsts[i]), SALVAGE_OK);
        assert_int_equal(salvage_parser_feed(sp, src + firsts[i], len - firsts[i]), SALVAGE_OK);
        salvage_doc *doc = NULL;
        assert_int_equal(salvage_parser_finish(sp, &doc), SALVAGE_OK);
        salvage_parser_free(sp);
        assert_string_equal(salvage_doc_encoding(doc), "windows-1251");
        char *got = cov_render(doc, salvage_write_tree);
        assert_string_equal(got, want);
        free(got);
        salvage_doc_free(doc);
    }
    free(want);
    salvage_doc_free(whole);
    free(src);
}

/* ---- clean text of an ordered list that numbers its own items --------------------------------- */

static void test_text_numbered_list_with_nested_items(void **state)
{
    (void)state;
    /* Each top-level item starts with its own number, so the writer prints no marker before
     * them; the nested item is not part of that numbering and keeps its bullet. */
    salvage_doc *doc =
        html_doc("<ol><li>1 One<ul><li>sub</li></ul></li><li>2 Two</li><li>3 Three</li></ol>");
    char *text = cov_render(doc, salvage_write_text);
    assert_string_equal(text, "1 One\n  - sub\n2 Two\n3 Three\n");
    free(text);
    salvage_doc_free(doc);
    /* Without the numbers, the writer numbers the top-level items itself. */
    doc = html_doc("<ol><li>One<ul><li>sub</li></ul></li><li>Two</li></ol>");
    text = cov_render(doc, salvage_write_text);
    assert_string_equal(text, "1. One\n  - sub\n2. Two\n");
    free(text);
    salvage_doc_free(doc);
}

/* ---- how AUTO decides between HTML and scraped text ------------------------------------------ */

static void test_auto_detection_reasons(void **state)
{
    (void)state;
    char dense[1024] = "Intro line\n", sparse[1024] = "Intro line\n";
    for (int i = 0; i < 20; i++)
        strcat(dense, "<li>item</li>\n"); /* 40 tags, on 20 of 22 lines */
    for (int i = 0; i < 5; i++)
        strcat(sparse, "<b>bold</b>\n"); /* 10 tags */
    for (int i = 0; i < 15; i++)
        strcat(sparse, "plain words\n");
    static const char starts_tag[] = "<p>one</p>\n<p>two</p>\nthree";
    const struct {
        const char *src;
        salvage_input_kind kind;
        const char *reason;
    } cases[] = {
        {"  \n<!DOCTYPE html><p>x", SALVAGE_INPUT_HTML, "it starts with a doctype"},
        {"Text first <html><head></head><body>x</body></html>", SALVAGE_INPUT_HTML,
         "it has html/head/body structure tags"},
        /* starts with a tag; 4 tags on 2 of 3 lines */
        {starts_tag, SALVAGE_INPUT_HTML,
         "it starts with a tag and well-formed tags fill most lines"},
        {dense, SALVAGE_INPUT_HTML, "well-formed tags are dense on most lines"},
        {sparse, SALVAGE_INPUT_TEXT,
         "well-formed tags are too sparse for a page; markup is debris in text"},
        {"just words, < b > debris", SALVAGE_INPUT_TEXT, "no well-formed markup"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        salvage_doc *doc = cov_parse(cases[i].src, strlen(cases[i].src), NULL, NULL);
        const salvage_diagnostic *d = cov_find_code(doc, "input-kind");
        assert_non_null(d);
        if (salvage_doc_input_kind(doc) != cases[i].kind || !strstr(d->message, cases[i].reason))
            fail_msg("case %zu: kind %d, \"%s\"", i, (int)salvage_doc_input_kind(doc),
                     d->message);
        assert_int_equal(d->severity, SALVAGE_SEVERITY_INFO);
        assert_int_equal(d->offset, 0);
        salvage_doc_free(doc);
    }
}

/* ---- decoding edges (the Encoding Standard's decoders) -------------------------------------- */

/* The body text of an HTML document decoded from src, whole and fed a byte at a time (the
 * two must agree); *errors receives the invalid-byte-sequence diagnostics. */
static char *body_text(const char *src, size_t len, size_t *errors, size_t *first_error_at)
{
    salvage_options o;
    cov_html_opts(&o);
    o.encoding = NULL;
    salvage_doc *doc = cov_parse(src, len, &o, NULL);
    char *tree = cov_render(doc, salvage_write_tree);
    *errors = cov_count_code(doc, "invalid-byte-sequence");
    const salvage_diagnostic *d = cov_find_code(doc, "invalid-byte-sequence");
    *first_error_at = d ? d->offset : SIZE_MAX;
    salvage_doc_free(doc);

    salvage_parser *p = NULL;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    for (size_t i = 0; i < len; i++)
        assert_int_equal(salvage_parser_feed(p, src + i, 1), SALVAGE_OK);
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
    salvage_parser_free(p);
    char *streamed = cov_render(doc, salvage_write_tree);
    assert_string_equal(streamed, tree);
    assert_int_equal(cov_count_code(doc, "invalid-byte-sequence"), *errors);
    free(streamed);
    salvage_doc_free(doc);
    return tree;
}

static void test_decoder_edges(void **state)
{
    (void)state;
    static const char iso8859_8[] = "iso-8859-8", utf8[] = "utf-8";
    static const struct {
        const char *meta; /* the charset a <meta> declares before "<p>", or NULL */
        const char *src;
        size_t len;
        const char *text; /* the body's one text node */
        size_t errors, first_at;
    } cases[] = {
        /* ISO-8859-8 leaves 0xA1 unmapped: U+FFFD; 0xE0 is U+05D0 HEBREW LETTER ALEF */
        {iso8859_8, "a\xA1" "b\xE0", 4, "a\xEF\xBF\xBD" "b\xD7\x90", 1, 29},
        /* UTF-8: a sequence cut by an ASCII byte is one error (its maximal subpart) */
        {utf8, "a\xE2\x82X", 4, "a\xEF\xBF\xBD" "X", 1, 24},
        /* ... and one at the end of the input */
        {utf8, "a\xE2\x82", 3, "a\xEF\xBF\xBD", 1, 24},
        /* F0 80: 80 cannot follow F0 (overlong), so F0 and each 80 are errors of their own */
        {utf8, "a\xF0\x80\x80", 4, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3, 24},
        /* a four-byte character, and CR before a two-byte one (CR alone is a newline) */
        {utf8, "a\xF0\x9F\x98\x80", 5, "a\xF0\x9F\x98\x80", 0, SIZE_MAX},
        {utf8, "a\r\xC3\xA9", 4, "a\n\xC3\xA9", 0, SIZE_MAX},
        /* UTF-16LE: a lead surrogate at the end of the input is an error */
        {NULL, "\xFF\xFE" "a\x00\x3D\xD8", 6, "a\xEF\xBF\xBD", 1, 4},
        /* a lead surrogate before a unit that is no trail: error, the unit is read again */
        {NULL, "\xFF\xFE\x3D\xD8" "A\x00", 6, "\xEF\xBF\xBD" "A", 1, 2},
        /* two leads and a trail: error, then U+1F600 from the second lead and the trail */
        {NULL, "\xFF\xFE\x3D\xD8\x3D\xD8\x00\xDE", 8, "\xEF\xBF\xBD\xF0\x9F\x98\x80", 1, 2},
        /* a lone trail surrogate */
        {NULL, "\xFF\xFE\x00\xDC" "A\x00", 6, "\xEF\xBF\xBD" "A", 1, 2},
        /* an odd byte at the end */
        {NULL, "\xFF\xFE" "A\x00" "B", 5, "A\xEF\xBF\xBD", 1, 4},
        /* UTF-16BE, a surrogate pair */
        {NULL, "\xFE\xFF\xD8\x3D\xDE\x00\x00" "A", 8, "\xF0\x9F\x98\x80" "A", 0, SIZE_MAX},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char src[128], want[256];
        size_t len = 0;
        if (cases[i].meta)
            len = (size_t)snprintf(src, sizeof src, "<meta charset=%s><p>", cases[i].meta);
        memcpy(src + len, cases[i].src, cases[i].len);
        len += cases[i].len;
        size_t errors, at;
        char *tree = body_text(src, len, &errors, &at);
        if (cases[i].meta)
            snprintf(want, sizeof want,
                     "| <html>\n|   <head>\n|     <meta>\n|       charset=\"%s\"\n"
                     "|   <body>\n|     <p>\n|       \"%s\"\n",
                     cases[i].meta, cases[i].text);
        else
            snprintf(want, sizeof want, "| <html>\n|   <head>\n|   <body>\n|     \"%s\"\n",
                     cases[i].text);
        if (strcmp(tree, want) != 0 || errors != cases[i].errors || at != cases[i].first_at)
            fail_msg("case %zu: %s(%zu errors, first at %zu)", i, tree, errors, at);
        free(tree);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_and_severity_strings),
        cmocka_unit_test(test_parser_null_arguments),
        cmocka_unit_test(test_writer_and_node_null_arguments),
        cmocka_unit_test(test_write_diagnostics),
        cmocka_unit_test(test_writers_stop_on_refusal),
        cmocka_unit_test(test_write_tree_enomem),
        cmocka_unit_test(test_repairs),
        cmocka_unit_test(test_doctype_and_template),
        cmocka_unit_test(test_stream_across_sniff_window),
        cmocka_unit_test(test_text_numbered_list_with_nested_items),
        cmocka_unit_test(test_auto_detection_reasons),
        cmocka_unit_test(test_decoder_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
