/*
 * tree_stack.c — the stack of open elements (HTML Standard 13.2.4.3), its scopes, and the
 * operations that pop it: implied end tags, "reset the insertion mode appropriately",
 * clearing back to a table context. See tree_int.h for the bounds.
 */
#include "tree_int.h"

#define SV_SC_BASE (1u << SV_SC_DEFAULT | 1u << SV_SC_LIST | 1u << SV_SC_BUTTON)

/* Which scopes an HTML element ends, by tag: looked up for every push. */
static const uint8_t html_scopes[SV_TAG_COUNT] = {
    [SV_TAG_HTML] = SV_SC_BASE | 1u << SV_SC_TABLE,
    [SV_TAG_TABLE] = SV_SC_BASE | 1u << SV_SC_TABLE,
    [SV_TAG_TEMPLATE] = SV_SC_BASE | 1u << SV_SC_TABLE,
    [SV_TAG_APPLET] = SV_SC_BASE, [SV_TAG_CAPTION] = SV_SC_BASE, [SV_TAG_TD] = SV_SC_BASE,
    [SV_TAG_TH] = SV_SC_BASE, [SV_TAG_MARQUEE] = SV_SC_BASE, [SV_TAG_OBJECT] = SV_SC_BASE,
    [SV_TAG_SELECT] = SV_SC_BASE,
    [SV_TAG_OL] = 1u << SV_SC_LIST, [SV_TAG_UL] = 1u << SV_SC_LIST,
    [SV_TAG_BUTTON] = 1u << SV_SC_BUTTON,
};

/* Which scopes the element ends ("has an element in ... scope" stops at it). */
static unsigned scope_mask(const sv_node *n)
{
    switch (n->ns) {
    case SALVAGE_NS_HTML:
        return n->tag < SV_TAG_COUNT ? html_scopes[n->tag] : 0;
    case SALVAGE_NS_MATHML:
        switch (n->tag) {
        case SV_TAG_MI: case SV_TAG_MO: case SV_TAG_MN: case SV_TAG_MS: case SV_TAG_MTEXT:
        case SV_TAG_ANNOTATION_XML:
            return SV_SC_BASE;
        default:
            return 0;
        }
    case SALVAGE_NS_SVG:
        switch (n->tag) {
        case SV_TAG_FOREIGNOBJECT: case SV_TAG_DESC: case SV_TAG_TITLE:
            return SV_SC_BASE;
        default:
            return 0;
        }
    default:
        return 0;
    }
}

/* Links the entry at index i (its node already stored) on top of entries [0, i). */
static void link_entry(sv_treebuilder *tb, uint32_t i)
{
    sv_open *e = &tb->stack[i];
    sv_node *n = e->node;
    unsigned mask = scope_mask(n);
    if (i)
        memcpy(e->bound, tb->stack[i - 1].bound, sizeof e->bound);
    else
        for (int s = 0; s < SV_SC_COUNT; s++)
            e->bound[s] = -1;
    if (mask)
        for (int s = 0; s < SV_SC_COUNT; s++)
            if (mask & (1u << s))
                e->bound[s] = (int32_t)i;
    e->prev_same = -1;
    e->gone = false;
    if (n->ns == SALVAGE_NS_HTML && n->tag != SV_TAG_UNKNOWN) {
        e->prev_same = tb->top[n->tag];
        tb->top[n->tag] = (int32_t)i;
    }
    n->stack_index = (uint16_t)i;
    tb->work++;
}

static void unlink_entry(sv_treebuilder *tb, uint32_t i)
{
    sv_open *e = &tb->stack[i];
    sv_node *n = e->node;
    if (n->ns == SALVAGE_NS_HTML && n->tag != SV_TAG_UNKNOWN)
        tb->top[n->tag] = e->prev_same;
    n->stack_index = SV_NOT_OPEN;
    tb->work++;
}

/* Grows the stack to hold n entries (it doubles, so rarely). */
SV_NOINLINE bool stack_grow(sv_treebuilder *tb, uint32_t n)
{
    uint32_t cap = tb->stack_alloc ? tb->stack_alloc * 2 : 64;
    while (cap < n)
        cap *= 2;
    sv_open *s = sv_arena_grow(&tb->doc->arena, tb->stack, tb->stack_alloc * sizeof *s,
                               cap * sizeof *s);
    if (!s) {
        tb->doc->oom = true;
        return false;
    }
    tb->stack = s;
    tb->stack_alloc = cap;
    return true;
}

static inline bool stack_reserve(sv_treebuilder *tb, uint32_t n)
{
    return n <= tb->stack_alloc || stack_grow(tb, n);
}

/* Elements that put a marker on the list of active formatting elements. */
static bool owns_marker(const sv_node *n)
{
    return n->ns == SALVAGE_NS_HTML &&
           (n->tag == SV_TAG_TD || n->tag == SV_TAG_TH || n->tag == SV_TAG_CAPTION ||
            n->tag == SV_TAG_APPLET || n->tag == SV_TAG_MARQUEE || n->tag == SV_TAG_OBJECT ||
            n->tag == SV_TAG_TEMPLATE);
}

static bool is_formatting(const sv_node *n)
{
    if (n->ns != SALVAGE_NS_HTML)
        return false;
    switch (n->tag) {
    case SV_TAG_A: case SV_TAG_B: case SV_TAG_BIG: case SV_TAG_CODE: case SV_TAG_EM:
    case SV_TAG_FONT: case SV_TAG_I: case SV_TAG_NOBR: case SV_TAG_S: case SV_TAG_SMALL:
    case SV_TAG_STRIKE: case SV_TAG_STRONG: case SV_TAG_TT: case SV_TAG_U:
        return true;
    default:
        return false;
    }
}

void sv_tb_depth_limit(sv_treebuilder *tb, size_t off)
{
    if (tb->depth_reported)
        return;
    tb->depth_reported = true;
    sv_diag(tb->doc, SALVAGE_SEVERITY_WARNING, "depth-limit", off,
            "elements nested deeper than %u are placed beside each other", tb->max_stack);
}

/* The tree depth of n: the depth recorded by the nearest open ancestor (n itself, usually)
 * plus the closed elements in between. Closed ancestors of open elements are rare (an
 * element removed from the middle of the stack); the walk is bounded by the depth limit,
 * which the tree respects. */
uint32_t sv_tb_node_depth(sv_treebuilder *tb, const sv_node *n)
{
    uint32_t steps = 0;
    while (n) {
        if (n->type == SALVAGE_NODE_FRAGMENT && n->parent) {
            n = n->parent; /* a template's contents: the template's level */
            continue;
        }
        if (n->type != SALVAGE_NODE_ELEMENT)
            break; /* the document, or the fragment root */
        uint32_t i = n->stack_index;
        if (i != SV_NOT_OPEN && i < tb->depth && tb->stack[i].node == n)
            return tb->stack[i].tdepth + steps;
        steps++;
        tb->work++;
        if (steps > tb->max_stack + 2)
            break;
        n = n->parent;
    }
    return steps;
}

static bool child_of(const sv_node *node, const sv_node *el)
{
    return node->parent == el || (sv_node_contents(el) && node->parent == sv_node_contents(el));
}

/* At the depth limit: closes the current node as its end tag would (a cell's formatting
 * elements are forgotten, and a formatting element leaves the list, else every character
 * would clone it again, only to close it at the next start tag), and moves node, inserted
 * under it, beside it. Returns node's new tree depth. */
static uint32_t close_current_for(sv_treebuilder *tb, sv_node *node, uint32_t d)
{
    sv_node *cur = sv_tb_current(tb);
    uint32_t cur_d = tb->stack[tb->depth - 1].tdepth;
    bool under = child_of(node, cur);
    sv_tb_depth_limit(tb, node->offset);
    sv_tb_pop(tb);
    if (sv_is_html(cur, SV_TAG_TEMPLATE))
        sv_tb_pop_tmode(tb);
    if (owns_marker(cur))
        sv_tb_afe_clear_to_marker(tb);
    else if (is_formatting(cur))
        sv_tb_afe_remove_node(tb, cur);
    if (under && cur->parent) {
        sv_tb_insert_before(cur->parent, node, cur->next);
        return cur_d;
    }
    return d;
}

uint32_t sv_tb_lift(sv_treebuilder *tb, sv_node *node, uint32_t d)
{
    while (d > tb->max_stack) {
        sv_node *p = node->parent;
        if (p && p->type == SALVAGE_NODE_FRAGMENT)
            p = p->parent; /* in a template's contents: beside the template */
        if (!p || p->type != SALVAGE_NODE_ELEMENT || !p->parent)
            break;
        sv_tb_depth_limit(tb, node->offset);
        sv_tb_insert_before(p->parent, node, p->next);
        d--;
    }
    return d;
}

/* The tree depth node takes when pushed at the depth limit (see sv_tb_push); kept out of
 * line, as the common push has nothing to do here. */
SV_NOINLINE uint32_t push_at_limit(sv_treebuilder *tb, sv_node *node, uint32_t d)
{
    if (tb->depth > 1 && (tb->depth >= tb->max_stack || child_of(node, sv_tb_current(tb))))
        d = close_current_for(tb, node, d);
    return sv_tb_lift(tb, node, d);
}

/* The tree depth of a node whose parent is not the current node (foster parenting, the
 * adoption agency): out of line too. */
SV_NOINLINE uint32_t depth_below(sv_treebuilder *tb, const sv_node *parent)
{
    return sv_tb_node_depth(tb, parent) + 1;
}

/* Pushes node, already inserted in the tree. An element that would open past the depth
 * limit (the stack's or the tree's) closes the current node first and becomes its sibling;
 * one placed elsewhere (foster parenting) below an element at the limit is moved beside
 * that element. Either way it ends up at the deepest allowed level. */
void sv_tb_push(sv_treebuilder *tb, sv_node *node)
{
    /* usually node was inserted into the current node */
    uint32_t d = tb->depth && node->parent == tb->stack[tb->depth - 1].node
                     ? tb->stack[tb->depth - 1].tdepth + 1
                     : depth_below(tb, node->parent);
    if (SV_UNLIKELY(tb->depth >= tb->max_stack || d > tb->max_stack))
        d = push_at_limit(tb, node, d);
    if (!stack_reserve(tb, tb->depth + 1))
        return;
    tb->stack[tb->depth].node = node;
    tb->stack[tb->depth].tdepth = d;
    link_entry(tb, tb->depth);
    tb->depth++;
    if (d > tb->deepest)
        tb->deepest = d;
}

void sv_tb_pop(sv_treebuilder *tb)
{
    if (tb->depth == 0)
        return;
    sv_node *n = tb->stack[tb->depth - 1].node;
    unlink_entry(tb, tb->depth - 1);
    tb->depth--;
    if (sv_is_html(n, SV_TAG_OPTION))
        sv_tb_option_popped(tb, n);
}

/* Unlinks entries [from, depth) (their nodes stay in the array) so the caller can edit
 * them; sv_tb_rewind links the edited entries [from, to) back. */
void sv_tb_unwind(sv_treebuilder *tb, uint32_t from)
{
    for (uint32_t i = tb->depth; i > from; i--)
        unlink_entry(tb, i - 1);
}

void sv_tb_rewind(sv_treebuilder *tb, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i++)
        link_entry(tb, i);
    tb->depth = to;
}

/* Removes node from the middle of the stack. O(entries above it). */
void sv_tb_remove_open(sv_treebuilder *tb, sv_node *node)
{
    uint32_t i = node->stack_index;
    if (i == SV_NOT_OPEN || i >= tb->depth || tb->stack[i].node != node)
        return;
    uint32_t old = tb->depth;
    sv_tb_unwind(tb, i);
    memmove(&tb->stack[i], &tb->stack[i + 1], (old - i - 1) * sizeof *tb->stack);
    sv_tb_rewind(tb, i, old - 1);
}

/* Pops until an HTML element with the tag has been popped (never the root element). */
void sv_tb_pop_until(sv_treebuilder *tb, sv_tag tag)
{
    if (tb->top[tag] < 1)
        return;
    while (tb->depth > 1) {
        sv_node *n = sv_tb_current(tb);
        sv_tb_pop(tb);
        if (sv_is_html(n, tag))
            break;
    }
}

void sv_tb_pop_until_node(sv_treebuilder *tb, sv_node *node)
{
    if (node->stack_index == SV_NOT_OPEN || node->stack_index == 0)
        return;
    while (tb->depth > 1) {
        sv_node *n = sv_tb_current(tb);
        sv_tb_pop(tb);
        if (n == node)
            break;
    }
}

static bool is_heading(const sv_node *n)
{
    return n->ns == SALVAGE_NS_HTML && n->tag >= SV_TAG_H1 && n->tag <= SV_TAG_H6;
}

void sv_tb_pop_until_heading(sv_treebuilder *tb)
{
    while (tb->depth > 1) {
        sv_node *n = sv_tb_current(tb);
        sv_tb_pop(tb);
        if (is_heading(n))
            break;
    }
}

void sv_tb_pop_until_cell(sv_treebuilder *tb)
{
    while (tb->depth > 1) {
        sv_node *n = sv_tb_current(tb);
        sv_tb_pop(tb);
        if (sv_is_html(n, SV_TAG_TD) || sv_is_html(n, SV_TAG_TH))
            break;
    }
}

static bool implied_end(const sv_node *n, bool thorough)
{
    if (n->ns != SALVAGE_NS_HTML)
        return false;
    switch (n->tag) {
    case SV_TAG_DD: case SV_TAG_DT: case SV_TAG_LI: case SV_TAG_OPTGROUP: case SV_TAG_OPTION:
    case SV_TAG_P: case SV_TAG_RB: case SV_TAG_RP: case SV_TAG_RT: case SV_TAG_RTC:
        return true;
    case SV_TAG_CAPTION: case SV_TAG_COLGROUP: case SV_TAG_TBODY: case SV_TAG_TD:
    case SV_TAG_TFOOT: case SV_TAG_TH: case SV_TAG_THEAD: case SV_TAG_TR:
        return thorough;
    default:
        return false;
    }
}

/* "generate implied end tags", except for HTML elements with the tag except. */
void sv_tb_implied_end_tags(sv_treebuilder *tb, sv_tag except)
{
    while (tb->depth > 1) {
        sv_node *n = sv_tb_current(tb);
        if (!implied_end(n, false) || (except != SV_TAG_UNKNOWN && n->tag == except))
            return;
        sv_tb_pop(tb);
    }
}

void sv_tb_implied_end_tags_thoroughly(sv_treebuilder *tb)
{
    while (tb->depth > 1 && implied_end(sv_tb_current(tb), true))
        sv_tb_pop(tb);
}

/* "close a p element" */
void sv_tb_close_p(sv_treebuilder *tb)
{
    sv_tb_implied_end_tags(tb, SV_TAG_P);
    if (!sv_is_html(sv_tb_current(tb), SV_TAG_P))
        sv_tb_error(tb, NULL, "unexpected-open-element");
    sv_tb_pop_until(tb, SV_TAG_P);
}

static void clear_to(sv_treebuilder *tb, const sv_tag *stop)
{
    while (tb->depth > 1) {
        sv_node *n = sv_tb_current(tb);
        if (n->ns == SALVAGE_NS_HTML && sv_tag_in((sv_tag)n->tag, stop))
            return;
        sv_tb_pop(tb);
    }
}

void sv_tb_clear_to_table(sv_treebuilder *tb)
{
    static const sv_tag stop[] = {SV_TAG_TABLE, SV_TAG_TEMPLATE, SV_TAG_HTML, SV_TAG_UNKNOWN};
    clear_to(tb, stop);
}

void sv_tb_clear_to_table_body(sv_treebuilder *tb)
{
    static const sv_tag stop[] = {SV_TAG_TBODY, SV_TAG_TFOOT, SV_TAG_THEAD, SV_TAG_TEMPLATE,
                                  SV_TAG_HTML, SV_TAG_UNKNOWN};
    clear_to(tb, stop);
}

void sv_tb_clear_to_row(sv_treebuilder *tb)
{
    static const sv_tag stop[] = {SV_TAG_TR, SV_TAG_TEMPLATE, SV_TAG_HTML, SV_TAG_UNKNOWN};
    clear_to(tb, stop);
}

void sv_tb_push_tmode(sv_treebuilder *tb, sv_mode mode)
{
    if (tb->ntmodes == tb->tmodes_alloc) {
        size_t cap = tb->tmodes_alloc ? tb->tmodes_alloc * 2 : 16;
        uint8_t *m = sv_arena_grow(&tb->doc->arena, tb->tmodes, tb->tmodes_alloc, cap);
        if (!m) {
            tb->doc->oom = true;
            return;
        }
        tb->tmodes = m;
        tb->tmodes_alloc = cap;
    }
    tb->tmodes[tb->ntmodes++] = (uint8_t)mode;
}

void sv_tb_pop_tmode(sv_treebuilder *tb)
{
    if (tb->ntmodes)
        tb->ntmodes--;
}

/* The insertion mode an open element selects, or -1 (one step of "reset the insertion mode
 * appropriately"). */
static int mode_for(const sv_treebuilder *tb, const sv_node *n, bool last)
{
    if (n->ns != SALVAGE_NS_HTML)
        return -1;
    switch (n->tag) {
    case SV_TAG_TD: case SV_TAG_TH: return last ? -1 : SV_M_IN_CELL;
    case SV_TAG_TR: return SV_M_IN_ROW;
    case SV_TAG_TBODY: case SV_TAG_THEAD: case SV_TAG_TFOOT: return SV_M_IN_TABLE_BODY;
    case SV_TAG_CAPTION: return SV_M_IN_CAPTION;
    case SV_TAG_COLGROUP: return SV_M_IN_COLUMN_GROUP;
    case SV_TAG_TABLE: return SV_M_IN_TABLE;
    case SV_TAG_TEMPLATE:
        return tb->ntmodes ? tb->tmodes[tb->ntmodes - 1] : SV_M_IN_TEMPLATE;
    case SV_TAG_HEAD: return last ? -1 : SV_M_IN_HEAD;
    case SV_TAG_BODY: return SV_M_IN_BODY;
    case SV_TAG_FRAMESET: return SV_M_IN_FRAMESET;
    case SV_TAG_HTML: return tb->head ? SV_M_AFTER_HEAD : SV_M_BEFORE_HEAD;
    default: return -1;
    }
}

/* "reset the insertion mode appropriately" */
void sv_tb_reset_mode(sv_treebuilder *tb)
{
    for (uint32_t i = tb->depth; i > 0; i--) {
        const sv_node *n = tb->stack[i - 1].node;
        bool last = i == 1;
        if (last && tb->fragment)
            n = tb->context;
        tb->work++;
        int m = mode_for(tb, n, last);
        if (m >= 0) {
            tb->mode = (sv_mode)m;
            return;
        }
        if (last)
            break;
    }
    tb->mode = SV_M_IN_BODY;
}
