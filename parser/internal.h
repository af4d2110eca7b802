/*
 * internal.h — shared machinery of the library: allocator wrappers, the per-document arena,
 * growable buffers and vectors, diagnostics, and the document structure every stage fills.
 *
 * Rules every stage follows:
 *  - All memory comes from the document's arena (sv_arena_*) or through its allocator
 *    (sv_mem_*). Nothing calls malloc directly.
 *  - An allocation failure never crashes: the failing helper returns NULL / -1 and sets
 *    doc->oom. Stages handle the NULL (skip the work), and the pipeline turns doc->oom into
 *    SALVAGE_ENOMEM at the next stage boundary.
 *  - Stages record positions as offsets into doc->text (the decoded, newline-normalised
 *    UTF-8). salvage_doc finalisation maps them to original byte offsets, lines and columns.
 *  - No recursion whose depth the input controls.
 */
#ifndef SV_INTERNAL_H
#define SV_INTERNAL_H

#include "salvage.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#  define SV_PRINTF(a, b) __attribute__((format(printf, a, b)))
#  define SV_LIKELY(x) __builtin_expect(!!(x), 1)
#  define SV_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#  define SV_PRINTF(a, b)
#  define SV_LIKELY(x) (x)
#  define SV_UNLIKELY(x) (x)
#endif

/* The largest max_attr_length in effect: salvage_attribute's lengths are 32-bit. */
#define SV_ATTR_MAX_LEN ((size_t)UINT32_MAX - 1u)

/* ---------------------------------------------------------------------------------------- */
/* Allocator (parser/arena.c)                                                               */

/* Fills NULL functions of a with the C library's. */
void sv_allocator_resolve(salvage_allocator *a);
void *sv_mem_alloc(const salvage_allocator *a, size_t size);
void *sv_mem_realloc(const salvage_allocator *a, void *p, size_t old_size, size_t new_size);
void sv_mem_free(const salvage_allocator *a, void *p, size_t size);

/* ---------------------------------------------------------------------------------------- */
/* Arena (parser/arena.c): bump allocation in chunks, freed all at once.                    */

typedef struct sv_arena_chunk sv_arena_chunk;

typedef struct sv_arena {
    const salvage_allocator *alloc;
    sv_arena_chunk *head; /* current chunk; older chunks follow ->prev */
    size_t next_size;     /* size of the next chunk to allocate */
    size_t total;         /* bytes obtained from the allocator */
    char *next, *limit;   /* free space of the current chunk (NULL before the first) */
    char *last;           /* the most recent allocation, for in-place growth */
    size_t budget;        /* total never exceeds it (SIZE_MAX unless set after init) */
    bool over_budget;     /* an allocation was refused because of the budget */
} sv_arena;

/* size_hint sizes the first chunk (e.g. from the input length); 0 for a small default. */
void sv_arena_init(sv_arena *arena, const salvage_allocator *alloc, size_t size_hint);
/* sv_arena_alloc_aligned when the current chunk has no room. */
void *sv_arena_alloc_slow(sv_arena *arena, size_t size, size_t align);
#if defined(__SANITIZE_ADDRESS__)
#  define SV_ARENA_CHECKED 1
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer)
#    define SV_ARENA_CHECKED 1
#  endif
#endif
/* size bytes at a multiple of align (a power of two, at most 16). Records that hold only
 * pointers and integers (tree nodes, attribute arrays) ask for their type's alignment: behind
 * a short string, a 16-byte boundary would leave up to 15 bytes unused. */
static inline void *sv_arena_alloc_aligned(sv_arena *arena, size_t size, size_t align)
{
#ifndef SV_ARENA_CHECKED
    /* The common case inline: room in the current chunk (under ASan the out-of-line path
     * also unpoisons the block). */
    uintptr_t at = ((uintptr_t)arena->next + (align - 1u)) & ~(uintptr_t)(align - 1u);
    if (size && at <= (uintptr_t)arena->limit && (uintptr_t)arena->limit - at >= size) {
        char *p = (char *)at;
        arena->last = p;
        arena->next = p + size;
        return p;
    }
#endif
    return sv_arena_alloc_slow(arena, size, align);
}
/* 16-byte aligned; NULL on failure (or size overflow). size 0 returns a valid pointer. */
static inline void *sv_arena_alloc(sv_arena *arena, size_t size)
{
    return sv_arena_alloc_aligned(arena, size, 16u);
}
void *sv_arena_calloc(sv_arena *arena, size_t count, size_t size);
/* Grows the block p (of old_size, allocated from this arena) to new_size: in place when it is
 * the most recent allocation and fits, else by copying. NULL on failure (p stays valid). */
void *sv_arena_grow(sv_arena *arena, void *p, size_t old_size, size_t new_size);
/* Copies s[0..n) and appends a NUL. */
char *sv_arena_strndup(sv_arena *arena, const char *s, size_t n);
void sv_arena_free_all(sv_arena *arena);

/* ---------------------------------------------------------------------------------------- */
/* Growable byte buffer and vector, backed by the document arena (growth doubles; the space
 * left behind by growth is bounded by the final size).                                     */

typedef struct sv_buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len, cap;
    sv_arena *arena;
} sv_buf;

void sv_buf_init(sv_buf *b, sv_arena *arena);
int sv_buf_reserve(sv_buf *b, size_t extra); /* 0 or -1 */
int sv_buf_append(sv_buf *b, const char *s, size_t n);
int sv_buf_putc(sv_buf *b, char c);
int sv_buf_put_cp(sv_buf *b, uint32_t cp); /* UTF-8 encodes cp (invalid cp -> U+FFFD) */
static inline void sv_buf_clear(sv_buf *b) { b->len = 0; if (b->data) b->data[0] = 0; }

typedef struct sv_vec {
    void *data;
    size_t len, cap, item_size;
    sv_arena *arena;
} sv_vec;

void sv_vec_init(sv_vec *v, sv_arena *arena, size_t item_size);
/* Appends a zeroed item and returns it, or NULL on failure. */
void *sv_vec_push(sv_vec *v);
static inline void *sv_vec_at(const sv_vec *v, size_t i)
{
    return (char *)v->data + i * v->item_size;
}

/* ---------------------------------------------------------------------------------------- */
/* Hot-path helpers: inlining, eight bytes at a time                                        */

/* Inlining for hot paths, where a call would cost more than the work. */
#if defined(__GNUC__)
#  define SV_ALWAYS_INLINE static inline __attribute__((always_inline))
#  define SV_NOINLINE static __attribute__((noinline))
#else
#  define SV_ALWAYS_INLINE static inline
#  define SV_NOINLINE static
#endif

/* Eight bytes at a time ("SWAR"): a one in every byte, and every byte's high bit. */
#define SV_SWAR_ONES UINT64_C(0x0101010101010101)
#define SV_SWAR_HIGH UINT64_C(0x8080808080808080)

/* Non-zero when x holds a zero byte: only a zero byte borrows into its own high bit when one
 * is subtracted from every byte (a borrow may flag bytes above it too, never below). */
static inline uint64_t sv_swar_zero(uint64_t x)
{
    return (x - SV_SWAR_ONES) & ~x & SV_SWAR_HIGH;
}

/* The eight bytes at s as one number, s[0] in the lowest bits whatever the machine's byte
 * order (one load where the order is known to be little-endian). */
static inline uint64_t sv_load_le64(const void *s)
{
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t x;
    memcpy(&x, s, sizeof x);
    return x;
#else
    const unsigned char *u = (const unsigned char *)s;
    uint64_t x = 0;
    for (int b = 7; b >= 0; b--)
        x = x << 8 | u[b];
    return x;
#endif
}

/* The first byte of s[i..n) that is not ASCII, or n. Eight bytes at a time. */
static inline size_t sv_skip_ascii(const char *s, size_t n, size_t i)
{
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, sizeof x);
        if (x & SV_SWAR_HIGH)
            break;
    }
    while (i < n && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

/* ---------------------------------------------------------------------------------------- */
/* UTF-8 helpers (parser/utf8.c)                                                            */

/* Encodes cp into out (4 bytes room); returns the length (1..4). Surrogates and values
 * above U+10FFFF are encoded as U+FFFD. */
size_t sv_utf8_encode(uint32_t cp, char *out);
/* Decodes one code point of VALID UTF-8 at s (len > 0 bytes available); *n receives its
 * length. Used on doc->text, which is always valid UTF-8. */
uint32_t sv_utf8_decode(const char *s, size_t len, size_t *n);
/* Length of the well-formed UTF-8 sequence at s[0..n) (n > 0; 1 for ASCII), or 0 (Unicode,
 * Table 3-7), for text that may not be valid. */
static inline size_t sv_utf8_valid_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        need = 1;
    else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        lo = b == 0xE0 ? 0xA0 : 0x80;
        hi = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        lo = b == 0xF0 ? 0x90 : 0x80;
        hi = b == 0xF4 ? 0x8F : 0xBF;
    } else
        return 0;
    if (n < need + 1 || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i <= need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return need + 1;
}

/* ---------------------------------------------------------------------------------------- */
/* Offset map: decoded text offset -> original input offset (parser/input.c)               */

/* A segment maps its decoded bytes to original bytes one to one (dstep == 0), or is a run of
 * characters that each take dstep decoded and ostep original bytes (a GBK or Shift_JIS run:
 * 3 and 2; accented windows-1252 letters: 2 and 1; UTF-16 ASCII: 1 and 2), so that text in
 * a legacy encoding needs a segment per run, not per character. */
typedef struct sv_offseg {
    size_t dec;  /* offset in doc->text where this segment starts */
    size_t orig; /* the original byte offset it corresponds to */
    uint8_t dstep, ostep;
} sv_offseg;

/* The original offset of decoded offset dec_off (>= seg->dec) by seg alone: inside a
 * character of a run, its start plus the offset inside it up to its original width. */
static inline size_t sv_offseg_map(const sv_offseg *seg, size_t dec_off)
{
    size_t rel = dec_off - seg->dec;
    if (!seg->dstep)
        return seg->orig + rel;
    size_t inside = rel % seg->dstep;
    return seg->orig + rel / seg->dstep * seg->ostep + (inside < seg->ostep ? inside : seg->ostep);
}

/* ---------------------------------------------------------------------------------------- */
/* The document                                                                             */

struct sv_node; /* parser/tree.h */

struct salvage_doc {
    sv_arena arena;
    salvage_allocator alloc; /* resolved copy of opts.allocator */
    salvage_options opts;    /* copy; opts.encoding/fragment_context copied into the arena */
    salvage_status status;   /* SALVAGE_OK or SALVAGE_LIMIT */
    bool oom;                /* an allocation failed somewhere */
    bool finalized;

    /* input */
    size_t input_bytes;
    salvage_input_kind kind;     /* never AUTO once decided */
    const char *encoding;        /* WHATWG name */
    const char *encoding_source; /* "bom", "transport", "meta", "default" */

    /* decoded text: valid UTF-8, CRLF/CR -> LF, NUL-terminated */
    sv_buf text;
    sv_vec offmap;     /* sv_offseg, dec ascending */
    sv_vec line_starts; /* size_t: decoded offsets of each line's first byte; built lazily */

    /* results; offsets are decoded offsets until finalisation */
    sv_vec diags;  /* salvage_diagnostic */
    size_t diags_dropped;
    sv_vec blocks; /* salvage_block */
    sv_vec noise;  /* salvage_noise: removed content (script salad, Zalgo, U+FFFD runs) */
    sv_vec repairs; /* salvage_noise: character-level repairs (invisible, bidi and control
                       characters removed, mojibake repaired) */

    /* HTML */
    struct sv_node *root;
    salvage_quirks_mode quirks;
    size_t tree_work; /* tree construction's work counter (tests check it stays linear) */
    size_t text_work; /* the scraped-text stages' work counter (the same, for text) */
    size_t combining_cut; /* combining marks max_combining has dropped from article text */
};

/* True, with the diagnostic counted as dropped, when max_diagnostics are kept already. */
static inline bool sv_diag_full(salvage_doc *doc)
{
    if (doc->diags.len < doc->opts.max_diagnostics)
        return false;
    doc->diags_dropped++;
    return true;
}
/* Records a diagnostic at decoded offset dec_off (sv_diag's out-of-line part). */
void sv_diag_record(salvage_doc *doc, salvage_severity sev, const char *code, size_t dec_off,
                    const char *fmt, ...) SV_PRINTF(5, 6);
/* sv_diag(doc, sev, code, dec_off, fmt, ...): records a diagnostic at decoded offset dec_off.
 * Over max_diagnostics it is counted only, before any call or formatting, so that a hostile
 * input's millions of parse errors cost a comparison each. The message is formatted into the
 * arena. Sets doc->oom on failure. A statement; doc is evaluated once. */
#define sv_diag(doc, ...)                                                                   \
    do {                                                                                    \
        salvage_doc *sv_diag_doc_ = (doc);                                                  \
        if (!sv_diag_full(sv_diag_doc_))                                                    \
            sv_diag_record(sv_diag_doc_, __VA_ARGS__);                                      \
    } while (0)
/* Records that a limit truncated content: status becomes SALVAGE_LIMIT, plus an error
 * diagnostic with the code (e.g. "limit-nodes"). */
void sv_limit(salvage_doc *doc, const char *code, size_t dec_off, const char *fmt, ...)
    SV_PRINTF(4, 5);

/* Decoded offset -> original byte offset. Valid while decoding is under way for every offset
 * already decoded. */
size_t sv_doc_orig_offset(const salvage_doc *doc, size_t dec_off);
/* Decoded offset -> 1-based line and column (code points). Builds the line index on first
 * use (call after all text is decoded). */
void sv_doc_line_col(salvage_doc *doc, size_t dec_off, size_t *line, size_t *col);

/* ---------------------------------------------------------------------------------------- */
/* Article model builders (parser/article.c)                                                */

/* Appends a zeroed block of the type covering decoded [dec_start, dec_end). NULL on OOM. */
salvage_block *sv_doc_add_block(salvage_doc *doc, salvage_block_type type, size_t dec_start,
                                size_t dec_end);
/* Appends a noise entry of class cls (a static string) covering decoded [start, end); the
 * text is copied from doc->text (shortened to 200 bytes at a character boundary). Also adds
 * a warning diagnostic "noise-<cls>". Character-level classes ("bidi-control",
 * "zero-width", "control", "mojibake", "private-use", "unassigned") go to doc->repairs
 * (JSON "repairs"), the rest to doc->noise (JSON "noise"). NULL on OOM. */
salvage_noise *sv_doc_add_noise(salvage_doc *doc, const char *cls, size_t dec_start,
                                size_t dec_end);

/* Text builder for block, item and cell texts: collapses white space runs to one space,
 * trims both ends, records inline spans, and at finish caps combining runs at max_combining
 * and NFC-normalises the whole text (unless SALVAGE_FLAG_NO_NFC), moving the spans. */
typedef struct sv_textb {
    salvage_doc *doc;
    sv_buf buf;
    sv_vec spans;       /* salvage_span */
    bool pending_space; /* white space seen since the last non-space */
} sv_textb;

void sv_textb_init(sv_textb *tb, salvage_doc *doc);
/* Appends s[0..n) (valid UTF-8). */
void sv_textb_append(sv_textb *tb, const char *s, size_t n);
/* Forces a space before the next appended text (block boundary inside a cell, <br>, ...). */
void sv_textb_space(sv_textb *tb);
/* Opens a span at the current end; returns its index (or (size_t)-1 on OOM). */
size_t sv_textb_span_open(sv_textb *tb, salvage_span_kind kind, const char *href);
/* Closes span idx at the current end; empty spans are dropped at finish. */
void sv_textb_span_close(sv_textb *tb, size_t idx);
/* True when nothing but white space has been appended. */
bool sv_textb_empty(const sv_textb *tb);
/* Moves the result into out (arena memory). The builder may be reused after init. */
void sv_textb_finish(sv_textb *tb, salvage_text *out);
/* Finishes into out with the text and spans copied at their exact sizes, and empties tb for
 * the next text, keeping its buffers: a one-word text costs its word, not a new buffer's
 * first 64 bytes. */
void sv_textb_finish_copy(sv_textb *tb, salvage_text *out);
/* Shorthand: one plain string into out. */
void sv_text_set(salvage_doc *doc, salvage_text *out, const char *s, size_t n);

/* Appends s[0..n) to out, capping runs of combining marks at max_combining, NFC-normalised
 * unless SALVAGE_FLAG_NO_NFC.
 * Returns 0 or -1 (OOM). */
int sv_nfc_append(salvage_doc *doc, sv_buf *out, const char *s, size_t n);
/* Reports the combining marks max_combining dropped since doc->combining_cut was `before`
 * (a limit-combining error at decoded offset dec_off, the start of the text's block), if
 * any. */
void sv_combining_report(salvage_doc *doc, size_t before, size_t dec_off);

#endif /* SV_INTERNAL_H */
