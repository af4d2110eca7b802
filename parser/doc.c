/*
 * doc.c — options, the parse pipeline (one-shot and streaming), finalisation and the document
 * accessors.
 *
 * Pipeline: raw bytes are buffered until the sniff window is full (or the input ends); then the
 * input kind and the encoding are decided once, from those bytes only, so that every chunking
 * of the same input takes the same decisions. Decoded text accumulates in doc->text; HTML is
 * handed to the tree builder as it is decoded; scraped text is processed when the input ends.
 */
#include "encoding.h"
#include "html_article.h"
#include "input.h"
#include "internal.h"
#include "text.h"
#include "tree.h"

#include <stdlib.h>

/* Bytes looked at before deciding encoding and input kind. The meta prescan uses the first
 * 1,024 of them, as the standard says. */
#define SV_SNIFF_WINDOW 65536u
#define SV_PRESCAN_BYTES 1024u

const char *salvage_version(void) { return SALVAGE_VERSION_STRING; }

const char *salvage_status_string(salvage_status status)
{
    switch (status) {
    case SALVAGE_OK: return "ok";
    case SALVAGE_ENOMEM: return "out of memory";
    case SALVAGE_LIMIT: return "a limit was reached";
    case SALVAGE_INVALID_ARG: return "invalid argument";
    case SALVAGE_IO: return "output error";
    case SALVAGE_STATE: return "call out of order";
    }
    return "unknown status";
}

const char *salvage_severity_string(salvage_severity severity)
{
    switch (severity) {
    case SALVAGE_SEVERITY_INFO: return "info";
    case SALVAGE_SEVERITY_WARNING: return "warning";
    case SALVAGE_SEVERITY_ERROR: return "error";
    }
    return "unknown";
}

void salvage_options_init(salvage_options *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->max_input_bytes = (size_t)256 * 1024 * 1024;
    opts->max_depth = 512;
    opts->max_nodes = 4000000;
    opts->max_node_ratio = 4;
    opts->max_attributes = 512;
    opts->max_attr_length = (size_t)1024 * 1024;
    opts->max_text_length = (size_t)64 * 1024 * 1024;
    opts->max_diagnostics = 1000;
    opts->max_combining = 30;
    opts->max_memory = (size_t)1 << 30;
    opts->input_kind = SALVAGE_INPUT_AUTO;
}

static bool options_valid(const salvage_options *o)
{
    return o->struct_size == sizeof *o && o->max_input_bytes && o->max_depth && o->max_nodes &&
           o->max_node_ratio &&
           o->max_attributes && o->max_attr_length && o->max_text_length &&
           o->max_diagnostics && o->max_combining && o->max_memory &&
           (o->input_kind == SALVAGE_INPUT_AUTO || o->input_kind == SALVAGE_INPUT_HTML ||
            o->input_kind == SALVAGE_INPUT_TEXT);
}

/* ---- the document ------------------------------------------------------------------------- */

/* NULL when memory runs out; *st says whether the allocator failed (SALVAGE_ENOMEM) or
 * max_memory refused (SALVAGE_LIMIT). */
static salvage_doc *doc_new(const salvage_options *opts, size_t size_hint, salvage_status *st)
{
    *st = SALVAGE_ENOMEM;
    salvage_allocator alloc = opts->allocator;
    sv_allocator_resolve(&alloc);
    salvage_doc *doc = sv_mem_alloc(&alloc, sizeof *doc);
    if (!doc)
        return NULL;
    memset(doc, 0, sizeof *doc);
    doc->alloc = alloc;
    doc->opts = *opts;
    if (doc->opts.max_attr_length > SV_ATTR_MAX_LEN)
        doc->opts.max_attr_length = SV_ATTR_MAX_LEN; /* salvage_attribute's 32-bit lengths */
    sv_arena_init(&doc->arena, &doc->alloc, size_hint);
    doc->arena.budget = opts->max_memory;
    sv_buf_init(&doc->text, &doc->arena);
    sv_vec_init(&doc->offmap, &doc->arena, sizeof(sv_offseg));
    sv_vec_init(&doc->line_starts, &doc->arena, sizeof(size_t));
    sv_vec_init(&doc->diags, &doc->arena, sizeof(salvage_diagnostic));
    sv_vec_init(&doc->blocks, &doc->arena, sizeof(salvage_block));
    sv_vec_init(&doc->noise, &doc->arena, sizeof(salvage_noise));
    sv_vec_init(&doc->repairs, &doc->arena, sizeof(salvage_noise));
    doc->status = SALVAGE_OK;
    doc->kind = opts->input_kind;
    /* Strings in the options are copied: the caller's may not outlive the document. */
    if (opts->encoding)
        doc->opts.encoding = sv_arena_strndup(&doc->arena, opts->encoding, strlen(opts->encoding));
    if (opts->fragment_context)
        doc->opts.fragment_context =
            sv_arena_strndup(&doc->arena, opts->fragment_context, strlen(opts->fragment_context));
    if ((opts->encoding && !doc->opts.encoding) ||
        (opts->fragment_context && !doc->opts.fragment_context)) {
        if (doc->arena.over_budget)
            *st = SALVAGE_LIMIT;
        salvage_doc_free(doc);
        return NULL;
    }
    return doc;
}

void salvage_doc_free(salvage_doc *doc)
{
    if (!doc)
        return;
    salvage_allocator alloc = doc->alloc;
    sv_arena_free_all(&doc->arena);
    sv_mem_free(&alloc, doc, sizeof *doc);
}

/* ---- finalisation: decoded offsets -> original offsets, lines and columns ---------------- */

typedef struct lc_query {
    size_t dec;
    size_t *line, *col;
} lc_query;

static int lc_cmp(const void *a, const void *b)
{
    const lc_query *x = a, *y = b;
    return x->dec < y->dec ? -1 : x->dec > y->dec;
}

#if defined(__SSE2__) && defined(__GNUC__)
#  include <emmintrin.h>
#  define SV_VECTOR_COUNT 1
#endif

/* The bytes of t[from, to) that are newlines (lines: true) or UTF-8 continuation bytes
 * (false). With SSE2, 64 bytes a step: each match adds one to a byte lane (subtracting the
 * all-ones of a compare), and the lanes are summed before they can wrap. */
static inline size_t count_bytes(const unsigned char *t, size_t from, size_t to, bool lines)
{
    size_t n = 0, i = from;
#ifdef SV_VECTOR_COUNT
    const __m128i nl = _mm_set1_epi8('\n'), cont = _mm_set1_epi8((char)-64), zero =
                                                                             _mm_setzero_si128();
    while (to - i >= 64) {
        size_t steps = (to - i) / 64;
        if (steps > 63) /* a lane gains at most 4 a step: 63 * 4 < 256 */
            steps = 63;
        __m128i acc = zero;
        for (; steps > 0; steps--, i += 64) {
            const __m128i *v = (const __m128i *)(const void *)(t + i);
            for (int k = 0; k < 4; k++) {
                __m128i x = _mm_loadu_si128(v + k);
                /* signed: continuation bytes 0x80-0xBF are the ones below -64 (0xC0) */
                acc = _mm_sub_epi8(acc, lines ? _mm_cmpeq_epi8(x, nl) : _mm_cmplt_epi8(x, cont));
            }
        }
        __m128i sums = _mm_sad_epu8(acc, zero); /* two 64-bit sums of eight lanes each */
        n += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
    }
#endif
    for (; i < to; i++)
        n += lines ? t[i] == '\n' : (t[i] & 0xC0) == 0x80;
    return n;
}

/* One sorted sweep from one position to the next: many positions on one very long line cost
 * one pass over it, and no line index is built. A line is the count of newlines before the
 * position plus one; a column the code points since the line's start plus one (as
 * sv_doc_line_col). */
static void resolve_lines(salvage_doc *doc, lc_query *q, size_t nq)
{
    /* Tree nodes keep decoded offsets for the stages after tree construction; resolved to
     * original offsets here, with the other positions. */
    if (doc->root)
        sv_tree_resolve_offsets(doc);
    if (!nq)
        return;
    qsort(q, nq, sizeof *q, lc_cmp);
    const unsigned char *t = (const unsigned char *)doc->text.data;
    size_t len = doc->text.len, line = 1, pos = 0, c = 1;
    for (size_t k = 0; k < nq; k++) {
        size_t target = q[k].dec > len ? len : q[k].dec;
        if (target > pos) {
            size_t lines = count_bytes(t, pos, target, true);
            if (lines) {
                /* the column counts from just past the last of them */
                line += lines;
                size_t start = target;
                while (t[start - 1] != '\n')
                    start--;
                pos = start;
                c = 1;
            }
            c += (target - pos) - count_bytes(t, pos, target, false);
            pos = target;
        }
        *q[k].line = line;
        if (q[k].col)
            *q[k].col = c;
    }
}

static void finalize(salvage_doc *doc)
{
    if (doc->finalized)
        return;
    doc->finalized = true;
    size_t nd = doc->diags.len, nb = doc->blocks.len, nn = doc->noise.len,
           nr = doc->repairs.len;
    size_t nq = nd + nb + nn + nr;
    lc_query *q = nq ? sv_arena_alloc(&doc->arena, nq * sizeof *q) : NULL;
    if (nq && !q) {
        doc->oom = true;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < nd; i++) {
        salvage_diagnostic *d = sv_vec_at(&doc->diags, i);
        q[k++] = (lc_query){d->offset, &d->line, &d->column};
        d->offset = sv_doc_orig_offset(doc, d->offset);
    }
    for (size_t i = 0; i < nb; i++) {
        salvage_block *b = sv_vec_at(&doc->blocks, i);
        q[k++] = (lc_query){b->start, &b->line, NULL};
        b->start = sv_doc_orig_offset(doc, b->start);
        b->end = sv_doc_orig_offset(doc, b->end);
    }
    sv_vec *lists[2] = {&doc->noise, &doc->repairs};
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < lists[l]->len; i++) {
            salvage_noise *n = sv_vec_at(lists[l], i);
            q[k++] = (lc_query){n->start, &n->line, NULL};
            n->start = sv_doc_orig_offset(doc, n->start);
            n->end = sv_doc_orig_offset(doc, n->end);
        }
    }
    resolve_lines(doc, q, k);
}

/* ---- streaming parser ------------------------------------------------------------------- */

struct salvage_parser {
    salvage_allocator alloc; /* the parser outlives the document it hands over */
    salvage_doc *doc;
    sv_buf head;  /* raw bytes held until the sniff window is full */
    bool decided, finished;
    bool whole;   /* salvage_parse: the first feed is all of the input */
    salvage_status failed; /* SALVAGE_OK while healthy */
    sv_decoder dec;
    sv_treebuilder *tb;
    size_t passed; /* decoded bytes already handed to the tree builder */
};

salvage_status salvage_parser_new(const salvage_options *opts, salvage_parser **out)
{
    if (!out)
        return SALVAGE_INVALID_ARG;
    *out = NULL;
    salvage_options defaults;
    if (!opts) {
        salvage_options_init(&defaults);
        opts = &defaults;
    }
    if (!options_valid(opts))
        return SALVAGE_INVALID_ARG;
    salvage_status st;
    salvage_doc *doc = doc_new(opts, 0, &st);
    if (!doc)
        return st;
    salvage_parser *p = sv_mem_alloc(&doc->alloc, sizeof *p);
    if (!p) {
        salvage_doc_free(doc);
        return SALVAGE_ENOMEM;
    }
    memset(p, 0, sizeof *p);
    p->alloc = doc->alloc;
    p->doc = doc;
    sv_buf_init(&p->head, &doc->arena);
    *out = p;
    return SALVAGE_OK;
}

/* Is data mostly well-formed UTF-8 with at least one multi-byte sequence? */
static bool looks_utf8(const uint8_t *data, size_t len)
{
    size_t valid = 0, invalid = 0;
    for (size_t i = sv_skip_ascii((const char *)data, len, 0); i < len;
         i = sv_skip_ascii((const char *)data, len, i)) {
        uint8_t b = data[i];
        size_t need = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2
                    : b >= 0xF0 && b <= 0xF4 ? 3 : 0;
        size_t j = 1;
        while (j <= need && i + j < len && (data[i + j] & 0xC0) == 0x80)
            j++;
        if (need && j == need + 1)
            valid++;
        else if (!(need && i + j == len)) /* a sequence cut by the window is not counted */
            invalid++;
        i += j;
    }
    return valid > 0 && invalid * 4 <= valid;
}

static const char *kind_name(salvage_input_kind k)
{
    return k == SALVAGE_INPUT_HTML ? "html" : k == SALVAGE_INPUT_TEXT ? "text" : "auto";
}

/* The kind of input from the sniff window, when the options leave it to us. */
static void decide_kind(salvage_doc *doc, const uint8_t *data, size_t len)
{
    const char *reason = "";
    const char *context = doc->opts.fragment_context;
    if (context && *context) {
        /* a fragment context only means something to the HTML parser */
        doc->kind = SALVAGE_INPUT_HTML;
        reason = "a fragment context is given";
    } else {
        doc->kind = sv_detect_kind((const char *)data, len, &reason);
    }
    sv_diag(doc, SALVAGE_SEVERITY_INFO, "input-kind", 0, "input read as %s: %s",
            kind_name(doc->kind), reason);
}

/* The encoding a <meta> in HTML declares, or SV_ENC_UNKNOWN. */
static sv_encoding meta_encoding(salvage_doc *doc, const uint8_t *data, size_t len)
{
    sv_encoding enc = sv_encoding_prescan(data, len < SV_PRESCAN_BYTES ? len : SV_PRESCAN_BYTES);
    /* A browser that meets a <meta charset> later, while parsing, changes the encoding and
     * starts again; looking through the whole sniff window gives the same answer for metas
     * within it without a second parse. */
    if (enc == SV_ENC_UNKNOWN && len > SV_PRESCAN_BYTES) {
        enc = sv_encoding_prescan(data, len);
        if (enc != SV_ENC_UNKNOWN)
            sv_diag(doc, SALVAGE_SEVERITY_INFO, "late-meta-charset", 0,
                    "encoding declared after the first %u bytes", SV_PRESCAN_BYTES);
    }
    return enc;
}

/* The encoding of the sniff window, in order of trust: a byte order mark (its length in
 * *bom), the transport label from the options, a <meta> in HTML, UTF-8 the bytes show,
 * and last the default. *source names the step that decided. */
static sv_encoding sniff_encoding(salvage_doc *doc, const uint8_t *data, size_t len, size_t *bom,
                                  const char **source)
{
    sv_encoding enc = sv_encoding_sniff_bom(data, len, bom);
    *source = "bom";
    if (enc == SV_ENC_UNKNOWN && doc->opts.encoding) {
        const char *l = doc->opts.encoding;
        enc = sv_encoding_from_label(l, strlen(l));
        *source = "transport";
        if (enc == SV_ENC_UNKNOWN)
            sv_diag(doc, SALVAGE_SEVERITY_WARNING, "unknown-encoding-label", 0,
                    "unknown encoding label \"%s\" ignored", l);
    }
    if (enc == SV_ENC_UNKNOWN && doc->kind == SALVAGE_INPUT_HTML) {
        enc = meta_encoding(doc, data, len);
        *source = "meta";
    }
    if (enc == SV_ENC_UNKNOWN && looks_utf8(data, len)) {
        enc = SV_ENC_UTF8;
        *source = "content";
    }
    if (enc == SV_ENC_UNKNOWN) {
        /* The standard's fallback for HTML; scraped text is UTF-8 unless shown otherwise. */
        enc = doc->kind == SALVAGE_INPUT_HTML ? SV_ENC_WINDOWS_1252 : SV_ENC_UTF8;
        *source = "default";
    }
    return enc;
}

/* Is data[0..len) well-formed UTF-8 with at least one multi-byte sequence? With more (input
 * follows the window), a sequence cut short by the window's end is not held against it when
 * its bytes so far can start a well-formed sequence. */
static bool strict_utf8(const uint8_t *data, size_t len, bool more)
{
    bool multi = false;
    for (size_t i = sv_skip_ascii((const char *)data, len, 0); i < len;
         i = sv_skip_ascii((const char *)data, len, i)) {
        size_t n = sv_utf8_valid_len(data + i, len - i);
        if (n == 0) {
            /* a cut sequence: its bytes completed with continuation bytes must be valid */
            uint8_t seq[4] = {0x80, 0x80, 0x80, 0x80};
            size_t cut = len - i;
            if (!more || !multi || cut >= 4)
                return false;
            memcpy(seq, data + i, cut);
            return sv_utf8_valid_len(seq, 4) > cut;
        }
        multi = true;
        i += n;
    }
    return multi;
}

/* Pages saved as UTF-8 often keep the <meta charset> of the encoding they were served in
 * (tests/golden/readability/qq declares GBK). Bytes of a legacy encoding are next to never
 * well-formed UTF-8 once they hold a non-ASCII character, so when the window is UTF-8
 * without one error and with at least one multi-byte character, UTF-8 wins over a <meta>,
 * with a warning. A transport label is the caller's explicit choice and is kept, and so is
 * a <meta> naming "replacement" (ISO-2022-KR, ...), which exists to stop such guessing. */
static sv_encoding prefer_utf8(salvage_doc *doc, sv_encoding enc, const uint8_t *data,
                               size_t len, bool more, const char **source)
{
    if (strcmp(*source, "meta") != 0 || enc == SV_ENC_UTF8 || enc == SV_ENC_REPLACEMENT ||
        !strict_utf8(data, len, more))
        return enc;
    sv_diag(doc, SALVAGE_SEVERITY_WARNING, "declared-encoding-mismatch", 0,
            "the document declares %s but its bytes are UTF-8; decoded as UTF-8",
            sv_encoding_name(enc));
    *source = "content";
    return SV_ENC_UTF8;
}

/* Sets up the decoder (and the tree builder for HTML) and decodes data[bom..all). */
static int start_decoding(salvage_parser *p, const uint8_t *data, size_t all, size_t bom,
                          sv_encoding enc, bool final)
{
    salvage_doc *doc = p->doc;
    sv_decoder_init(&p->dec, doc, enc, bom);
    if (doc->kind == SALVAGE_INPUT_HTML) {
        p->tb = sv_tree_new(doc);
        if (!p->tb)
            return -1;
    }
    if (final && doc->kind == SALVAGE_INPUT_HTML &&
        (enc == SV_ENC_UTF8 || sv_encoding_single_byte_table(enc))) {
        /* All of the input is here, and its bytes outlive the parse (the caller's until
         * salvage_parse returns, or the held window in the arena): UTF-8 that needs no
         * change, or ASCII without CR in a single-byte encoding (windows-1252 when nothing
         * declares one), is read in place instead of copied. Otherwise the copy is sized
         * once. */
        p->dec.borrow = true;
        p->dec.reserve = all - bom;
    } else if (sv_buf_reserve(&doc->text, all - bom) != 0) {
        /* The decoded text is about as long as the input: sized once, it is not copied while
         * it grows (and no outgrown copies stay in the arena). */
        doc->oom = true;
        return -1;
    }
    return sv_decoder_feed(&p->dec, data + bom, all - bom, final);
}

/* Decides kind and encoding from the first SV_SNIFF_WINDOW bytes of data[0..all), then
 * decodes all of it (final: no input follows). The decisions see the same bytes whether data
 * is the held window or the caller's whole input, which is then decoded without a copy. */
static int decide(salvage_parser *p, const uint8_t *data, size_t all, bool final)
{
    salvage_doc *doc = p->doc;
    size_t len = all < SV_SNIFF_WINDOW ? all : SV_SNIFF_WINDOW;
    p->decided = true;
    if (doc->kind == SALVAGE_INPUT_AUTO)
        decide_kind(doc, data, len);
    size_t bom = 0;
    const char *source;
    sv_encoding enc = sniff_encoding(doc, data, len, &bom, &source);
    enc = prefer_utf8(doc, enc, data, len, len < all || !final, &source);
    doc->encoding = sv_encoding_name(enc);
    doc->encoding_source = source;
    sv_diag(doc, SALVAGE_SEVERITY_INFO, "encoding", 0, "encoding %s (from %s)", doc->encoding,
            source);
    return start_decoding(p, data, all, bom, enc, final);
}

static int decide_held(salvage_parser *p, bool final)
{
    return decide(p, (const uint8_t *)(p->head.data ? p->head.data : ""), p->head.len, final);
}

static int pass_on(salvage_parser *p)
{
    salvage_doc *doc = p->doc;
    if (!p->tb || doc->text.len == p->passed)
        return 0;
    size_t from = p->passed;
    p->passed = doc->text.len;
    return sv_tree_feed(p->tb, doc->text.data + from, doc->text.len - from);
}

/* The status of a parse that ran out of memory: the allocator's failure, or max_memory. */
static salvage_status out_of_memory(const salvage_parser *p)
{
    return p->doc->arena.over_budget ? SALVAGE_LIMIT : SALVAGE_ENOMEM;
}

static salvage_status parser_fail(salvage_parser *p, salvage_status st)
{
    if (p->failed == SALVAGE_OK)
        p->failed = st;
    return p->failed;
}

salvage_status salvage_parser_feed(salvage_parser *p, const void *data, size_t len)
{
    if (!p || (!data && len))
        return SALVAGE_INVALID_ARG;
    if (p->finished)
        return SALVAGE_STATE;
    if (p->failed != SALVAGE_OK)
        return p->failed;
    salvage_doc *doc = p->doc;
    if (len > doc->opts.max_input_bytes - doc->input_bytes)
        return parser_fail(p, SALVAGE_LIMIT);
    doc->input_bytes += len;
    int r = 0;
    if (!p->decided && p->head.len == 0 && (p->whole || len >= SV_SNIFF_WINDOW)) {
        r = decide(p, data ? data : (const uint8_t *)"", len, p->whole);
    } else if (!p->decided) {
        size_t take = len;
        if (p->head.len + take > SV_SNIFF_WINDOW)
            take = SV_SNIFF_WINDOW - p->head.len;
        if (sv_buf_append(&p->head, data, take) != 0)
            return parser_fail(p, out_of_memory(p));
        if (p->head.len < SV_SNIFF_WINDOW)
            return SALVAGE_OK;
        r = decide_held(p, false);
        if (r == 0 && take < len)
            r = sv_decoder_feed(&p->dec, (const uint8_t *)data + take, len - take, false);
    } else {
        r = sv_decoder_feed(&p->dec, data, len, false);
    }
    if (r == 0)
        r = pass_on(p);
    if (r != 0 || doc->oom)
        return parser_fail(p, out_of_memory(p));
    return SALVAGE_OK;
}

/* The replacement encoding turned the input into one U+FFFD: say why, as an error. */
static void note_replacement(salvage_parser *p)
{
    salvage_doc *doc = p->doc;
    if (p->dec.enc != SV_ENC_REPLACEMENT || p->dec.replaced == 0)
        return;
    bool transport = strcmp(doc->encoding_source, "transport") == 0;
    sv_diag(doc, SALVAGE_SEVERITY_ERROR, "replacement-encoding", 0,
            "the document's encoding is replacement (declared by %s%s%s), which stands for "
            "ISO-2022-KR, ISO-2022-CN and HZ-GB-2312: its %zu bytes are not decoded but "
            "replaced by one U+FFFD",
            transport ? "the transport label \"" : "its <meta>",
            transport ? doc->opts.encoding : "", transport ? "\"" : "", p->dec.replaced);
}

salvage_status salvage_parser_finish(salvage_parser *p, salvage_doc **out)
{
    if (!p || !out)
        return SALVAGE_INVALID_ARG;
    *out = NULL;
    if (p->finished)
        return SALVAGE_STATE;
    p->finished = true;
    if (p->failed != SALVAGE_OK)
        return p->failed;
    salvage_doc *doc = p->doc;
    int r = p->decided ? sv_decoder_feed(&p->dec, NULL, 0, true) : decide_held(p, true);
    if (r == 0) {
        note_replacement(p);
        r = pass_on(p);
    }
    if (r == 0 && doc->kind == SALVAGE_INPUT_HTML) {
        r = sv_tree_finish(p->tb);
        if (r == 0 && !(doc->opts.flags & SALVAGE_FLAG_NO_ARTICLE))
            r = sv_html_article_build(doc);
    } else if (r == 0) {
        r = sv_text_build(doc);
    }
    if (r == 0 && !doc->oom)
        finalize(doc);
    if (r != 0 || doc->oom)
        return parser_fail(p, out_of_memory(p));
    /* The document now belongs to the caller. */
    p->doc = NULL;
    *out = doc;
    return doc->status;
}

void salvage_parser_free(salvage_parser *p)
{
    if (!p)
        return;
    salvage_allocator alloc = p->alloc;
    salvage_doc_free(p->doc); /* NULL once handed over by finish */
    sv_mem_free(&alloc, p, sizeof *p);
}

salvage_status salvage_parse(const void *data, size_t len, const salvage_options *opts,
                             salvage_doc **out)
{
    if (!out)
        return SALVAGE_INVALID_ARG;
    *out = NULL;
    if (!data && len)
        return SALVAGE_INVALID_ARG;
    salvage_parser *p;
    salvage_status st = salvage_parser_new(opts, &p);
    if (st != SALVAGE_OK)
        return st;
    p->whole = true;
    st = salvage_parser_feed(p, data, len);
    if (st == SALVAGE_OK)
        st = salvage_parser_finish(p, out);
    if (*out && p->dec.borrowed) {
        /* The decoded text was the caller's buffer (salvage_parse decides on it directly),
         * which the document must not keep: every stage that reads doc->text has run. */
        sv_buf_init(&(*out)->text, &(*out)->arena);
    }
    salvage_parser_free(p);
    return st;
}

/* ---- accessors ------------------------------------------------------------------------------ */

salvage_status salvage_doc_status(const salvage_doc *doc)
{
    return doc ? doc->status : SALVAGE_INVALID_ARG;
}
size_t salvage_doc_input_bytes(const salvage_doc *doc) { return doc ? doc->input_bytes : 0; }
size_t salvage_doc_memory(const salvage_doc *doc) { return doc ? doc->arena.total : 0; }
salvage_input_kind salvage_doc_input_kind(const salvage_doc *doc)
{
    return doc ? doc->kind : SALVAGE_INPUT_AUTO;
}
const char *salvage_doc_encoding(const salvage_doc *doc) { return doc ? doc->encoding : NULL; }
const char *salvage_doc_encoding_source(const salvage_doc *doc)
{
    return doc ? doc->encoding_source : NULL;
}
size_t salvage_doc_diagnostic_count(const salvage_doc *doc) { return doc ? doc->diags.len : 0; }
const salvage_diagnostic *salvage_doc_diagnostic(const salvage_doc *doc, size_t i)
{
    return doc && i < doc->diags.len ? sv_vec_at(&doc->diags, i) : NULL;
}
size_t salvage_doc_diagnostics_dropped(const salvage_doc *doc)
{
    return doc ? doc->diags_dropped : 0;
}
size_t salvage_doc_block_count(const salvage_doc *doc) { return doc ? doc->blocks.len : 0; }
const salvage_block *salvage_doc_block(const salvage_doc *doc, size_t i)
{
    return doc && i < doc->blocks.len ? sv_vec_at(&doc->blocks, i) : NULL;
}
size_t salvage_doc_noise_count(const salvage_doc *doc) { return doc ? doc->noise.len : 0; }
const salvage_noise *salvage_doc_noise(const salvage_doc *doc, size_t i)
{
    return doc && i < doc->noise.len ? sv_vec_at(&doc->noise, i) : NULL;
}
size_t salvage_doc_repair_count(const salvage_doc *doc) { return doc ? doc->repairs.len : 0; }
const salvage_noise *salvage_doc_repair(const salvage_doc *doc, size_t i)
{
    return doc && i < doc->repairs.len ? sv_vec_at(&doc->repairs, i) : NULL;
}
