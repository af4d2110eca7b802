/*
 * placeholder/tree.c — stands in for the tree construction stage while parser/tree.c is not
 * part of the tree: HTML input gets an empty document node. Built only when parser/tree.c
 * does not exist (see CMakeLists.txt).
 */
#include "tree.h"

struct sv_treebuilder {
    salvage_doc *doc;
};

sv_treebuilder *sv_tree_new(salvage_doc *doc)
{
    sv_treebuilder *tb = sv_arena_calloc(&doc->arena, 1, sizeof *tb);
    if (!tb)
        doc->oom = true;
    else
        tb->doc = doc;
    return tb;
}

int sv_tree_feed(sv_treebuilder *tb, const char *s, size_t len)
{
    (void)tb;
    (void)s;
    (void)len;
    return 0;
}

int sv_tree_finish(sv_treebuilder *tb)
{
    sv_diag(tb->doc, SALVAGE_SEVERITY_WARNING, "html-unsupported", 0,
            "this build has no HTML tree construction");
    return 0;
}
