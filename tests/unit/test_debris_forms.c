/*
 * test_debris_forms.c — debris forms found in scraped articles corrupted the way the held-out
 * study corrupts them, each checked on both sides (the form removed, similar prose left alone):
 *  - U+FFFD (undecodable bytes) and format controls at a line's edges: "...</p\uFFFD";
 *  - format controls inside a token: "/t\u202Er" in a chain of "/tr" before a slug tail;
 *  - arrow tails after white space ("tr -->", "p –>") and "->" after a tag word ("tr->");
 *  - in text mode, well-formed tags at a line's edges ("Text.</p>", "<h2>Title</h2>",
 *    "</li></ul>", a line "</tr>"), and the structure they stand for;
 *  - tags spaced inside another way: "<p >", "<td >" (a space before ">" only), "</ em>",
 *    "</td >" (a space after "/" or before ">"), anywhere on the line; and comparisons in
 *    prose ("a < b > c", "x <b > y") that share their shape;
 *  - row ends with any dash in their arrow ("t r>\u2012>") and split names whose space a
 *    scraper doubled ("t  r>\u2014>");
 *  - in text mode, inline markup left whole in a sentence ("<em>brown</em>"), and an
 *    unclosed "</p" before other debris.
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
#include "salvage.h"
#include "text_doc.h"

#define FFFD "\xEF\xBF\xBD"
#define ZWSP "\xE2\x80\x8B"
#define RLO "\xE2\x80\xAE"
#define PDF "\xE2\x80\xAC"
#define LRI "\xE2\x81\xA6"
#define SHY "\xC2\xAD"
#define BOM "\xEF\xBB\xBF"
#define EMDASH "\xE2\x80\x94"

/* Scans line in text mode (text) or as text of parsed HTML; tokens to *toks (freed by the
 * caller), their number returned. */
static size_t scan_line(const char *line, bool text, sv_debris **toks, bool *only)
{
    size_t n = strlen(line), work = 0;
    *toks = malloc((n + 1) * sizeof **toks);
    assert_non_null(*toks);
    size_t c = text ? sv_debris_scan_text(line, n, *toks, n + 1, only, &work)
                    : sv_debris_scan(line, n, *toks, n + 1, only);
    assert_true(c <= n + 1);
    return c;
}

/* The line with every token replaced by "|". */
static char *strip(const char *line, bool text, bool *only)
{
    size_t n = strlen(line), o = 0, at = 0;
    sv_debris *toks;
    size_t c = scan_line(line, text, &toks, only);
    char *out = malloc(n + 2);
    assert_non_null(out);
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

static void check_mode(const char *line, bool text, const char *want, bool want_only)
{
    bool only = false;
    char *got = strip(line, text, &only);
    if (strcmp(got, want) != 0 || only != want_only)
        fail_msg("%s line \"%s\": got \"%s\" (only=%d), want \"%s\" (only=%d)",
                 text ? "text" : "html", line, got, only, want, want_only);
    free(got);
}

/* The same result in both modes. */
static void check(const char *line, const char *want, bool want_only)
{
    check_mode(line, false, want, want_only);
    check_mode(line, true, want, want_only);
}

/* Prose: no token in either mode. */
static void prose(const char *line)
{
    check(line, line, false);
}

/* ---- 1. U+FFFD and format controls at a line's edges ----------------------------------------- */

static void test_invisible_line_edges(void **state)
{
    (void)state;
    /* "</p" ending the line, then what invalid bytes decoded to, or a control */
    check("Marchas en la Argentina.</p" FFFD FFFD, "Marchas en la Argentina.|" FFFD FFFD, false);
        /* (a control right after the name is looked through as the white space around it is) */
    check("Marchas en la Argentina.</p" ZWSP, "Marchas en la Argentina.|", false);
    check("Marchas en la Argentina. < /p " RLO PDF, "Marchas en la Argentina. |", false);
    /* a chain of "/tr" and a slug tail, then U+FFFD */
    check("/tr /tr" FFFD, "| |" FFFD, true);
    check("< td Cats /tr /tr /cats-tr-/tbody-/table-" FFFD FFFD FFFD,
          "|Cats | | |" FFFD FFFD FFFD, false);
    check(FFFD "/tr /tr /cats-tr-/tbody-/table-", FFFD "| | |", true);
    /* bare end words and arrow tails before U+FFFD or a control at the end */
    check("The budget passed p >" FFFD, "The budget passed |" FFFD, false);
    check("The budget passed tbody>–>" LRI, "The budget passed |" LRI, false);
    check(BOM "tr >", BOM "|", true);

    /* prose: the same shapes not at the line's end, or no debris at all */
    prose("He wrote x </p" FFFD " and left.");
    prose("Files live in /usr/share" FFFD);
    prose("Open the /tr" FFFD); /* one "/tr" may be a path or a link's text */
    prose("The ratio a/b" FFFD);
    prose("See the table " FFFD);
    prose("Costs went from 5 -> 7" ZWSP);
}

/* ---- 2. format controls inside a token ------------------------------------------------------- */

static void test_controls_inside_tokens(void **state)
{
    (void)state;
    /* the held-out slug line: a bidi override inside the second "/tr" */
    const char *slug = "< td いぬのかお いぬ /tr /t" RLO "r /tr /いぬのかお-いぬ-tr-/tbody-/table-";
    check(slug, "|いぬのかお いぬ | | | |", false);
    check("/tr /t" RLO "r", "| |", true);
    check("/tr /t" ZWSP ZWSP "r /tr", "| | |", true);
    check("The end of it all p" ZWSP " >", "The end of it all |", false);
    check("The end of it all t" SHY "r>–>", "The end of it all |", false);
    check("Cell text< /t" RLO "d>>", "Cell text|", false);
    check("/tr " RLO "/tr", "| " RLO "|", true);
    check("/cats-t" RLO "r-/tbody-/table-", "|", true);

    /* the token covers the control's bytes; the repair report of the control is the noise
     * stage's, not the recogniser's */
    sv_debris *t;
    bool only;
    const char *line = "/tr /t" RLO "r";
    size_t c = scan_line(line, true, &t, &only);
    assert_int_equal(c, 2);
    assert_int_equal(t[1].start, 4);
    assert_int_equal(t[1].end, strlen(line));
    assert_int_equal(t[1].elem, SV_DE_ROW);
    assert_int_equal(t[1].role, SV_DR_CLOSE);
    free(t);

    /* prose with controls inside words that merely look like names */
    prose("The t" SHY "able was set for dinner.");
    prose("Take b" ZWSP " > c as given.");
    prose("Go to x " RLO "/tr y");
    prose("/t" RLO "r");
    prose("Read p" ZWSP "arts of it > now");
}

/* An invalid byte sequence inside a name decodes to a run of U+FFFD, one per byte (up to six
 * for "\xFC\x84\x80\x80\x80\x80"): looked through once per name, up to eight of them. */
static void test_invalid_bytes_inside_names(void **state)
{
    (void)state;
#define FFFD4 FFFD FFFD FFFD FFFD
    check("Text of the page. p>  d" FFFD4 "iv>", "Text of the page. |  |", false);
    check("  >Kindle<</ t" FFFD4 FFFD FFFD "d>>", "  |Kindle|", false);
    check("t" FFFD "d>" EMDASH ">", "|", true);
    check("< t" FFFD FFFD "d >Cell< /td>", "|Cell|", false);

    sv_debris *t;
    bool only;
    const char *line = "Cell< /t" FFFD FFFD "d>>";
    assert_int_equal(scan_line(line, true, &t, &only), 1);
    assert_int_equal(t[0].start, 4);
    assert_int_equal(t[0].end, strlen(line)); /* the token covers the U+FFFD */
    assert_int_equal(t[0].elem, SV_DE_CELL);
    free(t);

    /* prose: no closer after the word, a second run, more than eight, or no name */
    prose("Go to the d" FFFD "iv now.");
    prose("Text d" FFFD "i" FFFD "v> more");
    prose("Text t" FFFD4 FFFD4 FFFD "d> more");
    prose("Say x" FFFD "y> z.");
#undef FFFD4
}

/* ---- 3. arrow tails after white space, "->" after a tag word ---------------------------------- */

static void test_spaced_arrows(void **state)
{
    (void)state;
    check("tr -->", "|", true);
    check("tr->", "|", true);
    check("tr ->", "|", true);
    check("t r >", "|", true);
    check("The vote is set for May. p –>", "The vote is set for May. |", false);
    check("The vote is set for May. p-->", "The vote is set for May. |", false);
    check("The vote is set for May. p —>", "The vote is set for May. |", false);
    check("Last item of the list li>–>", "Last item of the list |", false);
    check("Last item of the list li > ol >", "Last item of the list | |", false);

    sv_debris *t;
    bool only;
    assert_int_equal(scan_line("tr -->", true, &t, &only), 1);
    assert_int_equal(t[0].elem, SV_DE_ROW);
    assert_int_equal(t[0].role, SV_DR_CLOSE);
    free(t);

    /* arrows in prose and code */
    prose("A --> B");
    prose("Step one -> step two");
    prose("p->next = q;");
    prose("if (p->next) return;");
    prose("Move the table -> chairs first");
    prose("from a p --> to the q");
    prose("x = p->y;");
    prose("The score went 3 -> 4");
}

/* ---- 4. well-formed tags at a line's edges (text mode only) ---------------------------------- */

static void test_wellformed_edges(void **state)
{
    (void)state;
    check_mode("Argentina signed the accord.</p>", true, "Argentina signed the accord.|", false);
    check_mode("Argentina signed the accord. </p>", true, "Argentina signed the accord. |", false);
    check_mode("Members met on Tuesday.</div></p>", true, "Members met on Tuesday.||", false);
    check_mode("</div></p>", true, "||", true);
    check_mode("First item of the list</li>", true, "First item of the list|", false);
    check_mode("Last item of the list</li></ul>", true, "Last item of the list||", false);
    check_mode("<h2>Budget talks resume</h2>", true, "|Budget talks resume|", false);
    check_mode("<li>An item opened by its tag", true, "|An item opened by its tag", false);
    check_mode("  <p>Indented paragraph", true, "  |Indented paragraph", false);
    check_mode("</tr>", true, "|", true);
    check_mode("<br/>", true, "|", true);
    check_mode("Ends with a break<br>", true, "Ends with a break|", false);
    check_mode("Text</p>" FFFD, true, "Text|" FFFD, false);

    /* what the tags stand for */
    sv_debris *t;
    bool only;
    assert_int_equal(scan_line("<h2>Budget talks resume</h2>", true, &t, &only), 2);
    assert_int_equal(t[0].elem, SV_DE_HEADING);
    assert_int_equal(t[0].level, 2);
    assert_int_equal(t[0].role, SV_DR_OPEN);
    assert_int_equal(t[1].elem, SV_DE_HEADING);
    assert_int_equal(t[1].role, SV_DR_CLOSE);
    free(t);
    assert_int_equal(scan_line("</tr>", true, &t, &only), 1);
    assert_int_equal(t[0].elem, SV_DE_ROW);
    assert_int_equal(t[0].role, SV_DR_CLOSE);
    free(t);
    assert_int_equal(scan_line("Item</li>", true, &t, &only), 1);
    assert_int_equal(t[0].elem, SV_DE_ITEM);
    free(t);

    /* the text of parsed HTML: a literal tag there was written by the page's author */
    check_mode("Argentina signed the accord.</p>", false, "Argentina signed the accord.</p>",
               false);
    check_mode("<h2>Budget talks resume</h2>", false, "<h2>Budget talks resume</h2>", false);
    check_mode("</tr>", false, "</tr>", false);

    /* prose about markup: tags in the middle of a sentence, unknown names, attributes */
    prose("Use the <p> tag to start a paragraph.");
    prose("Then x </p> y follows.");
    prose("Close it with </li> and go on.");
    /* (a pair glued around a phrase, "<b>bold</b>", is inline markup: test_inline_pairs) */
    prose("<foo>Unknown names stay</foo>");
    prose("<custom-tag>");
    prose("<p class=\"x\">");
    prose("a <b c");
    prose("x <p>y");
}

/* ---- 5. tags spaced inside: "<p >", "</ em>", "</td >" --------------------------------------- */

static void test_spaced_open_tags(void **state)
{
    (void)state;
    check("<p >The quick brown fox jumps over the lazy dog.< /p >",
          "|The quick brown fox jumps over the lazy dog.|", false);
    check("<h3 >A heading with a tag< /h3>", "|A heading with a tag|", false);
    check("The quick <em >brown< /em> fox and <a >the link< /a> and <span >a span< /span>.",
          "The quick |brown| fox and |the link| and |a span|.", false);
    check("<strong >Note:< /strong> the lazy dog sleeps.", "|Note:| the lazy dog sleeps.", false);
    check("<td >City< /td> <td >Population< /td> tr >", "|City| |Population| |", false);
    check("<td >", "|", true);
    check("<td  >", "|", true);
    check("<td > <td >", "| |", true);
    check("  <p > Indented text", "  | Indented text", false); /* first on its line */
    check("Text ends here <p >", "Text ends here |", false);     /* last on its line */
    /* a tight "<td/>" glued to a cell is confirmed by the spaced tag after it */
    check_mode("regions<td/> <td >11 regions", true, "regions| |11 regions", false);

    /* what the tags stand for */
    sv_debris *t;
    bool only;
    assert_int_equal(scan_line("<td >City", true, &t, &only), 1);
    assert_int_equal(t[0].elem, SV_DE_CELL);
    assert_int_equal(t[0].role, SV_DR_OPEN);
    free(t);
    assert_int_equal(scan_line("<h3 >Title", true, &t, &only), 1);
    assert_int_equal(t[0].elem, SV_DE_HEADING);
    assert_int_equal(t[0].level, 3);
    free(t);

    /* comparisons and code share the shape: an operand glued to "<", or white space after
     * ">" with more text to come */
    prose("If a < b > c then the order holds.");
    prose("The set {a < b > c} is ordered.");
    prose("We know x <b > y for all cases.");
    prose("so x<b >y and p<q >r");
    prose("if (i<p >0) return;");
    prose("I love you <3 so much.");
    prose("Use p->next and x => y here.");
    prose("> quoted reply text here");
    prose(">> a reply to a reply");
    prose("template <class T > struct box;");
    prose("<3 <3 <3");
}

static void test_spaced_close_tags(void **state)
{
    (void)state;
    check("The quick < em>brown</ em> fox jumps over the lazy dog.",
          "The quick |brown| fox jumps over the lazy dog.", false);
    check("< strong>Note:</ strong> the lazy dog sleeps all day long.",
          "|Note:| the lazy dog sleeps all day long.", false);
    check("A sentence with < b>bold</ b> and < i>italic</ i> words inside.",
          "A sentence with |bold| and |italic| words inside.", false);
    check("middle east</ td> <td >45.3</ td> tr >", "middle east| |45.3| |", false);
    check("The cell</td > and more", "The cell| and more", false);
    check("</ td>", "|", true);

    sv_debris *t;
    bool only;
    assert_int_equal(scan_line("east</ td> <td >45.3", true, &t, &only), 2);
    assert_int_equal(t[0].elem, SV_DE_CELL);
    assert_int_equal(t[0].role, SV_DR_CLOSE);
    assert_int_equal(t[1].elem, SV_DE_CELL);
    assert_int_equal(t[1].role, SV_DR_OPEN);
    free(t);

    /* a slash in prose is no closing tag: no "<" before it, or no element name after it */
    prose("a </ b ratio");
    prose("x </ y and </ foo>");
    prose("and/ or the em> in it");
}

/* ---- 6. row ends: any dash in the arrow, a doubled space in a split name ---------------------- */

static void test_dash_family_and_split_spaces(void **state)
{
    (void)state;
    check("t r>" EMDASH ">", "|", true);
    check("t  r>" EMDASH ">", "|", true);
    check("t   d>\xE2\x80\x93>", "|", true);
    check("  t  r>" EMDASH ">", "  |", true);
    check("t r>\xE2\x80\x90>", "|", true);         /* U+2010 hyphen */
    check("t r>\xE2\x80\x92>", "|", true);         /* U+2012 figure dash */
    check("t r>\xE2\x80\x95>", "|", true);         /* U+2015 horizontal bar */
    check("table>\xE2\x88\x92>", "|", true);       /* U+2212 minus */
    check("tbody>\xE2\x80\x91>", "|", true);       /* U+2011 non-breaking hyphen */
    check("Last item of the list li>\xE2\x80\x92>", "Last item of the list |", false);
    check("t  r>", "|", true);

    sv_debris *t;
    bool only;
    assert_int_equal(scan_line("t  r>" EMDASH ">", true, &t, &only), 1);
    assert_int_equal(t[0].elem, SV_DE_ROW);
    assert_int_equal(t[0].role, SV_DR_CLOSE);
    free(t);

    /* prose: more spaces than debris uses, halves that join to no name, arrows in prose, and
     * a split table name (whose halves may be words) with its space doubled */
    prose("t    r>" EMDASH ">");
    prose("t  x>" EMDASH ">");
    prose("tab  le>");
    prose("from a p \xE2\x80\x90> to the q");
    prose("A \xE2\x88\x92> B and p\xE2\x80\x92>q");
    prose("at  the r> of it");
}

/* ---- 7. inline markup left whole: "<em>brown</em>" (text mode only) -------------------------- */

static void test_inline_pairs(void **state)
{
    (void)state;
    check_mode("The quick <em>brown</em> fox jumps over the <b>lazy</b> dog.", true,
               "The quick |brown| fox jumps over the |lazy| dog.", false);
    check_mode("<strong>Note:</strong> the lazy dog sleeps all day long.", true,
               "|Note:| the lazy dog sleeps all day long.", false);
    check_mode("Read <a>the whole report</a> first.", true, "Read |the whole report| first.",
               false);
    check_mode("Wrap it in <b>bold</b> and <i>italics</i> here.", true,
               "Wrap it in |bold| and |italics| here.", false);
    check_mode("Go <EM>now</em> please.", true, "Go |now| please.", false);

    sv_debris *t;
    bool only;
    assert_int_equal(scan_line("The quick <em>brown</em> fox", true, &t, &only), 2);
    assert_int_equal(t[0].elem, SV_DE_EMPHASIS);
    assert_int_equal(t[0].role, SV_DR_OPEN);
    assert_int_equal(t[1].elem, SV_DE_EMPHASIS);
    assert_int_equal(t[1].role, SV_DR_CLOSE);
    free(t);

    /* the text of parsed HTML: the page's author wrote them */
    check_mode("The quick <em>brown</em> fox.", false, "The quick <em>brown</em> fox.", false);
    /* prose about markup: tags set apart by spaces, names that differ, another "<" inside,
     * or too far apart */
    check_mode("Each row is a <tr> and each cell a <td>; close them with </td> and </tr>.", true,
               "Each row is a <tr> and each cell a <td>; close them with </td> and </tr>.",
               false);
    check_mode("Use <b> and </b> around the words.", true, "Use <b> and </b> around the words.",
               false);
    check_mode("Type <em>x then y </em> to end.", true, "Type <em>x then y </em> to end.", false);
    check_mode("The <b>bold</i> mismatch stays.", true, "The <b>bold</i> mismatch stays.", false);
    check_mode("So <b>a < c</b> holds.", true, "So <b>a < c</b> holds.", false);
    char far[400];
    snprintf(far, sizeof far, "A <em>%s</em> b.",
             "very long phrase that goes on and on well past any emphasis a scraper would "
             "leave in a sentence, longer than any link text or bold note, until it ends at "
             "last, some way on");
    check_mode(far, true, far, false);
}

/* "</p" without its ">" before other debris, not only at the end of the line. */
static void test_unclosed_end_tag(void **state)
{
    (void)state;
    check("Less than 5%</p &lt;/p&gt;&lt;/div&gt;", "Less than 5%|||", false);
    check("References</h2 &lt;br&gt;", "References||", false);
    check("Marchas en la Argentina.</p", "Marchas en la Argentina.|", false);
    prose("The ratio x </p y stays.");
    prose("Path a </b and c.");
}

/* ---- whole documents: the structure the forms stand for -------------------------------------- */

static const salvage_block *block(const salvage_doc *d, size_t i)
{
    assert_true(i < salvage_doc_block_count(d));
    return salvage_doc_block(d, i);
}

static void assert_block(const salvage_doc *d, size_t i, salvage_block_type type,
                         const char *text)
{
    const salvage_block *b = block(d, i);
    assert_int_equal(b->type, type);
    assert_string_equal(b->content.text, text);
}

static void test_document_hints(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Intro paragraph of the page.\n\n"
                                "<h2>Budget talks resume</h2>\n\n"
                                "Members met on Tuesday.</div></p>\n\n"
                                "- First item here</li>\n"
                                "- Second item here</li></ul>\n\n"
                                "Use the <p> tag to start a paragraph, x </p> y.\n\n"
                                "The talks ended in Argentina.</p" FFFD FFFD "\n");
    assert_int_equal(salvage_doc_block_count(d), 6);
    assert_block(d, 0, SALVAGE_BLOCK_PARAGRAPH, "Intro paragraph of the page.");
    assert_block(d, 1, SALVAGE_BLOCK_HEADING, "Budget talks resume");
    assert_int_equal(block(d, 1)->level, 2);
    assert_block(d, 2, SALVAGE_BLOCK_PARAGRAPH, "Members met on Tuesday.");
    const salvage_block *l = block(d, 3);
    assert_int_equal(l->type, SALVAGE_BLOCK_LIST);
    assert_int_equal(l->item_count, 2);
    assert_string_equal(l->items[0].content.text, "First item here");
    assert_string_equal(l->items[1].content.text, "Second item here");
    assert_block(d, 4, SALVAGE_BLOCK_PARAGRAPH,
                 "Use the <p> tag to start a paragraph, x </p> y.");
    assert_block(d, 5, SALVAGE_BLOCK_PARAGRAPH, "The talks ended in Argentina.");
    salvage_doc_free(d);
}

static void assert_row(const salvage_block *t, size_t r, const char *a, const char *b)
{
    assert_true(r < t->row_count);
    assert_int_equal(t->rows[r].cell_count, 2);
    assert_string_equal(t->rows[r].cells[0].content.text, a);
    assert_string_equal(t->rows[r].cells[1].content.text, b);
}

/* A table printed flat, then cell by cell with "tr -->", "tr->" and "</tr>" row ends: one
 * table of three rows. */
static void test_document_row_ends(void **state)
{
    (void)state;
    static const char *const ends[] = {"tr -->", "tr->",        "</tr>",
                                       "t r >",  "t  r>" EMDASH ">", "t r>\xE2\x80\x92>"};
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        char buf[512];
        snprintf(buf, sizeof buf,
                 "Intro paragraph of the page.\n\nCity Month\nLyon March\nGhent June\n\n"
                 ">City<< /td>>\n>Month<< /td>>\n%s\n>Lyon<< /td>>\n>March<< /td>>\n%s\n"
                 ">Ghent<< /td>>\n>June<< /td>>\ntable-->\n\nClosing paragraph of the page.\n",
                 ends[k], ends[k]);
        salvage_doc *d = parse_text(buf);
        assert_int_equal(salvage_doc_block_count(d), 3);
        const salvage_block *t = block(d, 1);
        assert_int_equal(t->type, SALVAGE_BLOCK_TABLE);
        assert_int_equal(t->row_count, 3);
        assert_row(t, 0, "City", "Month");
        assert_row(t, 1, "Lyon", "March");
        assert_row(t, 2, "Ghent", "June");
        assert_block(d, 2, SALVAGE_BLOCK_PARAGRAPH, "Closing paragraph of the page.");
        salvage_doc_free(d);
    }
}

/* A table printed flat, then row by row with "<td >" opening each cell and "</ td>" or
 * "< /td>" closing it: one table of three rows, no tag left in a cell. */
static void test_document_spaced_cells(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Intro paragraph of the page.\n\n"
                                "City Share\nLyon 45.3\nGhent 12.0\n\n"
                                "<td >City< /td> <td >Share< /td> tr >\n"
                                "<td >Lyon</ td> <td >45.3</ td> tr >\n"
                                "<td >Ghent< /td> <td >12.0< /td> tr >\n\n"
                                "Closing paragraph of the page.\n");
    assert_int_equal(salvage_doc_block_count(d), 3);
    assert_block(d, 0, SALVAGE_BLOCK_PARAGRAPH, "Intro paragraph of the page.");
    const salvage_block *t = block(d, 1);
    assert_int_equal(t->type, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "City", "Share");
    assert_row(t, 1, "Lyon", "45.3");
    assert_row(t, 2, "Ghent", "12.0");
    assert_block(d, 2, SALVAGE_BLOCK_PARAGRAPH, "Closing paragraph of the page.");
    salvage_doc_free(d);
}

/* Linear work on lines built to make the new look-throughs repeat themselves. */
static void test_linear(void **state)
{
    (void)state;
    static const char *const units[] = {"/t" RLO, RLO RLO RLO RLO RLO "x", "/a-" RLO "-",
                                        "t" SHY SHY "r -", "</p" FFFD " ", "<p>a ",
                                        "<p > ",  "x <b > ", "</ a", "t  r  ", "t  ",
                                        "<b>a</b>", "<i>x", "d" FFFD FFFD "iv ",
                                        "t" FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t w[2] = {0, 0};
        for (size_t r = 0; r < 2; r++) {
            size_t reps = r ? 8000 : 1000, l = strlen(units[u]), n = reps * l;
            char *s = malloc(n + 1);
            assert_non_null(s);
            for (size_t i = 0; i < reps; i++)
                memcpy(s + i * l, units[u], l);
            sv_debris *t = malloc((n + 1) * sizeof *t);
            assert_non_null(t);
            bool only;
            assert_true(sv_debris_scan_text(s, n, t, n + 1, &only, &w[r]) <= n + 1);
            free(t);
            free(s);
        }
        if (w[1] > 10 * w[0])
            fail_msg("unit %zu: work %zu for 1000 copies, %zu for 8000", u, w[0], w[1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invisible_line_edges), cmocka_unit_test(test_controls_inside_tokens),
        cmocka_unit_test(test_invalid_bytes_inside_names),
        cmocka_unit_test(test_spaced_arrows),        cmocka_unit_test(test_wellformed_edges),
        cmocka_unit_test(test_spaced_open_tags),     cmocka_unit_test(test_spaced_close_tags),
        cmocka_unit_test(test_dash_family_and_split_spaces),
        cmocka_unit_test(test_inline_pairs),         cmocka_unit_test(test_unclosed_end_tag),
        cmocka_unit_test(test_document_hints),       cmocka_unit_test(test_document_row_ends),
        cmocka_unit_test(test_document_spaced_cells),
        cmocka_unit_test(test_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
