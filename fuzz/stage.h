/*
 * stage.h — driving one internal stage (tokenizer, decoder) without the pipeline: a bare
 * document to hang the arena, options and diagnostics on, and input cleaned to what a stage
 * expects as its input.
 */
#ifndef FUZZ_STAGE_H
#define FUZZ_STAGE_H

#include "internal.h"

/* A document with opts copied, the allocator resolved, and the arena, text and vectors
 * initialised; kind HTML, encoding UTF-8. Release with fz_doc_release. */
void fz_doc_init(salvage_doc *doc, const salvage_options *opts, size_t size_hint);
void fz_doc_release(salvage_doc *doc);

/* The bytes as the input stage hands them to the tokenizer: valid UTF-8 (each invalid byte
 * becomes U+FFFD) with CRLF and CR turned into LF. allow_surrogates keeps ED A0..BF xx
 * sequences, the generalised UTF-8 test runners feed. Returns a malloc'd buffer of *out_len
 * bytes (plus a NUL), or NULL when out of memory. */
char *fz_preprocess(const uint8_t *data, size_t len, int allow_surrogates, size_t *out_len);

#endif /* FUZZ_STAGE_H */
