/*
 * placeholder/serialize.c — HTML and tree-dump output while parser/serialize.c is not part of
 * the tree. Built only when parser/serialize.c does not exist (see CMakeLists.txt).
 */
#include "internal.h"

salvage_status salvage_write_html(const salvage_doc *doc, salvage_write_fn fn, void *ctx)
{
    (void)doc;
    (void)fn;
    (void)ctx;
    return SALVAGE_INVALID_ARG;
}

salvage_status salvage_write_tree(const salvage_doc *doc, salvage_write_fn fn, void *ctx)
{
    (void)doc;
    (void)fn;
    (void)ctx;
    return SALVAGE_INVALID_ARG;
}
