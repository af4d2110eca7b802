/*
 * text.h — the scraped-text path: input kind detection, debris recovery, structure rebuild.
 */
#ifndef SV_TEXT_H
#define SV_TEXT_H

#include "internal.h"

/* Decides between HTML and scraped text from the start of the decoded text. *reason receives
 * a static English explanation for the "input-kind" diagnostic. */
salvage_input_kind sv_detect_kind(const char *text, size_t len, const char **reason);

/* Builds doc->blocks (and noise, diagnostics) from doc->text. 0, or -1 on OOM. */
int sv_text_build(salvage_doc *doc);

#endif /* SV_TEXT_H */
