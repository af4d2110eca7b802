/*
 * output.h — a buffered writer over salvage_write_fn, shared by the output formats.
 */
#ifndef SV_OUTPUT_H
#define SV_OUTPUT_H

#include "internal.h"

typedef struct sv_out {
    salvage_write_fn fn;
    void *ctx;
    bool failed;
    size_t len;
    char buf[16384];
} sv_out;

void sv_out_init(sv_out *o, salvage_write_fn fn, void *ctx);
void sv_out_write(sv_out *o, const char *s, size_t n);
void sv_out_str(sv_out *o, const char *s);
void sv_out_size(sv_out *o, size_t v);
void sv_out_long(sv_out *o, long v);
/* Writes s[0..n) as a JSON string with quotes: invalid UTF-8 becomes U+FFFD, controls,
 * U+2028 and U+2029 are escaped. */
void sv_out_json_string(sv_out *o, const char *s, size_t n);
/* Flushes; SALVAGE_OK or SALVAGE_IO. */
salvage_status sv_out_finish(sv_out *o);

#endif /* SV_OUTPUT_H */
