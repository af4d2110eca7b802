/*
 * text.c — the scraped-text path: input kind detection, then the article rebuilt from text
 * full of markup debris.
 *
 * sv_text_build runs three passes over the lines of doc->text, each linear:
 *  1. every line is cleaned by the noise stage, its debris tokens recognised (debris.c), and
 *     the rest stored as pieces (text_lines.h); lines are classified (blank, no-break
 *     spaces only, debris only, noise, bullet, markers seen);
 *  2. tables are found and take their lines (text_table.c);
 *  3. the remaining lines become headings, paragraphs and lists, in reading order, with the
 *     tables emitted where they begin.
 * Debris tokens never reach a block's text: only text pieces are appended.
 */
#include "text.h"

#include "entities.h"
#include "noise.h"
#include "text_lines.h"

#include <string.h>
#include <utf8proc.h>

/* ---- input kind ------------------------------------------------------------------------------ */

/* Bytes of the document examined to decide its kind: evidence is at its start, and a bound
 * keeps the decision O(1) in the document size. */
#define KIND_SCAN_BYTES 65536

static int lower_c(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool starts_ci_at(const char *s, size_t n, size_t i, const char *lit)
{
    size_t l = strlen(lit);
    if (i + l > n)
        return false;
    for (size_t k = 0; k < l; k++)
        if (lower_c((unsigned char)s[i + k]) != lit[k])
            return false;
    return true;
}

/* A well-formed tag at s[i] ("<name", "</name" or "<!--" with no space after "<", and not
 * doubled as debris is): its kind, 1 for a document-structure tag (html, head, body), 2 for
 * another, 0 for none. */
static int wellformed_tag(const char *s, size_t n, size_t i)
{
    if (s[i] != '<' || i + 2 >= n || (i > 0 && s[i - 1] == '<') || s[i + 1] == '<')
        return 0;
    size_t j = i + 1;
    if (s[j] == '/')
        j++;
    if (starts_ci_at(s, n, i, "<!--"))
        return 2;
    size_t k = j;
    while (k < n && k - j < 12 &&
           ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
            (k > j && s[k] >= '0' && s[k] <= '9')))
        k++;
    if (k == j || k >= n || !(s[k] == '>' || s[k] == ' ' || s[k] == '/' || s[k] == '\n'))
        return 0;
    if (!sv_debris_element(s + j, k - j, NULL, NULL))
        return 0;
    if (k + 1 < n && s[k] == '>' && s[k + 1] == '>')
        return 0; /* "<td>>": debris */
    if ((k - j == 4 && (starts_ci_at(s, n, j, "html") || starts_ci_at(s, n, j, "head") ||
                        starts_ci_at(s, n, j, "body"))))
        return 1;
    return 2;
}

/* Well-formed tags in text[0..n): how many, how many are html/head/body, on how many of
 * the lines. */
static void count_tags(const char *text, size_t n, size_t *tags, size_t *structure,
                       size_t *tag_lines, size_t *lines)
{
    bool line_has_tag = false;
    for (size_t k = 0; k < n; k++) {
        if (text[k] == '\n') {
            ++*lines;
            line_has_tag = false;
            continue;
        }
        int t = wellformed_tag(text, n, k);
        if (!t)
            continue;
        ++*tags;
        *structure += t == 1;
        *tag_lines += !line_has_tag;
        line_has_tag = true;
    }
}

/* The ASCII bytes of UTF-16 text (a BOM says which byte of each pair), for the decision
 * below: markup is ASCII. */
static size_t utf16_ascii(const char *text, size_t len, char *out, size_t cap)
{
    size_t lo = (unsigned char)text[0] == 0xFF ? 0 : 1, n = 0;
    for (size_t i = 2; i + 1 < len && n < cap; i += 2)
        out[n++] = text[i + 1 - lo] == 0 ? text[i + lo] : '?';
    return n;
}

salvage_input_kind sv_detect_kind(const char *text, size_t len, const char **reason)
{
    const char *dummy;
    static const size_t view_cap = 16384;
    char view[16384];
    if (!reason)
        reason = &dummy;
    if (!text)
        len = 0;
    if (len >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
                     ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF))) {
        len = utf16_ascii(text, len, view, view_cap);
        text = view;
    } else if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (starts_ci_at(text, len, i, "<!doctype")) {
        *reason = "it starts with a doctype";
        return SALVAGE_INPUT_HTML;
    }
    size_t tags = 0, structure = 0, tag_lines = 0, lines = 1;
    count_tags(text, len < KIND_SCAN_BYTES ? len : KIND_SCAN_BYTES, &tags, &structure, &tag_lines,
               &lines);
    if (structure >= 2 && tags >= 4) {
        *reason = "it has html/head/body structure tags";
        return SALVAGE_INPUT_HTML;
    }
    if (starts_ci_at(text, len, i, "<") && wellformed_tag(text, len, i) && tags >= 3 &&
        tag_lines * 2 >= lines) {
        *reason = "it starts with a tag and well-formed tags fill most lines";
        return SALVAGE_INPUT_HTML;
    }
    if (tags >= 20 && tag_lines * 4 >= lines * 3) {
        *reason = "well-formed tags are dense on most lines";
        return SALVAGE_INPUT_HTML;
    }
    *reason = tags ? "well-formed tags are too sparse for a page; markup is debris in text"
                   : "no well-formed markup";
    return SALVAGE_INPUT_TEXT;
}

/* ---- pass 1: lines --------------------------------------------------------------------------- */

static bool is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    *w = 1;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
        return true;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
        *w = 2;
        return true;
    }
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] <= 0x8A || (unsigned char)s[i + 2] == 0xAF)) {
        *w = 3;
        return true;
    }
    if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80) {
        *w = 3;
        return true;
    }
    return false;
}

/* Bytes of the bullet ("•", "·", "-", "*", "–", "▪", "◦", "‣", or "12." / "3)") at s[i]; 0
 * when there is none. *numbered is set for item numbers. */
static size_t mark_len(const char *s, size_t n, size_t i, bool *numbered)
{
    static const char *const marks[] = {
        "\xE2\x80\xA2", "\xC2\xB7",     "-",           "*", "\xE2\x80\x93",
        "\xE2\x96\xAA", "\xE2\x97\xA6", "\xE2\x80\xA3"};
    *numbered = false;
    /* most lines start with a word: only these bytes start a mark or a number */
    unsigned char c0 = i < n ? (unsigned char)s[i] : 0;
    if (c0 != '-' && c0 != '*' && c0 != 0xE2 && c0 != 0xC2 && !(c0 >= '0' && c0 <= '9'))
        return 0;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t l = strlen(marks[k]);
        if (i + l <= n && memcmp(s + i, marks[k], l) == 0)
            return l;
    }
    size_t d = i;
    while (d < n && d - i < 3 && s[d] >= '0' && s[d] <= '9')
        d++;
    if (d > i && d < n && (s[d] == '.' || s[d] == ')')) {
        *numbered = true;
        return d + 1 - i;
    }
    return 0;
}

/* Bytes of a leading bullet with the white space around it, at the start of s, when text
 * follows it; 0 when there is none. *numbered is set for item numbers. */
static size_t bullet_len(const char *s, size_t n, bool *numbered)
{
    size_t i = 0, w;
    while (i < n && is_space_at(s, n, i, &w))
        i += w;
    size_t m = mark_len(s, n, i, numbered);
    if (!m || i + m >= n || !is_space_at(s, n, i + m, &w))
        return 0;
    i += m;
    while (i < n && is_space_at(s, n, i, &w))
        i += w;
    return i < n ? i : 0;
}

/* Whether s[0..n) is a bullet mark alone (not a number), with white space around it and
 * nothing else. */
static bool lone_mark(const char *s, size_t n)
{
    size_t i = 0, w;
    bool numbered;
    while (i < n && is_space_at(s, n, i, &w))
        i += w;
    size_t m = mark_len(s, n, i, &numbered);
    if (!m || numbered)
        return false;
    for (i += m; i < n && is_space_at(s, n, i, &w); i += w) {
    }
    return i == n;
}

static unsigned token_flags(const sv_debris *t)
{
    switch (t->elem) {
    case SV_DE_CELL:
        return SV_L_CELL;
    case SV_DE_HEADER_CELL:
        return SV_L_CELL | SV_L_HEADER;
    case SV_DE_ROW:
        return SV_L_ROW;
    case SV_DE_TABLE:
        /* a closed header group or caption is followed by the table's rows */
        return SV_L_TABLE | (t->role == SV_DR_CLOSE && t->level != SV_DEBRIS_TABLE_PART
                                 ? SV_L_TABLE_END
                                 : 0u);
    case SV_DE_ITEM:
        return SV_L_ITEM;
    case SV_DE_LIST:
        return t->role == SV_DR_CLOSE ? SV_L_LISTEND : 0;
    case SV_DE_PARA:
        return SV_L_PARA;
    case SV_DE_HEADING:
        return SV_L_HEADING;
    default:
        return 0;
    }
}

void sv_tstore_init(sv_tstore *st, sv_arena *arena, size_t item_size, size_t text_len)
{
    size_t want = text_len / 256; /* about an item per 16 bytes, a chunk per 1/16 of them */
    unsigned bits = 6;
    while (bits < 14 && ((size_t)1 << bits) < want)
        bits++;
    sv_vec_init(&st->chunks, arena, sizeof(char *));
    st->len = 0;
    st->item_size = item_size;
    st->bits = bits;
}

void *sv_tstore_push(sv_tstore *st)
{
    size_t size = (size_t)1 << st->bits;
    if (st->len == st->chunks.len * size) {
        char **slot = sv_vec_push(&st->chunks);
        if (!slot)
            return NULL;
        if (!(*slot = sv_arena_alloc(st->chunks.arena, size * st->item_size))) {
            st->chunks.len--;
            return NULL;
        }
    }
    void *item = sv_tstore_at(st, st->len++);
    memset(item, 0, st->item_size);
    return item;
}

static int push_piece(sv_tdoc *td, size_t off, size_t len, const sv_debris *tok)
{
    sv_tpiece *p = NULL;
    do { /* a text over 4 GiB goes in several pieces */
        p = sv_tstore_push(&td->pieces);
        if (!p) {
            td->doc->oom = true;
            return -1;
        }
        size_t part = len > UINT32_MAX ? UINT32_MAX : len;
        p->off = off;
        p->len = (uint32_t)part;
        off += part;
        len -= part;
    } while (len > 0);
    p->kind = tok ? SV_P_TOKEN : SV_P_TEXT;
    if (tok) {
        p->elem = tok->elem;
        p->role = tok->role;
        p->level = tok->level;
    }
    return 0;
}

/* A character reference at s[i] (an '&') that the block text decodes to white space
 * ("&nbsp;", "&#32;"): its length, else 0; *wide when that is not an ASCII space. */
static size_t space_ref_at(const char *s, size_t n, size_t i, bool *wide)
{
    char out[8];
    size_t len = 0, w;
    size_t used = sv_text_charref(s + i, n - i, out, &len);
    if (!used || !is_space_at(out, len, 0, &w) || w != len)
        return 0;
    *wide = *wide || len > 1;
    return used;
}

/* Adds the text s[a..b) (offsets into td->clean) as a piece unless it is white space. Escaped
 * white space counts as white space: a line of "&nbsp;" separates like a line of no-break
 * spaces. */
static int push_text(sv_tdoc *td, sv_tline *ln, size_t a, size_t b, bool *nbsp)
{
    const char *s = td->clean.data;
    size_t w;
    bool any = false, wide = false;
    for (size_t i = a; i < b; i += w) {
        SV_TWORK(td, 1);
        if (i + 3 <= b && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0) {
            w = 3; /* U+FFFD alone is no content: an undecodable byte */
            continue;
        }
        if (is_space_at(s, b, i, &w)) {
            wide = wide || w > 1;
        } else if (s[i] != '&' || !(w = space_ref_at(s, b, i, &wide))) {
            any = true;
            break;
        }
    }
    *nbsp = *nbsp || wide;
    if (!any)
        return 0;
    ln->flags |= SV_L_TEXT;
    return push_piece(td, a, b - a, NULL);
}

/* Scans the debris of the cleaned line [off, off + len) into the token scratch vector. */
static size_t scan_tokens(sv_tdoc *td, sv_vec *toks, size_t off, size_t len, bool *only)
{
    if (!toks->data) {
        toks->data = sv_arena_alloc(&td->doc->arena, 64 * sizeof(sv_debris));
        toks->cap = toks->data ? 64 : 0;
        if (!toks->data) {
            td->doc->oom = true;
            return 0;
        }
    }
    for (;;) {
        size_t c = sv_debris_scan_text(td->clean.data + off, len, toks->data, toks->cap, only,
                                       &td->doc->text_work);
        if (c <= toks->cap)
            return c;
        void *grown = sv_arena_alloc(&td->doc->arena, c * sizeof(sv_debris));
        if (!grown) {
            td->doc->oom = true;
            return 0;
        }
        toks->data = grown;
        toks->cap = c;
    }
}

/* Whether s[0..n) holds a no-break space (U+00A0). Asked once of each debris-only line. */
static bool has_nbsp(const char *s, size_t n)
{
    for (const char *p = s; (p = memchr(p, 0xC2, n - (size_t)(p - s))) != NULL; p++)
        if ((size_t)(p - s) + 1 < n && (unsigned char)p[1] == 0xA0)
            return true;
    return false;
}

static int split_line(sv_tdoc *td, sv_tline *ln, sv_vec *toks, size_t off, size_t len)
{
    bool only = false, nbsp = false;
    size_t c = scan_tokens(td, toks, off, len, &only);
    if (td->doc->oom)
        return -1;
    const sv_debris *t = toks->data;
    size_t at = off;
    unsigned marks = 0;
    bool opens_cell = false;
    for (size_t k = 0; k < c && only; k++)
        opens_cell = opens_cell || ((token_flags(&t[k]) & SV_L_CELL) && t[k].role == SV_DR_OPEN);
    ln->p0 = td->pieces.len;
    for (size_t k = 0; k < c; k++) {
        SV_TWORK(td, 1);
        marks |= token_flags(&t[k]) | (t[k].fragment ? SV_L_FRAGMENT : 0u);
        if (t[k].elem == SV_DE_HEADING)
            ln->level = t[k].level;
        if (only && !(opens_cell && (token_flags(&t[k]) & SV_L_CELL)))
            continue; /* "><< /td>>" is an empty cell: its cell tokens stay */
        if ((!only && push_text(td, ln, at, off + t[k].start, &nbsp) != 0) ||
            push_piece(td, off + t[k].start, t[k].end - t[k].start, &t[k]) != 0)
            return -1;
        at = off + t[k].end;
    }
    if (!only && push_text(td, ln, at, off + len, &nbsp) != 0)
        return -1;
    ln->np = td->pieces.len - ln->p0;
    ln->flags |= marks;
    if (c || only) {
        td->first_debris = td->debris_lines ? td->first_debris : ln->dec_start;
        td->debris_lines++;
        td->debris_tokens += c;
    }
    if (only || (!(ln->flags & SV_L_TEXT) && c > 0))
        ln->flags = (ln->flags & ~(unsigned)SV_L_TEXT) | SV_L_DEBRIS |
                    (only && has_nbsp(td->clean.data + off, len) ? SV_L_SPACED : 0u);
    else if (!(ln->flags & SV_L_TEXT))
        ln->flags |= nbsp ? SV_L_NBSP : SV_L_BLANK;
    return 0;
}

/* Length of a section-break symbol at s[i] ("*", "-", "_", "=", "~", "#", "•", "·",
 * "–", "—", "⁂", "∗"), or 0. */
static size_t break_symbol(const char *s, size_t n, size_t i)
{
    static const char *const wide[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x80\x93",
                                       "\xE2\x80\x94", "\xE2\x81\x82", "\xE2\x88\x97"};
    if (s[i] != 0 && strchr("*-_=~#", s[i]))
        return 1;
    for (size_t k = 0; k < sizeof wide / sizeof wide[0]; k++) {
        size_t l = strlen(wide[k]);
        if (i + l <= n && memcmp(s + i, wide[k], l) == 0)
            return l;
    }
    return 0;
}

/* A section break: three or more break symbols and nothing else but white space ("* * *",
 * "- - -", "***", "• • •"), as Markdown's thematic break. It carries no content:
 * no list item, no paragraph; it separates like a blank line. A line of underscores alone
 * ("___") is no break but text: underscores are word characters, and such lines are the
 * blanks of forms and signature lines that the article shows. */
static bool section_break(sv_tdoc *td, const sv_tline *ln)
{
    size_t marks = 0, underscores = 0;
    for (size_t k = 0; k < ln->np; k++) {
        const sv_tpiece *p = sv_tpiece_at(td, ln->p0 + k);
        const char *s = td->clean.data + p->off;
        if (p->kind != SV_P_TEXT)
            return false;
        SV_TWORK(td, p->len);
        for (size_t i = 0, w; i < p->len; i += w) {
            if (is_space_at(s, p->len, i, &w))
                continue;
            if (!(w = break_symbol(s, p->len, i)))
                return false;
            marks++;
            underscores += s[i] == '_';
        }
    }
    return marks >= 3 && underscores < marks;
}

static void mark_bullet(sv_tdoc *td, sv_tline *ln)
{
    if (!(ln->flags & SV_L_TEXT))
        return;
    if (section_break(td, ln)) {
        ln->flags = SV_L_BLANK;
        ln->np = 0;
        return;
    }
    for (size_t k = 0; k < ln->np; k++) {
        SV_TWORK(td, 1);
        sv_tpiece *p = sv_tpiece_at(td, ln->p0 + k);
        if (p->kind != SV_P_TEXT)
            continue;
        bool numbered;
        size_t b = bullet_len(td->clean.data + p->off, p->len, &numbered);
        /* a bullet alone before an inline token: "• < strong >Label:< strong /> ...",
         * "- < b >Map< b /> ..." (a number there stays text: "1. < b >Map ...") */
        if (!b && k + 1 < ln->np && lone_mark(td->clean.data + p->off, p->len))
            b = p->len;
        if (b && numbered) {
            ln->flags |= SV_L_NUMBERED; /* alone, the number is content: "5. Beware ..." */
        } else if (b && b <= UINT16_MAX) { /* not a marker after pages of indentation */
            ln->bullet = (uint16_t)b;
            ln->flags |= SV_L_BULLET;
        }
        return;
    }
}

/* One line record each, allocated at once: growing the vector would leave its old copies
 * behind in the arena. */
static int reserve_lines(sv_tdoc *td, const char *t, size_t n)
{
    size_t lines = 1;
    for (const char *p = t; (p = memchr(p, '\n', n - (size_t)(p - t))) != NULL; p++)
        lines++;
    td->lines.data = sv_arena_alloc(&td->doc->arena, lines * sizeof(sv_tline));
    if (!td->lines.data) {
        td->doc->oom = true;
        return -1;
    }
    td->lines.cap = lines;
    return 0;
}

static int read_lines(sv_tdoc *td)
{
    salvage_doc *doc = td->doc;
    const char *t = doc->text.data ? doc->text.data : "";
    size_t n = doc->text.len;
    sv_vec toks;
    sv_vec_init(&toks, &doc->arena, sizeof(sv_debris));
    if (reserve_lines(td, t, n) != 0)
        return -1;
    for (size_t i = 0; i <= n;) {
        SV_TWORK(td, 1);
        const char *nl = i < n ? memchr(t + i, '\n', n - i) : NULL;
        size_t end = nl ? (size_t)(nl - t) : n;
        sv_tline *ln = sv_vec_push(&td->lines);
        if (!ln) {
            doc->oom = true;
            return -1;
        }
        ln->dec_start = i;
        ln->dec_end = end;
        ln->table = -1;
        size_t off = td->clean.len;
        int r = sv_noise_clean_line(doc, i, end - i, &td->clean);
        if (r < 0)
            return -1;
        if (r == 1) {
            ln->flags = SV_L_NOISE;
            ln->p0 = td->pieces.len;
        } else if (split_line(td, ln, &toks, off, td->clean.len - off) != 0) {
            return -1;
        }
        mark_bullet(td, ln);
        if (!nl)
            break;
        i = end + 1;
    }
    if (td->debris_lines)
        sv_diag(doc, SALVAGE_SEVERITY_INFO, "debris", td->first_debris,
                "markup debris removed: %zu tokens on %zu lines", td->debris_tokens,
                td->debris_lines);
    return doc->oom ? -1 : 0;
}

/* ---- normalised text ------------------------------------------------------------------------- */

/* U+FFFD, and the invisible marks noise injects into one copy of a table and not the other
 * (U+200B..U+200F, U+2060, U+FEFF, U+061C): none of them tells two texts apart. */
static bool invisible_at(const char *s, size_t n, size_t i, size_t *w)
{
    const unsigned char *u = (const unsigned char *)s + i;
    *w = 3;
    if (i + 3 <= n && u[0] == 0xEF &&
        ((u[1] == 0xBF && u[2] == 0xBD) || (u[1] == 0xBB && u[2] == 0xBF)))
        return true;
    if (i + 3 <= n && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x8B && u[2] <= 0x8F)
        return true;
    if (i + 3 <= n && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0xA0)
        return true;
    *w = 2;
    return i + 2 <= n && u[0] == 0xD8 && u[1] == 0x9C;
}

int sv_tdoc_norm(const sv_tdoc *td, size_t p0, size_t p1, sv_buf *out)
{
    bool space = false, any = false;
    for (size_t k = p0; k < p1; k++) {
        SV_TWORK(td, 1);
        const sv_tpiece *p = sv_tpiece_at(td, k);
        if (p->kind != SV_P_TEXT) {
            space = true;
            continue;
        }
        const char *s = td->clean.data + p->off;
        size_t w;
        for (size_t i = 0; i < p->len; i += w) {
            SV_TWORK(td, 1);
            if (is_space_at(s, p->len, i, &w)) {
                space = true;
                continue;
            }
            size_t iw;
            if (invisible_at(s, p->len, i, &iw)) {
                w = iw; /* an undecodable byte or a mark in one copy of a table only */
                continue;
            }
            if (space && any && sv_buf_putc(out, ' ') != 0)
                return -1;
            space = false;
            any = true;
            /* copied with the bytes after it up to one that may start white space or an
             * invisible mark (see is_space_at, invisible_at) */
            while (i + w < p->len && !sv_norm_stop((unsigned char)s[i + w]))
                w++;
            SV_TWORK(td, w - 1);
            if (sv_buf_append(out, s + i, w) != 0)
                return -1;
        }
    }
    return 0;
}

/* U+FFFD stands for an undecodable byte (reported by the input stage): it carries no text,
 * and inside a word it would split it. */
static void append_without_fffd(sv_textb *tb, const char *s, size_t n)
{
    size_t a = 0, i = 0;
    while (i + 3 <= n) {
        /* U+FFFD is EF BF BD: only an 0xEF byte can start one */
        const char *q = memchr(s + i, 0xEF, n - 2 - i);
        if (!q)
            break;
        i = (size_t)(q - s);
        if (memcmp(s + i, "\xEF\xBF\xBD", 3) != 0) {
            i++;
            continue;
        }
        sv_textb_append(tb, s + a, i - a);
        i += 3;
        a = i;
    }
    sv_textb_append(tb, s + a, n - a);
}

/* ---- character references -------------------------------------------------------------------- */

/* Numeric references past U+10FFFF all read as U+FFFD: the value stops growing here, so a
 * run of a million digits cannot overflow. */
#define CHARREF_CAP 0x110000u

static int hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "&#N;" or "&#xH;" at s (s[0] == '&', s[1] == '#'): its length, the code point in *cp after
 * the numeric character reference end state (0, surrogates and values past U+10FFFF become
 * U+FFFD; 0x80..0x9F are read as windows-1252; noncharacters and other controls stay), or 0
 * without digits or without the ';'. */
static size_t numeric_ref(const char *s, size_t n, uint32_t *cp)
{
    bool hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
    size_t i = hex ? 3 : 2, d0 = i;
    uint32_t v = 0;
    for (int d; i < n && (d = hex ? hex_digit((unsigned char)s[i])
                                 : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1)) >= 0;
         i++)
        v = v >= CHARREF_CAP ? CHARREF_CAP : v * (hex ? 16u : 10u) + (uint32_t)d;
    if (i == d0 || i >= n || s[i] != ';')
        return 0;
    if (v == 0 || v >= CHARREF_CAP || (v >= 0xD800 && v <= 0xDFFF))
        v = 0xFFFD;
    else
        v = sv_charref_c1(v);
    *cp = v;
    return i + 1;
}

/* "&name;" at s (s[0] == '&'), a name of the named character reference table with its ';':
 * its length and the entry, or 0. The legacy forms without ';' ("&amp", "&copy") are left
 * as written: in scraped text "AT&T" or "&copy 2020" is more likely prose than a reference. */
static size_t named_ref(const char *s, size_t n, const sv_entity **e)
{
    size_t lo = 0, hi = SV_ENTITY_COUNT;
    for (size_t i = 1; i < n && i <= SV_ENTITY_MAX_NAME; i++) {
        unsigned char c = (unsigned char)s[i];
        bool alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if ((!alnum && c != ';') || !sv_entity_step(&lo, &hi, i - 1, c))
            return 0;
        if (c == ';') {
            *e = sv_entity_exact(lo, hi, i);
            return *e ? i + 1 : 0;
        }
    }
    return 0;
}

size_t sv_text_charref(const char *s, size_t n, char *out, size_t *out_len)
{
    if (n < 3 || s[0] != '&')
        return 0;
    if (s[1] == '#') {
        uint32_t cp;
        size_t used = numeric_ref(s, n, &cp);
        if (used)
            *out_len = sv_utf8_encode(cp, out);
        return used;
    }
    const sv_entity *e = NULL;
    size_t used = named_ref(s, n, &e);
    if (used) {
        memcpy(out, sv_entity_blob + e->value, e->value_len);
        *out_len = e->value_len;
    }
    return used;
}

/* ---- block text ------------------------------------------------------------------------------ */

/* Appends the text piece k, s[0..n), decoding its character references: scrapers often
 * deliver the article text still escaped ("Tom &amp; Jerry", "&eacute;t&eacute;"). Each
 * reference is decoded once, so "&amp;lt;" reads "&lt;". A reference lies within one text
 * piece: escaped markup ("&lt;/p&gt;") was taken as a debris token before. */
static void append_text(sv_tdoc *td, sv_textb *tb, size_t k, const char *s, size_t n)
{
    const char *amp = memchr(s, '&', n);
    size_t a = 0;
    while (amp) {
        size_t i = (size_t)(amp - s), out_len = 0;
        char out[8];
        size_t used = sv_text_charref(s + i, n - i, out, &out_len);
        SV_TWORK(td, used ? used : 1);
        if (used) {
            append_without_fffd(tb, s + a, i - a);
            sv_textb_append(tb, out, out_len);
            a = i + used;
            if (td->charrefs++ == 0 || k < td->first_charref)
                td->first_charref = k; /* table cells may be emitted out of line order */
        }
        size_t next = used ? i + used : i + 1;
        amp = next < n ? memchr(s + next, '&', n - next) : NULL;
    }
    append_without_fffd(tb, s + a, n - a);
}

void sv_tdoc_append(sv_tdoc *td, size_t p0, size_t p1, sv_textb *tb, size_t skip)
{
    size_t span = (size_t)-1;
    bool first = true;
    for (size_t k = p0; k < p1; k++) {
        SV_TWORK(td, 1);
        const sv_tpiece *p = sv_tpiece_at(td, k);
        if (p->kind == SV_P_TEXT) {
            size_t cut = first && skip <= p->len ? skip : 0;
            first = false;
            append_text(td, tb, k, td->clean.data + p->off + cut, p->len - cut);
            continue;
        }
        if (p->elem == SV_DE_STRONG || p->elem == SV_DE_EMPHASIS) {
            if (p->role == SV_DR_OPEN && span == (size_t)-1) {
                span = sv_textb_span_open(tb, SALVAGE_SPAN_EMPHASIS, NULL);
            } else if (p->role == SV_DR_CLOSE && span != (size_t)-1) {
                sv_textb_span_close(tb, span);
                span = (size_t)-1;
            }
        } else if (p->elem != SV_DE_OTHER) {
            sv_textb_space(tb);
        }
    }
}

/* The line holding piece k (lines hold their pieces in order). */
static size_t line_of_piece(const sv_tdoc *td, size_t k)
{
    size_t lo = 0, hi = td->lines.len;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (sv_tline_at(td, mid)->p0 <= k)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* ---- pass 3: headings, paragraphs, lists ----------------------------------------------------- */

/* Headings are at most this many words and code points: a title, not a sentence. */
#define TITLE_MAX_WORDS 14
#define TITLE_MAX_CPS 120
/* ... and in scripts written without spaces, this many characters. */
#define TITLE_MAX_WIDE 24

typedef struct sv_tshape {
    size_t words, cps;
    size_t letters, wide; /* letters; of them, ideographs, kana and hangul */
    uint32_t first, last; /* first and last non-space code points (last: not U+FFFD) */
    bool known;           /* measured (the cache in sv_tdoc.shapes) */
} line_shape;

/* Scripts written without spaces between words, where a word count says nothing. */
static bool wide_letter(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Only these lead bytes can start white space (see is_space_at). */
static bool may_be_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0xC2 ||
           c == 0xE2 || c == 0xE3;
}

/* Adds the code point at s[i] (not white space) to sh; returns its length in bytes. ASCII
 * needs no decoding: its letters are exactly A-Z and a-z. */
static size_t shape_add(line_shape *sh, const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    uint32_t cp;
    size_t w = 1;
    if (c < 0x80) {
        cp = c;
        sh->letters += (unsigned)((c | 0x20) - 'a') <= 'z' - 'a';
    } else {
        cp = sv_utf8_decode(s + i, n - i, &w);
        utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
        sh->letters += cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
        sh->wide += wide_letter(cp);
    }
    sh->cps++;
    if (!sh->first)
        sh->first = cp;
    if (cp != 0xFFFD) /* an invalid byte after "amet." must not hide the period */
        sh->last = cp;
    return w;
}

/* ---- eight bytes of ASCII at a time: one flag per byte in its high bit ---- */
#define BYTES(b) (0x0101010101010101u * (uint64_t)(b))

/* Number of flags set in m (flags in the bytes' high bits only). */
static unsigned flag_count(uint64_t m)
{
    return (unsigned)(((m >> 7) * BYTES(1)) >> 56);
}

/* Adds eight bytes of ASCII from 0x20 to 0x7F (spaces and printable characters) to sh,
 * as the byte-wise loop of measure_shape would, once sh.first is known. */
static void shape_add8(line_shape *sh, bool *in_word, const char *s, uint64_t x)
{
    uint64_t y = x ^ BYTES(' '), lo7 = BYTES(0x7F), hi = BYTES(0x80);
    uint64_t space = ~(((y & lo7) + lo7) | y) & hi; /* bytes equal to ' ' (exact) */
    uint64_t word = ~space & hi;
    uint64_t l = x | BYTES(0x20); /* letters folded to lower case; every byte below 0x80 */
    uint64_t letter = ((l | hi) - BYTES('a')) & (BYTES(0x80 | 'z') - l) & hi;
    uint64_t starts = word & (space << 8 | (*in_word ? 0 : 0x80u));
    sh->words += flag_count(starts);
    sh->cps += flag_count(word);
    sh->letters += flag_count(letter);
    if (word) {
        int b = 7;
        while (!((word >> (8 * b + 7)) & 1u))
            b--;
        sh->last = (unsigned char)s[b];
    }
    *in_word = (word >> 63) != 0;
}

/* The byte where line l's measured text starts in its piece k (after a leading bullet). */
static size_t shape_from(const sv_tline *l, const sv_tpiece *p, size_t k)
{
    return k == l->p0 ? (l->bullet < p->len ? l->bullet : 0) : 0;
}

/* The last code point of line l's text that is neither white space nor U+FFFD (as
 * measure_shape finds it), read backwards from the end; 0 when there is none. */
static uint32_t last_visible(const sv_tdoc *td, const sv_tline *l, size_t *work)
{
    for (size_t k = l->p0 + l->np; k-- > l->p0;) {
        const sv_tpiece *p = sv_tpiece_at(td, k);
        if (p->kind != SV_P_TEXT)
            continue;
        const char *s = td->clean.data + p->off;
        size_t from = shape_from(l, p, k), i = p->len, w;
        while (i > from) {
            ++*work;
            size_t c = i - 1; /* pieces hold whole characters: back to this one's lead byte */
            while (c > from && ((unsigned char)s[c] & 0xC0) == 0x80)
                c--;
            i = c;
            if (is_space_at(s, p->len, c, &w))
                continue;
            uint32_t cp = (unsigned char)s[c] < 0x80 ? (unsigned char)s[c]
                                                      : sv_utf8_decode(s + c, p->len - c, &w);
            if (cp != 0xFFFD)
                return cp;
        }
    }
    return 0;
}

static line_shape measure_shape(const sv_tdoc *td, const sv_tline *l)
{
    line_shape sh = {0, 0, 0, 0, 0, 0, true};
    bool in_word = false;
    size_t work = 0; /* counted here, added once */
    for (size_t k = l->p0; k < l->p0 + l->np; k++) {
        work++;
        const sv_tpiece *p = sv_tpiece_at(td, k);
        if (p->kind != SV_P_TEXT) {
            in_word = false;
            continue;
        }
        const char *s = td->clean.data + p->off;
        size_t i = shape_from(l, p, k), w;
        while (i < p->len) {
            if (sh.cps > TITLE_MAX_CPS) {
                /* too long for a title: the rest of the shape decides nothing but the
                 * last character, which paragraph joins read (see title_like, continues) */
                sh.last = last_visible(td, l, &work);
                SV_TWORK(td, work);
                return sh;
            }
            if (sh.first && p->len - i >= 8) {
                uint64_t x = sv_load_le64(s + i);
                /* no byte of 0x80 or more, and none below ' ' */
                if (!(x & BYTES(0x80)) && !((x - BYTES(' ')) & ~x & BYTES(0x80))) {
                    shape_add8(&sh, &in_word, s + i, x);
                    work += 8;
                    i += 8;
                    continue;
                }
            }
            work++;
            unsigned char c = (unsigned char)s[i];
            if (c > ' ' && c < 0x80) { /* printable ASCII: never white space */
                sh.words += !in_word;
                in_word = true;
                sh.cps++;
                sh.letters += (unsigned)((c | 0x20) - 'a') <= 'z' - 'a';
                sh.first = sh.first ? sh.first : c;
                sh.last = c;
                i++;
                continue;
            }
            if (may_be_space(c) && is_space_at(s, p->len, i, &w)) {
                in_word = false;
                i += w;
                continue;
            }
            sh.words += !in_word;
            in_word = true;
            i += shape_add(&sh, s, p->len, i);
        }
    }
    SV_TWORK(td, work);
    return sh;
}

/* The shape of line i, measured once: headings and paragraph joins ask for it several times. */
static line_shape shape_of(const sv_tdoc *td, size_t i)
{
    const sv_tline *l = sv_tline_at(td, i);
    if (!td->shapes)
        return measure_shape(td, l);
    if (!td->shapes[i].known)
        td->shapes[i] = measure_shape(td, l);
    return td->shapes[i];
}

static bool is_lower(uint32_t cp)
{
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

/* Sentence-ending or clause punctuation: a line ending with it is not a title. */
static bool ends_clause(uint32_t cp)
{
    return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == 0x2026 || cp == 0x3002 ||
           cp == 0xFF0C || cp == 0xFF1B || cp == 0xFF1A || cp == 0x3001;
}

static bool title_like(const sv_tdoc *td, size_t i)
{
    if (i >= td->lines.len)
        return false;
    const sv_tline *l = sv_tline_at(td, i);
    if (!(l->flags & SV_L_TEXT) || l->table >= 0 ||
        (l->flags & (SV_L_PARA | SV_L_ITEM | SV_L_BULLET | SV_L_FRAGMENT | SV_L_LISTEND)))
        return false;
    line_shape sh = shape_of(td, i);
    if (sh.wide * 2 > sh.letters && sh.cps > TITLE_MAX_WIDE)
        return false;
    return sh.letters > 0 && sh.words <= TITLE_MAX_WORDS && sh.cps <= TITLE_MAX_CPS &&
           !ends_clause(sh.last) && !is_lower(sh.first);
}

void sv_tdoc_text_reset(sv_tdoc *td)
{
    sv_buf_clear(&td->tb.buf);
    td->tb.spans.len = 0;
    td->tb.pending_space = false;
}

void sv_tdoc_text_finish(sv_tdoc *td, salvage_text *out, size_t dec_off)
{
    size_t cut = td->doc->combining_cut;
    sv_textb_finish_copy(&td->tb, out);
    sv_combining_report(td->doc, cut, dec_off);
}

static bool emit_text_block(sv_tdoc *td, salvage_block_type type, int level, size_t a, size_t b)
{
    sv_tdoc_text_reset(td);
    for (size_t j = a; j <= b; j++) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, j);
        sv_tdoc_append(td, l->p0, l->p0 + l->np, &td->tb, 0);
        sv_textb_space(&td->tb);
    }
    if (sv_textb_empty(&td->tb))
        return true;
    salvage_block *blk =
        sv_doc_add_block(td->doc, type, sv_tline_at(td, a)->dec_start, sv_tline_at(td, b)->dec_end);
    if (!blk)
        return false;
    blk->level = level;
    sv_tdoc_text_finish(td, &blk->content, sv_tline_at(td, a)->dec_start);
    return !td->doc->oom;
}

/* A line continues the paragraph above when that one stops mid-sentence and this one
 * starts in lower case (text wrapped by the scraper). */
static bool continues(const sv_tdoc *td, size_t j)
{
    if (j + 1 >= td->lines.len)
        return false;
    const sv_tline *l = sv_tline_at(td, j), *n = sv_tline_at(td, j + 1);
    if ((l->flags & SV_L_PARA) || !(n->flags & SV_L_TEXT) || n->table >= 0 ||
        (n->flags & (SV_L_BULLET | SV_L_ITEM | SV_L_HEADING | SV_L_FRAGMENT)))
        return false;
    line_shape a = shape_of(td, j), b = shape_of(td, j + 1);
    return !ends_clause(a.last) && a.last != '!' && a.last != '?' && is_lower(b.first);
}

/* A list item: a bulleted line; a numbered line or one with only an item token ("... li >")
 * when it stands beside another item (numbered sections standing alone are headings and
 * paragraphs, and scrapers leave item debris on paragraphs too). */
static bool is_item(const sv_tdoc *td, size_t i)
{
    const unsigned item = SV_L_BULLET | SV_L_ITEM | SV_L_NUMBERED;
    const sv_tline *l = sv_tline_at(td, i);
    if (l->table >= 0 || !(l->flags & SV_L_TEXT))
        return false;
    if (l->flags & SV_L_BULLET)
        return true;
    if (!(l->flags & (SV_L_NUMBERED | SV_L_ITEM)))
        return false;
    /* A numbered line whose own debris names a paragraph or a heading ("7. Text< /p>>",
     * "6. Title h2 >") is that block, whatever items stand beside it. */
    if (!(l->flags & SV_L_ITEM) && (l->flags & (SV_L_PARA | SV_L_HEADING)))
        return false;
    for (size_t k = i > 0 ? i - 1 : i + 1; k <= i + 1 && k < td->lines.len; k += 2) {
        SV_TWORK(td, 1);
        const sv_tline *n = sv_tline_at(td, k);
        if ((n->flags & SV_L_TEXT) && (n->flags & item) && n->table < 0)
            return true;
    }
    return false;
}

/* Emits the list starting at line i; returns the last line it took. */
/* The last line of the list that starts at line i, and the number of its item lines. */
static size_t list_end(sv_tdoc *td, size_t i, size_t *count)
{
    size_t last = i;
    *count = 0;
    for (size_t j = i; j < td->lines.len; j++) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, j);
        if (l->table >= 0)
            break;
        if (!(l->flags & SV_L_TEXT))
            continue;
        if (!is_item(td, j))
            break;
        ++*count;
        last = j;
        if (l->flags & SV_L_LISTEND)
            break;
    }
    return last;
}

/* The number of a numbered line ("3." or "3)"), and in *len the bytes of that marker with
 * the white space around it in the line's first text piece; -1 when it has none. */
static long item_number(const sv_tdoc *td, const sv_tline *l, size_t *len)
{
    *len = 0;
    if (!(l->flags & SV_L_NUMBERED))
        return -1;
    for (size_t k = l->p0; k < l->p0 + l->np; k++) {
        SV_TWORK(td, 1);
        const sv_tpiece *p = sv_tpiece_at(td, k);
        if (p->kind != SV_P_TEXT)
            continue;
        const char *s = td->clean.data + p->off;
        bool numbered;
        size_t b = bullet_len(s, p->len, &numbered), i = 0, w;
        if (!b || !numbered)
            return -1;
        while (i < b && is_space_at(s, p->len, i, &w))
            i += w;
        long v = 0; /* at most three digits (bullet_len) */
        for (; i < b && s[i] >= '0' && s[i] <= '9'; i++)
            v = v * 10 + (s[i] - '0');
        *len = b;
        return v;
    }
    return -1;
}

/* Whether the item lines of [i, last] are numbered n, n + 1, n + 2, ... in order ("1.",
 * "2.", or "4.", "5." continuing a list that a paragraph cut): then the numbers are the
 * markers of an ordered list, which its order and *start, its first number, carry (the text
 * writer prints them again). Any other numbering ("1.", "1.", or "1.", "3."), and the number
 * of a lone item (no order to carry: often a numbered paragraph with item debris), stays in
 * the items' text, where it is the only record of itself. */
static bool numbered_in_order(const sv_tdoc *td, size_t i, size_t last, long *start)
{
    long want = -1;
    size_t items = 0;
    *start = 1;
    for (size_t j = i; j <= last; j++) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, j);
        size_t len;
        if (!(l->flags & SV_L_TEXT))
            continue;
        long v = item_number(td, l, &len);
        if (v < 0 || (want >= 0 && v != want))
            return false;
        if (want < 0)
            *start = v;
        want = v + 1;
        items++;
    }
    return items >= 2;
}

/* Emits the list starting at line i; returns its last line. Its items are counted first, so
 * that their array is allocated once at its size (a list of 300,000 bullets would otherwise
 * leave its smaller copies behind in the arena). */
static size_t emit_list(sv_tdoc *td, size_t i)
{
    salvage_doc *doc = td->doc;
    size_t count, k = 0, last = list_end(td, i, &count);
    long start;
    bool ordered = numbered_in_order(td, i, last, &start);
    salvage_item *items = sv_arena_calloc(&doc->arena, count, sizeof *items);
    if (!items) {
        doc->oom = true;
        return last;
    }
    for (size_t j = i; j <= last; j++) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, j);
        size_t skip = l->bullet;
        if (!(l->flags & SV_L_TEXT))
            continue; /* every text line up to last is an item */
        if (ordered)
            item_number(td, l, &skip);
        sv_tdoc_text_reset(td);
        sv_tdoc_append(td, l->p0, l->p0 + l->np, &td->tb, skip);
        sv_tdoc_text_finish(td, &items[k].content, l->dec_start);
        if (items[k].content.len > 0)
            k++; /* a bullet with nothing after it is no item */
    }
    if (k == 0)
        return last;
    salvage_block *b = sv_doc_add_block(doc, SALVAGE_BLOCK_LIST, sv_tline_at(td, i)->dec_start,
                                        sv_tline_at(td, last)->dec_end);
    if (!b)
        return last;
    b->ordered = ordered;
    b->list_start = ordered ? start : 1;
    b->items = items;
    b->item_count = k;
    return last;
}

/* Walks the lines and emits their blocks; with count_only, emits nothing and returns how
 * many blocks there will be at most (a list or paragraph may turn out empty). */
static size_t emit_blocks(sv_tdoc *td, bool count_only)
{
    bool first_text = true;
    size_t blocks = 0;
    for (size_t i = 0; i < td->lines.len && !td->doc->oom; i++) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, i);
        if (l->table >= 0) {
            if (sv_text_table_anchor(td, (size_t)l->table) == i) {
                blocks++;
                if (!count_only)
                    sv_text_table_emit(td, (size_t)l->table);
            }
            first_text = false;
            continue;
        }
        if (!(l->flags & SV_L_TEXT))
            continue;
        blocks++;
        if (is_item(td, i)) {
            size_t items;
            i = count_only ? list_end(td, i, &items) : emit_list(td, i);
        } else if ((l->flags & SV_L_HEADING) && l->level >= 1 && l->level <= 6) {
            if (!count_only)
                emit_text_block(td, SALVAGE_BLOCK_HEADING, l->level, i, i);
        } else if (title_like(td, i) && !(i > 0 && title_like(td, i - 1)) &&
                   !title_like(td, i + 1) && !continues(td, i)) {
            if (!count_only)
                emit_text_block(td, SALVAGE_BLOCK_HEADING, first_text ? 1 : 2, i, i);
        } else {
            size_t j = i;
            while (continues(td, j))
                j++;
            if (!count_only)
                emit_text_block(td, SALVAGE_BLOCK_PARAGRAPH, 0, i, j);
            i = j;
        }
        first_text = false;
    }
    return blocks;
}

/* Makes room for n more blocks at once: the block array then never grows by copies. */
static int reserve_blocks(salvage_doc *doc, size_t n)
{
    sv_vec *v = &doc->blocks;
    if (v->cap - v->len >= n)
        return 0;
    if (n > SIZE_MAX / v->item_size - v->len) {
        doc->oom = true;
        return -1;
    }
    void *data = sv_arena_alloc(&doc->arena, (v->len + n) * v->item_size);
    if (!data) {
        doc->oom = true;
        return -1;
    }
    if (v->len)
        memcpy(data, v->data, v->len * v->item_size);
    v->data = data;
    v->cap = v->len + n;
    return 0;
}

int sv_text_build(salvage_doc *doc)
{
    if (!doc)
        return -1;
    sv_tdoc td;
    memset(&td, 0, sizeof td);
    td.doc = doc;
    sv_buf_init(&td.clean, &doc->arena);
    sv_buf_init(&td.scratch, &doc->arena);
    sv_vec_init(&td.lines, &doc->arena, sizeof(sv_tline));
    sv_tstore_init(&td.pieces, &doc->arena, sizeof(sv_tpiece), doc->text.len);
    sv_textb_init(&td.tb, doc);
    if (sv_buf_reserve(&td.clean, doc->text.len + 1) != 0 || sv_buf_reserve(&td.scratch, 64) != 0) {
        doc->oom = true;
        return -1;
    }
    if (read_lines(&td) != 0 || sv_text_tables_find(&td) != 0)
        return -1;
    /* Shapes are cached from here on (the stages above measure the few they ask for). */
    td.shapes = sv_arena_calloc(&doc->arena, td.lines.len, sizeof *td.shapes);
    if (!td.shapes) {
        doc->oom = true;
        return -1;
    }
    if (reserve_blocks(doc, emit_blocks(&td, true)) != 0)
        return -1;
    emit_blocks(&td, false);
    if (td.charrefs && !doc->oom)
        sv_diag(doc, SALVAGE_SEVERITY_INFO, "charref",
                sv_tline_at(&td, line_of_piece(&td, td.first_charref))->dec_start,
                "%zu character reference%s decoded", td.charrefs, td.charrefs == 1 ? "" : "s");
    return doc->oom ? -1 : 0;
}
