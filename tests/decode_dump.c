/*
 * decode_dump.c — runs the input stage's decoder (sv_decoder) on records read from stdin and
 * prints what it decoded, for tests/encoding_diff.py to compare with tests/encoding_ref.py.
 *
 * Input, repeated until end of file: a header line "ENCODING SEED LENGTH\n" (ENCODING is
 * the standard's name, as sv_encoding_name spells it) followed by LENGTH raw bytes. SEED 0
 * feeds the bytes in one final call; any other seed feeds them in pseudo-random chunks of
 * 0 to 1 + SEED % 9 bytes (odd seeds) or 0 to 1 + SEED % 257 bytes (even seeds), empty
 * feeds included, so that every split of a sequence across feeds is exercised.
 *
 * Output, one block per record:
 *   "U\n"                    salvage cannot decode the encoding (sv_encoding_can_decode)
 * or
 *   "T HEX\n"                the decoded text (doc->text) in hex, "T -" when empty
 *   "M OFF OFF ...\n"        the original offset of each character of the text
 *                            (sv_doc_orig_offset of its first byte)
 *   "E OFF OFF ...\n"        each invalid-byte-sequence diagnostic's original offset
 *   "D CODE OFF\n"           any other diagnostic the decoder recorded
 *   ".\n"                    end of the record
 * A record that cannot be read, or a decoder that fails, ends the program with status 1.
 */
#include "encoding.h"
#include "input.h"
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void doc_init(salvage_doc *doc, size_t size_hint)
{
    memset(doc, 0, sizeof *doc);
    salvage_options_init(&doc->opts);
    doc->opts.max_diagnostics = SIZE_MAX; /* every error is compared */
    doc->alloc = doc->opts.allocator;
    sv_allocator_resolve(&doc->alloc);
    sv_arena_init(&doc->arena, &doc->alloc, size_hint);
    doc->status = SALVAGE_OK;
    doc->kind = SALVAGE_INPUT_TEXT;
    doc->encoding = "UTF-8";
    doc->encoding_source = "transport";
    sv_buf_init(&doc->text, &doc->arena);
    sv_vec_init(&doc->offmap, &doc->arena, sizeof(sv_offseg));
    sv_vec_init(&doc->line_starts, &doc->arena, sizeof(size_t));
    sv_vec_init(&doc->diags, &doc->arena, sizeof(salvage_diagnostic));
    sv_vec_init(&doc->blocks, &doc->arena, sizeof(salvage_block));
    sv_vec_init(&doc->noise, &doc->arena, sizeof(salvage_noise));
    sv_vec_init(&doc->repairs, &doc->arena, sizeof(salvage_noise));
}

static sv_encoding encoding_by_name(const char *name)
{
    for (sv_encoding e = 0; e < SV_ENC_COUNT; e++)
        if (strcmp(sv_encoding_name(e), name) == 0)
            return e;
    return SV_ENC_UNKNOWN;
}

/* xorshift32: the chunk sizes only need to be reproducible from the seed. */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static int feed_all(sv_decoder *d, const uint8_t *p, size_t n, unsigned long seed)
{
    if (seed == 0)
        return sv_decoder_feed(d, p, n, true);
    uint32_t rng = (uint32_t)(seed * 2654435761u) | 1u;
    /* Odd seeds: chunks of a few bytes, which split every sequence; even ones: up to 257
     * bytes, which reach the decoders' paths for runs. */
    size_t max_chunk = 1 + (size_t)(seed & 1 ? seed % 9 : seed % 257);
    size_t off = 0;
    for (;;) {
        size_t c = (size_t)(next_rand(&rng) % (max_chunk + 1));
        if (c > n - off)
            c = n - off;
        bool final = off + c == n;
        if (sv_decoder_feed(d, p + off, c, final) != 0)
            return -1;
        off += c;
        if (final)
            return 0;
    }
}

static void print_result(salvage_doc *doc)
{
    fputs("T ", stdout);
    if (doc->text.len == 0)
        fputc('-', stdout);
    for (size_t i = 0; i < doc->text.len; i++)
        printf("%02x", (unsigned)(unsigned char)doc->text.data[i]);
    fputs("\nM", stdout);
    for (size_t i = 0; i < doc->text.len; i++)
        if (((unsigned char)doc->text.data[i] & 0xC0) != 0x80)
            printf(" %zu", sv_doc_orig_offset(doc, i));
    fputs("\nE", stdout);
    for (size_t i = 0; i < doc->diags.len; i++) {
        const salvage_diagnostic *dg = sv_vec_at(&doc->diags, i);
        if (strcmp(dg->code, "invalid-byte-sequence") == 0)
            printf(" %zu", sv_doc_orig_offset(doc, dg->offset));
    }
    fputc('\n', stdout);
    for (size_t i = 0; i < doc->diags.len; i++) {
        const salvage_diagnostic *dg = sv_vec_at(&doc->diags, i);
        if (strcmp(dg->code, "invalid-byte-sequence") != 0)
            printf("D %s %zu\n", dg->code, sv_doc_orig_offset(doc, dg->offset));
    }
    fputs(".\n", stdout);
}

static int run_record(sv_encoding enc, unsigned long seed, const uint8_t *p, size_t n)
{
    if (!sv_encoding_can_decode(enc)) {
        fputs("U\n", stdout);
        return 0;
    }
    salvage_doc doc;
    doc_init(&doc, n);
    doc.input_bytes = n;
    sv_decoder d;
    sv_decoder_init(&d, &doc, enc, 0);
    int rc = feed_all(&d, p, n, seed);
    if (rc == 0 && !doc.oom && doc.text.data != NULL)
        print_result(&doc);
    else
        rc = -1;
    sv_arena_free_all(&doc.arena);
    return rc;
}

int main(void)
{
    char name[64];
    unsigned long seed;
    size_t len;
    while (scanf("%63s %lu %zu", name, &seed, &len) == 3) {
        if (getchar() != '\n') {
            fprintf(stderr, "decode_dump: malformed header\n");
            return 1;
        }
        sv_encoding enc = encoding_by_name(name);
        uint8_t *buf = malloc(len ? len : 1);
        if (enc == SV_ENC_UNKNOWN || !buf || fread(buf, 1, len, stdin) != len) {
            fprintf(stderr, "decode_dump: bad record for %s (%zu bytes)\n", name, len);
            free(buf);
            return 1;
        }
        int rc = run_record(enc, seed, buf, len);
        free(buf);
        if (rc != 0) {
            fprintf(stderr, "decode_dump: decoding failed for %s\n", name);
            return 1;
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
