/*
 * stage.c — a bare document and tokenizer-ready input for the stage harnesses.
 */
#include "stage.h"
#include "harness.h"

#include <stdlib.h>

void fz_doc_init(salvage_doc *doc, const salvage_options *opts, size_t size_hint)
{
    memset(doc, 0, sizeof *doc);
    doc->opts = *opts;
    doc->alloc = opts->allocator;
    sv_allocator_resolve(&doc->alloc);
    sv_arena_init(&doc->arena, &doc->alloc, size_hint);
    doc->status = SALVAGE_OK;
    doc->kind = SALVAGE_INPUT_HTML;
    doc->encoding = "UTF-8";
    doc->encoding_source = "default";
    sv_buf_init(&doc->text, &doc->arena);
    sv_vec_init(&doc->offmap, &doc->arena, sizeof(sv_offseg));
    sv_vec_init(&doc->line_starts, &doc->arena, sizeof(size_t));
    sv_vec_init(&doc->diags, &doc->arena, sizeof(salvage_diagnostic));
    sv_vec_init(&doc->blocks, &doc->arena, sizeof(salvage_block));
    sv_vec_init(&doc->noise, &doc->arena, sizeof(salvage_noise));
}

void fz_doc_release(salvage_doc *doc)
{
    sv_arena_free_all(&doc->arena);
}

char *fz_preprocess(const uint8_t *data, size_t len, int allow_surrogates, size_t *out_len)
{
    /* Each input byte becomes at most three output bytes (U+FFFD). */
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < len) {
        if (data[i] == '\r') {
            out[o++] = '\n';
            i += (i + 1 < len && data[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        size_t n = fz_utf8_seq(data + i, len - i, allow_surrogates);
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            continue;
        }
        memcpy(out + o, data + i, n);
        o += n;
        i += n;
    }
    out[o] = 0;
    *out_len = o;
    return out;
}
