/*
 * input.h — the input stage: bytes in any encoding of the Encoding Standard -> valid UTF-8 in
 * doc->text,
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
    bool seg_single; /* the last offset map segment holds one character, emitted alone */
    /* The multi-byte encodings (input_cjk.c). Bytes of a sequence still open when a chunk
     * ends wait in pend[0..npend) (original offset pend_orig): the decoder may have to read
     * them again ("restore to ioQueue") after the next chunk's first byte. */
    unsigned char lead[3]; /* gb18030 first/second/third; the lead byte of the others */
    bool jis0212;          /* EUC-JP jis0212 */
    unsigned char iso_state, iso_output_state; /* ISO-2022-JP decoder state, output state */
    bool iso_output;       /* ISO-2022-JP output */
    size_t seq_orig;       /* original offset of the open sequence's first byte */
    size_t replaced;       /* replacement: bytes not decoded so far */
} sv_decoder;

/* start_orig is the original offset of the first byte that will be fed (after a BOM). */
void sv_decoder_init(sv_decoder *d, salvage_doc *doc, sv_encoding enc, size_t start_orig);
/* Decodes n bytes, appending to doc->text. final: no more input follows. 0, or -1 on OOM. */
int sv_decoder_feed(sv_decoder *d, const uint8_t *p, size_t n, bool final);

/* For the multi-byte decoders (input_cjk.c); each returns -1 on OOM (doc->oom set). */
/* Appends s[0..n) (valid UTF-8 without CR) standing for the bytes from original offset orig. */
int sv_input_emit(sv_decoder *d, const char *s, size_t n, size_t orig);
/* Appends cp, whose first byte is at original offset orig; CR and CRLF become LF. */
int sv_input_emit_cp(sv_decoder *d, uint32_t cp, size_t orig);
/* Appends one U+FFFD for bytes[0..n) at original offset orig, with an invalid-byte-sequence
 * warning that names them ("invalid <what> (bytes ..)"). */
int sv_input_emit_invalid(sv_decoder *d, const unsigned char *bytes, size_t n, size_t orig,
                          const char *what);
/* Length of the run of ASCII bytes other than CR at p[0..n). */
size_t sv_input_ascii_run(const unsigned char *p, size_t n);
/* sv_decoder_feed for GBK, gb18030, Big5, EUC-JP, ISO-2022-JP, Shift_JIS, EUC-KR and
 * replacement. */
int sv_decoder_feed_cjk(sv_decoder *d, const uint8_t *p, size_t n, bool final);

#endif /* SV_INPUT_H */
