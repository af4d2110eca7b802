/*
 * diag.c — diagnostics, limits, and the decoded offset -> line/column map.
 */
#include "internal.h"

#include <stdio.h>

static void diag_v(salvage_doc *doc, salvage_severity sev, const char *code, size_t dec_off,
                   const char *fmt, va_list ap) SV_PRINTF(5, 0);

/* Copies msg[0..len) into out (room bytes with the NUL) as one line of valid UTF-8, because
 * messages carry text from the input and the options (tag names, encoding labels): a byte
 * that starts no well-formed sequence, and a line break, become U+FFFD. When vsnprintf cut
 * the message (cut), the sequence
 * it split is left out instead; what does not fit in room is left out at a character
 * boundary. Returns the length written. */
static size_t clean_message(const char *msg, size_t len, bool cut, char *out, size_t room)
{
    const unsigned char *s = (const unsigned char *)msg;
    if (cut) {
        size_t i = len;
        while (i > 0 && len - i < 3 && (s[i - 1] & 0xC0) == 0x80)
            i--;
        if (i > 0 && s[i - 1] >= 0xC2 && sv_utf8_valid_len(s + i - 1, len - i + 1) == 0)
            len = i - 1;
    }
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t k = s[i] == '\n' || s[i] == '\r' ? 0 : sv_utf8_valid_len(s + i, len - i);
        size_t w = k ? k : 3;
        if (o + w >= room)
            break;
        memcpy(out + o, k ? msg + i : "\xEF\xBF\xBD", w);
        o += w;
        i += k ? k : 1;
    }
    out[o] = 0;
    return o;
}

static void diag_v(salvage_doc *doc, salvage_severity sev, const char *code, size_t dec_off,
                   const char *fmt, va_list ap)
{
    /* Counting past the cap keeps memory bounded whatever the input (e.g. 10 MB of invalid
     * bytes would otherwise mean 10 million records). */
    if (doc->diags.len >= doc->opts.max_diagnostics) {
        doc->diags_dropped++;
        return;
    }
    char raw[512], msg[512];
    int n = vsnprintf(raw, sizeof raw, fmt, ap);
    if (n < 0)
        n = 0;
    size_t len = (size_t)n < sizeof raw ? (size_t)n : sizeof raw - 1;
    len = clean_message(raw, len, (size_t)n >= sizeof raw, msg, sizeof msg);
    salvage_diagnostic *d = sv_vec_push(&doc->diags);
    char *m = sv_arena_strndup(&doc->arena, msg, len);
    if (!d || !m) {
        if (d)
            doc->diags.len--;
        doc->oom = true;
        return;
    }
    d->code = code;
    d->severity = sev;
    d->offset = dec_off; /* decoded until finalisation */
    d->message = m;
}

void sv_diag_record(salvage_doc *doc, salvage_severity sev, const char *code, size_t dec_off,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_v(doc, sev, code, dec_off, fmt, ap);
    va_end(ap);
}

void sv_limit(salvage_doc *doc, const char *code, size_t dec_off, const char *fmt, ...)
{
    doc->status = SALVAGE_LIMIT;
    va_list ap;
    va_start(ap, fmt);
    diag_v(doc, SALVAGE_SEVERITY_ERROR, code, dec_off, fmt, ap);
    va_end(ap);
}

static int build_line_index(salvage_doc *doc)
{
    if (doc->line_starts.len)
        return 0;
    size_t *first = sv_vec_push(&doc->line_starts);
    if (!first)
        return -1;
    *first = 0;
    const char *t = doc->text.data;
    size_t n = doc->text.len;
    for (const char *p = t; p && (p = memchr(p, '\n', n - (size_t)(p - t))) != NULL; p++) {
        size_t *s = sv_vec_push(&doc->line_starts);
        if (!s)
            return -1;
        *s = (size_t)(p - t) + 1;
    }
    return 0;
}

void sv_doc_line_col(salvage_doc *doc, size_t dec_off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    if (build_line_index(doc) != 0) {
        doc->oom = true;
        return;
    }
    if (dec_off > doc->text.len)
        dec_off = doc->text.len;
    const size_t *starts = doc->line_starts.data;
    size_t lo = 0, hi = doc->line_starts.len;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= dec_off)
            lo = mid;
        else
            hi = mid;
    }
    *line = lo + 1;
    size_t c = 1;
    const unsigned char *t = (const unsigned char *)doc->text.data;
    for (size_t i = starts[lo]; i < dec_off; i++)
        c += (t[i] & 0xC0) != 0x80;
    *col = c;
}
