/*
 * tree_body_end.c — end tags in "in body" (13.2.6.4.7).
 */
#include "tree_int.h"

static bool name_is(const sv_node *n, const sv_token *tok)
{
    const char *name = sv_node_name(n);
    return n->ns == SALVAGE_NS_HTML && strlen(name) == tok->name_len &&
           memcmp(name, tok->name, tok->name_len) == 0;
}

/* "any other end tag": walk down the stack to an element of that name, stopping at a
 * special element. Bounded by the stack's depth limit. */
void sv_tb_in_body_other_end(sv_treebuilder *tb, const sv_token *tok)
{
    for (uint32_t i = tb->depth; i > 0; i--) {
        sv_node *node = tb->stack[i - 1].node;
        tb->work++;
        if (name_is(node, tok)) {
            sv_tb_implied_end_tags(tb, (sv_tag)node->tag == SV_TAG_UNKNOWN
                                           ? SV_TAG_UNKNOWN
                                           : (sv_tag)node->tag);
            /* unknown tags: implied end tags never pop an unknown element anyway */
            if (sv_tb_current(tb) != node)
                sv_tb_error(tb, tok, "unexpected-end-tag");
            sv_tb_pop_until_node(tb, node);
            return;
        }
        if (sv_tb_is_special(node)) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return;
        }
    }
}

static void end_body(sv_treebuilder *tb, sv_token *tok, bool html)
{
    if (!sv_tb_in_scope(tb, SV_TAG_BODY, SV_SC_DEFAULT)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return;
    }
    tb->mode = SV_M_AFTER_BODY;
    if (html)
        sv_tb_dispatch(tb, tok);
}

/* </address>, </div>, ...: close the element if it is in scope. */
static void end_block(sv_treebuilder *tb, const sv_token *tok, sv_tag t)
{
    if (!sv_tb_in_scope(tb, t, SV_SC_DEFAULT)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return;
    }
    sv_tb_implied_end_tags(tb, SV_TAG_UNKNOWN);
    if (!sv_is_html(sv_tb_current(tb), t))
        sv_tb_error(tb, tok, "end-tag-too-early");
    sv_tb_pop_until(tb, t);
}

static void end_form(sv_treebuilder *tb, const sv_token *tok)
{
    if (sv_tb_has_template(tb)) {
        end_block(tb, tok, SV_TAG_FORM);
        return;
    }
    sv_node *node = tb->form;
    tb->form = NULL;
    if (!node || !sv_tb_node_in_scope(tb, node, SV_SC_DEFAULT)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return;
    }
    sv_tb_implied_end_tags(tb, SV_TAG_UNKNOWN);
    if (sv_tb_current(tb) != node)
        sv_tb_error(tb, tok, "end-tag-too-early");
    sv_tb_remove_open(tb, node);
}

static void end_p(sv_treebuilder *tb, const sv_token *tok)
{
    if (!sv_tb_in_scope(tb, SV_TAG_P, SV_SC_BUTTON)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        sv_tb_insert_implied(tb, SV_TAG_P);
    }
    sv_tb_close_p(tb);
}

static void end_item(sv_treebuilder *tb, const sv_token *tok, sv_tag t)
{
    int scope = t == SV_TAG_LI ? SV_SC_LIST : SV_SC_DEFAULT;
    if (!sv_tb_in_scope(tb, t, scope)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return;
    }
    sv_tb_implied_end_tags(tb, t);
    if (!sv_is_html(sv_tb_current(tb), t))
        sv_tb_error(tb, tok, "end-tag-too-early");
    sv_tb_pop_until(tb, t);
}

static void end_heading(sv_treebuilder *tb, const sv_token *tok, sv_tag t)
{
    bool open = false;
    for (sv_tag h = SV_TAG_H1; h <= SV_TAG_H6; h = (sv_tag)(h + 1))
        open = open || sv_tb_in_scope(tb, h, SV_SC_DEFAULT);
    if (!open) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return;
    }
    sv_tb_implied_end_tags(tb, SV_TAG_UNKNOWN);
    if (!sv_is_html(sv_tb_current(tb), t))
        sv_tb_error(tb, tok, "end-tag-too-early");
    sv_tb_pop_until_heading(tb);
}

static void end_marker_element(sv_treebuilder *tb, const sv_token *tok, sv_tag t)
{
    if (!sv_tb_in_scope(tb, t, SV_SC_DEFAULT)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return;
    }
    sv_tb_implied_end_tags(tb, SV_TAG_UNKNOWN);
    if (!sv_is_html(sv_tb_current(tb), t))
        sv_tb_error(tb, tok, "end-tag-too-early");
    sv_tb_pop_until(tb, t);
    sv_tb_afe_clear_to_marker(tb);
}

/* </br> is treated as <br>. */
static void end_br(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_error(tb, tok, "unexpected-end-tag-br");
    sv_token br = *tok;
    br.type = SV_TOK_START_TAG;
    br.attrs = NULL;
    br.attr_count = 0;
    sv_tb_afe_reconstruct(tb);
    sv_tb_insert_void(tb, &br);
    tb->frameset_ok = false;
}

void sv_tb_in_body_end(sv_treebuilder *tb, sv_token *tok, sv_tag t)
{
    switch (t) {
    case SV_TAG_TEMPLATE: sv_tb_mode(tb, SV_M_IN_HEAD, tok); return;
    case SV_TAG_BODY: end_body(tb, tok, false); return;
    case SV_TAG_HTML: end_body(tb, tok, true); return;
    case SV_TAG_ADDRESS: case SV_TAG_ARTICLE: case SV_TAG_ASIDE: case SV_TAG_BLOCKQUOTE:
    case SV_TAG_BUTTON: case SV_TAG_CENTER: case SV_TAG_DETAILS: case SV_TAG_DIALOG:
    case SV_TAG_DIR: case SV_TAG_DIV: case SV_TAG_DL: case SV_TAG_FIELDSET:
    case SV_TAG_FIGCAPTION: case SV_TAG_FIGURE: case SV_TAG_FOOTER: case SV_TAG_HEADER:
    case SV_TAG_HGROUP: case SV_TAG_LISTING: case SV_TAG_MAIN: case SV_TAG_MENU:
    case SV_TAG_NAV: case SV_TAG_OL: case SV_TAG_PRE: case SV_TAG_SEARCH:
    case SV_TAG_SECTION: case SV_TAG_SELECT: case SV_TAG_SUMMARY: case SV_TAG_UL:
        end_block(tb, tok, t);
        return;
    case SV_TAG_FORM: end_form(tb, tok); return;
    case SV_TAG_P: end_p(tb, tok); return;
    case SV_TAG_LI: case SV_TAG_DD: case SV_TAG_DT: end_item(tb, tok, t); return;
    case SV_TAG_H1: case SV_TAG_H2: case SV_TAG_H3: case SV_TAG_H4: case SV_TAG_H5:
    case SV_TAG_H6:
        end_heading(tb, tok, t);
        return;
    case SV_TAG_A: case SV_TAG_B: case SV_TAG_BIG: case SV_TAG_CODE: case SV_TAG_EM:
    case SV_TAG_FONT: case SV_TAG_I: case SV_TAG_NOBR: case SV_TAG_S: case SV_TAG_SMALL:
    case SV_TAG_STRIKE: case SV_TAG_STRONG: case SV_TAG_TT: case SV_TAG_U:
        if (!sv_tb_adoption(tb, tok, t))
            sv_tb_in_body_other_end(tb, tok);
        return;
    case SV_TAG_APPLET: case SV_TAG_MARQUEE: case SV_TAG_OBJECT:
        end_marker_element(tb, tok, t);
        return;
    case SV_TAG_BR: end_br(tb, tok); return;
    default:
        sv_tb_in_body_other_end(tb, tok);
        return;
    }
}
