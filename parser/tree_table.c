/*
 * tree_table.c — the table insertion modes (13.2.6.4.9-15): in table, in table text, in
 * caption, in column group, in table body, in row, in cell.
 */
#include "tree_int.h"

/* "anything else" in table: in body with foster parenting. */
static void table_anything_else(sv_treebuilder *tb, sv_token *tok)
{
    sv_tb_error(tb, tok, "unexpected-token-in-table");
    bool old = tb->foster;
    tb->foster = true;
    sv_tb_mode(tb, SV_M_IN_BODY, tok);
    tb->foster = old;
}

static bool current_is_table_like(const sv_treebuilder *tb)
{
    const sv_node *c = sv_tb_current(tb);
    return c && c->ns == SALVAGE_NS_HTML &&
           (c->tag == SV_TAG_TABLE || c->tag == SV_TAG_TBODY || c->tag == SV_TAG_TEMPLATE ||
            c->tag == SV_TAG_TFOOT || c->tag == SV_TAG_THEAD || c->tag == SV_TAG_TR);
}

/* <input type=hidden> stays in the table; other inputs are foster parented. */
static bool table_hidden_input(sv_treebuilder *tb, const sv_token *tok)
{
    bool hidden = false;
    for (size_t i = 0; i < tok->attr_count; i++) {
        const sv_tok_attr *a = &tok->attrs[i];
        if (a->name_len == 4 && memcmp(a->name, "type", 4) == 0) {
            hidden = a->value_len == 6;
            for (size_t k = 0; hidden && k < 6; k++)
                hidden = (char)(a->value[k] | 0x20) == "hidden"[k];
            break;
        }
    }
    if (!hidden)
        return false;
    sv_tb_error(tb, tok, "unexpected-hidden-input-in-table");
    sv_tb_insert_void(tb, tok);
    return true;
}

/* A form in a table is an empty element (unless one is open already). */
static void table_form(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_error(tb, tok, "unexpected-form-in-table");
    if (sv_tb_has_template(tb) || tb->form)
        return;
    tb->form = sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
    if (tb->form)
        sv_tb_pop(tb);
}

static bool in_table_start(sv_treebuilder *tb, sv_token *tok, sv_tag t)
{
    switch (t) {
    case SV_TAG_CAPTION:
        sv_tb_clear_to_table(tb);
        sv_tb_afe_marker(tb);
        sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
        tb->mode = SV_M_IN_CAPTION;
        return true;
    case SV_TAG_COLGROUP:
        sv_tb_clear_to_table(tb);
        sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
        tb->mode = SV_M_IN_COLUMN_GROUP;
        return true;
    case SV_TAG_COL:
        sv_tb_clear_to_table(tb);
        sv_tb_insert_implied(tb, SV_TAG_COLGROUP);
        tb->mode = SV_M_IN_COLUMN_GROUP;
        sv_tb_dispatch(tb, tok);
        return true;
    case SV_TAG_TBODY: case SV_TAG_TFOOT: case SV_TAG_THEAD:
        sv_tb_clear_to_table(tb);
        sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
        tb->mode = SV_M_IN_TABLE_BODY;
        return true;
    case SV_TAG_TD: case SV_TAG_TH: case SV_TAG_TR:
        sv_tb_clear_to_table(tb);
        sv_tb_insert_implied(tb, SV_TAG_TBODY);
        tb->mode = SV_M_IN_TABLE_BODY;
        sv_tb_dispatch(tb, tok);
        return true;
    case SV_TAG_TABLE:
        sv_tb_error(tb, tok, "unexpected-start-tag-implies-end-tag");
        if (!sv_tb_in_scope(tb, SV_TAG_TABLE, SV_SC_TABLE))
            return true;
        sv_tb_pop_until(tb, SV_TAG_TABLE);
        sv_tb_reset_mode(tb);
        sv_tb_dispatch(tb, tok);
        return true;
    case SV_TAG_STYLE: case SV_TAG_SCRIPT: case SV_TAG_TEMPLATE:
        sv_tb_mode(tb, SV_M_IN_HEAD, tok);
        return true;
    case SV_TAG_INPUT:
        return table_hidden_input(tb, tok);
    case SV_TAG_FORM:
        table_form(tb, tok);
        return true;
    default:
        return false;
    }
}

static bool in_table_end(sv_treebuilder *tb, sv_token *tok, sv_tag t)
{
    switch (t) {
    case SV_TAG_TABLE:
        if (!sv_tb_in_scope(tb, SV_TAG_TABLE, SV_SC_TABLE)) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return true;
        }
        sv_tb_pop_until(tb, SV_TAG_TABLE);
        sv_tb_reset_mode(tb);
        return true;
    case SV_TAG_BODY: case SV_TAG_CAPTION: case SV_TAG_COL: case SV_TAG_COLGROUP:
    case SV_TAG_HTML: case SV_TAG_TBODY: case SV_TAG_TD: case SV_TAG_TFOOT: case SV_TAG_TH:
    case SV_TAG_THEAD: case SV_TAG_TR:
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return true;
    case SV_TAG_TEMPLATE:
        sv_tb_mode(tb, SV_M_IN_HEAD, tok);
        return true;
    default:
        return false;
    }
}

void sv_tb_in_table(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER:
        if (current_is_table_like(tb)) {
            sv_buf_clear(&tb->ttext);
            tb->ttext_nonspace = false;
            tb->ttext_offset = tok->offset;
            tb->orig_mode = tb->mode;
            tb->mode = SV_M_IN_TABLE_TEXT;
            sv_tb_dispatch(tb, tok);
            return;
        }
        break;
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, NULL);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_START_TAG:
        if (in_table_start(tb, tok, sv_tok_tag(tok)))
            return;
        break;
    case SV_TOK_END_TAG:
        if (in_table_end(tb, tok, sv_tok_tag(tok)))
            return;
        break;
    case SV_TOK_EOF:
        sv_tb_mode(tb, SV_M_IN_BODY, tok);
        return;
    }
    table_anything_else(tb, tok);
}

/* Flushes the pending characters of "in table text". */
static void flush_table_text(sv_treebuilder *tb)
{
    if (tb->ttext.len == 0)
        return;
    sv_token t;
    memset(&t, 0, sizeof t);
    t.type = SV_TOK_CHARACTER;
    t.data = tb->ttext.data;
    t.data_len = tb->ttext.len;
    t.offset = tb->ttext_offset;
    if (tb->ttext_nonspace) {
        table_anything_else(tb, &t);
    } else {
        sv_tb_insert_text(tb, t.data, t.data_len, t.offset);
    }
    sv_buf_clear(&tb->ttext);
}

void sv_tb_in_table_text(sv_treebuilder *tb, sv_token *tok)
{
    if (tok->type == SV_TOK_CHARACTER) {
        const char *s = tok->data;
        size_t n = tok->data_len, start = 0;
        if (tb->ttext.len == 0)
            tb->ttext_offset = tok->offset;
        for (size_t i = 0; i <= n; i++) {
            if (i < n && s[i] != 0) {
                if (!sv_is_ws(s[i]))
                    tb->ttext_nonspace = true;
                continue;
            }
            if (i > start && sv_buf_append(&tb->ttext, s + start, i - start) != 0)
                tb->doc->oom = true;
            if (i < n)
                sv_tb_error(tb, tok, "unexpected-null-character");
            start = i + 1;
        }
        return;
    }
    flush_table_text(tb);
    tb->mode = tb->orig_mode;
    sv_tb_dispatch(tb, tok);
}

static bool is_table_structure_start(sv_tag t)
{
    return t == SV_TAG_CAPTION || t == SV_TAG_COL || t == SV_TAG_COLGROUP ||
           t == SV_TAG_TBODY || t == SV_TAG_TD || t == SV_TAG_TFOOT || t == SV_TAG_TH ||
           t == SV_TAG_THEAD || t == SV_TAG_TR;
}

/* Closes the caption; false when there is none in table scope. */
static bool close_caption(sv_treebuilder *tb, const sv_token *tok)
{
    if (!sv_tb_in_scope(tb, SV_TAG_CAPTION, SV_SC_TABLE)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return false;
    }
    sv_tb_implied_end_tags(tb, SV_TAG_UNKNOWN);
    if (!sv_is_html(sv_tb_current(tb), SV_TAG_CAPTION))
        sv_tb_error(tb, tok, "end-tag-too-early");
    sv_tb_pop_until(tb, SV_TAG_CAPTION);
    sv_tb_afe_clear_to_marker(tb);
    tb->mode = SV_M_IN_TABLE;
    return true;
}

void sv_tb_in_caption(sv_treebuilder *tb, sv_token *tok)
{
    sv_tag t = (tok->type == SV_TOK_START_TAG || tok->type == SV_TOK_END_TAG)
                   ? sv_tok_tag(tok)
                   : SV_TAG_UNKNOWN;
    if (tok->type == SV_TOK_END_TAG && t == SV_TAG_CAPTION) {
        close_caption(tb, tok);
        return;
    }
    if ((tok->type == SV_TOK_START_TAG && is_table_structure_start(t)) ||
        (tok->type == SV_TOK_END_TAG && t == SV_TAG_TABLE)) {
        if (close_caption(tb, tok))
            sv_tb_dispatch(tb, tok);
        return;
    }
    if (tok->type == SV_TOK_END_TAG &&
        (t == SV_TAG_BODY || t == SV_TAG_COL || t == SV_TAG_COLGROUP || t == SV_TAG_HTML ||
         t == SV_TAG_TBODY || t == SV_TAG_TD || t == SV_TAG_TFOOT || t == SV_TAG_TH ||
         t == SV_TAG_THEAD || t == SV_TAG_TR)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return;
    }
    sv_tb_mode(tb, SV_M_IN_BODY, tok);
}

/* "in column group", a start tag: true when handled here, false for "anything else". */
static bool column_group_start_tag(sv_treebuilder *tb, sv_token *tok, sv_tag t)
{
    if (t == SV_TAG_HTML) {
        sv_tb_mode(tb, SV_M_IN_BODY, tok);
        return true;
    }
    if (t == SV_TAG_COL) {
        sv_tb_insert_void(tb, tok);
        return true;
    }
    if (t == SV_TAG_TEMPLATE) {
        sv_tb_mode(tb, SV_M_IN_HEAD, tok);
        return true;
    }
    return false;
}

/* "in column group", an end tag: true when handled here, false for "anything else". */
static bool column_group_end_tag(sv_treebuilder *tb, sv_token *tok, sv_tag t)
{
    if (t == SV_TAG_COLGROUP) {
        if (!sv_is_html(sv_tb_current(tb), SV_TAG_COLGROUP)) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return true;
        }
        sv_tb_pop(tb);
        tb->mode = SV_M_IN_TABLE;
        return true;
    }
    if (t == SV_TAG_COL) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return true;
    }
    if (t == SV_TAG_TEMPLATE) {
        sv_tb_mode(tb, SV_M_IN_HEAD, tok);
        return true;
    }
    return false;
}

/* "in column group", anything else: the colgroup closes and the token is reprocessed "in
 * table"; when the current node is no colgroup, it is ignored. */
static void column_group_anything_else(sv_treebuilder *tb, sv_token *tok)
{
    if (!sv_is_html(sv_tb_current(tb), SV_TAG_COLGROUP)) {
        sv_tb_error(tb, tok, "unexpected-token-in-column-group");
        return;
    }
    sv_tb_pop(tb);
    tb->mode = SV_M_IN_TABLE;
    sv_tb_dispatch(tb, tok);
}

void sv_tb_in_column_group(sv_treebuilder *tb, sv_token *tok)
{
    sv_token rest;
    switch (tok->type) {
    case SV_TOK_CHARACTER: {
        size_t n = sv_ws_prefix(tok->data, tok->data_len);
        sv_tb_insert_text(tb, tok->data, n, tok->offset);
        if (n == tok->data_len)
            return;
        rest = sv_tok_slice(tok, n, tok->data_len - n);
        tok = &rest;
        break;
    }
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, NULL);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_START_TAG:
        if (column_group_start_tag(tb, tok, sv_tok_tag(tok)))
            return;
        break;
    case SV_TOK_END_TAG:
        if (column_group_end_tag(tb, tok, sv_tok_tag(tok)))
            return;
        break;
    case SV_TOK_EOF:
        sv_tb_mode(tb, SV_M_IN_BODY, tok);
        return;
    }
    column_group_anything_else(tb, tok);
}

static bool any_tbody_in_table_scope(const sv_treebuilder *tb)
{
    return sv_tb_in_scope(tb, SV_TAG_TBODY, SV_SC_TABLE) ||
           sv_tb_in_scope(tb, SV_TAG_THEAD, SV_SC_TABLE) ||
           sv_tb_in_scope(tb, SV_TAG_TFOOT, SV_SC_TABLE);
}

void sv_tb_in_table_body(sv_treebuilder *tb, sv_token *tok)
{
    bool start = tok->type == SV_TOK_START_TAG, end = tok->type == SV_TOK_END_TAG;
    sv_tag t = (start || end) ? sv_tok_tag(tok) : SV_TAG_UNKNOWN;
    if (start && t == SV_TAG_TR) {
        sv_tb_clear_to_table_body(tb);
        sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
        tb->mode = SV_M_IN_ROW;
    } else if (start && (t == SV_TAG_TH || t == SV_TAG_TD)) {
        sv_tb_error(tb, tok, "unexpected-cell-in-table-body");
        sv_tb_clear_to_table_body(tb);
        sv_tb_insert_implied(tb, SV_TAG_TR);
        tb->mode = SV_M_IN_ROW;
        sv_tb_dispatch(tb, tok);
    } else if (end && (t == SV_TAG_TBODY || t == SV_TAG_TFOOT || t == SV_TAG_THEAD)) {
        if (!sv_tb_in_scope(tb, t, SV_SC_TABLE)) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return;
        }
        sv_tb_clear_to_table_body(tb);
        sv_tb_pop(tb);
        tb->mode = SV_M_IN_TABLE;
    } else if ((start && (t == SV_TAG_CAPTION || t == SV_TAG_COL || t == SV_TAG_COLGROUP ||
                          t == SV_TAG_TBODY || t == SV_TAG_TFOOT || t == SV_TAG_THEAD)) ||
               (end && t == SV_TAG_TABLE)) {
        if (!any_tbody_in_table_scope(tb)) {
            sv_tb_error(tb, tok, "unexpected-token");
            return;
        }
        sv_tb_clear_to_table_body(tb);
        sv_tb_pop(tb);
        tb->mode = SV_M_IN_TABLE;
        sv_tb_dispatch(tb, tok);
    } else if (end && (t == SV_TAG_BODY || t == SV_TAG_CAPTION || t == SV_TAG_COL ||
                       t == SV_TAG_COLGROUP || t == SV_TAG_HTML || t == SV_TAG_TD ||
                       t == SV_TAG_TH || t == SV_TAG_TR)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
    } else {
        sv_tb_mode(tb, SV_M_IN_TABLE, tok);
    }
}

/* Closes the row; false when there is no tr in table scope. */
static bool close_row(sv_treebuilder *tb, const sv_token *tok)
{
    if (!sv_tb_in_scope(tb, SV_TAG_TR, SV_SC_TABLE)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return false;
    }
    sv_tb_clear_to_row(tb);
    sv_tb_pop(tb);
    tb->mode = SV_M_IN_TABLE_BODY;
    return true;
}

void sv_tb_in_row(sv_treebuilder *tb, sv_token *tok)
{
    bool start = tok->type == SV_TOK_START_TAG, end = tok->type == SV_TOK_END_TAG;
    sv_tag t = (start || end) ? sv_tok_tag(tok) : SV_TAG_UNKNOWN;
    if (start && (t == SV_TAG_TH || t == SV_TAG_TD)) {
        sv_tb_clear_to_row(tb);
        sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
        tb->mode = SV_M_IN_CELL;
        sv_tb_afe_marker(tb);
    } else if (end && t == SV_TAG_TR) {
        close_row(tb, tok);
    } else if ((start && (t == SV_TAG_CAPTION || t == SV_TAG_COL || t == SV_TAG_COLGROUP ||
                          t == SV_TAG_TBODY || t == SV_TAG_TFOOT || t == SV_TAG_THEAD ||
                          t == SV_TAG_TR)) ||
               (end && t == SV_TAG_TABLE)) {
        if (close_row(tb, tok))
            sv_tb_dispatch(tb, tok);
    } else if (end && (t == SV_TAG_TBODY || t == SV_TAG_TFOOT || t == SV_TAG_THEAD)) {
        if (!sv_tb_in_scope(tb, t, SV_SC_TABLE)) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return;
        }
        if (close_row(tb, tok))
            sv_tb_dispatch(tb, tok);
    } else if (end && (t == SV_TAG_BODY || t == SV_TAG_CAPTION || t == SV_TAG_COL ||
                       t == SV_TAG_COLGROUP || t == SV_TAG_HTML || t == SV_TAG_TD ||
                       t == SV_TAG_TH)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
    } else {
        sv_tb_mode(tb, SV_M_IN_TABLE, tok);
    }
}

/* "close the cell" */
static void close_cell(sv_treebuilder *tb, const sv_token *tok)
{
    sv_tb_implied_end_tags(tb, SV_TAG_UNKNOWN);
    const sv_node *c = sv_tb_current(tb);
    if (!sv_is_html(c, SV_TAG_TD) && !sv_is_html(c, SV_TAG_TH))
        sv_tb_error(tb, tok, "end-tag-too-early");
    sv_tb_pop_until_cell(tb);
    sv_tb_afe_clear_to_marker(tb);
    tb->mode = SV_M_IN_ROW;
}

void sv_tb_in_cell(sv_treebuilder *tb, sv_token *tok)
{
    bool start = tok->type == SV_TOK_START_TAG, end = tok->type == SV_TOK_END_TAG;
    sv_tag t = (start || end) ? sv_tok_tag(tok) : SV_TAG_UNKNOWN;
    if (end && (t == SV_TAG_TD || t == SV_TAG_TH)) {
        if (!sv_tb_in_scope(tb, t, SV_SC_TABLE)) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return;
        }
        sv_tb_implied_end_tags(tb, SV_TAG_UNKNOWN);
        if (!sv_is_html(sv_tb_current(tb), t))
            sv_tb_error(tb, tok, "end-tag-too-early");
        sv_tb_pop_until(tb, t);
        sv_tb_afe_clear_to_marker(tb);
        tb->mode = SV_M_IN_ROW;
    } else if (start && is_table_structure_start(t)) {
        if (!sv_tb_in_scope(tb, SV_TAG_TD, SV_SC_TABLE) &&
            !sv_tb_in_scope(tb, SV_TAG_TH, SV_SC_TABLE)) {
            sv_tb_error(tb, tok, "unexpected-start-tag");
            return;
        }
        close_cell(tb, tok);
        sv_tb_dispatch(tb, tok);
    } else if (end && (t == SV_TAG_BODY || t == SV_TAG_CAPTION || t == SV_TAG_COL ||
                       t == SV_TAG_COLGROUP || t == SV_TAG_HTML)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
    } else if (end && (t == SV_TAG_TABLE || t == SV_TAG_TBODY || t == SV_TAG_TFOOT ||
                       t == SV_TAG_THEAD || t == SV_TAG_TR)) {
        if (!sv_tb_in_scope(tb, t, SV_SC_TABLE)) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return;
        }
        close_cell(tb, tok);
        sv_tb_dispatch(tb, tok);
    } else {
        sv_tb_mode(tb, SV_M_IN_BODY, tok);
    }
}
