/*
 * placeholder/noise.c — copies every line unchanged while parser/noise.c is not part of the
 * tree. Built only when parser/noise.c does not exist (see CMakeLists.txt).
 */
#include "noise.h"
int sv_noise_clean_line(salvage_doc *doc, size_t dec_off, size_t len, sv_buf *out)
{
    if (sv_buf_append(out, doc->text.data + dec_off, len) != 0) {
        doc->oom = true;
        return -1;
    }
    return 0;
}
