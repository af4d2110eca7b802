/*
 * node.c — the public tree API (salvage_node_*, salvage_walk_next) over sv_node.
 */
#include "tree.h"

static const sv_node *N(const salvage_node *n) { return (const sv_node *)(const void *)n; }
static const salvage_node *P(const sv_node *n) { return (const salvage_node *)(const void *)n; }

const salvage_node *salvage_doc_root(const salvage_doc *doc)
{
    return doc && doc->kind == SALVAGE_INPUT_HTML ? P(doc->root) : NULL;
}

salvage_quirks_mode salvage_doc_quirks_mode(const salvage_doc *doc)
{
    return doc ? doc->quirks : SALVAGE_NO_QUIRKS;
}

salvage_node_type salvage_node_get_type(const salvage_node *node)
{
    return node ? (salvage_node_type)N(node)->type : SALVAGE_NODE_DOCUMENT;
}

const char *sv_node_name(const sv_node *n)
{
    if (n->type == SALVAGE_NODE_ELEMENT)
        return (n->flags & SV_NODE_NAMED) ? n->extra->name : sv_tag_name((sv_tag)n->tag);
    return n->type == SALVAGE_NODE_DOCTYPE && n->ids ? n->ids->name : NULL;
}

const char *salvage_node_name(const salvage_node *node)
{
    if (!node)
        return NULL;
    const sv_node *n = N(node);
    return sv_node_name(n);
}

salvage_namespace salvage_node_namespace(const salvage_node *node)
{
    return node ? (salvage_namespace)N(node)->ns : SALVAGE_NS_NONE;
}

const char *salvage_node_text(const salvage_node *node, size_t *len)
{
    const sv_node *n = node ? N(node) : NULL;
    const char *t = NULL;
    size_t tl = 0;
    if (n && (n->type == SALVAGE_NODE_TEXT || n->type == SALVAGE_NODE_COMMENT)) {
        t = n->text ? n->text : "";
        tl = n->text ? n->text_len : 0;
    } else if (n && n->type == SALVAGE_NODE_DOCTYPE && n->ids && n->ids->public_id) {
        t = n->ids->public_id;
        tl = n->ids->public_len;
    }
    if (len)
        *len = tl;
    return t;
}

const char *salvage_node_doctype_system(const salvage_node *node)
{
    const sv_node *n = node ? N(node) : NULL;
    return n && n->type == SALVAGE_NODE_DOCTYPE && n->ids ? n->ids->system_id : NULL;
}

size_t salvage_node_attribute_count(const salvage_node *node)
{
    return node && N(node)->type == SALVAGE_NODE_ELEMENT ? N(node)->attr_count : 0;
}

const salvage_attribute *salvage_node_attribute(const salvage_node *node, size_t i)
{
    return i < salvage_node_attribute_count(node) ? &sv_node_attrs(N(node))[i] : NULL;
}

const char *salvage_attribute_prefix(const salvage_attribute *attr)
{
    if (!attr)
        return NULL;
    switch (attr->ns) {
    case SALVAGE_NS_XLINK: return "xlink";
    case SALVAGE_NS_XML: return "xml";
    case SALVAGE_NS_XMLNS: /* xmlns:xlink; the attribute xmlns has none */
        return attr->name_len == 5 && memcmp(attr->name, "xmlns", 5) == 0 ? NULL : "xmlns";
    default: return NULL;
    }
}

const char *salvage_node_get_attribute(const salvage_node *node, const char *name)
{
    if (!node || !name)
        return NULL;
    size_t count = salvage_node_attribute_count(node);
    const salvage_attribute *a = count ? sv_node_attrs(N(node)) : NULL;
    for (size_t i = 0; i < count; i++)
        if (a[i].ns == SALVAGE_NS_NONE && strcmp(a[i].name, name) == 0)
            return a[i].value;
    return NULL;
}

const salvage_node *salvage_node_parent(const salvage_node *node)
{
    return node ? P(N(node)->parent) : NULL;
}

const salvage_node *salvage_node_first_child(const salvage_node *node)
{
    return node ? P(N(node)->first) : NULL;
}

const salvage_node *salvage_node_last_child(const salvage_node *node)
{
    return node ? P(sv_node_last(N(node))) : NULL;
}

const salvage_node *salvage_node_next_sibling(const salvage_node *node)
{
    return node ? P(N(node)->next) : NULL;
}

const salvage_node *salvage_node_prev_sibling(const salvage_node *node)
{
    return node ? P(sv_node_prev(N(node))) : NULL;
}

const salvage_node *salvage_node_template_contents(const salvage_node *node)
{
    return node ? P(sv_node_contents(N(node))) : NULL;
}

size_t salvage_node_offset(const salvage_node *node)
{
    /* implied nodes report 0 (their offset is where the standard implied them) */
    return node && !(N(node)->flags & SV_NODE_IMPLIED) ? N(node)->offset : 0;
}

int salvage_node_is_implied(const salvage_node *node)
{
    return node && (N(node)->flags & SV_NODE_IMPLIED) ? 1 : 0;
}

static const sv_node *first_child_of(const sv_node *n, bool contents)
{
    if (contents && sv_node_contents(n))
        return sv_node_contents(n);
    return n->first;
}

const sv_node *sv_node_walk(const sv_node *root, const sv_node *n, int *entering,
                            bool contents)
{
    if (!root)
        return NULL;
    if (!n) {
        *entering = 1;
        return root;
    }
    if (*entering) {
        const sv_node *c = first_child_of(n, contents);
        if (c) {
            *entering = 1;
            return c;
        }
    }
    /* n is finished: its next sibling, else leave its parent */
    if (n == root)
        return NULL;
    if (n->next && !(n->parent && sv_node_contents(n->parent) == n)) {
        *entering = 1;
        return n->next;
    }
    *entering = 0;
    return n->parent;
}

const salvage_node *salvage_walk_next(const salvage_node *root, const salvage_node *node,
                                      int *entering)
{
    int dummy = 0;
    if (!entering)
        entering = &dummy;
    return P(sv_node_walk(N(root), N(node), entering, false));
}
