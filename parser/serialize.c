/*
 * serialize.c — the tree as HTML (the standard's HTML fragment serialisation algorithm,
 * 13.3) and as the html5lib-tests tree dump. Both walk the tree without recursion.
 */
#include "tags.h"
#include "tree.h"

#include <stdlib.h>

typedef struct writer {
    salvage_write_fn fn;
    void *ctx;
    int failed; /* stop writing: the callback failed (or memory ran out, see nomem) */
    int nomem;
    size_t len;
    char buf[4096];
} writer;

static void w_flush(writer *w)
{
    if (w->len && !w->failed && w->fn(w->ctx, w->buf, w->len) != 0)
        w->failed = 1;
    w->len = 0;
}

static void w_put(writer *w, const char *s, size_t n)
{
    while (n && !w->failed) {
        size_t room = sizeof w->buf - w->len;
        size_t k = n < room ? n : room;
        memcpy(w->buf + w->len, s, k);
        w->len += k;
        s += k;
        n -= k;
        if (w->len == sizeof w->buf)
            w_flush(w);
    }
}

static void w_str(writer *w, const char *s) { w_put(w, s, strlen(s)); }

static salvage_status w_end(writer *w)
{
    w_flush(w);
    if (w->nomem)
        return SALVAGE_ENOMEM;
    return w->failed ? SALVAGE_IO : SALVAGE_OK;
}

/* ---- HTML ---------------------------------------------------------------------------------- */

static bool is_void(const sv_node *n)
{
    if (n->ns != SALVAGE_NS_HTML)
        return false;
    switch (n->tag) {
    case SV_TAG_AREA: case SV_TAG_BASE: case SV_TAG_BASEFONT: case SV_TAG_BGSOUND:
    case SV_TAG_BR: case SV_TAG_COL: case SV_TAG_EMBED: case SV_TAG_FRAME: case SV_TAG_HR:
    case SV_TAG_IMG: case SV_TAG_INPUT: case SV_TAG_KEYGEN: case SV_TAG_LINK:
    case SV_TAG_META: case SV_TAG_PARAM: case SV_TAG_SOURCE: case SV_TAG_TRACK:
    case SV_TAG_WBR:
        return true;
    default:
        return false;
    }
}

static bool raw_text_parent(const sv_node *p, bool scripting)
{
    if (!p || p->type != SALVAGE_NODE_ELEMENT || p->ns != SALVAGE_NS_HTML)
        return false;
    switch (p->tag) {
    case SV_TAG_STYLE: case SV_TAG_SCRIPT: case SV_TAG_XMP: case SV_TAG_IFRAME:
    case SV_TAG_NOEMBED: case SV_TAG_NOFRAMES: case SV_TAG_PLAINTEXT:
        return true;
    case SV_TAG_NOSCRIPT:
        return scripting;
    default:
        return false;
    }
}

/* "escaping a string": & and U+00A0 always; < > in text and attribute values; " in
 * attribute values. */
static void w_escaped(writer *w, const char *s, size_t n, bool attr)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        size_t skip = 1;
        unsigned char c = (unsigned char)s[i];
        if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '"' && attr)
            rep = "&quot;";
        else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            rep = "&nbsp;";
            skip = 2;
        }
        if (!rep)
            continue;
        w_put(w, s + start, i - start);
        w_str(w, rep);
        start = i + skip;
        i += skip - 1;
    }
    w_put(w, s + start, n - start);
}

/* The serialisation's qualified name: xml:, xlink: or xmlns: before the local name of an
 * attribute in those namespaces, except xmlns itself (salvage_attribute_prefix). */
static void w_attr_name(writer *w, const salvage_attribute *a)
{
    const char *prefix = salvage_attribute_prefix(a);
    if (prefix) {
        w_str(w, prefix);
        w_str(w, ":");
    }
    w_put(w, a->name, a->name_len);
}

static void html_enter(writer *w, const sv_node *n, bool scripting)
{
    switch (n->type) {
    case SALVAGE_NODE_ELEMENT:
        w_str(w, "<");
        w_str(w, sv_node_name(n));
        const salvage_attribute *attrs = n->attr_count ? sv_node_attrs(n) : NULL;
        for (size_t i = 0; i < n->attr_count; i++) {
            w_str(w, " ");
            w_attr_name(w, &attrs[i]);
            w_str(w, "=\"");
            w_escaped(w, attrs[i].value, attrs[i].value_len, true);
            w_str(w, "\"");
        }
        w_str(w, ">");
        if (!is_void(n) && !n->first && !sv_node_contents(n)) {
            w_str(w, "</");
            w_str(w, sv_node_name(n));
            w_str(w, ">");
        }
        return;
    case SALVAGE_NODE_TEXT:
        if (raw_text_parent(n->parent, scripting))
            w_put(w, n->text, n->text_len);
        else
            w_escaped(w, n->text, n->text_len, false);
        return;
    case SALVAGE_NODE_COMMENT:
        w_str(w, "<!--");
        w_put(w, n->text, n->text_len);
        w_str(w, "-->");
        return;
    case SALVAGE_NODE_DOCTYPE:
        w_str(w, "<!DOCTYPE ");
        w_str(w, sv_node_name(n) ? sv_node_name(n) : "");
        w_str(w, ">");
        return;
    default:
        return;
    }
}

salvage_status salvage_write_html(const salvage_doc *doc, salvage_write_fn fn, void *ctx)
{
    if (!doc || !fn || doc->kind != SALVAGE_INPUT_HTML || !doc->root)
        return SALVAGE_INVALID_ARG;
    writer wr, *w = &wr;
    w->fn = fn;
    w->ctx = ctx;
    w->failed = 0;
    w->nomem = 0;
    w->len = 0;
    bool scripting = (doc->opts.flags & SALVAGE_FLAG_SCRIPTING) != 0;
    const sv_node *root = doc->root, *n = NULL;
    int entering = 0;
    while ((n = sv_node_walk(root, n, &entering, true)) != NULL && !w->failed) {
        if (n == root)
            continue;
        if (entering)
            html_enter(w, n, scripting);
        else if (n->type == SALVAGE_NODE_ELEMENT && !is_void(n)) {
            w_str(w, "</");
            w_str(w, sv_node_name(n));
            w_str(w, ">");
        }
    }
    return w_end(w);
}

/* ---- html5lib tree dump ------------------------------------------------------------------- */

/* "| " and two spaces a level. Deep trees (up to max_depth levels) indent every line by up
 * to a kilobyte, so the spaces go out in blocks rather than two at a time. */
static void w_indent(writer *w, size_t depth)
{
    static const char spaces[] = "                                                                ";
    w_put(w, "| ", 2);
    for (size_t n = 2 * depth; n;) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        w_put(w, spaces, k);
        n -= k;
    }
}

static const char *attr_designator(const salvage_attribute *a)
{
    switch (a->ns) {
    case SALVAGE_NS_XLINK: return "xlink ";
    case SALVAGE_NS_XML: return "xml ";
    case SALVAGE_NS_XMLNS: return "xmlns ";
    default: return "";
    }
}

/* The i-th byte of an attribute's dump name (designator + local name), or -1 past its end. */
static int key_at(const salvage_attribute *a, size_t i)
{
    const char *d = attr_designator(a);
    size_t dl = strlen(d);
    if (i < dl)
        return (unsigned char)d[i];
    i -= dl;
    return i < a->name_len ? (unsigned char)a->name[i] : -1;
}

/* Attribute order of the dump: bytewise by dump name (UTF-16 order agrees for the ASCII
 * names this parser produces). */
static int attr_cmp(const void *x, const void *y)
{
    const salvage_attribute *a = *(const salvage_attribute *const *)x;
    const salvage_attribute *b = *(const salvage_attribute *const *)y;
    for (size_t i = 0;; i++) {
        int ca = key_at(a, i), cb = key_at(b, i);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (ca < 0)
            return 0;
    }
}

static void dump_attrs(writer *w, const salvage_doc *doc, const sv_node *n, size_t depth)
{
    if (!n->attr_count)
        return;
    size_t bytes = n->attr_count * sizeof(const salvage_attribute *);
    const salvage_attribute **order = sv_mem_alloc(&doc->alloc, bytes);
    if (!order) {
        w->failed = 1;
        w->nomem = 1;
        return;
    }
    for (size_t i = 0; i < n->attr_count; i++)
        order[i] = &sv_node_attrs(n)[i];
    qsort(order, n->attr_count, sizeof *order, attr_cmp);
    for (size_t i = 0; i < n->attr_count; i++) {
        w_indent(w, depth);
        w_str(w, attr_designator(order[i]));
        w_put(w, order[i]->name, order[i]->name_len);
        w_str(w, "=\"");
        w_put(w, order[i]->value, order[i]->value_len);
        w_str(w, "\"\n");
    }
    sv_mem_free(&doc->alloc, order, bytes);
}

static void dump_node(writer *w, const salvage_doc *doc, const sv_node *n, size_t depth)
{
    switch (n->type) {
    case SALVAGE_NODE_ELEMENT:
        w_indent(w, depth);
        w_str(w, n->ns == SALVAGE_NS_SVG ? "<svg " : n->ns == SALVAGE_NS_MATHML ? "<math " : "<");
        w_str(w, sv_node_name(n));
        w_str(w, ">\n");
        dump_attrs(w, doc, n, depth + 1);
        return;
    case SALVAGE_NODE_TEXT:
        w_indent(w, depth);
        w_str(w, "\"");
        w_put(w, n->text, n->text_len);
        w_str(w, "\"\n");
        return;
    case SALVAGE_NODE_COMMENT:
        w_indent(w, depth);
        w_str(w, "<!-- ");
        w_put(w, n->text, n->text_len);
        w_str(w, " -->\n");
        return;
    case SALVAGE_NODE_DOCTYPE: {
        w_indent(w, depth);
        w_str(w, "<!DOCTYPE ");
        w_str(w, sv_node_name(n) ? sv_node_name(n) : "");
        const char *pub = n->ids && n->ids->public_id ? n->ids->public_id : "";
        const char *sys = n->ids && n->ids->system_id ? n->ids->system_id : "";
        if (*pub || *sys) {
            w_str(w, " \"");
            w_str(w, pub);
            w_str(w, "\" \"");
            w_str(w, sys);
            w_str(w, "\"");
        }
        w_str(w, ">\n");
        return;
    }
    case SALVAGE_NODE_FRAGMENT:
        w_indent(w, depth);
        w_str(w, "content\n");
        return;
    default:
        return;
    }
}

salvage_status salvage_write_tree(const salvage_doc *doc, salvage_write_fn fn, void *ctx)
{
    if (!doc || !fn || doc->kind != SALVAGE_INPUT_HTML || !doc->root)
        return SALVAGE_INVALID_ARG;
    writer wr, *w = &wr;
    w->fn = fn;
    w->ctx = ctx;
    w->failed = 0;
    w->nomem = 0;
    w->len = 0;
    const sv_node *root = doc->root, *n = NULL;
    int entering = 0;
    size_t depth = 0; /* of the next node entered, the root's children being at 0 */
    while ((n = sv_node_walk(root, n, &entering, true)) != NULL && !w->failed) {
        if (n == root)
            continue;
        if (!entering) {
            depth--;
            continue;
        }
        dump_node(w, doc, n, depth);
        if (n->first || sv_node_contents(n))
            depth++;
    }
    return w_end(w);
}
