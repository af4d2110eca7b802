/*
 * tree_foreign.c — the tree construction dispatcher (13.2.6) and "the rules for parsing
 * tokens in foreign content" (13.2.6.5), with the SVG and MathML name adjustments.
 */
#include "tree_int.h"

typedef struct name_fix {
    const char *lower, *fixed;
} name_fix;

/* "adjust SVG tag names" — the element names whose case the standard restores. */
static const name_fix svg_tags[] = {
    {"altglyph", "altGlyph"}, {"altglyphdef", "altGlyphDef"},
    {"altglyphitem", "altGlyphItem"}, {"animatecolor", "animateColor"},
    {"animatemotion", "animateMotion"}, {"animatetransform", "animateTransform"},
    {"clippath", "clipPath"}, {"feblend", "feBlend"}, {"fecolormatrix", "feColorMatrix"},
    {"fecomponenttransfer", "feComponentTransfer"}, {"fecomposite", "feComposite"},
    {"feconvolvematrix", "feConvolveMatrix"}, {"fediffuselighting", "feDiffuseLighting"},
    {"fedisplacementmap", "feDisplacementMap"}, {"fedistantlight", "feDistantLight"},
    {"fedropshadow", "feDropShadow"}, {"feflood", "feFlood"}, {"fefunca", "feFuncA"},
    {"fefuncb", "feFuncB"}, {"fefuncg", "feFuncG"}, {"fefuncr", "feFuncR"},
    {"fegaussianblur", "feGaussianBlur"}, {"feimage", "feImage"}, {"femerge", "feMerge"},
    {"femergenode", "feMergeNode"}, {"femorphology", "feMorphology"},
    {"feoffset", "feOffset"}, {"fepointlight", "fePointLight"},
    {"fespecularlighting", "feSpecularLighting"}, {"fespotlight", "feSpotLight"},
    {"fetile", "feTile"}, {"feturbulence", "feTurbulence"},
    {"foreignobject", "foreignObject"}, {"glyphref", "glyphRef"},
    {"lineargradient", "linearGradient"}, {"radialgradient", "radialGradient"},
    {"textpath", "textPath"}, {NULL, NULL}};

/* "adjust SVG attributes" */
static const name_fix svg_attrs[] = {
    {"attributename", "attributeName"}, {"attributetype", "attributeType"},
    {"basefrequency", "baseFrequency"}, {"baseprofile", "baseProfile"},
    {"calcmode", "calcMode"}, {"clippathunits", "clipPathUnits"},
    {"diffuseconstant", "diffuseConstant"}, {"edgemode", "edgeMode"},
    {"filterunits", "filterUnits"}, {"glyphref", "glyphRef"},
    {"gradienttransform", "gradientTransform"}, {"gradientunits", "gradientUnits"},
    {"kernelmatrix", "kernelMatrix"}, {"kernelunitlength", "kernelUnitLength"},
    {"keypoints", "keyPoints"}, {"keysplines", "keySplines"}, {"keytimes", "keyTimes"},
    {"lengthadjust", "lengthAdjust"}, {"limitingconeangle", "limitingConeAngle"},
    {"markerheight", "markerHeight"}, {"markerunits", "markerUnits"},
    {"markerwidth", "markerWidth"}, {"maskcontentunits", "maskContentUnits"},
    {"maskunits", "maskUnits"}, {"numoctaves", "numOctaves"}, {"pathlength", "pathLength"},
    {"patterncontentunits", "patternContentUnits"}, {"patterntransform", "patternTransform"},
    {"patternunits", "patternUnits"}, {"pointsatx", "pointsAtX"}, {"pointsaty", "pointsAtY"},
    {"pointsatz", "pointsAtZ"}, {"preservealpha", "preserveAlpha"},
    {"preserveaspectratio", "preserveAspectRatio"}, {"primitiveunits", "primitiveUnits"},
    {"refx", "refX"}, {"refy", "refY"}, {"repeatcount", "repeatCount"},
    {"repeatdur", "repeatDur"}, {"requiredextensions", "requiredExtensions"},
    {"requiredfeatures", "requiredFeatures"}, {"specularconstant", "specularConstant"},
    {"specularexponent", "specularExponent"}, {"spreadmethod", "spreadMethod"},
    {"startoffset", "startOffset"}, {"stddeviation", "stdDeviation"},
    {"stitchtiles", "stitchTiles"}, {"surfacescale", "surfaceScale"},
    {"systemlanguage", "systemLanguage"}, {"tablevalues", "tableValues"},
    {"targetx", "targetX"}, {"targety", "targetY"}, {"textlength", "textLength"},
    {"viewbox", "viewBox"}, {"viewtarget", "viewTarget"},
    {"xchannelselector", "xChannelSelector"}, {"ychannelselector", "yChannelSelector"},
    {"zoomandpan", "zoomAndPan"}, {NULL, NULL}};

/* "adjust foreign attributes" */
static const struct {
    const char *name, *local; /* the prefix follows from ns (salvage_attribute_prefix) */
    salvage_namespace ns;
} foreign_attrs[] = {
    {"xlink:actuate", "actuate", SALVAGE_NS_XLINK},
    {"xlink:arcrole", "arcrole", SALVAGE_NS_XLINK},
    {"xlink:href", "href", SALVAGE_NS_XLINK},
    {"xlink:role", "role", SALVAGE_NS_XLINK},
    {"xlink:show", "show", SALVAGE_NS_XLINK},
    {"xlink:title", "title", SALVAGE_NS_XLINK},
    {"xlink:type", "type", SALVAGE_NS_XLINK},
    {"xml:lang", "lang", SALVAGE_NS_XML},
    {"xml:space", "space", SALVAGE_NS_XML},
    {"xmlns", "xmlns", SALVAGE_NS_XMLNS},
    {"xmlns:xlink", "xlink", SALVAGE_NS_XMLNS},
};

/* The first byte rules out most entries before any length is taken (SVG content has many
 * attributes, each looked up here). */
static const char *find_fix(const name_fix *t, const char *s, size_t n)
{
    if (n == 0)
        return NULL;
    for (; t->lower; t++)
        if (t->lower[0] == s[0] && strlen(t->lower) == n && memcmp(t->lower, s, n) == 0)
            return t->fixed;
    return NULL;
}

const char *sv_tb_svg_tag_name(const char *name, size_t len)
{
    return find_fix(svg_tags, name, len);
}

/* Adjusts one attribute of an element in namespace ns (names are already lower case). */
void sv_tb_adjust_attr(salvage_attribute *a, salvage_namespace ns)
{
    const char *fixed = NULL;
    if (ns == SALVAGE_NS_SVG)
        fixed = find_fix(svg_attrs, a->name, a->name_len);
    else if (ns == SALVAGE_NS_MATHML && a->name_len == 13 &&
             memcmp(a->name, "definitionurl", 13) == 0)
        fixed = "definitionURL";
    if (fixed) {
        a->name = fixed;
        return;
    }
    if (a->name_len == 0 || a->name[0] != 'x')
        return; /* every name below starts with 'x' */
    for (size_t i = 0; i < sizeof foreign_attrs / sizeof foreign_attrs[0]; i++) {
        if (strlen(foreign_attrs[i].name) == a->name_len &&
            memcmp(foreign_attrs[i].name, a->name, a->name_len) == 0) {
            a->name = foreign_attrs[i].local;
            a->name_len = (uint32_t)strlen(a->name);
            a->ns = foreign_attrs[i].ns;
            return;
        }
    }
}

static bool mathml_text_ip(const sv_node *n)
{
    return n->ns == SALVAGE_NS_MATHML &&
           (n->tag == SV_TAG_MI || n->tag == SV_TAG_MO || n->tag == SV_TAG_MN ||
            n->tag == SV_TAG_MS || n->tag == SV_TAG_MTEXT);
}

static bool html_ip(const sv_node *n)
{
    if (n->ns == SALVAGE_NS_MATHML)
        return (n->flags & SV_NODE_HTML_IP) != 0;
    return n->ns == SALVAGE_NS_SVG &&
           (n->tag == SV_TAG_FOREIGNOBJECT || n->tag == SV_TAG_DESC || n->tag == SV_TAG_TITLE);
}

/* Does the token go to the current insertion mode (rather than foreign content)? */
static bool use_html_rules(const sv_treebuilder *tb, const sv_token *tok)
{
    const sv_node *acn = sv_tb_adjusted_current(tb);
    if (!acn || acn->ns == SALVAGE_NS_HTML || tok->type == SV_TOK_EOF)
        return true;
    bool start = tok->type == SV_TOK_START_TAG, chars = tok->type == SV_TOK_CHARACTER;
    if (mathml_text_ip(acn)) {
        if (chars)
            return true;
        if (start) {
            sv_tag t = sv_tok_tag(tok);
            if (t != SV_TAG_MGLYPH && t != SV_TAG_MALIGNMARK)
                return true;
        }
    }
    if (acn->ns == SALVAGE_NS_MATHML && acn->tag == SV_TAG_ANNOTATION_XML && start &&
        sv_tok_tag(tok) == SV_TAG_SVG)
        return true;
    return html_ip(acn) && (start || chars);
}

void sv_tb_dispatch(sv_treebuilder *tb, sv_token *tok)
{
    if (tb->nest >= SV_TB_MAX_REPROCESS) {
        sv_tb_error(tb, tok, "reprocess-limit");
        return;
    }
    tb->nest++;
    if (use_html_rules(tb, tok))
        sv_tb_mode(tb, tb->mode, tok);
    else
        sv_tb_foreign(tb, tok);
    tb->nest--;
}

void sv_tb_mode(sv_treebuilder *tb, sv_mode mode, sv_token *tok)
{
    static void (*const modes[])(sv_treebuilder *, sv_token *) = {
        [SV_M_INITIAL] = sv_tb_initial,
        [SV_M_BEFORE_HTML] = sv_tb_before_html,
        [SV_M_BEFORE_HEAD] = sv_tb_before_head,
        [SV_M_IN_HEAD] = sv_tb_in_head,
        [SV_M_IN_HEAD_NOSCRIPT] = sv_tb_in_head_noscript,
        [SV_M_AFTER_HEAD] = sv_tb_after_head,
        [SV_M_IN_BODY] = sv_tb_in_body,
        [SV_M_TEXT] = sv_tb_text,
        [SV_M_IN_TABLE] = sv_tb_in_table,
        [SV_M_IN_TABLE_TEXT] = sv_tb_in_table_text,
        [SV_M_IN_CAPTION] = sv_tb_in_caption,
        [SV_M_IN_COLUMN_GROUP] = sv_tb_in_column_group,
        [SV_M_IN_TABLE_BODY] = sv_tb_in_table_body,
        [SV_M_IN_ROW] = sv_tb_in_row,
        [SV_M_IN_CELL] = sv_tb_in_cell,
        [SV_M_IN_TEMPLATE] = sv_tb_in_template,
        [SV_M_AFTER_BODY] = sv_tb_after_body,
        [SV_M_IN_FRAMESET] = sv_tb_in_frameset,
        [SV_M_AFTER_FRAMESET] = sv_tb_after_frameset,
        [SV_M_AFTER_AFTER_BODY] = sv_tb_after_after_body,
        [SV_M_AFTER_AFTER_FRAMESET] = sv_tb_after_after_frameset,
    };
    if (tb->nest >= SV_TB_MAX_REPROCESS) {
        sv_tb_error(tb, tok, "reprocess-limit");
        return;
    }
    tb->nest++;
    modes[mode](tb, tok);
    tb->nest--;
}

/* Characters in foreign content: U+0000 becomes U+FFFD. */
static void foreign_chars(sv_treebuilder *tb, const sv_token *tok)
{
    const char *s = tok->data;
    size_t n = tok->data_len, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != 0) {
            if (!sv_is_ws(s[i]))
                tb->frameset_ok = false;
            continue;
        }
        sv_tb_insert_text(tb, s + start, i - start, tok->offset + start);
        if (i < n) {
            sv_tb_error(tb, tok, "unexpected-null-character");
            sv_tb_insert_text(tb, "\xEF\xBF\xBD", 3, tok->offset + i);
        }
        start = i + 1;
    }
}

/* Start tags that break out of foreign content back to HTML. */
static bool breaks_out(const sv_token *tok, sv_tag t)
{
    static const sv_tag list[] = {
        SV_TAG_B, SV_TAG_BIG, SV_TAG_BLOCKQUOTE, SV_TAG_BODY, SV_TAG_BR, SV_TAG_CENTER,
        SV_TAG_CODE, SV_TAG_DD, SV_TAG_DIV, SV_TAG_DL, SV_TAG_DT, SV_TAG_EM, SV_TAG_EMBED,
        SV_TAG_H1, SV_TAG_H2, SV_TAG_H3, SV_TAG_H4, SV_TAG_H5, SV_TAG_H6, SV_TAG_HEAD,
        SV_TAG_HR, SV_TAG_I, SV_TAG_IMG, SV_TAG_LI, SV_TAG_LISTING, SV_TAG_MENU, SV_TAG_META,
        SV_TAG_NOBR, SV_TAG_OL, SV_TAG_P, SV_TAG_PRE, SV_TAG_RUBY, SV_TAG_S, SV_TAG_SMALL,
        SV_TAG_SPAN, SV_TAG_STRONG, SV_TAG_STRIKE, SV_TAG_SUB, SV_TAG_SUP, SV_TAG_TABLE,
        SV_TAG_TT, SV_TAG_U, SV_TAG_UL, SV_TAG_VAR, SV_TAG_UNKNOWN};
    if (t == SV_TAG_UNKNOWN)
        return false;
    if (t == SV_TAG_FONT) {
        for (size_t i = 0; i < tok->attr_count; i++) {
            const sv_tok_attr *a = &tok->attrs[i];
            if ((a->name_len == 5 && memcmp(a->name, "color", 5) == 0) ||
                (a->name_len == 4 && (memcmp(a->name, "face", 4) == 0 ||
                                      memcmp(a->name, "size", 4) == 0)))
                return true;
        }
        return false;
    }
    return sv_tag_in(t, list);
}

/* "any other start tag" in foreign content, and <svg>/<math> in body: ns is the namespace
 * of the new element. */
void sv_tb_foreign_start(sv_treebuilder *tb, sv_token *tok, salvage_namespace ns)
{
    sv_node *el = sv_tb_insert_element(tb, tok, ns);
    if (tok->self_closing && el)
        sv_tb_pop(tb);
}

static bool name_ieq(const char *a, const char *b, size_t bn)
{
    size_t i = 0;
    for (; i < bn && a[i]; i++) {
        char x = a[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (x != b[i])
            return false;
    }
    return i == bn && !a[i];
}

static void foreign_end(sv_treebuilder *tb, sv_token *tok)
{
    uint32_t i = tb->depth;
    if (i == 0)
        return;
    sv_node *node = tb->stack[i - 1].node;
    if (!name_ieq(sv_node_name(node), tok->name, tok->name_len))
        sv_tb_error(tb, tok, "unexpected-end-tag");
    for (;;) {
        tb->work++;
        if (i == 1)
            return; /* node is the topmost element */
        if (name_ieq(sv_node_name(node), tok->name, tok->name_len)) {
            sv_tb_pop_until_node(tb, node);
            return;
        }
        node = tb->stack[--i - 1].node;
        if (node->ns == SALVAGE_NS_HTML) {
            sv_tb_mode(tb, tb->mode, tok);
            return;
        }
    }
}

void sv_tb_foreign(sv_treebuilder *tb, sv_token *tok)
{
    switch (tok->type) {
    case SV_TOK_CHARACTER:
        foreign_chars(tb, tok);
        return;
    case SV_TOK_COMMENT:
        sv_tb_insert_comment(tb, tok, NULL);
        return;
    case SV_TOK_DOCTYPE:
        sv_tb_error(tb, tok, "unexpected-doctype");
        return;
    case SV_TOK_START_TAG: {
        sv_tag t = sv_tok_tag(tok);
        if (breaks_out(tok, t)) {
            sv_tb_error(tb, tok, "unexpected-html-element-in-foreign-content");
            while (tb->depth > 1) {
                const sv_node *c = sv_tb_current(tb);
                if (c->ns == SALVAGE_NS_HTML || mathml_text_ip(c) || html_ip(c))
                    break;
                sv_tb_pop(tb);
            }
            sv_tb_mode(tb, tb->mode, tok);
            return;
        }
        const sv_node *acn = sv_tb_adjusted_current(tb);
        sv_tb_foreign_start(tb, tok, (salvage_namespace)acn->ns);
        return;
    }
    case SV_TOK_END_TAG: {
        sv_tag t = sv_tok_tag(tok);
        if (t == SV_TAG_BR || t == SV_TAG_P) {
            sv_tb_error(tb, tok, "unexpected-html-element-in-foreign-content");
            while (tb->depth > 1) {
                const sv_node *c = sv_tb_current(tb);
                if (c->ns == SALVAGE_NS_HTML || mathml_text_ip(c) || html_ip(c))
                    break;
                sv_tb_pop(tb);
            }
            sv_tb_mode(tb, tb->mode, tok);
            return;
        }
        const sv_node *cur = sv_tb_current(tb);
        if (t == SV_TAG_SCRIPT && cur && cur->ns == SALVAGE_NS_SVG &&
            strcmp(sv_node_name(cur), "script") == 0) {
            sv_tb_pop(tb);
            return;
        }
        foreign_end(tb, tok);
        return;
    }
    case SV_TOK_EOF:
        sv_tb_mode(tb, tb->mode, tok);
        return;
    }
}
