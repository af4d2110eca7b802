/*
 * tree.h — tree construction (HTML Standard 13.2.6) and the node structure behind the public
 * salvage_node API.
 */
#ifndef SV_TREE_H
#define SV_TREE_H

#include "internal.h"

/* Node flags */
#define SV_NODE_IMPLIED 0x01u    /* created without a token of its own (html, head, body, ...) */
#define SV_NODE_HTML_IP 0x02u    /* MathML annotation-xml that is an HTML integration point */
#define SV_NODE_SELECTED 0x04u   /* select: an option has been selected (selectedcontent) */
#define SV_NODE_SELECTED_ATTR 0x08u /* select: the selected option had a selected attribute */

/* Index of an element that is not on the stack of open elements. */
#define SV_NOT_OPEN UINT32_MAX

/*
 * A node of the tree. Every node lives in the document arena. The public salvage_node is this
 * structure (node.c converts the pointers). Children form a doubly linked list.
 */
typedef struct sv_node {
    struct sv_node *parent, *first, *last, *next, *prev;
    const char *name;  /* element local name (adjusted case for SVG), doctype name; else NULL */
    char *text;        /* text and comment data, doctype public id (NULL when missing) */
    size_t text_len;
    size_t text_cap;   /* bytes allocated for text (text nodes grow as characters arrive) */
    const char *system_id;        /* doctype system id (NULL when missing) */
    salvage_attribute *attrs;
    size_t attr_count;
    struct sv_node *contents;     /* template contents (a FRAGMENT node whose parent is the
                                     template) */
    struct sv_node *selectedcontent; /* select: its first selectedcontent descendant */
    size_t dec_offset;  /* decoded offset of the token that created the node */
    size_t orig_offset; /* the same as an original byte offset (set by sv_tree_finish) */
    uint32_t stack_index; /* position on the stack of open elements, or SV_NOT_OPEN */
    uint16_t tag;       /* sv_tag of the (lower-cased) local name */
    uint8_t type;       /* salvage_node_type */
    uint8_t ns;         /* salvage_namespace */
    uint8_t flags;      /* SV_NODE_* */
} sv_node;

typedef struct sv_treebuilder sv_treebuilder;

/* A tree builder for doc, configured from doc->opts (fragment_context, SALVAGE_FLAG_SCRIPTING,
 * max_depth, max_nodes, ...). NULL on OOM. */
sv_treebuilder *sv_tree_new(salvage_doc *doc);
/* Feeds decoded UTF-8 (a slice of doc->text, in order). 0, or -1 on OOM. */
int sv_tree_feed(sv_treebuilder *tb, const char *s, size_t len);
/* Ends the input; sets doc->root and doc->quirks. 0, or -1 on OOM. */
int sv_tree_finish(sv_treebuilder *tb);

/* Work done so far, in elementary steps (stack and list entries visited, nodes created or
 * moved). Tests use it to check that hostile input costs work linear in its size. */
size_t sv_tree_work(const sv_treebuilder *tb);

/* Pre/post-order walk of the subtree under root (see salvage_walk_next). contents: a
 * template's contents are visited as its only child. No recursion. */
const sv_node *sv_node_walk(const sv_node *root, const sv_node *n, int *entering,
                            bool contents);

#endif /* SV_TREE_H */
