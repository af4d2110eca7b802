/*
 * debris.c — the markup debris recogniser (see debris.h for the forms and the precision
 * rules).
 *
 * A line is scanned left to right once. At each position that can start a token ("<",
 * "&lt;", "/", or a letter at a word boundary) the forms are tried in turn; a word that
 * starts no token is skipped whole, so no position is examined twice. Tokens that would be
 * ambiguous in prose are marked weak and survive only if nothing but white space separates
 * them from the end of the line or from the next surviving token (a backward pass).
 *
 * Every token holds a markup byte ('<', '>', '&' or '/'), and a bare end word ("td >") holds
 * only a few kinds of byte before its '>'. So a line without markup is done after one vector
 * search, and the prose before the next markup byte, up to the run of bytes that could lead
 * into a token there (the quiet stretch, quiet_before), is passed in one step.
 */
#include "debris.h"

#include "internal.h"

#include <assert.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#  include <emmintrin.h>
#  define DEBRIS_VECTOR_SCAN 1
#endif

/* Longest run of white space accepted inside one token ("<  td >"): debris uses one space,
 * and a cap keeps every attempt O(1). */
#define WS_CAP 3
#define NAME_MAX_LEN 10

/* ---- element names --------------------------------------------------------------------------- */

typedef struct elem_entry {
    const char *name;
    uint8_t len;
    uint8_t elem;
} elem_entry;

#define ELEM(name, elem) {name, (uint8_t)(sizeof name - 1), elem}

/* Every HTML element name, current and obsolete, by first letter: a lookup reads one short
 * list. */
static const elem_entry ELEMS_A[] = {
    ELEM("a", SV_DE_OTHER),       ELEM("abbr", SV_DE_OTHER),   ELEM("acronym", SV_DE_OTHER),
    ELEM("address", SV_DE_PARA),  ELEM("applet", SV_DE_OTHER), ELEM("area", SV_DE_OTHER),
    ELEM("article", SV_DE_OTHER), ELEM("aside", SV_DE_OTHER),  ELEM("audio", SV_DE_OTHER)};
static const elem_entry ELEMS_B[] = {
    ELEM("b", SV_DE_STRONG),   ELEM("base", SV_DE_OTHER),  ELEM("basefont", SV_DE_OTHER),
    ELEM("bdi", SV_DE_OTHER),  ELEM("bdo", SV_DE_OTHER),   ELEM("bgsound", SV_DE_OTHER),
    ELEM("big", SV_DE_OTHER),  ELEM("blink", SV_DE_OTHER), ELEM("blockquote", SV_DE_PARA),
    ELEM("body", SV_DE_OTHER), ELEM("br", SV_DE_PARA),     ELEM("button", SV_DE_OTHER)};
static const elem_entry ELEMS_C[] = {ELEM("canvas", SV_DE_OTHER),  ELEM("caption", SV_DE_TABLE),
                                     ELEM("center", SV_DE_OTHER),  ELEM("cite", SV_DE_OTHER),
                                     ELEM("code", SV_DE_OTHER),    ELEM("col", SV_DE_TABLE),
                                     ELEM("colgroup", SV_DE_TABLE)};
static const elem_entry ELEMS_D[] = {
    ELEM("data", SV_DE_OTHER),   ELEM("datalist", SV_DE_OTHER), ELEM("dd", SV_DE_ITEM),
    ELEM("del", SV_DE_OTHER),    ELEM("details", SV_DE_OTHER),  ELEM("dfn", SV_DE_OTHER),
    ELEM("dialog", SV_DE_OTHER), ELEM("dir", SV_DE_LIST),       ELEM("div", SV_DE_OTHER),
    ELEM("dl", SV_DE_LIST),      ELEM("dt", SV_DE_ITEM)};
static const elem_entry ELEMS_E[] = {ELEM("em", SV_DE_EMPHASIS), ELEM("embed", SV_DE_OTHER)};
static const elem_entry ELEMS_F[] = {ELEM("fieldset", SV_DE_OTHER), ELEM("figcaption", SV_DE_OTHER),
                                     ELEM("figure", SV_DE_OTHER),   ELEM("font", SV_DE_OTHER),
                                     ELEM("footer", SV_DE_OTHER),   ELEM("form", SV_DE_OTHER),
                                     ELEM("frame", SV_DE_OTHER),    ELEM("frameset", SV_DE_OTHER)};
static const elem_entry ELEMS_H[] = {
    ELEM("h1", SV_DE_HEADING), ELEM("h2", SV_DE_HEADING),   ELEM("h3", SV_DE_HEADING),
    ELEM("h4", SV_DE_HEADING), ELEM("h5", SV_DE_HEADING),   ELEM("h6", SV_DE_HEADING),
    ELEM("head", SV_DE_OTHER), ELEM("header", SV_DE_OTHER), ELEM("hgroup", SV_DE_OTHER),
    ELEM("hr", SV_DE_PARA),    ELEM("html", SV_DE_OTHER)};
static const elem_entry ELEMS_I[] = {ELEM("i", SV_DE_EMPHASIS), ELEM("iframe", SV_DE_OTHER),
                                     ELEM("img", SV_DE_OTHER), ELEM("input", SV_DE_OTHER),
                                     ELEM("ins", SV_DE_OTHER)};
static const elem_entry ELEMS_K[] = {ELEM("kbd", SV_DE_OTHER), ELEM("keygen", SV_DE_OTHER)};
static const elem_entry ELEMS_L[] = {ELEM("label", SV_DE_OTHER), ELEM("legend", SV_DE_OTHER),
                                     ELEM("li", SV_DE_ITEM), ELEM("link", SV_DE_OTHER)};
static const elem_entry ELEMS_M[] = {ELEM("main", SV_DE_OTHER), ELEM("map", SV_DE_OTHER),
                                     ELEM("mark", SV_DE_OTHER), ELEM("marquee", SV_DE_OTHER),
                                     ELEM("math", SV_DE_OTHER), ELEM("menu", SV_DE_LIST),
                                     ELEM("meta", SV_DE_OTHER), ELEM("meter", SV_DE_OTHER)};
static const elem_entry ELEMS_N[] = {ELEM("nav", SV_DE_OTHER), ELEM("nobr", SV_DE_OTHER),
                                     ELEM("noembed", SV_DE_OTHER), ELEM("noframes", SV_DE_OTHER),
                                     ELEM("noscript", SV_DE_OTHER)};
static const elem_entry ELEMS_O[] = {ELEM("object", SV_DE_OTHER), ELEM("ol", SV_DE_LIST),
                                     ELEM("optgroup", SV_DE_OTHER), ELEM("option", SV_DE_OTHER),
                                     ELEM("output", SV_DE_OTHER)};
static const elem_entry ELEMS_P[] = {ELEM("p", SV_DE_PARA),        ELEM("param", SV_DE_OTHER),
                                     ELEM("picture", SV_DE_OTHER), ELEM("plaintext", SV_DE_OTHER),
                                     ELEM("pre", SV_DE_PARA),      ELEM("progress", SV_DE_OTHER)};
static const elem_entry ELEMS_Q[] = {ELEM("q", SV_DE_OTHER)};
static const elem_entry ELEMS_R[] = {ELEM("rb", SV_DE_OTHER), ELEM("rp", SV_DE_OTHER),
                                     ELEM("rt", SV_DE_OTHER), ELEM("rtc", SV_DE_OTHER),
                                     ELEM("ruby", SV_DE_OTHER)};
static const elem_entry ELEMS_S[] = {
    ELEM("s", SV_DE_OTHER),      ELEM("samp", SV_DE_OTHER),    ELEM("script", SV_DE_OTHER),
    ELEM("search", SV_DE_OTHER), ELEM("section", SV_DE_OTHER), ELEM("select", SV_DE_OTHER),
    ELEM("slot", SV_DE_OTHER),   ELEM("small", SV_DE_OTHER),   ELEM("source", SV_DE_OTHER),
    ELEM("span", SV_DE_OTHER),   ELEM("strike", SV_DE_OTHER),  ELEM("strong", SV_DE_STRONG),
    ELEM("style", SV_DE_OTHER),  ELEM("sub", SV_DE_OTHER),     ELEM("summary", SV_DE_OTHER),
    ELEM("sup", SV_DE_OTHER),    ELEM("svg", SV_DE_OTHER)};
static const elem_entry ELEMS_T[] = {
    ELEM("table", SV_DE_TABLE),    ELEM("tbody", SV_DE_TABLE),    ELEM("td", SV_DE_CELL),
    ELEM("template", SV_DE_OTHER), ELEM("textarea", SV_DE_OTHER), ELEM("tfoot", SV_DE_TABLE),
    ELEM("th", SV_DE_HEADER_CELL), ELEM("thead", SV_DE_TABLE),    ELEM("time", SV_DE_OTHER),
    ELEM("title", SV_DE_OTHER),    ELEM("tr", SV_DE_ROW),         ELEM("track", SV_DE_OTHER),
    ELEM("tt", SV_DE_OTHER)};
static const elem_entry ELEMS_U[] = {ELEM("u", SV_DE_OTHER), ELEM("ul", SV_DE_LIST)};
static const elem_entry ELEMS_V[] = {ELEM("var", SV_DE_OTHER), ELEM("video", SV_DE_OTHER)};
static const elem_entry ELEMS_W[] = {ELEM("wbr", SV_DE_OTHER)};
static const elem_entry ELEMS_X[] = {ELEM("xmp", SV_DE_OTHER)};

#define BUCKET(list) {list, sizeof list / sizeof list[0]}
#define NO_BUCKET {NULL, 0}
static const struct elem_bucket {
    const elem_entry *names;
    size_t count;
} ELEMS_BY_FIRST[26] = {
    BUCKET(ELEMS_A), BUCKET(ELEMS_B), BUCKET(ELEMS_C), BUCKET(ELEMS_D), BUCKET(ELEMS_E),
    BUCKET(ELEMS_F), NO_BUCKET,       BUCKET(ELEMS_H), BUCKET(ELEMS_I), NO_BUCKET,
    BUCKET(ELEMS_K), BUCKET(ELEMS_L), BUCKET(ELEMS_M), BUCKET(ELEMS_N), BUCKET(ELEMS_O),
    BUCKET(ELEMS_P), BUCKET(ELEMS_Q), BUCKET(ELEMS_R), BUCKET(ELEMS_S), BUCKET(ELEMS_T),
    BUCKET(ELEMS_U), BUCKET(ELEMS_V), BUCKET(ELEMS_W), BUCKET(ELEMS_X), NO_BUCKET,
    NO_BUCKET,
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Byte classes, one table lookup instead of a chain of compares on the hot paths. */
enum {
    C_ALPHA = 0x01, /* ASCII letter */
    C_DIGIT = 0x02, /* ASCII digit */
    C_OPEN = 0x04,  /* '<', '&' ("&lt;") or '/': may start a bracket, slug or slashed form */
    C_CLOSE = 0x08, /* '>' or '&' ("&gt;"): every bare end word ends at or after one */
    C_WS = 0x10,    /* ASCII white space: ' ', '\t', '\r', '\f', '\v' (see ws_len) */
    C_WIDE = 0x20,  /* first byte of wider white space: U+00A0, U+2007, U+202F, U+3000 */
    C_INVIS = 0x40, /* first byte of U+FFFD or of a format control (see cf_len) */
    C_BARE = 0x80   /* may stand in a bare end word before its ">" (see quiet_before): a
                       letter, digit, white space, '/', '-', a UTF-8 continuation byte, or the
                       first byte of a format control, a wide space or a dash ("\u2013>") */
};
#define IN(c, lo, hi) ((c) >= (lo) && (c) <= (hi))
#define CLASS_OF(c)                                                                            \
    (uint8_t)((IN(c, 'a', 'z') || IN(c, 'A', 'Z') ? C_ALPHA : 0) |                           \
              (IN(c, '0', '9') ? C_DIGIT : 0) |                                              \
              ((c) == '<' || (c) == '&' || (c) == '/' ? C_OPEN : 0) |                        \
              ((c) == '>' || (c) == '&' ? C_CLOSE : 0) |                                     \
              ((c) == ' ' || (IN(c, '\t', '\r') && (c) != '\n') ? C_WS : 0) |                 \
              ((c) == 0xC2 || (c) == 0xE2 || (c) == 0xE3 ? C_WIDE : 0) |                     \
              ((c) == 0xC2 || (c) == 0xD8 || (c) == 0xE1 || (c) == 0xE2 || (c) == 0xEF       \
                   ? C_INVIS                                                                 \
                   : 0) |                                                                    \
              (IN(c, 'a', 'z') || IN(c, 'A', 'Z') || IN(c, '0', '9') || (c) == ' ' ||        \
                       (IN(c, '\t', '\r') && (c) != '\n') || (c) == '/' || (c) == '-' ||      \
                       IN(c, 0x80, 0xBF) || (c) == 0xC2 || (c) == 0xD8 || (c) == 0xE1 ||     \
                       (c) == 0xE2 || (c) == 0xE3 || (c) == 0xEF                             \
                   ? C_BARE                                                                  \
                   : 0))
#define CLASS_4(c) CLASS_OF(c), CLASS_OF((c) + 1), CLASS_OF((c) + 2), CLASS_OF((c) + 3)
#define CLASS_16(c) CLASS_4(c), CLASS_4((c) + 4), CLASS_4((c) + 8), CLASS_4((c) + 12)
#define CLASS_64(c) CLASS_16(c), CLASS_16((c) + 16), CLASS_16((c) + 32), CLASS_16((c) + 48)
static const uint8_t CLASS[256] = {CLASS_64(0), CLASS_64(64), CLASS_64(128), CLASS_64(192)};
#undef IN

static bool has_class(int c, unsigned cls)
{
    return (CLASS[(unsigned char)c] & cls) != 0;
}
static bool is_alpha(int c)
{
    return has_class(c, C_ALPHA);
}
static bool is_alnum(int c)
{
    return has_class(c, C_ALPHA | C_DIGIT);
}

/* Whether some element name starts with letter c (none starts with g, j, y or z): most words
 * of prose are turned away before any list is read. */
static bool starts_element(int c)
{
    c = lower(c);
    return c >= 'a' && c <= 'z' && ELEMS_BY_FIRST[c - 'a'].count != 0;
}

/* Whether name[1..n) (any case) is key[1..n), the rest of a lower-case key of length n. */
static bool rest_equal(const char *name, size_t n, const char *key)
{
    for (size_t i = 1; i < n; i++)
        if (lower((unsigned char)name[i]) != key[i])
            return false;
    return true;
}

/* sv_debris.level for the element of entry e (its canonical lower-case name): a heading's
 * level, or SV_DEBRIS_TABLE_PART for thead, caption, colgroup and col. */
static uint8_t entry_level(const elem_entry *e)
{
    if (e->elem == SV_DE_HEADING)
        return (uint8_t)(e->name[1] - '0');
    if (e->elem == SV_DE_TABLE && (e->name[0] == 'c' || strcmp(e->name, "thead") == 0))
        return SV_DEBRIS_TABLE_PART;
    return 0;
}

bool sv_debris_element(const char *name, size_t n, sv_debris_elem *elem, uint8_t *level)
{
    if (n == 0 || n > NAME_MAX_LEN || !starts_element((unsigned char)name[0]))
        return false;
    const struct elem_bucket *b = &ELEMS_BY_FIRST[lower((unsigned char)name[0]) - 'a'];
    for (size_t k = 0; k < b->count; k++) {
        const elem_entry *e = &b->names[k];
        if (e->len != n || !rest_equal(name, n, e->name))
            continue;
        if (elem)
            *elem = (sv_debris_elem)e->elem;
        if (level)
            *level = entry_level(e);
        return true;
    }
    return false;
}

/* Names that never read as English words or CSS in prose, so a tight bare end word
 * ("th>") may stand in the middle of a line. */
static bool structural_name(sv_debris_elem e)
{
    return e == SV_DE_CELL || e == SV_DE_HEADER_CELL || e == SV_DE_ROW || e == SV_DE_ITEM ||
           e == SV_DE_HEADING;
}

/* Names whose opening fragment "< td Text" is debris wherever it stands: the wreck of a row
 * or a list. Any other name's fragment ("< p Text", "< div Text") counts only where nothing
 * but white space or other debris precedes its "<" on the line, so no operand stands before
 * it: "n < p then" and "a < b" are comparisons. */
static bool fragment_name(sv_debris_elem e)
{
    return e == SV_DE_CELL || e == SV_DE_HEADER_CELL || e == SV_DE_ROW || e == SV_DE_ITEM ||
           e == SV_DE_LIST;
}

/* The first byte of the word after an opening fragment's name: a letter or digit (of any
 * script), or an opening quote or bracket. "< b = 1" (a line of a diff or of code) and
 * "< p >" are no fragments. */
static size_t ws_len(const char *s, size_t n, size_t i);

static bool fragment_word(const char *s, size_t n, size_t j)
{
    unsigned char c = (unsigned char)s[j];
    if (is_alnum(c) || c == '"' || c == '\'' || c == '(' || c == '[')
        return true;
    return c >= 0x80 && !ws_len(s, n, j);
}

/* ---- character classes ----------------------------------------------------------------------- */

/* Length of the white space character at s[i] (ASCII blanks, U+00A0, U+2007, U+202F,
 * U+3000), or 0. */
static size_t ws_len(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (CLASS[c] & C_WS)
        return 1;
    if (!(CLASS[c] & C_WIDE))
        return 0;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x87))
        return 3;
    if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80)
        return 3;
    return 0;
}

/* U+FFFD at i: what the decoder left for an invalid byte. */
static bool is_fffd(const char *s, size_t n, size_t i)
{
    return i + 2 < n && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
           (unsigned char)s[i + 2] == 0xBD;
}

/* Length of the format control (general category Cf) at s[i], or 0: U+00AD, U+061C,
 * U+180E, U+200B..U+200F, U+202A..U+202E, U+2060..U+2064, U+2066..U+206F, U+FEFF. They
 * show nothing, so noise injected into a token ("/t\u202Er", "p\u200B >") or after it is
 * looked through while recognising; the token's range still covers their bytes. */
static size_t cf_len(const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (!(CLASS[u[0]] & C_INVIS) || i + 1 >= n)
        return 0;
    if ((u[0] == 0xC2 && u[1] == 0xAD) || (u[0] == 0xD8 && u[1] == 0x9C))
        return 2;
    if (i + 2 >= n)
        return 0;
    if (u[0] == 0xE2 && u[1] == 0x80)
        return (u[2] >= 0x8B && u[2] <= 0x8F) || (u[2] >= 0xAA && u[2] <= 0xAE) ? 3 : 0;
    if (u[0] == 0xE2 && u[1] == 0x81)
        return u[2] >= 0xA0 && u[2] <= 0xAF && u[2] != 0xA5 ? 3 : 0;
    if ((u[0] == 0xE1 && u[1] == 0xA0 && u[2] == 0x8E) ||
        (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF))
        return 3;
    return 0;
}

/* Length of what carries nothing at s[i] when debris is matched at a line's edges: U+FFFD
 * (an undecodable byte) or a format control; else 0. */
static size_t invisible_len(const char *s, size_t n, size_t i)
{
    return is_fffd(s, n, i) ? 3 : cf_len(s, n, i);
}

/* Longest run of format controls looked through at one place inside a token: noise inserts
 * one or two; the cap keeps every attempt O(1). */
#define CF_CAP 4

static size_t skip_cf(const char *s, size_t n, size_t i)
{
    if (i >= n || !(CLASS[(unsigned char)s[i]] & C_INVIS))
        return i;
    for (int k = 0; k < CF_CAP && i < n; k++) {
        size_t w = cf_len(s, n, i);
        if (!w)
            break;
        i += w;
    }
    return i;
}

/* Skips at most WS_CAP white space characters, and the format controls around them. */
static size_t skip_ws(const char *s, size_t n, size_t i)
{
    i = skip_cf(s, n, i);
    for (int k = 0; k < WS_CAP && i < n; k++) {
        size_t w = ws_len(s, n, i);
        if (!w)
            break;
        i = skip_cf(s, n, i + w);
    }
    return i;
}

/* White space, or else U+FFFD or a format control, at s[i]: its length, else 0. */
SV_ALWAYS_INLINE size_t blank_len(const char *s, size_t n, size_t i)
{
    unsigned cls = CLASS[(unsigned char)s[i]];
    if (cls & C_WS) /* the common case, and most other bytes, without a call */
        return 1;
    if (!(cls & (C_WIDE | C_INVIS)))
        return 0;
    size_t w = ws_len(s, n, i);
    return w ? w : invisible_len(s, n, i);
}

/* True when nothing but white space, U+FFFD and format controls lies in s[a..b); counts a
 * step of work per piece when work is not NULL. */
static bool only_ws(const char *s, size_t a, size_t b, size_t *work)
{
    while (a < b) {
        if (work)
            ++*work;
        size_t w = blank_len(s, b, a);
        if (!w)
            return false;
        a += w;
    }
    return true;
}

static bool starts_ci(const char *s, size_t n, size_t i, const char *lit)
{
    size_t l = strlen(lit);
    if (i + l > n)
        return false;
    for (size_t k = 0; k < l; k++)
        if (lower((unsigned char)s[i + k]) != lit[k])
            return false;
    return true;
}

/* "<" or "&lt;" at i: its length, else 0. */
static size_t lt_at(const char *s, size_t n, size_t i)
{
    if (i >= n || (s[i] != '<' && s[i] != '&'))
        return 0;
    return s[i] == '<' ? 1 : starts_ci(s, n, i, "&lt;") ? 4 : 0;
}

static size_t gt_at(const char *s, size_t n, size_t i)
{
    if (i >= n || (s[i] != '>' && s[i] != '&'))
        return 0;
    return s[i] == '>' ? 1 : starts_ci(s, n, i, "&gt;") ? 4 : 0;
}

/* Whether the three bytes at s[i] (whose first is 0xE2) are a dash: U+2010..U+2015 (hyphen,
 * non-breaking hyphen, figure dash, en dash, em dash, horizontal bar) or U+2212 (minus). A
 * scraper's arrow tail uses any of them ("–>", "—>", "‐>"). */
static bool dash3(const unsigned char *u)
{
    return (u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x95) || (u[1] == 0x88 && u[2] == 0x92);
}

/* An arrow tail "–>" (any dash of dash3) or "-->" at i: its length, else 0. "->" is left to
 * code and prose ("p->next", "A -> B") except as the weak end of a bare word
 * (short_arrow_at). */
static size_t arrow_len(const char *s, size_t n, size_t i)
{
    if (i + 2 < n && s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>')
        return 3;
    if (i + 3 < n && (unsigned char)s[i] == 0xE2 && dash3((const unsigned char *)s + i) &&
        s[i + 3] == '>')
        return 4;
    return 0;
}

/* The end, white space, U+FFFD or a format control at s[i]. */
static bool blank_or_invisible_at(const char *s, size_t n, size_t i)
{
    return i >= n || blank_len(s, n, i);
}

/* Whether a token may end before s[i]: the end, white space, a bracket, U+FFFD or a format
 * control. */
static bool token_end_at(const char *s, size_t n, size_t i)
{
    return blank_or_invisible_at(s, n, i) || s[i] == '<' || s[i] == '>';
}

/* An arrow tail that ends the token. */
static size_t arrow_at(const char *s, size_t n, size_t i)
{
    size_t l = arrow_len(s, n, i);
    return l && token_end_at(s, n, i + l) ? l : 0;
}

/* "->" ending a token: only after a tag word ("tr->"), never in code ("p->next"). */
static size_t short_arrow_at(const char *s, size_t n, size_t i)
{
    return i + 1 < n && s[i] == '-' && s[i + 1] == '>' && token_end_at(s, n, i + 2) ? 2 : 0;
}

/* True when a token may start at i: the line start, white space, the end of a previous
 * token, or closing punctuation glued to the text before it ("mechanisms.< td />"). */
static bool boundary_before(const char *s, size_t i, size_t last_end)
{
    /* format controls before i are looked through ("/tr \u202E/tr"); each ends in a UTF-8
     * continuation byte */
    for (int k = 0; k < CF_CAP && i != last_end && i >= 2 && (unsigned char)s[i - 1] >= 0x80;
         k++) {
        size_t w = i >= 3 && cf_len(s, i, i - 3) == 3 ? 3 : cf_len(s, i, i - 2) == 2 ? 2 : 0;
        if (!w)
            break;
        i -= w;
    }
    if (i == 0 || i == last_end)
        return true;
    unsigned char c = (unsigned char)s[i - 1];
    if (c == ' ' || c == '\t' || c == '>' || c == '.' || c == ',' || c == ';' || c == ':' ||
        c == '!' || c == '?' || c == ')' || c == ']' || c == '"' || c == '\'')
        return true;
    /* U+00A0, U+FFFD, and closing quotes U+2019 / U+201D */
    if (c == 0xA0 && i >= 2 && (unsigned char)s[i - 2] == 0xC2)
        return true;
    if (c == 0xBD && i >= 3 && (unsigned char)s[i - 3] == 0xEF && (unsigned char)s[i - 2] == 0xBF)
        return true;
    return i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80 &&
           (c == 0x99 || c == 0x9D);
}

/* ---- token forms ----------------------------------------------------------------------------- */

typedef struct cand {
    sv_debris tok;
    bool weak;  /* survives only before the end of the line or another token */
    bool chain; /* survives only before another token ("/tr /tr /slug-...") */
    bool split; /* a split table name ("tab le>"): weak, and chain-only unless nothing but
                   white space or debris precedes it on the line */
    bool tag;   /* a well-formed opening or closing tag ("<em>", "</em>"), named in name */
    uint8_t name_len;
    char name[NAME_MAX_LEN + 1];
} cand;

/* Longest run of U+FFFD looked through inside a name ("d\uFFFD\uFFFDiv>"): the decoder gives
 * one for each byte of an invalid sequence, and scraped text holds sequences of up to six.
 * One such run per name keeps every attempt O(1). */
#define FFFD_CAP 8

/* Reads the run of letters and digits at i into buf (lower case, at most NAME_MAX_LEN + 1 of
 * them: one more than any name), looking through format controls between them
 * ("t\u202Er") and one run of U+FFFD ("t\uFFFDd"). Returns the end of the run; *len
 * receives its letter count. */
static size_t name_run(const char *s, size_t n, size_t i, char *buf, size_t *len)
{
    size_t j = i, k = 0;
    bool fffd = false;
    while (j < n && k <= NAME_MAX_LEN) {
        if (is_alnum((unsigned char)s[j])) {
            buf[k++] = (char)lower((unsigned char)s[j++]);
            continue;
        }
        size_t e = k ? skip_cf(s, n, j) : j;
        if (k && !fffd && is_fffd(s, n, e)) {
            for (int r = 0; r < FFFD_CAP && is_fffd(s, n, e); r++)
                e += 3;
            e = skip_cf(s, n, e);
            fffd = true;
        }
        if (e == j || e >= n || !is_alnum((unsigned char)s[e]))
            break;
        j = e;
    }
    *len = k;
    return j;
}

/* Names a scraper also splits after their second letter or later ("tab le>", "tb ody>",
 * "tfo ot>"): the table's own structure, whose wreck ends a table that the text stage
 * rebuilds. Their halves may be words ("the ad>", "t able>"), so such a token counts only
 * with debris or nothing but white space on both sides of it (see bare_form). A half that
 * is a name itself ("th ead") gives way to the joined name. The two-letter names (td, tr,
 * th, li, h1-h6) split only after their first letter, which the structural split reads; ul
 * and ol are left out: two stray letters before ">" are no evidence of a list, and no
 * scraped text seen splits them. */
static const elem_entry SPLIT_NAMES[] = {ELEM("table", SV_DE_TABLE), ELEM("tbody", SV_DE_TABLE),
                                         ELEM("thead", SV_DE_TABLE), ELEM("tfoot", SV_DE_TABLE),
                                         ELEM("caption", SV_DE_TABLE)};
#define SPLIT_MAX_LEN 7

/* Whether w[0..k) (ASCII letters, any case) is the first part of a split name: a proper
 * prefix of one of SPLIT_NAMES. Turns most words away at their first letter. */
static bool split_head(const char *w, size_t k)
{
    int c = lower((unsigned char)w[0]);
    if (k == 0 || k >= SPLIT_MAX_LEN || (c != 't' && c != 'c'))
        return false;
    for (size_t q = 0; q < sizeof SPLIT_NAMES / sizeof SPLIT_NAMES[0]; q++)
        if (SPLIT_NAMES[q].name[0] == c && k < SPLIT_NAMES[q].len &&
            rest_equal(w, k, SPLIT_NAMES[q].name))
            return true;
    return false;
}

/* The split name whose first part is head[0..k) (lower case, a split_head) and whose second
 * part is the plain ASCII word at j (one space before it): the end of that word, with the
 * joined name in head, or 0. The second part must complete the name exactly ("the tab key>"
 * completes nothing). */
static size_t split_tail(const char *s, size_t n, size_t j, char *head, size_t k,
                         sv_debris_elem *elem, uint8_t *level)
{
    size_t j2 = j;
    while (j2 < n && is_alnum((unsigned char)s[j2]) && k < NAME_MAX_LEN)
        head[k++] = (char)lower((unsigned char)s[j2++]);
    if (j2 < n && is_alnum((unsigned char)s[j2]))
        return 0;
    for (size_t q = 0; q < sizeof SPLIT_NAMES / sizeof SPLIT_NAMES[0]; q++)
        if (SPLIT_NAMES[q].len == k && memcmp(SPLIT_NAMES[q].name, head, k) == 0) {
            *elem = (sv_debris_elem)SPLIT_NAMES[q].elem;
            *level = entry_level(&SPLIT_NAMES[q]);
            return j2;
        }
    return 0;
}

/* The end of the run of at most WS_CAP spaces at i that splits a name ("t r>", and "t  r>"
 * where a scraper doubled the space), or i. */
static size_t split_spaces(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && s[j] == ' ' && j - i < WS_CAP)
        j++;
    return j;
}

/* Reads an element name at i. With split (not NULL), also a split name: after its first
 * letter, by a run of spaces (split_spaces), for a structural name ("t d>", "t  r>"); by one
 * space anywhere for SPLIT_NAMES ("tab le>"; *split is set, and the caller holds such a token
 * weak). A split name holds at most NAME_MAX_LEN letters and WS_CAP spaces, so it reaches no
 * farther than an unsplit name with format controls inside (BARE_REACH). Returns the end or
 * 0; name_buf (NAME_MAX_LEN + 1 bytes) receives the joined lower-case name. */
static size_t read_name(const char *s, size_t n, size_t i, char *name_buf, size_t *name_len,
                        sv_debris_elem *elem, uint8_t *level, bool *split)
{
    size_t k = 0, j = name_run(s, n, i, name_buf, &k);
    if (k == 0 || k > NAME_MAX_LEN || !is_alpha((unsigned char)name_buf[0]))
        return 0;
    size_t sp = split ? split_spaces(s, n, j) : j; /* the second part's start */
    bool spaced_word = sp > j && sp < n && is_alpha((unsigned char)s[sp]);
    /* split name: one letter, spaces, the rest ("t d>", "t r>", "t  r>") */
    if (spaced_word && k == 1) {
        size_t j2 = sp, k2 = 1;
        char joined[NAME_MAX_LEN + 1];
        joined[0] = name_buf[0];
        while (j2 < n && is_alnum((unsigned char)s[j2]) && k2 < NAME_MAX_LEN)
            joined[k2++] = (char)lower((unsigned char)s[j2++]);
        sv_debris_elem e2;
        uint8_t l2;
        if (k2 <= 3 && !(j2 < n && is_alnum((unsigned char)s[j2])) && j2 < n &&
            (s[j2] == '>' || s[j2] == ' ') && sv_debris_element(joined, k2, &e2, &l2) &&
            structural_name(e2)) {
            memcpy(name_buf, joined, k2);
            *name_len = k2;
            *elem = e2;
            *level = l2;
            return j2;
        }
    }
    /* split table name: a plain ASCII first part (no format control inside), one space, the
     * rest; its halves may be words, so a doubled space ("tab  le>") is left to prose */
    if (spaced_word && sp == j + 1 && j - i == k && split_head(name_buf, k)) {
        char joined[NAME_MAX_LEN + 1];
        memcpy(joined, name_buf, k);
        size_t j2 = split_tail(s, n, sp, joined, k, elem, level);
        if (j2) {
            *name_len = j2 - sp + k;
            memcpy(name_buf, joined, *name_len);
            *split = true;
            return j2;
        }
    }
    if (!sv_debris_element(name_buf, k, elem, level))
        return 0;
    *name_len = k;
    return j;
}

/* The closing part of a token: ">" or ">>", then an optional arrow tail; or an arrow tail
 * alone ("table-->"). Returns the end or 0; *strong when the tail is unmistakable. */
static size_t read_tail(const char *s, size_t n, size_t i, bool *doubled, bool *arrow)
{
    size_t g = gt_at(s, n, i), j = i;
    *doubled = false;
    *arrow = false;
    if (g) {
        j += g;
        size_t g2 = gt_at(s, n, j);
        if (g2) {
            j += g2;
            *doubled = true;
        }
    }
    size_t a = arrow_at(s, n, j);
    if (a) {
        j += a;
        *arrow = true;
    }
    return j > i ? j : 0;
}

/* An opening tag spaced inside, "< td >", "< em>" or "<p >" (from "<" at i to te): debris,
 * glued to the text it opens ("< td >City", "<p >The", "and <em >brown"), unless an operand
 * is glued to a tight "<" ("x<b >y"). Where white space follows it in the middle of a line
 * ("a < b > c", "x <b > y": a chain of comparisons) it is weak: it counts only before the
 * end of the line or another token ("<td > <td >"). */
static size_t spaced_open(const char *s, size_t n, size_t i, size_t te, cand *c, bool lead,
                          bool space_after_lt)
{
    if (!space_after_lt && i > 0 && is_alnum((unsigned char)s[i - 1]))
        return 0;
    c->weak = !lead && te < n && blank_len(s, n, te);
    return te;
}

/* The parts of a bracket form as read from its "<": "<"{1,2} ws "/"? ws NAME ws "/"? ws, then
 * the closing part when there is one. */
typedef struct bracket {
    size_t l1;            /* length of the first "<" (4 for "&lt;") */
    unsigned nlt;         /* 1, or 2 for "<<" */
    bool space_after_lt, slash1, space_after_slash;
    char name[NAME_MAX_LEN + 1];
    size_t name_len;
    sv_debris_elem e;
    uint8_t lv;
    size_t ne;            /* the end of the name */
    bool space_before_close, slash2;
    size_t j;             /* after the white space past the name and the second "/" */
    bool doubled, arrow;  /* ">>"; an arrow tail */
    size_t te;            /* the end of the closing part, 0 when there is none */
} bracket;

/* Reads the bracket form at i into *b: false when there is no "<" or no element name. */
static bool read_bracket(const char *s, size_t n, size_t i, bracket *b)
{
    size_t j = i;
    b->l1 = lt_at(s, n, j);
    if (!b->l1)
        return false;
    j += b->l1;
    b->nlt = 1;
    if (lt_at(s, n, j) == 1 && b->l1 == 1) {
        j++;
        b->nlt = 2;
    }
    size_t a = j;
    j = skip_ws(s, n, j);
    b->space_after_lt = j > a;
    b->slash1 = j < n && s[j] == '/';
    b->space_after_slash = false;
    if (b->slash1) {
        j = skip_ws(s, n, j + 1);
        b->space_after_slash = s[j - 1] != '/';
    }
    b->name_len = 0;
    b->ne = read_name(s, n, j, b->name, &b->name_len, &b->e, &b->lv, NULL);
    if (!b->ne)
        return false;
    j = skip_ws(s, n, b->ne);
    b->space_before_close = j > b->ne;
    b->slash2 = j < n && s[j] == '/';
    if (b->slash2)
        j = skip_ws(s, n, j + 1);
    b->j = j;
    b->te = read_tail(s, n, j, &b->doubled, &b->arrow);
    return true;
}

/* A bracket form with its ">" (b->te): its end, or 0 where prose keeps it. */
static size_t closed_bracket(const char *s, size_t n, size_t i, const bracket *b, cand *c,
                             bool lead, bool text)
{
    bool slash1 = b->slash1, slash2 = b->slash2;
    if (!slash1 && !slash2 && b->nlt == 1 && b->l1 == 1 && !b->doubled && !b->arrow &&
        (b->space_after_lt || b->space_before_close))
        return spaced_open(s, n, i, b->te, c, lead, b->space_after_lt);
    if (b->nlt == 2 || b->doubled || b->arrow || b->space_after_lt ||
        (slash2 && b->space_before_close) || b->l1 == 4)
        return b->te;
    /* a closing tag with a space inside ("</ em>", "</td >"): no sentence writes one */
    if (slash1 && !slash2 && (b->space_after_slash || b->space_before_close))
        return b->te;
    /* a well-formed "<p>" or "</td>" (every tag spaced inside has been taken above): prose
     * about markup keeps it ("use the <p> tag", "x </p> y"); scraped text keeps none at its
     * edges ("<h2>Title</h2>", "Text.</p>", "</li></ul>"), where no sentence puts one */
    if (!text || (slash1 && slash2))
        return 0;
    c->weak = !lead;
    c->tag = !slash2; /* "<em>" or "</em>", which may pair up (pair_tags) */
    c->name_len = (uint8_t)b->name_len;
    memcpy(c->name, b->name, b->name_len);
    return b->te;
}

/* A bracket form without its ">": its end, or 0 when it is no debris. */
static size_t unclosed_bracket(const char *s, size_t n, const bracket *b, cand *c, bool lead)
{
    size_t j = b->j;
    /* "</p" or "< /p" without its ">": weak, so it counts ending the line (undecodable bytes
     * and format controls may follow) or before other debris ("</p &lt;/p&gt;") */
    if (b->slash1 && !b->slash2 && blank_or_invisible_at(s, n, b->ne)) {
        c->weak = true;
        return j;
    }
    /* opening fragment "< td Text": the tag never closed */
    if (!b->slash1 && !b->slash2 && b->space_after_lt && b->space_before_close && j < n &&
        s[j] != '<' && s[j] != '>' && (fragment_name(b->e) || (lead && fragment_word(s, n, j)))) {
        c->tok.fragment = fragment_name(b->e); /* "< p Text" opens a paragraph, wrecks no row */
        return j;
    }
    return 0;
}

/* Bracket form: "<"{1,2} ws "/"? ws NAME ws "/"? ws ">"{1,2} [arrow], spaced anywhere inside
 * ("< td >", "<p >", "</ em>"), doubled or wrongly self-closed ("<img>" alone stays prose).
 * Also "</p" and "< /p" without their ">" (weak: at the end of the line or before other
 * debris), and the opening fragment "< td Text" (for any name when `lead`: only white space
 * or debris comes before it on the line). In text mode, a well-formed tag too where it
 * stands at an edge of the line: first (`lead`), or weak, so that only debris may follow it,
 * unless it pairs up around a phrase (pair_tags). */
static size_t bracket_form(const char *s, size_t n, size_t i, cand *c, bool lead, bool text)
{
    bracket b;
    if (!read_bracket(s, n, i, &b))
        return 0;
    c->tok.elem = (uint8_t)b.e;
    c->tok.level = b.lv;
    c->tok.role = (b.slash1 || b.slash2) ? SV_DR_CLOSE : SV_DR_OPEN;
    c->tok.fragment = false;
    c->weak = false;
    if (b.te)
        return closed_bracket(s, n, i, &b, c, lead, text);
    return unclosed_bracket(s, n, &b, c, lead);
}

/* Slug tail: one word that starts with "/", ends with "-" and holds "-/NAME-" for an element
 * name ("/post-crimea-sanctions-...-tr-/tbody-/table-"); the words before may be in any
 * script. *word_end receives the end of the word: when the word is no slug, no "/" later in
 * it starts one either (it ends the same way and holds fewer "-/NAME-"), so the caller
 * tries no slug before that end again ("./././..." stays linear). */
static size_t slug_form(const char *s, size_t n, size_t i, cand *c, size_t *word_end)
{
    size_t j = i + 1, last = i; /* last: the end of the word's last visible character */
    bool inner = false;
    while (j < n && !ws_len(s, n, j) && !is_fffd(s, n, j)) {
        size_t w = cf_len(s, n, j);
        if (w) { /* "-t\u202Er-" */
            j += w;
            continue;
        }
        last = j + 1;
        if (s[j] == '/' && s[j - 1] == '-' && !inner) {
            size_t k = j + 1;
            while (k < n && is_alpha((unsigned char)s[k]) && k - j <= NAME_MAX_LEN)
                k++;
            inner = k < n && s[k] == '-' && sv_debris_element(s + j + 1, k - j - 1, NULL, NULL);
        }
        j++;
    }
    *word_end = j;
    if (!inner || s[last - 1] != '-')
        return 0;
    c->tok.elem = SV_DE_NONE;
    c->tok.role = SV_DR_STRAY;
    c->tok.level = 0;
    c->tok.fragment = true;
    c->weak = false;
    return last;
}

/* Whether the word at j can be the name of a bare end word, judged before it is copied and
 * looked up: no longer than the longest element name, starting with a letter some name
 * starts with, and followed (after white space) by what can close the form: ">", "&gt;",
 * "/", an arrow, or for "/NAME" white space or the end. A single letter may be the first
 * half of a split name ("t d>"), and a word followed by one space and a letter the first
 * part of a split table name ("tab le>", split_head); read_name judges both itself. */
static bool bare_plausible(const char *s, size_t n, size_t j, bool slash1)
{
    if (j >= n || !starts_element((unsigned char)s[j]))
        return false;
    /* most words are plain ASCII: count the run in place; only a byte that may start a
     * format control (0xC2 or more) can continue it, and then name_run reads it */
    size_t r = j;
    while (r < n && r - j <= NAME_MAX_LEN && is_alnum((unsigned char)s[r]))
        r++;
    size_t k = r - j;
    if (k <= NAME_MAX_LEN && r < n && (unsigned char)s[r] >= 0xC2) {
        char buf[NAME_MAX_LEN + 1];
        r = name_run(s, n, j, buf, &k);
    }
    if (k > NAME_MAX_LEN)
        return false;
    if ((k == 1 && !slash1) || (slash1 && blank_or_invisible_at(s, n, r)))
        return true;
    /* prose: an ASCII byte other than white space, or one space and a letter or digit,
     * after the word; skip_ws would stop there (no format control starts below 0xC2) */
    unsigned char c0 = r < n ? (unsigned char)s[r] : 0;
    if (c0 == ' ' && r + 1 < n && is_alnum((unsigned char)s[r + 1]))
        return !slash1 && r - j == k && split_head(s + j, k); /* "tab le>" */
    if (r < n && c0 < 0x80 && !(CLASS[c0] & C_WS))
        return c0 == '>' || c0 == '&' || c0 == '/' || c0 == '-';
    size_t t = skip_ws(s, n, r);
    if (t >= n)
        return false;
    unsigned char c = (unsigned char)s[t];
    return c == '>' || c == '&' || c == '/' || c == '-' || c == 0xE2;
}

/* Bare end word: "/"? NAME ws ["/" ws] (">"{1,2} [arrow] | arrow), or "/NAME" alone. */
static size_t bare_form(const char *s, size_t n, size_t i, cand *c)
{
    size_t j = i;
    bool slash1 = s[j] == '/';
    if (slash1)
        j++;
    if (!bare_plausible(s, n, j, slash1))
        return 0;
    char name[NAME_MAX_LEN + 1];
    size_t name_len = 0;
    sv_debris_elem e;
    uint8_t lv;
    bool split = false;
    size_t ne = read_name(s, n, j, name, &name_len, &e, &lv, slash1 ? NULL : &split);
    if (!ne)
        return 0;
    c->tok.elem = (uint8_t)e;
    c->tok.level = lv;
    c->tok.role = SV_DR_CLOSE;
    c->tok.fragment = false;
    j = skip_ws(s, n, ne);
    bool spaced = j > ne;
    if (j < n && s[j] == '/') { /* "td />": a slash only when a ">" follows it */
        size_t k = skip_ws(s, n, j + 1);
        if (gt_at(s, n, k))
            j = k;
    }
    bool doubled, arrow;
    size_t te = read_tail(s, n, j, &doubled, &arrow);
    if (!te && !slash1 && (te = short_arrow_at(s, n, j)) != 0) {
        c->weak = true; /* "tr->", "tr ->": an arrow in code or prose unless it ends the line */
        c->split = split;
        return j + te;
    }
    if (te) {
        c->weak = !(doubled || arrow || (!spaced && structural_name(e)) ||
                    (slash1 && structural_name(e)));
        if (arrow && spaced && !gt_at(s, n, j))
            c->weak = true; /* "tr -->" ends a line of debris; "B --> C" is an arrow in prose */
        if (split) /* two words before ">" ("the ad>" joins to "thead"): debris at both ends */
            c->weak = c->split = true;
        return te;
    }
    /* "/tr" followed by white space or the end: only as part of a chain of debris */
    if (slash1 && blank_or_invisible_at(s, n, ne) &&
        (structural_name(e) || e == SV_DE_TABLE || e == SV_DE_LIST)) {
        c->weak = c->chain = true; /* "/tr" alone may be a path or a link text */
        return ne;
    }
    return 0;
}

/* ---- scanning -------------------------------------------------------------------------------- */

/* Skips a word (a run of bytes that starts no token) from i. */
static size_t skip_word(const char *s, size_t n, size_t i)
{
    while (i < n && is_alnum((unsigned char)s[i])) /* no letter or digit ends a word */
        i++;
    for (; i < n; i++) {
        unsigned cls = CLASS[(unsigned char)s[i]];
        if (cls & (C_OPEN | C_CLOSE | C_WS))
            break;
        if ((cls & C_WIDE) && ws_len(s, n, i))
            break;
    }
    return i;
}

#ifdef DEBRIS_VECTOR_SCAN
/* One bit for each '<', '>', '&' or '/' among the 16 bytes at p. */
SV_ALWAYS_INLINE unsigned markup_bits16(const char *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('<')),
                                          _mm_cmpeq_epi8(x, _mm_set1_epi8('>'))),
                             _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('&')),
                                          _mm_cmpeq_epi8(x, _mm_set1_epi8('/'))));
    return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The first '<', '>', '&' or '/' at or after i, or n: every token holds one (see
 * quiet_before). Sixteen bytes at a time where SSE2 is there (the last 16 of the line
 * overlapping those already read), else eight ('<' and '>' differ in one bit, which the mask
 * clears). */
static size_t next_markup(const char *s, size_t n, size_t i)
{
#ifdef DEBRIS_VECTOR_SCAN
    if (n - i >= 16) {
        for (; i + 16 <= n; i += 16) {
            unsigned bits = markup_bits16(s + i);
            if (bits)
                return i + (size_t)__builtin_ctz(bits);
        }
        unsigned bits = i < n ? markup_bits16(s + n - 16) >> (16 - (n - i)) : 0;
        return bits ? i + (size_t)__builtin_ctz(bits) : n;
    }
#else
    for (; i + 8 <= n; i += 8) {
        uint64_t x = sv_load_le64(s + i);
        if (sv_swar_zero((x & ~(SV_SWAR_ONES * 2u)) ^ (SV_SWAR_ONES * '<')) |
            sv_swar_zero(x ^ (SV_SWAR_ONES * '&')) | sv_swar_zero(x ^ (SV_SWAR_ONES * '/')))
            break;
    }
#endif
    /* a short line (most lines of debris are) or the last bytes: one at a time */
    while (i < n && !(CLASS[(unsigned char)s[i]] & (C_OPEN | C_CLOSE)))
        i++;
    return i;
}

/* Scan state: the work counter, the end of a word known to hold no slug tail, and the quiet
 * stretch before the next markup byte (see quiet_from). */
typedef struct scan_state {
    size_t work;
    size_t no_slug;
    size_t mark;  /* the first markup byte at or after the position being scanned, or n */
    size_t quiet; /* no token starts before it, from that position on */
    bool text;    /* text mode: a line of scraped text (sv_debris_scan_text) */
} scan_state;

/* Forms that start at "<", "&lt;" or "/". */
static size_t try_forms(const char *s, size_t n, size_t i, size_t last_end, bool lead, cand *c,
                        scan_state *st)
{
    size_t e = 0;
    if (lt_at(s, n, i))
        e = bracket_form(s, n, i, c, lead, st->text);
    if (!e && s[i] == '/' && boundary_before(s, i, last_end)) {
        if (i >= st->no_slug) {
            size_t word_end = i;
            e = slug_form(s, n, i, c, &word_end);
            st->work += word_end - i;
            if (!e)
                st->no_slug = word_end;
        }
        if (!e)
            e = bare_form(s, n, i, c);
    }
    return e;
}

/* The farthest a bare end word without "/" reaches from its first letter to the first byte of
 * its ">", "&gt;" or arrow tail's ">": a name of NAME_MAX_LEN letters with CF_CAP format
 * controls (3 bytes each) between any two of them, and at one place a run of FFFD_CAP U+FFFD
 * with CF_CAP more format controls after it (a split name, "tab le" or "t  r", has up to
 * WS_CAP spaces between two of its letters instead, and at most NAME_MAX_LEN of them); white
 * space (skip_ws: CF_CAP format controls, then WS_CAP times a 3-byte space and CF_CAP format
 * controls), "/", white space again; then at most 3 bytes of an arrow ("-->", "\u2013>", any
 * dash of dash3) before its ">". */
#define SKIP_WS_REACH (3 * CF_CAP + WS_CAP * (3 + 3 * CF_CAP))
#define BARE_REACH                                                                             \
    (NAME_MAX_LEN + (NAME_MAX_LEN - 1) * 3 * CF_CAP + 3 * FFFD_CAP + 3 * CF_CAP +             \
     SKIP_WS_REACH + 1 + SKIP_WS_REACH + 3)

/* The end of the quiet stretch before the markup byte m (or the end of the line), seen from
 * i <= m: no token starts in [i, result). Bracket, slug and slashed forms start at markup.
 * A bare end word without "/" reads only C_BARE bytes (name, the space of a split name, white
 * space, format controls, "/", an arrow's "--" or dash) up to its ">" or "&gt;", the first
 * '>' or '&' after its start, at most BARE_REACH bytes on; so it ends at m or holds m (a
 * "/", "td />"), and every byte between its start and m is C_BARE. No C_BARE byte is '<'. */
static size_t quiet_before(const char *s, size_t n, size_t i, size_t m)
{
    if (m == n || s[m] == '<')
        return m;
    size_t q = m, floor = m - i > BARE_REACH ? m - BARE_REACH : i;
    while (q > floor && (CLASS[(unsigned char)s[q - 1]] & C_BARE))
        q--;
    return q;
}

/* The start of the stretch in which a token may begin, seen from i (between markup bytes,
 * the scan only moves forward, so each byte is searched once forward and once backward). */
static size_t quiet_from(const char *s, size_t n, size_t i, scan_state *st)
{
    if (i > st->mark) {
        st->mark = next_markup(s, n, i);
        st->quiet = quiet_before(s, n, i, st->mark);
        st->work += 2 * (st->mark - i);
    }
    return st->quiet;
}

/* The end of the last white space that starts in s[r..q), or 0. In a stretch without markup
 * the scan steps on every white space character and on the byte after it, never over them (a
 * word is skipped up to white space, other bytes one at a time, white space and invisible
 * characters whole, and their inner bytes start no white space), so it may resume there. */
static size_t space_end_before(const char *s, size_t n, size_t r, size_t q)
{
    for (size_t p = q; p > r; p--) {
        unsigned cls = CLASS[(unsigned char)s[p - 1]];
        if (cls & C_WS)
            return p;
        size_t w = cls & C_WIDE ? ws_len(s, n, p - 1) : 0;
        if (w)
            return p - 1 + w;
    }
    return 0;
}

/* Whether the word at i, whose ASCII letters and digits end at r, may start a bare end word:
 * a test that bare_form passes whenever it finds one, but that turns most words away at the
 * byte after the word (as bare_plausible would, at a fraction of the cost). */
static bool word_may_close(const char *s, size_t n, size_t i, size_t r)
{
    if (r - i > NAME_MAX_LEN || !starts_element((unsigned char)s[i]))
        return false;
    if (r - i == 1) /* perhaps a split name "t d" */
        return true;
    if (r == n)
        return false;
    unsigned char c0 = (unsigned char)s[r];
    if (c0 == ' ' && r + 1 < n && is_alnum((unsigned char)s[r + 1]))
        return split_head(s + i, r - i); /* perhaps a split name "tab le" */
    return c0 >= 0x80 || (CLASS[c0] & (C_WS | C_CLOSE)) || c0 == '/' || c0 == '-';
}

/* A word at i (an ASCII letter): a bare end word, or *next receives where the scan resumes. */
static size_t try_word(const char *s, size_t n, size_t i, size_t last_end, cand *c,
                       scan_state *st, size_t *next)
{
    size_t r = i + 1;
    while (r < n && is_alnum((unsigned char)s[r]))
        r++;
    size_t quiet = quiet_from(s, n, i, st);
    /* prose: resume after the last white space before the quiet stretch ends. A word whose
     * search finds none is skipped up to white space as usual, so a stretch is searched at
     * most once more after its first search: linear. */
    if (i < quiet) {
#ifndef NDEBUG
        cand scratch;
        memset(&scratch, 0, sizeof scratch);
        assert(!bare_form(s, n, i, &scratch));
#endif
        size_t t = space_end_before(s, n, r, quiet);
        *next = t ? t : skip_word(s, n, r);
        return 0;
    }
    /* a word after a space (the common case) needs no look-back through format controls */
    if (word_may_close(s, n, i, r) &&
        (i == 0 || i == last_end || s[i - 1] == ' ' || boundary_before(s, i, last_end))) {
        size_t e = bare_form(s, n, i, c);
        if (e)
            return e;
    }
    *next = skip_word(s, n, r);
    return 0;
}

/* True when nothing but tokens, white space and stray brackets is on the line, and there
 * is at least one token or bracket. */
static bool line_only_debris(const char *s, size_t n, const sv_debris *out, size_t count)
{
    size_t i = 0, t = 0;
    bool any = count > 0;
    while (i < n) {
        if (t < count && out[t].start == i) {
            i = out[t++].end;
            continue;
        }
        size_t w = blank_len(s, n, i); /* also an undecodable byte or a format control */
        if (w) {
            i += w;
            continue;
        }
        if (s[i] != '<' && s[i] != '>')
            return false;
        any = true;
        i++;
    }
    return any;
}

/* A leading ">" glued to the text is the remains of the opening tag of the cell or
 * paragraph that a bracket-form close ends later on the line (">Cell<< /td>>"). Returns
 * its position + 1, or 0. */
static size_t leading_gt(const char *s, size_t n, const sv_debris *out, size_t count)
{
    size_t k = 0;
    size_t w;
    while (k < n && (w = blank_len(s, n, k)) != 0)
        k += w;
    if (k >= n || s[k] != '>' || (count && out[0].start <= k))
        return 0;
    for (size_t q = 0; q < count; q++)
        if (out[q].role == SV_DR_CLOSE && lt_at(s, n, out[q].start))
            return k + 1;
    return 0;
}

/* Inline markup left whole in a sentence, "The quick <em>brown</em> fox": a well-formed
 * opening tag glued to the text after it and the closing tag of the same name glued to the
 * text before it, with no other "<" between them and at most PAIR_REACH bytes apart, are
 * debris in text mode wherever they stand. Prose about markup sets its tags apart ("use the
 * <p> tag", "a <tr> and a <td>; close them with </td>") and shows no pair glued around a
 * phrase. The open tag waiting for its close: */
typedef struct tag_pair {
    size_t at;  /* its candidate index, or SIZE_MAX for none */
    size_t end; /* the end of its ">" */
    uint8_t len;
    char name[NAME_MAX_LEN + 1];
} tag_pair;

#define PAIR_REACH 160

/* After the attempt at the "<" at i (a candidate c ending at e, or e == 0): confirms a pair
 * that c closes, and keeps c waiting when it is a glued opening tag. Any other "<" ends the
 * wait, so the text between a pair holds none. */
static void pair_tags(const char *s, size_t n, size_t i, size_t e, cand *c, sv_debris *out,
                      size_t max, size_t count, tag_pair *p)
{
    bool glued_before = i > 0 && !(CLASS[(unsigned char)s[i - 1]] & C_WS) &&
                        !(i >= 2 && (unsigned char)s[i - 2] == 0xC2 &&
                          (unsigned char)s[i - 1] == 0xA0);
    if (e && c->tag && c->tok.role == SV_DR_CLOSE && p->at != SIZE_MAX && glued_before &&
        i > p->end && i - p->end <= PAIR_REACH && c->name_len == p->len &&
        memcmp(c->name, p->name, p->len) == 0) {
        c->weak = false;
        if (p->at < max)
            out[p->at].role &= 0x7F;
    }
    p->at = SIZE_MAX;
    if (e && c->tag && c->tok.role == SV_DR_OPEN && e < n && !blank_len(s, n, e) &&
        s[e] != '<') {
        p->at = count;
        p->end = e;
        p->len = c->name_len;
        memcpy(p->name, c->name, c->name_len);
    }
}

/* Pass 1: every candidate token, left to right; weak ones carry 0x80 in role, chain-only
 * ones 0x40, until pass 2. Stores up to max; returns how many there are. */
static size_t find_candidates(const char *s, size_t n, sv_debris *out, size_t max,
                              scan_state *st)
{
    size_t count = 0, i = 0, last_end = (size_t)-1, work = 0;
    bool lead = true; /* only white space and tokens so far: no operand before a "<" */
    tag_pair pair = {SIZE_MAX, 0, 0, {0}};
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (!(CLASS[b] & (C_ALPHA | C_OPEN))) {
            size_t k = i + 1;
            if (b == ' ') { /* indentation and other runs of spaces at one compare a byte */
                while (k < n && s[k] == ' ')
                    k++;
            } else {
                size_t w = blank_len(s, n, i); /* also an undecodable byte or a format control */
                lead = lead && w;
                k = w ? i + w : k;
            }
            work += 2 * (k - i); /* as below: no form starts here, and the byte is passed */
            i = k;
            continue;
        }
        cand c;
        memset(&c, 0, sizeof c);
        size_t next = i + 1;
        size_t e = is_alpha(b) ? try_word(s, n, i, last_end, &c, st, &next)
                               : try_forms(s, n, i, last_end, lead, &c, st);
        work++; /* each form reads O(1) bytes: white space and names are capped */
        if (b == '<' && st->text)
            pair_tags(s, n, i, e, &c, out, max, count, &pair);
        if (!e) {
            work += next - i;
            i = next;
            lead = false;
            continue;
        }
        c.chain = c.chain || (c.split && !lead); /* "Click the ad>" ends a sentence */
        c.tok.start = i;
        c.tok.end = e;
        if (count < max) {
            out[count] = c.tok;
            out[count].role |= (uint8_t)((c.weak ? 0x80 : 0) | (c.chain ? 0x40 : 0));
        }
        count++;
        i = last_end = e;
        lead = true;
    }
    st->work += work;
    return count;
}

/* Whether the chain-only token q, last on its line, follows a chain-only token of the same
 * element with white space alone between them: "/tr /tr" ending a line is debris, while one
 * "/tr", or "Links: /tr /td", may be prose. */
static bool chained_before(const char *s, const sv_debris *out, size_t q, scan_state *st)
{
    return q > 0 && (out[q - 1].role & 0xC0) == 0xC0 && out[q - 1].elem == out[q].elem &&
           only_ws(s, out[q - 1].end, out[q].start, &st->work);
}

/* Pass 2, backwards: a weak token survives only when white space alone separates it from
 * the end of the line or from the next surviving token (a chain-only one: from a token, or
 * from the end when a chain-only token comes just before it).
 * Returns the number kept, compacted to the front. */
static size_t confirm_weak(const char *s, size_t n, sv_debris *out, size_t count,
                           scan_state *st)
{
    size_t next_start = n, kept = 0;
    for (size_t q = count; q-- > 0;) {
        bool weak = (out[q].role & 0x80) != 0, chain = (out[q].role & 0x40) != 0;
        out[q].role &= 0x3F;
        st->work++;
        if (!weak || (only_ws(s, out[q].end, next_start, &st->work) &&
                      (!chain || next_start < n || chained_before(s, out, q, st))))
            next_start = out[q].start;
        else
            out[q].elem = 0xFF;
    }
    for (size_t q = 0; q < count; q++)
        if (out[q].elem != 0xFF)
            out[kept++] = out[q];
    return kept;
}

/* Inserts the leading ">" (ending at lead) as the opening of the element the line closes. */
static size_t insert_lead(sv_debris *out, size_t count, size_t lead)
{
    sv_debris t = {lead - 1, lead, SV_DE_NONE, SV_DR_OPEN, 0, false};
    for (size_t q = 0; q < count; q++)
        if (out[q].role == SV_DR_CLOSE) {
            t.elem = out[q].elem;
            t.level = out[q].level;
            break;
        }
    memmove(out + 1, out, count * sizeof *out);
    out[0] = t;
    return count + 1;
}

/* The recogniser proper, for a line whose first markup byte is at mark < n. Kept apart from
 * scan, so that the many lines without markup cost no more than the search for it. */
SV_NOINLINE size_t scan_markup(const char *s, size_t n, size_t mark, sv_debris *out, size_t max,
                               bool *only_debris, size_t *work, bool text)
{
    scan_state st = {mark / 8 + 1, 0, mark, quiet_before(s, n, 0, mark), text};
    size_t count = find_candidates(s, n, out, max, &st);
    if (count + 1 > max) {
        if (work)
            *work += st.work;
        return count + 1; /* the caller retries with room for every token */
    }
    count = confirm_weak(s, n, out, count, &st);
    if (only_debris)
        *only_debris = line_only_debris(s, n, out, count);
    st.work += n; /* line_only_debris and leading_gt read the line once */
    if (work)
        *work += st.work;
    size_t lead = leading_gt(s, n, out, count);
    return lead ? insert_lead(out, count, lead) : count;
}

static size_t scan(const char *s, size_t n, sv_debris *out, size_t max, bool *only_debris,
                   size_t *work, bool text)
{
    if (only_debris)
        *only_debris = false;
    if (!s || !out)
        return 0;
    /* A line without markup (most prose) holds no token and is no line of debris: only a
     * token or a bracket makes it only_debris. */
    size_t mark = next_markup(s, n, 0);
    if (mark < n)
        return scan_markup(s, n, mark, out, max, only_debris, work, text);
    if (work)
        *work += n / 8 + 1;
    return 0;
}

size_t sv_debris_scan_counted(const char *s, size_t n, sv_debris *out, size_t max,
                              bool *only_debris, size_t *work)
{
    return scan(s, n, out, max, only_debris, work, false);
}

size_t sv_debris_scan_text(const char *s, size_t n, sv_debris *out, size_t max,
                           bool *only_debris, size_t *work)
{
    return scan(s, n, out, max, only_debris, work, true);
}

size_t sv_debris_scan(const char *s, size_t n, sv_debris *out, size_t max, bool *only_debris)
{
    return sv_debris_scan_counted(s, n, out, max, only_debris, NULL);
}

/* Debris tokens scanned at a time by sv_debris_clean before it falls back to the arena. */
#define CLEAN_STACK_TOKENS 64

static int clean_line(const char *s, size_t n, sv_buf *out)
{
    sv_debris stack[CLEAN_STACK_TOKENS], *t = stack;
    bool only = false;
    size_t c = sv_debris_scan(s, n, t, CLEAN_STACK_TOKENS, &only);
    if (c > CLEAN_STACK_TOKENS) {
        t = sv_arena_alloc(out->arena, c * sizeof *t);
        if (!t)
            return -1;
        c = sv_debris_scan(s, n, t, c, &only);
    }
    if (only)
        return 0;
    size_t at = 0;
    for (size_t k = 0; k < c; k++) {
        if (sv_buf_append(out, s + at, t[k].start - at) != 0 || sv_buf_putc(out, ' ') != 0)
            return -1;
        at = t[k].end;
    }
    return sv_buf_append(out, s + at, n - at);
}

int sv_debris_clean(const char *s, size_t n, sv_buf *out)
{
    if (!s || !out)
        return 0;
    for (size_t i = 0; i <= n;) { /* line by line: "at the end of the line" matters */
        const char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
        size_t end = nl ? (size_t)(nl - s) : n;
        if (clean_line(s + i, end - i, out) != 0 || (nl && sv_buf_putc(out, '\n') != 0))
            return -1;
        if (!nl)
            break;
        i = end + 1;
    }
    return 0;
}
