/*
 * tree.h — tree construction (HTML Standard 13.2.6) and the node structure behind the public
 * salvage_node API.
 */
#ifndef SV_TREE_H
#define SV_TREE_H

#include "internal.h"
#include "tags.h"

/* Node flags */
#define SV_NODE_IMPLIED 0x01u    /* created without a token of its own (html, head, body, ...) */
#define SV_NODE_HTML_IP 0x02u    /* MathML annotation-xml that is an HTML integration point */
#define SV_NODE_SELECTED 0x04u   /* select: an option has been selected (selectedcontent) */
#define SV_NODE_SELECTED_ATTR 0x08u /* select: the selected option had a selected attribute */
#define SV_NODE_NAMED 0x10u      /* element whose name is stored (extra->name), not
                                    sv_tag_name */
#define SV_NODE_TEMPLATE 0x20u   /* HTML template: extra->contents holds its contents */
#define SV_NODE_SHARED 0x40u     /* TEXT: the data is shared with other nodes (never changed in
                                    place) */
#define SV_NODE_EXTRA 0x80u      /* ELEMENT: the node points to an sv_node_extra */
#define SV_NODE_ROOMY 0x80u      /* TEXT: the data has room beyond its NUL, its capacity in
                                    front of it (sv_node_text_cap) */

/* Index of an element that is not on the stack of open elements. The stack index is 16-bit:
 * the tree builder clamps max_depth to SV_TB_MAX_DEPTH. */
#define SV_NOT_OPEN UINT16_MAX
#define SV_TB_MAX_DEPTH (UINT16_MAX - 1u)

/* Text, comment and doctype identifier lengths are 32-bit and attribute counts 16-bit: the
 * tree applies max_text_length and max_attributes clamped to these bounds (with the same
 * diagnostics), whatever larger values the options hold. */
#define SV_NODE_MAX_LEN (UINT32_MAX - 1u)
#define SV_NODE_MAX_ATTRS UINT16_MAX

/* A doctype's name, public id (public_len bytes) and system id, each NULL when missing. */
typedef struct sv_doctype_ids {
    const char *name;
    const char *public_id;
    const char *system_id;
    uint32_t public_len;
} sv_doctype_ids;

/* What few elements have (a name outside the tag table, template contents, a select's
 * selectedcontent), kept out of the node: the element then points here, and its attributes
 * with it. */
typedef struct sv_node_extra {
    salvage_attribute *attrs;
    const char *name;                 /* SV_NODE_NAMED: local name (adjusted case for SVG) */
    struct sv_node *contents;         /* SV_NODE_TEMPLATE: a FRAGMENT whose parent is the
                                         template */
    struct sv_node *selectedcontent;  /* HTML select: its first selectedcontent descendant */
} sv_node_extra;

/*
 * A node of the tree. Every node lives in the document arena. The public salvage_node is this
 * structure (node.c converts the pointers). Children form a doubly linked list whose first
 * node's prev is the last child (so a node needs no pointer to its last child): read the
 * last child and the previous sibling through sv_node_last and sv_node_prev.
 *
 * Fields that no node needs together share storage (56 bytes on 64-bit targets: real pages
 * have about one node per 40 bytes of input, so the node is most of the tree's memory). Read
 * attributes, the name, template contents and selectedcontent through the accessors below,
 * which check which member is live.
 */
typedef struct sv_node {
    struct sv_node *parent, *first, *next;
    struct sv_node *prev; /* the previous sibling; for a first child, the last child */
    union {
        char *text;                 /* TEXT, COMMENT: data */
        salvage_attribute *attrs_;  /* ELEMENT without SV_NODE_EXTRA (shared by clones:
                                       never changed in place); see sv_node_attrs */
        sv_node_extra *extra;       /* ELEMENT with SV_NODE_EXTRA */
        const sv_doctype_ids *ids;  /* DOCTYPE */
    };
    /* Decoded offset of the token that created the node until the document is finalised
     * (sv_tree_resolve_offsets), the original byte offset after (salvage_node_offset
     * reports 0 for implied nodes). */
    size_t offset;
    union {
        uint32_t text_len; /* TEXT, COMMENT */
        struct {
            uint16_t attr_count;  /* ELEMENT */
            uint16_t stack_index; /* ELEMENT: position on the stack of open elements, or
                                     SV_NOT_OPEN */
        };
    };
    uint8_t tag;          /* sv_tag of the (lower-cased) local name */
    uint8_t type;         /* salvage_node_type */
    uint8_t ns;           /* salvage_namespace */
    uint8_t flags;        /* SV_NODE_* */
} sv_node;

_Static_assert(SV_TAG_COUNT <= 256, "sv_node.tag is 8-bit");
_Static_assert(sizeof(void *) != 8 || sizeof(sv_node) == 56, "sv_node is 56 bytes");

static inline sv_node *sv_node_last(const sv_node *n)
{
    return n->first ? n->first->prev : NULL;
}

static inline sv_node *sv_node_prev(const sv_node *n)
{
    return n->parent && n->parent->first != n ? n->prev : NULL;
}

/* Element or doctype name; NULL for other nodes. */
const char *sv_node_name(const sv_node *n);

/* An element's attributes (attr_count of them). */
static inline salvage_attribute *sv_node_attrs(const sv_node *el)
{
    return (el->flags & SV_NODE_EXTRA) ? el->extra->attrs : el->attrs_;
}

static inline sv_node *sv_node_contents(const sv_node *n)
{
    return (n->flags & SV_NODE_TEMPLATE) ? n->extra->contents : NULL;
}

static inline sv_node *sv_node_selectedcontent(const sv_node *n)
{
    return n->type == SALVAGE_NODE_ELEMENT && n->ns == SALVAGE_NS_HTML &&
                   n->tag == SV_TAG_SELECT && (n->flags & SV_NODE_EXTRA)
               ? n->extra->selectedcontent
               : NULL;
}

/* Bytes allocated for a text node's data: its length and NUL, or with SV_NODE_ROOMY the
 * capacity recorded in the SV_TEXT_CAP_BYTES before the data (text grown by copying keeps
 * room for more; most text nodes never grow, and need no field for it). */
#define SV_TEXT_CAP_BYTES sizeof(uint32_t)
static inline size_t sv_node_text_cap(const sv_node *t)
{
    if (!(t->flags & SV_NODE_ROOMY))
        return (size_t)t->text_len + 1;
    uint32_t cap;
    memcpy(&cap, t->text - SV_TEXT_CAP_BYTES, sizeof cap);
    return cap;
}

/* Converts every node's offset from decoded to original (doc->root's tree, template
 * contents included). Run once, when the document is finalised: stages after tree
 * construction read the decoded offsets. */
void sv_tree_resolve_offsets(salvage_doc *doc);

typedef struct sv_treebuilder sv_treebuilder;

/* A tree builder for doc, configured from doc->opts (fragment_context, SALVAGE_FLAG_SCRIPTING,
 * max_depth, max_nodes, ...). NULL on OOM. */
sv_treebuilder *sv_tree_new(salvage_doc *doc);
/* Feeds decoded UTF-8 (a slice of doc->text, in order). 0, or -1 on OOM. */
int sv_tree_feed(sv_treebuilder *tb, const char *s, size_t len);
/* Ends the input; sets doc->root and doc->quirks. 0, or -1 on OOM. */
int sv_tree_finish(sv_treebuilder *tb);

/* Pre/post-order walk of the subtree under root (see salvage_walk_next). contents: a
 * template's contents are visited as its only child. No recursion. */
const sv_node *sv_node_walk(const sv_node *root, const sv_node *n, int *entering,
                            bool contents);

#endif /* SV_TREE_H */
