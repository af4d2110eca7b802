/*
 * tags.c — tag name <-> id (see tags.h).
 */
#include "tags.h"

#include <string.h>

static const char *const tag_names[SV_TAG_COUNT] = {
    "",
#define SV_TAG_NAME(id, name) name,
    SV_TAG_LIST(SV_TAG_NAME)
#undef SV_TAG_NAME
};

const char *sv_tag_name(sv_tag tag)
{
    return (unsigned)tag < SV_TAG_COUNT ? tag_names[tag] : "";
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Compares s[0..len) (any case) with the lower-case NUL-terminated name. */
static int cmp_name(const char *s, size_t len, const char *name)
{
    size_t i = 0;
    for (; i < len && name[i]; i++) {
        unsigned char a = lower((unsigned char)s[i]), b = (unsigned char)name[i];
        if (a != b)
            return a < b ? -1 : 1;
    }
    if (i < len)
        return 1;
    return name[i] ? -1 : 0;
}

sv_tag sv_tag_lookup(const char *s, size_t len)
{
    /* The longest name is "selectedcontent" (15 bytes). */
    if (len == 0 || len > 15)
        return SV_TAG_UNKNOWN;
    size_t lo = 1, hi = SV_TAG_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_name(s, len, tag_names[mid]);
        if (c == 0)
            return (sv_tag)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return SV_TAG_UNKNOWN;
}
