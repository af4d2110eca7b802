/*
 * harness.c — option bytes, the output sink and UTF-8 validation shared by the fuzz
 * harnesses (see harness.h).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "fuzz invariant violated: %s (%s:%d)\n", what, file, line);
    fflush(stderr);
    abort();
}

/* ---- option bytes ----------------------------------------------------------------------- */

uint8_t fz_take_u8(fz_bytes *b)
{
    if (b->len == 0)
        return 0;
    uint8_t v = b->data[0];
    b->data++;
    b->len--;
    return v;
}

uint16_t fz_take_u16(fz_bytes *b)
{
    uint16_t lo = fz_take_u8(b);
    uint16_t hi = fz_take_u8(b);
    return (uint16_t)(lo | (uint16_t)(hi << 8));
}

/* Contexts that switch the tree builder into each insertion mode and tokenizer state the
 * fragment algorithm can start in, plus the foreign-content integration points. Seeds refer
 * to entries by index (fuzz/corpus.py reads this table): only append. */
static const char *const fragment_contexts[] = {
    NULL, "body", "html", "head", "td", "th", "tr", "tbody", "thead", "table", "caption",
    "colgroup", "select", "template", "frameset", "title", "textarea", "style", "script",
    "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext", "div", "p", "li",
    "svg svg", "svg path", "svg foreignObject", "svg desc", "svg title", "math math",
    "math mi", "math mtext", "math annotation-xml", "math mglyph", "pre", "listing", "form",
    "a", "frame", "unknown-element", "", "SVG svg", "tfoot", "math mo", "math mn", "math ms",
    "math mfenced", "math malignmark",
};

const char *fz_pick_fragment_context(uint8_t byte)
{
    return fragment_contexts[byte % (sizeof fragment_contexts / sizeof fragment_contexts[0])];
}

/* Transport labels: every decoder family, label spellings the standard accepts (case, white
 * space), and labels it does not know. Only append (see fragment_contexts). */
static const char *const encodings[] = {
    NULL, "utf-8", "UTF-8", " utf8 ", "windows-1252", "latin1", "iso-8859-2", "koi8-r",
    "windows-1251", "windows-874", "iso-8859-8-i", "macintosh", "x-user-defined", "utf-16le",
    "utf-16be", "utf-16", "shift_jis", "euc-jp", "iso-2022-jp", "gbk", "gb18030", "big5",
    "euc-kr", "replacement", "iso-2022-kr", "x-unknown", "", "unicode-1-1-utf-8",
};

const char *fz_pick_encoding(uint8_t byte)
{
    return encodings[byte % (sizeof encodings / sizeof encodings[0])];
}

/* Values around the growth thresholds of internal buffers, where off-by-one errors live.
 * Only append (see fragment_contexts). */
static const size_t limit_values[] = {
    1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 255, 256, 511, 512,
    513, 1023, 1024, 4095, 4096, 4097, 65535, 65536,
};

size_t fz_pick_limit(uint8_t byte, size_t dflt)
{
    if (byte & 0x80)
        return dflt;
    return limit_values[(byte & 0x7F) % (sizeof limit_values / sizeof limit_values[0])];
}

void fz_rng_seed(fz_rng *r, uint64_t seed)
{
    r->state = seed ^ 0x9E3779B97F4A7C15u;
    if (r->state == 0)
        r->state = 1;
}

uint64_t fz_rng_next(fz_rng *r)
{
    uint64_t x = r->state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->state = x;
    return x * 0x2545F4914F6CDD1Du;
}

/* ---- output sink ------------------------------------------------------------------------ */

int fz_sink_write(void *ctx, const char *data, size_t len)
{
    fz_sink *s = ctx;
    FZ_CHECK(!s->failed); /* the writer must stop at the first refusal */
    FZ_CHECK(len == 0 || data != NULL);
    if (s->fail_at && s->len + len >= s->fail_at) {
        s->failed = 1;
        return 1;
    }
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + len + 1)
            cap *= 2;
        char *p = realloc(s->data, cap);
        if (!p) {
            s->oom = 1;
            return 1;
        }
        s->data = p;
        s->cap = cap;
    }
    if (len)
        memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = 0;
    return 0;
}

void fz_sink_free(fz_sink *s)
{
    free(s->data);
    memset(s, 0, sizeof *s);
}

/* ---- options ---------------------------------------------------------------------------- */

void fz_apply_flags(salvage_options *opts, uint8_t flags, uint8_t context, int with_encoding)
{
    opts->input_kind = (salvage_input_kind)(flags % 3);
    if (flags & 4)
        opts->flags |= SALVAGE_FLAG_SCRIPTING;
    if (flags & 8)
        opts->flags |= SALVAGE_FLAG_NO_NFC;
    if (flags & 16)
        opts->fragment_context = fz_pick_fragment_context(context);
    if ((flags & 32) && with_encoding) /* a transport label: legacy decoders see split input */
        opts->encoding = fz_pick_encoding(context);
}

/* ---- UTF-8 and strings ------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s, or 0; allow_surrogates accepts the generalised
 * UTF-8 of lone surrogates (ED A0..BF xx) that the tokenizer harness can feed. */
size_t fz_utf8_seq(const uint8_t *s, size_t len, int allow_surrogates)
{
    uint8_t c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        if (c == 0xED && !allow_surrogates)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

int fz_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = fz_utf8_seq(p + i, len - i, 0);
        if (n == 0)
            return 0;
        i += n;
    }
    return 1;
}

void fz_check_string(const char *s, size_t len)
{
    FZ_CHECK(s != NULL);
    FZ_CHECK(s[len] == 0);
    FZ_CHECK(memchr(s, 0, len) == NULL);
    FZ_CHECK(fz_utf8_valid(s, len));
}
