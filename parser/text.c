/*
 * text.c — the scraped-text path. This version splits the text into paragraphs at blank
 * lines, cleaning each line with the noise stage.
 */
#include "text.h"

#include "noise.h"

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

salvage_input_kind sv_detect_kind(const char *text, size_t len, const char **reason)
{
    /* Skip leading white space and a BOM; a document that starts with a doctype or an <html>
     * tag is HTML. */
    size_t i = 0;
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF)
        i = 3;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    static const char *const starts[] = {"<!doctype", "<html", "<head", "<body", "<!--"};
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
        size_t n = strlen(starts[k]);
        if (len - i >= n) {
            size_t j = 0;
            while (j < n && lower(text[i + j]) == starts[k][j])
                j++;
            if (j == n) {
                *reason = "it starts with a doctype or a document-level tag";
                return SALVAGE_INPUT_HTML;
            }
        }
    }
    *reason = "no document-level markup at its start";
    return SALVAGE_INPUT_TEXT;
}

static void flush_paragraph(salvage_doc *doc, sv_textb *tb, size_t start, size_t end)
{
    if (sv_textb_empty(tb))
        return;
    salvage_block *b = sv_doc_add_block(doc, SALVAGE_BLOCK_PARAGRAPH, start, end);
    if (b)
        sv_textb_finish(tb, &b->content);
    else
        sv_textb_init(tb, doc);
}

int sv_text_build(salvage_doc *doc)
{
    const char *t = doc->text.data ? doc->text.data : "";
    size_t n = doc->text.len;
    sv_textb tb;
    sv_textb_init(&tb, doc);
    sv_buf line;
    sv_buf_init(&line, &doc->arena);
    size_t para_start = 0, para_end = 0;
    for (size_t i = 0; i <= n && !doc->oom;) {
        const char *nl = i < n ? memchr(t + i, '\n', n - i) : NULL;
        size_t end = nl ? (size_t)(nl - t) : n;
        sv_buf_clear(&line);
        int r = sv_noise_clean_line(doc, i, end - i, &line);
        if (r < 0)
            return -1;
        bool blank = true;
        for (size_t k = 0; k < line.len; k++)
            if (line.data[k] != ' ' && line.data[k] != '\t')
                blank = false;
        if (r == 0 && !blank) {
            if (sv_textb_empty(&tb))
                para_start = i;
            sv_textb_append(&tb, line.data, line.len);
            sv_textb_space(&tb);
            para_end = end;
        } else if (r == 0) {
            flush_paragraph(doc, &tb, para_start, para_end);
        }
        if (!nl)
            break;
        i = end + 1;
    }
    flush_paragraph(doc, &tb, para_start, para_end);
    return doc->oom ? -1 : 0;
}
