/*
 * test_input_cjk.c — the multi-byte decoders (gb18030/GBK, Big5, EUC-JP, ISO-2022-JP,
 * Shift_JIS, EUC-KR) and "replacement", against vectors worked out by hand from the Encoding
 * Standard's decoder steps and the indexes in tools/data/encoding-indexes.js; every vector is
 * also fed split at every pair of positions and one byte at a time, which must change
 * nothing. Then the encoding choice of parser/doc.c: a <meta> that UTF-8 bytes contradict,
 * and a transport label that always wins.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "internal.h"
#include "salvage.h"

#define END 0x110000u      /* ends a list of code points */
#define NONE ((size_t)-1)  /* ends a list of offsets */
#define IN(s) s, sizeof(s) - 1

struct vector {
    const char *label;
    const char *in;
    size_t len;
    uint32_t cps[12];  /* the decoded code points, END-terminated */
    size_t origs[12];  /* the original offset of each */
    size_t errors[6];  /* original offsets of the invalid-byte-sequence warnings, NONE-ended */
};

/* ---- decoding a vector --------------------------------------------------------------------- */

struct result {
    char text[256];
    size_t len;
    size_t orig[257]; /* original offset of every decoded offset 0..len */
    char diags[8][200];
    size_t ndiags;
};

static void doc_init(salvage_doc *doc, const salvage_options *opts)
{
    memset(doc, 0, sizeof *doc);
    doc->opts = *opts;
    doc->alloc = opts->allocator;
    sv_allocator_resolve(&doc->alloc);
    sv_arena_init(&doc->arena, &doc->alloc, 0);
    doc->status = SALVAGE_OK;
    doc->kind = SALVAGE_INPUT_TEXT;
    doc->encoding = "UTF-8";
    doc->encoding_source = "default";
    sv_buf_init(&doc->text, &doc->arena);
    sv_vec_init(&doc->offmap, &doc->arena, sizeof(sv_offseg));
    sv_vec_init(&doc->diags, &doc->arena, sizeof(salvage_diagnostic));
}

/* Decodes in[0..n) with the encoding of label, fed in pieces ending at cuts[0..ncuts) and n. */
static void decode(const char *label, const char *in, size_t n, const size_t *cuts,
                   size_t ncuts, struct result *out)
{
    salvage_options o;
    salvage_options_init(&o);
    salvage_doc doc;
    doc_init(&doc, &o);
    doc.input_bytes = n;
    sv_encoding enc = sv_encoding_from_label(label, strlen(label));
    assert_true(sv_encoding_can_decode(enc));
    sv_decoder d;
    sv_decoder_init(&d, &doc, enc, 0);
    size_t at = 0;
    for (size_t i = 0; i <= ncuts; i++) {
        size_t to = i < ncuts ? cuts[i] : n;
        assert_int_equal(sv_decoder_feed(&d, (const uint8_t *)in + at, to - at, i == ncuts), 0);
        at = to;
    }
    memset(out, 0, sizeof *out);
    assert_true(doc.text.len < sizeof out->text);
    memcpy(out->text, doc.text.data, doc.text.len);
    out->len = doc.text.len;
    for (size_t i = 0; i <= out->len; i++)
        out->orig[i] = sv_doc_orig_offset(&doc, i);
    assert_true(doc.diags.len <= 8);
    for (size_t i = 0; i < doc.diags.len; i++) {
        const salvage_diagnostic *g = sv_vec_at(&doc.diags, i);
        snprintf(out->diags[i], sizeof out->diags[i], "%s@%zu:%s", g->code,
                 sv_doc_orig_offset(&doc, g->offset), g->message);
    }
    out->ndiags = doc.diags.len;
    sv_arena_free_all(&doc.arena);
}

static void check_vector(const struct vector *v, const struct result *r)
{
    size_t off = 0, k = 0;
    while (off < r->len) {
        size_t n;
        uint32_t cp = sv_utf8_decode(r->text + off, r->len - off, &n);
        if (v->cps[k] == END)
            fail_msg("%s vector %.8s: extra U+%04X", v->label, v->in, (unsigned)cp);
        if (cp != v->cps[k] || r->orig[off] != v->origs[k])
            fail_msg("%s: code point %zu is U+%04X at %zu, expected U+%04X at %zu", v->label,
                     k, (unsigned)cp, r->orig[off], (unsigned)v->cps[k], v->origs[k]);
        off += n;
        k++;
    }
    if (v->cps[k] != END)
        fail_msg("%s: code point %zu (U+%04X) missing", v->label, k, (unsigned)v->cps[k]);
    size_t e = 0;
    for (size_t i = 0; i < r->ndiags; i++) {
        if (strncmp(r->diags[i], "invalid-byte-sequence@", 22) != 0)
            continue;
        size_t at = (size_t)strtoull(r->diags[i] + 22, NULL, 10);
        if (v->errors[e] == NONE || v->errors[e] != at)
            fail_msg("%s: unexpected error %s", v->label, r->diags[i]);
        e++;
    }
    if (v->errors[e] != NONE)
        fail_msg("%s: error at %zu missing", v->label, v->errors[e]);
}

static void check_same(const struct vector *v, const struct result *a, const struct result *b,
                       size_t i, size_t j)
{
    if (a->len != b->len || memcmp(a->text, b->text, a->len) != 0 ||
        memcmp(a->orig, b->orig, (a->len + 1) * sizeof a->orig[0]) != 0 ||
        a->ndiags != b->ndiags)
        fail_msg("%s split at %zu,%zu: text or offsets differ", v->label, i, j);
    for (size_t k = 0; k < a->ndiags; k++)
        if (strcmp(a->diags[k], b->diags[k]) != 0)
            fail_msg("%s split at %zu,%zu: %s vs %s", v->label, i, j, a->diags[k], b->diags[k]);
}

/* The vector whole, then split at every pair of positions, then one byte at a time. */
static void run_vectors(const struct vector *vs, size_t count)
{
    for (size_t c = 0; c < count; c++) {
        const struct vector *v = &vs[c];
        struct result whole, part;
        decode(v->label, v->in, v->len, NULL, 0, &whole);
        check_vector(v, &whole);
        for (size_t i = 0; i <= v->len; i++) {
            for (size_t j = i; j <= v->len; j++) {
                size_t cuts[2] = {i, j};
                decode(v->label, v->in, v->len, cuts, 2, &part);
                check_same(v, &whole, &part, i, j);
            }
        }
        size_t ones[32];
        assert_true(v->len < 32);
        for (size_t i = 1; i < v->len; i++)
            ones[i - 1] = i;
        decode(v->label, v->in, v->len, ones, v->len ? v->len - 1 : 0, &part);
        check_same(v, &whole, &part, 1, 1);
    }
}

#define FFFD 0xFFFD
#define RUN(vs) run_vectors(vs, sizeof vs / sizeof vs[0])

/* ---- the decoders -------------------------------------------------------------------------- */

static void test_gb18030(void **state)
{
    (void)state;
    static const struct vector vs[] = {
        /* four bytes: index gb18030 ranges (pointer 0 -> U+0080; 39419 -> U+FFFF; 1237575,
         * the last, -> U+10FFFF; 7457 is the standard's special case U+E7C7) */
        {"gb18030", IN("\x81\x30\x81\x30"), {0x80, END}, {0}, {NONE}},
        {"gb18030", IN("\x84\x31\xA4\x39"), {0xFFFF, END}, {0}, {NONE}},
        {"gb18030", IN("\xE3\x32\x9A\x35"), {0x10FFFF, END}, {0}, {NONE}},
        {"gb18030", IN("\x81\x35\xF4\x37"), {0xE7C7, END}, {0}, {NONE}},
        /* GBK shares the decoder: A3 A0 -> U+3000 (not U+E5E5), 80 -> U+20AC, B0 A1 -> 啊 */
        {"gbk", IN("a\xA3\xA0\x80\xB0\xA1"), {'a', 0x3000, 0x20AC, 0x554A, END}, {0, 1, 3, 4},
         {NONE}},
        /* GB18030-2022: A6 D9 and FE 59 were U+E78D and U+E81E */
        {"gb18030", IN("\xA6\xD9\xFE\x59"), {0xFE10, 0x9FB4, END}, {0, 2}, {NONE}},
        {"gb18030", IN("a\xFF" "b"), {'a', FFFD, 'b', END}, {0, 1, 2}, {1, NONE}},
        /* a fourth byte that is no digit: second, third and it are read again; 81 78 and
         * 81 41 are then two-byte characters (pointers 56 and 1) */
        {"gb18030", IN("\x81\x30\x81x"), {FFFD, '0', 0x4E81, END}, {0, 1, 2}, {0, NONE}},
        {"gb18030", IN("\x81\x30\x81\x41"), {FFFD, '0', 0x4E04, END}, {0, 1, 2}, {0, NONE}},
        /* a third byte that is no lead: second and it are read again */
        {"gb18030", IN("\x81\x30 "), {FFFD, '0', ' ', END}, {0, 1, 2}, {0, NONE}},
        {"gb18030", IN("\x81 "), {FFFD, ' ', END}, {0, 1}, {0, NONE}},
        {"gb18030", IN("\x81\xFF" "a"), {FFFD, 'a', END}, {0, 2}, {0, NONE}},
        /* pointer 39420 has no code point: all four bytes are one error */
        {"gb18030", IN("\x84\x31\xA5\x30" "a"), {FFFD, 'a', END}, {0, 4}, {0, NONE}},
        /* the input ends inside a sequence: one error at its first byte */
        {"gb18030", IN("a\x81"), {'a', FFFD, END}, {0, 1}, {1, NONE}},
        {"gb18030", IN("a\x81\x30\x81"), {'a', FFFD, END}, {0, 1}, {1, NONE}},
        /* the CR after a lead is read again, and CRLF and CR become LF */
        {"gb18030", IN("\x81\r\n\r" "a"), {FFFD, '\n', '\n', 'a', END}, {0, 1, 3, 4},
         {0, NONE}},
    };
    RUN(vs);
}

static void test_big5(void **state)
{
    (void)state;
    static const struct vector vs[] = {
        /* pointers 1133, 1135, 1164, 1166: two code points each, both at the first byte */
        {"big5", IN("\x88\x62\x88\x64" "a"), {0xCA, 0x304, 0xCA, 0x30C, 'a', END},
         {0, 0, 2, 2, 4}, {NONE}},
        {"big5", IN("\x88\xA3\x88\xA5"), {0xEA, 0x304, 0xEA, 0x30C, END}, {0, 0, 2, 2},
         {NONE}},
        /* 87 45 is pointer 947, U+27267 in plane 2; A4 40 is 一 */
        {"big5", IN("\x87\x45\xA4\x40"), {0x27267, 0x4E00, END}, {0, 2}, {NONE}},
        /* pointer 0 has no code point; its ASCII trail byte is kept */
        {"big5", IN("\x81\x40"), {FFFD, '@', END}, {0, 1}, {0, NONE}},
        {"big5", IN("\xA4\x80" "a"), {FFFD, 'a', END}, {0, 2}, {0, NONE}},
        {"big5", IN("\x80\xFF"), {FFFD, FFFD, END}, {0, 1}, {0, 1, NONE}},
        {"big5-hkscs", IN("a\xA4"), {'a', FFFD, END}, {0, 1}, {1, NONE}},
    };
    RUN(vs);
}

static void test_euc_kr(void **state)
{
    (void)state;
    static const struct vector vs[] = {
        {"euc-kr", IN("\xB0\xA1\x81\x41"), {0xAC00, 0xAC02, END}, {0, 2}, {NONE}},
        /* B0 20: the space is kept; B0 FF: FF is no trail byte; 80 and FF are no lead */
        {"windows-949", IN("\xB0 \xB0\xFF\x80\xFF" "a\xB0"),
         {FFFD, ' ', FFFD, FFFD, FFFD, 'a', FFFD, END}, {0, 1, 2, 4, 5, 6, 7},
         {0, 2, 4, 5, 7, NONE}},
    };
    RUN(vs);
}

static void test_euc_jp(void **state)
{
    (void)state;
    static const struct vector vs[] = {
        /* 8E B1: katakana U+FF71; 8F B0 A1: jis0212 pointer 1410, U+4E02; A4 A2: jis0208
         * pointer 283, U+3042 */
        {"euc-jp", IN("\x8E\xB1\x8F\xB0\xA1\xA4\xA2"), {0xFF71, 0x4E02, 0x3042, END},
         {0, 2, 5}, {NONE}},
        /* jis0212 pointer 108 (U+02D8), after which jis0208 is used again */
        {"euc-jp", IN("\x8F\xA2\xAF\xA4\xA2"), {0x02D8, 0x3042, END}, {0, 3}, {NONE}},
        /* an ASCII byte ends a sequence and is kept: 8E 41, 8F A1 41, 8F 41 */
        {"euc-jp", IN("\x8E\x41\x8F\xA1\x41\x8F\x41"), {FFFD, 'A', FFFD, 'A', FFFD, 'A', END},
         {0, 1, 2, 4, 5, 6}, {0, 2, 5, NONE}},
        {"euc-jp", IN("\xA4\xFF\x80" "a\x8F\xB0"), {FFFD, FFFD, 'a', FFFD, END}, {0, 2, 3, 4},
         {0, 2, 4, NONE}},
    };
    RUN(vs);
}

static void test_shift_jis(void **state)
{
    (void)state;
    static const struct vector vs[] = {
        /* 82 A0: U+3042; B1: katakana; 80 and 5C are themselves; F0 40: EUDC, U+E000 */
        {"shift_jis", IN("\x82\xA0\xB1\x80\x5C\xF0\x40"), {0x3042, 0xFF71, 0x80, 0x5C, 0xE000,
         END}, {0, 2, 3, 4, 5}, {NONE}},
        /* FA 40: pointer 10716, IBM extension U+2170 */
        {"sjis", IN("\xFA\x40"), {0x2170, END}, {0}, {NONE}},
        /* 82 41: no character, the A is kept; 82 FD: FD is no trail byte; A0 and FD are no
         * lead; the input ends after a lead */
        {"shift_jis", IN("\x82\x41\x82\xFD\xA0\xFD" "a\x82"),
         {FFFD, 'A', FFFD, FFFD, FFFD, 'a', FFFD, END}, {0, 1, 2, 4, 5, 6, 7},
         {0, 2, 4, 5, 7, NONE}},
    };
    RUN(vs);
}

static void test_iso_2022_jp(void **state)
{
    (void)state;
    static const struct vector vs[] = {
        /* ESC $ B: jis0208; 24 22 is pointer 283, U+3042; ESC ( B: ASCII again */
        {"iso-2022-jp", IN("\x1B$B$\"\x1B(B" "a"), {0x3042, 'a', END}, {3, 8}, {NONE}},
        {"iso-2022-jp", IN("\x1B$@$\""), {0x3042, END}, {3}, {NONE}},
        /* ESC ( I: katakana; ESC ( J: Roman, where 5C is ¥ and 7E is ‾ */
        {"iso-2022-jp", IN("\x1B(I1\x1B(J\\~\x1B(B~"), {0xFF71, 0xA5, 0x203E, '~', END},
         {3, 7, 8, 12}, {NONE}},
        /* SO, SI and bytes above 7F are errors */
        {"iso-2022-jp", IN("a\x0E" "b\x0F\x80"), {'a', FFFD, 'b', FFFD, FFFD, END},
         {0, 1, 2, 3, 4}, {1, 3, 4, NONE}},
        /* an escape sequence right after another, nothing decoded between them */
        {"iso-2022-jp", IN("\x1B(B\x1B(B" "a"), {FFFD, 'a', END}, {3, 6}, {3, NONE}},
        {"iso-2022-jp", IN("a\x1B$B\x1B(B" "b"), {'a', FFFD, 'b', END}, {0, 4, 7}, {4, NONE}},
        /* ESC where a trail byte belongs: an error for the lead, then the escape works */
        {"iso-2022-jp", IN("\x1B$B$\x1B(B" "x"), {FFFD, 'x', END}, {3, 7}, {3, NONE}},
        /* a control byte as trail byte is lost with the lead; 'a' then leads, and the input
         * ends before its trail byte */
        {"iso-2022-jp", IN("\x1B$B$\n" "a"), {FFFD, FFFD, END}, {3, 5}, {3, 5, NONE}},
        {"iso-2022-jp", IN("\x1B$B\n"), {FFFD, END}, {3}, {3, NONE}},
        /* unknown escapes: the bytes after ESC are read again; a space is no katakana */
        {"csiso2022jp", IN("\x1B" "A\x1B$A\x1B(I "), {FFFD, 'A', FFFD, '$', 'A', FFFD, END},
         {0, 1, 2, 3, 4, 8}, {0, 2, 8, NONE}},
        /* the input ends in an escape sequence or after a lead */
        {"iso-2022-jp", IN("a\x1B"), {'a', FFFD, END}, {0, 1}, {1, NONE}},
        {"iso-2022-jp", IN("a\x1B$"), {'a', FFFD, '$', END}, {0, 1, 2}, {1, NONE}},
        {"iso-2022-jp", IN("\x1B$B$"), {FFFD, END}, {3}, {3, NONE}},
        {"iso-2022-jp", IN("a\r\nb\rc"), {'a', '\n', 'b', '\n', 'c', END}, {0, 1, 3, 4, 5},
         {NONE}},
    };
    RUN(vs);
}

/* "replacement": nothing for no input; else one U+FFFD for all of it, one error at its first
 * byte (the document adds why, see test_meta_replacement). */
static void test_replacement(void **state)
{
    (void)state;
    static const struct vector vs[] = {
        {"replacement", IN(""), {END}, {0}, {NONE}},
        {"iso-2022-kr", IN("\x1B$)C\x0E" "abc"), {FFFD, END}, {0}, {0, NONE}},
        {"hz-gb-2312", IN("~{<:Ky2;S{#,~}<p>"), {FFFD, END}, {0}, {0, NONE}},
    };
    RUN(vs);
    struct result r;
    decode("replacement", "", 0, NULL, 0, &r);
    assert_int_equal(r.ndiags, 0);
    decode("iso-2022-cn", IN("abcdefgh"), NULL, 0, &r);
    assert_int_equal(r.ndiags, 1);
    assert_string_equal(r.diags[0], "invalid-byte-sequence@0:invalid input in the "
                                    "replacement encoding (bytes 61) replaced by U+FFFD");
    assert_int_equal(r.orig[3], 8); /* the end of the U+FFFD is the end of the input */
}

/* The warning names the bytes of the error, and "truncated" when the input ended. */
static void test_messages(void **state)
{
    (void)state;
    struct result r;
    decode("shift_jis", IN("\x82\x41"), NULL, 0, &r);
    assert_string_equal(r.diags[0], "invalid-byte-sequence@0:invalid Shift_JIS sequence "
                                    "(bytes 82) replaced by U+FFFD");
    decode("gbk", IN("\x84\x31\xA5\x30"), NULL, 0, &r);
    assert_string_equal(r.diags[0], "invalid-byte-sequence@0:invalid GBK sequence "
                                    "(bytes 84 31 A5 30) replaced by U+FFFD");
    decode("euc-jp", IN("x\x8F\xB0"), NULL, 0, &r);
    assert_string_equal(r.diags[0], "invalid-byte-sequence@1:invalid truncated EUC-JP "
                                    "sequence (bytes 8F B0) replaced by U+FFFD");
}

/* ---- choosing the encoding (parser/doc.c) -------------------------------------------------- */

static salvage_doc *parse_html(const char *s, const char *transport)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.flags |= SALVAGE_FLAG_NO_NFC;
    o.encoding = transport;
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parse(s, strlen(s), &o, &doc), SALVAGE_OK);
    return doc;
}

static const salvage_diagnostic *find_code(const salvage_doc *doc, const char *code)
{
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        if (strcmp(salvage_doc_diagnostic(doc, i)->code, code) == 0)
            return salvage_doc_diagnostic(doc, i);
    return NULL;
}

static void check_choice(const char *html, const char *transport, const char *encoding,
                         const char *source, bool mismatch, const char *text)
{
    salvage_doc *doc = parse_html(html, transport);
    assert_string_equal(salvage_doc_encoding(doc), encoding);
    assert_string_equal(salvage_doc_encoding_source(doc), source);
    const salvage_diagnostic *d = find_code(doc, "declared-encoding-mismatch");
    assert_int_equal(d != NULL, mismatch);
    if (d)
        assert_int_equal(d->severity, SALVAGE_SEVERITY_WARNING);
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, text);
    salvage_doc_free(doc);
}

/* A <meta> that the bytes contradict: well-formed UTF-8 with a multi-byte character wins,
 * with a warning; a single byte that is no UTF-8, or only ASCII, leaves the <meta> in
 * charge; a transport label is never overridden. */
static void test_meta_versus_utf8(void **state)
{
    (void)state;
    check_choice("<meta charset=gbk><p>caf\xC3\xA9", NULL, "UTF-8", "content", true,
                 "caf\xC3\xA9");
    salvage_doc *doc = parse_html("<meta charset=gbk><p>caf\xC3\xA9", NULL);
    assert_string_equal(find_code(doc, "declared-encoding-mismatch")->message,
                        "the document declares GBK but its bytes are UTF-8; decoded as UTF-8");
    salvage_doc_free(doc);
    /* B0 A1 is no UTF-8: GBK decodes it to U+554A */
    check_choice("<meta charset=gbk><p>caf\xB0\xA1", NULL, "GBK", "meta", false,
                 "caf\xE5\x95\x8A");
    /* one byte that is no UTF-8 (82 A0 is U+3042 in Shift_JIS): the meta stays; C3 A9 are
     * then two half-width katakana */
    check_choice("<meta charset=shift_jis><p>\xC3\xA9\x82\xA0", NULL, "Shift_JIS", "meta",
                 false, "\xEF\xBE\x83\xEF\xBD\xA9\xE3\x81\x82");
    check_choice("<meta charset=euc-kr><p>cafe", NULL, "EUC-KR", "meta", false, "cafe");
    /* single-byte declarations too */
    check_choice("<meta charset=windows-1251><p>caf\xC3\xA9", NULL, "UTF-8", "content", true,
                 "caf\xC3\xA9");
    /* a sequence cut by the end of the whole input, or one that cannot be completed (E0 80),
     * is an error: the meta stays (windows-1252 reads C3 as U+00C3, A9 as U+00A9, 80 as
     * U+20AC) */
    check_choice("<meta charset=windows-1252><p>caf\xC3\xA9 na\xC3", NULL, "windows-1252",
                 "meta", false, "caf\xC3\x83\xC2\xA9 na\xC3\x83");
    check_choice("<meta charset=windows-1252><p>caf\xC3\xA9 \xE0\x80", NULL, "windows-1252",
                 "meta", false, "caf\xC3\x83\xC2\xA9 \xC3\xA0\xE2\x82\xAC");
    /* the transport label is the caller's choice: C3 A9 in GBK is U+8305 (pointer 12644) */
    check_choice("<meta charset=gbk><p>caf\xC3\xA9", "gbk", "GBK", "transport", false,
                 "caf\xE8\x8C\x85");
    check_choice("<p>caf\xC3\xA9", "shift_jis", "Shift_JIS", "transport", false,
                 "caf\xEF\xBE\x83\xEF\xBD\xA9");
}

/* A <meta> naming ISO-2022-KR is followed as the HTML Standard says: the replacement
 * encoding, even when the bytes would be UTF-8. */
static void test_meta_replacement(void **state)
{
    (void)state;
    salvage_doc *doc = parse_html("<meta charset=iso-2022-kr><p>caf\xC3\xA9", NULL);
    assert_string_equal(salvage_doc_encoding(doc), "replacement");
    assert_string_equal(salvage_doc_encoding_source(doc), "meta");
    const salvage_diagnostic *d = find_code(doc, "replacement-encoding");
    assert_non_null(d);
    assert_int_equal(d->severity, SALVAGE_SEVERITY_ERROR);
    assert_non_null(strstr(d->message, "declared by its <meta>"));
    assert_non_null(strstr(d->message, "its 34 bytes are not decoded"));
    assert_int_equal(doc->text.len, 3);
    assert_memory_equal(doc->text.data, "\xEF\xBF\xBD", 3);
    salvage_doc_free(doc);
}

static int append_out(void *ctx, const char *data, size_t len)
{
    char **s = ctx;
    size_t old = *s ? strlen(*s) : 0;
    char *n = realloc(*s, old + len + 1);
    if (!n)
        return -1;
    memcpy(n + old, data, len);
    n[old + len] = 0;
    *s = n;
    return 0;
}

/* The document's JSON after feeding data[0..len) to the public parser in pieces of step. */
static char *json_fed(const char *data, size_t len, size_t step, const char *transport)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.encoding = transport;
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    for (size_t at = 0; at < len; at += step)
        assert_int_equal(salvage_parser_feed(p, data + at, len - at < step ? len - at : step),
                         SALVAGE_OK);
    salvage_doc *doc;
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
    salvage_parser_free(p);
    char *out = NULL;
    assert_int_equal(salvage_write_json(doc, append_out, &out), SALVAGE_OK);
    salvage_doc_free(doc);
    return out;
}

/* Past the 64 KiB sniff window the parser decodes chunk by chunk: pages in each encoding,
 * fed in 1, 7 and 4093 byte pieces, give the document of one feed. */
static void test_streamed_pages(void **state)
{
    (void)state;
    static const struct {
        const char *label, *chars;
    } pages[] = {
        {"gb18030", "\xB0\xA1\x81\x30\x81\x30\x81\x30\x81\x0D\x0A\x84\x31\xA4\x39"},
        {"big5", "\x88\x62\xA4\x40\x87\x45\x81\x0D\x0A"},
        {"euc-jp", "\x8E\xB1\x8F\xB0\xA1\xA4\xA2\x8F\x0D\x0A"},
        {"shift_jis", "\x82\xA0\xB1\x82\x0D\x0A"},
        {"euc-kr", "\xB0\xA1\xB0\x0D\x0A"},
        {"iso-2022-jp", "\x1B$B$\"$\x1B(B\x0D\x0A\x1B(I1\x1B(B"},
    };
    for (size_t k = 0; k < sizeof pages / sizeof pages[0]; k++) {
        size_t cap = 80000, len = 0;
        char *page = malloc(cap);
        assert_non_null(page);
        len += (size_t)snprintf(page, cap, "<!doctype html><title>t</title><p>");
        size_t unit = strlen(pages[k].chars);
        while (len + unit + 8 < cap) {
            memcpy(page + len, pages[k].chars, unit);
            len += unit;
            if (len % 7 == 0)
                page[len++] = ' ';
        }
        char *whole = json_fed(page, len, len, pages[k].label);
        static const size_t steps[] = {1, 7, 4093};
        for (size_t s = 0; s < 3; s++) {
            char *part = json_fed(page, len, steps[s], pages[k].label);
            if (strcmp(whole, part) != 0)
                fail_msg("%s fed in pieces of %zu differs", pages[k].label, steps[s]);
            free(part);
        }
        free(whole);
        free(page);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_big5),
        cmocka_unit_test(test_euc_kr),
        cmocka_unit_test(test_euc_jp),
        cmocka_unit_test(test_shift_jis),
        cmocka_unit_test(test_iso_2022_jp),
        cmocka_unit_test(test_replacement),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_meta_versus_utf8),
        cmocka_unit_test(test_meta_replacement),
        cmocka_unit_test(test_streamed_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
