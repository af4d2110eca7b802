/*
 * test_debris.c — the markup debris recogniser (parser/debris.c) on single lines, both sides:
 * every debris form of the sample article and its relatives is found, for element names of
 * every kind, and prose holding "<", ">", "/" or element-like words is left alone. Also the
 * input-kind decision (parser/text.c) and linear time on hostile lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the four headers above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "debris.h"
#include "internal.h"
#include "text.h"

/* The line with every token replaced by "|" (the tokens' own text gone), plus whether the
 * recogniser called the line debris only. */
static char *strip(const char *line, bool *only)
{
    size_t n = strlen(line);
    sv_debris *toks = malloc((n + 1) * sizeof *toks);
    char *out = malloc(n + 2);
    assert_non_null(toks);
    assert_non_null(out);
    size_t c = sv_debris_scan(line, n, toks, n + 1, only);
    assert_true(c <= n + 1);
    size_t o = 0, at = 0;
    for (size_t k = 0; k < c; k++) {
        assert_true(toks[k].start >= at && toks[k].end > toks[k].start && toks[k].end <= n);
        memcpy(out + o, line + at, toks[k].start - at);
        o += toks[k].start - at;
        out[o++] = '|';
        at = toks[k].end;
    }
    memcpy(out + o, line + at, n - at);
    out[o + n - at] = 0;
    free(toks);
    return out;
}

static void check(const char *line, const char *want, bool want_only)
{
    bool only = false;
    char *got = strip(line, &only);
    if (strcmp(got, want) != 0 || only != want_only)
        fail_msg("line \"%s\": got \"%s\" (only=%d), want \"%s\" (only=%d)", line, got, only, want,
                 want_only);
    free(got);
}

/* The first token of a line. */
static sv_debris first_token(const char *line)
{
    sv_debris t[16];
    bool only;
    size_t c = sv_debris_scan(line, strlen(line), t, 16, &only);
    assert_true(c >= 1 && c <= 16);
    return t[0];
}

/* ---- the forms of the sample article -------------------------------------------------------- */

static void test_spaced_and_self_closed(void **state)
{
    (void)state;
    check("< td >Nuclear Arms Control< td /> < td >Climate Action Initiatives< td />",
          "|Nuclear Arms Control| |Climate Action Initiatives|", false);
    check("Pursuit of renewed treaty negotiations.< td /> tr >",
          "Pursuit of renewed treaty negotiations.| |", false);
    check("Diplomatic Initiative< th /> Result< th /> Long-Term Effects< th /> tr >",
          "Diplomatic Initiative| Result| Long-Term Effects| |", false);
}

static void test_doubled_brackets(void **state)
{
    (void)state;
    /* the leading ">" is what is left of the opening tag */
    check(">Climate Action Initiatives<< /td>>", "|Climate Action Initiatives|", false);
    check(">Joint research ventures.< /td>>", "|Joint research ventures.|", false);
    check(">Industry<</td>>", "|Industry|", false);
    check("><< /td>>", "||", true);
    check("< /tr>>", "|", true);
    check("< /tbody>>", "|", true);
    check("tr>>", "|", true);
    check("- Build great products; /li>>", "- Build great products; |", false);
}

static void test_bare_end_words(void **state)
{
    (void)state;
    check("impacting global alliances. li > ul >", "impacting global alliances. | |", false);
    check("an overview summarizing previous key engagements: p >",
          "an overview summarizing previous key engagements: |", false);
    check("Posted on 2019-02-15, all posts p > div >", "Posted on 2019-02-15, all posts | |",
          false);
    check("After release plan h2>", "After release plan |", false);
    check("The release plan (kovarex) strong >", "The release plan (kovarex) |", false);
    check("How effective is Patching? /p>", "How effective is Patching? |", false);
    /* a tight structural word may stand mid-line */
    check("Area Of Collaboration th> Description th> tr>",
          "Area Of Collaboration | Description | |", false);
    check("    /th>", "    |", true);
}

static void test_split_names_and_arrows(void **state)
{
    (void)state;
    check("t d>\xE2\x80\x93>", "|", true);
    check("    t r>\xE2\x80\x93>", "    |", true);
    check("Scientific Research t d>\xE2\x80\x93>", "Scientific Research |", false);
    check("tbody>\xE2\x80\x93>", "|", true);
    check("table-->", "|", true);
    check("table>\xE2\x80\x94>", "|", true);
}

static void test_slashed_and_slugs(void **state)
{
    (void)state;
    check("< td Temporary Reduction In Tensions /tr /tr /tr "
          "/post-crimea-sanctions-heightened-tr-/tbody-/table-",
          "|Temporary Reduction In Tensions | | | |", false);
    check("< td NZ /tr /tr /iso-3166-code-nz-tr-/tbody-/table-", "|NZ | | |", false);
    /* a slug in any script */
    check("/\xE3\x81\x84\xE3\x81\xAC-tr-/tbody-/table-", "|", true);
    check("Lorem ipsum dolor sit amet.</p", "Lorem ipsum dolor sit amet.|", false);
}

static void test_bracket_lines(void **state)
{
    (void)state;
    check("<", "<", true);
    check("    <\xEF\xBF\xBD", "    <\xEF\xBF\xBD", true);
    check("    >", "    >", true);
    check("    < tr > < tr > < tr />< <", "    | | |< <", true);
    check("\xC2\xA0 \xC2\xA0 \xC2\xA0 ", "\xC2\xA0 \xC2\xA0 \xC2\xA0 ", false); /* no-break only */
    check("", "", false);
    /* an undecodable byte before a bracket carries nothing */
    check("\xEF\xBF\xBD    <", "\xEF\xBF\xBD    <", true);
    check("text p >\xEF\xBF\xBD", "text |\xEF\xBF\xBD", false);
}

static void test_escaped(void **state)
{
    (void)state;
    check("&lt; td &gt;Cell&lt; /td&gt;", "|Cell|", false);
}

/* Every kind of element name, not only table cells. */
static void test_every_element_name(void **state)
{
    (void)state;
    static const char *const names[] = {"div",  "span",   "section", "article",    "aside",
                                        "nav",  "header", "footer",  "blockquote", "figcaption",
                                        "code", "pre",    "h1",      "h6",         "em",
                                        "b",    "i",      "u",       "a",          "small",
                                        "dl",   "dd",     "caption", "label",      "main"};
    char line[128], want[128];
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        snprintf(line, sizeof line, "< %s >Text< %s />", names[k], names[k]);
        check(line, "|Text|", false);
        snprintf(line, sizeof line, ">Text<< /%s>>", names[k]);
        check(line, "|Text|", false);
        snprintf(line, sizeof line, "Some words %s >", names[k]);
        snprintf(want, sizeof want, "Some words |");
        check(line, want, false);
        snprintf(line, sizeof line, "%s>\xE2\x80\x93>", names[k]);
        check(line, "|", true);
        assert_true(sv_debris_element(names[k], strlen(names[k]), NULL, NULL));
    }
    assert_false(sv_debris_element("insert", 6, NULL, NULL));
    assert_false(sv_debris_element("tdx", 3, NULL, NULL));
    assert_true(sv_debris_element("TBODY", 5, NULL, NULL));
}

/* sv_debris_clean: what the HTML article stage calls on the text of parsed pages. */
static void test_clean(void **state)
{
    (void)state;
    salvage_allocator al;
    memset(&al, 0, sizeof al);
    sv_allocator_resolve(&al);
    sv_arena arena;
    sv_arena_init(&arena, &al, 0);
    sv_buf out;
    sv_buf_init(&out, &arena);
    assert_int_equal(sv_debris_clean(">Industry<< /td>>", 17, &out), 0);
    assert_string_equal(out.data, " Industry ");
    sv_buf_clear(&out);
    const char *keep = "if a > b, use the <img>tag";
    assert_int_equal(sv_debris_clean(keep, strlen(keep), &out), 0);
    assert_string_equal(out.data, keep);
    sv_buf_clear(&out);
    assert_int_equal(sv_debris_clean("    <", 5, &out), 0);
    assert_int_equal(out.len, 0);
    /* more tokens than the stack holds */
    char many[2000] = "";
    for (int k = 0; k < 150; k++)
        strcat(many, "x< td /> ");
    assert_int_equal(sv_debris_clean(many, strlen(many), &out), 0);
    assert_null(strchr(out.data, '<'));
    assert_non_null(strstr(out.data, "x"));
    sv_arena_free_all(&arena);
}

/* ---- what each token means ------------------------------------------------------------------ */

static void test_token_meaning(void **state)
{
    (void)state;
    sv_debris t = first_token("< strong >Label:< strong /> text");
    assert_int_equal(t.elem, SV_DE_STRONG);
    assert_int_equal(t.role, SV_DR_OPEN);
    t = first_token("Label:< strong /> text");
    assert_int_equal(t.elem, SV_DE_STRONG);
    assert_int_equal(t.role, SV_DR_CLOSE);
    t = first_token("After release plan h3>");
    assert_int_equal(t.elem, SV_DE_HEADING);
    assert_int_equal(t.level, 3);
    t = first_token("t r>\xE2\x80\x93>");
    assert_int_equal(t.elem, SV_DE_ROW);
    t = first_token("x th> y");
    assert_int_equal(t.elem, SV_DE_HEADER_CELL);
    t = first_token(">Cell<< /td>>");
    assert_int_equal(t.elem, SV_DE_CELL);
    assert_int_equal(t.role, SV_DR_OPEN);
    t = first_token("< td Text /tr /slug-tr-/tbody-/table-");
    assert_true(t.fragment);
    t = first_token("items li > ul >");
    assert_int_equal(t.elem, SV_DE_ITEM);
    t = first_token("tbody>\xE2\x80\x93>");
    assert_int_equal(t.elem, SV_DE_TABLE);
    assert_int_equal(t.role, SV_DR_CLOSE);
}

/* ---- prose stays prose ---------------------------------------------------------------------- */

static void test_prose_untouched(void **state)
{
    (void)state;
    static const char *const prose[] = {
        "if a > b then a is larger",
        "x < y and y > z, so x < z",
        "This could be image if the request is from an <img>tag in the document",
        "u.append('api_key', '<insert api key here>');",
        "Use the <p> element for paragraphs.",
        "The CSS selector ul > li matches items",
        "body > div.main > p",
        "and/or the table > chair",
        "see mozilla.org/tr/ for Turkish",
        "mozilla.org/,%20https://www.mozilla.org/tr/",
        "1 / 5",
        "A -> B and B --> C",
        "n < p then stop",
        "Reset Policy (2009)",
        "\xE7\xA6\x8F\xE5\xA8\x98 > \xE3\x81\x8D\xE3\x82\x87\xE3\x81\x86 > \xE6\x9C\x88",
        "He wrote p > q as a formula",
        "the /tr path and /td files",
        "/tr",
        "Links: /tr /td",
        "Blueprints/books into the quick bar",
        "ME/LA/African 1.9% Other[3][n 3]",
        "i > 0 && b < 5",
        "Table: 5th>4th in rank",
    };
    for (size_t k = 0; k < sizeof prose / sizeof prose[0]; k++)
        check(prose[k], prose[k], false);
}

/* ---- input kind ----------------------------------------------------------------------------- */

static salvage_input_kind kind_of(const char *s)
{
    const char *reason = NULL;
    salvage_input_kind k = sv_detect_kind(s, strlen(s), &reason);
    assert_non_null(reason);
    assert_true(strlen(reason) > 0);
    return k;
}

static void test_input_kind(void **state)
{
    (void)state;
    assert_int_equal(kind_of("<!DOCTYPE html><title>x</title><p>Hi"), SALVAGE_INPUT_HTML);
    assert_int_equal(kind_of("  \n<!doctype html>"), SALVAGE_INPUT_HTML);
    assert_int_equal(kind_of("<html><head><title>t</title></head><body><p>x</p></body></html>"),
                     SALVAGE_INPUT_HTML);
    assert_int_equal(kind_of("<div><p>One</p>\n<p>Two</p>\n<ul><li>a</li></ul></div>"),
                     SALVAGE_INPUT_HTML);
    assert_int_equal(kind_of("Plain article text.\n\nSecond paragraph."), SALVAGE_INPUT_TEXT);
    assert_int_equal(kind_of(">Cell<< /td>>\n< td >A< td /> < td >B< td /> tr >\nProse p >\n"
                             "Use the <img>tag here.\n<\n>\n"),
                     SALVAGE_INPUT_TEXT);
    assert_int_equal(kind_of(""), SALVAGE_INPUT_TEXT);
    assert_int_equal(sv_detect_kind(NULL, 0, NULL), SALVAGE_INPUT_TEXT);
}

/* ---- hostile lines: linear time ------------------------------------------------------------- */

static double scan_seconds(const char *unit, size_t reps)
{
    size_t ul = strlen(unit), n = ul * reps;
    char *s = malloc(n + 1);
    sv_debris *t = malloc((n + 1) * sizeof *t);
    assert_non_null(s);
    assert_non_null(t);
    for (size_t k = 0; k < reps; k++)
        memcpy(s + k * ul, unit, ul);
    s[n] = 0;
    bool only;
    clock_t c0 = clock();
    size_t c = sv_debris_scan(s, n, t, n + 1, &only);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    assert_true(c <= n + 1);
    free(s);
    free(t);
    return secs;
}

static void test_linear_time(void **state)
{
    (void)state;
    static const char *const units[] = {"< td >", "/tr ", "a ", ">", "<",     "p > ",  "< ",
                                        "t ",     "x",    "/",  "-", "<<< /", "li >x "};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        assert_true(scan_seconds(units[k], 200000) < 2.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spaced_and_self_closed),
        cmocka_unit_test(test_doubled_brackets),
        cmocka_unit_test(test_bare_end_words),
        cmocka_unit_test(test_split_names_and_arrows),
        cmocka_unit_test(test_slashed_and_slugs),
        cmocka_unit_test(test_bracket_lines),
        cmocka_unit_test(test_escaped),
        cmocka_unit_test(test_every_element_name),
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_token_meaning),
        cmocka_unit_test(test_prose_untouched),
        cmocka_unit_test(test_input_kind),
        cmocka_unit_test(test_linear_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
