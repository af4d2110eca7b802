/*
 * test_doc_claims.c — statements of README.md, SECURITY.md and the comments of salvage.h that
 * no other test pinned down, each checked through the public API exactly as written there, so
 * that the documents and the behaviour cannot drift apart unnoticed.
 */
#include "coverage_util.h"

static char *copy(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    assert_non_null(c);
    return strcpy(c, s);
}

static salvage_doc *parse_as(const char *s, salvage_input_kind kind, salvage_options *o)
{
    o->input_kind = kind;
    return cov_parse(s, strlen(s), o, NULL);
}

/* salvage.h, salvage_allocator: "All three functions are used or none": a malloc_fn set alone
 * is never called, and the document is still made (from the C library). */
static void test_partial_allocator_means_c_library(void **state)
{
    (void)state;
    cov_alloc c = {0};
    salvage_options o;
    salvage_options_init(&o);
    o.allocator.malloc_fn = cov_malloc;
    o.allocator.ctx = &c;
    salvage_doc *doc = parse_as("<p>x</p>", SALVAGE_INPUT_HTML, &o);
    assert_int_equal(c.calls, 0);
    assert_int_equal(salvage_doc_block_count(doc), 1);
    salvage_doc_free(doc);
}

/* salvage.h, streaming: a feed past max_input_bytes answers SALVAGE_LIMIT, so does every later
 * feed; finish gives SALVAGE_LIMIT and no document, a second finish SALVAGE_STATE. */
static void test_stream_limit_sticks(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    o.max_input_bytes = 10;
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, "abcdef", 6), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, "ghijkl", 6), SALVAGE_LIMIT);
    assert_int_equal(salvage_parser_feed(p, "m", 1), SALVAGE_LIMIT);
    salvage_doc *doc = (salvage_doc *)&o; /* anything but NULL: finish must clear it */
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_LIMIT);
    assert_null(doc);
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_STATE);
    assert_int_equal(salvage_parser_feed(p, "x", 1), SALVAGE_STATE);
    salvage_parser_free(p);
}

/* salvage.h, streaming: an allocation failure in a feed answers SALVAGE_ENOMEM from then on,
 * even once the allocator works again, and finish gives no document. */
static void test_stream_enomem_sticks(void **state)
{
    (void)state;
    cov_alloc c = {0};
    salvage_options o;
    salvage_options_init(&o);
    o.allocator = cov_allocator(&c);
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    static char chunk[100000];
    memset(chunk, 'a', sizeof chunk);
    c.broken = true;
    assert_int_equal(salvage_parser_feed(p, chunk, sizeof chunk), SALVAGE_ENOMEM);
    c.broken = false;
    assert_int_equal(salvage_parser_feed(p, "b", 1), SALVAGE_ENOMEM);
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_ENOMEM);
    assert_null(doc);
    salvage_parser_free(p);
    assert_int_equal(c.live, 0);
}

/* salvage.h: "opts is copied, with its encoding and fragment_context strings": the caller's
 * strings may go before the first feed (AddressSanitizer would see a use after free). */
static void test_parser_copies_option_strings(void **state)
{
    (void)state;
    char *enc = copy("windows-1251"), *frag = copy("td");
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.encoding = enc;
    o.fragment_context = frag;
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    memset(enc, 'x', strlen(enc));
    memset(frag, 'x', strlen(frag));
    free(enc);
    free(frag);
    assert_int_equal(salvage_parser_feed(p, "<p>\xE0", 4), SALVAGE_OK);
    salvage_doc *doc;
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
    salvage_parser_free(p);
    assert_string_equal(salvage_doc_encoding(doc), "windows-1251");
    assert_string_equal(salvage_doc_encoding_source(doc), "transport");
    /* a td fragment: <p> directly under the fragment root, holding U+0430 (0xE0 in 1251) */
    const salvage_node *root = salvage_doc_root(doc);
    assert_int_equal(salvage_node_get_type(root), SALVAGE_NODE_FRAGMENT);
    const salvage_node *para = salvage_node_first_child(root);
    assert_string_equal(salvage_node_name(para), "p");
    assert_string_equal(salvage_node_text(salvage_node_first_child(para), NULL), "\xD0\xB0");
    salvage_doc_free(doc);
}

/* README limits / salvage.h max_combining: the article text is trimmed, with a
 * "limit-combining" error and SALVAGE_LIMIT; the tree keeps every mark. */
static void test_combining_cap_is_article_only(void **state)
{
    (void)state;
    char in[128] = "<!DOCTYPE html><p>x";
    for (int i = 0; i < 8; i++)
        strcat(in, "\xCC\xB4"); /* U+0334, class 1, composes with nothing */
    strcat(in, "</p>");
    salvage_options o;
    salvage_options_init(&o);
    o.max_combining = 3;
    salvage_status st;
    o.input_kind = SALVAGE_INPUT_HTML;
    salvage_doc *doc = cov_parse(in, strlen(in), &o, &st);
    assert_int_equal(st, SALVAGE_LIMIT);
    assert_int_equal(salvage_doc_status(doc), SALVAGE_LIMIT);
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, "x\xCC\xB4\xCC\xB4\xCC\xB4");
    const salvage_diagnostic *d = cov_find_code(doc, "limit-combining");
    assert_non_null(d);
    assert_int_equal(d->severity, SALVAGE_SEVERITY_ERROR);
    assert_int_equal(cov_count_code(doc, "limit-combining"), 1);
    const salvage_node *p = cov_find_element(salvage_doc_root(doc), "p");
    size_t len;
    salvage_node_text(salvage_node_first_child(p), &len);
    assert_int_equal(len, 1 + 8 * 2);
    salvage_doc_free(doc);
}

/* README noise and repairs: scraped text only. The same zero-width space and bidi override
 * are repairs in text and stay in the article text of HTML, with no repair. */
static void test_noise_is_scraped_text_only(void **state)
{
    (void)state;
    const char *text = "a\xE2\x80\x8B" "b \xE2\x80\xAE" "c";
    char html[64];
    snprintf(html, sizeof html, "<p>%s</p>", text);
    salvage_options o;
    salvage_options_init(&o);
    salvage_doc *t = parse_as(text, SALVAGE_INPUT_TEXT, &o);
    assert_int_equal(salvage_doc_repair_count(t), 2);
    assert_string_equal(salvage_doc_block(t, 0)->content.text, "ab c");
    salvage_doc_free(t);
    salvage_doc *h = parse_as(html, SALVAGE_INPUT_HTML, &o);
    assert_int_equal(salvage_doc_repair_count(h), 0);
    assert_int_equal(salvage_doc_noise_count(h), 0);
    assert_string_equal(salvage_doc_block(h, 0)->content.text, text);
    salvage_doc_free(h);
}

/* README --encoding / salvage.h encoding source: an unknown label is ignored with a warning;
 * every encoding of the standard is decoded, the transport label winning over what the bytes
 * look like; "replacement" decodes the whole document to one U+FFFD with an error. */
static void test_encoding_labels(void **state)
{
    (void)state;
    static const struct {
        const char *label, *input, *encoding, *source, *code, *text; /* text: block 0 */
        salvage_severity severity;
    } cases[] = {
        {"bogus", "<p>caf\xC3\xA9", "UTF-8", "content", "unknown-encoding-label",
         "caf\xC3\xA9", SALVAGE_SEVERITY_WARNING},
        /* 82 A0 is U+3042 HIRAGANA LETTER A */
        {"shift_jis", "<p>caf\x82\xA0", "Shift_JIS", "transport", NULL,
         "caf\xE3\x81\x82", SALVAGE_SEVERITY_INFO},
        /* UTF-8 bytes under a transport label stay Shift_JIS: C3 and A9 are half-width
         * katakana U+FF83 and U+FF69 */
        {"shift_jis", "<p>caf\xC3\xA9", "Shift_JIS", "transport", NULL,
         "caf\xEF\xBE\x83\xEF\xBD\xA9", SALVAGE_SEVERITY_INFO},
        /* B0 A1 is U+554A in GBK */
        {"gbk", "<p>caf\xB0\xA1", "GBK", "transport", NULL, "caf\xE5\x95\x8A",
         SALVAGE_SEVERITY_INFO},
        {"replacement", "<p>caf\xE9", "replacement", "transport", "replacement-encoding",
         "\xEF\xBF\xBD", SALVAGE_SEVERITY_ERROR},
        {"iso-2022-kr", "<p>caf\xE9", "replacement", "transport", "replacement-encoding",
         "\xEF\xBF\xBD", SALVAGE_SEVERITY_ERROR},
        {"latin1", "<p>caf\xE9", "windows-1252", "transport", NULL, "caf\xC3\xA9",
         SALVAGE_SEVERITY_INFO},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        salvage_options o;
        salvage_options_init(&o);
        o.encoding = cases[i].label;
        salvage_doc *doc = parse_as(cases[i].input, SALVAGE_INPUT_HTML, &o);
        assert_string_equal(salvage_doc_encoding(doc), cases[i].encoding);
        assert_string_equal(salvage_doc_encoding_source(doc), cases[i].source);
        if (cases[i].code) {
            const salvage_diagnostic *d = cov_find_code(doc, cases[i].code);
            assert_non_null(d);
            assert_int_equal(d->severity, cases[i].severity);
        }
        assert_null(cov_find_code(doc, "declared-encoding-mismatch"));
        assert_string_equal(salvage_doc_block(doc, 0)->content.text, cases[i].text);
        salvage_doc_free(doc);
    }
}

/* README encoding_source "content": at least one multi-byte sequence, at most one malformed
 * sequence for every four well-formed ones; with none, HTML falls back to windows-1252. */
static void test_content_is_mostly_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *input, *encoding;
    } cases[] = {
        {"<p>\xC3\xA9 \xC3\xA9 \xC3\xA9 \xC3\xA9 \xFF", "UTF-8"},
        {"<p>\xC3\xA9 \xC3\xA9 \xC3\xA9 \xFF \xFF", "windows-1252"},
        {"<p>plain ASCII", "windows-1252"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        salvage_options o;
        salvage_options_init(&o);
        salvage_doc *doc = parse_as(cases[i].input, SALVAGE_INPUT_HTML, &o);
        assert_string_equal(salvage_doc_encoding(doc), cases[i].encoding);
        assert_string_equal(salvage_doc_encoding_source(doc),
                            i == 0 ? "content" : "default");
        salvage_doc_free(doc);
    }
}

/* README limits: max_text_length is an HTML limit; scraped text is bounded by
 * max_input_bytes alone. max_depth loses nothing and leaves the status OK; below 4 acts as
 * 4. */
static void test_text_length_and_depth(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    o.max_text_length = 5;
    salvage_status st;
    o.input_kind = SALVAGE_INPUT_TEXT;
    const char *prose = "A paragraph much longer than five bytes.";
    salvage_doc *doc = cov_parse(prose, strlen(prose), &o, &st);
    assert_int_equal(st, SALVAGE_OK);
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, prose);
    salvage_doc_free(doc);

    salvage_options_init(&o);
    o.max_depth = 1;
    o.input_kind = SALVAGE_INPUT_HTML;
    const char *deep = "<div><div><div><div>x</div></div></div></div>";
    doc = cov_parse(deep, strlen(deep), &o, &st);
    assert_int_equal(st, SALVAGE_OK);
    const salvage_diagnostic *d = cov_find_code(doc, "depth-limit");
    assert_non_null(d);
    assert_int_equal(d->severity, SALVAGE_SEVERITY_WARNING);
    /* html, body, div, div: the two deeper divs are placed beside the second */
    const salvage_node *outer = cov_find_element(salvage_doc_root(doc), "div");
    const salvage_node *second = salvage_node_first_child(outer);
    assert_null(salvage_node_first_child(second));
    assert_int_equal(cov_count_elements(salvage_doc_root(doc), "div"), 4);
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, "x");
    salvage_doc_free(doc);
}

/* salvage.h: list_start is 0 for blocks that are not lists, 1 for unordered lists; a doctype
 * without identifiers answers NULL, one with empty identifiers "". */
static void test_block_and_doctype_fields(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    salvage_doc *doc = parse_as("<!DOCTYPE html><p>x</p><ul><li>a</ul>", SALVAGE_INPUT_HTML, &o);
    assert_int_equal(salvage_doc_block(doc, 0)->type, SALVAGE_BLOCK_PARAGRAPH);
    assert_int_equal(salvage_doc_block(doc, 0)->list_start, 0);
    assert_int_equal(salvage_doc_block(doc, 1)->type, SALVAGE_BLOCK_LIST);
    assert_int_equal(salvage_doc_block(doc, 1)->list_start, 1);
    const salvage_node *dt = salvage_node_first_child(salvage_doc_root(doc));
    assert_int_equal(salvage_node_get_type(dt), SALVAGE_NODE_DOCTYPE);
    assert_null(salvage_node_text(dt, NULL));
    assert_null(salvage_node_doctype_system(dt));
    salvage_doc_free(doc);
    doc = parse_as("<!DOCTYPE html PUBLIC \"\" \"\">", SALVAGE_INPUT_HTML, &o);
    dt = salvage_node_first_child(salvage_doc_root(doc));
    assert_string_equal(salvage_node_text(dt, NULL), "");
    assert_string_equal(salvage_node_doctype_system(dt), "");
    salvage_doc_free(doc);
}

/* salvage.h, salvage_walk_next: a template element is a leaf of the walk; its contents are
 * walked from salvage_node_template_contents. */
static void test_template_is_a_leaf_of_the_walk(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    salvage_doc *doc = parse_as("<template><i>t</i></template>", SALVAGE_INPUT_HTML, &o);
    const salvage_node *root = salvage_doc_root(doc), *n = NULL, *tpl = NULL;
    int entering, template_visits = 0;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL) {
        if (salvage_node_get_type(n) == SALVAGE_NODE_ELEMENT) {
            assert_string_not_equal(salvage_node_name(n), "i");
            if (strcmp(salvage_node_name(n), "template") == 0) {
                tpl = n;
                template_visits++;
                assert_true(entering);
            }
        }
    }
    assert_int_equal(template_visits, 1);
    assert_non_null(cov_find_element(salvage_node_template_contents(tpl), "i"));
    salvage_doc_free(doc);
}

/* salvage.h, salvage_walk_next: *entering is read back; 0 after an entered node skips its
 * children and its leaving; a NULL entering returns root alone. */
static void test_walk_skip(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    salvage_doc *doc = parse_as("<div><p>a</p></div><span>c</span>", SALVAGE_INPUT_HTML, &o);
    const salvage_node *root = salvage_doc_root(doc), *n = NULL;
    char seen[128] = "";
    int entering;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL) {
        const char *name = salvage_node_name(n) ? salvage_node_name(n) : "#";
        strcat(seen, entering ? ">" : "<");
        strcat(seen, name);
        if (entering && strcmp(name, "div") == 0)
            entering = 0;
    }
    assert_string_equal(seen, ">#>html>head>body>div>span>#<span<body<html<#");
    assert_ptr_equal(salvage_walk_next(root, NULL, NULL), root);
    assert_null(salvage_walk_next(root, root, NULL));
    salvage_doc_free(doc);
}

/* Well-formed UTF-8 (Unicode, Table 3-7). */
static bool is_utf8(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; s[i];) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len == 0)
            return false;
        if (len > 1) {
            unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
            unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
            if (s[i + 1] < lo || s[i + 1] > hi)
                return false;
            for (size_t k = 2; k < len; k++)
                if ((s[i + k] & 0xC0) != 0x80)
                    return false;
        }
        i += len;
    }
    return true;
}

/* salvage.h: "Strings returned by the library are UTF-8", diagnostic messages included: a
 * message cut to its maximum length ends on a whole character, and bytes of an encoding label
 * that are not UTF-8 become U+FFFD. */
static void test_messages_are_utf8(void **state)
{
    (void)state;
    char label[700] = "";
    for (int i = 0; i < 300; i++)
        strcat(label, "\xC3\xA9"); /* é: a message of 24 + 600 bytes is cut mid-character */
    salvage_options o;
    salvage_options_init(&o);
    o.encoding = label;
    salvage_doc *doc = parse_as("x", SALVAGE_INPUT_TEXT, &o);
    const salvage_diagnostic *d = cov_find_code(doc, "unknown-encoding-label");
    assert_non_null(d);
    assert_true(strlen(d->message) > 400);
    assert_true(is_utf8(d->message));
    salvage_doc_free(doc);

    o.encoding = "bad\xFF\xC3 label\non two lines";
    doc = parse_as("x", SALVAGE_INPUT_TEXT, &o);
    d = cov_find_code(doc, "unknown-encoding-label");
    assert_non_null(d);
    assert_true(is_utf8(d->message));
    assert_non_null(strstr(d->message, "bad\xEF\xBF\xBD\xEF\xBF\xBD label\xEF\xBF\xBDon two"));
    assert_null(strchr(d->message, '\n'));
    salvage_doc_free(doc);
}

/* The same from input alone: the tree builder names the element whose attributes it cut
 * (more than 65,535 when max_attributes allows them), and a long tag name of é fills the
 * message past its maximum length. */
static void test_input_in_messages_is_utf8(void **state)
{
    (void)state;
    size_t n_attrs = 65536 + 10, cap = 700 + n_attrs * 8;
    char *in = malloc(cap);
    assert_non_null(in);
    size_t len = (size_t)snprintf(in, cap, "<a");
    for (int i = 0; i < 300; i++)
        len += (size_t)snprintf(in + len, cap - len, "\xC3\xA9");
    for (size_t i = 0; i < n_attrs; i++)
        len += (size_t)snprintf(in + len, cap - len, " a%zx", i);
    len += (size_t)snprintf(in + len, cap - len, ">x");
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.max_attributes = 100000;
    salvage_doc *doc = cov_parse(in, len, &o, NULL);
    free(in);
    const salvage_diagnostic *d = cov_find_code(doc, "limit-attributes");
    assert_non_null(d);
    assert_true(strlen(d->message) > 400);
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        assert_true(is_utf8(salvage_doc_diagnostic(doc, i)->message));
    salvage_doc_free(doc);
}

/* Reads every string of doc; a use after free here is what AddressSanitizer or valgrind
 * reports when the document still points into the caller's buffer. */
static size_t touch_strings(const salvage_doc *doc)
{
    size_t sum = 0;
    const salvage_node *n = NULL;
    int entering;
    while ((n = salvage_walk_next(salvage_doc_root(doc), n, &entering)) != NULL) {
        size_t len = 0;
        const char *t = salvage_node_text(n, &len);
        for (size_t i = 0; t && i < len; i++)
            sum += (unsigned char)t[i];
        for (size_t i = 0; i < salvage_node_attribute_count(n); i++)
            sum += strlen(salvage_node_attribute(n, i)->name) +
                   strlen(salvage_node_attribute(n, i)->value);
    }
    for (size_t i = 0; i < salvage_doc_block_count(doc); i++)
        sum += salvage_doc_block(doc, i)->content.len;
    char *json = cov_render(doc, salvage_write_json);
    sum += strlen(json);
    free(json);
    return sum;
}

/* salvage.h: "The caller's input buffer is never referenced after salvage_parse() returns",
 * nor a chunk after salvage_parser_feed returns: the buffers are overwritten and freed before
 * the document is read. ASCII HTML and UTF-8 are the inputs the parser may read in place. */
static void test_input_buffer_not_kept(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        salvage_input_kind kind;
    } cases[] = {
        {"<!DOCTYPE html><p class=x>hello world</p>\n<!-- c -->", SALVAGE_INPUT_HTML},
        {"<p title=caf\xC3\xA9>caf\xC3\xA9</p>", SALVAGE_INPUT_HTML},
        {"plain ascii text line\n\nanother", SALVAGE_INPUT_TEXT},
        {"caf\xC3\xA9 line < td >x< td />\n", SALVAGE_INPUT_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].s);
        char *buf = copy(cases[i].s);
        salvage_options o;
        salvage_options_init(&o);
        o.input_kind = cases[i].kind;
        salvage_doc *one = cov_parse(buf, n, &o, NULL);
        memset(buf, 'Z', n);
        free(buf);
        salvage_parser *p;
        assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
        for (size_t k = 0; k < n; k += 7) {
            char *chunk = copy(cases[i].s + k);
            assert_int_equal(salvage_parser_feed(p, chunk, n - k < 7 ? n - k : 7), SALVAGE_OK);
            memset(chunk, 'Z', strlen(chunk));
            free(chunk);
        }
        salvage_doc *streamed;
        assert_int_equal(salvage_parser_finish(p, &streamed), SALVAGE_OK);
        salvage_parser_free(p);
        assert_int_equal(touch_strings(one), touch_strings(streamed));
        salvage_doc_free(one);
        salvage_doc_free(streamed);
    }
}

/* salvage.h, NULL handling: a NULL write function, a NULL out and NULL data with a length are
 * SALVAGE_INVALID_ARG; the kind of an AUTO document is the one it was read as. */
static void test_invalid_arguments_and_kind(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    salvage_doc *doc = parse_as("<!DOCTYPE html><p>x</p>", SALVAGE_INPUT_AUTO, &o);
    assert_int_equal(salvage_doc_input_kind(doc), SALVAGE_INPUT_HTML);
    assert_int_equal(salvage_write_json(doc, NULL, NULL), SALVAGE_INVALID_ARG);
    assert_int_equal(salvage_write_text(doc, NULL, NULL), SALVAGE_INVALID_ARG);
    assert_int_equal(salvage_write_diagnostics(doc, NULL, NULL), SALVAGE_INVALID_ARG);
    assert_int_equal(salvage_write_html(doc, NULL, NULL), SALVAGE_INVALID_ARG);
    assert_int_equal(salvage_write_tree(doc, NULL, NULL), SALVAGE_INVALID_ARG);
    salvage_doc_free(doc);
    doc = parse_as("just a line", SALVAGE_INPUT_AUTO, &o);
    assert_int_equal(salvage_doc_input_kind(doc), SALVAGE_INPUT_TEXT);
    salvage_doc_free(doc);
    salvage_doc *out = NULL;
    assert_int_equal(salvage_parse(NULL, 3, NULL, &out), SALVAGE_INVALID_ARG);
    assert_null(out);
    assert_int_equal(salvage_parse("x", 1, NULL, NULL), SALVAGE_INVALID_ARG);
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(NULL, &p), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, NULL, 3), SALVAGE_INVALID_ARG);
    assert_int_equal(salvage_parser_finish(p, NULL), SALVAGE_INVALID_ARG);
    salvage_parser_free(p);
}

/* salvage.h: "With input_kind AUTO, a context makes the input HTML": words that detection
 * would read as scraped text become a fragment, and the input-kind diagnostic says why;
 * an explicit SALVAGE_INPUT_TEXT keeps them text. */
static void test_fragment_context_reads_html(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    o.fragment_context = "td";
    const char *in = "Just words here\n\nAnother paragraph";
    salvage_doc *d = NULL;
    assert_int_equal(salvage_parse(in, strlen(in), &o, &d), SALVAGE_OK);
    assert_int_equal(salvage_doc_input_kind(d), SALVAGE_INPUT_HTML);
    assert_int_equal(salvage_node_get_type(salvage_doc_root(d)), SALVAGE_NODE_FRAGMENT);
    const salvage_diagnostic *k = salvage_doc_diagnostic(d, 0);
    assert_string_equal(k->code, "input-kind");
    assert_non_null(strstr(k->message, "fragment context"));
    salvage_doc_free(d);
    o.input_kind = SALVAGE_INPUT_TEXT;
    assert_int_equal(salvage_parse(in, strlen(in), &o, &d), SALVAGE_OK);
    assert_int_equal(salvage_doc_input_kind(d), SALVAGE_INPUT_TEXT);
    assert_int_equal(salvage_doc_block_count(d), 2);
    salvage_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partial_allocator_means_c_library),
        cmocka_unit_test(test_stream_limit_sticks),
        cmocka_unit_test(test_stream_enomem_sticks),
        cmocka_unit_test(test_parser_copies_option_strings),
        cmocka_unit_test(test_combining_cap_is_article_only),
        cmocka_unit_test(test_noise_is_scraped_text_only),
        cmocka_unit_test(test_encoding_labels),
        cmocka_unit_test(test_content_is_mostly_utf8),
        cmocka_unit_test(test_text_length_and_depth),
        cmocka_unit_test(test_block_and_doctype_fields),
        cmocka_unit_test(test_template_is_a_leaf_of_the_walk),
        cmocka_unit_test(test_walk_skip),
        cmocka_unit_test(test_messages_are_utf8),
        cmocka_unit_test(test_input_buffer_not_kept),
        cmocka_unit_test(test_input_in_messages_is_utf8),
        cmocka_unit_test(test_invalid_arguments_and_kind),
        cmocka_unit_test(test_fragment_context_reads_html),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
