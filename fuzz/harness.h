/*
 * harness.h — what every fuzz harness shares: reading option bytes from the front of the
 * input, an output sink for the write callbacks, and the invariant checks run on every
 * document.
 *
 * A violated invariant prints what failed and calls abort(), which libFuzzer, AFL++ and the
 * replay driver all report as a crash. None of the checks recurse: trees are walked with
 * salvage_walk_next and an explicit stack.
 */
#ifndef FUZZ_HARNESS_H
#define FUZZ_HARNESS_H

#include "salvage.h"

#include <stddef.h>
#include <stdint.h>

/* The entry point each harness defines (libFuzzer's name, used by all three drivers). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with a message when cond is false. */
#define FZ_CHECK(cond) ((cond) ? (void)0 : fz_fail(#cond, __FILE__, __LINE__))
void fz_fail(const char *what, const char *file, int line);

/* ---- option bytes ----------------------------------------------------------------------- */

/* The unread rest of the input. Option bytes are taken from the front; what is left is the
 * document. Reading past the end yields zeros, so every input is usable. */
typedef struct fz_bytes {
    const uint8_t *data;
    size_t len;
} fz_bytes;

uint8_t fz_take_u8(fz_bytes *b);
/* A 16-bit value, little-endian. */
uint16_t fz_take_u16(fz_bytes *b);

/* A fragment parsing context (NULL = whole document), chosen by a byte. */
const char *fz_pick_fragment_context(uint8_t byte);
/* A transport encoding label (NULL = sniff), chosen by a byte; some labels are unknown. */
const char *fz_pick_encoding(uint8_t byte);
/* A limit value from a byte: with the high bit set the default, else one of a table of
 * small values and values around internal growth points. */
size_t fz_pick_limit(uint8_t byte, size_t dflt);

/* The option bits most harnesses take from one flags byte: bits 0-1 input kind (mod 3),
 * 4 scripting, 8 no NFC, 16 a fragment context and, with with_encoding, 32 a transport
 * encoding, both chosen by the context byte. */
void fz_apply_flags(salvage_options *opts, uint8_t flags, uint8_t context, int with_encoding);

/* Length of the valid UTF-8 sequence at s (len > 0), or 0; allow_surrogates accepts the
 * generalised UTF-8 of lone surrogates. */
size_t fz_utf8_seq(const uint8_t *s, size_t len, int allow_surrogates);

/* A tiny deterministic generator (xorshift64*), for chunk sizes and allocation failures. */
typedef struct fz_rng {
    uint64_t state;
} fz_rng;

void fz_rng_seed(fz_rng *r, uint64_t seed);
uint64_t fz_rng_next(fz_rng *r);

/* ---- output sink ------------------------------------------------------------------------ */

/* A growable buffer for salvage_write_fn. With fail_at set, the write that would pass
 * fail_at bytes returns non-zero (the writer must then stop with SALVAGE_IO). */
typedef struct fz_sink {
    char *data;
    size_t len, cap;
    size_t fail_at; /* 0: never fail */
    int failed;     /* a write was refused */
    int oom;        /* the sink itself could not grow: its content is incomplete */
} fz_sink;

int fz_sink_write(void *ctx, const char *data, size_t len);
void fz_sink_free(fz_sink *s);

/* ---- invariants ------------------------------------------------------------------------- */

/* 1 when s[0..len) is valid UTF-8 (no overlongs, surrogates, or code points > U+10FFFF). */
int fz_utf8_valid(const char *s, size_t len);

/* A library string: non-NULL, NUL-terminated at len, no NUL inside, valid UTF-8. */
void fz_check_string(const char *s, size_t len);

/* Everything the public API exposes about a finished document parsed from input_len bytes
 * with opts: status, encoding, diagnostics, blocks, noise and the tree (links, offsets,
 * limits). */
void fz_check_doc(const salvage_doc *doc, size_t input_len, const salvage_options *opts);

/* Runs every writer into a throw-away sink; each must return what its contract says.
 * ok_enomem: SALVAGE_ENOMEM is an acceptable answer (failing allocators). */
void fz_write_all(const salvage_doc *doc, int ok_enomem);

#endif /* FUZZ_HARNESS_H */
