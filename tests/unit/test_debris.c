/*
 * test_debris.c — the markup debris recogniser (parser/debris.c) on single lines, both sides:
 * every debris form of the sample article and its relatives is found, for element names of
 * every kind, and prose holding "<", ">", "/" or element-like words is left alone. Then the
 * structure rebuilt from debris on small documents (a table printed twice in each style,
 * tables against prose, lists, numbers, headings, paragraphs), the input-kind decision
 * (parser/text.c) and linear work on hostile lines and documents.
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

#include "debris.h"
#include "internal.h"
#include "salvage.h"
#include "text_doc.h"
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

/* ---- the forms of the sample article --------------------------------------------------------- */

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

/* A table name split by one space anywhere ("tab le>"): weak like any two-word form, and
 * counted only where debris or nothing but white space stands on both sides of it. */
static void test_split_table_names(void **state)
{
    (void)state;
    check("tab le>", "|", true);
    check("    tab le>", "    |", true);
    check("tb ody>\xE2\x80\x93>", "|", true);
    check("th ead>", "|", true);
    check("tfo ot>", "|", true);
    check("t able>", "|", true);
    check("capti on>", "|", true);
    check("tab le>>", "|", true);
    check("tab le-->", "|", true);
    check("ta ble >", "|", true);
    check("TAB LE>", "|", true);
    check("t r> tab le> t d>", "| | |", true);
    check("tab le> < /td>>", "| |", true);
    check(">February 2015<< /td>> tab le>", "|February 2015| |", false);
    check("Revenue th ead> tr>", "Revenue | |", false);
    assert_int_equal(first_token("tfo ot>").elem, SV_DE_TABLE);
    assert_int_equal(first_token("tfo ot>").level, 0);
    assert_int_equal(first_token("th ead>").level, SV_DEBRIS_TABLE_PART); /* rows follow */
    assert_int_equal(first_token("cap tion>").level, SV_DEBRIS_TABLE_PART);
    assert_int_equal(first_token("t r> th ead>").elem, SV_DE_ROW);
    /* prose: the second part must complete the name, and words before the split name need
     * debris after it */
    check("the tab key>", "the tab key>", false);
    check("Click the ad>", "Click the ad>", false);
    check("a tab le>", "a tab le>", false);
    check("press tab le> to go on", "press tab le> to go on", false);
    check("tab le> Text", "tab le> Text", false);
    check("tab les>", "tab les>", false);
    check("tables le>", "tables le>", false);
    check("tab l e>", "tab l e>", false);
    check("tab  le>", "tab  le>", false);
    check("/tab le>", "/tab le>", false);
    check("ta b le>", "ta b le>", false);
    check("col group>", "col group>", false);
    check("o l>", "o l>", false);
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
    /* a chain of two or more ends the line, or is the whole line */
    check("< td NZ /tr /tr /tr", "|NZ | | |", false);
    check("Temporary Reduction In Tensions /tr /tr", "Temporary Reduction In Tensions | |", false);
    check("/tr /tr /tr", "| | |", true);
    check("/tr /tr  ", "| |  ", true);
    check("/ul /ul", "| |", true);
    /* one "/tr", or unlike names, may be prose */
    check("see the /tr", "see the /tr", false);
    check("Links: /tr /td", "Links: /tr /td", false);
    check("speed in km/h /tr", "speed in km/h /tr", false);
    check("/usr/bin /usr/lib", "/usr/bin /usr/lib", false);
    check("and/or /or", "and/or /or", false);
    check("see mozilla.org/tr/ /tr", "see mozilla.org/tr/ /tr", false);
}

/* An opening fragment of any element name counts where nothing but white space or debris
 * stands before its "<" (no operand: it cannot be a comparison); those of row and list names
 * anywhere. The words after it are kept. */
static void test_opening_fragments(void **state)
{
    (void)state;
    check("< p The survey team walked the ridge.", "|The survey team walked the ridge.", false);
    check("    < blockquote Nothing like it, said the guide.",
          "    |Nothing like it, said the guide.", false);
    check("< div They counted forty nests.", "|They counted forty nests.", false);
    check("Text< td /> < em Emphasised words", "Text| |Emphasised words", false);
    check("\xC2\xA0 < span 2019 results", "\xC2\xA0 |2019 results", false);
    /* the other wide white space: U+2007 figure space, U+202F, U+3000 */
    check("\xE2\x80\x87 < span 2019 results", "\xE2\x80\x87 |2019 results", false);
    check("\xE2\x80\xAF < span 2019 results", "\xE2\x80\xAF |2019 results", false);
    check("\xE3\x80\x80 < span 2019 results", "\xE3\x80\x80 |2019 results", false);
    check("\xEF\xBF\xBD < p \xE2\x80\x9CQuoted\xE2\x80\x9D", "\xEF\xBF\xBD |\xE2\x80\x9CQuoted\xE2\x80\x9D",
          false);
    check("< td Temporary Reduction In Tensions", "|Temporary Reduction In Tensions", false);
    sv_debris t = first_token("< h2 Notes From The Field");
    assert_int_equal(t.elem, SV_DE_HEADING);
    assert_int_equal(t.level, 2);
    assert_int_equal(t.role, SV_DR_OPEN);
    assert_false(t.fragment); /* opens a heading: no wreck of a row */
    t = first_token("< p Text");
    assert_int_equal(t.elem, SV_DE_PARA);
    assert_false(t.fragment);
    assert_true(first_token("< td Text").fragment);
    static const char *const names[] = {"p", "div", "span", "section", "h3", "em", "b",
                                        "a", "blockquote", "figcaption", "li", "tr"};
    char line[128];
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        snprintf(line, sizeof line, "< %s Words after it", names[k]);
        check(line, "|Words after it", false);
    }
    /* the other side: an operand before "<", no space after it, or no word after the name */
    check("The loop runs while n < p then stops", "The loop runs while n < p then stops", false);
    check("and a < b holds for every pair", "and a < b holds for every pair", false);
    check("x <p and y <div appeared", "x <p and y <div appeared", false);
    check("< b = 1", "< b = 1", false);
    check("< p", "< p", false);
    check("<p The tag written well", "<p The tag written well", false);
    check("5 < em 6", "5 < em 6", false);
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

/* Every name of the element table, in any case, and the structural meaning debris.h gives
 * the table, list, heading and emphasis names; near misses are no names. */
static void test_element_lookup(void **state) {
    (void)state;
    static const char *const names[] = {
        "a",          "abbr",      "acronym",  "address",    "applet",   "area",     "article",
        "aside",      "audio",     "b",        "base",       "basefont", "bdi",      "bdo",
        "bgsound",    "big",       "blink",    "blockquote", "body",     "br",       "button",
        "canvas",     "caption",   "center",   "cite",       "code",     "col",      "colgroup",
        "data",       "datalist",  "dd",       "del",        "details",  "dfn",      "dialog",
        "dir",        "div",       "dl",       "dt",         "em",       "embed",    "fieldset",
        "figcaption", "figure",    "font",     "footer",     "form",     "frame",    "frameset",
        "h1",         "h2",        "h3",       "h4",         "h5",       "h6",       "head",
        "header",     "hgroup",    "hr",       "html",       "i",        "iframe",   "img",
        "input",      "ins",       "kbd",      "keygen",     "label",    "legend",   "li",
        "link",       "main",      "map",      "mark",       "marquee",  "math",     "menu",
        "meta",       "meter",     "nav",      "nobr",       "noembed",  "noframes", "noscript",
        "object",     "ol",        "optgroup", "option",     "output",   "p",        "param",
        "picture",    "plaintext", "pre",      "progress",   "q",        "rb",       "rp",
        "rt",         "rtc",       "ruby",     "s",          "samp",     "script",   "search",
        "section",    "select",    "slot",     "small",      "source",   "span",     "strike",
        "strong",     "style",     "sub",      "summary",    "sup",      "svg",      "table",
        "tbody",      "td",        "template", "textarea",   "tfoot",    "th",       "thead",
        "time",       "title",     "tr",       "track",      "tt",       "u",        "ul",
        "var",        "video",     "wbr",      "xmp"};
    char upper[16];
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = strlen(names[k]);
        for (size_t i = 0; i <= n; i++)
            upper[i] =
                (char)(names[k][i] >= 'a' && names[k][i] <= 'z' ? names[k][i] - 32 : names[k][i]);
        if (!sv_debris_element(names[k], n, NULL, NULL) || !sv_debris_element(upper, n, NULL, NULL))
            fail_msg("element name \"%s\" not found", names[k]);
    }
    static const struct {
        const char *name;
        sv_debris_elem elem;
        uint8_t level;
    } meaning[] = {
        {"td", SV_DE_CELL, 0},     {"th", SV_DE_HEADER_CELL, 0}, {"tr", SV_DE_ROW, 0},
        {"table", SV_DE_TABLE, 0}, {"tbody", SV_DE_TABLE, 0},    {"TFOOT", SV_DE_TABLE, 0},
        /* parts of a table: their closes do not end it */
        {"thead", SV_DE_TABLE, SV_DEBRIS_TABLE_PART},
        {"caption", SV_DE_TABLE, SV_DEBRIS_TABLE_PART},
        {"colgroup", SV_DE_TABLE, SV_DEBRIS_TABLE_PART},
        {"col", SV_DE_TABLE, SV_DEBRIS_TABLE_PART},
        {"li", SV_DE_ITEM, 0},     {"dt", SV_DE_ITEM, 0},        {"dd", SV_DE_ITEM, 0},
        {"ul", SV_DE_LIST, 0},     {"ol", SV_DE_LIST, 0},        {"dl", SV_DE_LIST, 0},
        {"menu", SV_DE_LIST, 0},   {"p", SV_DE_PARA, 0},         {"blockquote", SV_DE_PARA, 0},
        {"pre", SV_DE_PARA, 0},    {"br", SV_DE_PARA, 0},        {"h1", SV_DE_HEADING, 1},
        {"H4", SV_DE_HEADING, 4},  {"h6", SV_DE_HEADING, 6},     {"strong", SV_DE_STRONG, 0},
        {"b", SV_DE_STRONG, 0},    {"em", SV_DE_EMPHASIS, 0},    {"i", SV_DE_EMPHASIS, 0},
        {"div", SV_DE_OTHER, 0},   {"span", SV_DE_OTHER, 0},     {"xmp", SV_DE_OTHER, 0}};
    for (size_t k = 0; k < sizeof meaning / sizeof meaning[0]; k++) {
        sv_debris_elem e = SV_DE_NONE;
        uint8_t level = 0xFF;
        assert_true(sv_debris_element(meaning[k].name, strlen(meaning[k].name), &e, &level));
        assert_int_equal(e, meaning[k].elem);
        assert_int_equal(level, meaning[k].level);
    }
    static const char *const misses[] = {
        "tabl", "tables", "tdd",   "t",           "h7", "h0", "hh", "g",
        "z",    "xm",     "bodyx", "figcaptions", "ab", "1",  "-",  "t\xC3\xA9"};
    for (size_t k = 0; k < sizeof misses / sizeof misses[0]; k++)
        if (sv_debris_element(misses[k], strlen(misses[k]), NULL, NULL))
            fail_msg("\"%s\" taken for an element name", misses[k]);
    assert_false(sv_debris_element("td", 0, NULL, NULL));
}

/* Lines the recogniser passes over in large steps: no markup at all, prose before a "<", and
 * prose before the run that may hold a bare end word, near and at the farthest reach (a name
 * with format controls between its letters and wide spaces before its ">"). */
static void test_prose_before_markup(void **state) {
    (void)state;
    check("", "", false);
    check("   ", "   ", false);
    check("Plain prose without brackets, ampersands or slashes.",
          "Plain prose without brackets, ampersands or slashes.", false);
    check("Many words before < td >Cell", "Many words before |Cell", false);
    check("Words < p Text", "Words < p Text", false); /* a comparison: prose before the "<" */
    check("   < p Text", "   |Text", false);          /* only white space before it */
    check("Prose, and more td />", "Prose, and more |", false);
    check("td and more words that go on >", "td and more words that go on >", false);
    check("Alpha, beta t"
          "\xE2\x80\xAE\xE2\x80\xAE\xE2\x80\xAE\xE2\x80\xAE"
          "r"
          "\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80>",
          "Alpha, beta |", false);
    /* 300 bytes of words (all of them bytes a bare end word may hold) before the name */
    char line[512], want[512];
    size_t o = 0;
    for (int k = 0; k < 60; k++) {
        memcpy(line + o, "word ", 5);
        o += 5;
    }
    memcpy(want, line, o);
    strcpy(want + o, "|");
    strcpy(line + o, "t"
                     "\xE2\x80\xAE\xE2\x80\xAE\xE2\x80\xAE\xE2\x80\xAE"
                     "r"
                     "\xE3\x80\x80\xE3\x80\x80\xE3\x80\x80>");
    check(line, want, false);
    strcpy(line + o, "th>");
    check(line, want, false);
    strcpy(line + o, "and th> more");
    strcpy(want + o, "and | more");
    check(line, want, false);
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
    const char *lines = "Cell one tr >\n<\nText li > ul >\nif a > b";
    assert_int_equal(sv_debris_clean(lines, strlen(lines), &out), 0);
    assert_string_equal(out.data, "Cell one  \n\nText    \nif a > b");
    sv_buf_clear(&out);
    /* more tokens than the stack holds */
    char many[2000] = "";
    for (int k = 0; k < 150; k++)
        strcat(many, "x< td /> ");
    assert_int_equal(sv_debris_clean(many, strlen(many), &out), 0);
    assert_null(strchr(out.data, '<'));
    assert_non_null(strstr(out.data, "x"));
    sv_arena_free_all(&arena);
}

/* ---- what each token means ------------------------------------------------------------------- */

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

/* ---- prose stays prose ----------------------------------------------------------------------- */

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

/* ---- input kind ------------------------------------------------------------------------------ */

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
    assert_int_equal(kind_of("\xEF\xBB\xBF<!DOCTYPE html><p>x"), SALVAGE_INPUT_HTML);
    static const char u16[] = "\xFF\xFE<\0!\0d\0o\0c\0t\0y\0p\0e\0 \0h\0t\0m\0l\0>\0";
    const char *reason = NULL;
    assert_int_equal(sv_detect_kind(u16, sizeof u16 - 1, &reason), SALVAGE_INPUT_HTML);
    static const char u16be[] = "\xFE\xFF\0P\0l\0a\0i\0n\0 \0t\0e\0x\0t";
    assert_int_equal(sv_detect_kind(u16be, sizeof u16be - 1, &reason), SALVAGE_INPUT_TEXT);
    assert_int_equal(sv_detect_kind(NULL, 0, NULL), SALVAGE_INPUT_TEXT);
}

/* ---- structure rebuilt from debris (whole documents) ----------------------------------------- */

static void assert_cells(const salvage_block *b, size_t r, const char *a, const char *c)
{
    assert_true(r < b->row_count);
    assert_int_equal(b->rows[r].cell_count, 2);
    assert_string_equal(b->rows[r].cells[0].content.text, a);
    assert_string_equal(b->rows[r].cells[1].content.text, c);
}

/* The same table flattened, then marked up in the three printed styles: one table. */
static void test_table_twice(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Intro paragraph.\n"
                                "Name Value\n"
                                "Alpha one\n"
                                "Beta two\n"
                                "Gamma three\n"
                                "\n<\n\n>\n\n"
                                "Name< th /> Value< th /> tr >\n"
                                "< td >Alpha< td /> < td >one< td /> tr >\n"
                                ">Beta<< /td>>\n"
                                ">two< /td>>\n"
                                "t r>\xE2\x80\x93>\n"
                                "    Gamma\n"
                                "\xC2\xA0 \xC2\xA0 \xC2\xA0 \n"
                                "    three\n"
                                "t d>\xE2\x80\x93>\n"
                                "table-->\n"
                                "< td three /tr /tr /gamma-three-tr-/tbody-/table-\n"
                                "\nAfter the table.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 4);
    assert_cells(t, 0, "Name", "Value");
    assert_true(t->rows[0].cells[0].header);
    assert_cells(t, 1, "Alpha", "one");
    assert_cells(t, 2, "Beta", "two");
    assert_cells(t, 3, "Gamma", "three");
    assert_int_equal(t->line, 2);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 2);
    salvage_doc_free(d);
}

/* Long cells are still cells when a flattened copy vouches for the table; a paragraph that
 * merely ends with cell debris stays a paragraph. */
static void test_table_or_prose(void **state)
{
    (void)state;
    char buf[4096];
    const char *longa = "A very long first cell that goes on and on about the subject of the "
                        "table, far longer than a label, with many words in it, more than two "
                        "hundred bytes of text so that only its copy vouches for it.";
    snprintf(buf, sizeof buf, "%s B\n\n>%s<< /td>>\n>B< /td>>\ntable-->\n", longa, longa);
    salvage_doc *d = parse_text(buf);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    assert_int_equal(first_of(d, SALVAGE_BLOCK_TABLE)->row_count, 1);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 0);
    salvage_doc_free(d);

    d = parse_text("Heading\n\nA paragraph that a scraper ended with cell debris.< td /> tr >\n"
                   "Another paragraph right after it.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 0);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 2);
    salvage_doc_free(d);
}

static void assert_row1(const salvage_block *b, size_t r, const char *a)
{
    assert_true(r < b->row_count);
    assert_int_equal(b->rows[r].cell_count, 1);
    assert_string_equal(b->rows[r].cells[0].content.text, a);
}

static void assert_row3(const salvage_block *b, size_t r, const char *x, const char *y,
                        const char *z)
{
    assert_true(r < b->row_count);
    assert_int_equal(b->rows[r].cell_count, 3);
    assert_string_equal(b->rows[r].cells[0].content.text, x);
    assert_string_equal(b->rows[r].cells[1].content.text, y);
    assert_string_equal(b->rows[r].cells[2].content.text, z);
}

/* Rows printed flat under a header line, one a line: every one of them is a row, its words
 * kept in one cell (nothing says where its cells part); a blank line ends them. */
static void test_table_flat_rows(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Prices for the week.\n\n"
                                "Fruit< th /> Price per kilo< th /> tr >\n"
                                "Apples 2.10 euros\n"
                                "Pears 2.80 euros\n"
                                "Plums 3.40 euros\n"
                                "\nPrices may change when the weather turns.\n"
                                "Another line of prose.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 4);
    assert_cells(t, 0, "Fruit", "Price per kilo");
    assert_true(t->rows[0].cells[0].header && t->rows[0].cells[1].header);
    assert_row1(t, 1, "Apples 2.10 euros");
    assert_row1(t, 2, "Pears 2.80 euros");
    assert_row1(t, 3, "Plums 3.40 euros");
    assert_false(t->rows[1].cells[0].header);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 3);
    salvage_doc_free(d);

    /* after a blank line: prose */
    d = parse_text("Fruit< th /> Price< th /> tr >\nApples 2.10 euros\n\n"
                   "Pears are sweet this year.\n");
    t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 2);
    assert_row1(t, 1, "Apples 2.10 euros");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 1);
    assert_string_equal(first_of(d, SALVAGE_BLOCK_PARAGRAPH)->content.text,
                        "Pears are sweet this year.");
    salvage_doc_free(d);
}

/* Groups of short lines, one cell a line, under a header line: a row each, whether the first
 * group stands right under the header or after a blank line. One run right under it is rows
 * printed flat; groups of another size, and what follows them, are left alone. */
static void test_table_groups_under(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "Intro.\n\n    City th> Month th> Audience th> tr>\n\n    Lyon\n    March\n"
        "    About four hundred\n\n    Ghent\n    June\n    Nearly a thousand\n\n"
        "The next tour starts in April.\n",
        "Intro.\n\nCity< th /> Month< th /> Audience< th /> tr >\nLyon\nMarch\n"
        "About four hundred\n\nGhent\nJune\nNearly a thousand\n\n"
        "The next tour starts in April.\n",
    };
    for (size_t k = 0; k < 2; k++) {
        salvage_doc *d = parse_text(docs[k]);
        assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
        const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
        assert_int_equal(t->row_count, 3);
        assert_row3(t, 0, "City", "Month", "Audience");
        assert_row3(t, 1, "Lyon", "March", "About four hundred");
        assert_row3(t, 2, "Ghent", "June", "Nearly a thousand");
        assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 2);
        salvage_doc_free(d);
    }
    /* one run right under the header: rows printed flat */
    salvage_doc *d = parse_text("City< th /> Month< th /> tr >\nLyon March\nGhent June\n\n"
                                "The next tour starts in April.\n");
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row1(t, 1, "Lyon March");
    assert_row1(t, 2, "Ghent June");
    salvage_doc_free(d);
    /* one group after a blank line may be prose: no rows taken */
    d = parse_text("Name th> Kind th> tr>\n\nA short paragraph.\nAnother one.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 2);
    salvage_doc_free(d);
    /* a group of another size: no rows taken */
    d = parse_text("City th> Month th> Audience th> tr>\n\nLyon\nMarch\n\n"
                   "The next tour starts in April.\n");
    t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_true(t == NULL || t->row_count == 1);
    assert_int_equal(salvage_doc_block(d, salvage_doc_block_count(d) - 1)->type,
                     SALVAGE_BLOCK_PARAGRAPH);
    salvage_doc_free(d);
}

/* Items numbered n, n + 1, ... in order are an ordered list from n: the numbers are its
 * markers, printed once by the text writer. Any other numbering stays in the items' text. */
static void test_numbered_lists(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("How to repot:\n\n1. Water the plant.\n2. Ease it out.\n"
                                "3) Loosen the roots.\n\nDone.\n");
    const salvage_block *l = first_of(d, SALVAGE_BLOCK_LIST);
    assert_non_null(l);
    assert_true(l->ordered);
    assert_int_equal(l->list_start, 1);
    assert_int_equal(l->item_count, 3);
    assert_string_equal(l->items[0].content.text, "Water the plant.");
    assert_string_equal(l->items[2].content.text, "Loosen the roots.");
    text_sink k = {{0}, 0};
    assert_int_equal(salvage_write_text(d, sink_write, &k), SALVAGE_OK);
    assert_non_null(strstr(k.buf, "\n1. Water the plant.\n2. Ease it out.\n3. Loosen the "
                                  "roots.\n"));
    assert_null(strstr(k.buf, "- "));
    salvage_doc_free(d);

    /* a list that goes on after a paragraph starts at its first number */
    d = parse_text("Steps.\n\n4. Trim the roots.\n5. Water it.\n 6) Wait a week.\n");
    l = first_of(d, SALVAGE_BLOCK_LIST);
    assert_non_null(l);
    assert_true(l->ordered);
    assert_int_equal(l->list_start, 4);
    assert_int_equal(l->item_count, 3);
    assert_string_equal(l->items[0].content.text, "Trim the roots.");
    assert_string_equal(l->items[2].content.text, "Wait a week.");
    text_sink t = {{0}, 0};
    assert_int_equal(salvage_write_text(d, sink_write, &t), SALVAGE_OK);
    assert_string_equal(t.buf, "Steps.\n\n4. Trim the roots.\n5. Water it.\n6. Wait a week.\n");
    salvage_doc_free(d);

    /* two-digit numbers go on from 9 */
    d = parse_text("Last steps.\n\n8. Pot it.\n9. Water it.\n10. Wait.\n");
    l = first_of(d, SALVAGE_BLOCK_LIST);
    assert_non_null(l);
    assert_true(l->ordered);
    assert_int_equal(l->list_start, 8);
    assert_int_equal(l->item_count, 3);
    assert_string_equal(l->items[1].content.text, "Water it.");
    assert_string_equal(l->items[2].content.text, "Wait.");
    salvage_doc_free(d);

    static const char *const kept[] = {"Steps.\n\n4. Trim the roots.\n4. Water it.\n",
                                       "Steps.\n\n1. Trim the roots.\n3. Water it.\n",
                                       "Steps.\n\n5. Trim the roots.\n4. Water it.\n",
                                       "Steps.\n\n- Trim the roots.\n2. Water it.\n"};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        d = parse_text(kept[i]);
        l = first_of(d, SALVAGE_BLOCK_LIST);
        assert_non_null(l);
        assert_false(l->ordered);
        assert_int_equal(l->list_start, 1);
        assert_int_equal(l->item_count, 2);
        assert_non_null(strstr(l->items[1].content.text, ". Water it."));
        salvage_doc_free(d);
    }

    /* a lone numbered item (a numbered paragraph with item debris) has no order to carry:
     * its number stays in its text */
    d = parse_text("Put luggage on the floor li > ul >\n"
                   "3. Do not use a wooden luggage rack li > ul >\n\nMore text.\n");
    for (size_t i = 0; i < salvage_doc_block_count(d); i++) {
        const salvage_block *blk = salvage_doc_block(d, i);
        if (blk->type == SALVAGE_BLOCK_LIST)
            for (size_t j = 0; j < blk->item_count; j++)
                if (strstr(blk->items[j].content.text, "wooden"))
                    assert_string_equal(blk->items[j].content.text,
                                        "3. Do not use a wooden luggage rack");
        assert_true(blk->type != SALVAGE_BLOCK_LIST || !blk->ordered);
    }
    salvage_doc_free(d);
}

/* A numbered line whose own debris says paragraph or heading is that block, even beside a
 * line with item debris: its number stays in its text. An item token on the numbered line
 * itself still makes it an item. */
static void test_numbered_line_with_block_debris(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Intro paragraph here.\n\n"
                                "Towels should always be cleaned between stays li > ul >\n"
                                "7. Always made sure the hand towels are clean< /p>>\n\n"
                                "Next paragraph.\n");
    assert_string_equal(salvage_doc_block(d, 2)->type == SALVAGE_BLOCK_PARAGRAPH
                            ? salvage_doc_block(d, 2)->content.text
                            : "(not a paragraph)",
                        "7. Always made sure the hand towels are clean");
    salvage_doc_free(d);
    d = parse_text("Intro paragraph here.\n\n"
                   "It holds the most germs of anything li > ul >\n"
                   "6. Mini bars almost always lose money h2 >\n\n"
                   "Despite the snacks in the minibar.\n");
    const salvage_block *h = first_of(d, SALVAGE_BLOCK_HEADING);
    assert_non_null(h);
    assert_string_equal(h->content.text, "6. Mini bars almost always lose money");
    assert_int_equal(h->level, 2);
    salvage_doc_free(d);
    d = parse_text("Steps:\n\n1. Water the plant< /p> li >\n2. Ease it out< /p> li >\n");
    const salvage_block *l = first_of(d, SALVAGE_BLOCK_LIST);
    assert_non_null(l);
    assert_int_equal(l->item_count, 2);
    salvage_doc_free(d);
}

/* Any bullet mark standing alone before debris starts an item, as "•" does: "- < b >Map< b />
 * for the trail". A mark glued to a word ("•Label< strong />") is no bullet and its word
 * stays in the text; a number alone before debris stays text too. */
static void test_bullet_mark_alone_before_debris(void **state)
{
    (void)state;
    static const char *const marks[] = {"-", "*", "\xE2\x80\x93", "\xC2\xB7", "\xE2\x96\xAA",
                                        "\xE2\x97\xA6", "\xE2\x80\xA3", "\xE2\x80\xA2"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        char text[200];
        snprintf(text, sizeof text,
                 "Intro words of a paragraph here.\n\n%s < b >Map< b /> for the trail\n"
                 "%s < b >Key< b /> for the door\n\nEnd words.\n",
                 marks[k], marks[k]);
        salvage_doc *d = parse_text(text);
        assert_int_equal(count_type(d, SALVAGE_BLOCK_LIST), 1);
        const salvage_block *l = first_of(d, SALVAGE_BLOCK_LIST);
        assert_int_equal(l->item_count, 2);
        assert_string_equal(l->items[0].content.text, "Map for the trail");
        assert_string_equal(l->items[1].content.text, "Key for the door");
        assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 2);
        salvage_doc_free(d);
    }
    salvage_doc *d = parse_text("Intro words.\n\n\xE2\x80\xA2Label< strong /> the first thing\n"
                                "\xE2\x80\xA2Other< strong /> the second\n\nEnd words.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_LIST), 0);
    assert_string_equal(salvage_doc_block(d, 1)->content.text,
                        "\xE2\x80\xA2Label the first thing");
    assert_string_equal(salvage_doc_block(d, 2)->content.text, "\xE2\x80\xA2Other the second");
    salvage_doc_free(d);
    d = parse_text("Intro words.\n\n1. < b >Map< b /> for the trail\n\nEnd words.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_LIST), 0);
    assert_string_equal(salvage_doc_block(d, 1)->content.text, "1. Map for the trail");
    salvage_doc_free(d);
}

static void test_lists_and_numbers(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Title of it\n\n"
                                "  \xE2\x80\xA2 < strong >First:< strong /> one li >\n"
                                "  - Second item< li />\n"
                                "  * Third /li>> ul >\n\n"
                                "1. A numbered section heading\n\n"
                                "Body text of the section.\n\n"
                                "1) step one\n"
                                "2) step two\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_LIST), 2);
    const salvage_block *l = first_of(d, SALVAGE_BLOCK_LIST);
    assert_int_equal(l->item_count, 3);
    assert_false(l->ordered);
    assert_string_equal(l->items[0].content.text, "First: one");
    assert_int_equal(l->items[0].content.span_count, 1);
    assert_int_equal(l->items[0].content.spans[0].kind, SALVAGE_SPAN_EMPHASIS);
    assert_int_equal(l->items[0].content.spans[0].end, 6);
    assert_string_equal(l->items[2].content.text, "Third");
    /* a number standing alone is part of the text; numbered lines together are a list */
    bool numbered_heading = false;
    for (size_t i = 0; i < salvage_doc_block_count(d); i++) {
        const salvage_block *b = salvage_doc_block(d, i);
        numbered_heading =
            numbered_heading || (b->type == SALVAGE_BLOCK_HEADING &&
                                 strcmp(b->content.text, "1. A numbered section heading") == 0);
        if (b->type == SALVAGE_BLOCK_LIST && b != l) {
            assert_true(b->ordered);
            assert_int_equal(b->item_count, 2);
            assert_string_equal(b->items[1].content.text, "step two");
        }
    }
    assert_true(numbered_heading);
    salvage_doc_free(d);

    /* a bullet whose text was all debris is no item, and no list */
    d = parse_text("Words here.\n\n  \xE2\x80\xA2 < strong />\n\nMore words.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_LIST), 0);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 2);
    salvage_doc_free(d);

    /* section breaks carry no content: no item, no paragraph, and they part paragraphs */
    static const char *const breaks[] = {
        "* * *", "- - -", "***", "---", "_-_-_", "  \xE2\x80\xA2 \xE2\x80\xA2 \xE2\x80\xA2",
        "\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94"};
    for (size_t k = 0; k < sizeof breaks / sizeof breaks[0]; k++) {
        char text[200];
        snprintf(text, sizeof text,
                 "Words of the first part end here.\n\n%s\n\n"
                 "Words of the second part go on.\n%s\nAnd a third part.\n",
                 breaks[k], breaks[k]);
        d = parse_text(text);
        assert_int_equal(count_type(d, SALVAGE_BLOCK_LIST), 0);
        assert_int_equal(salvage_doc_block_count(d), 3);
        assert_string_equal(salvage_doc_block(d, 0)->content.text,
                            "Words of the first part end here.");
        assert_string_equal(salvage_doc_block(d, 1)->content.text,
                            "Words of the second part go on.");
        assert_string_equal(salvage_doc_block(d, 2)->content.text, "And a third part.");
        salvage_doc_free(d);
    }
    /* underscores alone are text (a form's blank, a signature line), not a break */
    static const char *const blanks[] = {"___", "______________", "_ _ _"};
    for (size_t k = 0; k < sizeof blanks / sizeof blanks[0]; k++) {
        char text[200];
        snprintf(text, sizeof text, "Sign on the line below.\n\n%s\n\nAnd date it.\n", blanks[k]);
        d = parse_text(text);
        assert_int_equal(salvage_doc_block_count(d), 3);
        assert_int_equal(salvage_doc_block(d, 1)->type, SALVAGE_BLOCK_PARAGRAPH);
        assert_string_equal(salvage_doc_block(d, 1)->content.text, blanks[k]);
        salvage_doc_free(d);
    }
    /* a bullet item made of symbols and words stays an item */
    d = parse_text("Intro words here.\n\n* * item\n* ** bold\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_LIST), 1);
    assert_int_equal(first_of(d, SALVAGE_BLOCK_LIST)->item_count, 2);
    assert_string_equal(first_of(d, SALVAGE_BLOCK_LIST)->items[0].content.text, "* item");
    salvage_doc_free(d);
}

static void test_headings_and_paragraphs(void **state)
{
    (void)state;
    salvage_doc *d =
        parse_text("The Title Line\n\n"
                   "Posted by someone on Monday p > div >\n\n"
                   "Section marked h3>\n"
                   ">A paragraph that was wrapped by the scraper in the middle<< /p>>\n"
                   "A line of prose that stops mid\n"
                   "sentence and goes on here.\n\n"
                   "    \xC2\xA0 \xC2\xA0 \n"
                   "Closing words.\n");
    const salvage_block *b = salvage_doc_block(d, 0);
    assert_int_equal(b->type, SALVAGE_BLOCK_HEADING);
    assert_int_equal(b->level, 1);
    assert_string_equal(b->content.text, "The Title Line");
    b = salvage_doc_block(d, 1);
    assert_int_equal(b->type, SALVAGE_BLOCK_PARAGRAPH);
    assert_string_equal(b->content.text, "Posted by someone on Monday");
    b = salvage_doc_block(d, 2);
    assert_int_equal(b->type, SALVAGE_BLOCK_HEADING);
    assert_int_equal(b->level, 3);
    assert_string_equal(b->content.text, "Section marked");
    b = salvage_doc_block(d, 3);
    assert_int_equal(b->type, SALVAGE_BLOCK_PARAGRAPH);
    assert_string_equal(b->content.text,
                        "A paragraph that was wrapped by the scraper in the middle");
    b = salvage_doc_block(d, 4);
    assert_string_equal(b->content.text,
                        "A line of prose that stops mid sentence and goes on here.");
    assert_int_equal(salvage_doc_block_count(d), 6);
    salvage_doc_free(d);
}

/* An invalid byte (U+FFFD once decoded) after the final period still ends a sentence. */
static void test_heading_invalid_byte(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Lorem ipsum dolor sit amet.\xFF\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_HEADING), 0);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_PARAGRAPH), 1);
    salvage_doc_free(d);
    d = parse_text("Lorem ipsum dolor sit amet.\xFF \xFF\t\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_HEADING), 0);
    salvage_doc_free(d);
    /* a title with an invalid byte is still a title */
    d = parse_text("Lorem Ipsum Dolor\xFF\n\nSed ut perspiciatis unde omnis iste natus.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_HEADING), 1);
    assert_int_equal(salvage_doc_block(d, 0)->type, SALVAGE_BLOCK_HEADING);
    salvage_doc_free(d);
}

/* ---- hostile input: linear work ------------------------------------------------------------ */

/* unit repeated reps times, NUL-terminated (the caller frees it). */
static char *repeat(const char *unit, size_t reps, size_t *n)
{
    size_t ul = strlen(unit);
    char *s = malloc(ul * reps + 1);
    assert_non_null(s);
    for (size_t k = 0; k < reps; k++)
        memcpy(s + k * ul, unit, ul);
    s[ul * reps] = 0;
    *n = ul * reps;
    return s;
}

/* The recogniser's steps on one line of reps units. */
static size_t scan_work(const char *unit, size_t reps)
{
    size_t n, work = 0;
    char *s = repeat(unit, reps, &n);
    sv_debris *t = malloc((n + 1) * sizeof *t);
    bool only;
    assert_non_null(t);
    assert_true(sv_debris_scan_counted(s, n, t, n + 1, &only, &work) <= n + 1);
    free(s);
    free(t);
    return work;
}

/* The text stages' steps on a document of reps units. */
static size_t text_work(const char *unit, size_t reps)
{
    size_t n;
    char *s = repeat(unit, reps, &n);
    salvage_options opts;
    salvage_doc *d = NULL;
    salvage_options_init(&opts);
    opts.input_kind = SALVAGE_INPUT_TEXT;
    assert_true(salvage_parse(s, n, &opts, &d) <= SALVAGE_LIMIT);
    assert_non_null(d);
    size_t work = d->text_work;
    salvage_doc_free(d);
    free(s);
    return work;
}

/* Work, not time, so that the check holds under valgrind and on a loaded machine: doubling
 * the input at most doubles the work (with a little room for constant terms). */
static void assert_linear(size_t (*work)(const char *, size_t), const char *unit, size_t reps)
{
    size_t w1 = work(unit, reps), w2 = work(unit, 2 * reps);
    assert_true(w1 > 0);
    if ((double)w2 > 2.2 * (double)w1)
        fail_msg("\"%s\" x %zu: work %zu, x %zu: work %zu", unit, reps, w1, 2 * reps, w2);
}

static void test_linear_work(void **state)
{
    (void)state;
    /* one long line of each shape the recogniser might revisit */
    static const char *const units[] = {"< td >", "/tr ", "a ", ">",  "<",      "p > ",
                                        "< ",     "t ",   "x",  "/",  "-",      "<<< /",
                                        "li >x ", "./",   "-/", ".-/td-", "/a-/tr- ", "p >x ",
                                        /* prose before markup, with and without spaces */
                                        "word, word td > ", "1a1a1a1a1a>", "a.b.c.d/"};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        assert_linear(scan_work, units[k], 20000);
    /* whole documents: end words, table lines, headings, bullets, slug tails */
    static const char *const docs[] = {
        "tr > li > ul > p > th> td> ",
        "< td >Cell< /td>> < td >Two< /td>> tr >\n",
        "Cell one tr >\n",
        "Alpha\tBeta\tGamma\n",
        "\nHeading\n",
        "\nWord\n\nA line of prose that goes on for a while.\n",
        "\xE2\x80\xA2 item\n",
        "- item\n1. item\n",
        "/post-crimea-sanctions-tr-/tbody-/table-\n",
        "./",
        "Head One\nHead Two\n\nx\ny\n\n",
        "A th> B th> tr>\nrow one\nrow two\n",
        "A th> B th> tr>\n\nx\ny\n\nx\ny\n\n",
        "A th> B th> tr>\nx\ny\n\nx\ny\n\nx\n",
        "< p words\n< h2 Title\n",
        "1. one\n2. two\n",
    };
    for (size_t k = 0; k < sizeof docs / sizeof docs[0]; k++)
        assert_linear(text_work, docs[k], 3000);
}

/* ---- character references in the article text ----------------------------------------------- */

/* The reference at the start of s: its length (0 when none) and, when decoded, its UTF-8. */
static void check_ref(const char *s, size_t want_used, const char *want)
{
    char out[8];
    size_t out_len = 0, used = sv_text_charref(s, strlen(s), out, &out_len);
    if (used != want_used)
        fail_msg("\"%s\": length %zu, want %zu", s, used, want_used);
    if (used && (out_len != strlen(want) || memcmp(out, want, out_len) != 0))
        fail_msg("\"%s\": %zu bytes, want \"%s\"", s, out_len, want);
}

static void test_charref_single(void **state)
{
    (void)state;
    check_ref("&amp; Jerry", 5, "&");
    check_ref("&eacute;t&eacute;", 8, "\xC3\xA9");
    check_ref("&nbsp;", 6, "\xC2\xA0");
    check_ref("&AMP;", 5, "&"); /* the table has both cases of a few names */
    check_ref("&NotEqualTilde;", 15, "\xE2\x89\x82\xCC\xB8"); /* two code points */
    check_ref("&CounterClockwiseContourIntegral;", 33, "\xE2\x88\xB3"); /* the longest name */
    check_ref("&#39;s", 5, "'");
    check_ref("&#x27;", 6, "'");
    check_ref("&#X27;", 6, "'");
    check_ref("&#xE9;", 6, "\xC3\xA9");
    check_ref("&#0039;", 7, "'");
    /* windows-1252 for 0x80..0x9F, except the five it leaves undefined */
    check_ref("&#x80;", 6, "\xE2\x82\xAC");
    check_ref("&#150;", 6, "\xE2\x80\x93");
    check_ref("&#x9F;", 6, "\xC5\xB8");
    check_ref("&#x81;", 6, "\xC2\x81");
    /* no character, a surrogate, or past U+10FFFF: U+FFFD */
    check_ref("&#0;", 4, "\xEF\xBF\xBD");
    check_ref("&#xD800;", 8, "\xEF\xBF\xBD");
    check_ref("&#xDFFF;", 8, "\xEF\xBF\xBD");
    check_ref("&#x110000;", 10, "\xEF\xBF\xBD");
    check_ref("&#99999999999999999999999;", 26, "\xEF\xBF\xBD");
    /* noncharacters and other controls are kept */
    check_ref("&#x10FFFF;", 10, "\xF4\x8F\xBF\xBF");
    check_ref("&#xFFFE;", 8, "\xEF\xBF\xBE");
    check_ref("&#xFDD0;", 8, "\xEF\xB7\x90");
    check_ref("&#13;", 5, "\r");
    /* not well-formed, or not in the table: left as written */
    check_ref("&amp", 0, "");
    check_ref("&amp Jerry", 0, "");
    check_ref("&copy 2020", 0, "");
    check_ref("&T and", 0, "");
    check_ref("& b", 0, "");
    check_ref("&foo;", 0, "");
    check_ref("&Amp;", 0, "");
    check_ref("&;", 0, "");
    check_ref("&#;", 0, "");
    check_ref("&#x;", 0, "");
    check_ref("&#39", 0, "");
    check_ref("&#39 x", 0, "");
    check_ref("&#x1G;", 0, "");
    check_ref("&#-1;", 0, "");
    check_ref("&CounterClockwiseContourIntegralX;", 0, "");
    check_ref("&eacute x;", 0, "");
    check_ref("&ea-cute;", 0, "");
    check_ref("&#", 0, "");
    check_ref("&", 0, "");
}

/* The text of block i of s parsed as scraped text. */
static void check_block(const char *s, size_t i, const char *want)
{
    salvage_doc *d = parse_text(s);
    const salvage_block *b = salvage_doc_block(d, i);
    assert_non_null(b);
    if (strcmp(b->content.text, want) != 0)
        fail_msg("\"%s\" block %zu: \"%s\", want \"%s\"", s, i, b->content.text, want);
    salvage_doc_free(d);
}

/* The "charref" diagnostic of d, or NULL. */
static const salvage_diagnostic *charref_diag(const salvage_doc *d)
{
    const salvage_diagnostic *found = NULL;
    for (size_t i = 0; i < salvage_doc_diagnostic_count(d); i++) {
        const salvage_diagnostic *g = salvage_doc_diagnostic(d, i);
        if (strcmp(g->code, "charref") == 0) {
            assert_null(found); /* one per document */
            found = g;
        }
    }
    return found;
}

static void test_charref_text(void **state)
{
    (void)state;
    check_block("Tom &amp; Jerry said &quot;hi&quot; and it&#39;s &eacute;t&eacute;\n", 0,
                "Tom & Jerry said \"hi\" and it's \xC3\xA9t\xC3\xA9");
    /* prose ampersands and what is no well-formed reference stay */
    check_block("AT&T and R&D, a & b, &foo; and &amp without its end.\n", 0,
                "AT&T and R&D, a & b, &foo; and &amp without its end.");
    check_block("See ?name=Nikhil&favColor=blue&x=1; for &#x; and &#12 and &;.\n", 0,
                "See ?name=Nikhil&favColor=blue&x=1; for &#x; and &#12 and &;.");
    /* double-escaped text is decoded once */
    check_block("Write &amp;lt;b&amp;gt; or &amp;amp; for the two.\n", 0,
                "Write &lt;b&gt; or &amp; for the two.");
    /* a no-break space is white space: runs collapse, ends are trimmed */
    check_block("&nbsp;one&nbsp;&nbsp; two &nbsp;\n", 0, "one two");
    /* a comparison in prose is decoded; escaped tags are debris, never text */
    check_block("The first paragraph.&lt;/p&gt;\n", 0, "The first paragraph.");
    check_block("&lt;p&gt;When a &lt; b and c &gt; d hold.&lt;/p&gt;\n", 0,
                "When a < b and c > d hold.");
    /* a reference split by a debris token is no reference */
    check_block("Tom &am</p>>p; Jerry went home after the long day.\n", 0,
                "Tom &am p; Jerry went home after the long day.");
    /* list items and table cells */
    salvage_doc *d = parse_text("- Tom &amp; Jerry\n- R&amp;D &nbsp; costs\n");
    const salvage_block *b = first_of(d, SALVAGE_BLOCK_LIST);
    assert_non_null(b);
    assert_int_equal(b->item_count, 2);
    assert_string_equal(b->items[0].content.text, "Tom & Jerry");
    assert_string_equal(b->items[1].content.text, "R&D costs");
    salvage_doc_free(d);
    d = parse_text("Name th> Price th> tr>\nCaf&eacute; au lait td> 3&euro; td> tr>\n"
                   "Th&eacute; td> 2&euro; td> tr>\n");
    b = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_non_null(b);
    assert_int_equal(b->row_count, 3);
    assert_string_equal(b->rows[1].cells[0].content.text, "Caf\xC3\xA9 au lait");
    assert_string_equal(b->rows[1].cells[1].content.text, "3\xE2\x82\xAC");
    assert_string_equal(b->rows[2].cells[0].content.text, "Th\xC3\xA9");
    salvage_doc_free(d);
}

static void test_charref_spans_and_diagnostic(void **state)
{
    (void)state;
    /* "Le " is 3 bytes, "café" 5: the span covers the decoded word */
    salvage_doc *d =
        parse_text("Intro line of the article.\n\nLe < strong >caf&eacute;< strong /> &amp; "
                   "cr&egrave;me br&ucirc;l&eacute;e est bonne.\n");
    const salvage_block *b = salvage_doc_block(d, 1);
    assert_non_null(b);
    assert_string_equal(b->content.text,
                        "Le caf\xC3\xA9 & cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e est bonne.");
    assert_int_equal(b->content.span_count, 1);
    assert_int_equal(b->content.spans[0].start, 3);
    assert_int_equal(b->content.spans[0].end, 8);
    /* one info diagnostic, at the line of the first reference; no noise */
    const salvage_diagnostic *g = charref_diag(d);
    assert_non_null(g);
    assert_int_equal(g->severity, SALVAGE_SEVERITY_INFO);
    assert_int_equal(g->offset, 28);
    assert_int_equal(g->line, 3);
    assert_string_equal(g->message, "5 character references decoded");
    assert_int_equal(salvage_doc_noise_count(d), 0);
    salvage_doc_free(d);
    /* references in escaped tags are the debris' own: nothing decoded, no diagnostic */
    d = parse_text("The first paragraph.&lt;/p&gt;\nAT&T and R&D.\n");
    assert_null(charref_diag(d));
    salvage_doc_free(d);
}

/* A line of escaped white space ("&nbsp;") separates like the white space itself: the list
 * around it stays one list, as it does around a line of no-break spaces. */
static void test_charref_space_lines(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "Things to bring:\n\n- a map\n\xC2\xA0\n- a torch\n",
        "Things to bring:\n\n- a map\n&nbsp;\n- a torch\n",
        "Things to bring:\n\n- a map\n &nbsp;&#160; &#xA0;&#32;\n- a torch\n",
    };
    for (size_t k = 0; k < sizeof docs / sizeof docs[0]; k++) {
        salvage_doc *d = parse_text(docs[k]);
        assert_int_equal(salvage_doc_block_count(d), 2);
        const salvage_block *b = first_of(d, SALVAGE_BLOCK_LIST);
        assert_non_null(b);
        assert_int_equal(b->item_count, 2);
        assert_string_equal(b->items[0].content.text, "a map");
        assert_string_equal(b->items[1].content.text, "a torch");
        salvage_doc_free(d);
    }
    /* white space references inside text are decoded as white space, "&#10;" too */
    check_block("one &nbsp;&#32;two&#10;three&#9;four\n", 0, "one two three four");
}

static void test_charref_linear(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "&amp;", "&#1111", "&&&", "&#x", "&CounterClockwiseContourIntegra", "a &amp;lt; b\n",
        "&nbsp;", "&nbsp;\n", "- a\n&#160;\n",
    };
    for (size_t k = 0; k < sizeof docs / sizeof docs[0]; k++)
        assert_linear(text_work, docs[k], 3000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spaced_and_self_closed),
        cmocka_unit_test(test_doubled_brackets),
        cmocka_unit_test(test_bare_end_words),
        cmocka_unit_test(test_split_names_and_arrows),
        cmocka_unit_test(test_split_table_names),
        cmocka_unit_test(test_slashed_and_slugs),
        cmocka_unit_test(test_opening_fragments),
        cmocka_unit_test(test_bracket_lines),
        cmocka_unit_test(test_escaped),
        cmocka_unit_test(test_every_element_name),
        cmocka_unit_test(test_element_lookup),
        cmocka_unit_test(test_prose_before_markup),
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_token_meaning),
        cmocka_unit_test(test_prose_untouched),
        cmocka_unit_test(test_input_kind),
        cmocka_unit_test(test_table_twice),
        cmocka_unit_test(test_table_or_prose),
        cmocka_unit_test(test_table_flat_rows),
        cmocka_unit_test(test_table_groups_under),
        cmocka_unit_test(test_numbered_lists),
        cmocka_unit_test(test_lists_and_numbers),
        cmocka_unit_test(test_bullet_mark_alone_before_debris),
        cmocka_unit_test(test_numbered_line_with_block_debris),
        cmocka_unit_test(test_headings_and_paragraphs),
        cmocka_unit_test(test_heading_invalid_byte),
        cmocka_unit_test(test_linear_work),
        cmocka_unit_test(test_charref_single),
        cmocka_unit_test(test_charref_text),
        cmocka_unit_test(test_charref_spans_and_diagnostic),
        cmocka_unit_test(test_charref_space_lines),
        cmocka_unit_test(test_charref_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
