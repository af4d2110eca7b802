/*
 * gen_hostile.c — writes the hostile input set of the benchmark: one file per family and
 * size multiple, OUTDIR/FAMILY.Kx.html. Families are the recipes of HOSTILE-INPUTS.md plus
 * the formatting storms of the benchmark issue; each is N repetitions of a pattern (or N
 * bytes), so the 2x and 4x files show whether a parser's time and memory grow linearly.
 *
 * usage: bench_gen OUTDIR [--scale F] [--sizes 1,2,4] [--only FAMILY] [--list]
 *   --scale F   multiplies every family's base N (the quick mode uses 0.25)
 *   --list      prints "family<TAB>base N<TAB>description" and exits
 *
 * Output is deterministic (a fixed-seed xorshift generator for the random families).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*gen_fn)(FILE *f, long n);

typedef struct family {
    const char *name;
    long base_n;
    gen_fn gen;
    const char *description;
} family;

static uint64_t rng_state;

static uint32_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static const char *pick(const char *const *list, size_t count) {
    return list[rng() % count];
}

#define PICK(list) pick(list, sizeof list / sizeof list[0])

static void repeat(FILE *f, const char *s, long n) {
    for (long i = 0; i < n; i++)
        fputs(s, f);
}

/* ---------------------------------------------------------------------------------------- */
/* Deep nesting and scope walks                                                             */

static void gen_deep_div(FILE *f, long n) {
    repeat(f, "<div>", n);
}

static void gen_span_eof(FILE *f, long n) {
    repeat(f, "<span>", n);
    fputs("a", f);
}

static void gen_ul_li(FILE *f, long n) {
    repeat(f, "<ul><li>", n);
}

static void gen_svg_g(FILE *f, long n) {
    fputs("<svg>", f);
    repeat(f, "<g>", n);
}

static void gen_table_td(FILE *f, long n) {
    fputs("<table>", f);
    repeat(f, "<td>", n);
}

static void gen_table_tr_td(FILE *f, long n) {
    repeat(f, "<table><tr><td>", n);
}

static void gen_unknown_tags(FILE *f, long n) {
    for (long i = 0; i < n; i++)
        fprintf(f, "<x%ld>", i);
}

/* ---------------------------------------------------------------------------------------- */
/* Formatting elements: reconstruction and the adoption agency                              */

static void gen_unclosed_formatting(FILE *f, long n) {
    repeat(f, "<b><i>x", n);
}

static void gen_adoption_agency(FILE *f, long n) {
    repeat(f, "<b><i>x</b>y</i><a><p>z<a>w", n);
}

/* Distinct attributes defeat the Noah's Ark clause (at most 3 equal entries), so the list of
 * active formatting elements really holds 2N entries. */
static void gen_formatting_distinct_attrs(FILE *f, long n) {
    for (long i = 0; i < n; i++)
        fprintf(f, "<b k%ld><i k%ld>", i, i);
    repeat(f, "x</b>", n);
}

static void gen_a_i_close(FILE *f, long n) {
    repeat(f, "<a>", n);
    repeat(f, "<i>", n);
    repeat(f, "</a>", n);
}

static void gen_p_b_i_u(FILE *f, long n) {
    repeat(f, "<p><b><i><u>x", n);
}

static void gen_a_in_table(FILE *f, long n) {
    fputs("<table>", f);
    repeat(f, "<a>x", n);
    fputs("</a>", f);
}

/* The standard reconstructs every formatting element </p> closed for each later paragraph:
 * n * n clones unless the tree's node budget (max_node_ratio) stops them. */
static void gen_reconstruct_storm(FILE *f, long n) {
    fputs("<p>", f);
    for (long i = 0; i < n; i++)
        fprintf(f, "<i a%ld>", i);
    fputs("</p>", f);
    repeat(f, "<p>x</p>", n);
}

static void gen_nobr_storm(FILE *f, long n) {
    repeat(f, "<b><nobr><r><d><r><ol></b><nobr>", n);
}

/* ---------------------------------------------------------------------------------------- */
/* Tokenizer: raw text near misses, character references, attributes                       */

static void gen_script_near_miss(FILE *f, long n) {
    fputs("<script>", f);
    repeat(f, "</scrip", n);
}

static void gen_title_near_miss(FILE *f, long n) {
    fputs("<title>", f);
    repeat(f, "</TITL", n);
}

static void gen_textarea_near_miss(FILE *f, long n) {
    fputs("<textarea>", f);
    repeat(f, "</textare", n);
}

static void gen_amp_no_semicolon(FILE *f, long n) {
    repeat(f, "&amp", n);
}

static void gen_charref_in_attr(FILE *f, long n) {
    fputs("<a b=\"", f);
    repeat(f, "&#", n);
}

static void gen_charref_zeros(FILE *f, long n) {
    fputs("<p>&#", f);
    repeat(f, "0", n);
    fputs("65;", f);
}

static void gen_many_attributes(FILE *f, long n) {
    fputs("<a", f);
    for (long i = 0; i < n; i++)
        fprintf(f, " a%ld=x", i);
    fputs(">", f);
}

static void gen_newlines_in_attr(FILE *f, long n) {
    fputs("<p title=\"", f);
    repeat(f, "\n", n);
}

static void gen_nul_bytes(FILE *f, long n) {
    for (long i = 0; i < n; i++) {
        fputc('a', f);
        fputc(0, f);
    }
}

/* About n bytes of tags carrying many attributes: quoted, unquoted, unterminated, duplicated,
 * valueless, with stray '=' and '/'. */
static void gen_attr_soup(FILE *f, long n) {
    static const char *const tags[] = {"div", "span", "a", "img", "p", "input", "td", "li",
                                       "b", "font", "x-widget", "svg", "table", "i"};
    static const char *const names[] = {"class", "id", "style", "href", "data-x", "onclick",
                                        "title", "alt", "src", "width", "CLASS", "aria-label",
                                        "x", "=", "/", "data-track-id"};
    static const char *const values[] = {"\"a b c\"", "'q'", "plain", "\"x=1;y=2\"", "\"\"",
                                         "\"unterminated", "a&amp;b", "'&#x41;'", "/path?a=1&b=2",
                                         "\"<b>\""};
    long written = 0;
    rng_state = 0x9e3779b97f4a7c15u;
    while (written < n) {
        int attrs = 3 + (int)(rng() % 10);
        written += fprintf(f, "<%s", PICK(tags));
        for (int i = 0; i < attrs; i++) {
            if (rng() % 5 == 0)
                written += fprintf(f, " %s", PICK(names));
            else
                written += fprintf(f, " %s%u=%s", PICK(names), rng() % 100, PICK(values));
        }
        written += fprintf(f, rng() % 4 == 0 ? " />" : ">");
        if (rng() % 3 == 0)
            written += fprintf(f, "text %u", rng() % 1000);
    }
}

/* About n bytes of prose with stray '<' and '&' that start no tag and no reference. */
static void gen_stray_lt_amp(FILE *f, long n) {
    static const char *const bits[] = {"if a < b && c > d then ", "x <3 y & z ", "AT&T <= 5 ",
                                       "a&b;c <- ", "1 < 2 &lt 3 ", "& ", "< ", "fish & chips, ",
                                       "<<>> ", "&#; &#x; ", "the quick brown fox ",
                                       "jumps over ", "&notit; ", "< /p> ", "R&D 5<6 "};
    long written = 0;
    rng_state = 0x2545f4914f6cdd1du;
    while (written < n)
        written += fprintf(f, "%s", PICK(bits));
}

/* An ISO-2022-JP document switching between JIS X 0208 and ASCII at every character, on one
 * line: every byte is 7-bit, so a decoder that takes an ASCII run to the end of the line and
 * then cuts it at the escape reads the rest of the line again at every escape. */
static void gen_iso_2022_jp_escapes(FILE *f, long n) {
    fputs("<meta charset=iso-2022-jp><p>", f);
    repeat(f, "\x1b$B$\"\x1b(Ba", n);
}

/* ---------------------------------------------------------------------------------------- */

/* The families the benchmark issue names come first, so that a deadline cuts the others. */
static const family families[] = {
    {"deep-div", 100000, gen_deep_div, "<div> x N, never closed"},
    {"unclosed-formatting", 50000, gen_unclosed_formatting, "<b><i>x x N"},
    {"adoption-agency", 50000, gen_adoption_agency, "<b><i>x</b>y</i><a><p>z<a>w x N"},
    {"attr-soup", 5000000, gen_attr_soup, "N bytes of attribute-heavy tag soup"},
    {"stray-lt-amp", 10000000, gen_stray_lt_amp, "N bytes of text with stray < and &"},
    {"formatting-distinct-attrs", 100000, gen_formatting_distinct_attrs,
     "<b kI><i kI> x N then x</b> x N"},
    {"span-eof", 100000, gen_span_eof, "<span> x N, 'a', EOF"},
    {"ul-li", 100000, gen_ul_li, "<ul><li> x N"},
    {"svg-g", 100000, gen_svg_g, "<svg> then <g> x N (foreign content)"},
    {"table-td", 100000, gen_table_td, "<table> then <td> x N (implied tbody/tr)"},
    {"table-tr-td", 30000, gen_table_tr_td, "<table><tr><td> x N (nested tables)"},
    {"unknown-tags", 100000, gen_unknown_tags, "<x0>..<xN> distinct unknown tags"},
    {"a-i-close", 40000, gen_a_i_close, "<a> x N, <i> x N, </a> x N"},
    {"p-b-i-u", 50000, gen_p_b_i_u, "<p><b><i><u>x x N"},
    {"a-in-table", 50000, gen_a_in_table, "<table> then <a>x x N (foster parenting)"},
    {"reconstruct-storm", 50000, gen_reconstruct_storm,
     "<p>, <i a0>..<i aN>, </p>, then <p>x</p> x N (N*N reconstructions)"},
    {"nobr-storm", 30000, gen_nobr_storm, "<b><nobr><r><d><r><ol></b><nobr> x N"},
    {"script-near-miss", 150000, gen_script_near_miss, "<script> then </scrip x N"},
    {"title-near-miss", 170000, gen_title_near_miss, "<title> then </TITL x N"},
    {"textarea-near-miss", 110000, gen_textarea_near_miss, "<textarea> then </textare x N"},
    {"amp-no-semicolon", 250000, gen_amp_no_semicolon, "&amp x N"},
    {"charref-in-attr", 500000, gen_charref_in_attr, "<a b=\" then &# x N"},
    {"charref-zeros", 1000000, gen_charref_zeros, "&#000...065; with N zeros"},
    {"many-attributes", 100000, gen_many_attributes, "<a a0=x ... aN=x>"},
    {"newlines-in-attr", 2000000, gen_newlines_in_attr, "<p title=\" then N newlines, EOF"},
    {"nul-bytes", 500000, gen_nul_bytes, "'a' NUL x N"},
    {"iso-2022-jp-escapes", 250000, gen_iso_2022_jp_escapes,
     "<meta charset=iso-2022-jp>, then ESC $ B, a kana, ESC ( B, 'a' x N on one line"},
};

#define FAMILY_COUNT (sizeof families / sizeof families[0])

static int write_family(const char *dir, const family *fam, double scale, long size) {
    char path[4096];
    long n = (long)((double)fam->base_n * scale) * size;
    snprintf(path, sizeof path, "%s/%s.%ldx.html", dir, fam->name, size);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        return -1;
    }
    fam->gen(f, n < 1 ? 1 : n);
    if (fclose(f) != 0) {
        perror(path);
        return -1;
    }
    printf("%s\t%ld\t%s\n", fam->name, size, path);
    return 0;
}

static int parse_sizes(const char *s, long *sizes, int max) {
    int count = 0;
    char *end;
    while (*s && count < max) {
        long v = strtol(s, &end, 10);
        if (end == s || v < 1)
            return -1;
        sizes[count++] = v;
        s = *end == ',' ? end + 1 : end;
    }
    return count;
}

int main(int argc, char **argv) {
    const char *dir = NULL, *only = NULL;
    double scale = 1.0;
    long sizes[8] = {1, 2, 4};
    int size_count = 3;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
            scale = atof(argv[++i]);
        } else if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc) {
            size_count = parse_sizes(argv[++i], sizes, 8);
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else if (strcmp(argv[i], "--list") == 0) {
            for (size_t k = 0; k < FAMILY_COUNT; k++)
                printf("%s\t%ld\t%s\n", families[k].name, families[k].base_n,
                       families[k].description);
            return 0;
        } else if (argv[i][0] != '-' && dir == NULL) {
            dir = argv[i];
        } else {
            dir = NULL;
            break;
        }
    }
    if (dir == NULL || size_count < 1 || scale <= 0) {
        fprintf(stderr, "usage: %s OUTDIR [--scale F] [--sizes 1,2,4] [--only FAMILY] "
                        "[--list]\n", argv[0]);
        return 2;
    }
    for (size_t k = 0; k < FAMILY_COUNT; k++) {
        if (only != NULL && strcmp(only, families[k].name) != 0)
            continue;
        for (int s = 0; s < size_count; s++)
            if (write_family(dir, &families[k], scale, sizes[s]) != 0)
                return 1;
    }
    return 0;
}
