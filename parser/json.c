/*
 * json.c — canonical JSON output, schema 1.
 *
 * Canonical: keys in a fixed order, one record (block, noise entry, repair, diagnostic) per
 * line, no floating point, so that output is byte-for-byte deterministic and line diffs of two
 * outputs are readable. Schema versions only ever add keys.
 */
#include "output.h"

static const char *const block_types[] = {"heading", "paragraph",    "list",
                                          "table",   "quote",        "preformatted"};
static const char *const span_kinds[] = {"emphasis", "strong", "link", "code"};

static void key(sv_out *o, const char *k)
{
    sv_out_write(o, "\"", 1);
    sv_out_str(o, k);
    sv_out_write(o, "\":", 2);
}

static void key_size(sv_out *o, const char *k, size_t v)
{
    key(o, k);
    sv_out_size(o, v);
}

static void key_str(sv_out *o, const char *k, const char *s)
{
    key(o, k);
    sv_out_json_string(o, s ? s : "", s ? strlen(s) : 0);
}

static void write_text(sv_out *o, const salvage_text *t)
{
    key(o, "text");
    sv_out_json_string(o, t->text ? t->text : "", t->len);
    if (!t->span_count)
        return;
    sv_out_str(o, ",\"spans\":[");
    for (size_t i = 0; i < t->span_count; i++) {
        const salvage_span *sp = &t->spans[i];
        sv_out_str(o, i ? ",{" : "{");
        key_str(o, "kind", span_kinds[sp->kind]);
        sv_out_write(o, ",", 1);
        key_size(o, "start", sp->start);
        sv_out_write(o, ",", 1);
        key_size(o, "end", sp->end);
        if (sp->href) {
            sv_out_write(o, ",", 1);
            key_str(o, "href", sp->href);
        }
        sv_out_write(o, "}", 1);
    }
    sv_out_write(o, "]", 1);
}

static void write_block(sv_out *o, const salvage_block *b)
{
    sv_out_write(o, "{", 1);
    key_str(o, "type", block_types[b->type]);
    sv_out_write(o, ",", 1);
    switch (b->type) {
    case SALVAGE_BLOCK_HEADING:
        key_size(o, "level", (size_t)b->level);
        sv_out_write(o, ",", 1);
        write_text(o, &b->content);
        break;
    case SALVAGE_BLOCK_LIST:
        key(o, "ordered");
        sv_out_str(o, b->ordered ? "true" : "false");
        if (b->ordered && b->list_start != 1) { /* only then: lists from 1 keep their JSON */
            sv_out_write(o, ",", 1);
            key(o, "list_start");
            sv_out_long(o, b->list_start);
        }
        sv_out_str(o, ",\"items\":[");
        for (size_t i = 0; i < b->item_count; i++) {
            sv_out_str(o, i ? ",{" : "{");
            write_text(o, &b->items[i].content);
            sv_out_write(o, ",", 1);
            key_size(o, "level", (size_t)b->items[i].level);
            sv_out_write(o, "}", 1);
        }
        sv_out_write(o, "]", 1);
        break;
    case SALVAGE_BLOCK_TABLE:
        sv_out_str(o, "\"rows\":[");
        for (size_t r = 0; r < b->row_count; r++) {
            const salvage_row *row = &b->rows[r];
            sv_out_str(o, r ? ",{\"cells\":[" : "{\"cells\":[");
            for (size_t c = 0; c < row->cell_count; c++) {
                sv_out_str(o, c ? ",{" : "{");
                write_text(o, &row->cells[c].content);
                sv_out_str(o, row->cells[c].header ? ",\"header\":true" : ",\"header\":false");
                /* Only when set, so tables without spans keep their JSON unchanged. */
                sv_out_str(o, row->cells[c].span_copy ? ",\"span_copy\":true}" : "}");
            }
            sv_out_str(o, "]}");
        }
        sv_out_write(o, "]", 1);
        break;
    default:
        write_text(o, &b->content);
    }
    sv_out_write(o, ",", 1);
    key_size(o, "start", b->start);
    sv_out_write(o, ",", 1);
    key_size(o, "end", b->end);
    sv_out_write(o, ",", 1);
    key_size(o, "line", b->line);
    sv_out_write(o, "}", 1);
}

static void write_noise(sv_out *o, const salvage_noise *n)
{
    sv_out_write(o, "{", 1);
    key_str(o, "class", n->noise_class);
    sv_out_write(o, ",", 1);
    key_size(o, "start", n->start);
    sv_out_write(o, ",", 1);
    key_size(o, "end", n->end);
    sv_out_write(o, ",", 1);
    key_size(o, "line", n->line);
    sv_out_write(o, ",", 1);
    key(o, "text");
    sv_out_json_string(o, n->text, n->text_len);
    sv_out_write(o, "}", 1);
}

static void write_diag(sv_out *o, const salvage_diagnostic *d)
{
    sv_out_write(o, "{", 1);
    key_str(o, "code", d->code);
    sv_out_write(o, ",", 1);
    key_str(o, "severity", salvage_severity_string(d->severity));
    sv_out_write(o, ",", 1);
    key_size(o, "start", d->offset);
    sv_out_write(o, ",", 1);
    key_size(o, "line", d->line);
    sv_out_write(o, ",", 1);
    key_size(o, "column", d->column);
    sv_out_write(o, ",", 1);
    key_str(o, "message", d->message);
    sv_out_write(o, "}", 1);
}

typedef void (*record_fn)(sv_out *o, const void *item);

static void write_array(sv_out *o, const char *name, const sv_vec *v, record_fn fn, bool last)
{
    sv_out_str(o, "  \"");
    sv_out_str(o, name);
    sv_out_str(o, v->len ? "\": [\n" : "\": []");
    for (size_t i = 0; i < v->len; i++) {
        sv_out_str(o, "    ");
        fn(o, sv_vec_at(v, i));
        sv_out_str(o, i + 1 < v->len ? ",\n" : "\n");
    }
    if (v->len)
        sv_out_str(o, "  ]");
    sv_out_str(o, last ? "\n" : ",\n");
}

static void rec_block(sv_out *o, const void *p) { write_block(o, p); }
static void rec_noise(sv_out *o, const void *p) { write_noise(o, p); }
static void rec_diag(sv_out *o, const void *p) { write_diag(o, p); }

salvage_status salvage_write_json(const salvage_doc *doc, salvage_write_fn fn, void *ctx)
{
    if (!doc || !fn)
        return SALVAGE_INVALID_ARG;
    sv_out o;
    sv_out_init(&o, fn, ctx);
    sv_out_str(&o, "{\n  \"salvage\": ");
    sv_out_size(&o, SALVAGE_JSON_SCHEMA);
    sv_out_str(&o, ",\n  \"input\": {");
    key_size(&o, "bytes", doc->input_bytes);
    sv_out_write(&o, ",", 1);
    /* Encoding labels are case-insensitive; the lower-case form is written. */
    char enc[64];
    size_t el = 0;
    for (const char *e = doc->encoding ? doc->encoding : "utf-8"; *e && el < sizeof enc - 1; e++)
        enc[el++] = (*e >= 'A' && *e <= 'Z') ? (char)(*e + 32) : *e;
    enc[el] = 0;
    key_str(&o, "encoding", enc);
    sv_out_write(&o, ",", 1);
    key_str(&o, "encoding_source", doc->encoding_source);
    sv_out_write(&o, ",", 1);
    key_str(&o, "kind", doc->kind == SALVAGE_INPUT_HTML ? "html" : "text");
    sv_out_write(&o, ",", 1);
    key_str(&o, "status", doc->status == SALVAGE_OK ? "ok" : "limit");
    sv_out_str(&o, "},\n");
    write_array(&o, "blocks", &doc->blocks, rec_block, false);
    write_array(&o, "noise", &doc->noise, rec_noise, false);
    write_array(&o, "repairs", &doc->repairs, rec_noise, false);
    write_array(&o, "diagnostics", &doc->diags, rec_diag, false);
    sv_out_str(&o, "  \"diagnostics_dropped\": ");
    sv_out_size(&o, doc->diags_dropped);
    sv_out_str(&o, "\n}\n");
    return sv_out_finish(&o);
}
