/*
 * tree_int.h — the tree builder's state and the operations its insertion modes share
 * (parser/tree*.c only).
 *
 * Bounds that keep the builder linear on hostile input:
 *  - the tree is at most max_depth elements deep, and the stack of open elements holds at
 *    most max_depth elements. The two differ: an element removed from the middle of the
 *    stack (a misnested </form>, <a> or </b>) stays an ancestor of the open elements above
 *    it, and the adoption agency moves subtrees. So every stack entry records the tree
 *    depth of its node, and an element that would open past either bound first closes the
 *    current node and is attached beside it at the deepest allowed level ("depth-limit"
 *    diagnostic): deep nesting becomes siblings and no content is lost;
 *  - "has an element in scope" is O(1): every stack entry records the position of the
 *    nearest scope boundary at or below it for each kind of scope, and the topmost open
 *    HTML element of each known tag is linked to the next lower one of the same tag;
 *  - the list of active formatting elements holds at most max_depth entries (past it the
 *    oldest quarter is forgotten, "formatting-limit"), which bounds the Noah's Ark scan,
 *    reconstruction and the adoption agency's list walks; an element closed by the depth
 *    limit leaves the list as its end tag would have made it;
 *  - walks down the stack ("any other end tag", li/dd/dt, reset the insertion mode) are
 *    bounded by the depth limit;
 *  - token reprocessing nests at most SV_TB_MAX_REPROCESS deep.
 */
#ifndef SV_TREE_INT_H
#define SV_TREE_INT_H

#include "tags.h"
#include "tokenizer.h"
#include "tree.h"

#define SV_TB_MAX_REPROCESS 64

typedef enum sv_mode {
    SV_M_INITIAL,
    SV_M_BEFORE_HTML,
    SV_M_BEFORE_HEAD,
    SV_M_IN_HEAD,
    SV_M_IN_HEAD_NOSCRIPT,
    SV_M_AFTER_HEAD,
    SV_M_IN_BODY,
    SV_M_TEXT,
    SV_M_IN_TABLE,
    SV_M_IN_TABLE_TEXT,
    SV_M_IN_CAPTION,
    SV_M_IN_COLUMN_GROUP,
    SV_M_IN_TABLE_BODY,
    SV_M_IN_ROW,
    SV_M_IN_CELL,
    SV_M_IN_TEMPLATE,
    SV_M_AFTER_BODY,
    SV_M_IN_FRAMESET,
    SV_M_AFTER_FRAMESET,
    SV_M_AFTER_AFTER_BODY,
    SV_M_AFTER_AFTER_FRAMESET
} sv_mode;

/* The kinds of scope of "has an element in ... scope". */
enum { SV_SC_DEFAULT, SV_SC_LIST, SV_SC_BUTTON, SV_SC_TABLE, SV_SC_COUNT };

typedef struct sv_open {
    sv_node *node;
    int32_t prev_same;           /* next lower open HTML element with the same tag, or -1 */
    int32_t bound[SV_SC_COUNT];  /* nearest scope boundary at or below this entry, or -1 */
    uint32_t tdepth;             /* tree depth of node: the html element is 1 (a template's
                                    contents do not count as a level) */
    bool gone;                   /* removed by the adoption agency, compacted afterwards */
} sv_open;

typedef struct sv_afe {
    sv_node *node; /* NULL: a marker */
    uint32_t hash; /* of tag name, namespace and attributes (Noah's Ark) */
} sv_afe;

struct sv_treebuilder {
    salvage_doc *doc;
    sv_tokenizer *tok;
    sv_node *document; /* DOCUMENT, or FRAGMENT for fragment parsing */
    sv_node *context;  /* fragment parsing: the context element (not in the tree) */

    sv_open *stack;
    uint32_t depth, stack_alloc, max_stack;
    uint32_t deepest; /* the largest tdepth any stack entry has had (every element of the
                         tree is at most this deep) */
    int32_t top[SV_TAG_COUNT]; /* topmost open HTML element of each tag, or -1 */

    sv_afe *afe;
    size_t nafe, afe_alloc, max_afe;

    uint8_t *tmodes; /* stack of template insertion modes */
    size_t ntmodes, tmodes_alloc;

    sv_mode mode, orig_mode;
    sv_node *head, *form;
    bool frameset_ok, foster, scripting, fragment, skip_lf, finished;
    bool depth_reported, nodes_reported, afe_reported, text_reported;
    bool cdata; /* the tokenizer was last told that CDATA sections are allowed */

    /* "in table text": pending character tokens */
    sv_buf ttext;
    size_t ttext_offset;
    bool ttext_nonspace;

    /* Shared data of white-space-only text nodes, by shape (see shared_text in tree.c);
     * NULL until the first one. */
    const char **spaces;
    /* Attribute arrays of recent elements, for elements with the same attributes (see
     * copy_attrs in tree.c); NULL until the first element with attributes. */
    struct sv_attr_slot *attr_cache;

    size_t nodes, max_nodes;
    /* max_node_ratio: the node budget grows by ratio with each byte read. tok_pos: the
     * largest token offset so far; nodes_allowed caches the budget for budget_pos, which
     * is brought up to tok_pos only when a node would not fit (the budget never shrinks,
     * so the answer is the same as if it followed every token). */
    size_t node_ratio, tok_pos, budget_pos, nodes_allowed;
    bool ratio_reported;
    size_t work;
    unsigned nest; /* reprocessing depth of the current token */
};

/* ---- nodes and insertion (tree.c) ---- */
sv_node *sv_tb_new_node(sv_treebuilder *tb, salvage_node_type type, size_t off, bool force);
sv_node *sv_tb_create_element(sv_treebuilder *tb, const sv_token *tok, const char *name,
                              size_t len, salvage_namespace ns, bool force);
sv_node *sv_tb_clone_element(sv_treebuilder *tb, const sv_node *el);
sv_node_extra *sv_tb_extra(sv_treebuilder *tb, sv_node *el);
void sv_tb_set_attrs(sv_node *el, salvage_attribute *a, size_t count);
void sv_tb_append(sv_node *parent, sv_node *child);
void sv_tb_insert_before(sv_node *parent, sv_node *child, sv_node *ref);
void sv_tb_detach(sv_node *node);
void sv_tb_place(sv_treebuilder *tb, sv_node *override, sv_node **parent, sv_node **before);
void sv_tb_insert_node(sv_treebuilder *tb, sv_node *node, sv_node *override);
sv_node *sv_tb_insert_element(sv_treebuilder *tb, const sv_token *tok, salvage_namespace ns);
sv_node *sv_tb_insert_implied(sv_treebuilder *tb, sv_tag tag);
void sv_tb_insert_void(sv_treebuilder *tb, const sv_token *tok);
void sv_tb_insert_text(sv_treebuilder *tb, const char *s, size_t n, size_t off);
void sv_tb_insert_comment(sv_treebuilder *tb, const sv_token *tok, sv_node *parent);
void sv_tb_error(sv_treebuilder *tb, const sv_token *tok, const char *code);
size_t sv_tb_len32(sv_treebuilder *tb, const char *s, size_t n, size_t off);
void sv_tb_raw_text(sv_treebuilder *tb, const sv_token *tok, sv_tok_state state);
bool sv_tb_attr_has(const sv_node *el, const char *name, const char *value);
void sv_tb_option_popped(sv_treebuilder *tb, sv_node *option);
void sv_tb_selectedcontent_inserted(sv_treebuilder *tb, sv_node *el);

/* ---- the stack of open elements (tree_stack.c) ---- */
void sv_tb_push(sv_treebuilder *tb, sv_node *node);
/* Tree depth of an element, document or fragment (the html element is 1). */
uint32_t sv_tb_node_depth(sv_treebuilder *tb, const sv_node *n);
/* Records the "depth-limit" diagnostic (once per document). */
void sv_tb_depth_limit(sv_treebuilder *tb, size_t off);
/* Moves node, at tree depth d, up beside its ancestors until it is within the depth limit
 * ("depth-limit"); returns its new depth. */
uint32_t sv_tb_lift(sv_treebuilder *tb, sv_node *node, uint32_t d);
void sv_tb_pop(sv_treebuilder *tb);
void sv_tb_unwind(sv_treebuilder *tb, uint32_t from);
void sv_tb_rewind(sv_treebuilder *tb, uint32_t from, uint32_t to);
void sv_tb_remove_open(sv_treebuilder *tb, sv_node *node);
void sv_tb_pop_until(sv_treebuilder *tb, sv_tag tag);
void sv_tb_pop_until_node(sv_treebuilder *tb, sv_node *node);
void sv_tb_pop_until_heading(sv_treebuilder *tb);
void sv_tb_pop_until_cell(sv_treebuilder *tb);
void sv_tb_implied_end_tags(sv_treebuilder *tb, sv_tag except);
void sv_tb_implied_end_tags_thoroughly(sv_treebuilder *tb);
void sv_tb_close_p(sv_treebuilder *tb);
void sv_tb_reset_mode(sv_treebuilder *tb);
void sv_tb_clear_to_table(sv_treebuilder *tb);
void sv_tb_clear_to_table_body(sv_treebuilder *tb);
void sv_tb_clear_to_row(sv_treebuilder *tb);
void sv_tb_push_tmode(sv_treebuilder *tb, sv_mode mode);
void sv_tb_pop_tmode(sv_treebuilder *tb);

/* ---- active formatting elements (tree_afe.c) ---- */
void sv_tb_afe_push(sv_treebuilder *tb, sv_node *el);
void sv_tb_afe_marker(sv_treebuilder *tb);
void sv_tb_afe_clear_to_marker(sv_treebuilder *tb);
void sv_tb_afe_reconstruct_closed(sv_treebuilder *tb);
void sv_tb_afe_remove_node(sv_treebuilder *tb, const sv_node *el);
sv_node *sv_tb_afe_find(const sv_treebuilder *tb, sv_tag tag);
/* The adoption agency algorithm; false when the token must be handled as "any other end
 * tag". */
bool sv_tb_adoption(sv_treebuilder *tb, const sv_token *tok, sv_tag tag);

/* ---- dispatch and insertion modes ---- */
void sv_tb_dispatch(sv_treebuilder *tb, sv_token *tok);
void sv_tb_mode(sv_treebuilder *tb, sv_mode mode, sv_token *tok);
void sv_tb_foreign(sv_treebuilder *tb, sv_token *tok);
void sv_tb_foreign_start(sv_treebuilder *tb, sv_token *tok, salvage_namespace ns);
void sv_tb_in_body(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_body_start(sv_treebuilder *tb, sv_token *tok, sv_tag tag);
void sv_tb_in_body_end(sv_treebuilder *tb, sv_token *tok, sv_tag tag);
void sv_tb_in_body_chars(sv_treebuilder *tb, const sv_token *tok);
void sv_tb_in_body_other_end(sv_treebuilder *tb, const sv_token *tok);
void sv_tb_initial(sv_treebuilder *tb, sv_token *tok);
void sv_tb_before_html(sv_treebuilder *tb, sv_token *tok);
void sv_tb_before_head(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_head(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_head_noscript(sv_treebuilder *tb, sv_token *tok);
void sv_tb_after_head(sv_treebuilder *tb, sv_token *tok);
void sv_tb_text(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_table(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_table_text(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_caption(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_column_group(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_table_body(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_row(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_cell(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_template(sv_treebuilder *tb, sv_token *tok);
void sv_tb_after_body(sv_treebuilder *tb, sv_token *tok);
void sv_tb_in_frameset(sv_treebuilder *tb, sv_token *tok);
void sv_tb_after_frameset(sv_treebuilder *tb, sv_token *tok);
void sv_tb_after_after_body(sv_treebuilder *tb, sv_token *tok);
void sv_tb_after_after_frameset(sv_treebuilder *tb, sv_token *tok);
salvage_quirks_mode sv_tb_doctype_quirks(const sv_token *tok);
/* Foreign content adjustments (tree_foreign.c) */
const char *sv_tb_svg_tag_name(const char *name, size_t len);
void sv_tb_adjust_attr(salvage_attribute *a, salvage_namespace ns);

/* ---- small helpers ---- */
static inline sv_node *sv_tb_current(const sv_treebuilder *tb)
{
    return tb->depth ? tb->stack[tb->depth - 1].node : NULL;
}
/* The adjusted current node: the context element when parsing a fragment with only the
 * html element open. */
static inline sv_node *sv_tb_adjusted_current(const sv_treebuilder *tb)
{
    if (tb->fragment && tb->depth == 1)
        return tb->context;
    return sv_tb_current(tb);
}
static inline bool sv_is_html(const sv_node *n, sv_tag tag)
{
    return n && n->ns == SALVAGE_NS_HTML && n->tag == tag;
}
static inline bool sv_tb_has_template(const sv_treebuilder *tb)
{
    return tb->top[SV_TAG_TEMPLATE] >= 0;
}
static inline bool sv_is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
/* Length of the leading run of white space in s[0..n). */
static inline size_t sv_ws_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && sv_is_ws(s[i]))
        i++;
    return i;
}
static inline sv_tag sv_tok_tag(const sv_token *tok)
{
    return (sv_tag)tok->tag;
}
/* Is the tag one of the list (terminated by SV_TAG_UNKNOWN)? */
static inline bool sv_tag_in(sv_tag tag, const sv_tag *list)
{
    for (; *list != SV_TAG_UNKNOWN; list++)
        if (*list == tag)
            return true;
    return false;
}
/* A token that is a slice of tok's characters: from + n bytes. */
static inline sv_token sv_tok_slice(const sv_token *tok, size_t from, size_t n)
{
    sv_token t = *tok;
    t.data = tok->data + from;
    t.data_len = n;
    t.offset = tok->offset + from;
    return t;
}
bool sv_tb_is_special(const sv_node *n);

/* "reconstruct the active formatting elements": asked before most insertions, and most
 * often there is nothing to do (the list is empty, ends with a marker or with an open
 * element), which is decided here inline. */
static inline void sv_tb_afe_reconstruct(sv_treebuilder *tb)
{
    if (tb->nafe == 0)
        return;
    const sv_node *last = tb->afe[tb->nafe - 1].node;
    if (!last || last->stack_index != SV_NOT_OPEN)
        return;
    sv_tb_afe_reconstruct_closed(tb);
}

/* The nearest boundary of the scope on the stack, or -1. */
static inline int32_t sv_tb_scope_bound(const sv_treebuilder *tb, int scope)
{
    return tb->depth ? tb->stack[tb->depth - 1].bound[scope] : -1;
}
/* "has an element in the specific scope" for an HTML element with the tag: O(1), inline as
 * it is asked for many tokens. */
static inline bool sv_tb_in_scope(const sv_treebuilder *tb, sv_tag tag, int scope)
{
    int32_t t = tb->top[tag];
    return t >= 0 && t >= sv_tb_scope_bound(tb, scope);
}
static inline bool sv_tb_node_in_scope(const sv_treebuilder *tb, const sv_node *node,
                                       int scope)
{
    if (!node || node->stack_index == SV_NOT_OPEN)
        return false;
    return (int32_t)node->stack_index >= sv_tb_scope_bound(tb, scope);
}

#endif /* SV_TREE_INT_H */
