/*
 * output.c — the buffered writer, clean text output and the diagnostics listing.
 */
#include "output.h"

#include <stdio.h>

void sv_out_init(sv_out *o, salvage_write_fn fn, void *ctx)
{
    o->fn = fn;
    o->ctx = ctx;
    o->failed = false;
    o->len = 0;
}

static void out_flush(sv_out *o)
{
    if (o->len && !o->failed && o->fn(o->ctx, o->buf, o->len) != 0)
        o->failed = true;
    o->len = 0;
}

void sv_out_write(sv_out *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (n > sizeof o->buf - o->len) {
        out_flush(o);
        if (n > sizeof o->buf) {
            if (!o->failed && o->fn(o->ctx, s, n) != 0)
                o->failed = true;
            return;
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

void sv_out_str(sv_out *o, const char *s) { sv_out_write(o, s, strlen(s)); }

void sv_out_size(sv_out *o, size_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%zu", v);
    sv_out_write(o, tmp, (size_t)n);
}

void sv_out_long(sv_out *o, long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%ld", v);
    sv_out_write(o, tmp, (size_t)n);
}

/* Characters written as \u escapes although JSON allows them raw: U+2028/2029 break
 * JavaScript string literals, and invisible or bidirectional controls in a report about
 * removed noise would otherwise re-create the Trojan-source effect they were removed for. */
static bool escaped_invisible(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

void sv_out_json_string(sv_out *o, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    sv_out_write(o, "\"", 1);
    size_t run = 0, i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        size_t len = c >= 0x80 ? sv_utf8_valid_len(s + i, n - i) : 0;
        uint32_t cp = len == 3 ? ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) |
                                     (uint32_t)(s[i + 2] & 0x3F)
                               : 0;
        if (len && !escaped_invisible(cp)) {
            i += len;
            continue;
        }
        sv_out_write(o, str + run, i - run);
        char esc[8];
        if (len) {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
            sv_out_str(o, esc);
            i += 3;
        } else if (c >= 0x80) {
            sv_out_str(o, "\xEF\xBF\xBD");
            i++;
        } else {
            switch (c) {
            case '"': sv_out_str(o, "\\\""); break;
            case '\\': sv_out_str(o, "\\\\"); break;
            case '\n': sv_out_str(o, "\\n"); break;
            case '\t': sv_out_str(o, "\\t"); break;
            case '\r': sv_out_str(o, "\\r"); break;
            default:
                snprintf(esc, sizeof esc, "\\u%04x", c);
                sv_out_str(o, esc);
            }
            i++;
        }
        run = i;
    }
    sv_out_write(o, str + run, n - run);
    sv_out_write(o, "\"", 1);
}

salvage_status sv_out_finish(sv_out *o)
{
    out_flush(o);
    return o->failed ? SALVAGE_IO : SALVAGE_OK;
}

/* ---- clean text ------------------------------------------------------------------------- */

static void text_line(sv_out *o, const salvage_text *t)
{
    sv_out_write(o, t->text, t->len);
    sv_out_write(o, "\n", 1);
}

/* Whether every top-level item of an ordered list begins with its own number, as a word
 * ("1 ...", "2. ...", "3"): pages that also print the rank inside each item of an <ol>.
 * That number is then the item's marker, and the writer prints no second one before it
 * ("1. 1 ..."); the text keeps it, as the JSON does, for the number may be all the item
 * says (a pager). */
static bool numbered_in_text(const salvage_block *b)
{
    long long want = b->list_start;
    bool any = false;
    for (size_t k = 0; k < b->item_count; k++) {
        const salvage_text *t = &b->items[k].content;
        char num[32];
        if (b->items[k].level)
            continue;
        int n = snprintf(num, sizeof num, "%lld", want++);
        if (n <= 0 || t->len < (size_t)n || memcmp(t->text, num, (size_t)n) != 0)
            return false;
        if (t->len > (size_t)n && !memchr(" \t.):", t->text[n], 5))
            return false; /* "12kg" or "15" are no "1" */
        any = true;
    }
    return any;
}

static void write_list(sv_out *o, const salvage_block *b)
{
    /* an ordered list's top-level items are numbered from its start: the number is the
     * marker, never printed after a bullet */
    bool numbered = b->ordered && !numbered_in_text(b);
    long long number = b->list_start;
    for (size_t k = 0; k < b->item_count; k++) {
        for (int l = 0; l < b->items[k].level; l++)
            sv_out_write(o, "  ", 2);
        if (b->items[k].level > 0 || !b->ordered) {
            sv_out_write(o, "- ", 2);
        } else if (numbered) {
            char num[32];
            int n = snprintf(num, sizeof num, "%lld. ", number++);
            sv_out_write(o, num, (size_t)n);
        }
        text_line(o, &b->items[k].content);
    }
}

salvage_status salvage_write_text(const salvage_doc *doc, salvage_write_fn fn, void *ctx)
{
    if (!doc || !fn)
        return SALVAGE_INVALID_ARG;
    sv_out o;
    sv_out_init(&o, fn, ctx);
    for (size_t i = 0; i < doc->blocks.len; i++) {
        const salvage_block *b = sv_vec_at(&doc->blocks, i);
        if (i)
            sv_out_write(&o, "\n", 1);
        switch (b->type) {
        case SALVAGE_BLOCK_LIST:
            write_list(&o, b);
            break;
        case SALVAGE_BLOCK_TABLE:
            for (size_t r = 0; r < b->row_count; r++) {
                const salvage_row *row = &b->rows[r];
                for (size_t c = 0; c < row->cell_count; c++) {
                    if (c)
                        sv_out_write(&o, "\t", 1);
                    /* A colspan/rowspan copy repeats its cell's text: print that once. */
                    if (!row->cells[c].span_copy)
                        sv_out_write(&o, row->cells[c].content.text, row->cells[c].content.len);
                }
                sv_out_write(&o, "\n", 1);
            }
            break;
        default:
            text_line(&o, &b->content);
        }
    }
    return sv_out_finish(&o);
}

salvage_status salvage_write_diagnostics(const salvage_doc *doc, salvage_write_fn fn,
                                         void *ctx)
{
    if (!doc || !fn)
        return SALVAGE_INVALID_ARG;
    sv_out o;
    sv_out_init(&o, fn, ctx);
    for (size_t i = 0; i < doc->diags.len; i++) {
        const salvage_diagnostic *d = sv_vec_at(&doc->diags, i);
        sv_out_size(&o, d->line);
        sv_out_write(&o, ":", 1);
        sv_out_size(&o, d->column);
        sv_out_write(&o, ": ", 2);
        sv_out_str(&o, salvage_severity_string(d->severity));
        sv_out_write(&o, ": ", 2);
        sv_out_str(&o, d->code);
        sv_out_write(&o, ": ", 2);
        sv_out_str(&o, d->message);
        sv_out_write(&o, "\n", 1);
    }
    if (doc->diags_dropped) {
        sv_out_size(&o, doc->diags_dropped);
        sv_out_str(&o, " more diagnostics not kept (max_diagnostics)\n");
    }
    return sv_out_finish(&o);
}
