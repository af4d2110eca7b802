/*
 * tags.h — the tag names the tree builder treats specially, as small integers.
 *
 * SV_TAG_LIST is kept in strict ASCII order of the (lower-case) names: sv_tag_lookup is a
 * binary search over it, and tests/unit/test_tree.c checks the order. Names the tree builder
 * has no rule for map to SV_TAG_UNKNOWN and are compared as strings.
 */
#ifndef SV_TAGS_H
#define SV_TAGS_H

#include <stddef.h>

#define SV_TAG_LIST(X)                                                                         \
    X(A, "a") X(ADDRESS, "address") X(ANNOTATION_XML, "annotation-xml") X(APPLET, "applet")    \
    X(AREA, "area") X(ARTICLE, "article") X(ASIDE, "aside") X(B, "b") X(BASE, "base")          \
    X(BASEFONT, "basefont") X(BGSOUND, "bgsound") X(BIG, "big") X(BLOCKQUOTE, "blockquote")    \
    X(BODY, "body") X(BR, "br") X(BUTTON, "button") X(CAPTION, "caption")                      \
    X(CENTER, "center") X(CODE, "code") X(COL, "col") X(COLGROUP, "colgroup") X(DD, "dd")      \
    X(DESC, "desc") X(DETAILS, "details") X(DIALOG, "dialog") X(DIR, "dir") X(DIV, "div")      \
    X(DL, "dl") X(DT, "dt") X(EM, "em") X(EMBED, "embed") X(FIELDSET, "fieldset")              \
    X(FIGCAPTION, "figcaption") X(FIGURE, "figure") X(FONT, "font") X(FOOTER, "footer")        \
    X(FOREIGNOBJECT, "foreignobject") X(FORM, "form") X(FRAME, "frame")                        \
    X(FRAMESET, "frameset") X(H1, "h1") X(H2, "h2") X(H3, "h3") X(H4, "h4") X(H5, "h5")        \
    X(H6, "h6") X(HEAD, "head") X(HEADER, "header") X(HGROUP, "hgroup") X(HR, "hr")            \
    X(HTML, "html") X(I, "i") X(IFRAME, "iframe") X(IMAGE, "image") X(IMG, "img")              \
    X(INPUT, "input") X(KEYGEN, "keygen") X(LI, "li") X(LINK, "link") X(LISTING, "listing")    \
    X(MAIN, "main") X(MALIGNMARK, "malignmark") X(MARQUEE, "marquee") X(MATH, "math")          \
    X(MENU, "menu") X(META, "meta") X(MGLYPH, "mglyph") X(MI, "mi") X(MN, "mn") X(MO, "mo")    \
    X(MS, "ms") X(MTEXT, "mtext") X(NAV, "nav") X(NOBR, "nobr") X(NOEMBED, "noembed")          \
    X(NOFRAMES, "noframes") X(NOSCRIPT, "noscript") X(OBJECT, "object") X(OL, "ol")            \
    X(OPTGROUP, "optgroup") X(OPTION, "option") X(P, "p") X(PARAM, "param")                    \
    X(PLAINTEXT, "plaintext") X(PRE, "pre") X(RB, "rb") X(RP, "rp") X(RT, "rt") X(RTC, "rtc")  \
    X(RUBY, "ruby") X(S, "s") X(SCRIPT, "script") X(SEARCH, "search") X(SECTION, "section")    \
    X(SELECT, "select") X(SELECTEDCONTENT, "selectedcontent") X(SMALL, "small")                \
    X(SOURCE, "source") X(SPAN, "span") X(STRIKE, "strike") X(STRONG, "strong")                \
    X(STYLE, "style") X(SUB, "sub") X(SUMMARY, "summary") X(SUP, "sup") X(SVG, "svg")          \
    X(TABLE, "table") X(TBODY, "tbody") X(TD, "td") X(TEMPLATE, "template")                    \
    X(TEXTAREA, "textarea") X(TFOOT, "tfoot") X(TH, "th") X(THEAD, "thead") X(TITLE, "title")  \
    X(TR, "tr") X(TRACK, "track") X(TT, "tt") X(U, "u") X(UL, "ul") X(VAR, "var")              \
    X(WBR, "wbr") X(XMP, "xmp")

typedef enum sv_tag {
    SV_TAG_UNKNOWN = 0,
#define SV_TAG_ENUM(id, name) SV_TAG_##id,
    SV_TAG_LIST(SV_TAG_ENUM)
#undef SV_TAG_ENUM
    SV_TAG_COUNT
} sv_tag;

/* The id of the tag name s[0..len), compared ASCII case-insensitively; SV_TAG_UNKNOWN when
 * the name is not in the list. */
sv_tag sv_tag_lookup(const char *s, size_t len);
/* The lower-case name of a tag id (a static string); "" for SV_TAG_UNKNOWN. */
const char *sv_tag_name(sv_tag tag);
/* sv_tag_lookup for a name already in ASCII lower case (the tokenizer's tag names). */
sv_tag sv_tag_lookup_lower(const char *s, size_t len);

#endif /* SV_TAGS_H */
