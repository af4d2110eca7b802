/*
 * input.c — fuzz target "input": byte decoding, BOM and encoding sniffing, and NFC.
 *
 *  1. salvage_parse with a transport label (or none), NFC on or off: the document must be
 *     sound (fz_check_doc), and a BOM must win over every other source of encoding.
 *  2. The Encoding Standard helpers on the same bytes: BOM sniffing, the meta prescan, and
 *     the label table (every encoding's name is also one of its labels).
 *  3. The decoder alone, differential: feeding the bytes in fuzzer-chosen chunks must give
 *     the same text, the same decoded -> original offset map and the same errors as one
 *     feed; the text is valid UTF-8 without CR.
 *
 * Input layout: [encoding][flags][seed][chunking] then the bytes.
 */
#include "harness.h"
#include "input.h"
#include "stage.h"

#include <stdlib.h>
#include <string.h>

static void check_public(const fz_bytes *in, const salvage_options *opts)
{
    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(in->data, in->len, opts, &doc);
    FZ_CHECK(st == SALVAGE_OK || st == SALVAGE_LIMIT);
    FZ_CHECK(doc != NULL);
    fz_check_doc(doc, in->len, opts);

    size_t bom_len = 0;
    sv_encoding bom = sv_encoding_sniff_bom(in->data, in->len, &bom_len);
    if (bom != SV_ENC_UNKNOWN) {
        FZ_CHECK(strcmp(salvage_doc_encoding_source(doc), "bom") == 0);
        FZ_CHECK(strcmp(salvage_doc_encoding(doc), sv_encoding_name(bom)) == 0);
    }
    fz_write_all(doc, 0);
    salvage_doc_free(doc);
}

static void check_encoding_api(const fz_bytes *in)
{
    size_t bom_len = 0;
    sv_encoding bom = sv_encoding_sniff_bom(in->data, in->len, &bom_len);
    if (bom != SV_ENC_UNKNOWN) {
        FZ_CHECK(bom == SV_ENC_UTF8 || bom == SV_ENC_UTF16LE || bom == SV_ENC_UTF16BE);
        FZ_CHECK(bom_len >= 2 && bom_len <= 3 && bom_len <= in->len);
    }

    size_t scan = in->len < 1024 ? in->len : 1024;
    sv_encoding meta = sv_encoding_prescan(in->data, scan);
    if (meta != SV_ENC_UNKNOWN) {
        /* The prescan's fix-ups: a UTF-16 label means UTF-8, x-user-defined windows-1252.
         * UTF-16 comes only from "<?x" itself encoded in UTF-16 at the very start. */
        if (meta == SV_ENC_UTF16LE)
            FZ_CHECK(scan >= 6 && memcmp(in->data, "<\0?\0x\0", 6) == 0);
        if (meta == SV_ENC_UTF16BE)
            FZ_CHECK(scan >= 6 && memcmp(in->data, "\0<\0?\0x", 6) == 0);
        FZ_CHECK(strcmp(sv_encoding_name(meta), "x-user-defined") != 0);
    }

    /* The bytes as a label. */
    size_t label_len = in->len < 64 ? in->len : 64;
    sv_encoding enc = sv_encoding_from_label((const char *)in->data, label_len);
    if (enc == SV_ENC_UNKNOWN)
        return;
    const char *name = sv_encoding_name(enc);
    FZ_CHECK(name != NULL);
    FZ_CHECK(sv_encoding_from_label(name, strlen(name)) == enc);
    const uint16_t *table = sv_encoding_single_byte_table(enc);
    if (table) {
        for (int i = 0; i < 128; i++)
            FZ_CHECK(table[i] < 0xD800 || table[i] > 0xDFFF);
    }
    (void)sv_encoding_can_decode(enc);
}

/* Decodes the bytes with enc, whole or in chunks of 1..chunking bytes. */
static void decode(salvage_doc *doc, sv_encoding enc, const fz_bytes *in, uint8_t seed,
                   size_t chunking)
{
    sv_decoder d;
    doc->input_bytes = in->len;
    sv_decoder_init(&d, doc, enc, 0);
    fz_rng rng;
    fz_rng_seed(&rng, seed);
    size_t off = 0;
    do {
        size_t n = in->len - off;
        if (chunking) {
            size_t c = (size_t)(fz_rng_next(&rng) % (chunking + 1)); /* 0: an empty feed */
            n = c < n ? c : n;
        }
        bool final = off + n == in->len;
        FZ_CHECK(sv_decoder_feed(&d, in->data + off, n, final) == 0);
        off += n;
        if (final)
            break;
    } while (1);
    FZ_CHECK(!doc->oom && doc->text.data != NULL);
}

static void compare_decoders(salvage_doc *a, salvage_doc *b, size_t len)
{
    FZ_CHECK(a->text.len == b->text.len);
    FZ_CHECK(memcmp(a->text.data, b->text.data, a->text.len) == 0);
    FZ_CHECK(fz_utf8_valid(a->text.data, a->text.len));
    FZ_CHECK(memchr(a->text.data, '\r', a->text.len) == NULL);
    size_t prev = 0;
    for (size_t off = 0; off <= a->text.len; off++) {
        size_t oa = sv_doc_orig_offset(a, off);
        FZ_CHECK(oa == sv_doc_orig_offset(b, off));
        FZ_CHECK(oa >= prev && oa <= len);
        prev = oa;
    }
    FZ_CHECK(a->diags.len == b->diags.len);
    for (size_t i = 0; i < a->diags.len; i++) {
        const salvage_diagnostic *da = sv_vec_at(&a->diags, i);
        const salvage_diagnostic *db = sv_vec_at(&b->diags, i);
        FZ_CHECK(strcmp(da->code, db->code) == 0 && da->offset == db->offset);
        FZ_CHECK(da->offset <= a->text.len);
    }
}

static void check_decoder(const fz_bytes *in, const char *label, uint8_t seed, size_t chunking)
{
    sv_encoding enc = label ? sv_encoding_from_label(label, strlen(label)) : SV_ENC_UTF8;
    if (enc == SV_ENC_UNKNOWN || !sv_encoding_can_decode(enc))
        enc = SV_ENC_UTF8;
    salvage_options opts;
    salvage_options_init(&opts);
    salvage_doc whole, chunked;
    fz_doc_init(&whole, &opts, in->len);
    fz_doc_init(&chunked, &opts, in->len);
    decode(&whole, enc, in, seed, 0);
    decode(&chunked, enc, in, seed, chunking);
    compare_decoders(&whole, &chunked, in->len);
    fz_doc_release(&whole);
    fz_doc_release(&chunked);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_bytes in = {data, size};
    salvage_options opts;
    salvage_options_init(&opts);
    opts.encoding = fz_pick_encoding(fz_take_u8(&in));
    uint8_t flags = fz_take_u8(&in);
    uint8_t seed = fz_take_u8(&in);
    static const size_t chunkings[] = {1, 2, 3, 4, 5, 8, 64, 1000};
    size_t chunking = chunkings[fz_take_u8(&in) % 8];
    opts.input_kind = (salvage_input_kind)(flags % 3);
    if (flags & 4)
        opts.flags |= SALVAGE_FLAG_NO_NFC;
    if (flags & 8) /* long combining runs around the cap */
        opts.max_combining = fz_pick_limit(seed, opts.max_combining);

    check_public(&in, &opts);
    check_encoding_api(&in);
    check_decoder(&in, opts.encoding, seed, chunking);
    return 0;
}
