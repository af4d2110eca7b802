/*
 * html_article.c — the article model of an HTML page: walks the tree (public node API, no
 * recursion) and appends blocks: headings, paragraphs, lists, tables, quotes and
 * preformatted text.
 *
 * Rendering model. Elements are block-level or inline as in the HTML Standard's rendering
 * section (15.3). Text is collected into the innermost open "container":
 *   - p, h1-h6, blockquote, pre, dt/dd, figcaption, caption, ...: one block each, unless they
 *     sit inside another container, where they only separate words (a block boundary is a
 *     space, as it renders as a line break);
 *   - li of a list block: one item each; nested ul/ol inside an item continue the same list
 *     block one level deeper;
 *   - td/th of a data table: one cell each, spans expanded into the grid.
 * Text outside any container (in body, div, section, a layout table, ...) forms anonymous
 * paragraphs that end at every block-level boundary. Inline elements add no space: white
 * space comes only from the text and from <br> and block boundaries (the text builder
 * collapses runs and trims ends, as the CSS white-space processing does). <pre> keeps its
 * white space.
 *
 * Tables. A table holding a nested table, a heading, a section-like element or a cell with a
 * lot of text is a layout table: its rows and cells are plain block-level boxes. The others
 * are data tables. One pre-pass classifies every table in document order, so each table is
 * looked at once (linear even with nested tables).
 *
 * Skipped: script, style, template, noscript, head, title, form controls, embedded content,
 * SVG and MathML, and elements hidden by the hidden attribute, aria-hidden="true" or an
 * inline display:none.
 *
 * Offsets: block start/end are decoded offsets (positions in doc->text), taken from the
 * nodes' token offsets; end is the end of the last text that went into the block.
 */
#include "html_article.h"

#include "debris.h"
#include "tree.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A table cell holding more text than this marks its table as a layout table. */
#define SV_LAYOUT_CELL_TEXT 2000
/* HTML's clamps for colspan and rowspan (15.3.8 / "forming a table"). */
#define SV_MAX_COLSPAN 1000
#define SV_MAX_ROWSPAN 65534
/* Span expansion bound: copies made for colspan/rowspan stop once a table has
 * SV_SPAN_SLACK + SV_SPAN_FACTOR x (real cells) grid cells (real cells are always kept).
 * Stops small inputs with huge colspan x rowspan from amplifying the output. */
#define SV_SPAN_SLACK 4096
#define SV_SPAN_FACTOR 16

/* ---------------------------------------------------------------------------------------- */
/* Element classes                                                                          */

typedef enum ekind {
    E_INLINE = 0, /* no effect of its own */
    E_SKIP,       /* subtree not rendered */
    E_BLOCK,      /* block-level box: a boundary, nothing else */
    E_BR,
    E_EM,
    E_STRONG,
    E_CODE,
    E_LINK,
    E_PARA,    /* paragraph-like container */
    E_HEADING, /* h1..h6 */
    E_QUOTE,
    E_PRE,
    E_LIST, /* ul, ol, menu, dir */
    E_LI,
    E_TABLE,
    E_ROWGROUP,
    E_TR,
    E_CELL,
    E_SECTIONING /* block-level and marks an enclosing table as layout */
} ekind;

typedef struct eclass {
    const char *name;
    ekind kind;
} eclass;

/* Sorted by name for binary search. */
static const eclass eclasses[] = {
    {"a", E_LINK},          {"address", E_BLOCK},    {"applet", E_SKIP},
    {"area", E_SKIP},       {"article", E_SECTIONING}, {"aside", E_SECTIONING},
    {"audio", E_SKIP},      {"b", E_STRONG},         {"base", E_SKIP},
    {"blockquote", E_QUOTE}, {"body", E_BLOCK},      {"br", E_BR},
    {"button", E_SKIP},     {"canvas", E_SKIP},      {"caption", E_PARA},
    {"center", E_BLOCK},    {"code", E_CODE},        {"col", E_SKIP},
    {"colgroup", E_SKIP},   {"datalist", E_SKIP},    {"dd", E_PARA},
    {"details", E_BLOCK},   {"dialog", E_SKIP},      {"dir", E_LIST},
    {"div", E_BLOCK},       {"dl", E_BLOCK},         {"dt", E_PARA},
    {"em", E_EM},           {"embed", E_SKIP},       {"fieldset", E_BLOCK},
    {"figcaption", E_PARA}, {"figure", E_BLOCK},     {"footer", E_SECTIONING},
    {"form", E_SECTIONING}, {"frame", E_SKIP},       {"frameset", E_SKIP},
    {"h1", E_HEADING},      {"h2", E_HEADING},       {"h3", E_HEADING},
    {"h4", E_HEADING},      {"h5", E_HEADING},       {"h6", E_HEADING},
    {"head", E_SKIP},       {"header", E_SECTIONING}, {"hgroup", E_BLOCK},
    {"hr", E_BLOCK},        {"html", E_BLOCK},       {"i", E_EM},
    {"iframe", E_SKIP},     {"img", E_SKIP},         {"input", E_SKIP},
    {"kbd", E_CODE},        {"legend", E_PARA},      {"li", E_LI},
    {"link", E_SKIP},       {"listing", E_PRE},      {"main", E_SECTIONING},
    {"map", E_SKIP},        {"menu", E_LIST},        {"meta", E_SKIP},
    {"nav", E_SECTIONING},  {"noembed", E_SKIP},     {"noframes", E_SKIP},
    {"noscript", E_SKIP},   {"object", E_SKIP},      {"ol", E_LIST},
    {"optgroup", E_SKIP},   {"option", E_SKIP},      {"p", E_PARA},
    {"param", E_SKIP},      {"picture", E_SKIP},     {"plaintext", E_PRE},
    {"pre", E_PRE},         {"rp", E_SKIP},          {"samp", E_CODE},
    {"script", E_SKIP},     {"search", E_BLOCK},     {"section", E_SECTIONING},
    {"select", E_SKIP},     {"source", E_SKIP},      {"strong", E_STRONG},
    {"style", E_SKIP},      {"summary", E_PARA},     {"table", E_TABLE},
    {"tbody", E_ROWGROUP},  {"td", E_CELL},          {"template", E_SKIP},
    {"textarea", E_SKIP},   {"tfoot", E_ROWGROUP},   {"th", E_CELL},
    {"thead", E_ROWGROUP},  {"title", E_SKIP},       {"tr", E_TR},
    {"track", E_SKIP},      {"tt", E_CODE},          {"ul", E_LIST},
    {"video", E_SKIP},      {"xmp", E_PRE},
};

static ekind classify_name(const char *name)
{
    size_t lo = 0, hi = sizeof eclasses / sizeof eclasses[0];
    if (!name)
        return E_INLINE;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, eclasses[mid].name);
        if (c == 0)
            return eclasses[mid].kind;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return E_INLINE;
}

static bool ascii_ieq(const char *a, const char *b)
{
    for (;; a++, b++) {
        char ca = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        if (ca != *b)
            return false;
        if (!ca)
            return true;
    }
}

/* An inline style with display:none (white space and case ignored). */
static bool style_hides(const char *style)
{
    static const char want[] = "display:none";
    size_t k = 0;
    for (const char *s = style; *s; s++) {
        char c = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
            continue;
        if (c == want[k]) {
            if (++k == sizeof want - 1)
                return true;
        } else {
            k = (c == want[0]) ? 1 : 0;
        }
    }
    return false;
}

static ekind classify(const salvage_node *n)
{
    const char *v;
    ekind k;
    if (salvage_node_namespace(n) != SALVAGE_NS_HTML)
        return E_SKIP; /* SVG and MathML: not article text */
    k = classify_name(salvage_node_name(n));
    if (salvage_node_attribute_count(n) == 0)
        return k;
    if (k == E_SKIP) /* a dialog is rendered only when open */
        return strcmp(salvage_node_name(n), "dialog") == 0 &&
                       salvage_node_get_attribute(n, "open")
                   ? E_BLOCK
                   : E_SKIP;
    if (salvage_node_get_attribute(n, "hidden"))
        return E_SKIP;
    v = salvage_node_get_attribute(n, "aria-hidden");
    if (v && ascii_ieq(v, "true"))
        return E_SKIP;
    v = salvage_node_get_attribute(n, "style");
    if (v && style_hides(v))
        return E_SKIP;
    return k;
}

/* The node's decoded offset (salvage_node is sv_node, see tree.h). */
static size_t node_dec(const salvage_node *n)
{
    return ((const sv_node *)(const void *)n)->offset;
}

/* ---------------------------------------------------------------------------------------- */
/* Walking: salvage_walk_next, plus skipping a subtree.                                     */

typedef struct walker {
    const salvage_node *root, *node;
    int entering;
    bool skip; /* set on an entered element: continue after its subtree */
} walker;

/* The next event: (node, entering). After a skip, that is the skipped element's next
 * sibling being entered, else its parent being left. */
static const salvage_node *walk(walker *w)
{
    if (w->skip) {
        const salvage_node *n = w->node, *s;
        w->skip = false;
        if (n == w->root)
            return w->node = NULL;
        s = salvage_node_next_sibling(n);
        w->entering = s ? 1 : 0;
        return w->node = s ? s : salvage_node_parent(n);
    }
    w->node = salvage_walk_next(w->root, w->node, &w->entering);
    return w->node;
}

/* ---------------------------------------------------------------------------------------- */
/* Pre-pass: data table or layout table                                                     */

typedef struct table_entry {
    size_t flag;     /* index in the flags vector */
    size_t cell_len; /* text bytes in the current cell */
} table_entry;

static void mark_layout(sv_vec *flags, sv_vec *stack)
{
    if (stack->len > 0) {
        table_entry *t = sv_vec_at(stack, stack->len - 1);
        *(bool *)sv_vec_at(flags, t->flag) = true;
    }
}

static int prepass_enter(sv_vec *flags, sv_vec *stack, ekind k)
{
    if (k == E_TABLE) {
        table_entry *t;
        mark_layout(flags, stack);
        if (!sv_vec_push(flags) || !(t = sv_vec_push(stack)))
            return -1;
        t->flag = flags->len - 1;
    } else if (k == E_HEADING || k == E_SECTIONING || k == E_QUOTE || k == E_PRE) {
        mark_layout(flags, stack);
    } else if (k == E_CELL && stack->len > 0) {
        ((table_entry *)sv_vec_at(stack, stack->len - 1))->cell_len = 0;
    }
    return 0;
}

static void prepass_text(const salvage_node *n, sv_vec *flags, sv_vec *stack)
{
    size_t len = 0;
    table_entry *t;
    if (stack->len == 0)
        return;
    t = sv_vec_at(stack, stack->len - 1);
    salvage_node_text(n, &len);
    t->cell_len += len;
    if (t->cell_len > SV_LAYOUT_CELL_TEXT)
        mark_layout(flags, stack);
}

/* Fills flags (a bool per table, in the order the main walk enters them): true = layout. */
static int classify_tables(salvage_doc *doc, const salvage_node *root, sv_vec *flags)
{
    walker w = {root, NULL, 0, false};
    sv_vec stack;
    sv_vec_init(&stack, &doc->arena, sizeof(table_entry));
    while (walk(&w)) {
        salvage_node_type type = salvage_node_get_type(w.node);
        ekind k;
        if (type == SALVAGE_NODE_TEXT)
            prepass_text(w.node, flags, &stack);
        if (type != SALVAGE_NODE_ELEMENT)
            continue;
        k = classify(w.node);
        if (w.entering && k == E_SKIP) {
            w.skip = true;
            continue;
        }
        if (w.entering && prepass_enter(flags, &stack, k) != 0)
            return -1;
        if (k == E_TABLE && (!w.entering || !salvage_node_first_child(w.node)))
            stack.len--; /* the table is left */
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Text targets                                                                             */

/* Where text goes: a collapsing text builder, or raw text for <pre>. */
typedef struct tgt {
    sv_textb tb;
    sv_buf raw;
    bool raw_mode;
    bool is_item;     /* the text of a list item of the current list block */
    bool is_quote;    /* the text of a blockquote block */
    bool is_para;     /* the text of a paragraph block (p, dd, caption, ...) */
    size_t elem_start; /* a container's element offset (SIZE_MAX if implied), for its block;
                          SIZE_MAX once a quote split around a list used it */
    unsigned gen;     /* bumped when the text is finished: spans opened before are dead */
    size_t start;     /* decoded offset of the first non-space text, or SIZE_MAX */
    size_t end;       /* decoded end of the last text */
    struct tgt *next_spare; /* on builder.spare */
} tgt;

typedef enum fkind {
    F_PLAIN,
    F_SPAN,
    F_BOUNDARY,
    F_CONTAINER,
    F_LIST,
    F_ITEM,
    F_TABLE,
    F_ROWGROUP,
    F_ROW,
    F_CELL
} fkind;

/* One entered element. */
typedef struct frame {
    const salvage_node *node;
    fkind kind;
    salvage_block_type btype; /* F_CONTAINER */
    int level;                /* F_CONTAINER: heading level */
    tgt *saved;               /* F_CONTAINER, F_ITEM, F_CELL: the container to restore */
    tgt *own;                 /* ... and the one this element opened */
    tgt *span_tgt;            /* F_SPAN */
    unsigned span_gen;
    size_t span_idx;
    size_t item;              /* F_ITEM: index in the list's items */
    size_t colspan, rowspan;  /* F_CELL */
    tgt *quote;               /* F_LIST: the quote this list interrupts, resumed after it */
    bool header;
} frame;

typedef struct pending_col {
    size_t remaining; /* rows still covered by a rowspan */
    salvage_cell cell;
} pending_col;

typedef struct builder {
    salvage_doc *doc;
    sv_vec frames;  /* frame */
    tgt *container; /* innermost open container, or NULL */
    tgt *anon;      /* anonymous paragraph text */
    /* the list block being built */
    bool list_active;
    int list_depth;
    int list_ordered;
    long list_number; /* <ol start> */
    size_t list_start, list_end;
    sv_vec items; /* salvage_item */
    tgt *implicit; /* an item for text inside a list but outside li */
    tgt *spare;    /* finished containers, items and cells, kept with their buffers for the
                      next (one per nesting level, not one per element) */
    size_t implicit_item;
    /* the data table being built */
    bool table_active, in_row, span_limited;
    bool in_thead; /* cells of a thead are header cells */
    size_t table_start, table_end;
    sv_vec rows;    /* salvage_row */
    sv_vec row;     /* salvage_cell */
    sv_vec pending; /* pending_col, by column */
    size_t pending_active, col, cells_out, real_cells;
    /* table classification (pre-pass) */
    sv_vec layout; /* bool */
    size_t next_table;
    /* debris removed from block texts, for one diagnostic */
    size_t debris_blocks, debris_tokens, first_debris;
    /* <br> elements since the last visible text */
    unsigned br_run;
} builder;

static tgt *tgt_new(builder *b, bool raw)
{
    tgt *t = b->spare;
    if (t) {
        /* emptied by tgt_finish; gen goes on counting, for spans opened before */
        b->spare = t->next_spare;
        *t = (tgt){.tb = t->tb, .raw = t->raw, .gen = t->gen};
    } else {
        t = sv_arena_calloc(&b->doc->arena, 1, sizeof *t);
        if (!t) {
            b->doc->oom = true;
            return NULL;
        }
        sv_textb_init(&t->tb, b->doc);
        sv_buf_init(&t->raw, &b->doc->arena);
    }
    t->raw_mode = raw;
    t->start = SIZE_MAX;
    return t;
}

static bool all_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\f' && s[i] != '\r')
            return false;
    return true;
}

static bool tgt_empty(const tgt *t)
{
    return t->raw_mode ? all_space(t->raw.data ? t->raw.data : "", t->raw.len)
                       : sv_textb_empty(&t->tb);
}

static void tgt_append(builder *b, tgt *t, const char *s, size_t n, size_t off)
{
    size_t end = off + n;
    if (t->raw_mode) {
        if (sv_buf_append(&t->raw, s, n) != 0)
            b->doc->oom = true;
    } else {
        sv_textb_append(&t->tb, s, n);
    }
    if (all_space(s, n))
        return;
    if (t->start == SIZE_MAX)
        t->start = off;
    if (end > b->doc->text.len)
        end = b->doc->text.len;
    if (end > t->end)
        t->end = end;
}

/* ---------------------------------------------------------------------------------------- */
/* Debris inside parsed HTML: scrapers re-wrap wreckage ("Cell one< /td>> tr >") in real     */
/* markup. A block's text is scanned once it is complete (collapsed to one line), so a token */
/* split across inline elements is still seen whole. Code spans and <pre> keep their text:   */
/* markup there is what the author wrote.                                                    */

/* Tokens scanned on the stack before the scan retries with arena room. */
#define SV_CLEAN_STACK 32

typedef struct spos {
    size_t *at;  /* a span's start or end */
    bool start;
} spos;

static int spos_cmp(const void *a, const void *b)
{
    size_t x = *((const spos *)a)->at, y = *((const spos *)b)->at;
    return x < y ? -1 : x > y;
}

static int code_cmp(const void *a, const void *b)
{
    const salvage_span *x = *(salvage_span *const *)a, *y = *(salvage_span *const *)b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Drops the tokens that overlap a code span (a sweep over the spans sorted by start);
 * returns how many are left. */
static size_t keep_code(builder *b, sv_textb *tb, sv_debris *t, size_t c)
{
    salvage_span *sp = tb->spans.data, **code;
    size_t nc = 0, j = 0, k = 0, max_end = 0, len = tb->buf.len;
    for (size_t i = 0; i < tb->spans.len; i++)
        nc += sp[i].kind == SALVAGE_SPAN_CODE;
    if (nc == 0)
        return c;
    if (!(code = sv_arena_alloc(&b->doc->arena, nc * sizeof *code))) {
        b->doc->oom = true;
        return 0;
    }
    for (size_t i = 0, q = 0; i < tb->spans.len; i++)
        if (sp[i].kind == SALVAGE_SPAN_CODE)
            code[q++] = &sp[i];
    qsort(code, nc, sizeof *code, code_cmp);
    for (size_t q = 0; q < c; q++) {
        for (; j < nc && code[j]->start < t[q].end; j++) {
            size_t e = code[j]->end > len ? len : code[j]->end; /* open: to the end */
            if (e > max_end)
                max_end = e;
        }
        if (max_end <= t[q].start)
            t[k++] = t[q];
    }
    return k;
}

/* The span ends and starts, sorted; NULL when there are none (or on OOM). */
static spos *span_positions(builder *b, sv_textb *tb, size_t *np)
{
    salvage_span *sp = tb->spans.data;
    spos *p;
    size_t n = 0;
    *np = 0;
    if (tb->spans.len == 0)
        return NULL;
    if (!(p = sv_arena_alloc(&b->doc->arena, 2 * tb->spans.len * sizeof *p))) {
        b->doc->oom = true;
        return NULL;
    }
    for (size_t i = 0; i < tb->spans.len; i++) {
        p[n++] = (spos){&sp[i].start, true};
        if (sp[i].end != (size_t)-1) /* still open: finishing closes it at the new end */
            p[n++] = (spos){&sp[i].end, false};
    }
    qsort(p, n, sizeof *p, spos_cmp);
    *np = n;
    return p;
}

/* Rewrites the text without the tokens t[0..c) (each becomes a space; spaces collapse, ends
 * trimmed) and moves the spans: a span starting at a removed token or a space starts at the
 * next kept character, one ending there ends after the last kept one. */
static void drop_tokens(builder *b, sv_textb *tb, const sv_debris *t, size_t c)
{
    const char *s = tb->buf.data;
    size_t len = tb->buf.len, np = 0, q = 0, k = 0;
    spos *p = span_positions(b, tb, &np);
    bool space = false;
    sv_buf out;
    sv_buf_init(&out, &b->doc->arena);
    if (b->doc->oom || sv_buf_reserve(&out, len) != 0) {
        b->doc->oom = true;
        return;
    }
    for (size_t i = 0; i <= len;) {
        for (; q < np && *p[q].at <= i; q++)
            *p[q].at = out.len + (p[q].start && space && out.len > 0);
        if (i == len)
            break;
        if (k < c && t[k].start <= i) {
            space = true;
            i = t[k].end > i ? t[k].end : i;
            k++;
        } else if (s[i] == ' ') {
            space = true;
            i++;
        } else {
            if (space && out.len > 0)
                out.data[out.len++] = ' ';
            space = false;
            out.data[out.len++] = s[i++];
        }
    }
    out.data[out.len] = 0;
    for (q = 0; q < np; q++) /* a start past the trimmed end */
        if (*p[q].at > out.len)
            *p[q].at = out.len;
    tb->buf = out;
}

/* Removes the debris of t's text (a block, item or cell) before it is finished. */
static void clean_debris(builder *b, tgt *t)
{
    sv_textb *tb = &t->tb;
    sv_debris stack[SV_CLEAN_STACK], *tok = stack;
    bool only = false;
    size_t c;
    if (tb->buf.len == 0)
        return;
    c = sv_debris_scan(tb->buf.data, tb->buf.len, tok, SV_CLEAN_STACK, &only);
    if (c > SV_CLEAN_STACK) {
        if (!(tok = sv_arena_alloc(&b->doc->arena, c * sizeof *tok))) {
            b->doc->oom = true;
            return;
        }
        c = sv_debris_scan(tb->buf.data, tb->buf.len, tok, c, &only);
    }
    if (only) { /* nothing but debris and stray brackets: all of it goes */
        tok[0] = (sv_debris){0, tb->buf.len, SV_DE_NONE, SV_DR_STRAY, 0, false};
        c = 1;
    }
    if (c == 0 || (c = keep_code(b, tb, tok, c)) == 0)
        return;
    if (b->debris_blocks++ == 0)
        b->first_debris = t->start;
    b->debris_tokens += c;
    drop_tokens(b, tb, tok, c);
}

/* <pre> text: leading blank lines and trailing white space dropped, NFC applied. */
static void finish_raw(builder *b, tgt *t, salvage_text *out)
{
    const char *s = t->raw.data ? t->raw.data : "";
    size_t n = t->raw.len;
    sv_buf nfc;
    memset(out, 0, sizeof *out);
    out->text = "";
    for (;;) {
        const char *nl = n ? memchr(s, '\n', n) : NULL;
        if (!nl || !all_space(s, (size_t)(nl - s)))
            break;
        n -= (size_t)(nl - s) + 1;
        s = nl + 1;
    }
    while (n > 0 && all_space(s + n - 1, 1))
        n--;
    sv_buf_init(&nfc, &b->doc->arena);
    if (n > 0 && sv_nfc_append(b->doc, &nfc, s, n) != 0)
        b->doc->oom = true;
    if (nfc.data) {
        out->text = nfc.data;
        out->len = nfc.len;
    }
    sv_buf_clear(&t->raw);
}

/* Copies the text of t into out and makes t empty (spans opened on it die). */
static void tgt_finish(builder *b, tgt *t, salvage_text *out)
{
    size_t cut = b->doc->combining_cut;
    if (t->raw_mode) {
        finish_raw(b, t, out);
    } else {
        clean_debris(b, t);
        sv_textb_finish_copy(&t->tb, out);
    }
    sv_combining_report(b->doc, cut, t->start == SIZE_MAX ? 0 : t->start);
    t->gen++;
    t->start = SIZE_MAX;
    t->end = 0;
}

/* Whether a finished text shows nothing: only white space and format characters such as
 * U+200B, which the text keeps but a reader never sees. */
static bool text_blank(const salvage_text *t)
{
    size_t i = 0, w;
    while (i < t->len) {
        uint32_t cp = sv_utf8_decode(t->text + i, t->len - i, &w);
        utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
        if (cp > ' ' && cat != UTF8PROC_CATEGORY_ZS && cat != UTF8PROC_CATEGORY_ZL &&
            cat != UTF8PROC_CATEGORY_ZP && cat != UTF8PROC_CATEGORY_CF)
            return false;
        i += w ? w : 1;
    }
    return true;
}

static void add_text_block(builder *b, tgt *t, salvage_block_type type, int level, size_t start)
{
    size_t end = t->end;
    salvage_text text;
    salvage_block *blk;
    if (start == SIZE_MAX)
        start = t->start;
    tgt_finish(b, t, &text);
    if (text.len == 0 || start == SIZE_MAX)
        return;
    if (type == SALVAGE_BLOCK_HEADING && text_blank(&text))
        return; /* a heading of nothing heads nothing */
    blk = sv_doc_add_block(b->doc, type, start, end);
    if (!blk)
        return;
    blk->content = text;
    blk->level = level;
}

static void flush_anon(builder *b)
{
    if (b->anon && !tgt_empty(b->anon))
        add_text_block(b, b->anon, SALVAGE_BLOCK_PARAGRAPH, 0, SIZE_MAX);
    else if (b->anon)
        tgt_finish(b, b->anon, &(salvage_text){0});
}

/* ---------------------------------------------------------------------------------------- */
/* Lists                                                                                    */

/* Reserves an item at the current level; its text is filled in when the item ends (items of
 * nested lists come after it). */
static tgt *open_item(builder *b, size_t *idx)
{
    salvage_item *it = sv_vec_push(&b->items);
    tgt *t;
    if (!it) {
        b->doc->oom = true;
        return NULL;
    }
    it->level = b->list_depth > 0 ? b->list_depth - 1 : 0;
    it->content.text = "";
    *idx = b->items.len - 1;
    t = tgt_new(b, false);
    if (t)
        t->is_item = true;
    return t;
}

/* t, finished, is no frame's text any more: the next tgt_new takes it. */
static void tgt_release(builder *b, tgt *t)
{
    if (!t)
        return;
    t->next_spare = b->spare;
    b->spare = t;
}

static void close_item(builder *b, tgt *t, size_t idx)
{
    salvage_item *it;
    if (!t)
        return;
    if (t->end > b->list_end)
        b->list_end = t->end;
    it = sv_vec_at(&b->items, idx);
    tgt_finish(b, t, &it->content);
}

static void close_implicit(builder *b)
{
    if (b->implicit)
        close_item(b, b->implicit, b->implicit_item);
    b->implicit = NULL;
}

/* Magnitude kept of an <ol start>: numbers this large are no ranks, and the text writer adds
 * an item count to them. */
#define SV_MAX_LIST_START 999999999L

/* The number of an ordered list's first item: its start attribute read by the rules for
 * parsing integers (white space, an optional sign, digits; anything after them ignored), or
 * 1 when there is none or it is no integer. reversed is not modelled (salvage.h). */
static long list_start_number(const salvage_node *n)
{
    const char *v = salvage_node_get_attribute(n, "start");
    bool negative = false, digits = false;
    long k = 0;
    if (!v)
        return 1;
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\f' || *v == '\r')
        v++;
    if (*v == '-' || *v == '+')
        negative = *v++ == '-';
    for (; *v >= '0' && *v <= '9'; v++) {
        digits = true;
        if (k <= SV_MAX_LIST_START) /* clamp while reading: no overflow on long digit runs */
            k = k * 10 + (*v - '0');
    }
    if (!digits)
        return 1;
    k = k > SV_MAX_LIST_START ? SV_MAX_LIST_START : k;
    return negative ? -k : k;
}

static void start_list(builder *b, const salvage_node *n)
{
    b->list_active = true;
    b->list_depth = 0;
    b->list_ordered = strcmp(salvage_node_name(n), "ol") == 0;
    b->list_number = b->list_ordered ? list_start_number(n) : 1;
    b->list_start = node_dec(n);
    b->list_end = 0;
    sv_vec_init(&b->items, &b->doc->arena, sizeof(salvage_item));
}

/* Items without visible text are dropped (an item holding only a nested list, or only an
 * icon, for instance). Levels then count from the shallowest item left: items nested in
 * dropped ones are not indented under nothing. */
static void end_list(builder *b)
{
    salvage_item *items = b->items.data;
    size_t k = 0;
    int base = INT_MAX;
    salvage_block *blk;
    close_implicit(b);
    b->list_active = false;
    for (size_t i = 0; i < b->items.len; i++)
        if (!text_blank(&items[i].content)) {
            if (items[i].level < base)
                base = items[i].level;
            items[k++] = items[i];
        }
    if (k == 0)
        return;
    for (size_t i = 0; i < k; i++)
        items[i].level -= base;
    blk = sv_doc_add_block(b->doc, SALVAGE_BLOCK_LIST, b->list_start, b->list_end);
    if (!blk)
        return;
    blk->ordered = b->list_ordered;
    blk->list_start = b->list_number;
    blk->items = items;
    blk->item_count = k;
}

/* ---------------------------------------------------------------------------------------- */
/* Data tables: the grid, with colspan and rowspan expanded (HTML "forming a table")        */

/* The rules for parsing non-negative integers; def when the value is not one. */
static size_t parse_span(const char *v, size_t def, size_t max)
{
    size_t n = 0;
    bool digits = false;
    if (!v)
        return def;
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\f' || *v == '\r')
        v++;
    if (*v == '+')
        v++;
    for (; *v >= '0' && *v <= '9'; v++) {
        digits = true;
        if (n <= max) /* clamp while reading: 9007199254740991 must not overflow */
            n = n * 10 + (size_t)(*v - '0');
    }
    if (!digits)
        return def;
    return n > max ? max : n;
}

static void start_table(builder *b, const salvage_node *n)
{
    b->table_active = true;
    b->in_row = false;
    b->in_thead = false;
    b->span_limited = false;
    b->table_start = node_dec(n);
    b->table_end = 0;
    b->pending_active = b->col = b->cells_out = b->real_cells = 0;
    sv_vec_init(&b->rows, &b->doc->arena, sizeof(salvage_row));
    sv_vec_init(&b->row, &b->doc->arena, sizeof(salvage_cell));
    sv_vec_init(&b->pending, &b->doc->arena, sizeof(pending_col));
}

/* The expansion bound: false (once with a diagnostic) when the table has no room left. */
static bool grid_room(builder *b)
{
    if (b->cells_out < SV_SPAN_SLACK + SV_SPAN_FACTOR * b->real_cells)
        return true;
    if (!b->span_limited)
        sv_diag(b->doc, SALVAGE_SEVERITY_WARNING, "table-span-limit", b->table_start,
                "colspan/rowspan expansion stopped after %zu cells", b->cells_out);
    b->span_limited = true;
    return false;
}

static void grid_place(builder *b, const salvage_cell *cell)
{
    salvage_cell *slot = sv_vec_push(&b->row);
    if (!slot) {
        b->doc->oom = true;
        return;
    }
    *slot = *cell;
    b->col++;
    b->cells_out++;
}

/* Places the cell covering the cursor's column from a row above, if any, and advances. */
static bool grid_fill_one(builder *b, bool gaps)
{
    static const salvage_cell empty = {{"", 0, NULL, 0}, 0, 0};
    pending_col *p;
    if (b->col >= b->pending.len || !grid_room(b))
        return false;
    p = sv_vec_at(&b->pending, b->col);
    if (p->remaining == 0) {
        if (!gaps)
            return false;
        grid_place(b, &empty);
        return true;
    }
    if (--p->remaining == 0)
        b->pending_active--;
    grid_place(b, &p->cell);
    return true;
}

static void grid_set_pending(builder *b, size_t col, const salvage_cell *cell, size_t rows)
{
    pending_col *p;
    while (b->pending.len <= col)
        if (!sv_vec_push(&b->pending)) {
            b->doc->oom = true;
            return;
        }
    p = sv_vec_at(&b->pending, col);
    if (p->remaining == 0)
        b->pending_active++;
    p->remaining = rows;
    p->cell = *cell;
    p->cell.span_copy = 1; /* the rows below hold copies of the cell */
}

/* Places a td/th at the cursor and its colspan copies to the right; a rowspan leaves the
 * copies for the rows below pending in each covered column. */
static void grid_cell(builder *b, const salvage_cell *cell, size_t colspan, size_t rowspan)
{
    salvage_cell copy = *cell;
    copy.span_copy = 1;
    b->real_cells++;
    if (!b->in_row) {
        b->in_row = true;
        b->col = 0;
    }
    while (grid_fill_one(b, false))
        ;
    for (size_t k = 0; k < colspan; k++) {
        size_t col = b->col;
        if (k > 0 && !grid_room(b))
            break;
        grid_place(b, k == 0 ? cell : &copy);
        if (rowspan > 1)
            grid_set_pending(b, col, cell, rowspan - 1);
    }
}

static void end_row(builder *b)
{
    salvage_row *r;
    if (!b->in_row)
        return;
    b->in_row = false;
    /* Columns covered from above after the last cell, with empty cells in the gaps. Each
     * step places a cell, so this is bounded by the expansion bound. */
    while (b->pending_active > 0 && grid_fill_one(b, true))
        ;
    b->col = 0;
    if (b->row.len == 0)
        return;
    r = sv_vec_push(&b->rows);
    if (!r) {
        b->doc->oom = true;
        return;
    }
    r->cells = b->row.data;
    r->cell_count = b->row.len;
    sv_vec_init(&b->row, &b->doc->arena, sizeof(salvage_cell));
}

/* Rowspans end with their row group. */
static void reset_pending(builder *b)
{
    b->pending.len = 0;
    b->pending_active = 0;
}

/* Whether a grid cell shows text of its own: a colspan/rowspan copy only repeats its cell. */
static bool cell_shows(const salvage_cell *c)
{
    return !c->span_copy && !text_blank(&c->content);
}

/* The columns in which some cell of the table shows text of its own: a calloc'd flag per
 * column of the widest row (NULL, with doc->oom set, when that fails). */
static bool *used_columns(builder *b)
{
    bool *used;
    size_t w = 0;
    for (size_t r = 0; r < b->rows.len; r++) {
        const salvage_row *row = sv_vec_at(&b->rows, r);
        if (row->cell_count > w)
            w = row->cell_count;
    }
    if (!(used = sv_arena_calloc(&b->doc->arena, w ? w : 1, sizeof *used))) {
        b->doc->oom = true;
        return NULL;
    }
    for (size_t r = 0; r < b->rows.len; r++) {
        const salvage_row *row = sv_vec_at(&b->rows, r);
        for (size_t c = 0; c < row->cell_count; c++)
            if (!used[c] && cell_shows(&row->cells[c]))
                used[c] = true;
    }
    return used;
}

/* Drops the rows and the columns in which no cell shows text of its own: spacer rows, rows
 * and columns of images or icons, and those only a colspan or rowspan reaches into. They say
 * nothing, and would print as lines of tabs, or as a blank line inside a one-column table.
 * Each cell is looked at twice: linear. */
static void prune_table(builder *b)
{
    size_t kept_rows = 0;
    bool *used = used_columns(b);
    if (!used)
        return;
    for (size_t r = 0; r < b->rows.len; r++) {
        salvage_row *row = sv_vec_at(&b->rows, r);
        /* the builder placed these cells: writing them is fine */
        salvage_cell *cells = (salvage_cell *)row->cells;
        size_t k = 0;
        for (size_t c = 0; c < row->cell_count; c++)
            if (used[c])
                cells[k++] = cells[c];
        row->cell_count = k;
        for (size_t c = 0; c < k; c++)
            if (cell_shows(&cells[c])) {
                *(salvage_row *)sv_vec_at(&b->rows, kept_rows++) = *row;
                break;
            }
    }
    b->rows.len = kept_rows;
}

static void end_table(builder *b)
{
    salvage_block *blk;
    end_row(b);
    b->table_active = false;
    prune_table(b);
    if (b->rows.len == 0)
        return; /* a grid of empty cells says nothing: it would print as lines of tabs */
    blk = sv_doc_add_block(b->doc, SALVAGE_BLOCK_TABLE, b->table_start, b->table_end);
    if (!blk)
        return;
    blk->rows = b->rows.data;
    blk->row_count = b->rows.len;
}

/* ---------------------------------------------------------------------------------------- */
/* Events                                                                                   */

/* The target of inline content; NULL between the cells of a data table. create: open an
 * item for text that sits in a list outside any li. */
static tgt *target(builder *b, bool create)
{
    if (b->container)
        return b->container;
    if (b->table_active)
        return NULL;
    if (b->list_active) {
        if (!b->implicit && create)
            b->implicit = open_item(b, &b->implicit_item);
        return b->implicit;
    }
    if (!b->anon)
        b->anon = tgt_new(b, false);
    return b->anon;
}

/* A block-level box starts or ends here. */
static void boundary(builder *b)
{
    if (b->container) {
        if (b->container->raw_mode) {
            if (sv_buf_putc(&b->container->raw, '\n') != 0)
                b->doc->oom = true;
        } else {
            sv_textb_space(&b->container->tb);
        }
    } else if (b->table_active) {
        return;
    } else if (b->list_active) {
        close_implicit(b);
    } else {
        flush_anon(b);
    }
}

static void on_text(builder *b, const salvage_node *n)
{
    size_t len = 0;
    const char *s = salvage_node_text(n, &len);
    bool space;
    tgt *t;
    if (!s || len == 0)
        return;
    space = all_space(s, len);
    if (!space)
        b->br_run = 0;
    t = target(b, !space);
    if (t)
        tgt_append(b, t, s, len, node_dec(n));
}

static void open_span(builder *b, frame *f, const salvage_node *n, ekind k)
{
    salvage_span_kind kind = k == E_EM ? SALVAGE_SPAN_EMPHASIS
                             : k == E_STRONG ? SALVAGE_SPAN_STRONG
                             : k == E_CODE   ? SALVAGE_SPAN_CODE
                                             : SALVAGE_SPAN_LINK;
    const char *href = NULL;
    tgt *t = target(b, false);
    if (k == E_LINK && !(href = salvage_node_get_attribute(n, "href")))
        return;
    if (!t || t->raw_mode)
        return;
    f->kind = F_SPAN;
    f->span_tgt = t;
    f->span_gen = t->gen;
    f->span_idx = sv_textb_span_open(&t->tb, kind, href);
}

/* p, h1-h6, blockquote, pre, ...: a block of its own unless inside another container. */
static void open_container(builder *b, frame *f, const salvage_node *n, ekind k)
{
    if (b->container) {
        f->kind = F_BOUNDARY;
        boundary(b);
        return;
    }
    if (b->list_active)
        close_implicit(b);
    else if (!b->table_active)
        flush_anon(b);
    f->kind = F_CONTAINER;
    f->btype = k == E_HEADING ? SALVAGE_BLOCK_HEADING
               : k == E_QUOTE ? SALVAGE_BLOCK_QUOTE
               : k == E_PRE   ? SALVAGE_BLOCK_PREFORMATTED
                              : SALVAGE_BLOCK_PARAGRAPH;
    f->level = k == E_HEADING ? salvage_node_name(n)[1] - '0' : 0;
    f->saved = b->container;
    f->own = tgt_new(b, k == E_PRE);
    b->container = f->own;
    if (f->own) {
        f->own->is_quote = k == E_QUOTE;
        f->own->is_para = f->btype == SALVAGE_BLOCK_PARAGRAPH;
        f->own->elem_start = salvage_node_is_implied(n) ? SIZE_MAX : node_dec(n);
    }
}

/* A list inside a blockquote stays a list: the quote's text so far becomes a quote block,
 * the list is built as a list block, and the text after it a further quote block. */
static void interrupt_quote(builder *b, frame *f)
{
    tgt *q = b->container;
    add_text_block(b, q, SALVAGE_BLOCK_QUOTE, 0, q->elem_start);
    q->elem_start = SIZE_MAX; /* the rest starts at its own text */
    f->quote = q;
    b->container = NULL;
}

static void open_list(builder *b, frame *f, const salvage_node *n)
{
    f->quote = NULL;
    if (b->container && b->container->is_quote && !b->list_active && !b->table_active)
        interrupt_quote(b, f);
    if ((b->container && !b->container->is_item) || (!b->container && b->table_active)) {
        f->kind = F_BOUNDARY;
        boundary(b);
        return;
    }
    if (!b->list_active) {
        flush_anon(b);
        start_list(b, n);
    }
    close_implicit(b);
    if (b->container)
        sv_textb_space(&b->container->tb); /* the item's own text ends here */
    b->list_depth++;
    f->kind = F_LIST;
}

static void open_li(builder *b, frame *f, const salvage_node *n)
{
    if (b->list_active && (!b->container || b->container->is_item)) {
        close_implicit(b);
        f->kind = F_ITEM;
        f->saved = b->container;
        f->own = open_item(b, &f->item);
        b->container = f->own;
    } else if (b->container || b->table_active) {
        f->kind = F_BOUNDARY;
        boundary(b);
    } else {
        open_container(b, f, n, E_PARA); /* an li outside any list */
    }
}

static void open_table_el(builder *b, frame *f, const salvage_node *n)
{
    bool layout = true;
    if (b->next_table < b->layout.len)
        layout = *(bool *)sv_vec_at(&b->layout, b->next_table);
    b->next_table++;
    if (layout || b->container || b->table_active || b->list_active) {
        f->kind = F_BOUNDARY;
        boundary(b);
        return;
    }
    flush_anon(b);
    start_table(b, n);
    f->kind = F_TABLE;
}

static void open_table_part(builder *b, frame *f, const salvage_node *n, ekind k)
{
    if (!b->table_active || b->container) {
        f->kind = F_BOUNDARY;
        boundary(b);
        return;
    }
    if (k == E_ROWGROUP) {
        end_row(b);
        reset_pending(b);
        b->in_thead = strcmp(salvage_node_name(n), "thead") == 0;
        f->kind = F_ROWGROUP;
    } else if (k == E_TR) {
        end_row(b);
        b->in_row = true;
        b->col = 0;
        f->kind = F_ROW;
    } else {
        f->kind = F_CELL;
        f->header = b->in_thead || strcmp(salvage_node_name(n), "th") == 0;
        f->colspan = parse_span(salvage_node_get_attribute(n, "colspan"), 1, SV_MAX_COLSPAN);
        if (f->colspan == 0)
            f->colspan = 1;
        /* rowspan=0 covers the rest of the row group. */
        f->rowspan = parse_span(salvage_node_get_attribute(n, "rowspan"), 1, SV_MAX_ROWSPAN);
        if (f->rowspan == 0)
            f->rowspan = SV_MAX_ROWSPAN;
        f->saved = b->container;
        f->own = tgt_new(b, false);
        b->container = f->own;
    }
}

/* <br>: a line break. Two or more with no visible text between leave a blank line in the
 * text, which is how pages without <p> mark paragraphs: in paragraph text they end the
 * paragraph and the text after them starts the next one. (An image between them is not in
 * the text, so it does not keep them apart.) */
static void on_br(builder *b)
{
    tgt *t = target(b, false);
    if (!t)
        return;
    if (t->raw_mode) {
        if (sv_buf_putc(&t->raw, '\n') != 0)
            b->doc->oom = true;
        return;
    }
    sv_textb_space(&t->tb);
    if (++b->br_run < 2)
        return;
    if (t == b->anon) {
        flush_anon(b);
    } else if (t == b->container && t->is_para) {
        add_text_block(b, t, SALVAGE_BLOCK_PARAGRAPH, 0, t->elem_start);
        t->elem_start = SIZE_MAX; /* the next paragraph starts at its own text */
    }
}

static void on_enter(builder *b, frame *f, const salvage_node *n, ekind k)
{
    f->kind = F_PLAIN;
    switch (k) {
    case E_EM: case E_STRONG: case E_CODE: case E_LINK:
        open_span(b, f, n, k);
        break;
    case E_BR:
        on_br(b);
        break;
    case E_BLOCK: case E_SECTIONING:
        f->kind = F_BOUNDARY;
        boundary(b);
        break;
    case E_PARA: case E_HEADING: case E_QUOTE: case E_PRE:
        open_container(b, f, n, k);
        break;
    case E_LIST:
        open_list(b, f, n);
        break;
    case E_LI:
        open_li(b, f, n);
        break;
    case E_TABLE:
        open_table_el(b, f, n);
        break;
    case E_ROWGROUP: case E_TR: case E_CELL:
        open_table_part(b, f, n, k);
        break;
    case E_INLINE: case E_SKIP:
        break;
    }
}

static void close_cell(builder *b, frame *f)
{
    salvage_cell cell;
    b->container = f->saved;
    memset(&cell, 0, sizeof cell);
    cell.content.text = "";
    cell.header = f->header;
    if (f->own) {
        if (f->own->end > b->table_end)
            b->table_end = f->own->end;
        tgt_finish(b, f->own, &cell.content);
        tgt_release(b, f->own);
    }
    grid_cell(b, &cell, f->colspan, f->rowspan);
}

static void on_leave(builder *b, frame *f)
{
    switch (f->kind) {
    case F_PLAIN:
        break;
    case F_SPAN:
        if (f->span_tgt->gen == f->span_gen)
            sv_textb_span_close(&f->span_tgt->tb, f->span_idx);
        break;
    case F_BOUNDARY:
        boundary(b);
        break;
    case F_CONTAINER:
        b->container = f->saved;
        if (f->own)
            add_text_block(b, f->own, f->btype, f->level, f->own->elem_start);
        tgt_release(b, f->own);
        break;
    case F_LIST:
        close_implicit(b);
        if (b->container)
            sv_textb_space(&b->container->tb);
        if (--b->list_depth == 0)
            end_list(b);
        if (f->quote)
            b->container = f->quote;
        break;
    case F_ITEM:
        b->container = f->saved;
        close_item(b, f->own, f->item);
        tgt_release(b, f->own);
        break;
    case F_TABLE:
        end_table(b);
        break;
    case F_ROWGROUP:
        end_row(b);
        reset_pending(b);
        b->in_thead = false;
        break;
    case F_ROW:
        end_row(b);
        break;
    case F_CELL:
        close_cell(b, f);
        break;
    }
}

/* ---------------------------------------------------------------------------------------- */

static int build(builder *b, const salvage_node *root)
{
    walker w = {root, NULL, 0, false};
    while (walk(&w)) {
        const salvage_node *n = w.node;
        ekind k;
        frame *f;
        if (b->doc->oom)
            return -1;
        if (salvage_node_get_type(n) == SALVAGE_NODE_TEXT) {
            on_text(b, n);
            continue;
        }
        if (salvage_node_get_type(n) != SALVAGE_NODE_ELEMENT)
            continue;
        if (w.entering) {
            k = classify(n);
            if (k == E_SKIP) {
                w.skip = true;
                continue;
            }
            if (!(f = sv_vec_push(&b->frames))) {
                b->doc->oom = true;
                return -1;
            }
            f->node = n;
            on_enter(b, f, n, k);
            if (salvage_node_first_child(n))
                continue; /* left later */
        }
        if (b->frames.len == 0)
            continue;
        /* The element is left: its frame is the innermost (pushes and pops pair up). */
        f = sv_vec_at(&b->frames, b->frames.len - 1);
        on_leave(b, f);
        b->frames.len--;
    }
    return 0;
}

int sv_html_article_build(salvage_doc *doc)
{
    const salvage_node *root;
    builder b;
    if (!doc)
        return -1;
    root = salvage_doc_root(doc);
    if (!root)
        return 0;
    memset(&b, 0, sizeof b);
    b.doc = doc;
    sv_vec_init(&b.frames, &doc->arena, sizeof(frame));
    sv_vec_init(&b.items, &doc->arena, sizeof(salvage_item));
    sv_vec_init(&b.rows, &doc->arena, sizeof(salvage_row));
    sv_vec_init(&b.row, &doc->arena, sizeof(salvage_cell));
    sv_vec_init(&b.pending, &doc->arena, sizeof(pending_col));
    sv_vec_init(&b.layout, &doc->arena, sizeof(bool));
    if (classify_tables(doc, root, &b.layout) != 0) {
        doc->oom = true;
        return -1;
    }
    if (build(&b, root) != 0)
        return -1;
    /* Close whatever the walk left open (not expected: every element entered is left). */
    while (b.frames.len > 0) {
        on_leave(&b, sv_vec_at(&b.frames, b.frames.len - 1));
        b.frames.len--;
    }
    flush_anon(&b);
    if (b.debris_blocks)
        sv_diag(doc, SALVAGE_SEVERITY_INFO, "debris", b.first_debris,
                "markup debris removed: %zu tokens in %zu blocks", b.debris_tokens,
                b.debris_blocks);
    return doc->oom ? -1 : 0;
}
