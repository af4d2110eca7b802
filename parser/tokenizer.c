/*
 * tokenizer.c — the tokenization stage of the HTML Standard (13.2.5).
 *
 * Structure. Every state of the standard is one case of an explicit state machine
 * (enum tstate, spec names in comments). A state function consumes one input character
 * (or, in the text-like states, a whole run of ordinary bytes) and returns 0 to go on,
 * 1 when it needs more input, without side effects in that case. Nothing recurses.
 *
 * Incremental input. The tokenizer works on a window of bytes: the caller's chunk, or the
 * carry buffer. A state that cannot decide yet (an incomplete UTF-8 sequence, "<!DOC"
 * waiting for "TYPE", a character reference name that may still grow) returns 1 without
 * consuming, and the unconsumed tail is copied to the carry buffer; the next call completes
 * it with a few bytes of its chunk (CARRY_STEP) and then goes on in the chunk itself.
 * Lookaheads are bounded (at most SV_ENTITY_MAX_NAME + 1 bytes), so the carry stays small
 * and every byte is copied at most once more: linear time.
 *
 * Tokens. Character tokens are runs flushed before any other token (or when the run reaches
 * TEXT_FLUSH bytes): while a run is one stretch of the window it is only referred to, and
 * handed over from there; otherwise (characters the tokenizer makes, a run that outlives its
 * window) it is gathered in one reused buffer. Tags, comments and DOCTYPEs are built in
 * reused buffers. No allocation per token once the buffers have grown.
 *
 * Speed. The attribute states' common shapes (white space, name="value", '>') are taken a
 * whole attribute at a time (attrs_fast), and "<name" goes to its tag token in one step;
 * everything else, and every error, goes through the states one character at a time.
 *
 * Offsets are decoded offsets: t->base is the offset of window byte 0.
 */
#include "tokenizer.h"
#include "tags.h"

#include "entities.h"

#if defined(__SSE2__) && defined(__GNUC__)
#  include <emmintrin.h>
#  define SV_VECTOR_SCAN 1
#endif

/* The state dispatch is inlined into the loop that drives it (run, SV_ALWAYS_INLINE): the
 * states then share one function, and a step costs a jump through the switch's table
 * instead of a call. */

/* A character run is handed over once it reaches this size, which bounds the buffer
 * whatever the input (the tree builder joins adjacent runs and applies max_text_length). */
#define TEXT_FLUSH ((size_t)64 * 1024)

/* next_char results besides code points */
#define C_EOF (-1)
#define C_NEED (-2)

typedef enum tstate {
    T_DATA,
    T_RCDATA,
    T_RAWTEXT,
    T_SCRIPT_DATA,
    T_PLAINTEXT,
    T_TAG_OPEN,
    T_END_TAG_OPEN,
    T_TAG_NAME,
    T_RCDATA_LT,
    T_RAWTEXT_LT,
    T_SCRIPT_DATA_LT,
    T_RAW_END_TAG_OPEN, /* RCDATA / RAWTEXT / script data (escaped) end tag open */
    T_RAW_END_TAG_NAME, /* ... end tag name; t->raw_state says which text state */
    T_SCRIPT_ESCAPE_START,
    T_SCRIPT_ESCAPE_START_DASH,
    T_SCRIPT_ESCAPED,
    T_SCRIPT_ESCAPED_DASH,
    T_SCRIPT_ESCAPED_DASH_DASH,
    T_SCRIPT_ESCAPED_LT,
    T_SCRIPT_DOUBLE_ESCAPE_START,
    T_SCRIPT_DOUBLE_ESCAPED,
    T_SCRIPT_DOUBLE_ESCAPED_DASH,
    T_SCRIPT_DOUBLE_ESCAPED_DASH_DASH,
    T_SCRIPT_DOUBLE_ESCAPED_LT,
    T_SCRIPT_DOUBLE_ESCAPE_END,
    T_BEFORE_ATTR_NAME,
    T_ATTR_NAME,
    T_AFTER_ATTR_NAME,
    T_BEFORE_ATTR_VALUE,
    T_ATTR_VALUE_DQ,
    T_ATTR_VALUE_SQ,
    T_ATTR_VALUE_UQ,
    T_AFTER_ATTR_VALUE_QUOTED,
    T_SELF_CLOSING_START_TAG,
    T_BOGUS_COMMENT,
    T_MARKUP_DECL_OPEN,
    T_COMMENT_START,
    T_COMMENT_START_DASH,
    T_COMMENT,
    T_COMMENT_LT,
    T_COMMENT_LT_BANG,
    T_COMMENT_LT_BANG_DASH,
    T_COMMENT_LT_BANG_DASH_DASH,
    T_COMMENT_END_DASH,
    T_COMMENT_END,
    T_COMMENT_END_BANG,
    T_DOCTYPE,
    T_BEFORE_DOCTYPE_NAME,
    T_DOCTYPE_NAME,
    T_AFTER_DOCTYPE_NAME,
    T_AFTER_DOCTYPE_PUBLIC_KW,
    T_BEFORE_DOCTYPE_PUBLIC_ID,
    T_DOCTYPE_PUBLIC_ID_DQ,
    T_DOCTYPE_PUBLIC_ID_SQ,
    T_AFTER_DOCTYPE_PUBLIC_ID,
    T_BETWEEN_DOCTYPE_IDS,
    T_AFTER_DOCTYPE_SYSTEM_KW,
    T_BEFORE_DOCTYPE_SYSTEM_ID,
    T_DOCTYPE_SYSTEM_ID_DQ,
    T_DOCTYPE_SYSTEM_ID_SQ,
    T_AFTER_DOCTYPE_SYSTEM_ID,
    T_BOGUS_DOCTYPE,
    T_CDATA_SECTION,
    T_CDATA_BRACKET,
    T_CDATA_END,
    T_CHAR_REF,
    T_NAMED_CHAR_REF,
    T_AMBIGUOUS_AMP,
    T_NUMERIC_CHAR_REF,
    T_HEX_REF_START,
    T_DEC_REF_START,
    T_HEX_REF,
    T_DEC_REF,
    T_NUMERIC_REF_END,
    T_DONE
} tstate;

/* Where appended characters go (see put). */
typedef enum target {
    TG_TAG_NAME,
    TG_ATTR_NAME,
    TG_ATTR_VALUE,
    TG_COMMENT,
    TG_DT_NAME,
    TG_DT_PUBLIC,
    TG_DT_SYSTEM
} target;

/* A slot of the attribute-name hash table: idx is valid when gen is the current tag's. */
typedef struct aslot {
    uint32_t gen;
    uint32_t idx;
} aslot;

/* An attribute of the tag under construction: offsets into t->abuf, which may move while
 * the tag grows. Name and value are each followed by a NUL in abuf. */
typedef struct attr_rec {
    size_t name, name_len, value, value_len, offset;
} attr_rec;

struct sv_tokenizer {
    salvage_doc *doc;
    sv_token_fn fn;
    void *ctx;

    tstate state;
    tstate return_state; /* character reference: the state to go back to */
    tstate raw_state;    /* T_RAW_END_TAG_*: the text state they fall back to */
    bool cdata_allowed;
    bool done; /* the EOF token has been emitted */

    /* input window */
    const unsigned char *in;
    size_t len, pos;
    size_t cur;     /* window index of the current input character */
    size_t base;    /* decoded offset of in[0] */
    size_t checked; /* input-stream errors are reported for offsets >= checked only, so a
                       reconsumed character is reported once */
    bool eof;
    sv_buf carry;

    /* character run (see text_len) */
    sv_buf text;
    const char *tref;
    size_t tref_len;
    size_t text_start, text_end;
    size_t raw_mark; /* text length before "</" in RCDATA/RAWTEXT/script data */

    /* tag */
    bool end_tag, self_closing;
    size_t tok_start; /* offset of the '<' (or "&" for character references) */
    sv_buf tag_name;
    sv_buf last_start; /* name of the last start tag emitted */
    sv_buf abuf;
    sv_vec arecs; /* attr_rec */
    sv_vec attrs; /* sv_tok_attr handed out */
    int attr_phase; /* 0 none, 1 name, 2 value */
    bool attr_drop; /* the current attribute is dropped (duplicate or over the limit) */
    bool attrs_limited;
    size_t attr_name, attr_value, attr_offset;
    /* duplicate detection for tags with many attributes (see attr_is_duplicate) */
    struct aslot *ahash;
    size_t ahash_cap; /* a power of two, or 0 */
    uint32_t agen;    /* the current tag's stamp; slots with another stamp are empty */
    bool ahash_on;    /* this tag's attributes are in the table */

    /* comment and DOCTYPE */
    sv_buf comment;
    sv_buf dt_name, dt_public, dt_system;
    bool dt_has_name, dt_has_public, dt_has_system, dt_force_quirks;

    /* truncation flags, one per field of the token under construction */
    bool cut_tag, cut_attr_name, cut_attr_value, cut_comment;
    bool cut_dt_name, cut_dt_public, cut_dt_system;

    /* character references and script double-escape detection */
    sv_buf tmp;
    size_t ref_start; /* offset of the '&' */
    uint32_t ref_code;
    const sv_entity *last_ref; /* the last name found whole (see named_ref_whole) */

    struct tag_slot {
        uint64_t key; /* a name of 1 to 8 bytes, zero-padded (0: empty) */
        unsigned tag;
    } tag_cache[64]; /* see tag_of */
};

/* ---- byte classes -------------------------------------------------------------------- */

enum {
    B_CK = 1 << 0,   /* may need an input-stream check or decoding: C0 controls but NUL and
                        white space, DEL, invalid leads, C2 (C1 controls), ED (surrogates),
                        EF (noncharacters), F0-FF */
    B_NUL = 1 << 1,  /* U+0000 */
    B_LT = 1 << 2,   /* '<' */
    B_AMP = 1 << 3,  /* '&' */
    B_DQ = 1 << 4,   /* '"' */
    B_SQ = 1 << 5,   /* '\'' */
    B_DASH = 1 << 6, /* '-' */
    B_RB = 1 << 7,   /* ']' */
    B_WS = 1 << 8,   /* TAB LF FF SPACE */
    B_GT = 1 << 9,   /* '>' */
    B_UQS = 1 << 10, /* '"' '\'' '<' '=' '`': unexpected in an unquoted attribute value */
    B_SL = 1 << 11,  /* '/' */
    B_UP = 1 << 12,  /* 'A'..'Z' */
    B_EQ = 1 << 13   /* '=' */
};

static const uint16_t cls[256] = {
    0x0002, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, /* 00 */
    0x0001, 0x0100, 0x0100, 0x0001, 0x0100, 0x0000, 0x0001, 0x0001,
    0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, /* 10 */
    0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001, 0x0001,
    0x0100, 0x0000, 0x0410, 0x0000, 0x0000, 0x0000, 0x0008, 0x0420, /* 20 */
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0040, 0x0000, 0x0800,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, /* 30 */
    0x0000, 0x0000, 0x0000, 0x0000, 0x0404, 0x2400, 0x0200, 0x0000,
    0x0000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000, /* 40 */
    0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000,
    0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x1000, /* 50 */
    0x1000, 0x1000, 0x1000, 0x0000, 0x0000, 0x0080, 0x0000, 0x0000,
    0x0400, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, /* 60 */
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, /* 70 */
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0001,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 80: continuation bytes */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 90 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* a0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* b0 */
    1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* c0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* d0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, /* e0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* f0 */
};

static inline bool is_ws(int32_t c) { return c == '\t' || c == '\n' || c == '\f' || c == ' '; }
static inline bool is_upper(int32_t c) { return c >= 'A' && c <= 'Z'; }
static inline bool is_lower(int32_t c) { return c >= 'a' && c <= 'z'; }
static inline bool is_alpha(int32_t c) { return is_upper(c) || is_lower(c); }
static inline bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }
static inline bool is_alnum(int32_t c) { return is_alpha(c) || is_digit(c); }
static inline bool is_hex(int32_t c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static inline char lower(int32_t c) { return (char)(is_upper(c) ? c + 32 : c); }

/* ---- errors -------------------------------------------------------------------------- */

static void err_at(sv_tokenizer *t, const char *code, size_t off)
{
    sv_diag(t->doc, SALVAGE_SEVERITY_ERROR, code, off, "parse error: %s", code);
}

/* A parse error at the current input character (at the end of input for EOF errors). */
static void err(sv_tokenizer *t, const char *code) { err_at(t, code, t->base + t->cur); }

static void oom(sv_tokenizer *t) { t->doc->oom = true; }

/* ---- input --------------------------------------------------------------------------- */

static bool is_noncharacter(uint32_t cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Preprocessing the input stream: the standard reports surrogates, noncharacters and
 * controls (other than NUL and ASCII white space) as they are read. */
static void check_input(sv_tokenizer *t, uint32_t cp)
{
    size_t off = t->base + t->cur;
    if (off < t->checked)
        return;
    t->checked = off + 1;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        err(t, "surrogate-in-input-stream");
    else if (is_noncharacter(cp))
        err(t, "noncharacter-in-input-stream");
    else if ((cp >= 0x01 && cp <= 0x1F && cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r') ||
             (cp >= 0x7F && cp <= 0x9F))
        err(t, "control-character-in-input-stream");
}

/* Reads a multi-byte (or invalid) sequence at t->pos. Generalised UTF-8 for surrogates
 * (ED A0 80) is accepted so that test inputs can carry lone surrogates. Bytes that are not
 * UTF-8 at all (the input stage never lets them through) read as U+FFFD, one byte each. */
static int32_t next_multi(sv_tokenizer *t, unsigned char b)
{
    size_t p = t->pos;
    size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    if (b < 0xC2 || b > 0xF4) {
        t->pos = p + 1;
        return 0xFFFD;
    }
    if (p + n > t->len && !t->eof) {
        /* An incomplete sequence at the end of the window: wait, unless it is already
         * invalid. */
        bool ok = true;
        for (size_t i = p + 1; i < t->len; i++)
            ok = ok && (t->in[i] & 0xC0) == 0x80;
        if (ok)
            return C_NEED;
    }
    uint32_t cp = (uint32_t)b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < n; i++) {
        if (p + i >= t->len || (t->in[p + i] & 0xC0) != 0x80) {
            t->pos = p + 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (t->in[p + i] & 0x3Fu);
    }
    t->pos = p + n;
    if (cls[b] & B_CK)
        check_input(t, cp);
    return (int32_t)cp;
}

/* Consumes the next input character: a code point, C_EOF, or C_NEED (nothing consumed). */
SV_ALWAYS_INLINE int32_t next_char(sv_tokenizer *t)
{
    size_t p = t->pos;
    t->cur = p;
    if (SV_UNLIKELY(p >= t->len))
        return t->eof ? C_EOF : C_NEED;
    unsigned char b = t->in[p];
    if (SV_LIKELY(b < 0x80)) {
        t->pos = p + 1;
        if (SV_UNLIKELY(cls[b] & B_CK))
            check_input(t, b);
        return b;
    }
    return next_multi(t, b);
}

/* The first byte of [p, e) that has one of the class bits in mask, or e. The bulk path of
 * the text-like states.
 *
 * stops names the ASCII punctuation of mask ('<', '&', a quote, ...; at most three, repeat
 * one to fill). With SSE2, 16 bytes are looked at together: a byte is a candidate when it
 * is one of stops, below 0x20 (NUL and the controls), DEL, or a UTF-8 lead byte (0xC0 and
 * up: C1 controls, surrogates and noncharacters begin with one); the table then decides for
 * each candidate only. Plain ASCII text thus costs well under one instruction per byte;
 * every other byte still goes through the table, so the result is the table's. */
static inline const unsigned char *scan(const unsigned char *p, const unsigned char *e,
                                        unsigned mask, const char stops[3])
{
#ifdef SV_VECTOR_SCAN
    /* Runs between tags are often empty or one byte ("</b></i>", "<b>x</b>"): the first
     * two bytes are looked at one by one before the vector constants are set up (more
     * than two cost the pages of the benchmark more than they save). */
    for (int k = 0; k < 2 && p < e; k++, p++)
        if (cls[*p] & mask)
            return p;
    if (e - p >= 16) {
        const __m128i s0 = _mm_set1_epi8(stops[0]), s1 = _mm_set1_epi8(stops[1]),
                      s2 = _mm_set1_epi8(stops[2]), sp = _mm_set1_epi8(0x20),
                      del = _mm_set1_epi8(0x7F), lead = _mm_set1_epi8((char)-65);
        do {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            /* signed: x < 0x20 holds for 0x00-0x1F and 0x80-0xFF; x > -65 (0xBF) drops the
             * continuation bytes 0x80-0xBF again */
            __m128i low = _mm_cmplt_epi8(x, sp);
            __m128i cont = _mm_cmplt_epi8(x, lead);
            __m128i m = _mm_andnot_si128(cont, low);
            m = _mm_or_si128(m, _mm_cmpeq_epi8(x, del));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(x, s0));
            m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(x, s1), _mm_cmpeq_epi8(x, s2)));
            unsigned bits = (unsigned)_mm_movemask_epi8(m);
            while (bits) {
                const unsigned char *q = p + __builtin_ctz(bits);
                if (cls[*q] & mask)
                    return q;
                bits &= bits - 1;
            }
            p += 16;
        } while (e - p >= 16);
    }
#else
    (void)stops;
#endif
    while (p < e && !(cls[*p] & mask))
        p++;
    return p;
}

/* Length of the run of bytes from t->pos that have none of the class bits in mask (see
 * scan; short runs such as names use the table alone). */
static inline size_t run_len(const sv_tokenizer *t, unsigned mask)
{
    const unsigned char *p = t->in + t->pos, *s = p, *e = t->in + t->len;
    while (p < e && !(cls[*p] & mask))
        p++;
    return (size_t)(p - s);
}

static inline size_t run_len_stops(const sv_tokenizer *t, unsigned mask, const char stops[3])
{
    const unsigned char *s = t->in + t->pos;
    return (size_t)(scan(s, t->in + t->len, mask, stops) - s);
}

/* Compares the input at t->pos with word (ASCII; icase: ASCII case-insensitively) without
 * consuming. 1 match, 0 no match, C_NEED when the window ends before it can tell. */
static int lookahead(const sv_tokenizer *t, const char *word, size_t n, bool icase)
{
    for (size_t i = 0; i < n; i++) {
        if (t->pos + i >= t->len)
            return t->eof ? 0 : C_NEED;
        char c = (char)t->in[t->pos + i];
        if (icase ? lower(c) != word[i] : c != word[i])
            return 0;
    }
    return 1;
}

#define NEXT(c)                                                                              \
    do {                                                                                     \
        (c) = next_char(t);                                                                  \
        if ((c) == C_NEED)                                                                   \
            return 1;                                                                        \
    } while (0)

/* Reconsume the current input character in state st. */
#define RECONSUME(st)                                                                        \
    do {                                                                                     \
        t->pos = t->cur;                                                                     \
        t->state = (st);                                                                     \
    } while (0)

/* ---- buffers and limits --------------------------------------------------------------- */

/* Appends to a token buffer. The room check is inline: appending names, values and runs is
 * what the tokenizer does most; only growth calls out. */
static inline void buf_put(sv_tokenizer *t, sv_buf *b, const char *s, size_t n)
{
    if (SV_LIKELY(b->cap - b->len > n)) { /* room for n bytes and the NUL */
        memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = 0;
        return;
    }
    if (sv_buf_append(b, s, n) != 0)
        oom(t);
}

static inline void buf_putc(sv_tokenizer *t, sv_buf *b, char c)
{
    if (SV_LIKELY(b->cap - b->len > 1)) {
        b->data[b->len++] = c;
        b->data[b->len] = 0;
        return;
    }
    if (sv_buf_putc(b, c) != 0)
        oom(t);
}

/* Drops an incomplete UTF-8 sequence left at the end of b by a truncation (its first bytes
 * came with an earlier chunk); returns how many bytes were dropped. */
static size_t trim_partial(sv_buf *b, size_t start)
{
    size_t i = b->len, k = 0;
    while (i > start && k < 4 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80) {
        i--;
        k++;
    }
    if (i == start)
        return 0;
    unsigned char lead = (unsigned char)b->data[i - 1];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (lead < 0x80 || k >= need)
        return 0;
    size_t dropped = b->len - (i - 1);
    b->len = i - 1;
    b->data[b->len] = 0;
    return dropped;
}

/* Appends s[0..n) to the field tg of the token under construction, truncating it (with a
 * limit diagnostic, once per field) at its byte limit from the options. src is the window
 * index s was taken from, or NO_SRC for text the tokenizer made (U+FFFD, "--", ...). */
#define NO_SRC SIZE_MAX

/* A field of the token under construction, with its byte limit. */
typedef struct field {
    sv_buf *buf;
    size_t start; /* where the field begins in buf */
    size_t limit;
    bool *cut;
    bool attr_limit; /* limited by max_attr_length (else max_text_length) */
    const char *what;
} field;

static inline field field_of(sv_tokenizer *t, target tg)
{
    const salvage_options *o = &t->doc->opts;
    switch (tg) {
    case TG_TAG_NAME:
        return (field){&t->tag_name, 0, o->max_attr_length, &t->cut_tag, true, "tag name"};
    case TG_ATTR_NAME:
        return (field){&t->abuf, t->attr_name, o->max_attr_length, &t->cut_attr_name, true,
                       "attribute name"};
    case TG_ATTR_VALUE:
        return (field){&t->abuf, t->attr_value, o->max_attr_length, &t->cut_attr_value, true,
                       "attribute value"};
    case TG_COMMENT:
        return (field){&t->comment, 0, o->max_text_length, &t->cut_comment, false, "comment"};
    case TG_DT_NAME:
        return (field){&t->dt_name, 0, o->max_text_length, &t->cut_dt_name, false,
                       "DOCTYPE name"};
    case TG_DT_PUBLIC:
        return (field){&t->dt_public, 0, o->max_text_length, &t->cut_dt_public, false,
                       "DOCTYPE public identifier"};
    default:
        return (field){&t->dt_system, 0, o->max_text_length, &t->cut_dt_system, false,
                       "DOCTYPE system identifier"};
    }
}

static void put_cut(sv_tokenizer *t, field f, const char *s, size_t src);

static inline void put_at(sv_tokenizer *t, target tg, const char *s, size_t n, size_t src)
{
    if ((tg == TG_ATTR_NAME || tg == TG_ATTR_VALUE) && t->attr_drop)
        return;
    field f = field_of(t, tg);
    if (*f.cut)
        return; /* a truncated field takes nothing more */
    size_t have = f.buf->len - f.start;
    if (SV_LIKELY(have + n <= f.limit)) {
        buf_put(t, f.buf, s, n);
        return;
    }
    put_cut(t, f, s, src);
}

/* Appends the part of s that fits in the field f (s is longer than that), which fills it:
 * cut at a character boundary, reported once. */
static void put_cut(sv_tokenizer *t, field f, const char *s, size_t src)
{
    size_t have = f.buf->len - f.start;
    size_t take = have < f.limit ? f.limit - have : 0;
    while (take > 0 && ((unsigned char)s[take] & 0xC0) == 0x80)
        take--;
    buf_put(t, f.buf, s, take);
    size_t dropped = trim_partial(f.buf, f.start);
    /* Reported at the first character left out: for bytes straight from the input that is
     * exact whatever the chunking; for text made by the tokenizer (U+FFFD, "--", a
     * reference's value) it is the input character being processed. */
    size_t off = src == NO_SRC ? t->base + t->cur : t->base + src + take - dropped;
    *f.cut = true;
    sv_limit(t->doc, f.attr_limit ? "limit-attr-length" : "limit-text-length", off,
             "%s truncated to %zu bytes", f.what, f.limit);
}

static void put(sv_tokenizer *t, target tg, const char *s, size_t n)
{
    put_at(t, tg, s, n, NO_SRC);
}

static void put_c(sv_tokenizer *t, target tg, char c) { put(t, tg, &c, 1); }

/* Appends the input bytes [cur, pos) (a bulk run, or the current character). */
static void put_run(sv_tokenizer *t, target tg)
{
    put_at(t, tg, (const char *)t->in + t->cur, t->pos - t->cur, t->cur);
}

/* Appends the current input character (U+FFFD for an invalid byte). */
static void put_cur(sv_tokenizer *t, target tg)
{
    if (t->pos - t->cur == 1 && t->in[t->cur] >= 0x80)
        put(t, tg, "\xEF\xBF\xBD", 3);
    else
        put_run(t, tg);
}

static void put_fffd(sv_tokenizer *t, target tg) { put(t, tg, "\xEF\xBF\xBD", 3); }

/* ---- character tokens ------------------------------------------------------------------ */

/* Adds characters starting at decoded offset start to the pending run. */
static void flush_text_keep(sv_tokenizer *t, size_t keep);
static size_t partial_tail(const sv_tokenizer *t);

/* The pending run: in t->text, or, while it is one stretch of the current window, only
 * referred to (t->tref), so that the common run of a text state reaches the callback
 * without a copy. At most one of the two is non-empty. */
static inline size_t text_len(const sv_tokenizer *t) { return t->text.len + t->tref_len; }

/* Copies a referred run into t->text: before the window goes away, and before characters
 * that are not the window's next bytes join the run. */
static void text_own(sv_tokenizer *t)
{
    if (t->tref_len) {
        buf_put(t, &t->text, t->tref, t->tref_len);
        t->tref_len = 0;
    }
}

/* After characters joined the run. A run that reaches TEXT_FLUSH bytes is handed over,
 * ending on a character boundary; the point depends only on the characters, never on how
 * the input was chunked (text_run never adds across the threshold). Not while "</name" may
 * still be taken back (see raw_mark). */
static inline void text_added(sv_tokenizer *t)
{
    t->text_end = t->base + t->pos;
    if (SV_UNLIKELY(text_len(t) >= TEXT_FLUSH) && t->state != T_RAW_END_TAG_OPEN &&
        t->state != T_RAW_END_TAG_NAME)
        flush_text_keep(t, partial_tail(t));
}

/* Adds the characters s[0..n) (made by the tokenizer, or anywhere) starting at decoded
 * offset start to the pending run. */
static void text_add(sv_tokenizer *t, const char *s, size_t n, size_t start)
{
    text_own(t);
    if (t->text.len == 0)
        t->text_start = start;
    buf_put(t, &t->text, s, n);
    text_added(t);
}

/* The same for window bytes in[i..i+n): referred to while they extend a referred run. */
static inline void text_add_in(sv_tokenizer *t, size_t i, size_t n, size_t start)
{
    const char *s = (const char *)t->in + i;
    if (t->text.len == 0) {
        if (t->tref_len == 0) {
            t->tref = s;
            t->tref_len = n;
            t->text_start = start;
            text_added(t);
            return;
        }
        if (t->tref + t->tref_len == s) {
            t->tref_len += n;
            text_added(t);
            return;
        }
    }
    text_add(t, s, n, start);
}

static void emit_cur(sv_tokenizer *t)
{
    size_t n = t->pos - t->cur;
    if (n == 1 && t->in[t->cur] >= 0x80)
        text_add(t, "\xEF\xBF\xBD", 3, t->base + t->cur);
    else
        text_add_in(t, t->cur, n, t->base + t->cur);
}

static void emit_fffd(sv_tokenizer *t) { text_add(t, "\xEF\xBF\xBD", 3, t->base + t->cur); }

/* Hands the pending characters over, except for keep trailing bytes (an incomplete UTF-8
 * sequence whose rest is still to come), which stay pending. */
static void flush_text_keep(sv_tokenizer *t, size_t keep)
{
    size_t len = text_len(t);
    if (len <= keep)
        return;
    sv_token tok;
    memset(&tok, 0, sizeof tok);
    tok.type = SV_TOK_CHARACTER;
    tok.offset = t->text_start;
    tok.end = t->text_end - keep;
    tok.data = t->tref_len ? t->tref : t->text.data;
    tok.data_len = len - keep;
    t->fn(t->ctx, &tok);
    if (t->tref_len) {
        t->tref += tok.data_len;
        t->tref_len = keep;
    } else {
        memmove(t->text.data, t->text.data + tok.data_len, keep);
        t->text.len = keep;
        t->text.data[keep] = 0;
    }
    t->text_start = tok.end;
}

static void flush_text(sv_tokenizer *t) { flush_text_keep(t, 0); }

/* Bytes at the end of the pending run that begin a UTF-8 sequence not yet complete. */
static size_t partial_tail(const sv_tokenizer *t)
{
    const char *d = t->tref_len ? t->tref : t->text.data;
    size_t i = text_len(t), k = 0;
    while (i > 0 && k < 3 && ((unsigned char)d[i - 1] & 0xC0) == 0x80) {
        i--;
        k++;
    }
    if (i == 0)
        return 0;
    unsigned char lead = (unsigned char)d[i - 1];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    return k < need ? k + 1 : 0;
}

/* The bulk path of the text states: takes the run of bytes without any of mask's classes
 * into the pending character run (a run may end inside a UTF-8 sequence at the end of a
 * chunk: the sequence's bytes are ordinary, so the rest follows in the next run). A run
 * longer than TEXT_FLUSH is handed over in pieces, each ending on a character boundary.
 * Returns RUN_SPECIAL when a byte of mask's classes follows, RUN_END at the end of the
 * window, RUN_AGAIN after a piece (run the state again: the next byte may be inside a
 * sequence). */
enum { RUN_SPECIAL, RUN_END, RUN_AGAIN };

SV_ALWAYS_INLINE int text_run(sv_tokenizer *t, unsigned mask, const char stops[3])
{
    if (text_len(t) >= TEXT_FLUSH) /* held back while an end tag was possible */
        flush_text_keep(t, partial_tail(t));
    size_t room = TEXT_FLUSH - text_len(t);
    const unsigned char *p = t->in + t->pos, *s = p;
    const unsigned char *e = t->in + (t->len - t->pos > room ? t->pos + room : t->len);
    p = scan(p, e, mask, stops);
    size_t n = (size_t)(p - s);
    if (n) {
        t->cur = t->pos;
        t->pos += n;
        text_add_in(t, t->cur, n, t->base + t->cur);
    }
    if (t->pos == t->len)
        return RUN_END;
    return p == e ? RUN_AGAIN : RUN_SPECIAL;
}

/* Runs text_run; true when the state must return r now. */
SV_ALWAYS_INLINE bool text_run_returns(sv_tokenizer *t, unsigned mask, const char stops[3],
                                       int *r)
{
    switch (text_run(t, mask, stops)) {
    case RUN_AGAIN: *r = 0; return true;
    case RUN_END: *r = 1; return !t->eof;
    default: return false;
    }
}

/* ---- other tokens ---------------------------------------------------------------------- */

static void emit_eof(sv_tokenizer *t)
{
    flush_text(t);
    sv_token tok;
    memset(&tok, 0, sizeof tok);
    tok.type = SV_TOK_EOF;
    tok.offset = tok.end = t->base + t->len;
    t->state = T_DONE;
    t->done = true;
    t->fn(t->ctx, &tok);
}

static void new_comment(sv_tokenizer *t, size_t start)
{
    sv_buf_clear(&t->comment);
    t->cut_comment = false;
    t->tok_start = start;
}

/* Emits the comment and switches to the data state (before the callback, which may switch
 * to another state). */
static void emit_comment(sv_tokenizer *t)
{
    flush_text(t);
    sv_token tok;
    memset(&tok, 0, sizeof tok);
    tok.type = SV_TOK_COMMENT;
    tok.offset = t->tok_start;
    tok.end = t->base + t->pos;
    tok.data = t->comment.data ? t->comment.data : "";
    tok.data_len = t->comment.len;
    t->state = T_DATA;
    t->fn(t->ctx, &tok);
}

static void new_doctype(sv_tokenizer *t)
{
    sv_buf_clear(&t->dt_name);
    sv_buf_clear(&t->dt_public);
    sv_buf_clear(&t->dt_system);
    t->dt_has_name = t->dt_has_public = t->dt_has_system = false;
    t->dt_force_quirks = false;
    t->cut_dt_name = t->cut_dt_public = t->cut_dt_system = false;
}

static void emit_doctype(sv_tokenizer *t)
{
    flush_text(t);
    sv_token tok;
    memset(&tok, 0, sizeof tok);
    tok.type = SV_TOK_DOCTYPE;
    tok.offset = t->tok_start;
    tok.end = t->base + t->pos;
    tok.has_name = t->dt_has_name;
    tok.name = t->dt_has_name && t->dt_name.data ? t->dt_name.data : "";
    tok.name_len = t->dt_name.len;
    tok.has_public_id = t->dt_has_public;
    tok.public_id = t->dt_has_public ? (t->dt_public.data ? t->dt_public.data : "") : NULL;
    tok.public_id_len = t->dt_public.len;
    tok.has_system_id = t->dt_has_system;
    tok.system_id = t->dt_has_system ? (t->dt_system.data ? t->dt_system.data : "") : NULL;
    tok.system_id_len = t->dt_system.len;
    tok.force_quirks = t->dt_force_quirks;
    t->state = T_DATA;
    t->fn(t->ctx, &tok);
}

/* ---- tags and attributes --------------------------------------------------------------- */

static void new_tag(sv_tokenizer *t, bool end)
{
    if (++t->agen == 0) {
        /* The stamp wrapped: old slots could look current. */
        if (t->ahash)
            memset(t->ahash, 0, t->ahash_cap * sizeof *t->ahash);
        t->agen = 1;
    }
    t->ahash_on = false;
    t->end_tag = end;
    t->self_closing = false;
    sv_buf_clear(&t->tag_name);
    sv_buf_clear(&t->abuf);
    t->arecs.len = 0;
    t->attr_phase = 0;
    t->attr_drop = false;
    t->attrs_limited = false;
    t->cut_tag = false;
}

/* Below this many attributes a linear scan finds duplicates; from it on a hash table does,
 * so an attribute flood (max_attributes may be large) stays linear. */
#define ATTR_HASH_FROM 16

static uint32_t name_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static bool attr_name_eq(const sv_tokenizer *t, size_t idx, const char *name, size_t n)
{
    const attr_rec *r = (const attr_rec *)t->arecs.data + idx;
    return r->name_len == n && memcmp(t->abuf.data + r->name, name, n) == 0;
}

/* The slot holding name, or the empty slot where it would go. */
static aslot *ahash_probe(const sv_tokenizer *t, const char *name, size_t n)
{
    size_t mask = t->ahash_cap - 1;
    for (size_t i = name_hash(name, n) & mask;; i = (i + 1) & mask) {
        aslot *sl = &t->ahash[i];
        if (sl->gen != t->agen || attr_name_eq(t, sl->idx, name, n))
            return sl;
    }
}

static void ahash_put(sv_tokenizer *t, size_t idx)
{
    if (!t->ahash)
        return;
    const attr_rec *r = sv_vec_at(&t->arecs, idx);
    aslot *sl = ahash_probe(t, t->abuf.data + r->name, r->name_len);
    sl->gen = t->agen;
    sl->idx = (uint32_t)idx;
}

/* Puts attribute idx in the table, growing it to keep it at most half full. */
static void ahash_insert(sv_tokenizer *t, size_t idx)
{
    if ((idx + 1) * 2 > t->ahash_cap) {
        size_t cap = t->ahash_cap ? t->ahash_cap : 64;
        while ((idx + 1) * 2 > cap)
            cap *= 2;
        aslot *tab = sv_arena_calloc(&t->doc->arena, cap, sizeof *tab);
        if (!tab) {
            oom(t);
            return;
        }
        t->ahash = tab; /* the old table stays in the arena: geometric, so bounded */
        t->ahash_cap = cap;
        for (size_t i = 0; i < idx; i++)
            ahash_put(t, i);
    }
    ahash_put(t, idx);
}

SV_NOINLINE bool attr_is_duplicate_hashed(sv_tokenizer *t, const char *name, size_t n)
{
    if (!t->ahash_on) {
        t->ahash_on = true;
        for (size_t i = 0; i < t->arecs.len; i++)
            ahash_insert(t, i);
        if (!t->ahash)
            return false;
    }
    return ahash_probe(t, name, n)->gen == t->agen;
}

static inline bool attr_is_duplicate(sv_tokenizer *t, const char *name, size_t n)
{
    if (t->arecs.len >= ATTR_HASH_FROM)
        return attr_is_duplicate_hashed(t, name, n);
    for (size_t i = 0; i < t->arecs.len; i++)
        if (attr_name_eq(t, i, name, n))
            return true;
    return false;
}

/* Leaving the attribute name state: a name already on the token makes this attribute a
 * duplicate, dropped with its value. */
static void attr_name_end(sv_tokenizer *t)
{
    t->attr_phase = 2;
    if (t->attr_drop)
        return;
    buf_putc(t, &t->abuf, 0); /* makes abuf.data non-NULL */
    if (t->doc->oom) {
        t->attr_drop = true;
        return;
    }
    size_t n = t->abuf.len - 1 - t->attr_name;
    if (attr_is_duplicate(t, t->abuf.data + t->attr_name, n)) {
        err(t, "duplicate-attribute");
        t->attr_drop = true;
        t->abuf.len = t->attr_name;
        t->abuf.data[t->abuf.len] = 0;
        return;
    }
    /* The record array only grows: once it has room, a push is a store. */
    attr_rec *r = t->arecs.len < t->arecs.cap ? (attr_rec *)t->arecs.data + t->arecs.len++
                                               : sv_vec_push(&t->arecs);
    if (!r || t->arecs.len > UINT32_MAX) {
        oom(t);
        t->attr_drop = true;
        return;
    }
    *r = (attr_rec){.name = t->attr_name, .name_len = n, .offset = t->attr_offset};
    t->attr_value = t->abuf.len;
    if (t->ahash_on)
        ahash_insert(t, t->arecs.len - 1);
}

SV_ALWAYS_INLINE void attr_name_done(sv_tokenizer *t)
{
    if (t->attr_phase == 1)
        attr_name_end(t);
}

/* Ends the attribute under construction, if any. */
SV_ALWAYS_INLINE void attr_end(sv_tokenizer *t)
{
    if (t->attr_phase == 0)
        return;
    attr_name_done(t);
    if (t->attr_phase == 2 && !t->attr_drop && t->arecs.len) {
        attr_rec *r = sv_vec_at(&t->arecs, t->arecs.len - 1);
        r->value = t->attr_value;
        r->value_len = t->abuf.len - t->attr_value;
        buf_putc(t, &t->abuf, 0);
    }
    t->attr_phase = 0;
    t->attr_drop = false;
}

/* Starts a new attribute in the current tag token; past max_attributes it is parsed but
 * dropped (an attribute flood costs no memory). */
SV_NOINLINE void attrs_over_limit(sv_tokenizer *t)
{
    t->attr_drop = true;
    if (!t->attrs_limited) {
        t->attrs_limited = true;
        sv_limit(t->doc, "limit-attributes", t->base + t->cur,
                 "more than %zu attributes on one tag; the rest are dropped",
                 t->doc->opts.max_attributes);
    }
}

SV_ALWAYS_INLINE void attr_start(sv_tokenizer *t)
{
    attr_end(t);
    t->attr_phase = 1;
    t->cut_attr_name = t->cut_attr_value = false;
    t->attr_name = t->abuf.len;
    t->attr_offset = t->base + t->cur;
    if (SV_UNLIKELY(t->arecs.len >= t->doc->opts.max_attributes))
        attrs_over_limit(t);
}

/* The token's attribute array, with room for n entries (it only grows). */
static sv_tok_attr *attrs_room(sv_tokenizer *t, size_t n)
{
    sv_vec *v = &t->attrs;
    if (n > v->cap) {
        size_t cap = v->cap ? v->cap : 8;
        while (cap < n)
            cap *= 2; /* n is at most max_attributes + 1 */
        void *p = sv_arena_grow(v->arena, v->data, v->cap * sizeof(sv_tok_attr),
                                cap * sizeof(sv_tok_attr));
        if (!p) {
            oom(t);
            return NULL;
        }
        v->data = p;
        v->cap = cap;
    }
    return v->data;
}

/* The sv_tag of the tag name just built (lower case). A page uses few distinct names, so
 * names of up to 8 bytes are remembered in a small table keyed by their bytes: most tags
 * are answered there without sv_tag_lookup_lower. The name's buffer holds at least 64 bytes
 * (sv_buf's smallest), so its first 8 can always be read. */
static unsigned tag_of(sv_tokenizer *t, const sv_buf *name)
{
    size_t len = name->len;
    if (len == 0 || len > 8 || name->cap < 8)
        return sv_tag_lookup_lower(name->data ? name->data : "", len);
    uint64_t key;
    memcpy(&key, name->data, 8);
    if (len < 8) {
        /* keep the name's bytes, wherever they sit in the word */
        static const unsigned char ones[16] = {255, 255, 255, 255, 255, 255, 255, 255};
        uint64_t mask;
        memcpy(&mask, ones + 8 - len, 8);
        key &= mask;
    }
    struct tag_slot *slot = &t->tag_cache[(key * UINT64_C(0x9E3779B97F4A7C15)) >> 58];
    if (slot->key != key) {
        slot->key = key; /* never 0: names hold no NUL byte */
        slot->tag = sv_tag_lookup_lower(name->data, len);
    }
    return slot->tag;
}

static void emit_tag(sv_tokenizer *t)
{
    attr_end(t);
    flush_text(t);
    t->attrs.len = 0;
    sv_tok_attr *attrs = attrs_room(t, t->arecs.len);
    for (size_t i = 0; attrs && i < t->arecs.len; i++) {
        const attr_rec *r = (const attr_rec *)t->arecs.data + i;
        sv_tok_attr *a = &attrs[t->attrs.len++];
        a->name = t->abuf.data + r->name;
        a->name_len = r->name_len;
        a->value = t->abuf.data + r->value;
        a->value_len = r->value_len;
        a->offset = r->offset;
    }
    if (t->end_tag) {
        if (t->arecs.len)
            err(t, "end-tag-with-attributes");
        if (t->self_closing)
            err(t, "end-tag-with-trailing-solidus");
    } else {
        /* The name becomes the last start tag by exchanging the buffers (the next tag
         * starts with a cleared name anyway). */
        sv_buf name = t->tag_name;
        t->tag_name = t->last_start;
        t->last_start = name;
    }
    const sv_buf *name = t->end_tag ? &t->tag_name : &t->last_start;
    /* an initialiser rather than memset and stores: only the fields not named are zeroed */
    sv_token tok = {
        .type = t->end_tag ? SV_TOK_END_TAG : SV_TOK_START_TAG,
        .offset = t->tok_start,
        .end = t->base + t->pos,
        .name = name->data ? name->data : "",
        .name_len = name->len,
        .tag = tag_of(t, name),
        .attrs = t->attrs.len ? (sv_tok_attr *)t->attrs.data : NULL,
        .attr_count = t->attrs.len,
        .self_closing = t->self_closing,
    };
    t->state = T_DATA;
    t->fn(t->ctx, &tok);
}

/* "An appropriate end tag token": its name is that of the last start tag emitted. */
static bool appropriate_end_tag(const sv_tokenizer *t)
{
    return t->last_start.len && t->last_start.len == t->tag_name.len &&
           memcmp(t->last_start.data, t->tag_name.data, t->tag_name.len) == 0;
}

/* ---- text states ------------------------------------------------------------------------ */

static void begin_char_ref(sv_tokenizer *t, tstate ret)
{
    t->return_state = ret;
    t->ref_start = t->base + t->cur;
    sv_buf_clear(&t->tmp);
    buf_putc(t, &t->tmp, '&');
    t->state = T_CHAR_REF;
}

static int st_tag_open(sv_tokenizer *t);

/* Data state */
static int st_data(sv_tokenizer *t)
{
    int32_t c;
    int r;
    if (text_run_returns(t, B_CK | B_NUL | B_LT | B_AMP, "<&&", &r))
        return r;
    NEXT(c);
    switch (c) {
    case '&':
        begin_char_ref(t, T_DATA);
        break;
    case '<':
        t->tok_start = t->base + t->cur;
        t->state = T_TAG_OPEN;
        return st_tag_open(t); /* the next state at once: tags are what follows most text */
    case 0:
        err(t, "unexpected-null-character");
        emit_cur(t);
        break;
    case C_EOF:
        emit_eof(t);
        break;
    default:
        emit_cur(t);
        break;
    }
    return 0;
}

/* RCDATA state, RAWTEXT state, script data state and PLAINTEXT state: the same shape, with
 * U+0000 replaced and only some of '&' and '<' special. */
static int st_text(sv_tokenizer *t, unsigned mask, const char stops[3], tstate lt_state)
{
    int32_t c;
    int r;
    if (text_run_returns(t, mask, stops, &r))
        return r;
    NEXT(c);
    if (c == '&' && (mask & B_AMP)) {
        begin_char_ref(t, t->state);
    } else if (c == '<' && (mask & B_LT)) {
        t->tok_start = t->base + t->cur;
        t->state = lt_state;
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        emit_fffd(t);
    } else if (c == C_EOF) {
        emit_eof(t);
    } else {
        emit_cur(t);
    }
    return 0;
}

/* Emits s[0..n), the characters that began at t->tok_start ("<", "</", "]]", ...): from
 * the window when they are still in it. */
static void emit_lit(sv_tokenizer *t, const char *s, size_t n)
{
    size_t i = t->tok_start - t->base;
    if (t->tok_start >= t->base && i + n <= t->len && memcmp(t->in + i, s, n) == 0)
        text_add_in(t, i, n, t->tok_start);
    else
        text_add(t, s, n, t->tok_start);
}

/* RCDATA less-than sign state, RAWTEXT less-than sign state */
static int st_raw_lt(sv_tokenizer *t, tstate text_state)
{
    int32_t c;
    NEXT(c);
    if (c == '/') {
        /* The "</" goes into the run now; an appropriate end tag takes it back out (see
         * raw_mark), which spares a temporary buffer of unbounded length. */
        t->state = T_RAW_END_TAG_OPEN;
        t->raw_state = text_state;
        t->raw_mark = text_len(t);
        emit_lit(t, "</", 2);
    } else {
        emit_lit(t, "<", 1);
        RECONSUME(text_state);
    }
    return 0;
}

/* RCDATA / RAWTEXT / script data / script data escaped end tag open state */
static int st_raw_end_tag_open(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_alpha(c)) {
        new_tag(t, true);
        RECONSUME(T_RAW_END_TAG_NAME);
    } else {
        RECONSUME(t->raw_state);
    }
    return 0;
}

/* Takes "</name" back out of the character run before an appropriate end tag. */
static void raw_unmark(sv_tokenizer *t)
{
    if (t->tref_len) {
        t->tref_len = t->raw_mark;
    } else {
        t->text.len = t->raw_mark;
        if (t->text.data)
            t->text.data[t->text.len] = 0;
    }
    t->text_end = t->tok_start;
}

/* RCDATA / RAWTEXT / script data / script data escaped end tag name state. The name's
 * letters go both to the tag name (lower-cased) and to the character run. A name already
 * longer than the last start tag's can no longer be an appropriate end tag: the letters
 * left are then taken by the text state, which emits them just the same, so neither the
 * name nor the held-back run grows with the input. */
static int st_raw_end_tag_name(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_alpha(c)) {
        if (t->tag_name.len >= t->last_start.len) {
            RECONSUME(t->raw_state);
            return 0;
        }
        buf_putc(t, &t->tag_name, lower(c));
        emit_cur(t);
        return 0;
    }
    if ((is_ws(c) || c == '/' || c == '>') && appropriate_end_tag(t)) {
        raw_unmark(t);
        if (c == '>') {
            emit_tag(t);
        } else {
            flush_text(t);
            t->state = c == '/' ? T_SELF_CLOSING_START_TAG : T_BEFORE_ATTR_NAME;
        }
        return 0;
    }
    RECONSUME(t->raw_state);
    return 0;
}

/* Script data less-than sign state */
static int st_script_lt(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == '/') {
        t->state = T_RAW_END_TAG_OPEN;
        t->raw_state = T_SCRIPT_DATA;
        t->raw_mark = text_len(t);
        emit_lit(t, "</", 2);
    } else if (c == '!') {
        emit_lit(t, "<!", 2);
        t->state = T_SCRIPT_ESCAPE_START;
    } else {
        emit_lit(t, "<", 1);
        RECONSUME(T_SCRIPT_DATA);
    }
    return 0;
}

/* Script data escape start state, script data escape start dash state */
static int st_script_escape_start(sv_tokenizer *t, tstate on_dash)
{
    int32_t c;
    NEXT(c);
    if (c == '-') {
        emit_cur(t);
        t->state = on_dash;
    } else {
        RECONSUME(T_SCRIPT_DATA);
    }
    return 0;
}

/* Script data (double) escaped state, and their dash and dash dash states. level: 0 plain,
 * 1 after '-', 2 after "--". double_esc selects the double-escaped family. */
static int st_script_escaped(sv_tokenizer *t, int level, bool double_esc)
{
    int32_t c;
    tstate base = double_esc ? T_SCRIPT_DOUBLE_ESCAPED : T_SCRIPT_ESCAPED;
    int r;
    if (level == 0 && text_run_returns(t, B_CK | B_NUL | B_LT | B_DASH, "<--", &r))
        return r;
    NEXT(c);
    if (c == '-') {
        emit_cur(t);
        /* The dash and dash dash states follow their base state in enum tstate. */
        if (level < 2)
            t->state = (tstate)((int)base + level + 1);
    } else if (c == '<') {
        if (double_esc) {
            emit_cur(t);
            t->state = T_SCRIPT_DOUBLE_ESCAPED_LT;
        } else {
            t->tok_start = t->base + t->cur;
            t->state = T_SCRIPT_ESCAPED_LT;
        }
    } else if (c == '>' && level == 2) {
        emit_cur(t);
        t->state = T_SCRIPT_DATA;
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        emit_fffd(t);
        t->state = base;
    } else if (c == C_EOF) {
        err(t, "eof-in-script-html-comment-like-text");
        emit_eof(t);
    } else {
        emit_cur(t);
        t->state = base;
    }
    return 0;
}

/* Script data escaped less-than sign state */
static int st_script_escaped_lt(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == '/') {
        t->state = T_RAW_END_TAG_OPEN;
        t->raw_state = T_SCRIPT_ESCAPED;
        t->raw_mark = text_len(t);
        emit_lit(t, "</", 2);
    } else if (is_alpha(c)) {
        sv_buf_clear(&t->tmp);
        emit_lit(t, "<", 1);
        RECONSUME(T_SCRIPT_DOUBLE_ESCAPE_START);
    } else {
        emit_lit(t, "<", 1);
        RECONSUME(T_SCRIPT_ESCAPED);
    }
    return 0;
}

/* Script data double escape start state (from escaped) and script data double escape end
 * state (from double escaped): a "script" tag name flips between the two. The temporary
 * buffer only needs to hold enough letters to compare with "script". */
static int st_script_double_escape_edge(sv_tokenizer *t, tstate match, tstate other)
{
    int32_t c;
    NEXT(c);
    if (is_ws(c) || c == '/' || c == '>') {
        bool is_script = t->tmp.len == 6 && memcmp(t->tmp.data, "script", 6) == 0;
        t->state = is_script ? match : other;
        emit_cur(t);
    } else if (is_alpha(c)) {
        if (t->tmp.len < 7)
            buf_putc(t, &t->tmp, lower(c));
        emit_cur(t);
    } else {
        RECONSUME(other);
    }
    return 0;
}

/* Script data double escaped less-than sign state */
static int st_script_double_escaped_lt(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == '/') {
        sv_buf_clear(&t->tmp);
        emit_cur(t);
        t->state = T_SCRIPT_DOUBLE_ESCAPE_END;
    } else {
        RECONSUME(T_SCRIPT_DOUBLE_ESCAPED);
    }
    return 0;
}

/* CDATA section state, CDATA section bracket state, CDATA section end state */
static int st_cdata(sv_tokenizer *t)
{
    int32_t c;
    int r;
    if (text_run_returns(t, B_CK | B_RB, "]]]", &r))
        return r;
    NEXT(c);
    if (c == ']') {
        t->tok_start = t->base + t->cur;
        t->state = T_CDATA_BRACKET;
    } else if (c == C_EOF) {
        err(t, "eof-in-cdata");
        emit_eof(t);
    } else {
        emit_cur(t);
    }
    return 0;
}

static int st_cdata_bracket(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == ']') {
        t->state = T_CDATA_END;
    } else {
        emit_lit(t, "]", 1);
        RECONSUME(T_CDATA_SECTION);
    }
    return 0;
}

static int st_cdata_end(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == ']') {
        text_add(t, "]", 1, t->tok_start);
        t->tok_start = t->base + t->cur - 1;
    } else if (c == '>') {
        t->state = T_DATA;
    } else {
        emit_lit(t, "]]", 2);
        RECONSUME(T_CDATA_SECTION);
    }
    return 0;
}

/* ---- tag states ------------------------------------------------------------------------- */

/* Bytes that end an attribute name for the fast path below (attrs_fast): the attribute name state's
 * special characters, upper case, and whatever needs a check or decoding. */
#define NAME_STOPS (B_CK | B_NUL | B_WS | B_SL | B_GT | B_UP | B_EQ | B_DQ | B_SQ | B_LT)

/* buf_put of window bytes in[i..i+n): a short run (most names and many values) is copied
 * as one block of 16 bytes when the window and b have room for that many, which spares a
 * call to memcpy; the bytes past n are overwritten by the NUL and later appends. */
SV_ALWAYS_INLINE void buf_put_in(sv_tokenizer *t, sv_buf *b, size_t i, size_t n)
{
    const char *s = (const char *)t->in + i;
    if (n <= 16 && t->len - i >= 16 && b->cap - b->len > 16) {
        memcpy(b->data + b->len, s, 16);
        b->len += n;
        b->data[b->len] = 0;
        return;
    }
    buf_put(t, b, s, n);
}

/* put_at for window bytes in[i..i+n) going to the attribute name (value: false) or value
 * under construction: the common case inline. */
SV_ALWAYS_INLINE void put_attr(sv_tokenizer *t, bool value, size_t i, size_t n)
{
    size_t start = value ? t->attr_value : t->attr_name;
    bool cut = value ? t->cut_attr_value : t->cut_attr_name;
    if (t->attr_drop || cut || n == 0)
        return;
    if (SV_LIKELY(t->abuf.len - start + n <= t->doc->opts.max_attr_length))
        buf_put_in(t, &t->abuf, i, n);
    else
        put_at(t, value ? TG_ATTR_VALUE : TG_ATTR_NAME, (const char *)t->in + i, n, i);
}

/* Window bytes from i that have none of mask's classes. */
static inline size_t plain_run(const sv_tokenizer *t, size_t i, unsigned mask)
{
    const unsigned char *p = t->in + i, *e = t->in + t->len;
    while (p < e && !(cls[*p] & mask))
        p++;
    return (size_t)(p - (t->in + i));
}

/* The steps of attrs_fast return true at white space or '>' after an attribute, where the
 * next one may follow; false where they stop for the states (t->state says which). */

/* Attribute value (double-quoted / single-quoted) state from *pos, the byte after the
 * quote q, then the after attribute value (quoted) state. */
SV_ALWAYS_INLINE bool quoted_value_fast(sv_tokenizer *t, const unsigned char *in, size_t len,
                                        size_t *pos, unsigned char q)
{
    size_t p = *pos;
    const unsigned char *e = q == '"' ? scan(in + p, in + len, B_CK | B_NUL | B_AMP | B_DQ, "\"&&")
                                      : scan(in + p, in + len, B_CK | B_NUL | B_AMP | B_SQ, "'&&");
    size_t n = (size_t)(e - (in + p));
    put_attr(t, true, p, n);
    *pos = p += n;
    if (p == len || in[p] != q) {
        t->state = q == '"' ? T_ATTR_VALUE_DQ : T_ATTR_VALUE_SQ;
        return false;
    }
    *pos = ++p; /* after attribute value (quoted) state */
    if (p == len || !(cls[in[p]] & (B_WS | B_GT))) {
        t->state = T_AFTER_ATTR_VALUE_QUOTED;
        return false;
    }
    return true;
}

/* Attribute value (unquoted) state from *pos. */
SV_ALWAYS_INLINE bool unquoted_value_fast(sv_tokenizer *t, const unsigned char *in, size_t len,
                                          size_t *pos)
{
    size_t p = *pos;
    size_t n = plain_run(t, p, B_CK | B_NUL | B_AMP | B_WS | B_GT | B_UQS);
    put_attr(t, true, p, n);
    *pos = p += n;
    if (p == len || !(cls[in[p]] & (B_WS | B_GT))) {
        t->state = T_ATTR_VALUE_UQ;
        return false;
    }
    return true;
}

/* One attribute from the first byte of its name at *pos: the attribute name state, then
 * '=' and the value. */
SV_ALWAYS_INLINE bool attr_fast(sv_tokenizer *t, const unsigned char *in, size_t len, size_t *pos)
{
    size_t p = *pos;
    t->cur = p; /* attribute name state */
    attr_start(t);
    size_t n = plain_run(t, p, NAME_STOPS);
    put_attr(t, false, p, n);
    *pos = p += n;
    if (p == len || in[p] != '=') {
        t->state = T_ATTR_NAME;
        return false;
    }
    t->cur = p;
    attr_name_done(t);
    *pos = ++p; /* before attribute value state */
    if (p < len) {
        unsigned char q = in[p];
        if (q == '"' || q == '\'') {
            *pos = p + 1;
            return quoted_value_fast(t, in, len, pos, q);
        }
        if (!(cls[q] & (B_WS | B_GT)))
            return unquoted_value_fast(t, in, len, pos);
    }
    t->state = T_BEFORE_ATTR_VALUE;
    return false;
}

/* The attribute states' common path, taken a whole attribute at a time: white space, then
 * name=value with a quoted or unquoted value, or '>'. Each piece goes through the same
 * steps as in the states below (attr_start, attr_name_done, emit_tag); whatever else comes
 * (upper case, '&', '/', NUL, a character to check, the window's end) is left to the
 * states one character at a time: the function stops before it, in the state the standard
 * is in there. Starts and ends in the before attribute name state unless it says
 * otherwise; returns false when it consumed nothing. */
static bool attrs_fast(sv_tokenizer *t)
{
    const unsigned char *in = t->in;
    size_t pos = t->pos, len = t->len, start = pos;
    for (;;) {
        while (pos < len && (cls[in[pos]] & B_WS)) /* before attribute name state */
            pos++;
        if (pos == len)
            break;
        if (in[pos] == '>') {
            t->cur = pos;
            t->pos = pos + 1;
            emit_tag(t);
            return true;
        }
        if ((cls[in[pos]] & NAME_STOPS) || !attr_fast(t, in, len, &pos))
            break;
    }
    t->pos = pos;
    return pos != start || t->state != T_BEFORE_ATTR_NAME;
}

/* Tag name state. Lower-case name bytes are taken in runs. */
static int st_tag_name(sv_tokenizer *t)
{
    int32_t c;
    size_t n = run_len(t, B_CK | B_NUL | B_WS | B_SL | B_GT | B_UP);
    if (n) {
        t->cur = t->pos;
        t->pos += n;
        if (SV_LIKELY(!t->cut_tag && t->tag_name.len + n <= t->doc->opts.max_attr_length))
            buf_put_in(t, &t->tag_name, t->cur, n);
        else
            put_run(t, TG_TAG_NAME);
    }
    NEXT(c);
    if (is_ws(c)) {
        t->state = T_BEFORE_ATTR_NAME;
        attrs_fast(t);
    } else if (c == '/') {
        t->state = T_SELF_CLOSING_START_TAG;
    } else if (c == '>') {
        emit_tag(t);
    } else if (is_upper(c)) {
        put_c(t, TG_TAG_NAME, lower(c));
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        put_fffd(t, TG_TAG_NAME);
    } else if (c == C_EOF) {
        err(t, "eof-in-tag");
        emit_eof(t);
    } else {
        put_cur(t, TG_TAG_NAME);
    }
    return 0;
}

static int st_end_tag_open(sv_tokenizer *t);

/* Tag open state */
static int st_tag_open(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == '!') {
        t->state = T_MARKUP_DECL_OPEN;
    } else if (c == '/') {
        t->state = T_END_TAG_OPEN;
        return st_end_tag_open(t);
    } else if (is_alpha(c)) {
        new_tag(t, false);
        RECONSUME(T_TAG_NAME);
        return st_tag_name(t);
    } else if (c == '?') {
        err(t, "unexpected-question-mark-instead-of-tag-name");
        new_comment(t, t->tok_start);
        RECONSUME(T_BOGUS_COMMENT);
    } else if (c == C_EOF) {
        err(t, "eof-before-tag-name");
        emit_lit(t, "<", 1);
        emit_eof(t);
    } else {
        err(t, "invalid-first-character-of-tag-name");
        emit_lit(t, "<", 1);
        RECONSUME(T_DATA);
    }
    return 0;
}

/* End tag open state */
static int st_end_tag_open(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_alpha(c)) {
        new_tag(t, true);
        RECONSUME(T_TAG_NAME);
        return st_tag_name(t);
    } else if (c == '>') {
        err(t, "missing-end-tag-name");
        t->state = T_DATA;
    } else if (c == C_EOF) {
        err(t, "eof-before-tag-name");
        emit_lit(t, "</", 2);
        emit_eof(t);
    } else {
        err(t, "invalid-first-character-of-tag-name");
        new_comment(t, t->tok_start);
        RECONSUME(T_BOGUS_COMMENT);
    }
    return 0;
}

/* Before attribute name state */
static int st_before_attr_name(sv_tokenizer *t)
{
    int32_t c;
    if (attrs_fast(t))
        return 0;
    NEXT(c);
    if (is_ws(c))
        return 0;
    if (c == '/' || c == '>' || c == C_EOF) {
        RECONSUME(T_AFTER_ATTR_NAME);
    } else if (c == '=') {
        err(t, "unexpected-equals-sign-before-attribute-name");
        attr_start(t);
        put_cur(t, TG_ATTR_NAME);
        t->state = T_ATTR_NAME;
    } else {
        attr_start(t);
        RECONSUME(T_ATTR_NAME);
    }
    return 0;
}

/* Attribute name state */
static int st_attr_name(sv_tokenizer *t)
{
    int32_t c;
    size_t n = run_len(t, B_CK | B_NUL | B_WS | B_SL | B_GT | B_UP | B_EQ | B_DQ | B_SQ | B_LT);
    if (n) {
        t->cur = t->pos;
        t->pos += n;
        put_run(t, TG_ATTR_NAME);
    }
    NEXT(c);
    if (is_ws(c) || c == '/' || c == '>' || c == C_EOF) {
        attr_name_done(t);
        RECONSUME(T_AFTER_ATTR_NAME);
    } else if (c == '=') {
        attr_name_done(t);
        t->state = T_BEFORE_ATTR_VALUE;
    } else if (is_upper(c)) {
        put_c(t, TG_ATTR_NAME, lower(c));
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        put_fffd(t, TG_ATTR_NAME);
    } else {
        if (c == '"' || c == '\'' || c == '<')
            err(t, "unexpected-character-in-attribute-name");
        put_cur(t, TG_ATTR_NAME);
    }
    return 0;
}

/* After attribute name state */
static int st_after_attr_name(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_ws(c))
        return 0;
    if (c == '/') {
        t->state = T_SELF_CLOSING_START_TAG;
    } else if (c == '=') {
        t->state = T_BEFORE_ATTR_VALUE;
    } else if (c == '>') {
        emit_tag(t);
    } else if (c == C_EOF) {
        err(t, "eof-in-tag");
        emit_eof(t);
    } else {
        attr_start(t);
        RECONSUME(T_ATTR_NAME);
    }
    return 0;
}

/* Before attribute value state */
static int st_before_attr_value(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_ws(c))
        return 0;
    if (c == '"') {
        t->state = T_ATTR_VALUE_DQ;
    } else if (c == '\'') {
        t->state = T_ATTR_VALUE_SQ;
    } else if (c == '>') {
        err(t, "missing-attribute-value");
        emit_tag(t);
    } else {
        RECONSUME(T_ATTR_VALUE_UQ);
    }
    return 0;
}

/* Attribute value (double-quoted) state, attribute value (single-quoted) state. The value
 * is taken in runs of ordinary bytes. */
static int st_attr_value_quoted(sv_tokenizer *t, int32_t quote)
{
    int32_t c;
    size_t n = quote == '"' ? run_len_stops(t, B_CK | B_NUL | B_AMP | B_DQ, "\"&&")
                            : run_len_stops(t, B_CK | B_NUL | B_AMP | B_SQ, "'&&");
    if (n) {
        t->cur = t->pos;
        t->pos += n;
        put_run(t, TG_ATTR_VALUE);
    }
    NEXT(c);
    if (c == quote) {
        t->state = T_AFTER_ATTR_VALUE_QUOTED;
    } else if (c == '&') {
        begin_char_ref(t, t->state);
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        put_fffd(t, TG_ATTR_VALUE);
    } else if (c == C_EOF) {
        err(t, "eof-in-tag");
        emit_eof(t);
    } else {
        put_cur(t, TG_ATTR_VALUE);
    }
    return 0;
}

/* Attribute value (unquoted) state */
static int st_attr_value_uq(sv_tokenizer *t)
{
    int32_t c;
    size_t n = run_len(t, B_CK | B_NUL | B_AMP | B_WS | B_GT | B_UQS);
    if (n) {
        t->cur = t->pos;
        t->pos += n;
        put_run(t, TG_ATTR_VALUE);
    }
    NEXT(c);
    if (is_ws(c)) {
        t->state = T_BEFORE_ATTR_NAME;
    } else if (c == '&') {
        begin_char_ref(t, T_ATTR_VALUE_UQ);
    } else if (c == '>') {
        emit_tag(t);
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        put_fffd(t, TG_ATTR_VALUE);
    } else if (c == C_EOF) {
        err(t, "eof-in-tag");
        emit_eof(t);
    } else {
        if (c == '"' || c == '\'' || c == '<' || c == '=' || c == '`')
            err(t, "unexpected-character-in-unquoted-attribute-value");
        put_cur(t, TG_ATTR_VALUE);
    }
    return 0;
}

/* After attribute value (quoted) state */
static int st_after_attr_value_quoted(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_ws(c)) {
        t->state = T_BEFORE_ATTR_NAME;
    } else if (c == '/') {
        t->state = T_SELF_CLOSING_START_TAG;
    } else if (c == '>') {
        emit_tag(t);
    } else if (c == C_EOF) {
        err(t, "eof-in-tag");
        emit_eof(t);
    } else {
        err(t, "missing-whitespace-between-attributes");
        RECONSUME(T_BEFORE_ATTR_NAME);
    }
    return 0;
}

/* Self-closing start tag state */
static int st_self_closing(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == '>') {
        t->self_closing = true;
        emit_tag(t);
    } else if (c == C_EOF) {
        err(t, "eof-in-tag");
        emit_eof(t);
    } else {
        err(t, "unexpected-solidus-in-tag");
        RECONSUME(T_BEFORE_ATTR_NAME);
    }
    return 0;
}

/* ---- comments --------------------------------------------------------------------------- */

/* Markup declaration open state: looks ahead without consuming until it can decide. */
static int st_markup_decl_open(sv_tokenizer *t)
{
    int r = lookahead(t, "--", 2, false);
    if (r == C_NEED)
        return 1;
    if (r) {
        t->pos += 2;
        new_comment(t, t->tok_start);
        t->state = T_COMMENT_START;
        return 0;
    }
    r = lookahead(t, "doctype", 7, true);
    if (r == C_NEED)
        return 1;
    if (r) {
        t->pos += 7;
        t->state = T_DOCTYPE;
        return 0;
    }
    r = lookahead(t, "[CDATA[", 7, false);
    if (r == C_NEED)
        return 1;
    if (r) {
        t->pos += 7;
        if (t->cdata_allowed) {
            t->state = T_CDATA_SECTION;
        } else {
            t->cur = t->pos - 1; /* reported at the last '[' */
            err(t, "cdata-in-html-content");
            new_comment(t, t->tok_start);
            put(t, TG_COMMENT, "[CDATA[", 7);
            t->state = T_BOGUS_COMMENT;
        }
        return 0;
    }
    /* The character after "<!" has been read from the input stream, so its own input-stream
     * error (if any) comes first; it is then reconsumed in the bogus comment state. */
    size_t save = t->pos;
    if (next_char(t) == C_NEED)
        return 1;
    t->pos = t->cur = save;
    err(t, "incorrectly-opened-comment");
    new_comment(t, t->tok_start);
    t->state = T_BOGUS_COMMENT;
    return 0;
}

/* Bogus comment state */
static int st_bogus_comment(sv_tokenizer *t)
{
    int32_t c;
    size_t n = run_len_stops(t, B_CK | B_NUL | B_GT, ">>>");
    if (n) {
        t->cur = t->pos;
        t->pos += n;
        put_run(t, TG_COMMENT);
    }
    NEXT(c);
    if (c == '>') {
        emit_comment(t);
    } else if (c == C_EOF) {
        emit_comment(t);
        emit_eof(t);
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        put_fffd(t, TG_COMMENT);
    } else {
        put_cur(t, TG_COMMENT);
    }
    return 0;
}

/* Comment start state, comment start dash state */
static int st_comment_start(sv_tokenizer *t, bool dash)
{
    int32_t c;
    NEXT(c);
    if (c == '-') {
        t->state = dash ? T_COMMENT_END : T_COMMENT_START_DASH;
    } else if (c == '>') {
        err(t, "abrupt-closing-of-empty-comment");
        emit_comment(t);
    } else if (c == C_EOF && dash) {
        err(t, "eof-in-comment");
        emit_comment(t);
        emit_eof(t);
    } else {
        if (dash)
            put_c(t, TG_COMMENT, '-');
        RECONSUME(T_COMMENT);
    }
    return 0;
}

/* Comment state */
static int st_comment(sv_tokenizer *t)
{
    int32_t c;
    size_t n = run_len_stops(t, B_CK | B_NUL | B_LT | B_DASH, "<--");
    if (n) {
        t->cur = t->pos;
        t->pos += n;
        put_run(t, TG_COMMENT);
    }
    NEXT(c);
    if (c == '<') {
        put_cur(t, TG_COMMENT);
        t->state = T_COMMENT_LT;
    } else if (c == '-') {
        t->state = T_COMMENT_END_DASH;
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        put_fffd(t, TG_COMMENT);
    } else if (c == C_EOF) {
        err(t, "eof-in-comment");
        emit_comment(t);
        emit_eof(t);
    } else {
        put_cur(t, TG_COMMENT);
    }
    return 0;
}

/* Comment less-than sign state and its bang, bang dash and bang dash dash states: they
 * only detect "<!--" nested in a comment. */
static int st_comment_lt(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    switch (t->state) {
    case T_COMMENT_LT:
        if (c == '!') {
            put_cur(t, TG_COMMENT);
            t->state = T_COMMENT_LT_BANG;
        } else if (c == '<') {
            put_cur(t, TG_COMMENT);
        } else {
            RECONSUME(T_COMMENT);
        }
        break;
    case T_COMMENT_LT_BANG:
        if (c == '-')
            t->state = T_COMMENT_LT_BANG_DASH;
        else
            RECONSUME(T_COMMENT);
        break;
    case T_COMMENT_LT_BANG_DASH:
        if (c == '-')
            t->state = T_COMMENT_LT_BANG_DASH_DASH;
        else
            RECONSUME(T_COMMENT_END_DASH);
        break;
    default: /* T_COMMENT_LT_BANG_DASH_DASH */
        if (c != '>' && c != C_EOF)
            err(t, "nested-comment");
        RECONSUME(T_COMMENT_END);
        break;
    }
    return 0;
}

/* Comment end dash state */
static int st_comment_end_dash(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == '-') {
        t->state = T_COMMENT_END;
    } else if (c == C_EOF) {
        err(t, "eof-in-comment");
        emit_comment(t);
        emit_eof(t);
    } else {
        put_c(t, TG_COMMENT, '-');
        RECONSUME(T_COMMENT);
    }
    return 0;
}

/* Comment end state */
static int st_comment_end(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == '>') {
        emit_comment(t);
    } else if (c == '!') {
        t->state = T_COMMENT_END_BANG;
    } else if (c == '-') {
        put_c(t, TG_COMMENT, '-');
    } else if (c == C_EOF) {
        err(t, "eof-in-comment");
        emit_comment(t);
        emit_eof(t);
    } else {
        put(t, TG_COMMENT, "--", 2);
        RECONSUME(T_COMMENT);
    }
    return 0;
}

/* Comment end bang state */
static int st_comment_end_bang(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (c == '-') {
        put(t, TG_COMMENT, "--!", 3);
        t->state = T_COMMENT_END_DASH;
    } else if (c == '>') {
        err(t, "incorrectly-closed-comment");
        emit_comment(t);
    } else if (c == C_EOF) {
        err(t, "eof-in-comment");
        emit_comment(t);
        emit_eof(t);
    } else {
        put(t, TG_COMMENT, "--!", 3);
        RECONSUME(T_COMMENT);
    }
    return 0;
}

/* ---- DOCTYPE ---------------------------------------------------------------------------- */

static void doctype_eof(sv_tokenizer *t)
{
    err(t, "eof-in-doctype");
    t->dt_force_quirks = true;
    emit_doctype(t);
    emit_eof(t);
}

/* DOCTYPE state */
static int st_doctype(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    new_doctype(t);
    if (is_ws(c)) {
        t->state = T_BEFORE_DOCTYPE_NAME;
    } else if (c == '>') {
        RECONSUME(T_BEFORE_DOCTYPE_NAME);
    } else if (c == C_EOF) {
        doctype_eof(t);
    } else {
        err(t, "missing-whitespace-before-doctype-name");
        RECONSUME(T_BEFORE_DOCTYPE_NAME);
    }
    return 0;
}

/* Before DOCTYPE name state */
static int st_before_doctype_name(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_ws(c))
        return 0;
    if (c == '>') {
        err(t, "missing-doctype-name");
        t->dt_force_quirks = true;
        emit_doctype(t);
    } else if (c == C_EOF) {
        doctype_eof(t);
    } else {
        t->dt_has_name = true;
        if (c == 0) {
            err(t, "unexpected-null-character");
            put_fffd(t, TG_DT_NAME);
        } else if (is_upper(c)) {
            put_c(t, TG_DT_NAME, lower(c));
        } else {
            put_cur(t, TG_DT_NAME);
        }
        t->state = T_DOCTYPE_NAME;
    }
    return 0;
}

/* DOCTYPE name state */
static int st_doctype_name(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_ws(c)) {
        t->state = T_AFTER_DOCTYPE_NAME;
    } else if (c == '>') {
        emit_doctype(t);
    } else if (is_upper(c)) {
        put_c(t, TG_DT_NAME, lower(c));
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        put_fffd(t, TG_DT_NAME);
    } else if (c == C_EOF) {
        doctype_eof(t);
    } else {
        put_cur(t, TG_DT_NAME);
    }
    return 0;
}

/* After DOCTYPE name state: "PUBLIC" or "SYSTEM" is matched by looking ahead. */
static int st_after_doctype_name(sv_tokenizer *t)
{
    int32_t c;
    size_t save = t->pos;
    NEXT(c);
    if (is_ws(c))
        return 0;
    if (c == '>') {
        emit_doctype(t);
        return 0;
    }
    if (c == C_EOF) {
        doctype_eof(t);
        return 0;
    }
    t->pos = save;
    int pub = lookahead(t, "public", 6, true);
    int sys = pub == 1 ? 0 : lookahead(t, "system", 6, true);
    if (pub == C_NEED || sys == C_NEED)
        return 1;
    if (pub || sys) {
        t->pos += 6;
        t->state = pub ? T_AFTER_DOCTYPE_PUBLIC_KW : T_AFTER_DOCTYPE_SYSTEM_KW;
    } else {
        err(t, "invalid-character-sequence-after-doctype-name");
        t->dt_force_quirks = true;
        t->state = T_BOGUS_DOCTYPE;
    }
    return 0;
}

/* Starts an identifier: quote is '"' or '\''. */
static void doctype_id_start(sv_tokenizer *t, bool system, int32_t quote)
{
    if (system) {
        t->dt_has_system = true;
        sv_buf_clear(&t->dt_system);
        t->state = quote == '"' ? T_DOCTYPE_SYSTEM_ID_DQ : T_DOCTYPE_SYSTEM_ID_SQ;
    } else {
        t->dt_has_public = true;
        sv_buf_clear(&t->dt_public);
        t->state = quote == '"' ? T_DOCTYPE_PUBLIC_ID_DQ : T_DOCTYPE_PUBLIC_ID_SQ;
    }
}

/* After DOCTYPE public keyword state, after DOCTYPE system keyword state (kw true), before
 * DOCTYPE public/system identifier state (kw false). */
static int st_doctype_before_id(sv_tokenizer *t, bool system, bool kw)
{
    int32_t c;
    NEXT(c);
    if (is_ws(c)) {
        if (kw)
            t->state = system ? T_BEFORE_DOCTYPE_SYSTEM_ID : T_BEFORE_DOCTYPE_PUBLIC_ID;
    } else if (c == '"' || c == '\'') {
        if (kw)
            err(t, system ? "missing-whitespace-after-doctype-system-keyword"
                          : "missing-whitespace-after-doctype-public-keyword");
        doctype_id_start(t, system, c);
    } else if (c == '>') {
        err(t, system ? "missing-doctype-system-identifier"
                      : "missing-doctype-public-identifier");
        t->dt_force_quirks = true;
        emit_doctype(t);
    } else if (c == C_EOF) {
        doctype_eof(t);
    } else {
        err(t, system ? "missing-quote-before-doctype-system-identifier"
                      : "missing-quote-before-doctype-public-identifier");
        t->dt_force_quirks = true;
        RECONSUME(T_BOGUS_DOCTYPE);
    }
    return 0;
}

/* DOCTYPE public/system identifier (double/single-quoted) state */
static int st_doctype_id(sv_tokenizer *t, bool system, int32_t quote)
{
    int32_t c;
    target tg = system ? TG_DT_SYSTEM : TG_DT_PUBLIC;
    size_t n = run_len(t, B_CK | B_NUL | B_GT | (quote == '"' ? B_DQ : B_SQ));
    if (n) {
        t->cur = t->pos;
        t->pos += n;
        put_run(t, tg);
    }
    NEXT(c);
    if (c == quote) {
        t->state = system ? T_AFTER_DOCTYPE_SYSTEM_ID : T_AFTER_DOCTYPE_PUBLIC_ID;
    } else if (c == 0) {
        err(t, "unexpected-null-character");
        put_fffd(t, tg);
    } else if (c == '>') {
        err(t, system ? "abrupt-doctype-system-identifier" : "abrupt-doctype-public-identifier");
        t->dt_force_quirks = true;
        emit_doctype(t);
    } else if (c == C_EOF) {
        doctype_eof(t);
    } else {
        put_cur(t, tg);
    }
    return 0;
}

/* After DOCTYPE public identifier state (between false), between DOCTYPE public and system
 * identifiers state (between true) */
static int st_after_doctype_public_id(sv_tokenizer *t, bool between)
{
    int32_t c;
    NEXT(c);
    if (is_ws(c)) {
        t->state = T_BETWEEN_DOCTYPE_IDS;
    } else if (c == '>') {
        emit_doctype(t);
    } else if (c == '"' || c == '\'') {
        if (!between)
            err(t, "missing-whitespace-between-doctype-public-and-system-identifiers");
        doctype_id_start(t, true, c);
    } else if (c == C_EOF) {
        doctype_eof(t);
    } else {
        err(t, "missing-quote-before-doctype-system-identifier");
        t->dt_force_quirks = true;
        RECONSUME(T_BOGUS_DOCTYPE);
    }
    return 0;
}

/* After DOCTYPE system identifier state */
static int st_after_doctype_system_id(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_ws(c))
        return 0;
    if (c == '>') {
        emit_doctype(t);
    } else if (c == C_EOF) {
        doctype_eof(t);
    } else {
        /* This one does not set the force-quirks flag. */
        err(t, "unexpected-character-after-doctype-system-identifier");
        RECONSUME(T_BOGUS_DOCTYPE);
    }
    return 0;
}

/* Bogus DOCTYPE state */
static int st_bogus_doctype(sv_tokenizer *t)
{
    int32_t c;
    size_t n = run_len(t, B_CK | B_NUL | B_GT);
    t->pos += n;
    NEXT(c);
    if (c == '>') {
        emit_doctype(t);
    } else if (c == 0) {
        err(t, "unexpected-null-character");
    } else if (c == C_EOF) {
        emit_doctype(t);
        emit_eof(t);
    }
    return 0;
}

/* ---- character references --------------------------------------------------------------- */

static bool in_attribute(const sv_tokenizer *t)
{
    return t->return_state == T_ATTR_VALUE_DQ || t->return_state == T_ATTR_VALUE_SQ ||
           t->return_state == T_ATTR_VALUE_UQ;
}

/* "Flush code points consumed as a character reference": to the attribute value, or as
 * character tokens. */
static void ref_flush(sv_tokenizer *t, const char *s, size_t n)
{
    if (in_attribute(t))
        put(t, TG_ATTR_VALUE, s, n);
    else
        text_add(t, s, n, t->ref_start);
}

/* Character reference state */
static int st_char_ref(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_alnum(c)) {
        RECONSUME(T_NAMED_CHAR_REF);
    } else if (c == '#') {
        buf_putc(t, &t->tmp, '#');
        t->state = T_NUMERIC_CHAR_REF;
    } else {
        ref_flush(t, "&", 1);
        RECONSUME(t->return_state);
    }
    return 0;
}

/* Named character reference state: the longest name of the table matching the input. The
 * sorted table is narrowed one byte at a time; the walk stops at SV_ENTITY_MAX_NAME bytes,
 * so waiting for more input never holds more than that. */
/* The common case of the named character reference state: letters and digits, then ';'
 * within the window. The whole name is then the longest match if it is in the table at
 * all (no name goes on past a ';'), found by one binary search over the names sharing its
 * first byte. Returns its length with *found set, or 0 when the general walk must decide. */
static size_t named_ref_whole(sv_tokenizer *t, const sv_entity **found)
{
    const unsigned char *s = t->in + t->pos;
    size_t avail = t->len - t->pos, k = 0;
    while (k < avail && k < SV_ENTITY_MAX_NAME - 1 && is_alnum(s[k]))
        k++;
    if (k == 0 || k == avail || s[k] != ';')
        return 0;
    size_t n = k + 1, lo = 0, hi = SV_ENTITY_COUNT;
    /* A page uses few names, mostly one ("&amp;" in its URLs): the last one found is tried
     * first. */
    const sv_entity *last = t->last_ref;
    if (last && last->name_len == n && memcmp(sv_entity_blob + last->name, s, n) == 0) {
        *found = last;
        return n;
    }
    if (!sv_entity_step(&lo, &hi, 0, s[0]))
        return 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const sv_entity *e = &sv_entities[mid];
        size_t m = e->name_len < n ? e->name_len : n;
        int c = memcmp(sv_entity_blob + e->name, s, m);
        if (c == 0 && e->name_len == n) {
            *found = t->last_ref = e;
            return n;
        }
        if (c < 0 || (c == 0 && e->name_len < n))
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int st_named_char_ref(sv_tokenizer *t)
{
    size_t lo = 0, hi = SV_ENTITY_COUNT, depth = 0, best_len = 0;
    const sv_entity *best = NULL;
    size_t whole = named_ref_whole(t, &best);
    if (whole)
        best_len = whole;
    for (; !whole;) { /* the general walk, byte by byte */
        if (t->pos + depth >= t->len) {
            if (!t->eof)
                return 1;
            break;
        }
        if (depth == SV_ENTITY_MAX_NAME ||
            !sv_entity_step(&lo, &hi, depth, t->in[t->pos + depth]))
            break;
        depth++;
        const sv_entity *e = sv_entity_exact(lo, hi, depth);
        if (e) {
            best = e;
            best_len = depth;
        }
    }
    if (!best) {
        ref_flush(t, "&", 1);
        t->state = T_AMBIGUOUS_AMP;
        return 0;
    }
    const char *name = (const char *)t->in + t->pos;
    bool semi = name[best_len - 1] == ';';
    int32_t after = t->pos + best_len < t->len ? t->in[t->pos + best_len] : C_EOF;
    t->cur = t->pos + best_len - 1;
    t->pos += best_len;
    if (!semi && in_attribute(t) && (after == '=' || is_alnum(after))) {
        /* For historical reasons "&amp=" and "&ampx" in attributes stay as written. */
        ref_flush(t, "&", 1);
        ref_flush(t, name, best_len);
    } else {
        if (!semi)
            err_at(t, "missing-semicolon-after-character-reference", t->base + t->pos);
        ref_flush(t, (const char *)sv_entity_blob + best->value, best->value_len);
    }
    t->state = t->return_state;
    return 0;
}

/* Ambiguous ampersand state */
static int st_ambiguous_amp(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    if (is_alnum(c)) {
        char ch = (char)c;
        ref_flush(t, &ch, 1);
    } else {
        if (c == ';')
            err(t, "unknown-named-character-reference");
        RECONSUME(t->return_state);
    }
    return 0;
}

/* Numeric character reference state */
static int st_numeric_char_ref(sv_tokenizer *t)
{
    int32_t c;
    NEXT(c);
    t->ref_code = 0;
    if (c == 'x' || c == 'X') {
        buf_putc(t, &t->tmp, (char)c);
        t->state = T_HEX_REF_START;
    } else {
        RECONSUME(T_DEC_REF_START);
    }
    return 0;
}

/* Hexadecimal / decimal character reference start state */
static int st_numeric_ref_start(sv_tokenizer *t, bool hex)
{
    int32_t c;
    NEXT(c);
    if (hex ? is_hex(c) : is_digit(c)) {
        RECONSUME(hex ? T_HEX_REF : T_DEC_REF);
    } else {
        err(t, "absence-of-digits-in-numeric-character-reference");
        ref_flush(t, t->tmp.data, t->tmp.len);
        RECONSUME(t->return_state);
    }
    return 0;
}

/* Hexadecimal / decimal character reference state. The value saturates above U+10FFFF,
 * so any number of digits is fine. */
static int st_numeric_ref(sv_tokenizer *t, bool hex)
{
    int32_t c;
    NEXT(c);
    if (hex ? is_hex(c) : is_digit(c)) {
        uint32_t d = (uint32_t)(is_digit(c) ? c - '0' : (lower(c) - 'a') + 10);
        uint32_t v = t->ref_code * (hex ? 16u : 10u) + d;
        t->ref_code = v > 0x10FFFF ? 0x110000 : v;
    } else if (c == ';') {
        t->state = T_NUMERIC_REF_END;
    } else {
        err(t, "missing-semicolon-after-character-reference");
        RECONSUME(T_NUMERIC_REF_END);
    }
    return 0;
}

/* Numeric character reference end state: consumes nothing. */
static int st_numeric_ref_end(sv_tokenizer *t)
{
    uint32_t cp = t->ref_code;
    t->cur = t->pos;
    if (cp == 0) {
        err(t, "null-character-reference");
        cp = 0xFFFD;
    } else if (cp > 0x10FFFF) {
        err(t, "character-reference-outside-unicode-range");
        cp = 0xFFFD;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        err(t, "surrogate-character-reference");
        cp = 0xFFFD;
    } else if (is_noncharacter(cp)) {
        err(t, "noncharacter-character-reference");
    } else if (cp == 0x0D || (cp < 0x20 && !is_ws((int32_t)cp)) || (cp >= 0x7F && cp <= 0x9F)) {
        err(t, "control-character-reference");
        cp = sv_charref_c1(cp); /* 0x80..0x9F as windows-1252 reads them */
    }
    char out[4];
    ref_flush(t, out, sv_utf8_encode(cp, out));
    t->state = t->return_state;
    return 0;
}

/* ---- the machine ------------------------------------------------------------------------ */

/* Runs one step of the current state: 0 go on, 1 more input is needed. */
SV_ALWAYS_INLINE int step(sv_tokenizer *t)
{
    switch (t->state) {
    case T_DATA: return st_data(t);
    case T_RCDATA: return st_text(t, B_CK | B_NUL | B_LT | B_AMP, "<&&", T_RCDATA_LT);
    case T_RAWTEXT: return st_text(t, B_CK | B_NUL | B_LT, "<<<", T_RAWTEXT_LT);
    case T_SCRIPT_DATA: return st_text(t, B_CK | B_NUL | B_LT, "<<<", T_SCRIPT_DATA_LT);
    case T_PLAINTEXT: return st_text(t, B_CK | B_NUL, "<<<", T_PLAINTEXT);
    case T_TAG_OPEN: return st_tag_open(t);
    case T_END_TAG_OPEN: return st_end_tag_open(t);
    case T_TAG_NAME: return st_tag_name(t);
    case T_RCDATA_LT: return st_raw_lt(t, T_RCDATA);
    case T_RAWTEXT_LT: return st_raw_lt(t, T_RAWTEXT);
    case T_SCRIPT_DATA_LT: return st_script_lt(t);
    case T_RAW_END_TAG_OPEN: return st_raw_end_tag_open(t);
    case T_RAW_END_TAG_NAME: return st_raw_end_tag_name(t);
    case T_SCRIPT_ESCAPE_START: return st_script_escape_start(t, T_SCRIPT_ESCAPE_START_DASH);
    case T_SCRIPT_ESCAPE_START_DASH:
        return st_script_escape_start(t, T_SCRIPT_ESCAPED_DASH_DASH);
    case T_SCRIPT_ESCAPED: return st_script_escaped(t, 0, false);
    case T_SCRIPT_ESCAPED_DASH: return st_script_escaped(t, 1, false);
    case T_SCRIPT_ESCAPED_DASH_DASH: return st_script_escaped(t, 2, false);
    case T_SCRIPT_ESCAPED_LT: return st_script_escaped_lt(t);
    case T_SCRIPT_DOUBLE_ESCAPE_START:
        return st_script_double_escape_edge(t, T_SCRIPT_DOUBLE_ESCAPED, T_SCRIPT_ESCAPED);
    case T_SCRIPT_DOUBLE_ESCAPED: return st_script_escaped(t, 0, true);
    case T_SCRIPT_DOUBLE_ESCAPED_DASH: return st_script_escaped(t, 1, true);
    case T_SCRIPT_DOUBLE_ESCAPED_DASH_DASH: return st_script_escaped(t, 2, true);
    case T_SCRIPT_DOUBLE_ESCAPED_LT: return st_script_double_escaped_lt(t);
    case T_SCRIPT_DOUBLE_ESCAPE_END:
        return st_script_double_escape_edge(t, T_SCRIPT_ESCAPED, T_SCRIPT_DOUBLE_ESCAPED);
    case T_BEFORE_ATTR_NAME: return st_before_attr_name(t);
    case T_ATTR_NAME: return st_attr_name(t);
    case T_AFTER_ATTR_NAME: return st_after_attr_name(t);
    case T_BEFORE_ATTR_VALUE: return st_before_attr_value(t);
    case T_ATTR_VALUE_DQ: return st_attr_value_quoted(t, '"');
    case T_ATTR_VALUE_SQ: return st_attr_value_quoted(t, '\'');
    case T_ATTR_VALUE_UQ: return st_attr_value_uq(t);
    case T_AFTER_ATTR_VALUE_QUOTED: return st_after_attr_value_quoted(t);
    case T_SELF_CLOSING_START_TAG: return st_self_closing(t);
    case T_BOGUS_COMMENT: return st_bogus_comment(t);
    case T_MARKUP_DECL_OPEN: return st_markup_decl_open(t);
    case T_COMMENT_START: return st_comment_start(t, false);
    case T_COMMENT_START_DASH: return st_comment_start(t, true);
    case T_COMMENT: return st_comment(t);
    case T_COMMENT_LT:
    case T_COMMENT_LT_BANG:
    case T_COMMENT_LT_BANG_DASH:
    case T_COMMENT_LT_BANG_DASH_DASH: return st_comment_lt(t);
    case T_COMMENT_END_DASH: return st_comment_end_dash(t);
    case T_COMMENT_END: return st_comment_end(t);
    case T_COMMENT_END_BANG: return st_comment_end_bang(t);
    case T_DOCTYPE: return st_doctype(t);
    case T_BEFORE_DOCTYPE_NAME: return st_before_doctype_name(t);
    case T_DOCTYPE_NAME: return st_doctype_name(t);
    case T_AFTER_DOCTYPE_NAME: return st_after_doctype_name(t);
    case T_AFTER_DOCTYPE_PUBLIC_KW: return st_doctype_before_id(t, false, true);
    case T_BEFORE_DOCTYPE_PUBLIC_ID: return st_doctype_before_id(t, false, false);
    case T_DOCTYPE_PUBLIC_ID_DQ: return st_doctype_id(t, false, '"');
    case T_DOCTYPE_PUBLIC_ID_SQ: return st_doctype_id(t, false, '\'');
    case T_AFTER_DOCTYPE_PUBLIC_ID: return st_after_doctype_public_id(t, false);
    case T_BETWEEN_DOCTYPE_IDS: return st_after_doctype_public_id(t, true);
    case T_AFTER_DOCTYPE_SYSTEM_KW: return st_doctype_before_id(t, true, true);
    case T_BEFORE_DOCTYPE_SYSTEM_ID: return st_doctype_before_id(t, true, false);
    case T_DOCTYPE_SYSTEM_ID_DQ: return st_doctype_id(t, true, '"');
    case T_DOCTYPE_SYSTEM_ID_SQ: return st_doctype_id(t, true, '\'');
    case T_AFTER_DOCTYPE_SYSTEM_ID: return st_after_doctype_system_id(t);
    case T_BOGUS_DOCTYPE: return st_bogus_doctype(t);
    case T_CDATA_SECTION: return st_cdata(t);
    case T_CDATA_BRACKET: return st_cdata_bracket(t);
    case T_CDATA_END: return st_cdata_end(t);
    case T_CHAR_REF: return st_char_ref(t);
    case T_NAMED_CHAR_REF: return st_named_char_ref(t);
    case T_AMBIGUOUS_AMP: return st_ambiguous_amp(t);
    case T_NUMERIC_CHAR_REF: return st_numeric_char_ref(t);
    case T_HEX_REF_START: return st_numeric_ref_start(t, true);
    case T_DEC_REF_START: return st_numeric_ref_start(t, false);
    case T_HEX_REF: return st_numeric_ref(t, true);
    case T_DEC_REF: return st_numeric_ref(t, false);
    case T_NUMERIC_REF_END: return st_numeric_ref_end(t);
    case T_DONE: return 1;
    }
    return 1;
}

/* Runs the machine over the window until it needs more input (or has emitted EOF: the
 * done state asks for input forever). */
static int run(sv_tokenizer *t)
{
    const bool *failed = &t->doc->oom;
    while (step(t) == 0) {
        if (SV_UNLIKELY(*failed))
            return -1;
    }
    return *failed ? -1 : 0;
}

/* ---- API -------------------------------------------------------------------------------- */

sv_tokenizer *sv_tokenizer_new(salvage_doc *doc, sv_token_fn fn, void *ctx)
{
    sv_tokenizer *t = sv_arena_calloc(&doc->arena, 1, sizeof *t);
    if (!t) {
        doc->oom = true;
        return NULL;
    }
    t->doc = doc;
    t->fn = fn;
    t->ctx = ctx;
    t->state = T_DATA;
    sv_arena *a = &doc->arena;
    sv_buf *bufs[] = {&t->carry, &t->text, &t->tag_name, &t->last_start, &t->abuf,
                      &t->comment, &t->dt_name, &t->dt_public, &t->dt_system, &t->tmp};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        sv_buf_init(bufs[i], a);
    sv_vec_init(&t->arecs, a, sizeof(attr_rec));
    sv_vec_init(&t->attrs, a, sizeof(sv_tok_attr));
    return t;
}

void sv_tokenizer_set_state(sv_tokenizer *t, sv_tok_state state)
{
    static const tstate map[] = {T_DATA, T_RCDATA, T_RAWTEXT, T_SCRIPT_DATA, T_PLAINTEXT,
                                 T_CDATA_SECTION};
    if (t && !t->done && (size_t)state < sizeof map / sizeof map[0])
        t->state = map[state];
}

void sv_tokenizer_set_last_start_tag(sv_tokenizer *t, const char *name, size_t len)
{
    if (!t)
        return;
    if (name && name == t->last_start.data && len == t->last_start.len)
        return; /* the name of the start tag just emitted, which it is already */
    sv_buf_clear(&t->last_start);
    buf_put(t, &t->last_start, name ? name : "", name ? len : 0);
}

void sv_tokenizer_set_cdata_allowed(sv_tokenizer *t, bool allowed)
{
    if (t)
        t->cdata_allowed = allowed;
}

/* Keeps the unconsumed tail of the window [pos, len) in the carry buffer for the next call,
 * and moves the window base past what was consumed. */
static void keep_tail(sv_tokenizer *t, bool window_is_carry)
{
    text_own(t);
    size_t rest = t->len - t->pos;
    if (window_is_carry) {
        if (rest && t->pos)
            memmove(t->carry.data, t->carry.data + t->pos, rest);
        t->carry.len = rest;
        if (t->carry.data)
            t->carry.data[rest] = 0;
    } else if (rest) {
        buf_put(t, &t->carry, (const char *)t->in + t->pos, rest);
    }
    t->base += t->pos;
    t->in = NULL;
    t->len = t->pos = t->cur = 0;
}

/* Bytes of a new chunk moved to the carry buffer at a time: more than the longest
 * lookahead (SV_ENTITY_MAX_NAME + 1), so each step decides what the carry held. */
#define CARRY_STEP 64

int sv_tokenizer_feed(sv_tokenizer *t, const char *s, size_t len)
{
    if (!t || t->done || t->eof)
        return 0;
    if (t->doc->oom)
        return -1;
    size_t used = 0; /* bytes of s already moved to the carry buffer */
    /* The previous chunk ended in something undecided: complete it from the carry buffer
     * with a few bytes of s, then go on in s itself, so a large chunk is not copied. */
    while (t->carry.len && used < len) {
        size_t take = len - used < CARRY_STEP ? len - used : CARRY_STEP;
        buf_put(t, &t->carry, s + used, take);
        if (t->doc->oom)
            return -1;
        used += take;
        t->in = (const unsigned char *)t->carry.data;
        t->len = t->carry.len;
        t->pos = t->cur = 0;
        if (run(t) != 0) {
            t->tref_len = 0; /* the document has failed: nothing refers to the window */
            return -1;
        }
        size_t rest = t->len - t->pos;
        if (rest <= used) {
            /* What is left is all in s: continue there. */
            text_own(t);
            t->base += t->pos;
            sv_buf_clear(&t->carry);
            used -= rest;
            break;
        }
        keep_tail(t, true);
    }
    if (t->carry.len == 0 && used < len) {
        t->in = (const unsigned char *)s + used;
        t->len = len - used;
        t->pos = t->cur = 0;
        int r = run(t);
        keep_tail(t, false);
        if (r != 0)
            return -1;
    }
    t->in = NULL;
    t->len = t->pos = t->cur = 0;
    return t->doc->oom ? -1 : 0;
}

int sv_tokenizer_finish(sv_tokenizer *t)
{
    if (!t)
        return -1;
    if (t->done)
        return 0;
    t->eof = true;
    t->in = (const unsigned char *)(t->carry.data ? t->carry.data : "");
    t->len = t->carry.len;
    t->pos = t->cur = 0;
    int r = run(t);
    keep_tail(t, true);
    return r;
}
