/*
 * check.c — the invariants every harness checks on a finished document, and the writers
 * run into a throw-away sink (see harness.h).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* A NUL-terminated library string. */
static void check_cstring(const char *s)
{
    FZ_CHECK(s != NULL);
    fz_check_string(s, strlen(s));
}

/* ---- article model ---------------------------------------------------------------------- */

/* Longest run of non-starters (canonical combining class != 0) in valid UTF-8. */
static size_t longest_nonstarter_run(const char *s, size_t len)
{
    size_t best = 0, run = 0, i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        FZ_CHECK(n > 0);
        run = utf8proc_get_property(cp)->combining_class ? run + 1 : 0;
        if (run > best)
            best = run;
        i += (size_t)n;
    }
    return best;
}

/* Output text is NFC unless SALVAGE_FLAG_NO_NFC: normalising it again changes nothing. */
static void check_nfc(const char *s, size_t len)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) /* utf8proc's own allocation failed: nothing to compare */
        return;
    FZ_CHECK((size_t)n == len && memcmp(nfc, s, len) == 0);
    free(nfc);
}

static int at_boundary(const salvage_text *t, size_t off)
{
    return off == t->len || ((unsigned char)t->text[off] & 0xC0) != 0x80;
}

static void check_text(const salvage_text *t, const salvage_options *opts)
{
    if (t->text == NULL) {
        FZ_CHECK(t->len == 0 && t->span_count == 0);
        return;
    }
    fz_check_string(t->text, t->len);
    if (!(opts->flags & SALVAGE_FLAG_NO_NFC)) {
        FZ_CHECK(longest_nonstarter_run(t->text, t->len) <= opts->max_combining);
        check_nfc(t->text, t->len);
    }
    FZ_CHECK(t->span_count == 0 || t->spans != NULL);
    for (size_t i = 0; i < t->span_count; i++) {
        const salvage_span *sp = &t->spans[i];
        FZ_CHECK(sp->kind <= SALVAGE_SPAN_CODE);
        FZ_CHECK(sp->start <= sp->end && sp->end <= t->len);
        FZ_CHECK(at_boundary(t, sp->start) && at_boundary(t, sp->end));
        if (sp->kind != SALVAGE_SPAN_LINK)
            FZ_CHECK(sp->href == NULL);
        else if (sp->href)
            check_cstring(sp->href);
    }
}

static void check_block(const salvage_block *b, size_t input_len, const salvage_options *opts)
{
    FZ_CHECK(b->type <= SALVAGE_BLOCK_PREFORMATTED);
    FZ_CHECK(b->start <= b->end && b->end <= input_len);
    FZ_CHECK(b->line >= 1 && b->line <= input_len + 1);
    if (b->type == SALVAGE_BLOCK_HEADING)
        FZ_CHECK(b->level >= 1 && b->level <= 6);
    check_text(&b->content, opts);
    FZ_CHECK(b->item_count == 0 || b->items != NULL);
    for (size_t i = 0; i < b->item_count; i++) {
        FZ_CHECK(b->items[i].level >= 0);
        check_text(&b->items[i].content, opts);
    }
    FZ_CHECK(b->row_count == 0 || b->rows != NULL);
    for (size_t r = 0; r < b->row_count; r++) {
        const salvage_row *row = &b->rows[r];
        FZ_CHECK(row->cell_count == 0 || row->cells != NULL);
        for (size_t c = 0; c < row->cell_count; c++)
            check_text(&row->cells[c].content, opts);
    }
}

static void check_article(const salvage_doc *doc, size_t input_len, const salvage_options *opts)
{
    size_t nb = salvage_doc_block_count(doc);
    for (size_t i = 0; i < nb; i++) {
        const salvage_block *b = salvage_doc_block(doc, i);
        FZ_CHECK(b != NULL);
        check_block(b, input_len, opts);
    }
    FZ_CHECK(salvage_doc_block(doc, nb) == NULL);

    size_t nn = salvage_doc_noise_count(doc);
    for (size_t i = 0; i < nn; i++) {
        const salvage_noise *n = salvage_doc_noise(doc, i);
        FZ_CHECK(n != NULL);
        check_cstring(n->noise_class);
        FZ_CHECK(n->start <= n->end && n->end <= input_len);
        FZ_CHECK(n->line >= 1 && n->line <= input_len + 1);
        if (n->text)
            fz_check_string(n->text, n->text_len);
        else
            FZ_CHECK(n->text_len == 0);
    }
    FZ_CHECK(salvage_doc_noise(doc, nn) == NULL);
}

/* ---- diagnostics ------------------------------------------------------------------------ */

static void check_diagnostics(const salvage_doc *doc, size_t input_len,
                              const salvage_options *opts)
{
    size_t nd = salvage_doc_diagnostic_count(doc);
    FZ_CHECK(nd <= opts->max_diagnostics);
    int saw_limit = 0;
    for (size_t i = 0; i < nd; i++) {
        const salvage_diagnostic *d = salvage_doc_diagnostic(doc, i);
        FZ_CHECK(d != NULL);
        check_cstring(d->code);
        FZ_CHECK(d->code[0] != 0);
        check_cstring(d->message);
        FZ_CHECK(d->severity <= SALVAGE_SEVERITY_ERROR);
        FZ_CHECK(d->offset <= input_len);
        FZ_CHECK(d->line >= 1 && d->line <= input_len + 1);
        FZ_CHECK(d->column >= 1 && d->column <= input_len + 1);
        if (strncmp(d->code, "limit", 5) == 0)
            saw_limit = 1;
    }
    FZ_CHECK(salvage_doc_diagnostic(doc, nd) == NULL);
    /* A LIMIT status is explained by a diagnostic, unless max_diagnostics dropped it. */
    if (salvage_doc_status(doc) == SALVAGE_LIMIT)
        FZ_CHECK(saw_limit || salvage_doc_diagnostics_dropped(doc) > 0);
}

/* ---- tree ------------------------------------------------------------------------------- */

/* One open node of the walk: the node entered and the last of its children seen so far. */
typedef struct fz_open {
    const salvage_node *node;
    const salvage_node *last;
} fz_open;

typedef struct fz_walk {
    fz_open *stack;
    size_t depth, cap;
    const salvage_node **roots; /* template contents still to walk */
    size_t nroots, roots_cap;
    size_t nodes; /* element, text, comment and doctype nodes seen */
    size_t input_len;
    const salvage_options *opts;
} fz_walk;

static void *grow(void *p, size_t *cap, size_t item)
{
    size_t n = *cap ? *cap * 2 : 64;
    void *q = realloc(p, n * item);
    FZ_CHECK(q != NULL); /* the harness's own memory; not a library failure */
    *cap = n;
    return q;
}

static void check_attributes(const salvage_node *n, const salvage_options *opts)
{
    size_t na = salvage_node_attribute_count(n);
    FZ_CHECK(na <= opts->max_attributes);
    int html = salvage_node_namespace(n) == SALVAGE_NS_HTML;
    for (size_t i = 0; i < na; i++) {
        const salvage_attribute *a = salvage_node_attribute(n, i);
        FZ_CHECK(a != NULL);
        fz_check_string(a->name, a->name_len);
        fz_check_string(a->value, a->value_len);
        FZ_CHECK(a->name_len <= opts->max_attr_length);
        FZ_CHECK(a->value_len <= opts->max_attr_length);
        FZ_CHECK(a->ns == SALVAGE_NS_NONE || a->ns == SALVAGE_NS_XLINK ||
                 a->ns == SALVAGE_NS_XML || a->ns == SALVAGE_NS_XMLNS);
        if (a->ns == SALVAGE_NS_NONE)
            FZ_CHECK(salvage_attribute_prefix(a) == NULL);
        else if (salvage_attribute_prefix(a))
            check_cstring(salvage_attribute_prefix(a));
        if (html && a->ns == SALVAGE_NS_NONE)
            FZ_CHECK(salvage_node_get_attribute(n, a->name) != NULL);
    }
    FZ_CHECK(salvage_node_attribute(n, na) == NULL);
}

static int has_ascii_upper(const char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            return 1;
    return 0;
}

static void check_node(fz_walk *w, const salvage_node *n)
{
    const salvage_options *opts = w->opts;
    salvage_node_type type = salvage_node_get_type(n);
    size_t len = 0;
    const char *text;
    FZ_CHECK(type <= SALVAGE_NODE_FRAGMENT);
    /* Only a walk root is a document or a fragment. */
    FZ_CHECK(w->depth == 0 || (type != SALVAGE_NODE_DOCUMENT && type != SALVAGE_NODE_FRAGMENT));
    if (type != SALVAGE_NODE_DOCUMENT && type != SALVAGE_NODE_FRAGMENT)
        w->nodes++;
    FZ_CHECK(salvage_node_offset(n) <= w->input_len);
    if (salvage_node_is_implied(n))
        FZ_CHECK(salvage_node_offset(n) == 0);
    else if (type != SALVAGE_NODE_DOCUMENT && type != SALVAGE_NODE_FRAGMENT)
        FZ_CHECK(salvage_node_offset(n) < w->input_len);

    switch (type) {
    case SALVAGE_NODE_ELEMENT: {
        const char *name = salvage_node_name(n);
        salvage_namespace ns = salvage_node_namespace(n);
        check_cstring(name);
        FZ_CHECK(name[0] != 0);
        /* Tag names from the input are truncated to max_attr_length; implied elements
         * (html, head, body, tbody, ...) carry their full names. */
        if (!salvage_node_is_implied(n))
            FZ_CHECK(strlen(name) <= opts->max_attr_length);
        FZ_CHECK(ns == SALVAGE_NS_HTML || ns == SALVAGE_NS_SVG || ns == SALVAGE_NS_MATHML);
        if (ns == SALVAGE_NS_HTML)
            FZ_CHECK(!has_ascii_upper(name));
        check_attributes(n, opts);
        const salvage_node *tc = salvage_node_template_contents(n);
        if (tc) {
            FZ_CHECK(ns == SALVAGE_NS_HTML && strcmp(name, "template") == 0);
            FZ_CHECK(salvage_node_get_type(tc) == SALVAGE_NODE_FRAGMENT);
            if (w->nroots == w->roots_cap)
                w->roots = grow(w->roots, &w->roots_cap, sizeof *w->roots);
            w->roots[w->nroots++] = tc;
        }
        break;
    }
    case SALVAGE_NODE_TEXT:
    case SALVAGE_NODE_COMMENT:
        text = salvage_node_text(n, &len);
        fz_check_string(text, len);
        FZ_CHECK(len <= opts->max_text_length);
        FZ_CHECK(salvage_node_attribute_count(n) == 0 && salvage_node_first_child(n) == NULL);
        break;
    case SALVAGE_NODE_DOCTYPE:
        if (salvage_node_name(n))
            check_cstring(salvage_node_name(n));
        text = salvage_node_text(n, &len);
        if (text)
            fz_check_string(text, len);
        if (salvage_node_doctype_system(n))
            check_cstring(salvage_node_doctype_system(n));
        FZ_CHECK(salvage_node_first_child(n) == NULL);
        break;
    case SALVAGE_NODE_DOCUMENT:
    case SALVAGE_NODE_FRAGMENT:
        FZ_CHECK(salvage_node_name(n) == NULL);
        break;
    }
}

/* Entering n: it must be the next child of the innermost open node, in both link
 * directions. */
static void walk_enter(fz_walk *w, const salvage_node *n)
{
    check_node(w, n);
    if (w->depth > 0) {
        fz_open *top = &w->stack[w->depth - 1];
        FZ_CHECK(salvage_node_parent(n) == top->node);
        FZ_CHECK(salvage_node_prev_sibling(n) == top->last);
        if (top->last)
            FZ_CHECK(salvage_node_next_sibling(top->last) == n);
        else
            FZ_CHECK(salvage_node_first_child(top->node) == n);
        top->last = n;
    }
    if (salvage_node_first_child(n) == NULL) {
        FZ_CHECK(salvage_node_last_child(n) == NULL);
        return;
    }
    if (w->depth == w->cap)
        w->stack = grow(w->stack, &w->cap, sizeof *w->stack);
    w->stack[w->depth].node = n;
    w->stack[w->depth].last = NULL;
    w->depth++;
    /* The walk root plus max_depth elements, with one level of slack for the html element
     * a fragment parse implies. The tree builder keeps room for at least four open
     * elements (html, body and a little content) whatever max_depth says. */
    size_t max_depth = w->opts->max_depth < 4 ? 4 : w->opts->max_depth;
    FZ_CHECK(w->depth <= max_depth + 2);
}

static void walk_leave(fz_walk *w, const salvage_node *n)
{
    FZ_CHECK(w->depth > 0);
    fz_open *top = &w->stack[w->depth - 1];
    FZ_CHECK(top->node == n);
    FZ_CHECK(top->last != NULL && salvage_node_last_child(n) == top->last);
    FZ_CHECK(salvage_node_next_sibling(top->last) == NULL);
    w->depth--;
}

static void walk_subtree(fz_walk *w, const salvage_node *root)
{
    const salvage_node *n = NULL;
    int entering = 0;
    w->depth = 0;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL) {
        if (entering)
            walk_enter(w, n);
        else
            walk_leave(w, n);
        /* Past max_nodes the tree builder still creates the nodes the algorithm relies on:
         * html, head, body and the doctype. A cycle would keep the walk going for ever;
         * the node count stops it. */
        FZ_CHECK(w->nodes <= w->opts->max_nodes + 4);
    }
    FZ_CHECK(w->depth == 0);
}

static void check_tree(const salvage_doc *doc, size_t input_len, const salvage_options *opts)
{
    const salvage_node *root = salvage_doc_root(doc);
    if (salvage_doc_input_kind(doc) == SALVAGE_INPUT_TEXT) {
        FZ_CHECK(root == NULL);
        return;
    }
    FZ_CHECK(root != NULL);
    /* An empty context name parses a whole document, like NULL. */
    int fragment = opts->fragment_context && opts->fragment_context[0];
    FZ_CHECK(salvage_node_get_type(root) ==
             (fragment ? SALVAGE_NODE_FRAGMENT : SALVAGE_NODE_DOCUMENT));
    FZ_CHECK(salvage_node_parent(root) == NULL);
    FZ_CHECK(salvage_doc_quirks_mode(doc) <= SALVAGE_QUIRKS);

    fz_walk w;
    memset(&w, 0, sizeof w);
    w.input_len = input_len;
    w.opts = opts;
    walk_subtree(&w, root);
    while (w.nroots > 0)
        walk_subtree(&w, w.roots[--w.nroots]);
    free(w.stack);
    free(w.roots);
}

/* ---- the whole document ----------------------------------------------------------------- */

void fz_check_doc(const salvage_doc *doc, size_t input_len, const salvage_options *opts)
{
    FZ_CHECK(doc != NULL);
    salvage_status st = salvage_doc_status(doc);
    FZ_CHECK(st == SALVAGE_OK || st == SALVAGE_LIMIT);
    FZ_CHECK(salvage_doc_input_bytes(doc) == input_len);
    salvage_input_kind kind = salvage_doc_input_kind(doc);
    FZ_CHECK(kind == SALVAGE_INPUT_HTML || kind == SALVAGE_INPUT_TEXT);
    if (opts->input_kind != SALVAGE_INPUT_AUTO)
        FZ_CHECK(kind == opts->input_kind);
    check_cstring(salvage_doc_encoding(doc));
    const char *src = salvage_doc_encoding_source(doc);
    check_cstring(src);
    /* "content": bytes that are valid UTF-8 throughout were read as UTF-8. */
    FZ_CHECK(strcmp(src, "bom") == 0 || strcmp(src, "transport") == 0 ||
             strcmp(src, "meta") == 0 || strcmp(src, "content") == 0 ||
             strcmp(src, "default") == 0);
    check_diagnostics(doc, input_len, opts);
    check_article(doc, input_len, opts);
    check_tree(doc, input_len, opts);
}

static void write_one(const char *what,
                      salvage_status (*fn)(const salvage_doc *, salvage_write_fn, void *),
                      const salvage_doc *doc, salvage_status expect, int ok_enomem)
{
    fz_sink sink;
    memset(&sink, 0, sizeof sink);
    salvage_status st = fn(doc, fz_sink_write, &sink);
    if (sink.oom) { /* the harness could not keep the output: nothing to judge */
        fz_sink_free(&sink);
        return;
    }
    if (st != expect && !(ok_enomem && st == SALVAGE_ENOMEM))
        fprintf(stderr, "%s returned %s\n", what, salvage_status_string(st));
    FZ_CHECK(st == expect || (ok_enomem && st == SALVAGE_ENOMEM));
    if (st == SALVAGE_OK && sink.len > 0)
        FZ_CHECK(fz_utf8_valid(sink.data, sink.len));
    fz_sink_free(&sink);
}

void fz_write_all(const salvage_doc *doc, int ok_enomem)
{
    int html = salvage_doc_input_kind(doc) == SALVAGE_INPUT_HTML;
    salvage_status tree_st = html ? SALVAGE_OK : SALVAGE_INVALID_ARG;
    write_one("salvage_write_json", salvage_write_json, doc, SALVAGE_OK, ok_enomem);
    write_one("salvage_write_text", salvage_write_text, doc, SALVAGE_OK, ok_enomem);
    write_one("salvage_write_diagnostics", salvage_write_diagnostics, doc, SALVAGE_OK, ok_enomem);
    write_one("salvage_write_html", salvage_write_html, doc, tree_st, ok_enomem);
    write_one("salvage_write_tree", salvage_write_tree, doc, tree_st, ok_enomem);
}
