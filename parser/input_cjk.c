/*
 * input_cjk.c — the Encoding Standard's decoders for the multi-byte encodings (gb18030, which
 * GBK shares, Big5, EUC-JP, ISO-2022-JP, Shift_JIS, EUC-KR) and for "replacement".
 *
 * Each decoder is the standard's handler, one byte at a time, with its state in sv_decoder
 * so that chunks may be split anywhere. A handler may "restore" bytes to the stream (read
 * them again): always the last bytes it consumed, so the driver steps its position back.
 * Bytes of the open sequence that came with an earlier chunk wait in d->pend for that.
 * Outside a sequence, runs of ASCII are copied whole. Linear: each byte is read at most
 * four times (a gb18030 four-byte error restores three).
 */
#include "input.h"
#include "input_cjk.h"

#include <stdio.h>

/* What a handler returns, as in the standard. */
enum { CJK_CONTINUE, CJK_CODE_POINT, CJK_TWO_CODE_POINTS, CJK_ERROR, CJK_FINISHED };

#define CJK_EOQ (-1) /* end-of-queue */

typedef struct cjk_result {
    uint32_t cp[2];
    size_t restore; /* with CJK_ERROR: bytes to read again */
} cjk_result;

typedef int (*cjk_handler)(sv_decoder *d, int byte, cjk_result *r);

static int code_point(cjk_result *r, uint32_t cp)
{
    r->cp[0] = cp;
    return CJK_CODE_POINT;
}

/* An error that gives back the byte just read when it is ASCII (the standard's "If byte is
 * an ASCII byte, restore byte to ioQueue"): markup after a broken sequence survives. */
static int error_keep_ascii(cjk_result *r, int byte)
{
    r->restore = byte >= 0 && byte < 0x80;
    return CJK_ERROR;
}

/* The end of the queue for a decoder whose only state is a lead byte (Big5, Shift_JIS,
 * EUC-KR): finished, or one error for a lead left waiting. */
static int end_of_queue(sv_decoder *d)
{
    if (!d->lead[0])
        return CJK_FINISHED;
    d->lead[0] = 0;
    return CJK_ERROR;
}

/* ---- gb18030 (and GBK) ----------------------------------------------------------------- */

/* The standard's "index gb18030 ranges code point", or 0 (null). */
static uint32_t gb18030_ranges_code_point(uint32_t pointer)
{
    if ((pointer > 39419 && pointer < 189000) || pointer > 1237575)
        return 0;
    if (pointer == 7457) /* 0x81 0x35 0xF4 0x37 */
        return 0xE7C7;
    if (pointer >= 189000) /* the one range above the BMP */
        return 0x10000 + pointer - 189000;
    /* the last range starting at or before pointer (the first starts at 0) */
    size_t lo = 0, hi = sv_cjk_gb18030_range_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (sv_cjk_gb18030_range_pointer[mid] <= pointer)
            lo = mid;
        else
            hi = mid;
    }
    return sv_cjk_gb18030_range_cp[lo] + pointer - sv_cjk_gb18030_range_pointer[lo];
}

static void gb18030_reset(sv_decoder *d) { d->lead[0] = d->lead[1] = d->lead[2] = 0; }

/* gb18030 third is set: byte is the fourth of a four-byte sequence. */
static int gb18030_fourth(sv_decoder *d, int byte, cjk_result *r)
{
    const unsigned char *s = d->lead;
    if (byte < 0x30 || byte > 0x39) {
        gb18030_reset(d);
        r->restore = 3; /* second, third and byte */
        return CJK_ERROR;
    }
    uint32_t pointer = (uint32_t)(s[0] - 0x81) * (10 * 126 * 10) +
                       (uint32_t)(s[1] - 0x30) * (10 * 126) + (uint32_t)(s[2] - 0x81) * 10 +
                       (uint32_t)(byte - 0x30);
    gb18030_reset(d);
    uint32_t cp = gb18030_ranges_code_point(pointer);
    return cp ? code_point(r, cp) : CJK_ERROR;
}

/* gb18030 first is set and second is not: byte is the second of a two-byte sequence or
 * of a four-byte one. */
static int gb18030_second(sv_decoder *d, int byte, cjk_result *r)
{
    if (byte >= 0x30 && byte <= 0x39) {
        d->lead[1] = (unsigned char)byte;
        return CJK_CONTINUE;
    }
    uint32_t leading = d->lead[0];
    d->lead[0] = 0;
    if ((byte >= 0x40 && byte <= 0x7E) || (byte >= 0x80 && byte <= 0xFE)) {
        uint32_t offset = byte < 0x7F ? 0x40 : 0x41;
        uint32_t cp = sv_cjk_code_point(&sv_cjk_gb18030,
                                        (leading - 0x81) * 190 + ((uint32_t)byte - offset));
        if (cp)
            return code_point(r, cp);
    }
    return error_keep_ascii(r, byte);
}

static int gb18030_handler(sv_decoder *d, int byte, cjk_result *r)
{
    unsigned char *s = d->lead; /* gb18030 first, second, third */
    if (byte == CJK_EOQ) {
        if (!s[0])
            return CJK_FINISHED;
        gb18030_reset(d);
        return CJK_ERROR;
    }
    if (s[2])
        return gb18030_fourth(d, byte, r);
    if (s[1]) {
        if (byte >= 0x81 && byte <= 0xFE) {
            s[2] = (unsigned char)byte;
            return CJK_CONTINUE;
        }
        s[0] = s[1] = 0;
        r->restore = 2; /* second and byte */
        return CJK_ERROR;
    }
    if (s[0])
        return gb18030_second(d, byte, r);
    if (byte < 0x80)
        return code_point(r, (uint32_t)byte);
    if (byte == 0x80)
        return code_point(r, 0x20AC);
    if (byte <= 0xFE) {
        s[0] = (unsigned char)byte;
        return CJK_CONTINUE;
    }
    return CJK_ERROR;
}

/* ---- Big5 ------------------------------------------------------------------------------ */

static int big5_trail(sv_decoder *d, int byte, cjk_result *r)
{
    uint32_t leading = d->lead[0];
    d->lead[0] = 0;
    if ((byte >= 0x40 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xFE)) {
        uint32_t offset = byte < 0x7F ? 0x40 : 0x62;
        uint32_t pointer = (leading - 0x81) * 157 + ((uint32_t)byte - offset);
        /* Four pointers stand for two code points each: a letter and a combining mark
         * (Ê̄ Ê̌ ê̄ ê̌), which no single code point encodes. */
        switch (pointer) {
        case 1133: r->cp[0] = 0x00CA; r->cp[1] = 0x0304; return CJK_TWO_CODE_POINTS;
        case 1135: r->cp[0] = 0x00CA; r->cp[1] = 0x030C; return CJK_TWO_CODE_POINTS;
        case 1164: r->cp[0] = 0x00EA; r->cp[1] = 0x0304; return CJK_TWO_CODE_POINTS;
        case 1166: r->cp[0] = 0x00EA; r->cp[1] = 0x030C; return CJK_TWO_CODE_POINTS;
        default: break;
        }
        uint32_t cp = sv_cjk_code_point(&sv_cjk_big5, pointer);
        if (cp)
            return code_point(r, cp);
    }
    return error_keep_ascii(r, byte);
}

static int big5_handler(sv_decoder *d, int byte, cjk_result *r)
{
    if (byte == CJK_EOQ)
        return end_of_queue(d);
    if (d->lead[0])
        return big5_trail(d, byte, r);
    if (byte < 0x80)
        return code_point(r, (uint32_t)byte);
    if (byte >= 0x81 && byte <= 0xFE) {
        d->lead[0] = (unsigned char)byte;
        return CJK_CONTINUE;
    }
    return CJK_ERROR;
}

/* ---- EUC-KR ---------------------------------------------------------------------------- */

static int euc_kr_handler(sv_decoder *d, int byte, cjk_result *r)
{
    if (byte == CJK_EOQ)
        return end_of_queue(d);
    if (d->lead[0]) {
        uint32_t leading = d->lead[0];
        d->lead[0] = 0;
        if (byte >= 0x41 && byte <= 0xFE) {
            uint32_t cp = sv_cjk_code_point(&sv_cjk_euc_kr,
                                            (leading - 0x81) * 190 + ((uint32_t)byte - 0x41));
            if (cp)
                return code_point(r, cp);
        }
        return error_keep_ascii(r, byte);
    }
    if (byte < 0x80)
        return code_point(r, (uint32_t)byte);
    if (byte >= 0x81 && byte <= 0xFE) {
        d->lead[0] = (unsigned char)byte;
        return CJK_CONTINUE;
    }
    return CJK_ERROR;
}

/* ---- EUC-JP ---------------------------------------------------------------------------- */

/* EUC-JP leading is set and the byte does not start katakana or JIS X 0212. */
static int euc_jp_trail(sv_decoder *d, int byte, cjk_result *r)
{
    uint32_t leading = d->lead[0], cp = 0;
    d->lead[0] = 0;
    if (leading >= 0xA1 && leading <= 0xFE && byte >= 0xA1 && byte <= 0xFE)
        cp = sv_cjk_code_point(d->jis0212 ? &sv_cjk_jis0212 : &sv_cjk_jis0208,
                               (leading - 0xA1) * 94 + (uint32_t)byte - 0xA1);
    d->jis0212 = false;
    if (cp)
        return code_point(r, cp);
    return error_keep_ascii(r, byte);
}

static int euc_jp_handler(sv_decoder *d, int byte, cjk_result *r)
{
    unsigned char leading = d->lead[0];
    if (byte == CJK_EOQ) {
        if (!leading)
            return CJK_FINISHED;
        d->lead[0] = 0;
        d->jis0212 = false;
        return CJK_ERROR;
    }
    if (leading == 0x8E && byte >= 0xA1 && byte <= 0xDF) { /* half-width katakana */
        d->lead[0] = 0;
        return code_point(r, 0xFF61 - 0xA1 + (uint32_t)byte);
    }
    if (leading == 0x8F && byte >= 0xA1 && byte <= 0xFE) { /* JIS X 0212: one more byte */
        d->jis0212 = true;
        d->lead[0] = (unsigned char)byte;
        return CJK_CONTINUE;
    }
    if (leading)
        return euc_jp_trail(d, byte, r);
    if (byte < 0x80)
        return code_point(r, (uint32_t)byte);
    if (byte == 0x8E || byte == 0x8F || (byte >= 0xA1 && byte <= 0xFE)) {
        d->lead[0] = (unsigned char)byte;
        return CJK_CONTINUE;
    }
    return CJK_ERROR;
}

/* ---- Shift_JIS ------------------------------------------------------------------------- */

static int shift_jis_trail(sv_decoder *d, int byte, cjk_result *r)
{
    uint32_t leading = d->lead[0];
    d->lead[0] = 0;
    if ((byte >= 0x40 && byte <= 0x7E) || (byte >= 0x80 && byte <= 0xFC)) {
        uint32_t offset = byte < 0x7F ? 0x40 : 0x41;
        uint32_t leading_offset = leading < 0xA0 ? 0x81 : 0xC1;
        uint32_t pointer = (leading - leading_offset) * 188 + (uint32_t)byte - offset;
        if (pointer >= 8836 && pointer <= 10715) /* EUDC: Windows maps these to the PUA */
            return code_point(r, 0xE000 - 8836 + pointer);
        uint32_t cp = sv_cjk_code_point(&sv_cjk_jis0208, pointer);
        if (cp)
            return code_point(r, cp);
    }
    return error_keep_ascii(r, byte);
}

static int shift_jis_handler(sv_decoder *d, int byte, cjk_result *r)
{
    if (byte == CJK_EOQ)
        return end_of_queue(d);
    if (d->lead[0])
        return shift_jis_trail(d, byte, r);
    if (byte <= 0x80)
        return code_point(r, (uint32_t)byte);
    if (byte >= 0xA1 && byte <= 0xDF) /* half-width katakana */
        return code_point(r, 0xFF61 - 0xA1 + (uint32_t)byte);
    if ((byte >= 0x81 && byte <= 0x9F) || (byte >= 0xE0 && byte <= 0xFC)) {
        d->lead[0] = (unsigned char)byte;
        return CJK_CONTINUE;
    }
    return CJK_ERROR;
}

/* ---- ISO-2022-JP ----------------------------------------------------------------------- */

/* ISO-2022-JP decoder states (iso_state; iso_output_state holds one of the first four). */
enum { ISO_ASCII, ISO_ROMAN, ISO_KATAKANA, ISO_LEAD, ISO_TRAIL, ISO_ESCAPE_START, ISO_ESCAPE };

/* Any state: ESC starts an escape sequence. */
static int iso_escape(sv_decoder *d)
{
    d->iso_state = ISO_ESCAPE_START;
    return CJK_CONTINUE;
}

/* "Set ISO-2022-JP output to false and return error." */
static int iso_error(sv_decoder *d)
{
    d->iso_output = false;
    return CJK_ERROR;
}

/* The ASCII and Roman states (Roman: JIS X 0201, where 0x5C is ¥ and 0x7E is ‾). */
static int iso_ascii(sv_decoder *d, int byte, cjk_result *r)
{
    if (byte == 0x1B)
        return iso_escape(d);
    if (byte == CJK_EOQ)
        return CJK_FINISHED;
    if (byte > 0x7F || byte == 0x0E || byte == 0x0F) /* SO and SI: no shifting here */
        return iso_error(d);
    d->iso_output = false;
    if (d->iso_state == ISO_ROMAN && byte == 0x5C)
        return code_point(r, 0x00A5);
    if (d->iso_state == ISO_ROMAN && byte == 0x7E)
        return code_point(r, 0x203E);
    return code_point(r, (uint32_t)byte);
}

static int iso_katakana(sv_decoder *d, int byte, cjk_result *r)
{
    if (byte == 0x1B)
        return iso_escape(d);
    if (byte == CJK_EOQ)
        return CJK_FINISHED;
    if (byte < 0x21 || byte > 0x5F)
        return iso_error(d);
    d->iso_output = false;
    return code_point(r, 0xFF61 - 0x21 + (uint32_t)byte);
}

static int iso_lead(sv_decoder *d, int byte)
{
    if (byte == 0x1B)
        return iso_escape(d);
    if (byte == CJK_EOQ)
        return CJK_FINISHED;
    if (byte < 0x21 || byte > 0x7E)
        return iso_error(d);
    d->iso_output = false;
    d->lead[0] = (unsigned char)byte;
    d->iso_state = ISO_TRAIL;
    return CJK_CONTINUE;
}

static int iso_trail(sv_decoder *d, int byte, cjk_result *r)
{
    d->iso_state = ISO_LEAD;
    if (byte == 0x1B) {
        /* The standard moves to escape start, the ESC consumed, and returns error for the
         * lead byte alone; reading the ESC again in the leading byte state does the same. */
        r->restore = 1;
        return CJK_ERROR;
    }
    if (byte < 0x21 || byte > 0x7E) /* a control byte, or end-of-queue */
        return CJK_ERROR;
    uint32_t cp = sv_cjk_code_point(&sv_cjk_jis0208, (uint32_t)(d->lead[0] - 0x21) * 94 +
                                                         (uint32_t)byte - 0x21);
    return cp ? code_point(r, cp) : CJK_ERROR;
}

static int iso_escape_start(sv_decoder *d, int byte, cjk_result *r)
{
    if (byte == 0x24 || byte == 0x28) { /* '$' or '(' */
        d->lead[0] = (unsigned char)byte;
        d->iso_state = ISO_ESCAPE;
        return CJK_CONTINUE;
    }
    r->restore = byte != CJK_EOQ;
    d->iso_state = d->iso_output_state;
    return iso_error(d);
}

/* ESC and '$' or '(' were read: the third byte names the character set. */
static int iso_escape_final(sv_decoder *d, int byte, cjk_result *r)
{
    unsigned char leading = d->lead[0];
    int state = -1;
    d->lead[0] = 0;
    if (leading == 0x28 && byte == 0x42) /* ESC ( B */
        state = ISO_ASCII;
    else if (leading == 0x28 && byte == 0x4A) /* ESC ( J */
        state = ISO_ROMAN;
    else if (leading == 0x28 && byte == 0x49) /* ESC ( I */
        state = ISO_KATAKANA;
    else if (leading == 0x24 && (byte == 0x40 || byte == 0x42)) /* ESC $ @, ESC $ B */
        state = ISO_LEAD;
    if (state >= 0) {
        d->iso_state = d->iso_output_state = (unsigned char)state;
        bool output = d->iso_output;
        d->iso_output = true;
        /* two escape sequences with nothing decoded between them are an error */
        return output ? CJK_ERROR : CJK_CONTINUE;
    }
    r->restore = byte == CJK_EOQ ? 1 : 2; /* leading, and byte */
    d->iso_state = d->iso_output_state;
    return iso_error(d);
}

static int iso_2022_jp_handler(sv_decoder *d, int byte, cjk_result *r)
{
    switch (d->iso_state) {
    case ISO_ASCII:
    case ISO_ROMAN: return iso_ascii(d, byte, r);
    case ISO_KATAKANA: return iso_katakana(d, byte, r);
    case ISO_LEAD: return iso_lead(d, byte);
    case ISO_TRAIL: return iso_trail(d, byte, r);
    case ISO_ESCAPE_START: return iso_escape_start(d, byte, r);
    default: return iso_escape_final(d, byte, r);
    }
}

/* ---- the driver ------------------------------------------------------------------------ */

/* Is a sequence open (bytes read that have not yet given a code point or an error)? */
static bool cjk_open(const sv_decoder *d)
{
    if (d->enc == SV_ENC_ISO_2022_JP)
        return d->iso_state >= ISO_TRAIL;
    return d->lead[0] != 0;
}

/* One chunk's walk: the bytes at original offsets [base, end) are p; those before base that
 * may be read again are d->pend (from d->pend_orig). */
typedef struct cjk_walk {
    const unsigned char *p;
    size_t base, end, pos, seq;
} cjk_walk;

static unsigned char cjk_byte_at(const sv_decoder *d, const cjk_walk *w, size_t at)
{
    return at < w->base ? d->pend[at - d->pend_orig] : w->p[at - w->base];
}

/* The ASCII run at w->pos outside any sequence, copied whole. ISO-2022-JP only in its
 * ASCII state, and the run stops at ESC, SO and SI. */
static int cjk_ascii_run(sv_decoder *d, cjk_walk *w)
{
    if (d->pending_cr || w->pos < w->base || w->pos == w->end)
        return 0;
    const unsigned char *s = w->p + (w->pos - w->base);
    size_t avail = w->end - w->pos, n;
    if (d->enc == SV_ENC_ISO_2022_JP) {
        if (d->iso_state != ISO_ASCII)
            return 0;
        /* Every byte of ISO-2022-JP is 7-bit: the run ends at the first ESC, SO or SI, found
         * in the same pass (a run taken to its CR and cut back at the ESC would read past
         * every escape again and again: quadratic in the escapes of a line). */
        for (n = 0; n < avail; n++) {
            unsigned char b = s[n];
            if (b >= 0x80 || b == '\r' || b == 0x1B || b == 0x0E || b == 0x0F)
                break;
        }
        if (n)
            d->iso_output = false;
    } else {
        n = sv_input_ascii_run(s, avail);
    }
    if (n && sv_input_emit(d, (const char *)s, n, w->pos) != 0)
        return -1;
    w->pos += n;
    return 0;
}

/* An error over the bytes [w->seq, w->pos) (after the restored ones were given back). */
static int cjk_error(sv_decoder *d, const cjk_walk *w, bool eoq)
{
    unsigned char bytes[4];
    size_t n = w->pos - w->seq, shown = n < 4 ? n : 4;
    for (size_t i = 0; i < shown; i++)
        bytes[i] = cjk_byte_at(d, w, w->seq + i);
    char what[48];
    snprintf(what, sizeof what, "%s%s sequence", eoq ? "truncated " : "",
             sv_encoding_name(d->enc));
    return sv_input_emit_invalid(d, bytes, n, w->seq, what);
}

/* The chunk ends inside a sequence: its bytes wait in d->pend for the next chunk. */
static void cjk_keep_open(sv_decoder *d, const cjk_walk *w)
{
    unsigned char keep[4];
    size_t n = w->end - w->seq;
    if (n > sizeof keep) /* cannot happen: sequences decide by their fourth byte */
        n = sizeof keep;
    for (size_t i = 0; i < n; i++)
        keep[i] = cjk_byte_at(d, w, w->seq + i);
    memcpy(d->pend, keep, n);
    d->npend = n;
    d->pend_orig = w->seq;
}

/* Runs handler over the chunk (and over end-of-queue when final). */
static int cjk_feed(sv_decoder *d, cjk_handler handler, const unsigned char *p, size_t n,
                    bool final)
{
    cjk_walk w = {p, d->orig, d->orig + n, d->orig, d->seq_orig};
    for (;;) {
        if (!cjk_open(d)) {
            if (cjk_ascii_run(d, &w) != 0)
                return -1;
            w.seq = w.pos;
        }
        if (w.pos == w.end && !final)
            break;
        cjk_result r = {{0, 0}, 0};
        bool eoq = w.pos == w.end;
        int kind = handler(d, eoq ? CJK_EOQ : cjk_byte_at(d, &w, w.pos), &r);
        if (kind == CJK_FINISHED)
            break;
        w.pos += !eoq;
        if (kind == CJK_CONTINUE)
            continue;
        if (kind == CJK_ERROR) {
            w.pos -= r.restore;
            if (cjk_error(d, &w, eoq && r.restore == 0) != 0)
                return -1;
            continue;
        }
        if (sv_input_emit_cp(d, r.cp[0], w.seq) != 0)
            return -1;
        if (kind == CJK_TWO_CODE_POINTS && sv_input_emit_cp(d, r.cp[1], w.seq) != 0)
            return -1;
    }
    d->seq_orig = w.seq;
    d->npend = 0;
    if (cjk_open(d))
        cjk_keep_open(d, &w);
    return 0;
}

/* ---- replacement ----------------------------------------------------------------------- */

/* The replacement decoder: any input at all is one error, for its first byte, and nothing
 * else. It stands for ISO-2022-KR, ISO-2022-CN and HZ-GB-2312, whose 7-bit escapes could
 * hide markup from a filter that decodes them differently. d->replaced counts the bytes (the
 * document says how many in a "replacement-encoding" error, parser/doc.c). */
static int feed_replacement(sv_decoder *d, const uint8_t *p, size_t n, bool final)
{
    if (n && d->replaced == 0 &&
        sv_input_emit_invalid(d, p, 1, d->orig, "input in the replacement encoding") != 0)
        return -1;
    d->replaced += n;
    /* the U+FFFD stands for every byte: its end maps to the end of the input */
    if (final && d->replaced && sv_input_emit(d, "", 0, d->orig + n) != 0)
        return -1;
    return 0;
}

int sv_decoder_feed_cjk(sv_decoder *d, const uint8_t *p, size_t n, bool final)
{
    switch (d->enc) {
    case SV_ENC_GBK:
    case SV_ENC_GB18030: return cjk_feed(d, gb18030_handler, p, n, final);
    case SV_ENC_BIG5: return cjk_feed(d, big5_handler, p, n, final);
    case SV_ENC_EUC_JP: return cjk_feed(d, euc_jp_handler, p, n, final);
    case SV_ENC_ISO_2022_JP: return cjk_feed(d, iso_2022_jp_handler, p, n, final);
    case SV_ENC_SHIFT_JIS: return cjk_feed(d, shift_jis_handler, p, n, final);
    case SV_ENC_EUC_KR: return cjk_feed(d, euc_kr_handler, p, n, final);
    default: return feed_replacement(d, p, n, final);
    }
}
