/*
 * text.c — fuzz target "text": the scraped-text path (debris recovery, structure rebuild,
 * noise detection) on any bytes, with NFC on or off and a chosen Zalgo cap.
 *
 * Input layout: [flags][max_combining][encoding] then the text.
 */
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_bytes in = {data, size};
    salvage_options opts;
    salvage_options_init(&opts);
    opts.input_kind = SALVAGE_INPUT_TEXT;
    uint8_t flags = fz_take_u8(&in);
    uint8_t combining = fz_take_u8(&in);
    uint8_t encoding = fz_take_u8(&in);
    if (flags & 1)
        opts.flags |= SALVAGE_FLAG_NO_NFC;
    if (flags & 2)
        opts.max_combining = fz_pick_limit(combining, opts.max_combining);
    if (flags & 4) /* mojibake and legacy encodings meet the noise detector */
        opts.encoding = fz_pick_encoding(encoding);

    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(in.data, in.len, &opts, &doc);
    FZ_CHECK(st == SALVAGE_OK || st == SALVAGE_LIMIT);
    FZ_CHECK(doc != NULL);
    FZ_CHECK(salvage_doc_input_kind(doc) == SALVAGE_INPUT_TEXT);
    fz_check_doc(doc, in.len, &opts);
    fz_write_all(doc, 0);
    salvage_doc_free(doc);
    return 0;
}
