/*
 * input.c — the input stage (see input.h) and the offset/line/column maps.
 *
 * UTF-8 is decoded as the Encoding Standard's UTF-8 decoder does: a maximal subpart of an
 * ill-formed sequence becomes one U+FFFD. Valid runs are copied in bulk; only CR, errors and
 * chunk edges interrupt a run, and input that none interrupts may be read in place (see
 * sv_decoder.borrow). Everything here is linear in the input.
 */
#include "input.h"

#if defined(__SSE2__) && defined(__GNUC__)
#  include <emmintrin.h>
#  define SV_VECTOR_ASCII 1
#endif


void sv_decoder_init(sv_decoder *d, salvage_doc *doc, sv_encoding enc, size_t start_orig)
{
    memset(d, 0, sizeof *d);
    d->doc = doc;
    d->enc = enc;
    d->orig = start_orig;
    if (enc != SV_ENC_UTF8 && enc != SV_ENC_UTF16LE && enc != SV_ENC_UTF16BE)
        d->table = sv_encoding_single_byte_table(enc);
    if (!sv_encoding_can_decode(enc))
        d->enc = SV_ENC_UTF8; /* the caller only passes encodings of the standard */
}

/* ---- output with the offset map ------------------------------------------------------------ */

/* Whether the character (one_char, n decoded bytes) or one-to-one run about to be appended
 * at decoded offset dec, original offset orig_start, continues the map's last segment; may
 * turn a segment of one character into a run of characters of its widths. Every character
 * of a run has the run's decoded width, so that any offset inside the run falls in a known
 * character. */
static bool extends_segment(sv_decoder *d, sv_offseg *last, size_t dec, size_t orig_start,
                            size_t n, bool one_char)
{
    size_t rel = dec - last->dec;
    if (last->dstep) /* a run of like characters: one more of the same widths? */
        return one_char && n == last->dstep && rel % last->dstep == 0 &&
               last->orig + rel / last->dstep * last->ostep == orig_start;
    if (last->orig + rel == orig_start)
        return true;
    if (!one_char || !d->seg_single || orig_start <= last->orig ||
        orig_start - last->orig > UINT8_MAX || rel == 0 || rel > UINT8_MAX || n != rel)
        return false;
    /* the segment's one character and this one start a run */
    last->dstep = (uint8_t)rel;
    last->ostep = (uint8_t)(orig_start - last->orig);
    return true;
}

/* Appends s[0..n) (valid UTF-8) whose first byte stands for original offset orig_start:
 * one character (one_char), or a run whose bytes map one to one. */
static int emit_at(sv_decoder *d, const char *s, size_t n, size_t orig_start, bool one_char)
{
    salvage_doc *doc = d->doc;
    if (SV_UNLIKELY(d->reserve != 0)) {
        /* The bytes could not be borrowed after all: size the copy once. */
        size_t r = d->reserve;
        d->reserve = 0;
        if (sv_buf_reserve(&doc->text, r) != 0)
            goto oom;
    }
    size_t dec = doc->text.len;
    sv_vec *map = &doc->offmap;
    if (map->len && extends_segment(d, sv_vec_at(map, map->len - 1), dec, orig_start, n, one_char)) {
        d->seg_single = false;
    } else {
        sv_offseg *seg = sv_vec_push(map);
        if (!seg)
            goto oom;
        seg->dec = dec;
        seg->orig = orig_start;
        seg->dstep = seg->ostep = 0;
        d->seg_single = one_char;
    }
    if (sv_buf_append(&doc->text, s, n) != 0)
        goto oom;
    return 0;
oom:
    doc->oom = true;
    return -1;
}

static int emit(sv_decoder *d, const char *s, size_t n, size_t orig_start)
{
    return emit_at(d, s, n, orig_start, false);
}

/* The end of the text maps to the end of the input (after the final feed): a segment of like
 * characters only vouches for the widths of the characters it has seen followed, and a
 * dropped LF of a CRLF or bytes that decode to nothing leave the last segment short. */
static int end_segment(sv_decoder *d)
{
    sv_vec *map = &d->doc->offmap;
    if (map->len == 0)
        return 0;
    size_t len = d->doc->text.len;
    sv_offseg *last = sv_vec_at(map, map->len - 1);
    if (sv_offseg_map(last, len) == d->orig)
        return 0;
    sv_offseg *seg = sv_vec_push(map);
    if (!seg) {
        d->doc->oom = true;
        return -1;
    }
    seg->dec = len;
    seg->orig = d->orig;
    seg->dstep = seg->ostep = 0;
    return 0;
}

static int emit_cp(sv_decoder *d, uint32_t cp, size_t orig_start)
{
    char tmp[4];
    if (d->pending_cr) {
        d->pending_cr = false;
        if (cp == '\n')
            return 0;
    }
    if (cp == '\r') {
        cp = '\n';
        d->pending_cr = true;
    }
    return emit_at(d, tmp, sv_utf8_encode(cp, tmp), orig_start, true);
}

static int emit_invalid(sv_decoder *d, const unsigned char *bytes, size_t n, size_t orig_start,
                        const char *what)
{
    size_t dec = d->doc->text.len;
    d->pending_cr = false;
    if (emit_at(d, "\xEF\xBF\xBD", 3, orig_start, true) != 0)
        return -1;
    static const char digits[] = "0123456789ABCDEF";
    char hex[3 * 4] = "";
    size_t shown = n < 4 ? n : 4, h = 0;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            hex[h++] = ' ';
        hex[h++] = digits[bytes[i] >> 4];
        hex[h++] = digits[bytes[i] & 15];
    }
    hex[h] = 0;
    sv_diag(d->doc, SALVAGE_SEVERITY_WARNING, "invalid-byte-sequence", dec,
            "invalid %s (bytes %s) replaced by U+FFFD", what, hex);
    return 0;
}

int sv_input_emit(sv_decoder *d, const char *s, size_t n, size_t orig)
{
    return emit(d, s, n, orig);
}

int sv_input_emit_cp(sv_decoder *d, uint32_t cp, size_t orig) { return emit_cp(d, cp, orig); }

int sv_input_emit_invalid(sv_decoder *d, const unsigned char *bytes, size_t n, size_t orig,
                          const char *what)
{
    return emit_invalid(d, bytes, n, orig, what);
}

/* ---- UTF-8 ------------------------------------------------------------------------------- */

enum { SEQ_VALID, SEQ_INVALID, SEQ_INCOMPLETE };

/* Classifies the sequence starting with a non-ASCII byte at s[0] (avail >= 1 bytes).
 * *len receives the sequence length (VALID), the maximal subpart length (INVALID), or the
 * number of bytes seen (INCOMPLETE). */
static int utf8_seq(const unsigned char *s, size_t avail, size_t *len)
{
    unsigned char b = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF)
        need = 1;
    else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        if (b == 0xE0)
            lo = 0xA0;
        if (b == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        if (b == 0xF0)
            lo = 0x90;
        if (b == 0xF4)
            hi = 0x8F; /* > U+10FFFF */
    } else {
        *len = 1;
        return SEQ_INVALID;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= avail) {
            *len = i;
            return SEQ_INCOMPLETE;
        }
        if (s[i] < lo || s[i] > hi) {
            *len = i;
            return SEQ_INVALID;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    *len = need + 1;
    return SEQ_VALID;
}

/* Completes a sequence carried over from the previous chunk. Returns bytes of p consumed, or
 * (size_t)-1 on OOM. */
static size_t utf8_pending(sv_decoder *d, const unsigned char *p, size_t n, bool final)
{
    unsigned char tmp[8];
    size_t k = d->npend, m = n < 4 ? n : 4, len;
    memcpy(tmp, d->pend, k);
    memcpy(tmp + k, p, m);
    int r = utf8_seq(tmp, k + m, &len);
    if (r == SEQ_INCOMPLETE && !final) {
        memcpy(d->pend + k, p, m); /* len == k + m here: all of p is part of it */
        d->npend = k + m;
        return m;
    }
    d->npend = 0;
    if (r == SEQ_VALID) {
        if (d->pending_cr)
            d->pending_cr = false;
        if (emit(d, (const char *)tmp, len, d->pend_orig) != 0)
            return (size_t)-1;
    } else {
        if (emit_invalid(d, tmp, len, d->pend_orig,
                         r == SEQ_INCOMPLETE ? "truncated UTF-8 sequence" : "UTF-8") != 0)
            return (size_t)-1;
    }
    return len > k ? len - k : 0;
}

/* Length of the run of ASCII bytes other than CR at p[0..n), looked at 8 bytes at a time:
 * the bulk of real pages, which then costs about one instruction per byte. */
static inline size_t plain_ascii_run(const unsigned char *p, size_t n)
{
    size_t i = 0;
#ifdef SV_VECTOR_ASCII
    /* 64, then 16 bytes at a time: the sign bits are the non-ASCII bytes. */
    const __m128i cr = _mm_set1_epi8('\r');
    while (n - i >= 64) {
        const __m128i *v = (const __m128i *)(const void *)(p + i);
        __m128i a = _mm_loadu_si128(v), b = _mm_loadu_si128(v + 1);
        __m128i c = _mm_loadu_si128(v + 2), e = _mm_loadu_si128(v + 3);
        a = _mm_or_si128(a, _mm_cmpeq_epi8(a, cr));
        b = _mm_or_si128(b, _mm_cmpeq_epi8(b, cr));
        c = _mm_or_si128(c, _mm_cmpeq_epi8(c, cr));
        e = _mm_or_si128(e, _mm_cmpeq_epi8(e, cr));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, e))) != 0)
            break;
        i += 64;
    }
    while (n - i >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(x, _mm_cmpeq_epi8(x, cr)));
        if (m != 0)
            return i + (size_t)__builtin_ctz(m); /* the first byte that ends the run */
        i += 16;
    }
#endif
    while (n - i >= 8) {
        uint64_t w, x;
        memcpy(&w, p + i, 8);
        x = w ^ (SV_SWAR_ONES * '\r'); /* a CR byte becomes 0 */
        if ((w & SV_SWAR_HIGH) != 0 || sv_swar_zero(x) != 0)
            break;
        i += 8;
    }
    while (i < n && p[i] < 0x80 && p[i] != '\r')
        i++;
    return i;
}

size_t sv_input_ascii_run(const unsigned char *p, size_t n) { return plain_ascii_run(p, n); }

/* All of p[0..n) is the decoded text unchanged: doc->text refers to it (see input.h). */
static int borrow_all(sv_decoder *d, const unsigned char *p, size_t n)
{
    salvage_doc *doc = d->doc;
    sv_offseg *seg = sv_vec_push(&doc->offmap);
    if (!seg) {
        doc->oom = true;
        return -1;
    }
    seg->dec = 0;
    seg->orig = d->orig;
    seg->dstep = seg->ostep = 0;
    d->reserve = 0;
    d->borrowed = true;
    doc->text.data = (char *)(uintptr_t)p; /* never written: the decoder is finished */
    doc->text.len = n;
    doc->text.cap = 0;
    return 0;
}

/* Settles what the previous chunk left at its end: a sequence cut in two (which stays
 * pending, d->npend, while p does not complete it), then a CR whose LF may start p. Returns
 * the bytes of p taken, or (size_t)-1 on OOM. */
static size_t utf8_resume(sv_decoder *d, const unsigned char *p, size_t n, bool final)
{
    size_t i = 0;
    if (d->npend) {
        i = utf8_pending(d, p, n, final);
        if (i == (size_t)-1 || d->npend)
            return i;
    }
    if (d->pending_cr && i < n) {
        d->pending_cr = false;
        if (p[i] == '\n')
            i++;
    }
    return i;
}

/* A CR at p[i], after the unchanged run p[run..i): the run, then one LF for CR or CRLF (a
 * CR that ends the chunk leaves pending_cr, for an LF at the start of the next). Returns
 * the index after it, or (size_t)-1 on OOM. */
static size_t utf8_cr(sv_decoder *d, const unsigned char *p, size_t n, size_t run, size_t i)
{
    if (i > run && emit(d, (const char *)p + run, i - run, d->orig + run) != 0)
        return (size_t)-1;
    if (emit(d, "\n", 1, d->orig + i) != 0)
        return (size_t)-1;
    i++;
    if (i < n && p[i] == '\n')
        i++;
    else if (i == n)
        d->pending_cr = true;
    return i;
}

/* p[i..i+len) is no valid UTF-8 (r: why), after the unchanged run p[run..i): the run, then
 * U+FFFD for the bytes; or, when they are the start of a sequence cut by the chunk's end,
 * nothing yet: they wait in d->pend for the rest. */
static int utf8_invalid(sv_decoder *d, const unsigned char *p, size_t run, size_t i, size_t len,
                        int r, bool final)
{
    if (i > run && emit(d, (const char *)p + run, i - run, d->orig + run) != 0)
        return -1;
    if (r == SEQ_INCOMPLETE && !final) {
        memcpy(d->pend, p + i, len); /* i + len == n: an incomplete sequence ends the chunk */
        d->npend = len;
        d->pend_orig = d->orig + i;
        return 0;
    }
    return emit_invalid(d, p + i, len, d->orig + i,
                        r == SEQ_INCOMPLETE ? "truncated UTF-8 sequence" : "UTF-8");
}

static int feed_utf8(sv_decoder *d, const unsigned char *p, size_t n, bool final)
{
    size_t i = utf8_resume(d, p, n, final);
    if (i == (size_t)-1)
        return -1;
    if (d->npend)
        return 0;
    size_t run = i; /* start of the run of bytes copied unchanged */
    while (i < n) {
        i += plain_ascii_run(p + i, n - i);
        if (i == n)
            break;
        if (p[i] < 0x80) { /* a CR */
            i = utf8_cr(d, p, n, run, i);
            if (i == (size_t)-1)
                return -1;
            run = i;
            continue;
        }
        size_t len;
        int r = utf8_seq(p + i, n - i, &len);
        if (r == SEQ_VALID) {
            i += len;
            /* text in other scripts is one multi-byte character after another: on to the
             * next without the ASCII scanner's set-up in between */
            while (i < n && p[i] >= 0x80 && utf8_seq(p + i, n - i, &len) == SEQ_VALID)
                i += len;
            continue;
        }
        if (utf8_invalid(d, p, run, i, len, r, final) != 0)
            return -1;
        i += len;
        run = i;
    }
    if (i > run && d->borrow && run == 0 && d->doc->text.len == 0)
        return borrow_all(d, p, n);
    if (i > run && emit(d, (const char *)p + run, i - run, d->orig + run) != 0)
        return -1;
    return 0;
}

/* ---- UTF-16 ------------------------------------------------------------------------------ */

/* The lead surrogate u (at: its offset) and the next unit are in d->pend[0..4): a
 * supplementary character, or else the lead alone is an error and the unit after it is
 * decoded again on its own. */
static int utf16_pair(sv_decoder *d, bool le, uint32_t u, size_t at)
{
    uint32_t t = le ? (uint32_t)(d->pend[2] | (d->pend[3] << 8))
                    : (uint32_t)((d->pend[2] << 8) | d->pend[3]);
    if (t >= 0xDC00 && t <= 0xDFFF) {
        uint32_t cp = 0x10000 + ((u - 0xD800) << 10) + (t - 0xDC00);
        if (emit_cp(d, cp, at) != 0)
            return -1;
        d->npend = 0;
        d->pend_orig += 4;
        return 0;
    }
    /* lone lead; the second unit is processed again on its own */
    if (emit_invalid(d, d->pend, 2, at, "UTF-16 lone surrogate") != 0)
        return -1;
    d->pend[0] = d->pend[2];
    d->pend[1] = d->pend[3];
    d->npend = 2;
    d->pend_orig += 2;
    return 0;
}

/* The input ends: an odd byte left over is an error. */
static int utf16_finish(sv_decoder *d)
{
    if (d->npend) {
        if (emit_invalid(d, d->pend, d->npend, d->pend_orig, "UTF-16 odd trailing byte") != 0)
            return -1;
        d->npend = 0;
    }
    return 0;
}

static int feed_utf16(sv_decoder *d, const unsigned char *p, size_t n, bool final)
{
    bool le = d->enc == SV_ENC_UTF16LE;
    size_t i = 0;
    /* d->pend holds 0..3 bytes: an odd byte and/or a lead surrogate's two bytes. */
    for (;;) {
        while (d->npend < 2 && i < n)
            d->pend[d->npend++] = p[i++];
        if (d->npend < 2)
            break;
        uint32_t u = le ? (uint32_t)(d->pend[0] | (d->pend[1] << 8))
                        : (uint32_t)((d->pend[0] << 8) | d->pend[1]);
        size_t at = d->pend_orig;
        if (u >= 0xD800 && u <= 0xDBFF) {
            /* a lead surrogate: need the next unit */
            while (d->npend < 4 && i < n)
                d->pend[d->npend++] = p[i++];
            if (d->npend < 4) {
                if (!final)
                    return 0;
                /* The input ends after a lead surrogate (and perhaps one byte more): the
                 * Encoding Standard's decoder gives one error at the end of the queue. */
                if (emit_invalid(d, d->pend, d->npend, at, "UTF-16 lone surrogate") != 0)
                    return -1;
                d->pend_orig += d->npend;
                d->npend = 0;
                break;
            }
            if (utf16_pair(d, le, u, at) != 0)
                return -1;
            continue;
        }
        if (u >= 0xDC00 && u <= 0xDFFF) {
            if (emit_invalid(d, d->pend, 2, at, "UTF-16 lone surrogate") != 0)
                return -1;
        } else if (emit_cp(d, u, at) != 0) {
            return -1;
        }
        d->npend = 0;
        d->pend_orig += 2;
    }
    return final ? utf16_finish(d) : 0;
}

/* ---- single-byte encodings -------------------------------------------------------------- */

static int feed_single(sv_decoder *d, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        /* ASCII maps to itself in every single-byte encoding: runs without CR are copied
         * whole (a CR pending from the previous character is settled by emit_cp first). */
        if (!d->pending_cr) {
            size_t run = plain_ascii_run(p + i, n - i);
            if (run == n && d->borrow && d->doc->text.len == 0)
                return borrow_all(d, p, n); /* ASCII without CR, as in UTF-8 */
            if (run) {
                if (emit(d, (const char *)p + i, run, d->orig + i) != 0)
                    return -1;
                i += run;
                if (i == n)
                    break;
            }
        }
        unsigned char b = p[i];
        if (b < 0x80) {
            if (emit_cp(d, b, d->orig + i) != 0)
                return -1;
            continue;
        }
        uint16_t cp = d->table[b - 0x80];
        if (cp == 0) {
            if (emit_invalid(d, p + i, 1, d->orig + i, "byte for this encoding") != 0)
                return -1;
        } else if (emit_cp(d, cp, d->orig + i) != 0) {
            return -1;
        }
    }
    return 0;
}

int sv_decoder_feed(sv_decoder *d, const uint8_t *p, size_t n, bool final)
{
    if (d->finished)
        return 0;
    if (!p)
        p = (const uint8_t *)"";
    int r;
    if (d->enc == SV_ENC_UTF16LE || d->enc == SV_ENC_UTF16BE) {
        if (d->npend == 0)
            d->pend_orig = d->orig;
        r = feed_utf16(d, p, n, final);
    } else if (d->enc == SV_ENC_UTF8) {
        r = feed_utf8(d, p, n, final);
    } else if (d->table) {
        r = feed_single(d, p, n);
    } else {
        r = sv_decoder_feed_cjk(d, p, n, final);
    }
    d->orig += n;
    if (final) {
        d->finished = true;
        if (r == 0 && !d->borrowed)
            r = end_segment(d);
    }
    if (!d->doc->text.data && r == 0 && sv_buf_reserve(&d->doc->text, 0) != 0) {
        d->doc->oom = true;
        return -1;
    }
    return r;
}

/* ---- maps --------------------------------------------------------------------------------- */

size_t sv_doc_orig_offset(const salvage_doc *doc, size_t dec_off)
{
    const sv_vec *map = &doc->offmap;
    if (map->len == 0)
        return dec_off;
    const sv_offseg *segs = map->data;
    size_t lo = 0, hi = map->len; /* find the last segment with dec <= dec_off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (segs[mid].dec <= dec_off)
            lo = mid;
        else
            hi = mid;
    }
    if (segs[lo].dec > dec_off)
        return segs[lo].orig;
    const sv_offseg *seg = &segs[lo], *next = lo + 1 < map->len ? &segs[lo + 1] : NULL;
    size_t off = sv_offseg_map(seg, dec_off);
    /* The last character of a run took the run's widths on trust: the next segment's start
     * is its true end. Inside it, map as inside any character (its start plus the offset
     * inside it, up to its original width), so that where the segments of the map begin,
     * which depends on how the input was fed, never changes an answer. */
    if (next && seg->dstep) {
        size_t rel = dec_off - seg->dec, inside = rel % seg->dstep;
        size_t start = seg->orig + rel / seg->dstep * seg->ostep;
        if (dec_off - inside + seg->dstep >= next->dec && start <= next->orig)
            off = start + (inside < next->orig - start ? inside : next->orig - start);
    }
    /* Inside an expanded character (a 1-byte original that became 3 bytes) the linear guess
     * may pass the next segment's start: clamp to it. */
    if (next && off > next->orig)
        off = next->orig;
    if (off > doc->input_bytes)
        off = doc->input_bytes;
    return off;
}
