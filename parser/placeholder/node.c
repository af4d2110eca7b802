/*
 * placeholder/node.c — the public node API while parser/node.c is not part of the tree: there
 * are no nodes. Built only when parser/node.c does not exist (see CMakeLists.txt).
 */
#include "internal.h"

const salvage_node *salvage_doc_root(const salvage_doc *doc) { (void)doc; return NULL; }
salvage_quirks_mode salvage_doc_quirks_mode(const salvage_doc *doc)
{
    (void)doc;
    return SALVAGE_NO_QUIRKS;
}
salvage_node_type salvage_node_get_type(const salvage_node *n) { (void)n; return SALVAGE_NODE_DOCUMENT; }
const char *salvage_node_name(const salvage_node *n) { (void)n; return NULL; }
salvage_namespace salvage_node_namespace(const salvage_node *n) { (void)n; return SALVAGE_NS_NONE; }
const char *salvage_node_text(const salvage_node *n, size_t *len)
{
    (void)n;
    if (len)
        *len = 0;
    return NULL;
}
const char *salvage_node_doctype_system(const salvage_node *n) { (void)n; return NULL; }
size_t salvage_node_attribute_count(const salvage_node *n) { (void)n; return 0; }
const salvage_attribute *salvage_node_attribute(const salvage_node *n, size_t i)
{
    (void)n;
    (void)i;
    return NULL;
}
const char *salvage_node_get_attribute(const salvage_node *n, const char *name)
{
    (void)n;
    (void)name;
    return NULL;
}
const salvage_node *salvage_node_parent(const salvage_node *n) { (void)n; return NULL; }
const salvage_node *salvage_node_first_child(const salvage_node *n) { (void)n; return NULL; }
const salvage_node *salvage_node_last_child(const salvage_node *n) { (void)n; return NULL; }
const salvage_node *salvage_node_next_sibling(const salvage_node *n) { (void)n; return NULL; }
const salvage_node *salvage_node_prev_sibling(const salvage_node *n) { (void)n; return NULL; }
const salvage_node *salvage_node_template_contents(const salvage_node *n) { (void)n; return NULL; }
size_t salvage_node_offset(const salvage_node *n) { (void)n; return 0; }
int salvage_node_is_implied(const salvage_node *n) { (void)n; return 0; }
const salvage_node *salvage_walk_next(const salvage_node *root, const salvage_node *node,
                                      int *entering)
{
    (void)root;
    (void)node;
    if (entering)
        *entering = 0;
    return NULL;
}
