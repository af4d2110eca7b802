/*
 * test_coverage_tree.c — HTML limits of salvage_options at their edges where the other
 * suites test only one field (tag and attribute names, comments and DOCTYPE identifiers,
 * cuts at a character boundary, the documented clamps of max_depth and max_attributes), and
 * tree-construction branches the html5lib data do not reach or do not check: the document
 * mode chosen by a DOCTYPE ("initial" insertion mode), the Noah's Ark clause with attributes
 * in another order, the fragment cases of a form, a noscript and a select context, characters
 * after a frameset, templates nested past the reprocessing bound at the end of the input,
 * a colspan cut short by the article model's span expansion bound, every limit at SIZE_MAX,
 * max_combining in article text, and max_text_length over text made of several runs, whole
 * and streamed.
 */
#include "coverage_util.h"

static char *tree_of(const char *src, size_t n, const salvage_options *o, salvage_status *st)
{
    salvage_doc *doc = cov_parse(src, n, o, st);
    char *t = cov_render(doc, salvage_write_tree);
    salvage_doc_free(doc);
    return t;
}

/* ---- the document mode of a DOCTYPE (13.2.6.4.1 "initial") ------------------------------------ */

static void test_quirks_modes(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        salvage_quirks_mode mode;
    } cases[] = {
        {"<!DOCTYPE html>", SALVAGE_NO_QUIRKS},
        {"<p>no doctype", SALVAGE_QUIRKS},
        {"<!DOCTYPE svg>", SALVAGE_QUIRKS}, /* a name other than "html" */
        {"<!DOCTYPE html PUBLIC \"HTML\">", SALVAGE_QUIRKS},
        /* HTML 4.01 Transitional and Frameset: quirks without a system identifier, limited
         * quirks with one */
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">", SALVAGE_QUIRKS},
        {"<!doctype html public \"-//w3c//dtd html 4.01 transitional//en\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Frameset//EN\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" "
         "\"http://www.w3.org/TR/html4/loose.dtd\">",
         SALVAGE_LIMITED_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Frameset//EN\" "
         "\"http://www.w3.org/TR/html4/frameset.dtd\">",
         SALVAGE_LIMITED_QUIRKS},
        /* XHTML 1.0 Transitional and Frameset: limited quirks either way */
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\">",
         SALVAGE_LIMITED_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Frameset//EN\" "
         "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-frameset.dtd\">",
         SALVAGE_LIMITED_QUIRKS},
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
         "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">",
         SALVAGE_NO_QUIRKS},
        /* a prefix of the list, and the IBM system identifier */
        {"<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">", SALVAGE_QUIRKS},
        {"<!DOCTYPE html SYSTEM \"http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd\">",
         SALVAGE_QUIRKS},
    };
    salvage_options o;
    cov_html_opts(&o);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        salvage_doc *doc = cov_parse(cases[i].src, strlen(cases[i].src), &o, NULL);
        if (salvage_doc_quirks_mode(doc) != cases[i].mode)
            fail_msg("%s: mode %d, expected %d", cases[i].src, (int)salvage_doc_quirks_mode(doc),
                     (int)cases[i].mode);
        salvage_doc_free(doc);
    }
}

/* ---- Noah's Ark (13.2.4.3, "push onto the list of active formatting elements") ------------- */

/* The <b> elements inside the second <p> of src: the formatting elements the list still held
 * when the first <p> closed them, reconstructed there. */
static size_t reconstructed_b(const char *src)
{
    salvage_options o;
    cov_html_opts(&o);
    salvage_doc *doc = cov_parse(src, strlen(src), &o, NULL);
    const salvage_node *body = cov_find_element(salvage_doc_root(doc), "body");
    const salvage_node *p2 = salvage_node_next_sibling(salvage_node_first_child(body));
    assert_non_null(p2);
    assert_string_equal(salvage_node_name(p2), "p");
    size_t n = cov_count_elements(p2, "b");
    salvage_doc_free(doc);
    return n;
}

static void test_noahs_ark_attribute_order(void **state)
{
    (void)state;
    /* Elements are the same when their attributes are, in any order: a fourth one pushes
     * the earliest of three out of the list, so the second paragraph gets three clones. */
    assert_int_equal(reconstructed_b("<p><b a=1 c=2><b a=1 c=2><b a=1 c=2><b a=1 c=2></p><p>x"),
                     3);
    assert_int_equal(reconstructed_b("<p><b a=1 c=2><b c=2 a=1><b a=1 c=2><b c=2 a=1></p><p>x"),
                     3);
    assert_int_equal(
        reconstructed_b("<p><b a=1 c=2 d=3><b d=3 c=2 a=1><b c=2 d=3 a=1><b d=3 a=1 c=2></p><p>x"),
        3);
    /* A different value, or one attribute more, makes a different element: four clones. */
    assert_int_equal(reconstructed_b("<p><b a=1 c=2><b c=2 a=1><b a=1 c=2><b c=3 a=1></p><p>x"),
                     4);
    assert_int_equal(reconstructed_b("<p><b a=1><b a=1><b a=1><b a=1 c=2></p><p>x"), 4);
}

/* ---- fragment contexts ---------------------------------------------------------------------- */

static void test_fragment_form_context(void **state)
{
    (void)state;
    /* The form element pointer starts at the context when it is a form (13.4, the fragment
     * parsing algorithm), so a <form> start tag in it is a parse error and ignored. */
    salvage_options o;
    cov_html_opts(&o);
    o.fragment_context = "form";
    const char *src = "<form id=inner><input name=q>";
    char *t = tree_of(src, strlen(src), &o, NULL);
    assert_string_equal(t, "| <input>\n|   name=\"q\"\n");
    free(t);
    /* with another context the inner form is created */
    o.fragment_context = "div";
    t = tree_of(src, strlen(src), &o, NULL);
    assert_string_equal(t, "| <form>\n|   id=\"inner\"\n|   <input>\n|     name=\"q\"\n");
    free(t);
}

static void test_fragment_noscript_context(void **state)
{
    (void)state;
    /* A noscript context switches the tokenizer to RAWTEXT when scripting is enabled: the
     * markup is text. Without scripting it is parsed as markup. */
    salvage_options o;
    cov_html_opts(&o);
    o.fragment_context = "noscript";
    const char *src = "<b>x</b>";
    o.flags |= SALVAGE_FLAG_SCRIPTING;
    char *t = tree_of(src, strlen(src), &o, NULL);
    assert_string_equal(t, "| \"<b>x</b>\"\n");
    free(t);
    o.flags &= ~SALVAGE_FLAG_SCRIPTING;
    t = tree_of(src, strlen(src), &o, NULL);
    assert_string_equal(t, "| <b>\n|   \"x\"\n");
    free(t);
}

/* ---- name and identifier limits at their edges ------------------------------------------------ */

/* src = prefix + n copies of c + suffix, malloc'ed */
static char *repeat(const char *prefix, char c, size_t n, const char *suffix, size_t *len)
{
    size_t a = strlen(prefix), b = strlen(suffix);
    char *s = malloc(a + n + b + 1);
    assert_non_null(s);
    memcpy(s, prefix, a);
    memset(s + a, c, n);
    memcpy(s + a + n, suffix, b + 1);
    *len = a + n + b;
    return s;
}

static void test_limit_attr_length_names(void **state)
{
    (void)state;
    const size_t limit = 12;
    for (size_t n = limit - 1; n <= limit + 1; n++) {
        salvage_options o;
        cov_html_opts(&o);
        o.max_attr_length = limit;
        /* an attribute name of n bytes */
        size_t len;
        char *src = repeat("<p ", 'n', n, "=v>x", &len);
        salvage_status st;
        salvage_doc *doc = cov_parse(src, len, &o, &st);
        const salvage_node *p = cov_find_element(salvage_doc_root(doc), "p");
        assert_int_equal(salvage_node_attribute_count(p), 1);
        const salvage_attribute *a = salvage_node_attribute(p, 0);
        assert_int_equal(a->name_len, n < limit ? n : limit);
        assert_int_equal(strlen(a->name), a->name_len);
        assert_string_equal(a->value, "v");
        assert_int_equal(st, n > limit ? SALVAGE_LIMIT : SALVAGE_OK);
        assert_int_equal(cov_count_code(doc, "limit-attr-length"), n > limit);
        salvage_doc_free(doc);
        free(src);

        /* a tag name of n bytes */
        src = repeat("<", 't', n, ">x", &len);
        doc = cov_parse(src, len, &o, &st);
        const salvage_node *body = cov_find_element(salvage_doc_root(doc), "body");
        const salvage_node *el = salvage_node_first_child(body);
        assert_int_equal(salvage_node_get_type(el), SALVAGE_NODE_ELEMENT);
        assert_int_equal(strlen(salvage_node_name(el)), n < limit ? n : limit);
        assert_int_equal(st, n > limit ? SALVAGE_LIMIT : SALVAGE_OK);
        assert_int_equal(cov_count_code(doc, "limit-attr-length"), n > limit);
        salvage_doc_free(doc);
        free(src);
    }
}

static void test_limit_text_length_comment_and_doctype(void **state)
{
    (void)state;
    const size_t limit = 16;
    for (size_t n = limit - 1; n <= limit + 1; n++) {
        salvage_options o;
        cov_html_opts(&o);
        o.max_text_length = limit;
        size_t len;
        char *src = repeat("<!--", 'c', n, "-->", &len);
        salvage_status st;
        salvage_doc *doc = cov_parse(src, len, &o, &st);
        const salvage_node *c = salvage_node_first_child(salvage_doc_root(doc));
        assert_int_equal(salvage_node_get_type(c), SALVAGE_NODE_COMMENT);
        size_t got = 0;
        salvage_node_text(c, &got);
        assert_int_equal(got, n < limit ? n : limit);
        assert_int_equal(st, n > limit ? SALVAGE_LIMIT : SALVAGE_OK);
        assert_int_equal(cov_count_code(doc, "limit-text-length"), n > limit);
        salvage_doc_free(doc);
        free(src);

        /* the DOCTYPE name and each identifier */
        static const char *const forms[][2] = {
            {"<!DOCTYPE ", ">"},
            {"<!DOCTYPE html PUBLIC \"", "\">"},
            {"<!DOCTYPE html SYSTEM \"", "\">"},
        };
        for (size_t f = 0; f < 3; f++) {
            src = repeat(forms[f][0], 'i', n, forms[f][1], &len);
            doc = cov_parse(src, len, &o, &st);
            const salvage_node *dt = salvage_node_first_child(salvage_doc_root(doc));
            assert_int_equal(salvage_node_get_type(dt), SALVAGE_NODE_DOCTYPE);
            const char *field = f == 0   ? salvage_node_name(dt)
                                : f == 1 ? salvage_node_text(dt, NULL)
                                         : salvage_node_doctype_system(dt);
            assert_non_null(field);
            assert_int_equal(strlen(field), n < limit ? n : limit);
            assert_int_equal(st, n > limit ? SALVAGE_LIMIT : SALVAGE_OK);
            assert_int_equal(cov_count_code(doc, "limit-text-length"), n > limit);
            salvage_doc_free(doc);
            free(src);
        }
    }
}

/* A limit falling inside a multi-byte character cuts before it: strings stay UTF-8. */
static void test_limits_cut_at_character_boundary(void **state)
{
    (void)state;
    salvage_options o;
    cov_html_opts(&o);
    o.max_text_length = 4;
    o.max_attr_length = 4;
    salvage_status st;
    /* "aaa" + U+00E9 (2 bytes) is 5 bytes; the cut at 4 falls inside U+00E9 */
    const char *src = "<p t=\"aaa\xC3\xA9\">aaa\xC3\xA9<!--aaa\xC3\xA9-->";
    salvage_doc *doc = cov_parse(src, strlen(src), &o, &st);
    assert_int_equal(st, SALVAGE_LIMIT);
    const salvage_node *p = cov_find_element(salvage_doc_root(doc), "p");
    assert_string_equal(salvage_node_get_attribute(p, "t"), "aaa");
    const salvage_node *text = salvage_node_first_child(p);
    assert_string_equal(salvage_node_text(text, NULL), "aaa");
    const salvage_node *comment = salvage_node_next_sibling(text);
    assert_int_equal(salvage_node_get_type(comment), SALVAGE_NODE_COMMENT);
    assert_string_equal(salvage_node_text(comment, NULL), "aaa");
    /* the same characters fit whole at 5 */
    salvage_doc_free(doc);
    o.max_text_length = 5;
    o.max_attr_length = 5;
    doc = cov_parse(src, strlen(src), &o, &st);
    assert_int_equal(st, SALVAGE_OK);
    p = cov_find_element(salvage_doc_root(doc), "p");
    assert_string_equal(salvage_node_get_attribute(p, "t"), "aaa\xC3\xA9");
    assert_string_equal(salvage_node_text(salvage_node_first_child(p), NULL), "aaa\xC3\xA9");
    salvage_doc_free(doc);
}

/* ---- the documented clamps ------------------------------------------------------------------ */

static void test_max_depth_below_four_acts_as_four(void **state)
{
    (void)state;
    const char *src = "<div><div><div><div><div>x";
    salvage_options o;
    cov_html_opts(&o);
    o.max_depth = 4;
    char *four = tree_of(src, strlen(src), &o, NULL);
    /* html, body and two divs are the four levels; the other divs go beside the second */
    assert_string_equal(four, "| <html>\n|   <head>\n|   <body>\n|     <div>\n|       <div>\n"
                              "|       <div>\n|       <div>\n|       <div>\n|         \"x\"\n");
    for (size_t d = 1; d <= 3; d++) {
        o.max_depth = d;
        char *t = tree_of(src, strlen(src), &o, NULL);
        assert_string_equal(t, four);
        free(t);
    }
    o.max_depth = 5;
    char *five = tree_of(src, strlen(src), &o, NULL);
    assert_string_not_equal(five, four);
    free(five);
    free(four);
}

/* The deepest element level of the tree (html = 1), by walking. */
static size_t deepest_element(const salvage_doc *doc)
{
    const salvage_node *n = NULL, *root = salvage_doc_root(doc);
    int entering;
    size_t depth = 0, deepest = 0;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL) {
        if (salvage_node_get_type(n) != SALVAGE_NODE_ELEMENT)
            continue;
        bool leaf = salvage_node_first_child(n) == NULL;
        if (entering) {
            if (depth + 1 > deepest)
                deepest = depth + 1;
            depth += !leaf;
        } else {
            depth--;
        }
    }
    return deepest;
}

static void test_max_depth_above_65534_acts_as_65534(void **state)
{
    (void)state;
    const size_t n = 65540;
    char *src = malloc(n * 5 + 2);
    assert_non_null(src);
    for (size_t i = 0; i < n; i++)
        memcpy(src + 5 * i, "<div>", 5);
    src[5 * n] = 'x';
    size_t len = 5 * n + 1;
    salvage_options o;
    cov_html_opts(&o);
    size_t got[2];
    size_t values[2] = {65534, (size_t)1 << 40};
    for (size_t k = 0; k < 2; k++) {
        o.max_depth = values[k];
        salvage_status st;
        salvage_doc *doc = cov_parse(src, len, &o, &st);
        assert_int_equal(st, SALVAGE_OK); /* depth is repaired, not a LIMIT status */
        got[k] = deepest_element(doc);
        assert_int_equal(cov_count_elements(salvage_doc_root(doc), "div"), n);
        assert_true(cov_count_code(doc, "depth-limit") > 0);
        salvage_doc_free(doc);
    }
    assert_int_equal(got[0], 65534);
    assert_int_equal(got[1], 65534);
    free(src);
}

static void test_max_attributes_above_65535_acts_as_65535(void **state)
{
    (void)state;
    const size_t counts[] = {65535, 65536};
    for (size_t k = 0; k < 2; k++) {
        size_t n = counts[k];
        char *src = malloc(n * 8 + 16);
        assert_non_null(src);
        size_t len = (size_t)sprintf(src, "<p");
        for (size_t i = 0; i < n; i++)
            len += (size_t)sprintf(src + len, " a%zx", i);
        len += (size_t)sprintf(src + len, ">x");
        salvage_options o;
        cov_html_opts(&o);
        o.max_attributes = 100000;
        salvage_status st;
        salvage_doc *doc = cov_parse(src, len, &o, &st);
        const salvage_node *p = cov_find_element(salvage_doc_root(doc), "p");
        assert_int_equal(salvage_node_attribute_count(p), 65535);
        /* the first ones are kept */
        assert_string_equal(salvage_node_attribute(p, 0)->name, "a0");
        assert_string_equal(salvage_node_attribute(p, 65534)->name, "afffe");
        assert_int_equal(st, n > 65535 ? SALVAGE_LIMIT : SALVAGE_OK);
        assert_int_equal(cov_count_code(doc, "limit-attributes"), n > 65535);
        salvage_doc_free(doc);
        free(src);
    }
}

/* ---- more spec branches --------------------------------------------------------------------- */

static void test_fragment_select_context(void **state)
{
    (void)state;
    /* "in body", a select start tag: with a select context element it is a parse error and
     * ignored. The second option then closes the first (the current node is an option). */
    salvage_options o;
    cov_html_opts(&o);
    o.fragment_context = "select";
    const char *src = "<option>a<select><option>b";
    char *t = tree_of(src, strlen(src), &o, NULL);
    assert_string_equal(t, "| <option>\n|   \"a\"\n| <option>\n|   \"b\"\n");
    free(t);
}

static void test_after_after_frameset_characters(void **state)
{
    (void)state;
    /* "after after frameset": white space is processed as in body (appended to the current
     * node, html), every other character is a parse error and ignored, one by one: the
     * spaces between and after the letters are kept. */
    salvage_options o;
    cov_html_opts(&o);
    const char *src = "<frameset></frameset></html> a b \n";
    salvage_doc *doc = cov_parse(src, strlen(src), &o, NULL);
    char *t = cov_render(doc, salvage_write_tree);
    assert_string_equal(t, "| <html>\n|   <head>\n|   <frameset>\n|   \"   \n\"\n");
    free(t);
    assert_true(cov_count_code(doc, "expected-eof-but-got-char") >= 1);
    salvage_doc_free(doc);
}

/* Each template's contents hold the next template: n deep, "x" in the innermost. */
static void test_nested_templates_at_eof(void **state)
{
    (void)state;
    const size_t n = 100;
    char src[100 * 10 + 2];
    for (size_t i = 0; i < n; i++)
        memcpy(src + 10 * i, "<template>", 10);
    src[10 * n] = 'x';
    src[10 * n + 1] = 0;
    salvage_options o;
    cov_html_opts(&o);
    salvage_status st;
    salvage_doc *doc = cov_parse(src, strlen(src), &o, &st);
    assert_int_equal(st, SALVAGE_OK);
    const salvage_node *t = cov_find_element(salvage_doc_root(doc), "template");
    assert_string_equal(salvage_node_name(salvage_node_parent(t)), "head");
    for (size_t i = 1; i < n; i++) {
        const salvage_node *c = salvage_node_template_contents(t);
        assert_non_null(c);
        t = salvage_node_first_child(c);
        assert_non_null(t);
        assert_string_equal(salvage_node_name(t), "template");
        assert_null(salvage_node_next_sibling(t));
    }
    const salvage_node *x = salvage_node_first_child(salvage_node_template_contents(t));
    assert_int_equal(salvage_node_get_type(x), SALVAGE_NODE_TEXT);
    assert_string_equal(salvage_node_text(x, NULL), "x");
    salvage_doc_free(doc);
}

/* A colspan cut short by the span expansion bound: 4096 + 16 grid cells per real cell. */
static void test_colspan_cut_by_span_bound(void **state)
{
    (void)state;
    /* Five cells spanning 1000 columns each, then "z". The fifth cell comes when 4000 slots
     * are out and five real cells allow 4096 + 80 = 4176: it keeps 176 slots, the bound is
     * met inside its span, and "z" (a real cell, always kept) comes after it. Columns that
     * only copies reach are left out of the grid: six cells remain. */
    const char *src = "<table><tr><td colspan=1000>a<td colspan=1000>b<td colspan=1000>c"
                      "<td colspan=1000>d<td colspan=1000>e<td>z</table>";
    salvage_options o;
    cov_html_opts(&o);
    o.flags = 0;
    salvage_status st;
    salvage_doc *doc = cov_parse(src, strlen(src), &o, &st);
    assert_int_equal(st, SALVAGE_OK); /* a warning, not a limit of salvage_options */
    assert_int_equal(salvage_doc_block_count(doc), 1);
    const salvage_block *b = salvage_doc_block(doc, 0);
    assert_int_equal(b->type, SALVAGE_BLOCK_TABLE);
    assert_int_equal(b->row_count, 1);
    assert_int_equal(b->rows[0].cell_count, 6);
    static const char *const texts[] = {"a", "b", "c", "d", "e", "z"};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(b->rows[0].cells[i].content.text, texts[i]);
        assert_int_equal(b->rows[0].cells[i].span_copy, 0);
    }
    assert_int_equal(cov_count_code(doc, "table-span-limit"), 1);
    assert_non_null(strstr(cov_find_code(doc, "table-span-limit")->message, "after 4176 cells"));
    salvage_doc_free(doc);
}

/* Every limit at SIZE_MAX: no budget, size or clamp computation overflows, and a document
 * within the default limits comes out exactly as with the defaults (a text node's 32-bit
 * length caps max_text_length). */
static void test_limits_at_size_max(void **state)
{
    (void)state;
    static const struct {
        salvage_input_kind kind;
        const char *src;
    } docs[] = {
        {SALVAGE_INPUT_HTML,
         "<!DOCTYPE html><title>T</title><h1>Head</h1><p a=1 b=2>Text <b>bold <i>both</b> "
         "it</i><!-- c --><table><tr><td colspan=3>x<td>y</table><ul><li>one<li>two</ul>"
         "<svg><path d=M0/></svg>"},
        {SALVAGE_INPUT_TEXT, "Title\n\nA paragraph with < b >debris< /b > and "
                             "Z\xCC\x81\xCC\x82\xCC\x83\xCC\x84\xCC\x85\xCC\x86 marks.\n\n"
                             "- one\n- two\n"},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        salvage_options o;
        salvage_options_init(&o);
        o.input_kind = docs[i].kind;
        salvage_status st;
        salvage_doc *doc = cov_parse(docs[i].src, strlen(docs[i].src), &o, &st);
        assert_int_equal(st, SALVAGE_OK);
        char *want = cov_render(doc, salvage_write_json);
        salvage_doc_free(doc);
        o.max_input_bytes = o.max_depth = o.max_nodes = o.max_node_ratio = SIZE_MAX;
        o.max_attributes = o.max_attr_length = o.max_text_length = SIZE_MAX;
        o.max_diagnostics = o.max_combining = o.max_memory = SIZE_MAX;
        doc = cov_parse(docs[i].src, strlen(docs[i].src), &o, &st);
        assert_int_equal(st, SALVAGE_OK);
        char *got = cov_render(doc, salvage_write_json);
        assert_string_equal(got, want);
        free(got);
        free(want);
        salvage_doc_free(doc);
    }
}

/* max_combining through the public API (test_api checks the text builder alone): an HTML
 * paragraph's block text keeps at most max_combining marks after a base character; a cut
 * run ends in SALVAGE_LIMIT with a limit-combining error at the paragraph's text, saying how
 * many marks went. */
static void test_limit_combining_in_article_text(void **state)
{
    (void)state;
    const size_t limit = 4;
    for (size_t n = limit - 1; n <= limit + 1; n++) {
        /* "x" + n x U+0334 COMBINING TILDE OVERLAY (class 1, composes with nothing) + " y" */
        char src[64] = "<p>x";
        for (size_t i = 0; i < n; i++)
            strcat(src, "\xCC\xB4");
        strcat(src, " y</p>");
        salvage_options o;
        cov_html_opts(&o);
        o.flags = 0;
        o.max_combining = limit;
        salvage_status st;
        salvage_doc *doc = cov_parse(src, strlen(src), &o, &st);
        assert_int_equal(st, n > limit ? SALVAGE_LIMIT : SALVAGE_OK);
        assert_int_equal(salvage_doc_status(doc), st);
        const salvage_diagnostic *d = cov_find_code(doc, "limit-combining");
        assert_int_equal(cov_count_code(doc, "limit-combining"), n > limit);
        if (n > limit) {
            assert_int_equal(d->severity, SALVAGE_SEVERITY_ERROR);
            assert_int_equal(d->offset, 3); /* the "x" after "<p>" */
            assert_non_null(strstr(d->message, "max_combining=4: 1 dropped"));
        }
        assert_int_equal(salvage_doc_block_count(doc), 1);
        const salvage_text *t = &salvage_doc_block(doc, 0)->content;
        size_t kept = n < limit ? n : limit;
        char want[64] = "x";
        for (size_t i = 0; i < kept; i++)
            strcat(want, "\xCC\xB4");
        strcat(want, " y");
        assert_string_equal(t->text, want);
        salvage_doc_free(doc);
    }
}

/* max_text_length on text nodes made of several runs (character references split them),
 * each node on its own, the same whether the input comes whole or a byte at a time. */
static void test_limit_text_length_runs_and_streaming(void **state)
{
    (void)state;
    /* the first paragraph's text is "ab&cd<ef" (8 bytes), the second's "ijklmnop" */
    const char *src = "<p>ab&amp;cd&lt;ef<p>ijklmnop";
    static const struct {
        size_t limit;
        const char *first, *second;
    } cases[] = {{4, "ab&c", "ijkl"}, {5, "ab&cd", "ijklm"}, {8, "ab&cd<ef", "ijklmnop"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        salvage_options o;
        cov_html_opts(&o);
        o.max_text_length = cases[i].limit;
        salvage_status st;
        salvage_doc *doc = cov_parse(src, strlen(src), &o, &st);
        const salvage_node *body = cov_find_element(salvage_doc_root(doc), "body");
        const salvage_node *p1 = salvage_node_first_child(body);
        const salvage_node *p2 = salvage_node_next_sibling(p1);
        assert_string_equal(salvage_node_text(salvage_node_first_child(p1), NULL), cases[i].first);
        assert_string_equal(salvage_node_text(salvage_node_first_child(p2), NULL),
                            cases[i].second);
        bool cut = cases[i].limit < 8;
        assert_int_equal(st, cut ? SALVAGE_LIMIT : SALVAGE_OK);
        assert_int_equal(cov_count_code(doc, "limit-text-length") > 0, cut);
        char *whole = cov_render(doc, salvage_write_tree);
        char *diags = cov_render(doc, salvage_write_diagnostics);
        salvage_doc_free(doc);

        salvage_parser *sp = NULL;
        assert_int_equal(salvage_parser_new(&o, &sp), SALVAGE_OK);
        for (size_t k = 0; src[k]; k++)
            assert_int_equal(salvage_parser_feed(sp, src + k, 1), SALVAGE_OK);
        assert_int_equal(salvage_parser_finish(sp, &doc), st);
        salvage_parser_free(sp);
        char *streamed = cov_render(doc, salvage_write_tree);
        char *sdiags = cov_render(doc, salvage_write_diagnostics);
        assert_string_equal(streamed, whole);
        assert_string_equal(sdiags, diags);
        free(streamed);
        free(sdiags);
        free(whole);
        free(diags);
        salvage_doc_free(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quirks_modes),
        cmocka_unit_test(test_noahs_ark_attribute_order),
        cmocka_unit_test(test_fragment_form_context),
        cmocka_unit_test(test_fragment_noscript_context),
        cmocka_unit_test(test_limit_attr_length_names),
        cmocka_unit_test(test_limit_text_length_comment_and_doctype),
        cmocka_unit_test(test_limits_cut_at_character_boundary),
        cmocka_unit_test(test_max_depth_below_four_acts_as_four),
        cmocka_unit_test(test_max_depth_above_65534_acts_as_65534),
        cmocka_unit_test(test_max_attributes_above_65535_acts_as_65535),
        cmocka_unit_test(test_fragment_select_context),
        cmocka_unit_test(test_after_after_frameset_characters),
        cmocka_unit_test(test_nested_templates_at_eof),
        cmocka_unit_test(test_colspan_cut_by_span_bound),
        cmocka_unit_test(test_limits_at_size_max),
        cmocka_unit_test(test_limit_combining_in_article_text),
        cmocka_unit_test(test_limit_text_length_runs_and_streaming),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
