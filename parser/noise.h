/*
 * noise.h — detection and removal of mixed-script noise, Zalgo stacks, mojibake, invisible
 * and bidirectional controls, C0/C1 controls, private-use/unassigned code points and runs of
 * U+FFFD.
 */
#ifndef SV_NOISE_H
#define SV_NOISE_H

#include "internal.h"

/* Cleans one line of text, doc->text[dec_off .. dec_off + len) (no '\n' inside): appends the
 * cleaned text to out and records noise entries (sv_doc_add_noise) with their decoded
 * offsets. Returns 1 when the whole line is noise (nothing appended), 0 otherwise, -1 on
 * OOM. */
int sv_noise_clean_line(salvage_doc *doc, size_t dec_off, size_t len, sv_buf *out);

#endif /* SV_NOISE_H */
