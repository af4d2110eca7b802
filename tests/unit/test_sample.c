/*
 * test_sample.c — the sample article of the shared corpus
 * (corpus/seed/000_e274ecc84d0eab60.txt) parsed as a whole, and each fact about its expected
 * article asserted directly: the title, the section headings, the two bullet lists (the
 * second with emphasised labels), the three tables (the one printed twice comes out once),
 * the one noise line, no debris anywhere, and every word of the article kept. Then the same
 * parse under allocation failure at every point.
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

#ifndef SALVAGE_SHARED_DIR
# define SALVAGE_SHARED_DIR "../shared"
#endif
#define SAMPLE SALVAGE_SHARED_DIR "/corpus/seed/000_e274ecc84d0eab60.txt"

static char *sample;
static size_t sample_len;
static salvage_doc *doc;

static int load(void **state)
{
    (void)state;
    FILE *f = fopen(SAMPLE, "rb");
    if (!f)
        return -1;
    sample = malloc(1 << 20);
    sample_len = sample ? fread(sample, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (!sample_len)
        return -1;
    sample[sample_len] = 0;
    return salvage_parse(sample, sample_len, NULL, &doc) == SALVAGE_OK ? 0 : -1;
}

static int unload(void **state)
{
    (void)state;
    salvage_doc_free(doc);
    free(sample);
    return 0;
}

/* ---- helpers --------------------------------------------------------------------------------- */

static const char *cell_text(const salvage_block *b, size_t r, size_t c)
{
    if (r >= b->row_count || c >= b->rows[r].cell_count)
        return NULL;
    return b->rows[r].cells[c].content.text;
}

/* The table whose row r starts with a cell of this text (exactly one such table). */
static const salvage_block *table_with_row(const char *first_cell)
{
    const salvage_block *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < salvage_doc_block_count(doc); i++) {
        const salvage_block *b = salvage_doc_block(doc, i);
        if (b->type != SALVAGE_BLOCK_TABLE)
            continue;
        for (size_t r = 0; r < b->row_count; r++)
            if (b->rows[r].cell_count && strcmp(cell_text(b, r, 0), first_cell) == 0) {
                found = b;
                n++;
            }
    }
    assert_int_equal(n, 1);
    return found;
}

static void assert_row(const salvage_block *b, size_t r, const char *const *cells, size_t n)
{
    assert_true(r < b->row_count);
    assert_int_equal(b->rows[r].cell_count, n);
    for (size_t c = 0; c < n; c++)
        assert_string_equal(cell_text(b, r, c), cells[c]);
}

/* Index of the row starting with this cell, or -1. */
static long row_of(const salvage_block *b, const char *first)
{
    for (size_t r = 0; r < b->row_count; r++)
        if (b->rows[r].cell_count && strcmp(cell_text(b, r, 0), first) == 0)
            return (long)r;
    return -1;
}

/* Every text of the article, one per line. */
static char *all_text(void)
{
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = 0;
#define ADD(s)                                                                                     \
 do {                                                                                              \
  size_t l_ = strlen(s);                                                                           \
  assert_true(len + l_ + 2 < cap);                                                                 \
  memcpy(out + len, s, l_);                                                                        \
  len += l_;                                                                                       \
  out[len++] = '\n';                                                                               \
  out[len] = 0;                                                                                    \
 } while (0)
    for (size_t i = 0; i < salvage_doc_block_count(doc); i++) {
        const salvage_block *b = salvage_doc_block(doc, i);
        ADD(b->content.text);
        for (size_t k = 0; k < b->item_count; k++)
            ADD(b->items[k].content.text);
        for (size_t r = 0; r < b->row_count; r++)
            for (size_t c = 0; c < b->rows[r].cell_count; c++)
                ADD(b->rows[r].cells[c].content.text);
    }
#undef ADD
    return out;
}

/* 1-based line of the input that starts with prefix (after indentation). */
static size_t line_starting(const char *prefix)
{
    size_t line = 1;
    for (const char *p = sample; *p; line++) {
        const char *q = p;
        while (*q == ' ')
            q++;
        if (strncmp(q, prefix, strlen(prefix)) == 0)
            return line;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    return 0;
}

/* ---- the facts ------------------------------------------------------------------------------- */

static void test_kind(void **state)
{
    (void)state;
    assert_int_equal(salvage_doc_input_kind(doc), SALVAGE_INPUT_TEXT);
    bool said = false;
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        said = said || strcmp(salvage_doc_diagnostic(doc, i)->code, "input-kind") == 0;
    assert_true(said);
}

static void test_title_and_headings(void **state)
{
    (void)state;
    const salvage_block *b = salvage_doc_block(doc, 0);
    assert_non_null(b);
    assert_int_equal(b->type, SALVAGE_BLOCK_HEADING);
    assert_int_equal(b->level, 1);
    assert_string_equal(b->content.text, "Secretary Rubio\xE2\x80\x99s Key Meeting with Russian "
                                         "Foreign Minister Lavrov: Insights and Implications");
    static const char *const sections[] = {
        "Insights from Secretary Rubio\xE2\x80\x99s Engagement with Foreign Minister Lavrov",
        "The Broader Impact on Bilateral Relations & Regional Security Frameworks",
        "Tactical Approaches to Strengthen Future Communication & Collaboration",
        "A Forward-Looking Perspective: Navigating Challenges Ahead",
    };
    for (size_t s = 0; s < 4; s++) {
        size_t hits = 0;
        for (size_t i = 1; i < salvage_doc_block_count(doc); i++) {
            b = salvage_doc_block(doc, i);
            if (b->type == SALVAGE_BLOCK_HEADING && strcmp(b->content.text, sections[s]) == 0) {
                assert_true(b->level >= 2);
                hits++;
            }
        }
        assert_int_equal(hits, 1);
    }
}

static void test_lists(void **state)
{
    (void)state;
    const salvage_block *lists[3];
    size_t n = 0;
    for (size_t i = 0; i < salvage_doc_block_count(doc); i++) {
        const salvage_block *b = salvage_doc_block(doc, i);
        if (b->type == SALVAGE_BLOCK_LIST) {
            assert_true(n < 3);
            lists[n++] = b;
        }
    }
    assert_int_equal(n, 2);
    assert_int_equal(lists[0]->item_count, 3);
    assert_string_equal(lists[0]->items[0].content.text,
                        "Enhanced arms control dialogues aimed at reducing escalation risks.");
    assert_string_equal(lists[0]->items[2].content.text,
                        "Coordinated humanitarian aid efforts, particularly targeting conflict "
                        "zones.");
    assert_int_equal(lists[0]->items[0].content.span_count, 0);
    static const char *const labels[] = {
        "Strategic Stability:", "Regional Conflict Dynamics:", "Allied Responses:"};
    assert_int_equal(lists[1]->item_count, 3);
    for (size_t k = 0; k < 3; k++) {
        const salvage_text *t = &lists[1]->items[k].content;
        size_t l = strlen(labels[k]);
        assert_int_equal(strncmp(t->text, labels[k], l), 0);
        assert_true(t->text[l] == ' ');
        assert_int_equal(t->span_count, 1);
        assert_int_equal(t->spans[0].kind, SALVAGE_SPAN_EMPHASIS);
        assert_int_equal(t->spans[0].start, 0);
        assert_int_equal(t->spans[0].end, l);
    }
    assert_non_null(strstr(lists[1]->items[2].content.text, "impacting global alliances."));
}

static void test_table_printed_twice(void **state)
{
    (void)state;
    const salvage_block *t = table_with_row("Nuclear Arms Control");
    /* The header row: nothing in the text says where its two cells part, so its words stay
     * in one cell. */
    assert_true(t->row_count == 4);
    size_t words_row0 = 0;
    char joined[256] = "";
    for (size_t c = 0; c < t->rows[0].cell_count; c++, words_row0++) {
        strcat(joined, c ? " " : "");
        strcat(joined, cell_text(t, 0, c));
    }
    assert_string_equal(joined, "Thematic Area Prospective Collaborative Measures");
    static const char *const r1[] = {
        "Nuclear Arms Control",
        "Pursuit of renewed treaty negotiations coupled with enhanced verification mechanisms."};
    static const char *const r2[] = {
        "Climate Action Initiatives",
        "Joint research ventures focusing on renewable energy technologies."};
    static const char *const r3[] = {
        "Humanitarian Response",
        "Unified strategies addressing crises affecting vulnerable populations."};
    assert_row(t, 1, r1, 2);
    assert_row(t, 2, r2, 2);
    assert_row(t, 3, r3, 2);
    /* once: no other copy of its cells anywhere */
    char *all = all_text();
    const char *p = strstr(all, "Joint research ventures");
    assert_non_null(p);
    assert_null(strstr(p + 1, "Joint research ventures"));
    p = strstr(all, "Thematic Area");
    assert_non_null(p);
    assert_null(strstr(p + 1, "Thematic Area"));
    free(all);
}

static void test_table_initiatives(void **state)
{
    (void)state;
    const salvage_block *t = table_with_row("Diplomatic Initiative");
    static const char *const head[] = {"Diplomatic Initiative", "Result", "Long-Term Effects"};
    assert_row(t, 0, head, 3);
    assert_true(t->rows[0].cells[0].header);
    static const char *const reset[] = {"Reset Policy (2009)", "Temporary Easing Of Tensions",
                                        "Short-Lived Cooperation Period"};
    static const char *const crimea[] = {"Post-Crimea Sanctions",
                                         "Heightened Hostilities And Economic Restrictions",
                                         "Prolonged Diplomatic Stalemate"};
    long r = row_of(t, "Reset Policy (2009)");
    assert_true(r > 0);
    assert_row(t, (size_t)r, reset, 3);
    r = row_of(t, "Post-Crimea Sanctions");
    assert_true(r > 0);
    assert_row(t, (size_t)r, crimea, 3);
}

static void test_table_collaboration(void **state)
{
    (void)state;
    const salvage_block *t = table_with_row("Collaboration Area");
    static const char *const head[] = {"Collaboration Area", "Description"};
    static const char *const r1[] = {
        "Scientific Research", "Joint projects focused on combating global issues like climate "
                               "change."};
    static const char *const r2[] = {"Cultural Exchanges",
                                     "Programs promoting artistic collaborations and literary "
                                     "sharing."};
    static const char *const r3[] = {"Security Dialogues",
                                     "Regular meetings addressing mutual defense concerns."};
    assert_row(t, 0, head, 2);
    assert_row(t, 1, r1, 2);
    assert_row(t, 2, r2, 2);
    assert_row(t, 3, r3, 2);
}

static void test_one_noise_line(void **state)
{
    (void)state;
    assert_int_equal(salvage_doc_noise_count(doc), 1);
    const salvage_noise *n = salvage_doc_noise(doc, 0);
    assert_int_equal(n->line, line_starting("! ! ! !"));
    assert_true(n->line > 100);
}

/* No "<", ">" or debris token survives in any text. */
static void test_no_debris(void **state)
{
    (void)state;
    char *all = all_text();
    assert_null(strchr(all, '<'));
    assert_null(strchr(all, '>'));
    sv_debris t[64];
    for (char *line = all; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = (size_t)(nl - line);
        bool only;
        assert_int_equal(sv_debris_scan(line, n, t, 64, &only), 0);
        line = nl + 1;
    }
    free(all);
}

/* Every word of every input line but the noise line is in the article: the words of lines
 * with debris too, once their debris tokens are cut out. */
static void test_every_word_kept(void **state)
{
    (void)state;
    char *all = all_text();
    size_t noise_line = line_starting("! ! ! !"), lineno = 1, checked = 0;
    sv_debris t[64];
    for (char *p = sample; *p; lineno++) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *copy = malloc(n + 1);
        assert_non_null(copy);
        memcpy(copy, p, n);
        copy[n] = 0;
        bool only;
        size_t c = sv_debris_scan(copy, n, t, 64, &only);
        assert_true(c <= 64);
        for (size_t k = 0; k < c; k++)
            memset(copy + t[k].start, ' ', t[k].end - t[k].start);
        for (char *w = strtok(copy, " \t"); w && lineno != noise_line && !only;
             w = strtok(NULL, " \t")) {
            if (strcmp(w, "<") == 0 || strcmp(w, ">") == 0 || strcmp(w, "\xE2\x80\xA2") == 0 ||
                strspn(w, "\xC2\xA0") == strlen(w))
                continue; /* brackets, bullets, no-break spaces: no content */
            if (!strstr(all, w))
                fail_msg("line %zu: word \"%s\" lost", lineno, w);
            checked++;
        }
        free(copy);
        if (!nl)
            break;
        p = nl + 1;
    }
    assert_true(checked > 800); /* the article has some 850 words */
    free(all);
}

/* ---- allocation failure ---------------------------------------------------------------------- */

typedef struct fail_alloc {
    long left;
} fail_alloc;

static void *fa_malloc(void *ctx, size_t size)
{
    fail_alloc *f = ctx;
    if (f->left == 0)
        return NULL;
    f->left--;
    return malloc(size);
}

static void *fa_realloc(void *ctx, void *p, size_t old_size, size_t new_size)
{
    (void)old_size;
    fail_alloc *f = ctx;
    if (f->left == 0)
        return NULL;
    f->left--;
    return realloc(p, new_size);
}

static void fa_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)size;
    free(p);
}

static void test_oom(void **state)
{
    (void)state;
    salvage_status st = SALVAGE_ENOMEM;
    for (long k = 0; k < 100000 && st == SALVAGE_ENOMEM; k++) {
        fail_alloc fa = {k};
        salvage_options o;
        salvage_options_init(&o);
        o.allocator.malloc_fn = fa_malloc;
        o.allocator.realloc_fn = fa_realloc;
        o.allocator.free_fn = fa_free;
        o.allocator.ctx = &fa;
        salvage_doc *d = NULL;
        st = salvage_parse(sample, sample_len, &o, &d);
        assert_true(st == SALVAGE_OK || st == SALVAGE_ENOMEM);
        assert_true((st == SALVAGE_OK) == (d != NULL));
        if (d)
            assert_int_equal(salvage_doc_block_count(d), salvage_doc_block_count(doc));
        salvage_doc_free(d);
    }
    assert_int_equal(st, SALVAGE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kind),
        cmocka_unit_test(test_title_and_headings),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_table_printed_twice),
        cmocka_unit_test(test_table_initiatives),
        cmocka_unit_test(test_table_collaboration),
        cmocka_unit_test(test_one_noise_line),
        cmocka_unit_test(test_no_debris),
        cmocka_unit_test(test_every_word_kept),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
