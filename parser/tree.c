/*
 * tree.c — the tree builder's entry points, node creation and the standard's "insert"
 * operations (HTML Standard 13.2.6.1, "creating and inserting nodes").
 */
#include "tree_int.h"

/* ---- node creation ------------------------------------------------------------------------ */

/* max_node_ratio: the nodes allowed once the input has been read up to pos (saturating),
 * never more than max_nodes. The start offset of a token is the same however the input
 * was chunked, so a streamed parse meets the budget where a one-shot parse does. */
static void node_budget(sv_treebuilder *tb, size_t pos)
{
    tb->budget_pos = pos;
    size_t bytes = pos + 16384, allowed = tb->max_nodes;
    if (tb->node_ratio && bytes <= tb->max_nodes / tb->node_ratio)
        allowed = bytes * tb->node_ratio;
    tb->nodes_allowed = allowed;
}

/* Would one more node exceed the budget? The budget is first brought up to the input read
 * so far (see tok_pos). */
static bool over_budget(sv_treebuilder *tb)
{
    if (tb->nodes < tb->nodes_allowed)
        return false;
    if (tb->tok_pos > tb->budget_pos && tb->nodes_allowed < tb->max_nodes)
        node_budget(tb, tb->tok_pos);
    return tb->nodes >= tb->nodes_allowed;
}

/* A zeroed node, counted against max_nodes. force: structural nodes (document, html, head,
 * body) that the rest of the algorithm relies on are created even past the limit. */
sv_node *sv_tb_new_node(sv_treebuilder *tb, salvage_node_type type, size_t off, bool force)
{
    if (!force && over_budget(tb)) {
        if (tb->nodes >= tb->max_nodes) {
            if (!tb->nodes_reported) {
                tb->nodes_reported = true;
                sv_limit(tb->doc, "limit-nodes", off, "more than %zu nodes; later ones dropped",
                         tb->max_nodes);
            }
        } else if (!tb->ratio_reported) {
            tb->ratio_reported = true;
            sv_limit(tb->doc, "limit-node-ratio", tb->budget_pos,
                     "%zu nodes after %zu bytes (max_node_ratio %zu); later ones dropped "
                     "until the input catches up", tb->nodes, tb->budget_pos, tb->node_ratio);
        }
        return NULL;
    }
    sv_node *n = sv_arena_alloc_aligned(&tb->doc->arena, sizeof *n, _Alignof(sv_node));
    if (!n) {
        tb->doc->oom = true;
        return NULL;
    }
    tb->nodes++;
    tb->work++;
    /* An initialiser rather than calloc: the compiler zeroes the fixed-size node inline. */
    *n = (sv_node){.type = (uint8_t)type, .offset = off};
    if (type == SALVAGE_NODE_ELEMENT)
        n->stack_index = SV_NOT_OPEN;
    return n;
}

static const char *copy_str(sv_treebuilder *tb, const char *s, size_t n)
{
    char *c = sv_arena_strndup(&tb->doc->arena, s ? s : "", s ? n : 0);
    if (!c)
        tb->doc->oom = true;
    return c;
}

/* n clamped to the node's 32-bit length (cut at a character boundary, "limit-text-length"). */
size_t sv_tb_len32(sv_treebuilder *tb, const char *s, size_t n, size_t off)
{
    if (n <= SV_NODE_MAX_LEN)
        return n;
    size_t room = SV_NODE_MAX_LEN;
    while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
        room--;
    sv_limit(tb->doc, "limit-text-length", off, "a text is longer than %zu bytes; truncated",
             (size_t)SV_NODE_MAX_LEN);
    return room;
}

static bool ascii_ieq(const char *a, size_t n, const char *b)
{
    size_t i = 0;
    for (; i < n && b[i]; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (x != y)
            return false;
    }
    return i == n && !b[i];
}

/* el's sv_node_extra, made on first use (its attributes move into it); NULL when out of
 * memory. */
sv_node_extra *sv_tb_extra(sv_treebuilder *tb, sv_node *el)
{
    if (el->flags & SV_NODE_EXTRA)
        return el->extra;
    sv_node_extra *x = sv_arena_alloc_aligned(&tb->doc->arena, sizeof *x, _Alignof(sv_node_extra));
    if (!x) {
        tb->doc->oom = true;
        return NULL;
    }
    *x = (sv_node_extra){.attrs = el->attrs_};
    el->extra = x;
    el->flags |= SV_NODE_EXTRA;
    return x;
}

void sv_tb_set_attrs(sv_node *el, salvage_attribute *a, size_t count)
{
    if (el->flags & SV_NODE_EXTRA)
        el->extra->attrs = a;
    else
        el->attrs_ = a;
    el->attr_count = (uint16_t)count;
}

/* ---- attributes -------------------------------------------------------------------------- */

/* Pages repeat attribute lists (the same class on every cell of a table, the same class and
 * rel on every link of a list): an element whose attributes equal those of a recent element
 * in the same namespace shares that element's array, as clones do (arrays never change once
 * made; merging into <html> or <body> makes a new one). Recent lists sit in a direct-mapped
 * table keyed by a few of their bytes: a lookup is O(1) plus, on a candidate, one comparison
 * of the list's bytes, which the copy it saves would have read anyway. */
#define SV_ATTR_CACHE 128u

struct sv_attr_slot {
    salvage_attribute *attrs;
    const char *bytes; /* the copy of the list's names and values (see copy_attrs) */
    size_t len;
    uint32_t key;
    uint16_t count;
    uint8_t ns;
};

/* A hash of the block s[0..len) (len >= 3: a name of at least one byte and two NULs) from
 * its length, first, middle and last bytes, with the count and namespace: O(1), and equal
 * blocks are confirmed by comparing them. */
static uint32_t attr_key(const char *s, size_t len, size_t count, unsigned ns)
{
    uint64_t w = (uint64_t)len << 40 ^ (uint64_t)count << 8 ^ ns;
    if (len >= 8) {
        uint64_t m = sv_load_le64(s + len / 2 - 4), e = sv_load_le64(s + len - 8);
        w ^= sv_load_le64(s) ^ (m << 23 | m >> 41) ^ (e << 47 | e >> 17);
    } else {
        for (size_t i = 0; i < len; i++)
            w ^= (uint64_t)(unsigned char)s[i] << (8 * i + 8);
    }
    return (uint32_t)((w * UINT64_C(0x9E3779B97F4A7C15)) >> 32);
}

/* The slot for key, the table made on first use; NULL when out of memory. */
static struct sv_attr_slot *attr_slot(sv_treebuilder *tb, uint32_t key)
{
    if (!tb->attr_cache) {
        tb->attr_cache = sv_arena_calloc(&tb->doc->arena, SV_ATTR_CACHE, sizeof *tb->attr_cache);
        if (!tb->attr_cache) {
            tb->doc->oom = true;
            return NULL;
        }
    }
    return &tb->attr_cache[key & (SV_ATTR_CACHE - 1)];
}

/* Copies the token's attributes onto el, with the foreign-content adjustments for ns, or
 * shares the array of a recent element with the same ones. */
static void copy_attrs(sv_treebuilder *tb, sv_node *el, const sv_token *tok)
{
    if (!tok || tok->attr_count == 0)
        return;
    /* The tokenizer keeps at most max_attributes; the node's 16-bit count bounds it too. */
    size_t count = tok->attr_count;
    if (count > SV_NODE_MAX_ATTRS) {
        sv_limit(tb->doc, "limit-attributes", tok->offset,
                 "more than %zu attributes on <%s>; extra ones dropped",
                 (size_t)SV_NODE_MAX_ATTRS, sv_node_name(el));
        count = SV_NODE_MAX_ATTRS;
    }
    /* The names and values are one block, "name NUL value NUL" for each (tokenizer.h); a
     * name or value holds no NUL, so equal blocks are equal attributes. */
    const sv_tok_attr *t = tok->attrs;
    const char *base = t[0].name;
    size_t len = (size_t)(t[count - 1].value + t[count - 1].value_len + 1 - base);
    uint32_t key = attr_key(base, len, count, el->ns);
    struct sv_attr_slot *slot = attr_slot(tb, key);
    if (!slot)
        return;
    if (slot->attrs && slot->key == key && slot->len == len && slot->count == count &&
        slot->ns == el->ns && memcmp(slot->bytes, base, len) == 0) {
        sv_tb_set_attrs(el, slot->attrs, count);
        tb->work++;
        return;
    }
    salvage_attribute *a = count > SIZE_MAX / sizeof *a
                               ? NULL
                               : sv_arena_alloc_aligned(&tb->doc->arena, count * sizeof *a,
                                                        _Alignof(salvage_attribute));
    char *block = a ? sv_arena_strndup(&tb->doc->arena, base, len - 1) : NULL;
    if (!block) {
        tb->doc->oom = true;
        return;
    }
    /* token names and values are at most max_attr_length <= SV_ATTR_MAX_LEN bytes */
    for (size_t i = 0; i < count; i++) {
        a[i] = (salvage_attribute){.name = block + (t[i].name - base),
                                   .name_len = (uint32_t)t[i].name_len,
                                   .value = block + (t[i].value - base),
                                   .value_len = (uint32_t)t[i].value_len};
        if (el->ns != SALVAGE_NS_HTML)
            sv_tb_adjust_attr(&a[i], (salvage_namespace)el->ns);
    }
    tb->work += count;
    sv_tb_set_attrs(el, a, count);
    *slot = (struct sv_attr_slot){.attrs = a, .bytes = block, .len = len, .key = key,
                                  .count = (uint16_t)count, .ns = el->ns};
}

/* "create an element for a token": name[0..len) in namespace ns, attributes from tok. */
sv_node *sv_tb_create_element(sv_treebuilder *tb, const sv_token *tok, const char *name,
                              size_t len, salvage_namespace ns, bool force)
{
    size_t off = tok ? tok->offset : 0;
    sv_node *el = sv_tb_new_node(tb, SALVAGE_NODE_ELEMENT, off, force);
    if (!el)
        return NULL;
    el->ns = (uint8_t)ns;
    /* the tokenizer looked the token's own name up already */
    el->tag = (uint8_t)(tok && name == tok->name ? tok->tag : sv_tag_lookup(name, len));
    const char *adjusted = ns == SALVAGE_NS_SVG ? sv_tb_svg_tag_name(name, len) : NULL;
    /* A known tag's name is sv_tag_name (the lookup matched it ASCII case-insensitively) */
    if (adjusted || el->tag == SV_TAG_UNKNOWN) {
        sv_node_extra *x = sv_tb_extra(tb, el);
        if (!x)
            return NULL;
        x->name = adjusted ? adjusted : copy_str(tb, name, len);
        el->flags |= SV_NODE_NAMED;
    }
    copy_attrs(tb, el, tok);
    if (ns == SALVAGE_NS_MATHML && el->tag == SV_TAG_ANNOTATION_XML &&
        (sv_tb_attr_has(el, "encoding", "text/html") ||
         sv_tb_attr_has(el, "encoding", "application/xhtml+xml")))
        el->flags |= SV_NODE_HTML_IP;
    if (ns == SALVAGE_NS_HTML && el->tag == SV_TAG_TEMPLATE) {
        sv_node_extra *x = sv_tb_extra(tb, el);
        if (x && (x->contents = sv_tb_new_node(tb, SALVAGE_NODE_FRAGMENT, off, true))) {
            x->contents->parent = el; /* the contents point back to their template */
            el->flags |= SV_NODE_TEMPLATE;
        }
    }
    return el;
}

/* A new element for the token that created el (active formatting elements): same name,
 * namespace, attributes and source position. Attributes are shared: they never change
 * after creation for formatting elements. */
sv_node *sv_tb_clone_element(sv_treebuilder *tb, const sv_node *el)
{
    sv_node *c = sv_tb_new_node(tb, SALVAGE_NODE_ELEMENT, el->offset, false);
    if (!c)
        return NULL;
    if (el->flags & SV_NODE_NAMED) {
        sv_node_extra *x = sv_tb_extra(tb, c);
        if (!x)
            return NULL;
        x->name = el->extra->name;
    }
    c->ns = el->ns;
    c->tag = el->tag;
    sv_tb_set_attrs(c, sv_node_attrs(el), el->attr_count);
    c->flags |= (uint8_t)(el->flags & (SV_NODE_IMPLIED | SV_NODE_HTML_IP | SV_NODE_NAMED));
    return c;
}

/* Does el have attribute name with a value equal to value (ASCII case-insensitive)? value
 * NULL: any value. */
bool sv_tb_attr_has(const sv_node *el, const char *name, const char *value)
{
    const salvage_attribute *attrs = sv_node_attrs(el);
    for (size_t i = 0; i < el->attr_count; i++) {
        const salvage_attribute *a = &attrs[i];
        if (a->ns == SALVAGE_NS_NONE && strcmp(a->name, name) == 0)
            return !value || ascii_ieq(a->value, a->value_len, value);
    }
    return false;
}

/* ---- tree surgery ----------------------------------------------------------------------- */

void sv_tb_detach(sv_node *n)
{
    sv_node *p = n->parent;
    if (!p)
        return;
    sv_node *first = p->first;
    if (n == first) {
        p->first = n->next;
        if (n->next)
            n->next->prev = n->prev; /* the last child */
    } else {
        n->prev->next = n->next;
        if (n->next)
            n->next->prev = n->prev;
        else
            first->prev = n->prev; /* n was the last child */
    }
    n->parent = n->prev = n->next = NULL;
}

void sv_tb_insert_before(sv_node *parent, sv_node *child, sv_node *ref)
{
    sv_tb_detach(child);
    if (sv_node_contents(parent))
        parent = sv_node_contents(parent); /* a template's children go to its contents */
    sv_node *first = parent->first;
    if (!first) {
        parent->first = child;
        child->prev = child;
    } else if (!ref || ref->parent != parent) {
        sv_node *last = first->prev;
        last->next = child;
        child->prev = last;
        first->prev = child;
    } else {
        child->next = ref;
        child->prev = ref->prev;
        if (ref == first)
            parent->first = child;
        else
            ref->prev->next = child;
        ref->prev = child;
    }
    child->parent = parent;
}

void sv_tb_append(sv_node *parent, sv_node *child)
{
    sv_tb_insert_before(parent, child, NULL);
}

static bool foster_target(const sv_node *n)
{
    return n->ns == SALVAGE_NS_HTML &&
           (n->tag == SV_TAG_TABLE || n->tag == SV_TAG_TBODY || n->tag == SV_TAG_TFOOT ||
            n->tag == SV_TAG_THEAD || n->tag == SV_TAG_TR);
}

/* "appropriate place for inserting a node": *parent, and *before (NULL: at the end). */
void sv_tb_place(sv_treebuilder *tb, sv_node *override, sv_node **parent, sv_node **before)
{
    sv_node *target = override ? override : sv_tb_current(tb);
    *before = NULL;
    if (!target) {
        *parent = tb->document;
        return;
    }
    *parent = target;
    if (!tb->foster || !foster_target(target))
        return;
    /* Foster parenting. */
    int32_t tmpl = tb->top[SV_TAG_TEMPLATE], table = tb->top[SV_TAG_TABLE];
    if (tmpl >= 0 && (table < 0 || tmpl > table)) {
        *parent = tb->stack[tmpl].node;
        return;
    }
    if (table < 0) {
        *parent = tb->stack[0].node;
        return;
    }
    sv_node *t = tb->stack[table].node;
    if (t->parent) {
        *parent = t->parent;
        *before = t;
        return;
    }
    *parent = tb->stack[table > 0 ? table - 1 : 0].node;
}

void sv_tb_insert_node(sv_treebuilder *tb, sv_node *node, sv_node *override)
{
    sv_node *parent, *before;
    sv_tb_place(tb, override, &parent, &before);
    sv_tb_insert_before(parent, node, before);
    tb->work++;
}

/* "insert a foreign element" / "insert an HTML element" for a start tag token. */
sv_node *sv_tb_insert_element(sv_treebuilder *tb, const sv_token *tok, salvage_namespace ns)
{
    sv_node *el = sv_tb_create_element(tb, tok, tok->name, tok->name_len, ns, false);
    if (!el)
        return NULL;
    sv_tb_insert_node(tb, el, NULL);
    sv_tb_push(tb, el);
    if (ns == SALVAGE_NS_HTML && el->tag == SV_TAG_SELECTEDCONTENT)
        sv_tb_selectedcontent_inserted(tb, el);
    return el;
}

/* An HTML element the standard inserts without a token of its own ("insert an HTML element
 * for a start tag token whose tag name is ..."). */
sv_node *sv_tb_insert_implied(sv_treebuilder *tb, sv_tag tag)
{
    const char *name = sv_tag_name(tag);
    bool structural = tag == SV_TAG_HTML || tag == SV_TAG_HEAD || tag == SV_TAG_BODY;
    sv_node *el = sv_tb_create_element(tb, NULL, name, strlen(name), SALVAGE_NS_HTML,
                                       structural);
    if (!el)
        return NULL;
    el->flags |= SV_NODE_IMPLIED;
    sv_tb_insert_node(tb, el, NULL);
    sv_tb_push(tb, el);
    return el;
}

/* A void element: inserted, then at once popped off the stack (so it never takes a slot of
 * the depth limit). */
void sv_tb_insert_void(sv_treebuilder *tb, const sv_token *tok)
{
    sv_node *el = sv_tb_create_element(tb, tok, tok->name, tok->name_len, SALVAGE_NS_HTML,
                                       false);
    if (el)
        sv_tb_insert_node(tb, el, NULL);
}

/* White space between tags ("\n" and an indentation of spaces or tabs) makes up many text
 * nodes of real pages, and a large share of their bytes: nodes with the same run share one
 * copy. Shapes: [\n] then up to SV_SPACE_MAX spaces, or tabs. */
#define SV_SPACE_MAX 128u
#define SV_SP16 "                "
#define SV_TAB16 "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"
static const char space_runs[2][SV_SPACE_MAX + 1] = {
    SV_SP16 SV_SP16 SV_SP16 SV_SP16 SV_SP16 SV_SP16 SV_SP16 SV_SP16,
    SV_TAB16 SV_TAB16 SV_TAB16 SV_TAB16 SV_TAB16 SV_TAB16 SV_TAB16 SV_TAB16,
};

/* Every ASCII character followed by a NUL: a text node of one ASCII character (a separator
 * such as "|" or ",", a letter between formatting tags) points into this table instead of
 * taking two bytes and the alignment of the next node. */
#define SV_C1(c) (char)(c), 0
#define SV_C8(c) SV_C1(c), SV_C1(c + 1), SV_C1(c + 2), SV_C1(c + 3), SV_C1(c + 4), \
                 SV_C1(c + 5), SV_C1(c + 6), SV_C1(c + 7)
static const char one_chars[2 * 128] = {
    SV_C8(0),  SV_C8(8),  SV_C8(16), SV_C8(24), SV_C8(32),  SV_C8(40),  SV_C8(48),  SV_C8(56),
    SV_C8(64), SV_C8(72), SV_C8(80), SV_C8(88), SV_C8(96), SV_C8(104), SV_C8(112), SV_C8(120),
};

/* The shared copy of a first run s[0..n) of text (one ASCII character, or a run of white
 * space between tags), or NULL for other text. */
static const char *shared_text(sv_treebuilder *tb, const char *s, size_t n)
{
    if (n == 1 && (unsigned char)s[0] < 0x80)
        return one_chars + 2 * (unsigned char)s[0];
    if (n == 0 || n > SV_SPACE_MAX)
        return NULL;
    size_t from = s[0] == '\n';
    char c = n > from ? s[from] : ' ';
    if (c != ' ' && c != '\t')
        return NULL;
    if (memcmp(s + from, space_runs[c == '\t'], n - from) != 0)
        return NULL;
    if (!tb->spaces) {
        tb->spaces = sv_arena_calloc(&tb->doc->arena, 4 * (SV_SPACE_MAX + 1), sizeof *tb->spaces);
        if (!tb->spaces) {
            tb->doc->oom = true; /* every allocation failure ends the parse */
            return NULL;
        }
    }
    const char **slot = &tb->spaces[(from * 2 + (c == '\t')) * (SV_SPACE_MAX + 1) + n];
    if (!*slot && !(*slot = sv_arena_strndup(&tb->doc->arena, s, n)))
        tb->doc->oom = true;
    return *slot;
}

/* How many bytes of s still fit the text node under max (max_text_length) when all of s
 * would not: cut at a character boundary, the limit reported once per parse. */
static size_t text_room(sv_treebuilder *tb, const sv_node *t, const char *s, size_t max)
{
    size_t room = max > t->text_len ? max - t->text_len : 0;
    while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
        room--; /* cut at a character boundary */
    if (!tb->text_reported) {
        tb->text_reported = true;
        sv_limit(tb->doc, "limit-text-length", t->offset,
                 "a text node is longer than %zu bytes; truncated", max);
    }
    return room;
}

/* The first run s[0..n) of a new text node: shared when it is white space between tags or
 * one ASCII character, else packed without alignment (most nodes get no other run). */
static inline void text_first_run(sv_treebuilder *tb, sv_node *t, const char *s, size_t n)
{
    const char *shared = shared_text(tb, s, n);
    if (shared)
        t->flags |= SV_NODE_SHARED;
    char *p = shared ? (char *)(uintptr_t)shared : sv_arena_strndup(&tb->doc->arena, s, n);
    if (!p) {
        tb->doc->oom = true;
        return;
    }
    t->text = p;
    t->text_len = (uint32_t)n;
    tb->work++;
}

/* Gives the text node room for need bytes (its text and the closing NUL); -1 when out of
 * memory. */
static inline int text_grow(sv_treebuilder *tb, sv_node *t, size_t need)
{
    /* The arena's most recent block grows in place by just what is needed; any other node
     * at least doubles, into a block that records its capacity in front (SV_NODE_ROOMY), so
     * coalescing stays linear. */
    sv_arena *ar = &tb->doc->arena;
    bool shared = t->flags & SV_NODE_SHARED;
    size_t head = (t->flags & SV_NODE_ROOMY) ? SV_TEXT_CAP_BYTES : 0;
    size_t old_cap = sv_node_text_cap(t);
    char *block = t->text - head;
    bool in_place = !shared && ar->last == block && (size_t)(ar->limit - block) - head >= need;
    size_t cap = need;
    if (!in_place) {
        cap = old_cap * 2 > need ? old_cap * 2 : need;
        if (cap > (size_t)SV_NODE_MAX_LEN + 1)
            cap = (size_t)SV_NODE_MAX_LEN + 1; /* still >= need: text_len <= max */
    }
    size_t to = in_place ? head : SV_TEXT_CAP_BYTES; /* the new block's header */
    /* shared data is copied, never grown (the arena would extend it in place) */
    char *p = shared ? sv_arena_alloc_aligned(ar, to + cap, 1)
                     : sv_arena_grow(ar, block, head + old_cap, to + cap);
    if (!p) {
        tb->doc->oom = true;
        return -1;
    }
    if (shared)
        memcpy(p + to, t->text, t->text_len);
    else if (to != head)
        memmove(p + to, p, t->text_len); /* a header now goes in front */
    if (to) {
        uint32_t c = (uint32_t)cap;
        memcpy(p, &c, sizeof c);
    }
    t->text = p + to;
    t->flags &= (uint8_t)~(SV_NODE_SHARED | SV_NODE_ROOMY);
    if (to)
        t->flags |= SV_NODE_ROOMY;
    return 0;
}

/* Appends s[0..n) to a text node, within max_text_length. */
static void text_append(sv_treebuilder *tb, sv_node *t, const char *s, size_t n)
{
    size_t max = tb->doc->opts.max_text_length;
    if (max > SV_NODE_MAX_LEN)
        max = SV_NODE_MAX_LEN; /* the node's 32-bit length */
    if (t->text_len + n > max)
        n = text_room(tb, t, s, max);
    if (!t->text) {
        text_first_run(tb, t, s, n);
        return;
    }
    if (n == 0)
        return; /* cut to nothing: shared data (read-only for one character) stays as is */
    size_t need = t->text_len + n + 1;
    if (need > sv_node_text_cap(t) && text_grow(tb, t, need) != 0)
        return;
    memcpy(t->text + t->text_len, s, n);
    t->text_len += (uint32_t)n;
    t->text[t->text_len] = 0;
    tb->work++;
}

/* "insert a character" for a run of characters: appended to a Text node right before the
 * insertion point, else a new Text node. Never into the Document. */
void sv_tb_insert_text(sv_treebuilder *tb, const char *s, size_t n, size_t off)
{
    if (n == 0)
        return;
    sv_node *parent, *before;
    sv_tb_place(tb, NULL, &parent, &before);
    if (sv_node_contents(parent))
        parent = sv_node_contents(parent);
    if (parent->type == SALVAGE_NODE_DOCUMENT)
        return;
    sv_node *prev = before && before->parent == parent ? sv_node_prev(before)
                                                       : sv_node_last(parent);
    if (prev && prev->type == SALVAGE_NODE_TEXT) {
        text_append(tb, prev, s, n);
        return;
    }
    sv_node *t = sv_tb_new_node(tb, SALVAGE_NODE_TEXT, off, false);
    if (!t)
        return;
    text_append(tb, t, s, n);
    sv_tb_insert_before(parent, t, before);
}

/* "insert a comment": at the appropriate place, or as the last child of parent. */
void sv_tb_insert_comment(sv_treebuilder *tb, const sv_token *tok, sv_node *parent)
{
    sv_node *c = sv_tb_new_node(tb, SALVAGE_NODE_COMMENT, tok->offset, false);
    if (!c)
        return;
    size_t n = sv_tb_len32(tb, tok->data, tok->data_len, tok->offset);
    c->text = (char *)copy_str(tb, tok->data, n);
    c->text_len = c->text ? (uint32_t)n : 0;
    if (parent)
        sv_tb_append(parent, c);
    else
        sv_tb_insert_node(tb, c, NULL);
}

void sv_tb_error(sv_treebuilder *tb, const sv_token *tok, const char *code)
{
    sv_diag(tb->doc, SALVAGE_SEVERITY_ERROR, code, tok ? tok->offset : 0,
            "tree construction: %s", code);
}

/* "generic raw text / RCDATA element parsing algorithm" */
void sv_tb_raw_text(sv_treebuilder *tb, const sv_token *tok, sv_tok_state state)
{
    sv_node *el = sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
    sv_tokenizer_set_state(tb->tok, state);
    sv_tokenizer_set_last_start_tag(tb->tok, tok->name, tok->name_len);
    /* Past max_nodes the element does not exist: its text still reads as text, but goes to
     * the current node in the current mode, where the end tag is ignored. The text mode
     * would pop an element that is not there, and stay on after the end tag. */
    if (!el)
        return;
    tb->orig_mode = tb->mode;
    tb->mode = SV_M_TEXT;
}

/* ---- entry points ------------------------------------------------------------------------- */

static void process_token(sv_treebuilder *tb, sv_token *tok);

/* The token after <pre>, <listing> or <textarea>: a leading line feed is dropped. Kept out
 * of on_token, whose every call would otherwise set up room for the sliced token. */
SV_NOINLINE void skip_lf_token(sv_treebuilder *tb, sv_token *tok)
{
    tb->skip_lf = false;
    if (tok->type == SV_TOK_CHARACTER && tok->data_len && tok->data[0] == '\n') {
        if (tok->data_len == 1)
            return;
        sv_token sub = sv_tok_slice(tok, 1, tok->data_len - 1);
        process_token(tb, &sub);
        return;
    }
    process_token(tb, tok);
}

static void on_token(void *ctx, sv_token *tok)
{
    sv_treebuilder *tb = ctx;
    if (tb->doc->oom || tb->finished)
        return;
    if (tok->offset > tb->tok_pos)
        tb->tok_pos = tok->offset;
    if (SV_UNLIKELY(tb->skip_lf))
        skip_lf_token(tb, tok);
    else
        process_token(tb, tok);
}

static void process_token(sv_treebuilder *tb, sv_token *tok)
{
    if (tok->type == SV_TOK_CHARACTER && tok->data_len == 0)
        return;
    tb->nest = 0;
    tb->work++;
    sv_tb_dispatch(tb, tok);
    const sv_node *acn = sv_tb_adjusted_current(tb);
    bool cdata = acn && acn->ns != SALVAGE_NS_HTML;
    if (cdata != tb->cdata) {
        tb->cdata = cdata;
        sv_tokenizer_set_cdata_allowed(tb->tok, cdata);
    }
}

int sv_tree_feed(sv_treebuilder *tb, const char *s, size_t len)
{
    if (!tb || tb->doc->oom)
        return -1;
    int r = sv_tokenizer_feed(tb->tok, s, len);
    return (r != 0 || tb->doc->oom) ? -1 : 0;
}

/* Parses opts.fragment_context ("td", "svg path", "math mi") into the context element. */
static sv_node *make_context(sv_treebuilder *tb, const char *spec)
{
    salvage_namespace ns = SALVAGE_NS_HTML;
    if (strncmp(spec, "svg ", 4) == 0) {
        ns = SALVAGE_NS_SVG;
        spec += 4;
    } else if (strncmp(spec, "math ", 5) == 0) {
        ns = SALVAGE_NS_MATHML;
        spec += 5;
    }
    size_t n = strlen(spec);
    char *lower = sv_arena_strndup(&tb->doc->arena, spec, n);
    if (!lower) {
        tb->doc->oom = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (lower[i] >= 'A' && lower[i] <= 'Z')
            lower[i] = (char)(lower[i] + 32);
    return sv_tb_create_element(tb, NULL, lower, n, ns, true);
}

/* The HTML fragment parsing algorithm's set-up (13.4): tokenizer state from the context
 * element, a lone html root, template mode, form pointer, insertion mode. */
static void setup_fragment(sv_treebuilder *tb)
{
    sv_node *ctx = tb->context;
    if (ctx->ns == SALVAGE_NS_HTML) {
        switch (ctx->tag) {
        case SV_TAG_TITLE: case SV_TAG_TEXTAREA:
            sv_tokenizer_set_state(tb->tok, SV_TS_RCDATA);
            break;
        case SV_TAG_STYLE: case SV_TAG_XMP: case SV_TAG_IFRAME: case SV_TAG_NOEMBED:
        case SV_TAG_NOFRAMES:
            sv_tokenizer_set_state(tb->tok, SV_TS_RAWTEXT);
            break;
        case SV_TAG_SCRIPT:
            sv_tokenizer_set_state(tb->tok, SV_TS_SCRIPT_DATA);
            break;
        case SV_TAG_NOSCRIPT:
            if (tb->scripting)
                sv_tokenizer_set_state(tb->tok, SV_TS_RAWTEXT);
            break;
        case SV_TAG_PLAINTEXT:
            sv_tokenizer_set_state(tb->tok, SV_TS_PLAINTEXT);
            break;
        default:
            break;
        }
        /* No start tag has been emitted, so no end tag is "appropriate": the context's
         * own end tag stays text (a script fragment keeps "</script>"). */
    }
    sv_node *html = sv_tb_create_element(tb, NULL, "html", 4, SALVAGE_NS_HTML, true);
    if (!html)
        return;
    html->flags |= SV_NODE_IMPLIED;
    sv_tb_append(tb->document, html);
    sv_tb_push(tb, html);
    if (sv_is_html(ctx, SV_TAG_TEMPLATE))
        sv_tb_push_tmode(tb, SV_M_IN_TEMPLATE);
    sv_tb_reset_mode(tb);
    if (sv_is_html(ctx, SV_TAG_FORM))
        tb->form = ctx;
    tb->frameset_ok = false;
    tb->cdata = ctx->ns != SALVAGE_NS_HTML;
    sv_tokenizer_set_cdata_allowed(tb->tok, tb->cdata);
}

sv_treebuilder *sv_tree_new(salvage_doc *doc)
{
    sv_treebuilder *tb = sv_arena_calloc(&doc->arena, 1, sizeof *tb);
    if (!tb) {
        doc->oom = true;
        return NULL;
    }
    tb->doc = doc;
    size_t md = doc->opts.max_depth;
    tb->max_stack = (uint32_t)(md < 4 ? 4 : md > SV_TB_MAX_DEPTH ? SV_TB_MAX_DEPTH : md);
    tb->max_afe = tb->max_stack < 16 ? 16 : tb->max_stack;
    tb->max_nodes = doc->opts.max_nodes;
    tb->node_ratio = doc->opts.max_node_ratio;
    node_budget(tb, 0);
    for (size_t i = 0; i < SV_TAG_COUNT; i++)
        tb->top[i] = -1;
    tb->scripting = (doc->opts.flags & SALVAGE_FLAG_SCRIPTING) != 0;
    tb->frameset_ok = true;
    tb->mode = SV_M_INITIAL;
    sv_buf_init(&tb->ttext, &doc->arena);
    tb->tok = sv_tokenizer_new(doc, on_token, tb);
    const char *ctx = doc->opts.fragment_context;
    tb->fragment = ctx && *ctx;
    tb->document = sv_tb_new_node(tb, tb->fragment ? SALVAGE_NODE_FRAGMENT
                                                   : SALVAGE_NODE_DOCUMENT, 0, true);
    if (!tb->tok || !tb->document)
        return NULL;
    tb->document->flags |= SV_NODE_IMPLIED;
    if (tb->fragment) {
        tb->context = make_context(tb, ctx);
        if (!tb->context)
            return NULL;
        setup_fragment(tb);
    }
    return doc->oom ? NULL : tb;
}

/* Records original byte offsets now that all of the input is decoded. */
/* Every node, template contents included, in one pre-order pass that visits each node once
 * (the walk of sv_node_walk, without its leaving steps). No recursion. */
void sv_tree_resolve_offsets(salvage_doc *doc)
{
    /* UTF-8 input without CR or BOM maps one to one: nothing to convert */
    const sv_offseg *seg = doc->offmap.data;
    if (doc->offmap.len == 0 || (doc->offmap.len == 1 && seg->dec == seg->orig && !seg->dstep &&
                                 doc->text.len <= doc->input_bytes))
        return;
    sv_node *root = doc->root, *n = root;
    while (n) {
        n->offset = sv_doc_orig_offset(doc, n->offset);
        sv_node *down = sv_node_contents(n) ? sv_node_contents(n) : n->first;
        if (down) {
            n = down;
            continue;
        }
        /* n is finished: the next sibling of the nearest unfinished node (a template's
         * contents have no siblings) */
        while (n != root &&
               (!n->next || (n->parent && sv_node_contents(n->parent) == n)))
            n = n->parent;
        n = n == root ? NULL : n->next;
    }
}

/* Fragment parsing returns the children of the html root: they move to the FRAGMENT. */
static void finish_fragment(sv_treebuilder *tb)
{
    sv_node *html = tb->document->first;
    if (!html)
        return;
    sv_tb_detach(html);
    while (html->first) {
        sv_node *c = html->first;
        sv_tb_detach(c);
        sv_tb_append(tb->document, c);
    }
}

int sv_tree_finish(sv_treebuilder *tb)
{
    if (!tb || tb->doc->oom)
        return -1;
    if (sv_tokenizer_finish(tb->tok) != 0 || tb->doc->oom)
        return -1;
    tb->finished = true;
    /* "stop parsing": pop all the nodes off the stack of open elements */
    while (tb->depth)
        sv_tb_pop(tb);
    if (tb->fragment)
        finish_fragment(tb);
    tb->doc->root = tb->document;
    tb->doc->tree_work = tb->work;
    return 0;
}

/* ---- customizable select: selectedcontent mirrors the selected option ------------------- */

/* The nearest select ancestor of n (bounded walk), or NULL. */
static sv_node *select_ancestor(const sv_treebuilder *tb, sv_node *n)
{
    if (tb->top[SV_TAG_SELECT] < 0)
        return NULL;
    for (unsigned steps = 0; n && steps < 512; steps++, n = n->parent)
        if (sv_is_html(n, SV_TAG_SELECT))
            return n;
    return NULL;
}

/* A selectedcontent element inside a select (and not inside an option, whose contents it
 * would then copy into itself) shows the selected option's contents. */
void sv_tb_selectedcontent_inserted(sv_treebuilder *tb, sv_node *el)
{
    if (tb->top[SV_TAG_SELECT] < 0)
        return;
    sv_node *n = el->parent;
    for (unsigned steps = 0; n && steps < 512; steps++, n = n->parent) {
        if (sv_is_html(n, SV_TAG_OPTION))
            return;
        if (sv_is_html(n, SV_TAG_SELECT)) {
            sv_node_extra *x = sv_node_selectedcontent(n) ? NULL : sv_tb_extra(tb, n);
            if (x)
                x->selectedcontent = el;
            return;
        }
    }
}

static sv_node *clone_one(sv_treebuilder *tb, const sv_node *s)
{
    if (s->type == SALVAGE_NODE_ELEMENT)
        return sv_tb_clone_element(tb, s);
    sv_node *c = sv_tb_new_node(tb, (salvage_node_type)s->type, s->offset, false);
    if (!c)
        return NULL;
    c->text = s->text ? (char *)copy_str(tb, s->text, s->text_len) : NULL;
    c->text_len = c->text ? s->text_len : 0;
    return c;
}

/* Replaces dst's children with copies of src's (an iterative deep clone). Copies that would
 * go past the depth limit are attached beside each other at the deepest allowed level, as
 * the parser attaches such elements. */
static void clone_children(sv_treebuilder *tb, const sv_node *src, sv_node *dst)
{
    while (dst->first)
        sv_tb_detach(dst->first);
    const sv_node *s = src->first;
    sv_node *dparent = dst;
    uint32_t dd = sv_tb_node_depth(tb, dst); /* dparent's tree depth */
    uint32_t flat = 0; /* source levels entered without a copy level (innermost) */
    while (s) {
        sv_node *c = clone_one(tb, s);
        if (!c)
            return;
        sv_tb_append(dparent, c);
        if (s->first) {
            s = s->first;
            if (dd + 1 < tb->max_stack) {
                dparent = c;
                dd++;
            } else {
                sv_tb_depth_limit(tb, s->offset);
                flat++;
            }
            continue;
        }
        while (s && !s->next) {
            s = s->parent;
            if (s == src)
                return;
            if (flat) {
                flat--;
            } else {
                dparent = dparent->parent;
                dd--;
            }
        }
        if (s)
            s = s->next;
    }
}

/* "maybe clone an option into selectedcontent", run when an option is popped. */
void sv_tb_option_popped(sv_treebuilder *tb, sv_node *option)
{
    sv_node *select = select_ancestor(tb, option->parent);
    if (!select || !sv_node_selectedcontent(select))
        return;
    /* the selectedcontent may have been moved inside this option since (adoption agency,
     * foster parenting): never copy a subtree into itself */
    unsigned steps = 0;
    for (const sv_node *a = sv_node_selectedcontent(select); a; a = a->parent)
        if (a == option || ++steps > 4096)
            return;
    bool attr = sv_tb_attr_has(option, "selected", NULL);
    bool selected = attr || !(select->flags & SV_NODE_SELECTED);
    if (attr && (select->flags & SV_NODE_SELECTED_ATTR) &&
        sv_tb_attr_has(select, "multiple", NULL))
        selected = false; /* a multiple select shows its first selected option */
    select->flags |= SV_NODE_SELECTED;
    if (attr)
        select->flags |= SV_NODE_SELECTED_ATTR;
    if (selected)
        clone_children(tb, option, sv_node_selectedcontent(select));
}
