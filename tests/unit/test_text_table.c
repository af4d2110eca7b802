/*
 * test_text_table.c — tables of scraped text printed twice with no cell marker at all: flat
 * (one row a line) and as groups of short lines (one cell a line, groups parted by blank
 * lines), in either order, with rows of one cell among them (a caption heading both copies,
 * an infobox's section rows); and a flat copy above rows printed as groups under a header
 * line. Both sides: prose that merely looks like it (poems, addresses, lists, short lines a
 * paragraph happens to repeat, text printed twice as paragraphs) stays prose, and the
 * matching does linear work on hostile input. Lines of no-break spaces and lone markup lines
 * between paragraphs make no table; those inside a table printed one cell a line still part
 * its cells.
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

#include "internal.h"
#include "salvage.h"
#include "text_doc.h"

/* Row r of table b holds exactly the cells given (NULL-terminated). */
static void assert_row(const salvage_block *b, size_t r, ...)
{
    va_list ap;
    size_t n = 0;
    assert_true(r < b->row_count);
    va_start(ap, r);
    for (const char *want; (want = va_arg(ap, const char *)) != NULL; n++) {
        assert_true(n < b->rows[r].cell_count);
        assert_string_equal(b->rows[r].cells[n].content.text, want);
    }
    va_end(ap);
    assert_int_equal(b->rows[r].cell_count, n);
}

static bool has_diag(const salvage_doc *d, const char *code)
{
    for (size_t i = 0; i < salvage_doc_diagnostic_count(d); i++)
        if (strcmp(salvage_doc_diagnostic(d, i)->code, code) == 0)
            return true;
    return false;
}

/* Whether some block of d is a paragraph or heading with exactly this text. */
static bool has_text_block(const salvage_doc *d, const char *text)
{
    for (size_t i = 0; i < salvage_doc_block_count(d); i++) {
        const salvage_block *b = salvage_doc_block(d, i);
        if ((b->type == SALVAGE_BLOCK_PARAGRAPH || b->type == SALVAGE_BLOCK_HEADING) &&
            strcmp(b->content.text, text) == 0)
            return true;
    }
    return false;
}

/* The page's form: flat rows under a caption, bracket lines, then the caption and the rows
 * one cell a line, closing debris and the wreck of the last row. One table, printed once,
 * where its flat copy began. */
static const char caption_doc[] =
    "Development statistics\n\n"
    "In the past year there were 381 changesets.\n\n"
    "    By changesets\n"
    "    Herbert D\xC3\xBCrr 63 16.6%\n"
    "    J\xC3\xBCrgen Schmidt 56 14.7%\n"
    "    Armin Le Grand 56 14.7%\n"
    "\n    <\n\n    >\n    <\n\n    >\n\n\n"
    "    By changesets\n\n"
    "    Herbert D\xC3\xBCrr\n    63\n    16.6%\n\n"
    "    J\xC3\xBCrgen Schmidt\n    56\n    14.7%\n\n"
    "    Armin Le Grand\n    56\n    14.7%\n\n"
    "    t r>\xE2\x80\x93>\n    table-->\n"
    "    < td 14.7% /tr /tr /armin-le-grand-56-14-7-tr-/tbody-/table-\n\n"
    "The numbers tell a story.\n";

static void test_caption_and_groups_after(void **state)
{
    (void)state;
    salvage_doc *d = parse_text(caption_doc);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 4);
    assert_row(t, 0, "By changesets", NULL);
    assert_row(t, 1, "Herbert D\xC3\xBCrr", "63", "16.6%", NULL);
    assert_row(t, 2, "J\xC3\xBCrgen Schmidt", "56", "14.7%", NULL);
    assert_row(t, 3, "Armin Le Grand", "56", "14.7%", NULL);
    assert_false(t->rows[0].cells[0].header); /* nothing says it is a header */
    assert_int_equal(t->line, 5);             /* where the flat copy begins */
    assert_true(has_diag(d, "table-copy"));
    /* the text around it, once; no row text, caption or wreck outside the table */
    assert_int_equal(salvage_doc_block_count(d), 4);
    assert_true(has_text_block(d, "The numbers tell a story."));
    assert_false(has_text_block(d, "By changesets"));
    assert_false(has_text_block(d, "14.7%"));
    salvage_doc_free(d);
}

/* No caption; a paragraph printed right against the flat copy stays a paragraph. */
static void test_groups_after_no_caption(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Sales by region, first quarter:\n"
                                "North 120 units\n"
                                "South 95 units\n"
                                "\n<\n\n>\n\n"
                                "North\n120 units\n\n"
                                "South\n95 units\n\n"
                                "Both regions grew.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 2);
    assert_row(t, 0, "North", "120 units", NULL);
    assert_row(t, 1, "South", "95 units", NULL);
    assert_int_equal(t->line, 2);
    assert_true(has_text_block(d, "Sales by region, first quarter:"));
    assert_true(has_text_block(d, "Both regions grew."));
    assert_int_equal(salvage_doc_block_count(d), 3);
    salvage_doc_free(d);
}

/* The mirror: the groups first, the flat copy after them. */
static void test_groups_before(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Top speakers\n\n"
                                "Lyon\nMarch\n\n"
                                "Ghent\nJune\n\n"
                                "Porto\nOctober\n\n"
                                "Top speakers\n"
                                "Lyon March\nGhent June\nPorto October\n\n"
                                "See you there.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 4);
    assert_row(t, 0, "Top speakers", NULL);
    assert_row(t, 1, "Lyon", "March", NULL);
    assert_row(t, 2, "Ghent", "June", NULL);
    assert_row(t, 3, "Porto", "October", NULL);
    assert_int_equal(t->line, 1); /* where the groups copy begins */
    assert_int_equal(salvage_doc_block_count(d), 2);
    assert_true(has_text_block(d, "See you there."));
    salvage_doc_free(d);
}

/* The copies compare as normalised text: runs of white space, tabs, no-break spaces,
 * indentation and zero-width spaces in either copy do not keep them apart. */
static void test_copies_differ_in_spacing(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Intro line.\n\n"
                                "\tHerbert  D\xC3\xBCrr \t 63   16.6%  \n"
                                "J\xC3\xBCrgen\xC2\xA0Schmidt 5\xE2\x80\x8B" "6 14.7%\n"
                                "\xE2\x80\x8B" "Armin Le Grand 56 14.7%\n"
                                "\n<\n>\n\n"
                                "  Herbert D\xC3\xBCrr  \n6\xE2\x80\x8B" "3\n16.6%\n\n"
                                "J\xC3\xBCrgen Schmidt\n56\n14.7%\n\n"
                                "\tArmin Le Grand\n56\n14.7%\n\n"
                                "End.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "Herbert D\xC3\xBCrr", "63", "16.6%", NULL);
    assert_row(t, 1, "J\xC3\xBCrgen Schmidt", "56", "14.7%", NULL);
    assert_row(t, 2, "Armin Le Grand", "56", "14.7%", NULL);
    assert_int_equal(salvage_doc_block_count(d), 3);
    salvage_doc_free(d);
    /* but a word that differs after a shared first word does */
    d = parse_text("North 120 units\nSouth 95 units\n\nNorth\n120 items\n\nSouth\n95 units\n\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 0);
    salvage_doc_free(d);
}

/* An infobox: rows of one cell between rows of two (a group of one line each), bullets kept
 * in the cells they start. */
static void test_rows_of_one_cell(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("New Zealand\n"
                                "Capital Wellington\n"
                                "Government Unitary parliamentary monarchy\n"
                                "\xE2\x80\xA2 Monarch Elizabeth II\n"
                                "Area\n"
                                "\xE2\x80\xA2 Total 268,021 km2\n"
                                "\n\n"
                                "New Zealand\n\n"
                                "Capital\nWellington\n\n"
                                "Government\nUnitary parliamentary monarchy\n\n"
                                "\xE2\x80\xA2 Monarch\nElizabeth II\n\n"
                                "Area\n\n"
                                "\xE2\x80\xA2 Total\n268,021 km2\n\n"
                                "The country lies in the Pacific.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 6);
    assert_row(t, 0, "New Zealand", NULL);
    assert_row(t, 1, "Capital", "Wellington", NULL);
    assert_row(t, 2, "Government", "Unitary parliamentary monarchy", NULL);
    assert_row(t, 3, "\xE2\x80\xA2 Monarch", "Elizabeth II", NULL);
    assert_row(t, 4, "Area", NULL);
    assert_row(t, 5, "\xE2\x80\xA2 Total", "268,021 km2", NULL);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_LIST), 0);
    assert_int_equal(salvage_doc_block_count(d), 2);
    salvage_doc_free(d);
}

/* Rows as groups under a header line, with the flat copy above: the flat lines are taken by
 * the table (printed once), and the wreck of the last row too. */
static void test_header_groups_flat_copy(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Release history:\n\n"
                                "Release Date\n"
                                "4.2.3 April 2014\n"
                                "4.3 July 2014\n"
                                "\n<\n\n>\n\n"
                                "Release< th /> Date< th /> tr >\n\n"
                                "4.2.3\nApril 2014\n\n"
                                "4.3\nJuly 2014\n\n"
                                "table-->\n"
                                "< td July 2014 /tr /tr /4-3-july-2014-tr-/tbody-/table-\n\n"
                                "Two releases.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "Release", "Date", NULL);
    assert_true(t->rows[0].cells[0].header && t->rows[0].cells[1].header);
    assert_row(t, 1, "4.2.3", "April 2014", NULL);
    assert_row(t, 2, "4.3", "July 2014", NULL);
    assert_int_equal(t->line, 3);
    assert_int_equal(salvage_doc_block_count(d), 3);
    assert_false(has_text_block(d, "July 2014"));
    assert_true(has_text_block(d, "Two releases."));
    salvage_doc_free(d);
}

/* A header line with empty header cells, then one short line alone and the table's close:
 * the close says the line was inside the table, a row of one cell. Without the close, one
 * line under a header of two stays a paragraph; a line after the close is no row. */
static void test_header_then_short_row_closed(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Origami\n\n"
                                "< th /> Fold a dog< th /> (from the club)< th /> < th /> tr >\n\n"
                                "Dog face\n\n"
                                "tab le>\n"
                                "t r>\xE2\x80\x93>\n\n"
                                "Listen to the story\nof the dog at the river.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 2);
    assert_row(t, 0, "Fold a dog", "(from the club)", NULL);
    assert_row(t, 1, "Dog face", NULL);
    assert_false(has_text_block(d, "Dog face"));
    assert_true(has_text_block(d, "Listen to the story of the dog at the river."));
    salvage_doc_free(d);

    d = parse_text("Origami\n\n"
                   "< th /> Fold a dog< th /> (from the club)< th /> < th /> tr >\n\n"
                   "Dog face\n\n"
                   "Listen to the story\nof the dog at the river.\n");
    t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_non_null(t);
    assert_int_equal(t->row_count, 1);
    assert_true(has_text_block(d, "Dog face"));
    salvage_doc_free(d);

    d = parse_text("Origami\n\n"
                   "< th /> Fold a dog< th /> (from the club)< th /> < th /> tr >\n\n"
                   "tab le>\n\n"
                   "Dog face\n\n"
                   "Listen to the story\nof the dog at the river.\n");
    t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_non_null(t);
    assert_int_equal(t->row_count, 1);
    assert_true(has_text_block(d, "Dog face"));
    salvage_doc_free(d);
}

/* The same table with its flat copy above: two lines, the header row joined ("Fold a dog
 * (from the club)") and the row. They look like one group of two short lines, one cell a
 * line, but the first is the header printed flat: they are the flattened copy, taken once. */
static void test_flat_copy_not_groups(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Origami\n\n"
                                "Fold a dog (from the club)\n"
                                "Dog face\n\n"
                                "< th /> Fold a dog< th /> (from the club)< th /> < th /> tr >\n\n"
                                "Dog face\n\n"
                                "/tbody /table\n"
                                "< td Dog face /tr /tr /dog-face-tr-/tbody-/table-\n\n"
                                "Listen to the story\nof the dog at the river.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 2);
    assert_row(t, 0, "Fold a dog", "(from the club)", NULL);
    assert_row(t, 1, "Dog face", NULL);
    assert_int_equal(t->line, 3);
    assert_true(has_diag(d, "table-copy"));
    assert_false(has_text_block(d, "Dog face"));
    assert_int_equal(salvage_doc_block_count(d), 3);
    salvage_doc_free(d);
}

/* ---- prose that is no such table ----------------------------------------------------------- */

/* s with every run of white space made one space, trimmed, in place. */
static char *squash(char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i]; i++) {
        bool sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t';
        if (sp && (o == 0 || s[o - 1] == ' '))
            continue;
        s[o++] = sp ? ' ' : s[i];
    }
    while (o > 0 && s[o - 1] == ' ')
        o--;
    s[o] = 0;
    return s;
}

/* No table, no table-copy diagnostic, and the clean text is the document's text: every word
 * kept once, in order. */
static void assert_prose(const char *doc)
{
    salvage_doc *d = parse_text(doc);
    text_sink k = {{0}, 0};
    char in[4096];
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 0);
    assert_false(has_diag(d, "table-copy"));
    assert_int_equal(salvage_write_text(d, sink_write, &k), SALVAGE_OK);
    assert_true(strlen(doc) < sizeof in);
    strcpy(in, doc);
    assert_string_equal(squash(k.buf), squash(in));
    salvage_doc_free(d);
}

static void test_prose_stays(void **state)
{
    (void)state;
    /* a poem: stanzas of short lines, no flat copy */
    assert_prose("Winter\n\nThe snow fell on the hill\nand the road was still\n\n"
                 "The lamps came on at four\nand no one knocked the door\n\nThe end.\n");
    /* an address after two lines that it does not repeat */
    assert_prose("Write to us at the office.\nWe answer every letter.\n\n"
                 "Acme Ltd\n12 High Street\nLeeds\n\n"
                 "Acme Ltd\n14 Low Street\nYork\n\nThanks.\n");
    /* one stanza a later line happens to repeat: one group is not a table */
    assert_prose("Roses are red\nViolets are blue\n\nThe card said:\nRoses are red Violets are "
                 "blue\nand nothing more.\n\nEnd.\n");
    /* the flat lines come back as groups but for the last one */
    assert_prose("North 120 units\nSouth 95 units\nEast 70 units\n\n"
                 "North\n120 units\n\nSouth\n95 units\n\nEast\n71 units\n\nDone.\n");
    /* lines printed again as paragraphs: nothing split into cells */
    assert_prose("North 120 units\nSouth 95 units\n\n"
                 "North 120 units\n\nSouth 95 units\n\nDone.\n");
    /* one row split into cells is not enough; nor are fewer split rows than whole ones */
    assert_prose("North 120 units\nSouth 95 units\n\n"
                 "North\n120 units\n\nSouth 95 units\n\nDone.\n");
    assert_prose("North 120 units\nSouth 95 units\nEast 70 units\nWest 60 units\n"
                 "Centre 50 units\n\nNorth\n120 units\n\nSouth\n95 units\n\n"
                 "East 70 units\n\nWest 60 units\n\nCentre 50 units\n\nDone.\n");
    /* a list, then its words in short lines: the bullets tell them apart */
    assert_prose("Steps:\n\n- Mix well\n- Bake now\n\nMix\nwell\n\nBake\nnow\n\nDone.\n");
}

/* ---- lines of no-break spaces and lone markup lines ---------------------------------------- */

#define NBSP "\xC2\xA0"
#define EN_DASH "\xE2\x80\x93"

/* A line of no-break spaces between two paragraphs, with no markup closing the run, parts
 * nothing: the paragraphs stay paragraphs (it was a one-column table of them). */
static void test_nbsp_line_between_paragraphs(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("The first paragraph of the article.\n" NBSP " " NBSP " " NBSP
                                " \nThe second paragraph of the article.\n\nThe third paragraph.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 0);
    assert_int_equal(salvage_doc_block_count(d), 3);
    assert_true(has_text_block(d, "The first paragraph of the article."));
    assert_true(has_text_block(d, "The second paragraph of the article."));
    salvage_doc_free(d);
    /* alone at the start, or beside a blank line */
    d = parse_text(NBSP "\nOne line.\nAnother line.\n\n" NBSP " " NBSP "\nA last line.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 0);
    assert_int_equal(salvage_doc_block_count(d), 3);
    assert_true(has_text_block(d, "Another line."));
    assert_true(has_text_block(d, "A last line."));
    salvage_doc_free(d);
    /* a section break parts the run as a blank line does: the table under it takes nothing */
    d = parse_text("Intro line here.\n" NBSP " " NBSP "\n* * *\nSecond line here.\n"
                   "< td >A< td /> < td >B< td /> tr >\n< td >C< td /> < td >D< td /> tr >\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    assert_int_equal(first_of(d, SALVAGE_BLOCK_TABLE)->row_count, 2);
    assert_true(has_text_block(d, "Intro line here."));
    assert_true(has_text_block(d, "Second line here."));
    salvage_doc_free(d);
}

/* Such a line right above a table's flat copy: the flat copy is still matched with the
 * marked-up copy and taken, so the header row's words come out once, in the table. */
static void test_nbsp_line_before_flat_copy(void **state)
{
    (void)state;
    salvage_doc *d = parse_text(
        "Intro paragraph.\n" NBSP " " NBSP " " NBSP " \n"
        "General UX UX draft UX review\nLoad map\nSave map\n\n<\n\n>\n\n"
        "General UX< th /> UX draft th> UX review< th /> tr >\n"
        "< td >Load map< td /> < td >< td /> < td >< td /> < td >< td /> tr >\n"
        "< td >Save map< td /> < td >< td /> < td >< td /> < td >< td /> tr >\n\n"
        "Closing paragraph.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "General UX", "UX draft", "UX review", NULL);
    assert_true(t->rows[0].cells[0].header);
    assert_row(t, 1, "Load map", "", "", "", NULL);
    assert_int_equal(t->line, 3); /* where the flat copy begins */
    assert_true(has_text_block(d, "Intro paragraph."));
    assert_true(has_text_block(d, "Closing paragraph."));
    assert_int_equal(salvage_doc_block_count(d), 3);
    salvage_doc_free(d);
}

/* The lines of no-break spaces of a table printed one cell a line part its cells: a run of
 * them closed by cell markup ("t d>–>"), with one before an empty first cell, several for
 * empty cells, and an undecodable byte among them. */
static void test_nbsp_cells_stay(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Intro.\n\n" NBSP " " NBSP "\n    Name\n" NBSP " " NBSP
                                "\n    Kind\nt d>" EN_DASH ">\nt r>" EN_DASH ">\n"
                                "    Alpha\n" NBSP " " NBSP "\n    One\nt d>" EN_DASH
                                ">\nt r>" EN_DASH ">\n"
                                "    Beta\n" NBSP " " NBSP "\n\xC1\xBF\n    Two\nt d>" EN_DASH
                                ">\nt r>" EN_DASH ">\n\nAfter.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "Name", "Kind", NULL);
    assert_row(t, 1, "Alpha", "One", NULL);
    assert_row(t, 2, "Beta", "Two", NULL);
    assert_true(has_text_block(d, "Intro."));
    assert_true(has_text_block(d, "After."));
    assert_int_equal(salvage_doc_block_count(d), 3);
    salvage_doc_free(d);
}

/* A lone header close ("th>–>") between two paragraph lines closes nothing but the line
 * above: no table of the two. A separator line carrying the close ("   /th>" after no-break
 * spaces) is followed by the next header cell. */
static void test_lone_header_close(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("First paragraph of text here.\nth>" EN_DASH
                                ">\nSecond paragraph of text here.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 0);
    assert_true(has_text_block(d, "First paragraph of text here."));
    assert_true(has_text_block(d, "Second paragraph of text here."));
    assert_int_equal(salvage_doc_block_count(d), 2);
    salvage_doc_free(d);
    d = parse_text("Members:\n\n    Name\n    " NBSP " " NBSP " /th>\n    Instrument\n    " NBSP
                   " " NBSP " \n\n    Ilse\n\n    Violin\n\n    Tomas\n\n    Cello\n\n"
                   "They tour.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "Name", "Instrument", NULL);
    assert_true(t->rows[0].cells[1].header);
    assert_row(t, 1, "Ilse", "Violin", NULL);
    assert_row(t, 2, "Tomas", "Cello", NULL);
    salvage_doc_free(d);
}

/* A table printed one cell a line between brackets (">Name< /td>>") whose first cell is empty
 * ("><< /td>>"), right under a line of text: that line is no cell of it, and when it is the
 * last row of the flat copy, the copy is still matched. */
static void test_empty_first_cell_under_text(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Plain English paragraph before the table.\n"
                                "><< /td>>\n>Name< /td>>\n>Value<< /td>>\nt r>" EN_DASH ">\n"
                                ">Alpha< /td>>\n>One< /td>>\n< /tr>>\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 2);
    assert_row(t, 0, "", "Name", "Value", NULL);
    assert_row(t, 1, "Alpha", "One", NULL);
    assert_int_equal(t->line, 2);
    assert_true(has_text_block(d, "Plain English paragraph before the table."));
    assert_int_equal(salvage_doc_block_count(d), 2);
    salvage_doc_free(d);
    d = parse_text("City Population\nAuckland 1,628,900\nWellington 418,500\n"
                   "><< /td>>\n>City< /td>>\n>Population<< /td>>\nt r>" EN_DASH ">\n"
                   ">Auckland< /td>>\n>1,628,900< /td>>\n< /tr>>\n"
                   ">Wellington< /td>>\n>418,500< /td>>\n< /tr>>\n");
    assert_int_equal(salvage_doc_block_count(d), 1);
    t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_non_null(t);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "", "City", "Population", NULL);
    assert_row(t, 1, "Auckland", "1,628,900", NULL);
    assert_row(t, 2, "Wellington", "418,500", NULL);
    assert_int_equal(t->line, 1);
    assert_true(has_diag(d, "table-copy"));
    salvage_doc_free(d);
}

/* A table printed marked up first and flat second: the flat lines, which are every cell in
 * order, one row a line, are taken into the table, as the flat copy is when it comes first. */
static const char struct_first_doc[] =
    "The table below lists the three largest cities.\n\n"
    "< td >City< td /> < td >Population< td /> tr >\n"
    "< td >Auckland< td /> < td >1,628,900< td /> tr >\n"
    "< td >Wellington< td /> < td >418,500< td /> tr >\n"
    "< td 418,500 /tr /tr /wellington-418-500-tr-/tbody-/table-\n\n<\n\n>\n\n"
    "City Population\nAuckland 1,628,900\nWellington 418,500\n\n"
    "The next paragraph talks about something else.\n";

static void test_flat_copy_after(void **state)
{
    (void)state;
    salvage_doc *d = parse_text(struct_first_doc);
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "City", "Population", NULL);
    assert_row(t, 2, "Wellington", "418,500", NULL);
    assert_int_equal(t->line, 3);
    assert_true(has_diag(d, "table-copy"));
    assert_int_equal(salvage_doc_block_count(d), 3);
    assert_false(has_text_block(d, "City Population"));
    assert_true(has_text_block(d, "The next paragraph talks about something else."));
    salvage_doc_free(d);
}

/* Lines after a marked-up table that are not all of its cells stay paragraphs: a copy that
 * stops short, a line that starts as the first row does, cells out of order. */
static void test_flat_copy_after_guards(void **state)
{
    (void)state;
    static const char *const after[] = {
        "City Population\nAuckland 1,628,900\n",
        "City Population is what the census counts.\n",
        "City Population\nWellington 418,500\nAuckland 1,628,900\n",
    };
    for (size_t k = 0; k < sizeof after / sizeof after[0]; k++) {
        char doc[1024];
        snprintf(doc, sizeof doc,
                 "< td >City< td /> < td >Population< td /> tr >\n"
                 "< td >Auckland< td /> < td >1,628,900< td /> tr >\n"
                 "< td >Wellington< td /> < td >418,500< td /> tr >\n\n%s\nEnd.\n",
                 after[k]);
        salvage_doc *d = parse_text(doc);
        assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
        assert_false(has_diag(d, "table-copy"));
        assert_int_equal(first_of(d, SALVAGE_BLOCK_TABLE)->row_count, 3);
        assert_true(has_text_block(d, k == 1 ? "City Population is what the census counts."
                                             : "City Population"));
        salvage_doc_free(d);
    }
}

/* A row printed one cell a line that lost the separator after its first cell: right after
 * the row markup of the row before, and followed by a cell before a separator, that line is
 * still the row's first cell. Paragraph lines right after a table's last row markup are not. */
static void test_row_missing_separator(void **state)
{
    (void)state;
    salvage_doc *d =
        parse_text("Intro paragraph.\n\n    Name\n" NBSP " " NBSP "\n    Region\n" NBSP " " NBSP
                   "\n    Rank\nt d>" EN_DASH ">\nt r>" EN_DASH ">\n"
                   "    Auckland\n" NBSP " " NBSP "\n    North\n" NBSP " " NBSP "\n    1\nt d>" EN_DASH
                   ">\nt r>" EN_DASH ">\n"
                   "    Wellington\n    South\n" NBSP " " NBSP "\n    2\nt d>" EN_DASH
                   ">\nt r>" EN_DASH ">\n\nClosing paragraph.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "Name", "Region", "Rank", NULL);
    assert_row(t, 1, "Auckland", "North", "1", NULL);
    assert_row(t, 2, "Wellington", "South", "2", NULL);
    assert_int_equal(salvage_doc_block_count(d), 3);
    salvage_doc_free(d);
    d = parse_text("    Name\n" NBSP " " NBSP "\n    Rank\nt d>" EN_DASH ">\nt r>" EN_DASH ">\n"
                   "    Auckland\n" NBSP " " NBSP "\n    1\nt d>" EN_DASH ">\nt r>" EN_DASH ">\n"
                   "The city grew fast.\nIt is the largest.\n\nEnd.\n");
    t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_non_null(t);
    assert_int_equal(t->row_count, 2);
    assert_true(has_text_block(d, "The city grew fast."));
    assert_true(has_text_block(d, "It is the largest."));
    salvage_doc_free(d);
}

/* A table whose rows are printed in several forms, one of them plain lines (one cell a line,
 * a blank line after the row) between rows of markup: those lines are a row of the table.
 * Short lines after a table's last row, where no markup follows, stay paragraphs; before
 * the table's closing markup they are its last row. */
static void test_plain_row_between_markup(void **state)
{
    (void)state;
    salvage_doc *d = parse_text(
        "Patch sizes:\n\n"
        "  Application< /th>> < th >Original Size< th /> Patch< /th>> tr >\n"
        "  >Farm Heroes</td>>\n  >71.1 MB</td>>\n  > 8.0 MB < /td>>\n  t r>" EN_DASH ">\n"
        "  Google Maps\n  32.7 MB\n  9.6 MB\n\n"
        "  < td >Gmail<td/> < td >17.8 MB< /td > <td >7.3 MB< /td >\n"
        "  < td 7.3 MB /tr /tr /gmail-17-8-mb-7-3-mb-tr-/tbody-/table-\n\n"
        "The savings add up.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 4);
    assert_row(t, 0, "Application", "Original Size", "Patch", NULL);
    assert_row(t, 1, "Farm Heroes", "71.1 MB", "8.0 MB", NULL);
    assert_row(t, 2, "Google Maps", "32.7 MB", "9.6 MB", NULL);
    assert_row(t, 3, "Gmail", "17.8 MB", "7.3 MB", NULL);
    assert_int_equal(salvage_doc_block_count(d), 3);
    salvage_doc_free(d);
    d = parse_text("< td >Gmail< td /> < td >17.8 MB< td /> tr >\n"
                   "< td >Kindle< td /> < td >52.4 MB< td /> tr >\n"
                   "Figures from May.\nSource: the vendor.\n\nThe savings add up.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    assert_int_equal(first_of(d, SALVAGE_BLOCK_TABLE)->row_count, 2);
    assert_true(has_text_block(d, "Figures from May."));
    assert_true(has_text_block(d, "Source: the vendor."));
    salvage_doc_free(d);
    /* the last row printed as plain lines, the table's closing markup after it */
    d = parse_text("Patch sizes:\n\n"
                   "  Application< /th>> < th >Original Size< th /> Patch< /th>> tr >\n"
                   "  >Farm Heroes</td>>\n  >71.1 MB</td>>\n  > 8.0 MB < /td>>\n  t r>" EN_DASH
                   ">\n  Google Maps\n  32.7 MB\n  9.6 MB\n\n  < /tr>>\n  < /table>>\n\n"
                   "The savings add up.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 2, "Google Maps", "32.7 MB", "9.6 MB", NULL);
    assert_int_equal(salvage_doc_block_count(d), 3);
    salvage_doc_free(d);
}

/* A line of undecodable bytes or of an invisible mark between a cell and its separator, in
 * a table printed one cell a line, leaves the cell in its row. */
static void test_junk_line_in_cells(void **state)
{
    (void)state;
    salvage_doc *d = parse_text(
        "Fares:\n\n    Fare\n" NBSP " " NBSP "\n    Now\nt d>" EN_DASH ">\nt r>" EN_DASH ">\n"
        "    Adult\n\xED\xBF\xBF\n" NBSP " " NBSP "\n    1,250\nt d>" EN_DASH ">\nt r>" EN_DASH
        ">\n    Child\n" NBSP " " NBSP "\n    450\n\xE2\x80\x8B\nt d>" EN_DASH ">\nt r>" EN_DASH
        ">\n\nThe city explained why.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_int_equal(t->row_count, 3);
    assert_row(t, 0, "Fare", "Now", NULL);
    assert_row(t, 1, "Adult", "1,250", NULL);
    assert_row(t, 2, "Child", "450", NULL);
    assert_int_equal(salvage_doc_block_count(d), 3);
    salvage_doc_free(d);
}

/* ---- linear work --------------------------------------------------------------------------- */

/* The text stages' steps on a document: a repeated reps times, then b repeated reps times. */
static size_t text_work(const char *a, const char *b, size_t reps)
{
    size_t al = strlen(a), bl = strlen(b), n = (al + bl) * reps;
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t k = 0; k < reps; k++)
        memcpy(s + k * al, a, al);
    for (size_t k = 0; k < reps; k++)
        memcpy(s + reps * al + k * bl, b, bl);
    s[n] = 0;
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

/* Doubling the input at most doubles the work (with room for constant terms). */
static void assert_linear(const char *a, const char *b)
{
    size_t w1 = text_work(a, b, 3000), w2 = text_work(a, b, 6000);
    assert_true(w1 > 0);
    if ((double)w2 > 2.2 * (double)w1)
        fail_msg("\"%s\" then \"%s\": work %zu, then %zu", a, b, w1, w2);
}

static void test_linear_work(void **state)
{
    (void)state;
    /* one long flat copy against one long groups copy (in either order), matching to the
     * end, failing at the end, or failing on the split rows */
    assert_linear("a b\n", "\na\nb\n");
    assert_linear("\na\nb\n", "\na b\n");
    assert_linear("a b\n", "\na\nb c\n");
    assert_linear("a\n", "\na\n");
    assert_linear("a b\n", "\na b\n");
    assert_linear("Cap\na b\n", "\nCap\n\na\nb\n");
    /* runs of short lines everywhere: each is a flat copy to try and a group to match */
    assert_linear("a b\na b\n\na\nb\n\n", "x\n");
    assert_linear("a\nb\n\n", "x\n");
    assert_linear("a b\n\na\nb\n\n", "x\n");
    assert_linear("x\n\n", "y\n");
    assert_linear("a b c\nd\n\na\nb c\n\n", "x\n");
    assert_linear("a b\na b\n\na\nb\n\na b\n\n", "x\n");
    /* whole tables printed twice, back to back */
    assert_linear("Cap\nA B\nC D\n\nCap\n\nA\nB\n\nC\nD\n\n", "x\n");
    assert_linear("A\nB\n\nC\nD\n\nA B\nC D\n\n", "x\n");
    /* lines of no-break spaces, loose or in runs that markup closes; blank lines of
     * undecodable bytes */
    assert_linear("a\n" NBSP "\n", "b\n");
    assert_linear("a\n" NBSP "\nb\n" NBSP "\n", "t d>" EN_DASH ">\n");
    assert_linear("\xC1\xBF\n", "a\n" NBSP "\n");
    /* marked-up tables, each followed by a flat copy, whole or stopping short */
    assert_linear("< td >a< td /> < td >b< td /> tr >\n\na b\n\n", "x\n");
    assert_linear("< td >a< td /> < td >b< td /> tr >\n< td >c< td /> tr >\n\na b\n\n", "x\n");
    assert_linear("< td >a< td /> < td >b< td /> tr >\n", "a b\n");
    /* rows of plain lines between rows of markup, or after the last row with no markup after */
    assert_linear("< td >a< td /> tr >\nb\nc\n\n", "x\n");
    assert_linear("< td >a< td /> tr >\n", "b\nc\n\n");
}

/* A header group or caption that closes ("thead>", "th ead>", "< /caption>>") is followed by
 * the table's rows: only the table, its body or its foot end it. */
static void test_table_part_close(void **state)
{
    (void)state;
    static const char *const closes[] = {"thead>", "th ead>", "< /caption>>", "tbody>"};
    for (size_t k = 0; k < sizeof closes / sizeof closes[0]; k++) {
        char doc[512];
        snprintf(doc, sizeof doc,
                 "Quarterly results\n\n"
                 "< th >Quarter< th /> < th >Revenue< th /> tr >\n%s\n"
                 "< td >Q1< td /> < td >4.2 M< td /> tr >\n"
                 "< td >Q2< td /> < td >5.1 M< td /> tr >\n"
                 "table>\n\nRevenue grew in both quarters.\n",
                 closes[k]);
        salvage_doc *d = parse_text(doc);
        const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
        assert_non_null(t);
        if (k < 3) { /* a part of the table closed: one table of three rows */
            assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 1);
            assert_int_equal(t->row_count, 3);
            assert_row(t, 0, "Quarter", "Revenue", NULL);
            assert_true(t->rows[0].cells[0].header);
            assert_row(t, 2, "Q2", "5.1 M", NULL);
        } else { /* the body closed: the header row is a table of its own */
            assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 2);
            assert_int_equal(t->row_count, 1);
        }
        assert_true(has_text_block(d, "Revenue grew in both quarters."));
        salvage_doc_free(d);
    }
}

/* Up to three short lines that each end with "< td /> tr >" are paragraphs with cell
 * debris (scrapers leave it on captions and credits), not a one-column table; four such
 * rows, or a header cell, make a table. */
static void test_few_single_cell_rows(void **state)
{
    (void)state;
    salvage_doc *d = parse_text("Intro.\n\nPhoto< td /> tr >\n\n"
                                "Credit Jason Andrew for The Times< td /> tr >\n\nMore.\n");
    assert_int_equal(count_type(d, SALVAGE_BLOCK_TABLE), 0);
    assert_int_equal(salvage_doc_block_count(d), 4);
    assert_string_equal(salvage_doc_block(d, 1)->content.text, "Photo");
    assert_string_equal(salvage_doc_block(d, 2)->content.text,
                        "Credit Jason Andrew for The Times");
    salvage_doc_free(d);
    d = parse_text("Cities:\n\nLyon< td /> tr >\nNantes< td /> tr >\nLille< td /> tr >\n"
                   "Metz< td /> tr >\n\nEnd.\n");
    const salvage_block *t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_non_null(t);
    assert_int_equal(t->row_count, 4);
    salvage_doc_free(d);
    d = parse_text("Cities:\n\nCity th> tr>\nLyon< td /> tr >\nNantes< td /> tr >\n\nEnd.\n");
    t = first_of(d, SALVAGE_BLOCK_TABLE);
    assert_non_null(t);
    assert_int_equal(t->row_count, 3);
    salvage_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caption_and_groups_after),
        cmocka_unit_test(test_groups_after_no_caption),
        cmocka_unit_test(test_groups_before),
        cmocka_unit_test(test_copies_differ_in_spacing),
        cmocka_unit_test(test_rows_of_one_cell),
        cmocka_unit_test(test_header_groups_flat_copy),
        cmocka_unit_test(test_header_then_short_row_closed),
        cmocka_unit_test(test_flat_copy_not_groups),
        cmocka_unit_test(test_table_part_close),
        cmocka_unit_test(test_prose_stays),
        cmocka_unit_test(test_nbsp_line_between_paragraphs),
        cmocka_unit_test(test_nbsp_line_before_flat_copy),
        cmocka_unit_test(test_nbsp_cells_stay),
        cmocka_unit_test(test_lone_header_close),
        cmocka_unit_test(test_empty_first_cell_under_text),
        cmocka_unit_test(test_flat_copy_after),
        cmocka_unit_test(test_flat_copy_after_guards),
        cmocka_unit_test(test_row_missing_separator),
        cmocka_unit_test(test_plain_row_between_markup),
        cmocka_unit_test(test_junk_line_in_cells),
        cmocka_unit_test(test_few_single_cell_rows),
        cmocka_unit_test(test_linear_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
