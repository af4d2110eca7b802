/*
 * tree_head.c — the insertion modes before the body (13.2.6.4.1-6) and "text" (13.2.6.4.8),
 * with the DOCTYPE's document mode (quirks).
 */
#include "tree_int.h"

static bool prefix_ieq(const char *s, size_t n, const char *prefix)
{
    size_t i = 0;
    for (; prefix[i]; i++) {
        if (i >= n)
            return false;
        char c = s[i], p = prefix[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (p >= 'A' && p <= 'Z')
            p = (char)(p + 32);
        if (c != p)
            return false;
    }
    return true;
}

static bool ieq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && prefix_ieq(s, n, lit);
}

static const char *const quirks_prefixes[] = {
    "+//silmaril//dtd html pro v0r11 19970101//",
    "-//as//dtd html 3.0 aswedit + extensions//",
    "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
    "-//ietf//dtd html 2.0 level 1//", "-//ietf//dtd html 2.0 level 2//",
    "-//ietf//dtd html 2.0 strict level 1//", "-//ietf//dtd html 2.0 strict level 2//",
    "-//ietf//dtd html 2.0 strict//", "-//ietf//dtd html 2.0//", "-//ietf//dtd html 2.1e//",
    "-//ietf//dtd html 3.0//", "-//ietf//dtd html 3.2 final//", "-//ietf//dtd html 3.2//",
    "-//ietf//dtd html 3//", "-//ietf//dtd html level 0//", "-//ietf//dtd html level 1//",
    "-//ietf//dtd html level 2//", "-//ietf//dtd html level 3//",
    "-//ietf//dtd html strict level 0//", "-//ietf//dtd html strict level 1//",
    "-//ietf//dtd html strict level 2//", "-//ietf//dtd html strict level 3//",
    "-//ietf//dtd html strict//", "-//ietf//dtd html//",
    "-//metrius//dtd metrius presentational//",
    "-//microsoft//dtd internet explorer 2.0 html strict//",
    "-//microsoft//dtd internet explorer 2.0 html//",
    "-//microsoft//dtd internet explorer 2.0 tables//",
    "-//microsoft//dtd internet explorer 3.0 html strict//",
    "-//microsoft//dtd internet explorer 3.0 html//",
    "-//microsoft//dtd internet explorer 3.0 tables//",
    "-//netscape comm. corp.//dtd html//", "-//netscape comm. corp.//dtd strict html//",
    "-//o'reilly and associates//dtd html 2.0//",
    "-//o'reilly and associates//dtd html extended 1.0//",
    "-//o'reilly and associates//dtd html extended relaxed 1.0//",
    "-//sq//dtd html 2.0 hotmetal + extensions//",
    "-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
    "-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
    "-//spyglass//dtd html 2.0 extended//", "-//sun microsystems corp.//dtd hotjava html//",
    "-//sun microsystems corp.//dtd hotjava strict html//",
    "-//w3c//dtd html 3 1995-03-24//", "-//w3c//dtd html 3.2 draft//",
    "-//w3c//dtd html 3.2 final//", "-//w3c//dtd html 3.2//", "-//w3c//dtd html 3.2s draft//",
    "-//w3c//dtd html 4.0 frameset//", "-//w3c//dtd html 4.0 transitional//",
    "-//w3c//dtd html experimental 19960712//", "-//w3c//dtd html experimental 970421//",
    "-//w3c//dtd w3 html//", "-//w3o//dtd w3 html 3.0//", "-//webtechs//dtd mozilla html 2.0//",
    "-//webtechs//dtd mozilla html//", NULL};

/* The document mode a DOCTYPE token selects (13.2.6.4.1, "initial"). */
salvage_quirks_mode sv_tb_doctype_quirks(const sv_token *tok)
{
    const char *pub = tok->public_id, *sys = tok->system_id;
    size_t pn = tok->has_public_id ? tok->public_id_len : 0;
    size_t sn = tok->has_system_id ? tok->system_id_len : 0;
    if (tok->force_quirks || !tok->has_name || tok->name_len != 4 ||
        memcmp(tok->name, "html", 4) != 0)
        return SALVAGE_QUIRKS;
    if (tok->has_public_id) {
        if (ieq(pub, pn, "-//W3O//DTD W3 HTML Strict 3.0//EN//") ||
            ieq(pub, pn, "-/W3C/DTD HTML 4.0 Transitional/EN") || ieq(pub, pn, "HTML"))
            return SALVAGE_QUIRKS;
        for (size_t i = 0; quirks_prefixes[i]; i++)
            if (prefix_ieq(pub, pn, quirks_prefixes[i]))
                return SALVAGE_QUIRKS;
    }
    if (tok->has_system_id &&
        ieq(sys, sn, "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd"))
        return SALVAGE_QUIRKS;
    if (tok->has_public_id) {
        bool html401 = prefix_ieq(pub, pn, "-//W3C//DTD HTML 4.01 Frameset//") ||
                       prefix_ieq(pub, pn, "-//W3C//DTD HTML 4.01 Transitional//");
        if (html401 && !tok->has_system_id)
            return SALVAGE_QUIRKS;
        if (prefix_ieq(pub, pn, "-//W3C//DTD XHTML 1.0 Frameset//") ||
            prefix_ieq(pub, pn, "-//W3C//DTD XHTML 1.0 Transitional//") ||
            (html401 && tok->has_system_id))
            return SALVAGE_LIMITED_QUIRKS;
    }
    return SALVAGE_NO_QUIRKS;
}

static char *dup_or_null(sv_treebuilder *tb, bool has, const char *s, size_t n)
{
    if (!has)
        return NULL;
    char *c = sv_arena_strndup(&tb->doc->arena, s ? s : "", s ? n : 0);
    if (!c)
        tb->doc->oom = true;
    return c;
}

static void insert_doctype(sv_treebuilder *tb, const sv_token *tok)
{
    sv_node *d = sv_tb_new_node(tb, SALVAGE_NODE_DOCTYPE, tok->offset, true);
    if (!d)
        return;
    sv_doctype_ids *ids = sv_arena_alloc(&tb->doc->arena, sizeof *ids);
    if (!ids) {
        tb->doc->oom = true;
        return;
    }
    ids->name = dup_or_null(tb, true, tok->has_name ? tok->name : "", tok->name_len);
    size_t pub = sv_tb_len32(tb, tok->public_id, tok->public_id_len, tok->offset);
    ids->public_id = dup_or_null(tb, tok->has_public_id, tok->public_id, pub);
    ids->public_len = ids->public_id ? (uint32_t)pub : 0;
    ids->system_id = dup_or_null(tb, tok->has_system_id, tok->system_id, tok->system_id_len);
    d->ids = ids;
    sv_tb_append(tb->document, d);
}

/* Splits off leading white space of a character token: returns true when nothing else is
 * left; else *rest is the remainder. */
static bool skip_ws(const sv_token *tok, sv_token *rest)
{
    size_t n = sv_ws_prefix(tok->data, tok->data_len);
    if (n == tok->data_len)
        return true;
    *rest = sv_tok_slice(tok, n, tok->data_len - n);
    return false;
}

void sv_tb_initial(sv_treebuilder *tb, sv_token *tok)
{
    sv_token rest;
    switch (tok->type) {
    case SV_TOK_CHARACTER:
        if (skip_ws(tok, &rest))
            return;
        tok = &rest;
        break;
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, tb->document);
        return;
    case SV_TOK_DOCTYPE:
        insert_doctype(tb, tok);
        tb->doc->quirks = sv_tb_doctype_quirks(tok);
        tb->mode = SV_M_BEFORE_HTML;
        return;
    default:
        break;
    }
    sv_tb_error(tb, tok, "expected-doctype-but-got-other");
    tb->doc->quirks = SALVAGE_QUIRKS;
    tb->mode = SV_M_BEFORE_HTML;
    sv_tb_dispatch(tb, tok);
}

static bool is_end_of(const sv_token *tok, const sv_tag *list)
{
    return tok->type == SV_TOK_END_TAG && sv_tag_in(sv_tok_tag(tok), list);
}

static const sv_tag head_body_html_br[] = {SV_TAG_HEAD, SV_TAG_BODY, SV_TAG_HTML, SV_TAG_BR,
                                           SV_TAG_UNKNOWN};
static const sv_tag body_html_br[] = {SV_TAG_BODY, SV_TAG_HTML, SV_TAG_BR, SV_TAG_UNKNOWN};

void sv_tb_before_html(sv_treebuilder *tb, sv_token *tok)
{
    sv_token rest;
    switch (tok->type) {
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, tb->document);
        return;
    case SV_TOK_CHARACTER:
        if (skip_ws(tok, &rest))
            return;
        tok = &rest;
        break;
    case SV_TOK_START_TAG:
        if (sv_tok_tag(tok) == SV_TAG_HTML) {
            sv_node *el = sv_tb_create_element(tb, tok, "html", 4, SALVAGE_NS_HTML, true);
            if (!el)
                return;
            sv_tb_append(tb->document, el);
            sv_tb_push(tb, el);
            tb->mode = SV_M_BEFORE_HEAD;
            return;
        }
        break;
    case SV_TOK_END_TAG:
        if (!is_end_of(tok, head_body_html_br)) {
            sv_tb_error(tb, tok, "unexpected-end-tag-before-html");
            return;
        }
        break;
    default:
        break;
    }
    sv_node *el = sv_tb_create_element(tb, NULL, "html", 4, SALVAGE_NS_HTML, true);
    if (!el)
        return;
    el->flags |= SV_NODE_IMPLIED;
    sv_tb_append(tb->document, el);
    sv_tb_push(tb, el);
    tb->mode = SV_M_BEFORE_HEAD;
    sv_tb_dispatch(tb, tok);
}

void sv_tb_before_head(sv_treebuilder *tb, sv_token *tok)
{
    sv_token rest;
    switch (tok->type) {
    case SV_TOK_CHARACTER:
        if (skip_ws(tok, &rest))
            return;
        tok = &rest;
        break;
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, NULL);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_START_TAG: {
        sv_tag t = sv_tok_tag(tok);
        if (t == SV_TAG_HTML) {
            sv_tb_mode(tb, SV_M_IN_BODY, tok);
            return;
        }
        if (t == SV_TAG_HEAD) {
            tb->head = sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
            tb->mode = SV_M_IN_HEAD;
            return;
        }
        break;
    }
    case SV_TOK_END_TAG:
        if (!is_end_of(tok, head_body_html_br)) {
            sv_tb_error(tb, tok, "end-tag-after-implied-root");
            return;
        }
        break;
    default:
        break;
    }
    tb->head = sv_tb_insert_implied(tb, SV_TAG_HEAD);
    tb->mode = SV_M_IN_HEAD;
    sv_tb_dispatch(tb, tok);
}

/* Start tags of "in head" (13.2.6.4.4). Returns false for "anything else". */
static bool in_head_start(sv_treebuilder *tb, sv_token *tok, sv_tag t)
{
    switch (t) {
    case SV_TAG_HTML:
        sv_tb_mode(tb, SV_M_IN_BODY, tok);
        return true;
    case SV_TAG_BASE: case SV_TAG_BASEFONT: case SV_TAG_BGSOUND: case SV_TAG_LINK:
    case SV_TAG_META:
        sv_tb_insert_void(tb, tok);
        return true;
    case SV_TAG_TITLE:
        sv_tb_raw_text(tb, tok, SV_TS_RCDATA);
        return true;
    case SV_TAG_NOSCRIPT:
        if (tb->scripting) { /* raw text, like noframes */
            sv_tb_raw_text(tb, tok, SV_TS_RAWTEXT);
            return true;
        }
        sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
        tb->mode = SV_M_IN_HEAD_NOSCRIPT;
        return true;
    case SV_TAG_NOFRAMES: case SV_TAG_STYLE:
        sv_tb_raw_text(tb, tok, SV_TS_RAWTEXT);
        return true;
    case SV_TAG_SCRIPT:
        sv_tb_raw_text(tb, tok, SV_TS_SCRIPT_DATA);
        return true;
    case SV_TAG_TEMPLATE:
        sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
        sv_tb_afe_marker(tb);
        tb->frameset_ok = false;
        tb->mode = SV_M_IN_TEMPLATE;
        sv_tb_push_tmode(tb, SV_M_IN_TEMPLATE);
        return true;
    case SV_TAG_HEAD:
        sv_tb_error(tb, tok, "unexpected-start-tag");
        return true;
    default:
        return false;
    }
}

static void end_template(sv_treebuilder *tb, const sv_token *tok)
{
    if (!sv_tb_has_template(tb)) {
        sv_tb_error(tb, tok, "unexpected-end-tag");
        return;
    }
    sv_tb_implied_end_tags_thoroughly(tb);
    if (!sv_is_html(sv_tb_current(tb), SV_TAG_TEMPLATE))
        sv_tb_error(tb, tok, "end-tag-too-early");
    sv_tb_pop_until(tb, SV_TAG_TEMPLATE);
    sv_tb_afe_clear_to_marker(tb);
    sv_tb_pop_tmode(tb);
    sv_tb_reset_mode(tb);
}

void sv_tb_in_head(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER: {
        size_t n = sv_ws_prefix(tok->data, tok->data_len);
        sv_tb_insert_text(tb, tok->data, n, tok->offset);
        if (n == tok->data_len)
            return;
        sv_token rest = sv_tok_slice(tok, n, tok->data_len - n);
        sv_tb_pop(tb);
        tb->mode = SV_M_AFTER_HEAD;
        sv_tb_dispatch(tb, &rest);
        return;
    }
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, NULL);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_START_TAG:
        if (in_head_start(tb, tok, sv_tok_tag(tok)))
            return;
        break;
    case SV_TOK_END_TAG: {
        sv_tag t = sv_tok_tag(tok);
        if (t == SV_TAG_HEAD) {
            sv_tb_pop(tb);
            tb->mode = SV_M_AFTER_HEAD;
            return;
        }
        if (t == SV_TAG_TEMPLATE) {
            end_template(tb, tok);
            return;
        }
        if (!sv_tag_in(t, body_html_br)) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return;
        }
        break;
    }
    default:
        break;
    }
    sv_tb_pop(tb); /* the head element */
    tb->mode = SV_M_AFTER_HEAD;
    sv_tb_dispatch(tb, tok);
}

void sv_tb_in_head_noscript(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_COMMENT:
        sv_tb_mode(tb, SV_M_IN_HEAD, tok);
        return;
    case SV_TOK_CHARACTER: {
        size_t n = sv_ws_prefix(tok->data, tok->data_len);
        sv_tb_insert_text(tb, tok->data, n, tok->offset);
        if (n == tok->data_len)
            return;
        sv_token rest = sv_tok_slice(tok, n, tok->data_len - n);
        sv_tb_error(tb, tok, "unexpected-char-in-noscript");
        sv_tb_pop(tb);
        tb->mode = SV_M_IN_HEAD;
        sv_tb_dispatch(tb, &rest);
        return;
    }
    case SV_TOK_START_TAG:
        switch (sv_tok_tag(tok)) {
        case SV_TAG_HTML:
            sv_tb_mode(tb, SV_M_IN_BODY, tok);
            return;
        case SV_TAG_BASEFONT: case SV_TAG_BGSOUND: case SV_TAG_LINK: case SV_TAG_META:
        case SV_TAG_NOFRAMES: case SV_TAG_STYLE:
            sv_tb_mode(tb, SV_M_IN_HEAD, tok);
            return;
        case SV_TAG_HEAD: case SV_TAG_NOSCRIPT:
            sv_tb_error(tb, tok, "unexpected-start-tag");
            return;
        default:
            break;
        }
        break;
    case SV_TOK_END_TAG: {
        sv_tag t = sv_tok_tag(tok);
        if (t == SV_TAG_NOSCRIPT) {
            sv_tb_pop(tb);
            tb->mode = SV_M_IN_HEAD;
            return;
        }
        if (t != SV_TAG_BR) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return;
        }
        break;
    }
    default:
        break;
    }
    sv_tb_error(tb, tok, "unexpected-token-in-noscript");
    sv_tb_pop(tb);
    tb->mode = SV_M_IN_HEAD;
    sv_tb_dispatch(tb, tok);
}

static bool after_head_start(sv_treebuilder *tb, sv_token *tok)
{
    sv_tag t = sv_tok_tag(tok);
    switch (t) {
    case SV_TAG_HTML:
        sv_tb_mode(tb, SV_M_IN_BODY, tok);
        return true;
    case SV_TAG_BODY:
        sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
        tb->frameset_ok = false;
        tb->mode = SV_M_IN_BODY;
        return true;
    case SV_TAG_FRAMESET:
        sv_tb_insert_element(tb, tok, SALVAGE_NS_HTML);
        tb->mode = SV_M_IN_FRAMESET;
        return true;
    case SV_TAG_BASE: case SV_TAG_BASEFONT: case SV_TAG_BGSOUND: case SV_TAG_LINK:
    case SV_TAG_META: case SV_TAG_NOFRAMES: case SV_TAG_SCRIPT: case SV_TAG_STYLE:
    case SV_TAG_TEMPLATE: case SV_TAG_TITLE: {
        sv_tb_error(tb, tok, "unexpected-start-tag-out-of-my-head");
        sv_node *head = tb->head;
        if (!head)
            return true;
        sv_tb_push(tb, head);
        sv_tb_mode(tb, SV_M_IN_HEAD, tok);
        sv_tb_remove_open(tb, head);
        return true;
    }
    case SV_TAG_HEAD:
        sv_tb_error(tb, tok, "unexpected-start-tag");
        return true;
    default:
        return false;
    }
}

void sv_tb_after_head(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER: {
        size_t n = sv_ws_prefix(tok->data, tok->data_len);
        sv_tb_insert_text(tb, tok->data, n, tok->offset);
        if (n == tok->data_len)
            return;
        sv_token rest = sv_tok_slice(tok, n, tok->data_len - n);
        sv_tb_insert_implied(tb, SV_TAG_BODY);
        tb->mode = SV_M_IN_BODY;
        sv_tb_dispatch(tb, &rest);
        return;
    }
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, NULL);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_START_TAG:
        if (after_head_start(tb, tok))
            return;
        break;
    case SV_TOK_END_TAG: {
        sv_tag t = sv_tok_tag(tok);
        if (t == SV_TAG_TEMPLATE) {
            sv_tb_mode(tb, SV_M_IN_HEAD, tok);
            return;
        }
        if (!sv_tag_in(t, body_html_br)) {
            sv_tb_error(tb, tok, "unexpected-end-tag");
            return;
        }
        break;
    }
    default:
        break;
    }
    sv_tb_insert_implied(tb, SV_TAG_BODY);
    tb->mode = SV_M_IN_BODY;
    sv_tb_dispatch(tb, tok);
}

/* "text": the contents of script, style, title, textarea, ... */
void sv_tb_text(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER:
        sv_tb_insert_text(tb, tok->data, tok->data_len, tok->offset);
        return;
    case SV_TOK_EOF:
        sv_tb_error(tb, tok, "eof-in-text");
        sv_tb_pop(tb);
        tb->mode = tb->orig_mode;
        sv_tb_dispatch(tb, tok);
        return;
    case SV_TOK_END_TAG:
        sv_tb_pop(tb);
        tb->mode = tb->orig_mode;
        return;
    default:
        return;
    }
}
