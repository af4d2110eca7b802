/*
 * input_cjk.h — the Encoding Standard's indexes for the multi-byte encodings, as generated
 * into encoding_cjk_tables.c by tools/gen_cjk.py.
 */
#ifndef SV_INPUT_CJK_H
#define SV_INPUT_CJK_H

#include <stddef.h>
#include <stdint.h>

/* An index: cp[pointer - first] for pointers first .. first + len - 1, 0 where the index has
 * no code point. plane2 (index Big5 only, else NULL) has a bit per entry, set when the code
 * point is 0x20000 + cp[...]. */
typedef struct sv_cjk_index {
    const uint16_t *cp;
    uint32_t first;
    uint32_t len;
    const uint8_t *plane2;
} sv_cjk_index;

extern const sv_cjk_index sv_cjk_gb18030, sv_cjk_euc_kr, sv_cjk_jis0208, sv_cjk_jis0212,
    sv_cjk_big5;

/* index gb18030 ranges below U+10000: sorted pointers and the code point of each. */
extern const uint16_t *const sv_cjk_gb18030_range_pointer;
extern const uint16_t *const sv_cjk_gb18030_range_cp;
extern const size_t sv_cjk_gb18030_range_count;

/* The index code point for pointer, or 0 (null). */
static inline uint32_t sv_cjk_code_point(const sv_cjk_index *ix, uint32_t pointer)
{
    uint32_t i = pointer - ix->first; /* wraps for pointers below first */
    if (i >= ix->len)
        return 0;
    uint32_t cp = ix->cp[i];
    if (ix->plane2 && (ix->plane2[i >> 3] >> (i & 7) & 1))
        cp += 0x20000;
    return cp;
}

#endif /* SV_INPUT_CJK_H */
