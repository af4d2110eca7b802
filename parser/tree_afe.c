/*
 * tree_afe.c — the list of active formatting elements (HTML Standard 13.2.4.3): Noah's Ark,
 * reconstruction, and the adoption agency algorithm (13.2.6.4.7). The list holds at most
 * max_afe entries (tree_int.h), so each scan here is bounded.
 */
#include "tree_int.h"

static uint32_t hash_bytes(uint32_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Order-independent hash of name, namespace and attributes. Values count by their length
 * and first bytes only: an attribute flood of long values would otherwise be hashed byte by
 * byte for each element (equal hashes are confirmed by same_element, which compares all). */
#define SV_AFE_HASH_PREFIX 16u
static inline uint32_t element_hash(const sv_node *el)
{
    uint32_t h = 2166136261u ^ el->ns;
    if (el->flags & SV_NODE_NAMED)
        h = hash_bytes(h, el->extra->name, strlen(el->extra->name));
    else
        h = (h ^ el->tag) * 16777619u;
    if (el->attr_count == 0)
        return h; /* most formatting elements: no attribute loop (attrs and count are 0) */
    uint32_t attrs = 0;
    const salvage_attribute *list = sv_node_attrs(el);
    for (size_t i = 0; i < el->attr_count; i++) {
        const salvage_attribute *a = &list[i];
        uint32_t ah = hash_bytes(2166136261u ^ a->ns, a->name, a->name_len);
        size_t vn = a->value_len < SV_AFE_HASH_PREFIX ? a->value_len : SV_AFE_HASH_PREFIX;
        ah = hash_bytes((ah ^ 0x3d) + (uint32_t)a->value_len, a->value, vn);
        attrs += ah * 2654435761u;
    }
    return h ^ (attrs + (uint32_t)el->attr_count);
}

static bool same_attr(const salvage_attribute *a, const salvage_attribute *b)
{
    return a->ns == b->ns && a->name_len == b->name_len && a->value_len == b->value_len &&
           memcmp(a->name, b->name, a->name_len) == 0 &&
           memcmp(a->value, b->value, a->value_len) == 0;
}

/* Same tag name, namespace and attributes (in any order). Only called when the hashes
 * agree; attribute lists in the same order (the usual case) compare in one pass. */
static bool same_element(sv_treebuilder *tb, const sv_node *a, const sv_node *b)
{
    if (a->ns != b->ns || a->tag != b->tag || a->attr_count != b->attr_count ||
        strcmp(sv_node_name(a), sv_node_name(b)) != 0)
        return false;
    const salvage_attribute *aa = sv_node_attrs(a), *ba = sv_node_attrs(b);
    if (aa == ba)
        return true;
    size_t n = a->attr_count, i = 0;
    while (i < n && same_attr(&aa[i], &ba[i]))
        i++;
    for (; i < n; i++) {
        size_t j = 0;
        for (; j < n && !same_attr(&aa[i], &ba[j]); j++)
            tb->work++;
        if (j == n)
            return false;
    }
    return true;
}

static void afe_remove_at(sv_treebuilder *tb, size_t i)
{
    /* the entry removed is usually the last one: no call to move nothing */
    if (i + 1 < tb->nafe)
        memmove(&tb->afe[i], &tb->afe[i + 1], (tb->nafe - i - 1) * sizeof *tb->afe);
    tb->nafe--;
    tb->work += tb->nafe - i;
}

/* Doubles the list's room (rarely: it holds at most max_afe entries). */
SV_NOINLINE bool afe_grow(sv_treebuilder *tb)
{
    size_t cap = tb->afe_alloc ? tb->afe_alloc * 2 : 16;
    sv_afe *a = sv_arena_grow(&tb->doc->arena, tb->afe, tb->afe_alloc * sizeof *a,
                              cap * sizeof *a);
    if (!a) {
        tb->doc->oom = true;
        return false;
    }
    tb->afe = a;
    tb->afe_alloc = cap;
    return true;
}

static inline bool afe_insert_at(sv_treebuilder *tb, size_t i, sv_node *el, uint32_t hash)
{
    if (tb->nafe == tb->afe_alloc && !afe_grow(tb))
        return false;
    if (i < tb->nafe) /* a push appends: nothing to move */
        memmove(&tb->afe[i + 1], &tb->afe[i], (tb->nafe - i) * sizeof *tb->afe);
    tb->afe[i].node = el;
    tb->afe[i].hash = hash;
    tb->nafe++;
    tb->work += tb->nafe - i;
    return true;
}

/* Keeps the list within max_afe by dropping its oldest quarter at once (amortised O(1)). */
static void afe_make_room(sv_treebuilder *tb, size_t off)
{
    if (tb->nafe < tb->max_afe)
        return;
    size_t drop = tb->max_afe / 4 ? tb->max_afe / 4 : 1;
    if (!tb->afe_reported) {
        tb->afe_reported = true;
        sv_diag(tb->doc, SALVAGE_SEVERITY_WARNING, "formatting-limit", off,
                "more than %zu active formatting elements; the oldest are forgotten",
                tb->max_afe);
    }
    memmove(&tb->afe[0], &tb->afe[drop], (tb->nafe - drop) * sizeof *tb->afe);
    tb->nafe -= drop;
    tb->work += tb->nafe;
}

/* "push onto the list of active formatting elements", with the Noah's Ark clause. */
void sv_tb_afe_push(sv_treebuilder *tb, sv_node *el)
{
    if (!el)
        return;
    uint32_t h = element_hash(el);
    size_t count = 0, earliest = 0;
    for (size_t i = tb->nafe; i > 0; i--) {
        const sv_afe *e = &tb->afe[i - 1];
        tb->work++;
        if (!e->node)
            break;
        if (e->hash == h && same_element(tb, e->node, el)) {
            count++;
            earliest = i - 1;
        }
    }
    if (count >= 3)
        afe_remove_at(tb, earliest);
    afe_make_room(tb, el->offset);
    afe_insert_at(tb, tb->nafe, el, h);
}

void sv_tb_afe_marker(sv_treebuilder *tb)
{
    afe_make_room(tb, 0);
    afe_insert_at(tb, tb->nafe, NULL, 0);
}

void sv_tb_afe_clear_to_marker(sv_treebuilder *tb)
{
    while (tb->nafe) {
        sv_node *n = tb->afe[--tb->nafe].node;
        tb->work++;
        if (!n)
            break;
    }
}

void sv_tb_afe_remove_node(sv_treebuilder *tb, const sv_node *el)
{
    for (size_t i = tb->nafe; i > 0; i--) {
        tb->work++;
        if (tb->afe[i - 1].node == el) {
            afe_remove_at(tb, i - 1);
            return;
        }
    }
}

static ptrdiff_t afe_index(const sv_treebuilder *tb, const sv_node *el)
{
    for (size_t i = tb->nafe; i > 0; i--)
        if (tb->afe[i - 1].node == el)
            return (ptrdiff_t)i - 1;
    return -1;
}

/* The index of the last element with the tag after the last marker, or -1. */
static ptrdiff_t afe_find_index(const sv_treebuilder *tb, sv_tag tag)
{
    for (size_t i = tb->nafe; i > 0; i--) {
        const sv_node *n = tb->afe[i - 1].node;
        if (!n)
            return -1;
        if (sv_is_html(n, tag))
            return (ptrdiff_t)i - 1;
    }
    return -1;
}

/* The last element with the tag after the last marker, or NULL. */
sv_node *sv_tb_afe_find(const sv_treebuilder *tb, sv_tag tag)
{
    ptrdiff_t i = afe_find_index(tb, tag);
    return i >= 0 ? tb->afe[i].node : NULL;
}

/* "reconstruct the active formatting elements" once sv_tb_afe_reconstruct (tree_int.h)
 * found the last entry closed */
void sv_tb_afe_reconstruct_closed(sv_treebuilder *tb)
{
    size_t i = tb->nafe - 1;
    while (i > 0) {
        const sv_afe *e = &tb->afe[i - 1];
        tb->work++;
        if (!e->node || e->node->stack_index != SV_NOT_OPEN)
            break;
        i--;
    }
    for (; i < tb->nafe; i++) {
        sv_node *c = sv_tb_clone_element(tb, tb->afe[i].node);
        if (!c)
            return;
        sv_tb_insert_node(tb, c, NULL);
        tb->afe[i].node = c;
        /* At the depth limit the push closes the clone made just before, which leaves the
         * list (tree_stack.c): the entries from i on move down. */
        size_t before = tb->nafe;
        sv_tb_push(tb, c);
        size_t lost = before - tb->nafe;
        if (lost > i || tb->afe[i - lost].node != c)
            return; /* a cell closed: the list was cleared up to its marker */
        i -= lost;
    }
}

/* The "special" category (13.2.4.3). */
bool sv_tb_is_special(const sv_node *n)
{
    switch (n->ns) {
    case SALVAGE_NS_HTML:
        switch (n->tag) {
        case SV_TAG_ADDRESS: case SV_TAG_APPLET: case SV_TAG_AREA: case SV_TAG_ARTICLE:
        case SV_TAG_ASIDE: case SV_TAG_BASE: case SV_TAG_BASEFONT: case SV_TAG_BGSOUND:
        case SV_TAG_BLOCKQUOTE: case SV_TAG_BODY: case SV_TAG_BR: case SV_TAG_BUTTON:
        case SV_TAG_CAPTION: case SV_TAG_CENTER: case SV_TAG_COL: case SV_TAG_COLGROUP:
        case SV_TAG_DD: case SV_TAG_DETAILS: case SV_TAG_DIR: case SV_TAG_DIV: case SV_TAG_DL:
        case SV_TAG_DT: case SV_TAG_EMBED: case SV_TAG_FIELDSET: case SV_TAG_FIGCAPTION:
        case SV_TAG_FIGURE: case SV_TAG_FOOTER: case SV_TAG_FORM: case SV_TAG_FRAME:
        case SV_TAG_FRAMESET: case SV_TAG_H1: case SV_TAG_H2: case SV_TAG_H3: case SV_TAG_H4:
        case SV_TAG_H5: case SV_TAG_H6: case SV_TAG_HEAD: case SV_TAG_HEADER:
        case SV_TAG_HGROUP: case SV_TAG_HR: case SV_TAG_HTML: case SV_TAG_IFRAME:
        case SV_TAG_IMG: case SV_TAG_INPUT: case SV_TAG_KEYGEN: case SV_TAG_LI:
        case SV_TAG_LINK: case SV_TAG_LISTING: case SV_TAG_MAIN: case SV_TAG_MARQUEE:
        case SV_TAG_MENU: case SV_TAG_META: case SV_TAG_NAV: case SV_TAG_NOEMBED:
        case SV_TAG_NOFRAMES: case SV_TAG_NOSCRIPT: case SV_TAG_OBJECT: case SV_TAG_OL:
        case SV_TAG_P: case SV_TAG_PARAM: case SV_TAG_PLAINTEXT: case SV_TAG_PRE:
        case SV_TAG_SCRIPT: case SV_TAG_SEARCH: case SV_TAG_SECTION: case SV_TAG_SELECT:
        case SV_TAG_SOURCE: case SV_TAG_STYLE: case SV_TAG_SUMMARY: case SV_TAG_TABLE:
        case SV_TAG_TBODY: case SV_TAG_TD: case SV_TAG_TEMPLATE: case SV_TAG_TEXTAREA:
        case SV_TAG_TFOOT: case SV_TAG_TH: case SV_TAG_THEAD: case SV_TAG_TITLE:
        case SV_TAG_TR: case SV_TAG_TRACK: case SV_TAG_UL: case SV_TAG_WBR: case SV_TAG_XMP:
            return true;
        default:
            return false;
        }
    case SALVAGE_NS_MATHML:
        return n->tag == SV_TAG_MI || n->tag == SV_TAG_MO || n->tag == SV_TAG_MN ||
               n->tag == SV_TAG_MS || n->tag == SV_TAG_MTEXT ||
               n->tag == SV_TAG_ANNOTATION_XML;
    case SALVAGE_NS_SVG:
        return n->tag == SV_TAG_FOREIGNOBJECT || n->tag == SV_TAG_DESC ||
               n->tag == SV_TAG_TITLE;
    default:
        return false;
    }
}

/* Step 4.19 of the adoption agency, done once per outer iteration: drops the entries the
 * inner loop removed (and the formatting element, when drop_fe) and puts ne right above
 * the furthest block. */
static void aaa_restack(sv_treebuilder *tb, uint32_t fe_i, const sv_node *fb, sv_node *ne,
                        bool drop_fe)
{
    uint32_t old = tb->depth, w = fe_i;
    sv_tb_unwind(tb, fe_i);
    for (uint32_t r = fe_i; r < old; r++) {
        sv_open e = tb->stack[r]; /* read before the slot may be overwritten (w <= r) */
        if (e.gone || (r == fe_i && drop_fe))
            continue;
        tb->stack[w++].node = e.node;
        if (e.node == fb && ne)
            tb->stack[w++].node = ne;
    }
    sv_tb_rewind(tb, fe_i, w);
    /* The entries from fe_i up moved in the tree or were replaced: their tree depths again,
     * bottom up (an open element's open ancestors sit below it on the stack). */
    for (uint32_t r = fe_i; r < w; r++) {
        sv_node *n = tb->stack[r].node;
        uint32_t d = sv_tb_lift(tb, n, sv_tb_node_depth(tb, n->parent) + 1);
        tb->stack[r].tdepth = d;
        if (d > tb->deepest)
            tb->deepest = d;
        tb->work++;
    }
}

/* Steps 4.11-4.13: the inner loop. Returns the last node, or NULL when a node could not be
 * created (max_nodes). */
static sv_node *aaa_inner(sv_treebuilder *tb, sv_node *fe, uint32_t fb_i, ptrdiff_t *bookmark,
                          uint32_t *clones)
{
    sv_node *fb = tb->stack[fb_i].node, *last = fb;
    uint32_t ni = fb_i;
    for (int inner = 1;; inner++) {
        ni--;
        sv_node *node = tb->stack[ni].node;
        tb->work++;
        if (node == fe)
            return last;
        ptrdiff_t ai = afe_index(tb, node);
        if (inner > 3 && ai >= 0) {
            afe_remove_at(tb, (size_t)ai);
            if (ai < *bookmark)
                (*bookmark)--;
            ai = -1;
        }
        if (ai < 0) {
            tb->stack[ni].gone = true;
            continue;
        }
        sv_node *c = sv_tb_clone_element(tb, node);
        if (!c)
            return NULL;
        tb->afe[ai].node = c;
        tb->stack[ni].node = c; /* same tag and namespace: the entry's links stay valid */
        c->stack_index = (uint16_t)ni;
        node->stack_index = SV_NOT_OPEN;
        if (last == fb)
            *bookmark = ai + 1;
        sv_tb_append(c, last);
        last = c;
        (*clones)++;
    }
}

/* Steps 4.15-4.17: ne takes the furthest block's children and becomes its only child.
 * fb_d: fb's new tree depth, old_fb: its depth before. Moving fb up makes room for ne
 * (ne is no deeper than fb was), except when misnesting left fb's old ancestors off the
 * stack; if wrapping would then take the tree past the depth limit, ne is placed beside
 * fb instead ("depth-limit"), so nothing goes deeper. */
static void aaa_wrap(sv_treebuilder *tb, sv_node *fb, sv_node *ne, uint32_t fb_d,
                     uint32_t old_fb)
{
    uint32_t grow = fb_d + 1 > old_fb ? fb_d + 1 - old_fb : 0;
    if (fb_d + 1 > tb->max_stack || (grow && tb->deepest + grow > tb->max_stack)) {
        sv_tb_depth_limit(tb, ne->offset);
        sv_tb_insert_before(fb->parent, ne, fb->next);
        return;
    }
    tb->deepest += grow; /* fb's closed descendants moved down with its children */
    while (fb->first) {
        sv_node *c = fb->first;
        sv_tb_append(ne, c);
        tb->work++;
    }
    sv_tb_append(fb, ne);
}

/* One outer iteration (steps 4.3-4.19). 1: continue, 0: done, -1: "any other end tag". */
static int aaa_outer(sv_treebuilder *tb, const sv_token *tok, sv_tag tag)
{
    /* fe_a: fe's place on the list, which nothing below changes before the list is edited
     * (popping the stack leaves the list alone) */
    ptrdiff_t fe_a = afe_find_index(tb, tag);
    if (fe_a < 0)
        return -1;
    sv_node *fe = tb->afe[fe_a].node;
    if (fe->stack_index == SV_NOT_OPEN) {
        sv_tb_error(tb, tok, "adoption-agency-1.2");
        afe_remove_at(tb, (size_t)fe_a);
        return 0;
    }
    if (!sv_tb_node_in_scope(tb, fe, SV_SC_DEFAULT)) {
        sv_tb_error(tb, tok, "adoption-agency-4.4");
        return 0;
    }
    if (fe != sv_tb_current(tb))
        sv_tb_error(tb, tok, "adoption-agency-1.3");
    uint32_t fe_i = fe->stack_index, fb_i = SV_NOT_OPEN;
    for (uint32_t i = fe_i + 1; i < tb->depth; i++) {
        tb->work++;
        if (sv_tb_is_special(tb->stack[i].node)) {
            fb_i = i;
            break;
        }
    }
    if (fb_i == SV_NOT_OPEN || fe_i == 0) {
        sv_tb_pop_until_node(tb, fe);
        afe_remove_at(tb, (size_t)fe_a);
        return 0;
    }
    sv_node *fb = tb->stack[fb_i].node, *ca = tb->stack[fe_i - 1].node;
    ptrdiff_t bookmark = fe_a;
    uint32_t clones = 0, old_fb = tb->stack[fb_i].tdepth;
    sv_node *last = aaa_inner(tb, fe, fb_i, &bookmark, &clones);
    sv_node *ne = last ? sv_tb_clone_element(tb, fe) : NULL;
    if (!ne) {
        aaa_restack(tb, fe_i, fb, NULL, false);
        return 0;
    }
    sv_tb_insert_node(tb, last, ca);
    aaa_wrap(tb, fb, ne, sv_tb_node_depth(tb, last->parent) + 1 + clones, old_fb);
    ptrdiff_t fi = afe_index(tb, fe);
    uint32_t h = fi >= 0 ? tb->afe[fi].hash : element_hash(fe);
    if (fi >= 0) {
        afe_remove_at(tb, (size_t)fi);
        if (fi < bookmark)
            bookmark--;
    }
    if (bookmark < 0 || (size_t)bookmark > tb->nafe)
        bookmark = (ptrdiff_t)tb->nafe;
    afe_insert_at(tb, (size_t)bookmark, ne, h);
    aaa_restack(tb, fe_i, fb, ne, true);
    return 1;
}

bool sv_tb_adoption(sv_treebuilder *tb, const sv_token *tok, sv_tag tag)
{
    sv_node *cur = sv_tb_current(tb);
    if (sv_is_html(cur, tag) && afe_index(tb, cur) < 0) {
        sv_tb_pop(tb);
        return true;
    }
    for (int outer = 0; outer < 8; outer++) {
        int r = aaa_outer(tb, tok, tag);
        if (r < 0)
            return false;
        if (r == 0)
            return true;
    }
    return true;
}
