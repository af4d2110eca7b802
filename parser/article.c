/*
 * article.c — the article model: block and noise records, and the text builder that every
 * block, list item and table cell text goes through (white space collapsing, NFC, spans).
 */
#include "internal.h"

#include <stdlib.h>
#include <utf8proc.h>

salvage_block *sv_doc_add_block(salvage_doc *doc, salvage_block_type type, size_t dec_start,
                                size_t dec_end)
{
    salvage_block *b = sv_vec_push(&doc->blocks);
    if (!b) {
        doc->oom = true;
        return NULL;
    }
    b->type = type;
    b->start = dec_start;
    b->end = dec_end < dec_start ? dec_start : dec_end;
    b->content.text = "";
    return b;
}

static bool is_repair_class(const char *cls)
{
    static const char *const repairs[] = {"bidi-control", "zero-width", "control",
                                          "mojibake",     "private-use", "unassigned"};
    for (size_t i = 0; i < sizeof repairs / sizeof repairs[0]; i++)
        if (strcmp(cls, repairs[i]) == 0)
            return true;
    return false;
}

#define SV_NOISE_TEXT_MAX 200

salvage_noise *sv_doc_add_noise(salvage_doc *doc, const char *cls, size_t dec_start,
                                size_t dec_end)
{
    if (dec_end > doc->text.len)
        dec_end = doc->text.len;
    if (dec_start > dec_end)
        dec_start = dec_end;
    salvage_noise *n = sv_vec_push(is_repair_class(cls) ? &doc->repairs : &doc->noise);
    if (!n) {
        doc->oom = true;
        return NULL;
    }
    size_t len = dec_end - dec_start;
    if (len > SV_NOISE_TEXT_MAX) {
        len = SV_NOISE_TEXT_MAX;
        while (len > 0 && ((unsigned char)doc->text.data[dec_start + len] & 0xC0) == 0x80)
            len--;
    }
    /* U+0000 never reaches the caller: it becomes U+FFFD. */
    sv_buf copy;
    sv_buf_init(&copy, &doc->arena);
    const char *src = doc->text.data + dec_start;
    for (size_t i = 0, run = 0; i <= len; i++) {
        if (i < len && src[i] != 0)
            continue;
        if (sv_buf_append(&copy, src + run, i - run) != 0 ||
            (i < len && sv_buf_append(&copy, "\xEF\xBF\xBD", 3) != 0))
            doc->oom = true;
        run = i + 1;
    }
    char *t = copy.data;
    len = copy.len;
    if (!t || doc->oom) {
        t = (char *)"";
        len = 0;
    }
    n->noise_class = cls;
    n->start = dec_start;
    n->end = dec_end;
    n->text = t;
    n->text_len = len;
    size_t bytes = dec_end - dec_start;
    sv_diag(doc, SALVAGE_SEVERITY_WARNING, cls, dec_start, "%s: %zu byte%s %s", cls, bytes,
            bytes == 1 ? "" : "s", is_repair_class(cls) ? "repaired" : "removed as noise");
    return n;
}

/* ---- NFC ------------------------------------------------------------------------------------ */

static bool is_ascii(const char *s, size_t n) { return sv_skip_ascii(s, n, 0) == n; }

/* Characters already asked whether NFC keeps them as they are (nfc_self), by cp % size. */
#define SV_NFC_CACHE 64

/* A decomposition buffer reused by the runs of one text, and the answers of nfc_self. */
typedef struct nfc_scratch {
    utf8proc_int32_t *buf;
    size_t cap;
    uint32_t seen[SV_NFC_CACHE]; /* 0: no answer yet (every character asked is >= 0x80) */
    bool self[SV_NFC_CACHE];
} nfc_scratch;

static void nfc_scratch_init(nfc_scratch *sc)
{
    sc->buf = NULL;
    sc->cap = 0;
    memset(sc->seen, 0, sizeof sc->seen);
}

/* Caps runs of non-starters in s[0..n) at max_combining: utf8proc's canonical ordering is
 * quadratic in the run length (UAX #15's stream-safe format uses 30). *src is s itself
 * unless something is cut, and only then a copy is made. */
static int cap_combining(salvage_doc *doc, const char *s, size_t n, const char **src,
                         size_t *src_len)
{
    size_t run = 0;
    sv_buf capped;
    sv_buf_init(&capped, &doc->arena);
    bool cutting = false;
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t cp = sv_utf8_decode(s + i, n - i, &len);
        bool keep = true;
        if (utf8proc_get_property((utf8proc_int32_t)cp)->combining_class != 0)
            keep = ++run <= doc->opts.max_combining;
        else
            run = 0;
        doc->combining_cut += !keep;
        if (!keep && !cutting) {
            cutting = true;
            if (sv_buf_append(&capped, s, i) != 0)
                return -1;
        } else if (keep && cutting && sv_buf_append(&capped, s + i, len) != 0) {
            return -1;
        }
        i += len;
    }
    *src = cutting ? (capped.data ? capped.data : "") : s;
    *src_len = cutting ? capped.len : n;
    return 0;
}

/* Decomposes src[0..n) into sc->buf, grown until the whole decomposition fits: *r is its
 * length in code points, or utf8proc's error. -1 when out of memory. */
static int nfc_decompose(salvage_doc *doc, const char *src, size_t n, nfc_scratch *sc,
                         utf8proc_ssize_t *r)
{
    const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    size_t cap = n + 16;
    for (;;) {
        if (sc->cap < cap) {
            sc->buf = sv_arena_alloc(&doc->arena, cap * sizeof *sc->buf);
            if (!sc->buf) {
                sc->cap = 0;
                return -1;
            }
            sc->cap = cap;
        }
        cap = sc->cap;
        *r = utf8proc_decompose((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)n, sc->buf,
                                (utf8proc_ssize_t)cap, opt);
        if (*r < 0 || (size_t)*r <= cap)
            return 0;
        cap = (size_t)*r;
    }
}

/* Drops the non-starters of buf[0..n) beyond max in a run (counted in *cut); returns the
 * code points kept. Needed again after decomposition: some marks decompose into two (U+0344,
 * U+0F73). */
static utf8proc_ssize_t cap_decomposed(utf8proc_int32_t *buf, utf8proc_ssize_t n, size_t max,
                                       size_t *cut)
{
    utf8proc_ssize_t kept = 0;
    size_t marks = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        if (utf8proc_get_property(buf[i])->combining_class != 0) {
            if (++marks > max) {
                ++*cut;
                continue;
            }
        } else {
            marks = 0;
        }
        buf[kept++] = buf[i];
    }
    return kept;
}

static int append_utf32(sv_buf *out, const utf8proc_int32_t *buf, utf8proc_ssize_t n)
{
    if (sv_buf_reserve(out, (size_t)n * 4) != 0)
        return -1;
    for (utf8proc_ssize_t i = 0; i < n; i++)
        out->len += sv_utf8_encode((uint32_t)buf[i], out->data + out->len);
    out->data[out->len] = 0;
    return 0;
}

/* Caps the combining runs of s[0..n) and appends its NFC (or the capped text alone under
 * SALVAGE_FLAG_NO_NFC). */
static int nfc_run(salvage_doc *doc, sv_buf *out, const char *s, size_t n, nfc_scratch *sc)
{
    const char *src;
    size_t src_len;
    if (cap_combining(doc, s, n, &src, &src_len) != 0)
        return -1;
    if (doc->opts.flags & SALVAGE_FLAG_NO_NFC)
        return sv_buf_append(out, src, src_len);
    utf8proc_ssize_t r;
    if (nfc_decompose(doc, src, src_len, sc, &r) != 0)
        return -1;
    if (r < 0)
        return sv_buf_append(out, src, src_len); /* not reached on valid UTF-8 */
    utf8proc_ssize_t kept = cap_decomposed(sc->buf, r, doc->opts.max_combining,
                                            &doc->combining_cut);
    const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_ssize_t ncp = utf8proc_normalize_utf32(sc->buf, kept, opt);
    if (ncp < 0)
        return sv_buf_append(out, src, src_len);
    return append_utf32(out, sc->buf, ncp);
}

/* Is the character s[0..n) (cp) its own NFC? Asked of starters with a canonical
 * decomposition: true for the primary composites ("é"), false for the singletons and
 * composition exclusions (U+212B ANGSTROM SIGN, U+0958). utf8proc answers by normalising
 * the character alone, once per character of a text. */
static bool nfc_self(uint32_t cp, const char *s, size_t n, nfc_scratch *sc)
{
    size_t slot = cp % SV_NFC_CACHE;
    if (sc->seen[slot] == cp)
        return sc->self[slot];
    const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_int32_t buf[16]; /* a canonical decomposition holds at most 4 code points */
    utf8proc_ssize_t r = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                                            buf, 16, opt);
    bool self = r > 0 && r <= 16 && utf8proc_normalize_utf32(buf, r, opt) == 1 &&
                (uint32_t)buf[0] == cp;
    sc->seen[slot] = cp;
    sc->self[slot] = self;
    return self;
}

/* Does NFC leave cp alone and keep everything before it apart from everything after it?
 * That holds for a starter (combining class 0) that is not the second character of any
 * composition (utf8proc marks those with comb_index >= 0x8000 up to 2.8; other versions
 * take the general path) and is its own NFC: it has no canonical decomposition, or one that
 * composes back to it ("é", not U+212B). UAX #15 calls this a boundary before the character
 * (NFC_Quick_Check=Yes and combining class 0), so the text can be normalised piece by piece
 * between them; a piece holding only one of them is already normalised. Hangul jamo and
 * syllables compose by arithmetic, outside the tables: never. cp is s[0..n). */
static bool nfc_boundary(uint32_t cp, const char *s, size_t n, nfc_scratch *sc)
{
#if UTF8PROC_VERSION_MAJOR == 2 && UTF8PROC_VERSION_MINOR <= 8
    if (cp < 0x80)
        return true;
    /* CJK Unified Ideographs (those of Unicode 8.0, whatever utf8proc's version): starters
     * without decompositions that take part in no composition; most of Chinese text */
    if (cp >= 0x4E00 && cp <= 0x9FD5)
        return true;
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7A3))
        return false;
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    if (p->combining_class != 0 || (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000))
        return false;
    /* a compatibility decomposition (U+00A0, U+FF0C) is not one NFC applies */
    if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
        return true;
    return nfc_self(cp, s, n, sc);
#else
    (void)s;
    (void)n;
    (void)sc;
    return cp < 0x80;
#endif
}

static size_t nfc_next(const char *s, size_t n, size_t i, bool *boundary, nfc_scratch *sc)
{
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
        *boundary = true;
        return i + 1;
    }
    size_t len;
    uint32_t cp;
    if (b >= 0xE0 && b < 0xF0 && n - i >= 3) { /* what sv_utf8_decode gives, without the call */
        len = 3;
        cp = ((b & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
             ((unsigned char)s[i + 2] & 0x3Fu);
    } else {
        cp = sv_utf8_decode(s + i, n - i, &len);
    }
    *boundary = nfc_boundary(cp, s + i, len, sc);
    return i + len;
}

void sv_combining_report(salvage_doc *doc, size_t before, size_t dec_off)
{
    if (doc->combining_cut > before)
        sv_limit(doc, "limit-combining", dec_off,
                 "combining marks after one character are kept to max_combining=%zu: %zu "
                 "dropped from the article text",
                 doc->opts.max_combining, doc->combining_cut - before);
}

int sv_nfc_append(salvage_doc *doc, sv_buf *out, const char *s, size_t n)
{
    /* ASCII is NFC and has no combining marks. */
    if (is_ascii(s, n))
        return sv_buf_append(out, s, n);
    nfc_scratch sc;
    nfc_scratch_init(&sc);
    if (doc->opts.flags & SALVAGE_FLAG_NO_NFC)
        return nfc_run(doc, out, s, n, &sc);
    /* Pieces from one boundary character to the next: a piece of one character is copied
     * with the bytes around it, a longer one (or a first one without a boundary at its
     * start) is normalised on its own. */
    size_t copy = 0, p = 0;
    while (p < n) {
        /* ASCII before ASCII: a piece of one boundary character; on to the last ASCII
         * character before the next other one */
        size_t other = sv_skip_ascii(s, n, p);
        if (other > p)
            p = other - 1;
        bool first_b, b = false;
        size_t q = nfc_next(s, n, p, &first_b, &sc), after_first = q;
        while (q < n) {
            size_t r = nfc_next(s, n, q, &b, &sc);
            if (b)
                break;
            q = r;
        }
        if (first_b && q == after_first) {
            p = q;
            continue;
        }
        if (sv_buf_append(out, s + copy, p - copy) != 0 ||
            nfc_run(doc, out, s + p, q - p, &sc) != 0)
            return -1;
        copy = p = q;
    }
    return sv_buf_append(out, s + copy, n - copy);
}

/* ---- text builder --------------------------------------------------------------------------- */

void sv_textb_init(sv_textb *tb, salvage_doc *doc)
{
    tb->doc = doc;
    sv_buf_init(&tb->buf, &doc->arena);
    sv_vec_init(&tb->spans, &doc->arena, sizeof(salvage_span));
    tb->pending_space = false;
}

/* Length of a white-space character at s (ASCII white space, NBSP and the Unicode space
 * separators), or 0. */
static size_t space_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == 0xC2 && n >= 2 && s[1] == 0xA0)
        return 2; /* U+00A0 */
    if (c == 0xE2 && n >= 3) {
        if (s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xAF || s[2] == 0xA8 || s[2] == 0xA9))
            return 3; /* U+2000..200A, U+202F, U+2028, U+2029 */
        if (s[1] == 0x81 && s[2] == 0x9F)
            return 3; /* U+205F */
    }
    if (c == 0xE3 && n >= 3 && s[1] == 0x80 && s[2] == 0x80)
        return 3; /* U+3000 */
    if (c == 0xE1 && n >= 3 && s[1] == 0x9A && s[2] == 0x80)
        return 3; /* U+1680 */
    return 0;
}

/* Bytes that start white space for space_len, and U+0000: a bit per byte value. Other bytes
 * are copied without asking. */
static const uint32_t space_lead[8] = {
    (1u << 0) | (1u << '\t') | (1u << '\n') | (1u << '\v') | (1u << '\f') | (1u << '\r'),
    1u << (' ' - 32),
    0,
    0,
    0,
    0,
    1u << (0xC2 - 0xC0),                                                    /* U+00A0 */
    (1u << (0xE1 - 0xE0)) | (1u << (0xE2 - 0xE0)) | (1u << (0xE3 - 0xE0)), /* U+1680, ... */
};

/* Does a run of copied text end at s: white space or U+0000? */
static bool ends_run(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (!(space_lead[c >> 5] & (1u << (c & 31))))
        return false;
    return c == 0 || space_len(s, n) != 0;
}

/* Can the run of copied text end in u[0..8)? Not when every byte is printable ASCII other
 * than the space (0x21..0x7F) or a space followed by such a byte (u[8] for the last one): no
 * white space or U+0000 starts there, and a lone space goes with its words. Masks per byte:
 * high bit set; below 0x20 (0x60 added to its low seven bits does not reach the high bit);
 * exactly 0x20 (a zero byte of x ^ 0x20..., found without borrows between bytes). */
static bool word_may_end_run(const unsigned char *u)
{
    const uint64_t low7 = ~SV_SWAR_HIGH;
    uint64_t x = sv_load_le64(u);
    uint64_t odd = (x & SV_SWAR_HIGH) | (~((x & low7) + 0x60 * SV_SWAR_ONES) & SV_SWAR_HIGH);
    uint64_t y = x ^ (0x20 * SV_SWAR_ONES);
    uint64_t sp = ~(((y & low7) + low7) | y) & SV_SWAR_HIGH;
    if ((sp >> 56) && (u[8] <= 0x20 || u[8] >= 0x80))
        return true;
    return (odd | ((sp << 8) & (odd | sp))) != 0;
}

/* The end of the run of copied text that starts at u[j] (not white space): the next white
 * space or U+0000, except that one ASCII space between two words is what the pending space
 * would write there (no span opens inside one append), so it is copied with them. Eight
 * bytes at a time where word_may_end_run says none can end it. */
static size_t run_end(const unsigned char *u, size_t n, size_t j)
{
    for (;;) {
        while (j + 9 <= n && !word_may_end_run(u + j))
            j += 8;
        size_t stop = n - j > 8 ? j + 8 : n;
        for (; j < stop; j++) {
            if (!ends_run(u + j, n - j))
                continue;
            if (j + 1 < n && u[j] == ' ' && !ends_run(u + j + 1, n - j - 1))
                continue;
            return j;
        }
        if (j == n)
            return n;
    }
}

static void textb_flush_space(sv_textb *tb)
{
    if (!tb->pending_space)
        return;
    tb->pending_space = false;
    if (tb->buf.len == 0)
        return;
    size_t at = tb->buf.len;
    if (sv_buf_putc(&tb->buf, ' ') != 0) {
        tb->doc->oom = true;
        return;
    }
    /* Spans opened just before the space start after it. */
    for (size_t i = tb->spans.len; i-- > 0;) {
        salvage_span *sp = sv_vec_at(&tb->spans, i);
        if (sp->start != at || sp->end != (size_t)-1)
            break;
        sp->start = at + 1;
    }
}

void sv_textb_append(sv_textb *tb, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t sl = space_len(u + i, n - i);
        if (sl) {
            tb->pending_space = true;
            i += sl;
            continue;
        }
        if (u[i] == 0) { /* U+0000 never reaches the caller */
            textb_flush_space(tb);
            if (sv_buf_append(&tb->buf, "\xEF\xBF\xBD", 3) != 0)
                tb->doc->oom = true;
            i++;
            continue;
        }
        size_t j = run_end(u, n, i);
        textb_flush_space(tb);
        if (sv_buf_append(&tb->buf, s + i, j - i) != 0)
            tb->doc->oom = true;
        i = j;
    }
}

void sv_textb_space(sv_textb *tb) { tb->pending_space = true; }

size_t sv_textb_span_open(sv_textb *tb, salvage_span_kind kind, const char *href)
{
    salvage_span *sp = sv_vec_push(&tb->spans);
    if (!sp) {
        tb->doc->oom = true;
        return (size_t)-1;
    }
    sp->kind = kind;
    sp->start = tb->buf.len;
    sp->end = (size_t)-1; /* open */
    sp->href = href;
    return tb->spans.len - 1;
}

void sv_textb_span_close(sv_textb *tb, size_t idx)
{
    if (idx >= tb->spans.len)
        return;
    salvage_span *sp = sv_vec_at(&tb->spans, idx);
    sp->end = tb->buf.len;
}

bool sv_textb_empty(const sv_textb *tb) { return tb->buf.len == 0; }

/* The start of the character cluster holding offset off: back over combining marks (at most
 * a bounded number of them; longer runs are capped anyway), so that a cut there never
 * separates a mark from its base. */
static size_t cluster_start(const char *t, size_t len, size_t off)
{
    for (int steps = 0; off > 0 && off < len && steps < 64; steps++) {
        size_t n;
        uint32_t cp = sv_utf8_decode(t + off, len - off, &n);
        if (utf8proc_get_property((utf8proc_int32_t)cp)->combining_class == 0)
            break;
        do
            off--;
        while (off > 0 && ((unsigned char)t[off] & 0xC0) == 0x80);
    }
    return off;
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Normalises the whole text at once (so that marks appended separately still compose with
 * their base and combining runs are capped across appends), cutting it only at span
 * boundaries, and moves the spans with it. */
static void textb_normalise(sv_textb *tb)
{
    salvage_doc *doc = tb->doc;
    const char *t = tb->buf.data;
    size_t len = tb->buf.len;
    if (!t || is_ascii(t, len))
        return;
    size_t nspans = tb->spans.len;
    size_t *cuts = sv_arena_alloc(&doc->arena, (2 * nspans + 2) * sizeof *cuts);
    size_t *mapped = sv_arena_alloc(&doc->arena, (2 * nspans + 2) * sizeof *mapped);
    if (!cuts || !mapped) {
        doc->oom = true;
        return;
    }
    salvage_span *spans = tb->spans.data;
    size_t nc = 0;
    cuts[nc++] = 0;
    cuts[nc++] = len;
    for (size_t i = 0; i < nspans; i++) {
        spans[i].start = cluster_start(t, len, spans[i].start > len ? len : spans[i].start);
        spans[i].end = cluster_start(t, len, spans[i].end > len ? len : spans[i].end);
        cuts[nc++] = spans[i].start;
        cuts[nc++] = spans[i].end;
    }
    qsort(cuts, nc, sizeof *cuts, size_cmp);
    sv_buf out;
    sv_buf_init(&out, &doc->arena);
    if (sv_buf_reserve(&out, len) != 0) {
        doc->oom = true;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < nc; i++) {
        if (i && cuts[i] == cuts[i - 1])
            continue;
        if (i && sv_nfc_append(doc, &out, t + cuts[k - 1], cuts[i] - cuts[k - 1]) != 0) {
            doc->oom = true;
            return;
        }
        cuts[k] = cuts[i];
        mapped[k] = out.len;
        k++;
    }
    for (size_t i = 0; i < nspans; i++) {
        size_t *pos[2] = {&spans[i].start, &spans[i].end};
        for (int e = 0; e < 2; e++) {
            const size_t *hit = bsearch(pos[e], cuts, k, sizeof *cuts, size_cmp);
            *pos[e] = hit ? mapped[hit - cuts] : out.len;
        }
    }
    tb->buf = out;
}

void sv_textb_finish(sv_textb *tb, salvage_text *out)
{
    /* Close open spans at the end first: normalisation moves the end. */
    salvage_span *spans = tb->spans.data;
    for (size_t i = 0; i < tb->spans.len; i++)
        if (spans[i].end == (size_t)-1 || spans[i].end > tb->buf.len)
            spans[i].end = tb->buf.len;
    textb_normalise(tb);
    out->text = tb->buf.data ? tb->buf.data : "";
    out->len = tb->buf.len;
    /* Drop empty spans. */
    size_t k = 0;
    for (size_t i = 0; i < tb->spans.len; i++) {
        salvage_span sp = spans[i];
        if (sp.start >= sp.end)
            continue;
        spans[k++] = sp;
    }
    out->spans = k ? spans : NULL;
    out->span_count = k;
    sv_textb_init(tb, tb->doc);
}

void sv_textb_finish_copy(sv_textb *tb, salvage_text *out)
{
    salvage_doc *doc = tb->doc;
    sv_buf buf = tb->buf; /* finishing hands these over: they are taken back below */
    sv_vec spans = tb->spans;
    salvage_text t;
    sv_textb_finish(tb, &t);
    memset(out, 0, sizeof *out);
    out->text = "";
    if (t.len > 0 && t.text != buf.data) {
        out->text = t.text; /* normalisation made a new buffer of the text's size */
        out->len = t.len;
    } else if (t.len > 0) {
        char *copy = sv_arena_strndup(&doc->arena, t.text, t.len);
        if (!copy) {
            doc->oom = true;
            return;
        }
        out->text = copy;
        out->len = t.len;
    }
    if (t.span_count > 0) {
        salvage_span *sp = sv_arena_alloc(&doc->arena, t.span_count * sizeof *sp);
        if (!sp) {
            doc->oom = true;
            return;
        }
        memcpy(sp, t.spans, t.span_count * sizeof *sp);
        out->spans = sp;
        out->span_count = t.span_count;
    }
    sv_buf_clear(&buf);
    spans.len = 0;
    tb->buf = buf;
    tb->spans = spans;
}

void sv_text_set(salvage_doc *doc, salvage_text *out, const char *s, size_t n)
{
    sv_textb tb;
    sv_textb_init(&tb, doc);
    sv_textb_append(&tb, s, n);
    sv_textb_finish(&tb, out);
}
