/*
 * input.h — the input stage: bytes in any supported encoding -> valid UTF-8 in doc->text,
 * with CRLF/CR -> LF, each maximal invalid subsequence -> one U+FFFD and one diagnostic, and
 * the decoded -> original offset map. Streaming: bytes may be fed in chunks split anywhere.
 */
#ifndef SV_INPUT_H
#define SV_INPUT_H

#include "encoding.h"
#include "internal.h"

typedef struct sv_decoder {
    salvage_doc *doc;
    sv_encoding enc;
    const uint16_t *table; /* single-byte encodings */
    size_t orig;           /* original offset of the next byte to be fed */
    unsigned char pend[4]; /* an incomplete sequence carried over between chunks */
    size_t npend;
    size_t pend_orig;      /* original offset of pend[0] */
    bool pending_cr;       /* the last character emitted was a CR (as LF): drop a next LF */
    bool finished;
    /* Set by the caller before a single final feed of UTF-8 whose bytes outlive the
     * decoded text's use: when they need no change (valid, no CR), doc->text points at them
     * instead of holding a copy, and borrowed is set. It is then not NUL-terminated, and
     * the caller must detach it before the bytes go away. */
    bool borrow;
    bool borrowed;
    size_t reserve; /* with borrow: doc->text is sized to this at the first byte copied */
} sv_decoder;

/* start_orig is the original offset of the first byte that will be fed (after a BOM). */
void sv_decoder_init(sv_decoder *d, salvage_doc *doc, sv_encoding enc, size_t start_orig);
/* Decodes n bytes, appending to doc->text. final: no more input follows. 0, or -1 on OOM. */
int sv_decoder_feed(sv_decoder *d, const uint8_t *p, size_t n, bool final);

#endif /* SV_INPUT_H */
