/*
 * tree_other.c — "in template" (13.2.6.4.18), "after body", "in frameset", "after
 * frameset", "after after body" and "after after frameset" (13.2.6.4.19-23).
 */
#include "tree_int.h"

static void switch_template_mode(sv_treebuilder *tb, sv_token *tok, sv_mode m)
{
    sv_tb_pop_tmode(tb);
    sv_tb_push_tmode(tb, m);
    tb->mode = m;
    sv_tb_dispatch(tb, tok);
}

static void template_start(sv_treebuilder *tb, sv_token *tok)
{
    switch (sv_tok_tag(tok)) {
    case SV_TAG_BASE: case SV_TAG_BASEFONT: case SV_TAG_BGSOUND: case SV_TAG_LINK:
    case SV_TAG_META: case SV_TAG_NOFRAMES: case SV_TAG_SCRIPT: case SV_TAG_STYLE:
    case SV_TAG_TEMPLATE: case SV_TAG_TITLE:
        sv_tb_mode(tb, SV_M_IN_HEAD, tok);
        return;
    case SV_TAG_CAPTION: case SV_TAG_COLGROUP: case SV_TAG_TBODY: case SV_TAG_TFOOT:
    case SV_TAG_THEAD:
        switch_template_mode(tb, tok, SV_M_IN_TABLE);
        return;
    case SV_TAG_COL:
        switch_template_mode(tb, tok, SV_M_IN_COLUMN_GROUP);
        return;
    case SV_TAG_TR:
        switch_template_mode(tb, tok, SV_M_IN_TABLE_BODY);
        return;
    case SV_TAG_TD: case SV_TAG_TH:
        switch_template_mode(tb, tok, SV_M_IN_ROW);
        return;
    default:
        switch_template_mode(tb, tok, SV_M_IN_BODY);
        return;
    }
}

void sv_tb_in_template(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER: case SV_TOK_COMMENT: case SV_TOK_DOCTYPE:
        sv_tb_mode(tb, SV_M_IN_BODY, tok);
        return;
    case SV_TOK_START_TAG:
        template_start(tb, tok);
        return;
    case SV_TOK_END_TAG:
        if (sv_tok_tag(tok) == SV_TAG_TEMPLATE)
            sv_tb_mode(tb, SV_M_IN_HEAD, tok);
        else
            sv_tb_error(tb, tok, "unexpected-end-tag");
        return;
    case SV_TOK_EOF:
        /* Each open template ends, and the end of file is reprocessed in the reset mode.
         * While that mode is "in template" again (nested templates), the reprocessing is
         * this same step: loop instead of recursing as deep as the input nests templates.
         * (An end-of-file token always follows the HTML rules, foreign content or not.) */
        do {
            if (!sv_tb_has_template(tb))
                return; /* fragment case: stop parsing */
            sv_tb_error(tb, tok, "eof-in-template");
            sv_tb_pop_until(tb, SV_TAG_TEMPLATE);
            sv_tb_afe_clear_to_marker(tb);
            sv_tb_pop_tmode(tb);
            sv_tb_reset_mode(tb);
        } while (tb->mode == SV_M_IN_TEMPLATE);
        sv_tb_dispatch(tb, tok);
        return;
    }
}

/* Characters where only white space is kept (frameset modes): the rest is dropped. */
static void insert_ws_only(sv_treebuilder *tb, const sv_token *tok)
{
    const char *s = tok->data;
    size_t n = tok->data_len, i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && sv_is_ws(s[j]))
            j++;
        sv_tb_insert_text(tb, s + i, j - i, tok->offset + i);
        if (j < n)
            sv_tb_error(tb, tok, "unexpected-char-in-frameset");
        while (j < n && !sv_is_ws(s[j]))
            j++;
        i = j;
    }
}

void sv_tb_after_body(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER: {
        size_t n = sv_ws_prefix(tok->data, tok->data_len);
        if (n) {
            sv_token ws = sv_tok_slice(tok, 0, n);
            sv_tb_mode(tb, SV_M_IN_BODY, &ws);
        }
        if (n == tok->data_len)
            return;
        sv_token rest = sv_tok_slice(tok, n, tok->data_len - n);
        sv_tb_error(tb, tok, "unexpected-char-after-body");
        tb->mode = SV_M_IN_BODY;
        sv_tb_dispatch(tb, &rest);
        return;
    }
    case SV_TOK_COMMENT:
        if (tb->depth)
            sv_tb_insert_comment(tb, tok, tb->stack[0].node);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_START_TAG:
        if (sv_tok_tag(tok) == SV_TAG_HTML) {
            sv_tb_mode(tb, SV_M_IN_BODY, tok);
            return;
        }
        break;
    case SV_TOK_END_TAG:
        if (sv_tok_tag(tok) == SV_TAG_HTML) {
            if (tb->fragment)
                sv_tb_error(tb, tok, "unexpected-end-tag");
            else
                tb->mode = SV_M_AFTER_AFTER_BODY;
            return;
        }
        break;
    case SV_TOK_EOF:
        return;
    }
    sv_tb_error(tb, tok, "unexpected-token-after-body");
    tb->mode = SV_M_IN_BODY;
    sv_tb_dispatch(tb, tok);
}

void sv_tb_in_frameset(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER:
        insert_ws_only(tb, tok);
        return;
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, NULL);
        return;
    case SV_TOK_START_TAG:
        switch (sv_tok_tag(tok)) {
        case SV_TAG_HTML: sv_tb_mode(tb, SV_M_IN_BODY, tok); return;
        case SV_TAG_FRAMESET: sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML); return;
        case SV_TAG_FRAME: sv_tb_insert_void(tb, tok); return;
        case SV_TAG_NOFRAMES: sv_tb_mode(tb, SV_M_IN_HEAD, tok); return;
        default: break;
        }
        break;
    case SV_TOK_END_TAG:
        if (sv_tok_tag(tok) == SV_TAG_FRAMESET) {
            if (tb->depth <= 1) {
                sv_tb_error(tb, tok, "unexpected-frameset-in-frameset-innerhtml");
                return;
            }
            sv_tb_pop(tb);
            if (!tb->fragment && !sv_is_html(sv_tb_current(tb), SV_TAG_FRAMESET))
                tb->mode = SV_M_AFTER_FRAMESET;
            return;
        }
        break;
    case SV_TOK_EOF:
        return;
    default:
        break;
    }
    sv_tb_error(tb, tok, "unexpected-token-in-frameset");
}

void sv_tb_after_frameset(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER:
        insert_ws_only(tb, tok);
        return;
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, NULL);
        return;
    case SV_TOK_START_TAG:
        if (sv_tok_tag(tok) == SV_TAG_HTML) {
            sv_tb_mode(tb, SV_M_IN_BODY, tok);
            return;
        }
        if (sv_tok_tag(tok) == SV_TAG_NOFRAMES) {
            sv_tb_mode(tb, SV_M_IN_HEAD, tok);
            return;
        }
        break;
    case SV_TOK_END_TAG:
        if (sv_tok_tag(tok) == SV_TAG_HTML) {
            tb->mode = SV_M_AFTER_AFTER_FRAMESET;
            return;
        }
        break;
    case SV_TOK_EOF:
        return;
    default:
        break;
    }
    sv_tb_error(tb, tok, "unexpected-token-after-frameset");
}

void sv_tb_after_after_body(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, tb->document);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_mode(tb, SV_M_IN_BODY, tok);
        return;
    case SV_TOK_CHARACTER: {
        size_t n = sv_ws_prefix(tok->data, tok->data_len);
        if (n) {
            sv_token ws = sv_tok_slice(tok, 0, n);
            sv_tb_mode(tb, SV_M_IN_BODY, &ws);
        }
        if (n == tok->data_len)
            return;
        sv_token rest = sv_tok_slice(tok, n, tok->data_len - n);
        sv_tb_error(tb, tok, "expected-eof-but-got-char");
        tb->mode = SV_M_IN_BODY;
        sv_tb_dispatch(tb, &rest);
        return;
    }
    case SV_TOK_START_TAG:
        if (sv_tok_tag(tok) == SV_TAG_HTML) {
            sv_tb_mode(tb, SV_M_IN_BODY, tok);
            return;
        }
        break;
    case SV_TOK_EOF:
        return;
    default:
        break;
    }
    sv_tb_error(tb, tok, "expected-eof-but-got-token");
    tb->mode = SV_M_IN_BODY;
    sv_tb_dispatch(tb, tok);
}

void sv_tb_after_after_frameset(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, tb->document);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_mode(tb, SV_M_IN_BODY, tok);
        return;
    case SV_TOK_CHARACTER: {
        size_t n = sv_ws_prefix(tok->data, tok->data_len);
        if (n) {
            sv_token ws = sv_tok_slice(tok, 0, n);
            sv_tb_mode(tb, SV_M_IN_BODY, &ws);
        }
        /* other characters: parse error, ignored (in frameset style only white space) */
        if (n < tok->data_len) {
            sv_token rest = sv_tok_slice(tok, n, tok->data_len - n);
            sv_tb_error(tb, tok, "expected-eof-but-got-char");
            /* white space after the first other character still goes to "in body" */
            size_t i = 0;
            while (i < rest.data_len) {
                size_t j = i;
                while (j < rest.data_len && !sv_is_ws(rest.data[j]))
                    j++;
                size_t k = j;
                while (k < rest.data_len && sv_is_ws(rest.data[k]))
                    k++;
                if (k > j) {
                    sv_token ws = sv_tok_slice(&rest, j, k - j);
                    sv_tb_mode(tb, SV_M_IN_BODY, &ws);
                }
                i = k;
            }
        }
        return;
    }
    case SV_TOK_START_TAG:
        if (sv_tok_tag(tok) == SV_TAG_HTML) {
            sv_tb_mode(tb, SV_M_IN_BODY, tok);
            return;
        }
        if (sv_tok_tag(tok) == SV_TAG_NOFRAMES) {
            sv_tb_mode(tb, SV_M_IN_HEAD, tok);
            return;
        }
        break;
    case SV_TOK_EOF:
        return;
    default:
        break;
    }
    sv_tb_error(tb, tok, "expected-eof-but-got-token");
}
