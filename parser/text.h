/*
 * text.h — the scraped-text path: input kind detection, debris recovery, structure rebuild.
 */
#ifndef SV_TEXT_H
#define SV_TEXT_H

#include "internal.h"

/* Decides between HTML and scraped text from the start of the decoded text. *reason receives
 * a static English explanation for the "input-kind" diagnostic. */
salvage_input_kind sv_detect_kind(const char *text, size_t len, const char **reason);

/* A character reference at s[0..n) (s[0] == '&'), as the article text of scraped text
 * decodes it: "&name;" of the HTML Standard's table with its ';', "&#N;" or "&#xH;" (with the
 * numeric character reference end state's replacements). Writes its UTF-8 (at most 8 bytes)
 * to out and *out_len and returns its length in s, or returns 0 when none starts there. */
size_t sv_text_charref(const char *s, size_t n, char *out, size_t *out_len);

/* Builds doc->blocks (and noise, diagnostics) from doc->text. 0, or -1 on OOM. */
int sv_text_build(salvage_doc *doc);

#endif /* SV_TEXT_H */
