/*
 * tree_body.c — "in body" (13.2.6.4.7): characters, comments, EOF and start tags. End tags
 * are in tree_body_end.c.
 */
#include "tree_int.h"

/* The first NUL of s[0..n), or NULL. One character between tags (a separator, a letter
 * between formatting tags) is common enough to be checked without the call to memchr. */
static inline const char *find_nul(const char *s, size_t n)
{
    if (n == 1)
        return s[0] ? NULL : s;
    return memchr(s, 0, n);
}

/* Characters: U+0000 is dropped; the rest is inserted after reconstructing the active
 * formatting elements. Any non-space character clears frameset-ok. */
void sv_tb_in_body_chars(sv_treebuilder *tb, const sv_token *tok)
{
    const char *s = tok->data;
    size_t n = tok->data_len, start = 0;
    while (start <= n) {
        /* U+0000 splits the run: it is dropped with an error. */
        const char *nul = find_nul(s + start, n - start);
        size_t i = nul ? (size_t)(nul - s) : n;
        if (i > start) {
            sv_tb_afe_reconstruct(tb);
            for (size_t k = start; tb->frameset_ok && k < i; k++)
                if (!sv_is_ws(s[k]))
                    tb->frameset_ok = false;
            sv_tb_insert_text(tb, s + start, i - start, tok->offset + start);
        }
        if (i < n)
            sv_tb_error(tb, tok, "unexpected-null-character");
        start = i + 1;
    }
}

static bool has_attr_named(const sv_node *el, const char *name, size_t len)
{
    const salvage_attribute *attrs = sv_node_attrs(el);
    for (size_t i = 0; i < el->attr_count; i++) {
        const salvage_attribute *a = &attrs[i];
        if (a->ns == SALVAGE_NS_NONE && a->name_len == len && memcmp(a->name, name, len) == 0)
            return true;
    }
    return false;
}

/* Adds the token's attributes that el lacks (<html> and <body> seen again). The element
 * keeps at most max_attributes: repeated tags with new names would otherwise grow it (and
 * the cost of each merge) without bound. */
static void merge_attrs(sv_treebuilder *tb, sv_node *el, const sv_token *tok)
{
    size_t add = 0, max = tb->doc->opts.max_attributes;
    if (max > SV_NODE_MAX_ATTRS)
        max = SV_NODE_MAX_ATTRS; /* the node's 16-bit count */
    for (size_t i = 0; i < tok->attr_count; i++)
        if (!has_attr_named(el, tok->attrs[i].name, tok->attrs[i].name_len))
            add++;
    if (el->attr_count + add > max) {
        sv_limit(tb->doc, "limit-attributes", tok->offset,
                 "more than %zu attributes on <%s>; extra ones dropped", max, sv_node_name(el));
        add = max > el->attr_count ? max - el->attr_count : 0;
    }
    if (!add)
        return;
    salvage_attribute *a = sv_arena_calloc(&tb->doc->arena, el->attr_count + add, sizeof *a);
    if (!a) {
        tb->doc->oom = true;
        return;
    }
    if (el->attr_count)
        memcpy(a, sv_node_attrs(el), el->attr_count * sizeof *a);
    size_t k = el->attr_count;
    for (size_t i = 0; i < tok->attr_count && k < el->attr_count + add; i++) {
        const sv_tok_attr *t = &tok->attrs[i];
        if (has_attr_named(el, t->name, t->name_len))
            continue;
        a[k].name = sv_arena_strndup(&tb->doc->arena, t->name, t->name_len);
        a[k].name_len = (uint32_t)t->name_len; /* <= max_attr_length <= SV_ATTR_MAX_LEN */
        a[k].value = sv_arena_strndup(&tb->doc->arena, t->value ? t->value : "",
                                      t->value ? t->value_len : 0);
        a[k].value_len = t->value ? (uint32_t)t->value_len : 0;
        if (!a[k].name || !a[k].value) {
            tb->doc->oom = true;
            return;
        }
        k++;
    }
    sv_tb_set_attrs(el, a, k); /* k <= max */
}

static void start_html(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_error(tb, tok, "non-html-root");
    if (!sv_tb_has_template(tb) && tb->depth)
        merge_attrs(tb, tb->stack[0].node, tok);
}

static void start_body(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_error(tb, tok, "unexpected-start-tag");
    if (tb->depth < 2 || !sv_is_html(tb->stack[1].node, SV_TAG_BODY) || sv_tb_has_template(tb))
        return;
    tb->frameset_ok = false;
    merge_attrs(tb, tb->stack[1].node, tok);
}

static void start_frameset(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_error(tb, tok, "unexpected-start-tag");
    if (tb->depth < 2 || !sv_is_html(tb->stack[1].node, SV_TAG_BODY) || !tb->frameset_ok)
        return;
    sv_tb_detach(tb->stack[1].node);
    while (tb->depth > 1)
        sv_tb_pop(tb);
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
    tb->mode = SV_M_IN_FRAMESET;
}

static void close_p_if_open(sv_treebuilder *tb)
{
    if (sv_tb_in_scope(tb, SV_TAG_P, SV_SC_BUTTON))
        sv_tb_close_p(tb);
}

static bool is_heading_node(const sv_node *n)
{
    return n && n->ns == SALVAGE_NS_HTML && n->tag >= SV_TAG_H1 && n->tag <= SV_TAG_H6;
}

/* <li>, <dd>, <dt>: close an open item of the same kind first (13.2.6.4.7). */
static void start_list_item(sv_treebuilder *tb, const sv_token *tok, sv_tag t)
{
    tb->frameset_ok = false;
    for (uint32_t i = tb->depth; i > 0; i--) {
        sv_node *node = tb->stack[i - 1].node;
        tb->work++;
        bool match = t == SV_TAG_LI ? sv_is_html(node, SV_TAG_LI)
                                    : (sv_is_html(node, SV_TAG_DD) || sv_is_html(node, SV_TAG_DT));
        if (match) {
            sv_tb_implied_end_tags(tb, (sv_tag)node->tag);
            if (sv_tb_current(tb) != node)
                sv_tb_error(tb, tok, "end-tag-too-early");
            sv_tb_pop_until_node(tb, node);
            break;
        }
        if (sv_tb_is_special(node) && !sv_is_html(node, SV_TAG_ADDRESS) &&
            !sv_is_html(node, SV_TAG_DIV) && !sv_is_html(node, SV_TAG_P))
            break;
    }
    close_p_if_open(tb);
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
}

static void start_a(sv_treebuilder *tb, const sv_token *tok)
{
    sv_node *a = sv_tb_afe_find(tb, SV_TAG_A);
    if (a) {
        sv_tb_error(tb, tok, "unexpected-start-tag-implies-end-tag");
        if (!sv_tb_adoption(tb, tok, SV_TAG_A))
            sv_tb_in_body_other_end(tb, tok);
        sv_tb_afe_remove_node(tb, a);
        sv_tb_remove_open(tb, a);
    }
    sv_tb_afe_reconstruct(tb);
    sv_tb_afe_push(tb, sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML));
}

static void start_nobr(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_afe_reconstruct(tb);
    if (sv_tb_in_scope(tb, SV_TAG_NOBR, SV_SC_DEFAULT)) {
        sv_tb_error(tb, tok, "unexpected-start-tag-implies-end-tag");
        if (!sv_tb_adoption(tb, tok, SV_TAG_NOBR))
            sv_tb_in_body_other_end(tb, tok);
        sv_tb_afe_reconstruct(tb);
    }
    sv_tb_afe_push(tb, sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML));
}

static void start_button(sv_treebuilder *tb, const sv_token *tok)
{
    if (sv_tb_in_scope(tb, SV_TAG_BUTTON, SV_SC_DEFAULT)) {
        sv_tb_error(tb, tok, "unexpected-start-tag-implies-end-tag");
        sv_tb_implied_end_tags(tb, SV_TAG_UNKNOWN);
        sv_tb_pop_until(tb, SV_TAG_BUTTON);
    }
    sv_tb_afe_reconstruct(tb);
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
    tb->frameset_ok = false;
}

static bool type_hidden(const sv_token *tok)
{
    for (size_t i = 0; i < tok->attr_count; i++) {
        const sv_tok_attr *a = &tok->attrs[i];
        if (a->name_len == 4 && memcmp(a->name, "type", 4) == 0) {
            static const char h[] = "hidden";
            if (a->value_len != 6)
                return false;
            for (size_t k = 0; k < 6; k++) {
                char c = a->value[k];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c + 32);
                if (c != h[k])
                    return false;
            }
            return true;
        }
    }
    return false;
}

static bool context_is_select(const sv_treebuilder *tb)
{
    return tb->fragment && sv_is_html(tb->context, SV_TAG_SELECT);
}

static void start_input(sv_treebuilder *tb, const sv_token *tok)
{
    if (context_is_select(tb)) {
        sv_tb_error(tb, tok, "unexpected-input-in-select");
        return;
    }
    if (sv_tb_in_scope(tb, SV_TAG_SELECT, SV_SC_DEFAULT)) {
        sv_tb_error(tb, tok, "unexpected-input-in-select");
        sv_tb_pop_until(tb, SV_TAG_SELECT);
    }
    sv_tb_afe_reconstruct(tb);
    sv_tb_insert_void(tb, tok);
    if (!type_hidden(tok))
        tb->frameset_ok = false;
}

static void start_select(sv_treebuilder *tb, const sv_token *tok)
{
    if (context_is_select(tb)) {
        sv_tb_error(tb, tok, "unexpected-select-in-select");
        return;
    }
    if (sv_tb_in_scope(tb, SV_TAG_SELECT, SV_SC_DEFAULT)) {
        sv_tb_error(tb, tok, "unexpected-select-in-select");
        sv_tb_pop_until(tb, SV_TAG_SELECT);
        return;
    }
    sv_tb_afe_reconstruct(tb);
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
    tb->frameset_ok = false;
}

static void start_option(sv_treebuilder *tb, const sv_token *tok, sv_tag t)
{
    if (sv_tb_in_scope(tb, SV_TAG_SELECT, SV_SC_DEFAULT)) {
        sv_tb_implied_end_tags(tb, t == SV_TAG_OPTION ? SV_TAG_OPTGROUP : SV_TAG_UNKNOWN);
        if (sv_tb_in_scope(tb, SV_TAG_OPTION, SV_SC_DEFAULT) ||
            (t == SV_TAG_OPTGROUP && sv_tb_in_scope(tb, SV_TAG_OPTGROUP, SV_SC_DEFAULT)))
            sv_tb_error(tb, tok, "unexpected-start-tag");
    } else if (sv_is_html(sv_tb_current(tb), SV_TAG_OPTION)) {
        sv_tb_pop(tb);
    }
    sv_tb_afe_reconstruct(tb);
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
}

static void start_hr(sv_treebuilder *tb, const sv_token *tok)
{
    close_p_if_open(tb);
    if (sv_tb_in_scope(tb, SV_TAG_SELECT, SV_SC_DEFAULT)) {
        sv_tb_implied_end_tags(tb, SV_TAG_UNKNOWN);
        if (sv_tb_in_scope(tb, SV_TAG_OPTION, SV_SC_DEFAULT) ||
            sv_tb_in_scope(tb, SV_TAG_OPTGROUP, SV_SC_DEFAULT))
            sv_tb_error(tb, tok, "unexpected-start-tag");
    }
    sv_tb_insert_void(tb, tok);
    tb->frameset_ok = false;
}

static void start_ruby_child(sv_treebuilder *tb, const sv_token *tok, sv_tag t)
{
    if (sv_tb_in_scope(tb, SV_TAG_RUBY, SV_SC_DEFAULT)) {
        bool rp_rt = t == SV_TAG_RP || t == SV_TAG_RT;
        sv_tb_implied_end_tags(tb, rp_rt ? SV_TAG_RTC : SV_TAG_UNKNOWN);
        const sv_node *c = sv_tb_current(tb);
        if (!sv_is_html(c, SV_TAG_RUBY) && !(rp_rt && sv_is_html(c, SV_TAG_RTC)))
            sv_tb_error(tb, tok, "unexpected-start-tag");
    }
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
}

/* "a start tag whose tag name is one of: address, article, ..." and the like: close an open
 * p, then insert. */
static void start_block(sv_treebuilder *tb, const sv_token *tok, sv_tag t)
{
    close_p_if_open(tb);
    if (t >= SV_TAG_H1 && t <= SV_TAG_H6 && is_heading_node(sv_tb_current(tb))) {
        sv_tb_error(tb, tok, "unexpected-start-tag");
        sv_tb_pop(tb);
    }
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
    if (t == SV_TAG_PRE || t == SV_TAG_LISTING) {
        tb->skip_lf = true;
        tb->frameset_ok = false;
    } else if (t == SV_TAG_PLAINTEXT) {
        sv_tokenizer_set_state(tb->tok, SV_TS_PLAINTEXT);
    }
}

static void start_form(sv_treebuilder *tb, const sv_token *tok)
{
    bool tmpl = sv_tb_has_template(tb);
    if (tb->form && !tmpl) {
        sv_tb_error(tb, tok, "unexpected-start-tag");
        return;
    }
    close_p_if_open(tb);
    sv_node *el = sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
    if (!tmpl)
        tb->form = el;
}

static void start_table(sv_treebuilder *tb, const sv_token *tok)
{
    if (tb->doc->quirks != SALVAGE_QUIRKS)
        close_p_if_open(tb);
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
    tb->frameset_ok = false;
    tb->mode = SV_M_IN_TABLE;
}

static void start_void(sv_treebuilder *tb, const sv_token *tok, bool reconstruct)
{
    if (reconstruct) {
        sv_tb_afe_reconstruct(tb);
        tb->frameset_ok = false;
    }
    sv_tb_insert_void(tb, tok);
}

static void start_raw(sv_treebuilder *tb, const sv_token *tok, sv_tag t)
{
    if (t == SV_TAG_XMP) {
        close_p_if_open(tb);
        sv_tb_afe_reconstruct(tb);
    }
    if (t == SV_TAG_XMP || t == SV_TAG_IFRAME)
        tb->frameset_ok = false;
    sv_tb_raw_text(tb, tok, SV_TS_RAWTEXT);
}

static void start_textarea(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_raw_text(tb, tok, SV_TS_RCDATA);
    tb->skip_lf = true;
    tb->frameset_ok = false;
}

static void start_image(sv_treebuilder *tb, sv_token *tok)
{
    sv_tb_error(tb, tok, "image-start-tag");
    sv_token img = *tok;
    img.name = "img";
    img.name_len = 3;
    img.tag = SV_TAG_IMG;
    sv_tb_dispatch(tb, &img);
}

static void start_formatting(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_afe_reconstruct(tb);
    sv_tb_afe_push(tb, sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML));
}

static void start_marker_element(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_afe_reconstruct(tb);
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
    sv_tb_afe_marker(tb);
    tb->frameset_ok = false;
}

static void start_foreign_root(sv_treebuilder *tb, sv_token *tok, salvage_namespace ns)
{
    sv_tb_afe_reconstruct(tb);
    sv_tb_foreign_start(tb, tok, ns);
}

static void start_other(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_afe_reconstruct(tb);
    sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
}

/* "in body", a start tag for phrasing content, formatting, replaced and form elements, raw
 * text, foreign roots, and any other name. */
static inline void in_body_start_phrasing(sv_treebuilder *tb, sv_token *tok, sv_tag t)
{
    switch (t) {
    case SV_TAG_A: start_a(tb, tok); return;
    case SV_TAG_B: case SV_TAG_BIG: case SV_TAG_CODE: case SV_TAG_EM: case SV_TAG_FONT:
    case SV_TAG_I: case SV_TAG_S: case SV_TAG_SMALL: case SV_TAG_STRIKE: case SV_TAG_STRONG:
    case SV_TAG_TT: case SV_TAG_U:
        start_formatting(tb, tok);
        return;
    case SV_TAG_NOBR: start_nobr(tb, tok); return;
    case SV_TAG_APPLET: case SV_TAG_MARQUEE: case SV_TAG_OBJECT:
        start_marker_element(tb, tok);
        return;
    case SV_TAG_AREA: case SV_TAG_BR: case SV_TAG_EMBED: case SV_TAG_IMG: case SV_TAG_KEYGEN:
    case SV_TAG_WBR:
        start_void(tb, tok, true);
        return;
    case SV_TAG_INPUT: start_input(tb, tok); return;
    case SV_TAG_PARAM: case SV_TAG_SOURCE: case SV_TAG_TRACK: start_void(tb, tok, false); return;
    case SV_TAG_HR: start_hr(tb, tok); return;
    case SV_TAG_IMAGE: start_image(tb, tok); return;
    case SV_TAG_TEXTAREA: start_textarea(tb, tok); return;
    case SV_TAG_XMP: case SV_TAG_IFRAME: case SV_TAG_NOEMBED: start_raw(tb, tok, t); return;
    case SV_TAG_NOSCRIPT:
        if (tb->scripting)
            start_raw(tb, tok, t);
        else
            start_other(tb, tok);
        return;
    case SV_TAG_SELECT: start_select(tb, tok); return;
    case SV_TAG_OPTGROUP: case SV_TAG_OPTION: start_option(tb, tok, t); return;
    case SV_TAG_RB: case SV_TAG_RTC: case SV_TAG_RP: case SV_TAG_RT:
        start_ruby_child(tb, tok, t);
        return;
    case SV_TAG_MATH: start_foreign_root(tb, tok, SALVAGE_NS_MATHML); return;
    case SV_TAG_SVG: start_foreign_root(tb, tok, SALVAGE_NS_SVG); return;
    default:
        start_other(tb, tok);
        return;
    }
}

/* "in body", a start tag: the document's structure (html, head elements, body, frameset),
 * blocks, lists and tables here; everything else in in_body_start_phrasing. */
void sv_tb_in_body_start(sv_treebuilder *tb, sv_token *tok, sv_tag t)
{
    switch (t) {
    case SV_TAG_HTML: start_html(tb, tok); return;
    case SV_TAG_BASE: case SV_TAG_BASEFONT: case SV_TAG_BGSOUND: case SV_TAG_LINK:
    case SV_TAG_META: case SV_TAG_NOFRAMES: case SV_TAG_SCRIPT: case SV_TAG_STYLE:
    case SV_TAG_TEMPLATE: case SV_TAG_TITLE:
        sv_tb_mode(tb, SV_M_IN_HEAD, tok);
        return;
    case SV_TAG_BODY: start_body(tb, tok); return;
    case SV_TAG_FRAMESET: start_frameset(tb, tok); return;
    case SV_TAG_ADDRESS: case SV_TAG_ARTICLE: case SV_TAG_ASIDE: case SV_TAG_BLOCKQUOTE:
    case SV_TAG_CENTER: case SV_TAG_DETAILS: case SV_TAG_DIALOG: case SV_TAG_DIR:
    case SV_TAG_DIV: case SV_TAG_DL: case SV_TAG_FIELDSET: case SV_TAG_FIGCAPTION:
    case SV_TAG_FIGURE: case SV_TAG_FOOTER: case SV_TAG_HEADER: case SV_TAG_HGROUP:
    case SV_TAG_MAIN: case SV_TAG_MENU: case SV_TAG_NAV: case SV_TAG_OL: case SV_TAG_P:
    case SV_TAG_SEARCH: case SV_TAG_SECTION: case SV_TAG_SUMMARY: case SV_TAG_UL:
    case SV_TAG_H1: case SV_TAG_H2: case SV_TAG_H3: case SV_TAG_H4: case SV_TAG_H5:
    case SV_TAG_H6: case SV_TAG_PRE: case SV_TAG_LISTING: case SV_TAG_PLAINTEXT:
        start_block(tb, tok, t);
        return;
    case SV_TAG_FORM: start_form(tb, tok); return;
    case SV_TAG_LI: case SV_TAG_DD: case SV_TAG_DT: start_list_item(tb, tok, t); return;
    case SV_TAG_BUTTON: start_button(tb, tok); return;
    case SV_TAG_TABLE: start_table(tb, tok); return;
    case SV_TAG_CAPTION: case SV_TAG_COL: case SV_TAG_COLGROUP: case SV_TAG_FRAME:
    case SV_TAG_HEAD: case SV_TAG_TBODY: case SV_TAG_TD: case SV_TAG_TFOOT: case SV_TAG_TH:
    case SV_TAG_THEAD: case SV_TAG_TR:
        sv_tb_error(tb, tok, "unexpected-start-tag-ignored");
        return;
    default:
        in_body_start_phrasing(tb, tok, t);
        return;
    }
}

/* EOF in body: template contents are closed by "in template"; otherwise parsing stops. */
static void in_body_eof(sv_treebuilder *tb, sv_token *tok)
{
    if (tb->ntmodes) {
        sv_tb_mode(tb, SV_M_IN_TEMPLATE, tok);
        return;
    }
    for (uint32_t i = tb->depth; i > 0; i--) {
        const sv_node *n = tb->stack[i - 1].node;
        static const sv_tag ok[] = {SV_TAG_DD, SV_TAG_DT, SV_TAG_LI, SV_TAG_OPTGROUP,
                                    SV_TAG_OPTION, SV_TAG_P, SV_TAG_RB, SV_TAG_RP, SV_TAG_RT,
                                    SV_TAG_RTC, SV_TAG_TBODY, SV_TAG_TD, SV_TAG_TFOOT,
                                    SV_TAG_TH, SV_TAG_THEAD, SV_TAG_TR, SV_TAG_BODY,
                                    SV_TAG_HTML, SV_TAG_UNKNOWN};
        if (n->ns != SALVAGE_NS_HTML || !sv_tag_in((sv_tag)n->tag, ok)) {
            sv_tb_error(tb, tok, "expected-closing-tag-but-got-eof");
            return;
        }
    }
}

void sv_tb_in_body(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER:
        sv_tb_in_body_chars(tb, tok);
        return;
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, NULL);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_START_TAG:
        sv_tb_in_body_start(tb, tok, sv_tok_tag(tok));
        return;
    case SV_TOK_END_TAG:
        sv_tb_in_body_end(tb, tok, sv_tok_tag(tok));
        return;
    case SV_TOK_EOF:
        in_body_eof(tb, tok);
        return;
    }
}
