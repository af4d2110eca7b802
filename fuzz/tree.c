/*
 * tree.c — fuzz target "tree": the full HTML parse (tokenizer, tree construction, article
 * extraction), as a document or as a fragment in one of many contexts, with scripting on or
 * off and small depth/node limits, followed by every writer.
 *
 * Input layout: [context][flags][depth][nodes] then the document.
 */
#include "harness.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_bytes in = {data, size};
    salvage_options opts;
    salvage_options_init(&opts);
    opts.input_kind = SALVAGE_INPUT_HTML;
    opts.fragment_context = fz_pick_fragment_context(fz_take_u8(&in));
    uint8_t flags = fz_take_u8(&in);
    uint8_t depth = fz_take_u8(&in);
    uint8_t nodes = fz_take_u8(&in);
    if (flags & 1)
        opts.flags |= SALVAGE_FLAG_SCRIPTING;
    if (flags & 2)
        opts.flags |= SALVAGE_FLAG_NO_ARTICLE;
    if (flags & 4)
        opts.flags |= SALVAGE_FLAG_NO_NFC;
    if (flags & 8) /* the depth cap, e.g. 511/512/513 nested elements around a limit of 512 */
        opts.max_depth = fz_pick_limit(depth, opts.max_depth);
    if (flags & 16) /* node amplification against a small node budget */
        opts.max_nodes = fz_pick_limit(nodes, opts.max_nodes);

    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(in.data, in.len, &opts, &doc);
    FZ_CHECK(st == SALVAGE_OK || st == SALVAGE_LIMIT);
    FZ_CHECK(doc != NULL);
    FZ_CHECK(salvage_doc_status(doc) == st);
    fz_check_doc(doc, in.len, &opts);
    fz_write_all(doc, 0);
    salvage_doc_free(doc);
    return 0;
}
