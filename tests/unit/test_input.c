/*
 * test_input.c — the input stage through the public API: UTF-8 and UTF-16 decoding with one
 * U+FFFD and one diagnostic per maximal invalid subsequence, newline normalisation, original
 * offsets, lines and columns, and chunked feeding. Decoding results are read from the decoded
 * text (later stages may drop U+FFFD from block texts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h" /* doc->text: the decoded text itself */
#include "salvage.h"

#define FFFD "\xEF\xBF\xBD"

static salvage_doc *parse_text(const char *data, size_t len)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    o.flags |= SALVAGE_FLAG_NO_NFC;
    o.encoding = "utf-8";
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parse(data, len, &o, &doc), SALVAGE_OK);
    assert_non_null(doc);
    return doc;
}

/* Offsets of the invalid-byte-sequence diagnostics, in order. */
static size_t invalid_offsets(const salvage_doc *doc, size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++) {
        const salvage_diagnostic *d = salvage_doc_diagnostic(doc, i);
        if (strcmp(d->code, "invalid-byte-sequence") == 0 && n < max)
            out[n++] = d->offset;
    }
    return n;
}

struct utf8_case {
    const char *name;
    const char *bytes; /* between "a" and "b" */
    size_t len;
    size_t replacements;   /* U+FFFD expected */
    size_t offsets[4];     /* original offsets of the diagnostics */
};

/* Expected values worked out from the Encoding Standard's UTF-8 decoder: a lead byte that
 * cannot start a sequence, or a byte outside the allowed range for the position, ends the
 * maximal subpart. */
static const struct utf8_case utf8_cases[] = {
    {"overlong 2-byte", "\xC0\xAF", 2, 2, {1, 2}},
    {"overlong 3-byte", "\xE0\x80\xAF", 3, 3, {1, 2, 3}},
    {"overlong 4-byte", "\xF0\x80\x80\xAF", 4, 4, {1, 2, 3, 4}},
    {"surrogate", "\xED\xA0\x80", 3, 3, {1, 2, 3}},
    {"above U+10FFFF", "\xF4\x90\x80\x80", 4, 4, {1, 2, 3, 4}},
    {"F5 lead", "\xF5\x80", 2, 2, {1, 2}},
    {"truncated 3-byte", "\xE2\x82", 2, 1, {1}},
    {"truncated 4-byte", "\xF0\x9F\x98", 3, 1, {1}},
    {"stray continuation", "\x80", 1, 1, {1}},
    {"two stray continuations", "\x80\xBF", 2, 2, {1, 2}},
    {"FF byte", "\xFF", 1, 1, {1}},
    {"truncated then valid", "\xE2\x82\xC3\xA9", 4, 1, {1}},
};

static void test_utf8_invalid_classes(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof utf8_cases / sizeof utf8_cases[0]; c++) {
        const struct utf8_case *k = &utf8_cases[c];
        char in[32];
        size_t n = 0;
        in[n++] = 'a';
        memcpy(in + n, k->bytes, k->len);
        n += k->len;
        in[n++] = 'b';
        salvage_doc *doc = parse_text(in, n);
        size_t offs[8];
        size_t got = invalid_offsets(doc, offs, 8);
        if (got != k->replacements)
            fail_msg("%s: %zu diagnostics, expected %zu", k->name, got, k->replacements);
        for (size_t i = 0; i < got; i++)
            if (offs[i] != k->offsets[i])
                fail_msg("%s: diagnostic %zu at %zu, expected %zu", k->name, i, offs[i],
                         k->offsets[i]);
        /* The text is a, the replacements (plus a valid é where given), b. */
        char expect[64] = "a";
        for (size_t i = 0; i < k->replacements; i++)
            strcat(expect, FFFD);
        if (strstr(k->name, "then valid"))
            strcat(expect, "\xC3\xA9");
        strcat(expect, "b");
        assert_string_equal(doc->text.data, expect);
        salvage_doc_free(doc);
    }
}

static void test_utf8_truncated_at_end(void **state)
{
    (void)state;
    salvage_doc *doc = parse_text("ab\xE2\x82", 4);
    size_t offs[4];
    assert_int_equal(invalid_offsets(doc, offs, 4), 1);
    assert_int_equal(offs[0], 2);
    assert_string_equal(doc->text.data, "ab" FFFD);
    salvage_doc_free(doc);
}

static void test_utf8_valid_untouched(void **state)
{
    (void)state;
    const char *s = "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80 \xE4\xB8\xAD";
    salvage_doc *doc = parse_text(s, strlen(s));
    size_t offs[4];
    assert_int_equal(invalid_offsets(doc, offs, 4), 0);
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, s);
    salvage_doc_free(doc);
}

static salvage_doc *parse_bytes(const char *data, size_t len)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    o.flags |= SALVAGE_FLAG_NO_NFC;
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parse(data, len, &o, &doc), SALVAGE_OK);
    return doc;
}

static void test_utf16(void **state)
{
    (void)state;
    /* LE BOM, "a", U+1F600 as a surrogate pair, a lone trail surrogate, "b", an odd byte. */
    static const char le[] = "\xFF\xFE" "a\x00" "\x3D\xD8\x00\xDE" "\x00\xDC" "b\x00" "c";
    salvage_doc *doc = parse_bytes(le, sizeof le - 1);
    assert_string_equal(salvage_doc_encoding(doc), "UTF-16LE");
    assert_string_equal(salvage_doc_encoding_source(doc), "bom");
    assert_string_equal(doc->text.data, "a\xF0\x9F\x98\x80" FFFD "b" FFFD);
    size_t offs[4];
    assert_int_equal(invalid_offsets(doc, offs, 4), 2);
    assert_int_equal(offs[0], 8);  /* the lone trail */
    assert_int_equal(offs[1], 12); /* the odd byte */
    salvage_doc_free(doc);

    /* BE BOM, "x", a lone lead followed by "y" (the lead alone is replaced). */
    static const char be[] = "\xFE\xFF" "\x00x" "\xD8\x00" "\x00y";
    doc = parse_bytes(be, sizeof be - 1);
    assert_string_equal(salvage_doc_encoding(doc), "UTF-16BE");
    assert_string_equal(doc->text.data, "x" FFFD "y");
    assert_int_equal(invalid_offsets(doc, offs, 4), 1);
    assert_int_equal(offs[0], 4);
    salvage_doc_free(doc);

    /* LE BOM, "a", then the input ends in a lead surrogate and one byte more: one error for
     * the three bytes (the Encoding Standard's end of queue), not one for the lead and
     * another for the odd byte. */
    static const char cut[] = "\xFF\xFE" "a\x00" "\x3D\xD8" "\x41";
    doc = parse_bytes(cut, sizeof cut - 1);
    assert_string_equal(doc->text.data, "a" FFFD);
    assert_int_equal(invalid_offsets(doc, offs, 4), 1);
    assert_int_equal(offs[0], 4);
    salvage_doc_free(doc);
}

/* A document in encoding enc built from a BOM (blen bytes) and n copies of unit (ulen bytes). */
static salvage_doc *parse_units(const char *enc, const char *bom, size_t blen, const char *unit,
                                size_t ulen, size_t n)
{
    size_t len = blen + n * ulen;
    char *data = malloc(len);
    assert_non_null(data);
    memcpy(data, bom, blen);
    for (size_t i = 0; i < n; i++)
        memcpy(data + blen + i * ulen, unit, ulen);
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    o.flags |= SALVAGE_FLAG_NO_NFC;
    o.encoding = enc;
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parse(data, len, &o, &doc), SALVAGE_OK);
    free(data);
    return doc;
}

#define BYTES(s) s, sizeof s - 1

/* Runs of characters of one width (UTF-16 ASCII, Shift_JIS kana, windows-1252 accented
 * letters, GBK hanzi) take one segment of the offset map each, not one per character; every
 * character still maps to its own first byte, and the end of the text to the end of the
 * input. Alternating widths stay exact. */
static void test_offset_map_runs(void **state)
{
    (void)state;
    static const struct {
        const char *enc, *bom;
        size_t blen;
        const char *unit;
        size_t ulen, dec_w; /* one unit's width in the input and in the text */
        size_t max_segments;
    } cases[] = {
        {"utf-16le", BYTES("\xFF\xFE"), BYTES("a\0"), 1, 2},
        {"utf-16be", BYTES("\xFE\xFF"), BYTES("\x01\x01"), 2, 2}, /* U+0101: 2 to 2 */
        {"shift_jis", BYTES(""), BYTES("\x82\xA0"), 3, 2},          /* U+3042 */
        {"windows-1252", BYTES(""), BYTES("\xE9"), 2, 2},            /* U+00E9 */
        {"gbk", BYTES(""), BYTES("\xB0\xA1\xB0\xA2"), 6, 2},      /* U+554A U+963F */
        {"euc-kr", BYTES(""), BYTES("\xB0\xA1" "a"), 4, 2001},      /* U+AC00 'a' */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n = 1000, blen = cases[k].blen, ulen = cases[k].ulen, dw = cases[k].dec_w;
        salvage_doc *doc = parse_units(cases[k].enc, cases[k].bom, blen, cases[k].unit, ulen, n);
        assert_int_equal(doc->text.len, n * dw);
        if (doc->offmap.len > cases[k].max_segments)
            fail_msg("%s: %zu segments", cases[k].enc, doc->offmap.len);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(sv_doc_orig_offset(doc, i * dw), blen + i * ulen);
        assert_int_equal(sv_doc_orig_offset(doc, doc->text.len), blen + n * ulen);
        salvage_doc_free(doc);
    }
    /* A CRLF at the end: the text ends after the LF that stands for it, so does the input. */
    salvage_doc *doc = parse_text(BYTES("abc\r\n"));
    assert_string_equal(doc->text.data, "abc\n");
    assert_int_equal(sv_doc_orig_offset(doc, 3), 3);
    assert_int_equal(sv_doc_orig_offset(doc, 4), 5);
    salvage_doc_free(doc);
}

/* The text of data (encoding enc) fed to a streaming parser step bytes at a time (0: whole). */
static salvage_doc *parse_fed(const char *data, size_t len, const char *enc, size_t step)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    o.flags |= SALVAGE_FLAG_NO_NFC;
    o.encoding = enc;
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    for (size_t at = 0; at < len;) {
        size_t n = step && step < len - at ? step : len - at;
        assert_int_equal(salvage_parser_feed(p, data + at, n), SALVAGE_OK);
        at += n;
    }
    salvage_doc *doc;
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
    salvage_parser_free(p);
    return doc;
}

/* Inside a character, the map answers the character's first byte plus the offset inside it,
 * up to the character's width in the input, however the input was fed (the feeds decide
 * where segments of the map begin). A run of like characters takes a character whose widths
 * differ in the input only as its last one, and its true width is where the next segment
 * starts. */
static void test_offset_map_inside_characters(void **state)
{
    (void)state;
    /* GBK: 80 is the euro sign (1 byte, 3 in the text) twice, then U+554A (B0 A1, 2 bytes,
     * 3 in the text) and "A". The third byte of U+554A in the text (offset 8) is its first
     * byte (2) plus 2, at most its width 2: 4. */
    salvage_doc *doc = parse_fed(BYTES("\x80\x80\xB0\xA1" "A"), "gbk", 0);
    assert_string_equal(doc->text.data, "\xE2\x82\xAC\xE2\x82\xAC\xE5\x95\x8A" "A");
    static const size_t want[] = {0, 1, 1, 1, 2, 2, 2, 3, 4, 4, 5};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (sv_doc_orig_offset(doc, i) != want[i])
            fail_msg("offset %zu maps to %zu, not %zu", i, sv_doc_orig_offset(doc, i), want[i]);
    salvage_doc_free(doc);
    /* Inputs whose map once answered differently whole and fed in pieces. */
    static const struct {
        const char *enc, *data;
        size_t len;
    } inputs[] = {
        {"gbk", BYTES("\x01\x81\x30\x81\xCC\x80\xCC\x81\xCC\x82\xCC\x83\xFF\xFF\xFF\xA0"
                      "\x80\x81\x30\x81\x78\x99\xA1\x84\x31\xA5\x30")},
        {"gb18030", BYTES("\xF4\xFF\xA4\x42\x8E\x41\x42\xA4\xCB\x0C\xA0\xE1\xC2\x00\xF0\x39"
                          "\x0D\x60\x80\xFE\x39\xC1\x0D\x0A\xB4\x40\x49\xA4\xCC\x41\x3A\x84")},
        {"windows-1252", BYTES("\r\n\r\n\xE9\xE9x\r\n\x80\xE9")},
    };
    for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
        salvage_doc *whole = parse_fed(inputs[k].data, inputs[k].len, inputs[k].enc, 0);
        for (size_t step = 1; step <= 5; step++) {
            salvage_doc *fed = parse_fed(inputs[k].data, inputs[k].len, inputs[k].enc, step);
            assert_int_equal(fed->text.len, whole->text.len);
            for (size_t i = 0; i <= whole->text.len; i++)
                if (sv_doc_orig_offset(whole, i) != sv_doc_orig_offset(fed, i))
                    fail_msg("input %zu fed %zu bytes at a time: offset %zu maps to %zu, "
                             "whole to %zu",
                             k, step, i, sv_doc_orig_offset(fed, i), sv_doc_orig_offset(whole, i));
            salvage_doc_free(fed);
        }
        salvage_doc_free(whole);
    }
}

static void test_newlines_offsets_lines(void **state)
{
    (void)state;
    /* a \r\n b \r c \n \n d : offsets a0 \r1 \n2 b3 \r4 c5 \n6 \n7 d8 */
    salvage_doc *doc = parse_text("a\r\nb\rc\n\nd", 9);
    assert_int_equal(salvage_doc_block_count(doc), 2);
    const salvage_block *b0 = salvage_doc_block(doc, 0), *b1 = salvage_doc_block(doc, 1);
    assert_string_equal(b0->content.text, "a b c");
    assert_int_equal(b0->start, 0);
    assert_int_equal(b0->end, 6);
    assert_int_equal(b0->line, 1);
    assert_string_equal(b1->content.text, "d");
    assert_int_equal(b1->start, 8);
    assert_int_equal(b1->line, 5);
    salvage_doc_free(doc);
}

static void test_column_in_code_points(void **state)
{
    (void)state;
    /* line 2 is "éé" then FF: the FF is the third code point of the line, byte 6 of input */
    salvage_doc *doc = parse_text("x\n\xC3\xA9\xC3\xA9\xFF", 7);
    const salvage_diagnostic *d = NULL;
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        if (!strcmp(salvage_doc_diagnostic(doc, i)->code, "invalid-byte-sequence"))
            d = salvage_doc_diagnostic(doc, i);
    assert_non_null(d);
    assert_int_equal(d->offset, 6);
    assert_int_equal(d->line, 2);
    assert_int_equal(d->column, 3);
    salvage_doc_free(doc);
}

static void test_bom_stripped(void **state)
{
    (void)state;
    salvage_doc *doc = parse_bytes("\xEF\xBB\xBFhi", 5);
    assert_string_equal(salvage_doc_encoding_source(doc), "bom");
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, "hi");
    assert_int_equal(salvage_doc_block(doc, 0)->start, 3);
    salvage_doc_free(doc);
}

/* JSON of a streaming parse with the input cut at the given positions. */
static char *json_of_chunks(const char *data, size_t len, const size_t *cuts, size_t ncuts,
                            salvage_input_kind kind, const char *encoding);

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

static char *json_of_chunks(const char *data, size_t len, const size_t *cuts, size_t ncuts,
                            salvage_input_kind kind, const char *encoding)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = kind;
    o.encoding = encoding;
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    size_t at = 0;
    for (size_t i = 0; i <= ncuts; i++) {
        size_t to = i < ncuts ? cuts[i] : len;
        assert_int_equal(salvage_parser_feed(p, data + at, to - at), SALVAGE_OK);
        at = to;
    }
    salvage_doc *doc;
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
    salvage_parser_free(p);
    char *out = NULL;
    assert_int_equal(salvage_write_json(doc, append_out, &out), SALVAGE_OK);
    salvage_doc_free(doc);
    return out;
}

static void test_chunking_every_split(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        size_t len;
        const char *enc;
    } inputs[] = {
        {"ab\r\ncd\xE2\x82\r\xC3\xA9\r\n\r\nx\xF0\x9F\x98\x80y\xFF\r", 23, "utf-8"},
        {"\xFF\xFE" "a\x00\r\x00\n\x00\x3D\xD8\x00\xDE" "\x00\xDC" "b\x00" "c", 17, NULL},
        {"caf\xE9 \x80\x9F\r\nna\xEFve", 14, "windows-1252"},
    };
    for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
        char *whole = json_of_chunks(inputs[k].data, inputs[k].len, NULL, 0,
                                     SALVAGE_INPUT_TEXT, inputs[k].enc);
        for (size_t i = 0; i <= inputs[k].len; i++) {
            for (size_t j = i; j <= inputs[k].len; j++) {
                size_t cuts[2] = {i, j};
                char *part = json_of_chunks(inputs[k].data, inputs[k].len, cuts, 2,
                                            SALVAGE_INPUT_TEXT, inputs[k].enc);
                if (strcmp(whole, part) != 0)
                    fail_msg("input %zu split at %zu,%zu differs:\n%s\nvs\n%s", k, i, j, whole,
                             part);
                free(part);
            }
        }
        free(whole);
    }
}

static void test_windows_1252(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    o.encoding = "windows-1252";
    salvage_doc *doc;
    /* 0x80 is the euro sign, 0xE9 é, 0x93/0x94 curly quotes. */
    assert_int_equal(salvage_parse("\x80 caf\xE9 \x93q\x94", 10, &o, &doc), SALVAGE_OK);
    assert_string_equal(salvage_doc_encoding(doc), "windows-1252");
    assert_string_equal(salvage_doc_encoding_source(doc), "transport");
    assert_string_equal(salvage_doc_block(doc, 0)->content.text,
                        "\xE2\x82\xAC caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D");
    /* é is at original offset 5: it became 2 bytes, so the block still ends at 10. */
    assert_int_equal(salvage_doc_block(doc, 0)->end, 10);
    salvage_doc_free(doc);
}

/* Everything a document says about itself: JSON (blocks, diagnostics with lines and
 * columns, offsets) and the tree. */
static char *dump_doc(const salvage_doc *doc)
{
    char *out = NULL;
    assert_int_equal(salvage_write_json(doc, append_out, &out), SALVAGE_OK);
    assert_int_equal(salvage_write_tree(doc, append_out, &out), SALVAGE_OK);
    return out;
}

/* An HTML page over the 64 KiB sniff window, in lines, with parse errors (a duplicate
 * attribute, a misnested end tag, a bare '<') and non-ASCII text. */
static char *make_page(size_t *len)
{
    static const char line[] = "<p class=\"c\" class=d title='t\xC3\xA9'>caf\xC3\xA9 "
                               "<b>x<i>y</b>z</i> a < b &amp; c</p>\n";
    size_t n = sizeof line - 1, reps = 70000 / n + 1;
    char *s = malloc(reps * n + 32);
    assert_non_null(s);
    size_t at = 0;
    memcpy(s, "<!DOCTYPE html><title>t</title>\n", 32);
    at += 32;
    for (size_t i = 0; i < reps; i++, at += n)
        memcpy(s + at, line, n);
    *len = at;
    return s;
}

/* Parses page[0..len) (HTML, in `encoding`) twice: streamed in two parts cut at `cut`,
 * which decodes into a copy, and whole with salvage_parse from a buffer that is overwritten
 * and freed before the document is read (ASan reports any read of it). The whole parse reads
 * the bytes where they lie and keeps nothing of them, and both give the same document.
 * Returns the JSON and tree dump of it (the caller frees it). */
static char *check_read_in_place(const char *page, size_t len, size_t cut, const char *encoding)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.max_diagnostics = 100000;

    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, page, cut), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, page + cut, len - cut), SALVAGE_OK);
    salvage_doc *streamed;
    assert_int_equal(salvage_parser_finish(p, &streamed), SALVAGE_OK);
    salvage_parser_free(p);
    assert_string_equal(salvage_doc_encoding(streamed), encoding);
    assert_int_equal(streamed->text.len, len); /* the copy */

    char *buf = malloc(len);
    assert_non_null(buf);
    memcpy(buf, page, len);
    salvage_doc *doc;
    assert_int_equal(salvage_parse(buf, len, &o, &doc), SALVAGE_OK);
    memset(buf, 'X', len);
    free(buf);
    assert_string_equal(salvage_doc_encoding(doc), encoding);
    assert_int_equal(doc->text.len, 0); /* read in place, then let go */

    char *a = dump_doc(streamed), *b = dump_doc(doc);
    assert_string_equal(a, b);
    free(b);
    salvage_doc_free(streamed);
    salvage_doc_free(doc);
    return a;
}

/* Valid UTF-8 HTML without CR is read where it lies while salvage_parse runs (no copy), with
 * the result of a streaming parse. */
static void test_html_read_in_place(void **state)
{
    (void)state;
    size_t len;
    char *page = make_page(&len);
    /* the sniff window fills before the input ends: decoded as fed */
    char *dump = check_read_in_place(page, len, 65536 + 7, "UTF-8");
    assert_non_null(strstr(dump, "\"duplicate-attribute\""));
    free(dump);
    free(page);
}

/* ASCII without CR is the same text in every single-byte encoding: a page that declares no
 * encoding (windows-1252 then) is read in place like UTF-8, with the same result as a
 * streaming parse; one byte above 0x7F, or a CR, and it is decoded into a copy. */
static void test_html_single_byte_ascii_in_place(void **state)
{
    (void)state;
    static const char line[] = "<p class=\"c\" class=d>cafe <b>x<i>y</b>z</i> a < b &amp; c\n";
    size_t n = sizeof line - 1, reps = 70000 / n + 1, len = reps * n;
    char *page = malloc(len);
    assert_non_null(page);
    for (size_t i = 0; i < reps; i++)
        memcpy(page + i * n, line, n);
    free(check_read_in_place(page, len, len, "windows-1252"));
    free(page);

    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    salvage_doc *doc;
    /* "caf\xE9" is windows-1252 for "café"; a CR becomes LF: both decoded into a copy */
    assert_int_equal(salvage_parse("<p>caf\xE9</p>", 12, &o, &doc), SALVAGE_OK);
    assert_string_equal(doc->text.data, "<p>caf\xC3\xA9</p>");
    salvage_doc_free(doc);
    assert_int_equal(salvage_parse("<p>a\rb</p>", 11, &o, &doc), SALVAGE_OK);
    assert_string_equal(doc->text.data, "<p>a\nb</p>");
    salvage_doc_free(doc);
}

/* Input that needs a change (CR, an invalid byte) is decoded into a copy as before; so is
 * a small streamed input, decoded from the held window when it ends. */
static void test_html_copied_when_changed(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.encoding = "utf-8";
    salvage_doc *doc;
    assert_int_equal(salvage_parse("<p>a\r\nb\xFF</p>", 13, &o, &doc), SALVAGE_OK);
    assert_string_equal(doc->text.data, "<p>a\nb" FFFD "</p>");
    const salvage_node *n = NULL;
    int entering = 0;
    while ((n = salvage_walk_next(salvage_doc_root(doc), n, &entering)) != NULL)
        if (entering && salvage_node_get_type(n) == SALVAGE_NODE_TEXT)
            break;
    assert_non_null(n);
    size_t tl;
    assert_string_equal(salvage_node_text(n, &tl), "a\nb" FFFD);
    salvage_doc_free(doc);

    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    char chunk[8];
    memcpy(chunk, "<p>x", 4);
    assert_int_equal(salvage_parser_feed(p, chunk, 4), SALVAGE_OK);
    memcpy(chunk, "XXXX", 4); /* the parser holds its own copy */
    assert_int_equal(salvage_parser_feed(p, "y</p>", 5), SALVAGE_OK);
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
    salvage_parser_free(p);
    assert_int_equal(doc->text.len, 9);
    assert_memory_equal(doc->text.data, "<p>xy</p>", 9);
    salvage_doc_free(doc);
}

/* Lines and columns of many positions on short and very long lines (the counts run over
 * blocks of bytes): each stray 0xFF byte gets a diagnostic whose line and column (in code
 * points, the 0xFF one of them) are worked out here while the input is written. */
static void test_lines_columns_long(void **state)
{
    (void)state;
    enum { MAX_MARKS = 600 };
    size_t cap = 200000, len = 0, nmarks = 0;
    size_t mark_line[MAX_MARKS], mark_col[MAX_MARKS];
    char *s = malloc(cap);
    assert_non_null(s);
    uint32_t seed = 12345;
    size_t line = 1, col = 1;
    while (len + 8 < cap - 40000 && nmarks < MAX_MARKS) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = (seed >> 16) % 100;
        if (r < 3 || (line == 40 && col < 30000)) {
            if ((line == 40 && col < 30000) || r < 1) { /* a run of two-byte characters */
                for (int k = 0; k < 400; k++, col++, len += 2)
                    memcpy(s + len, "\xC3\xA9", 2);
            } else {
                s[len++] = '\n';
                line++;
                col = 1;
            }
        } else if (r < 8) {
            mark_line[nmarks] = line;
            mark_col[nmarks++] = col++;
            s[len++] = (char)0xFF;
        } else if (r < 20) {
            memcpy(s + len, "\xE2\x82\xAC", 3);
            len += 3;
            col++;
        } else {
            s[len++] = 'a';
            col++;
        }
    }
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    o.flags |= SALVAGE_FLAG_NO_NFC;
    o.encoding = "utf-8";
    o.max_diagnostics = 100000;
    salvage_doc *doc;
    assert_int_equal(salvage_parse(s, len, &o, &doc), SALVAGE_OK);
    size_t k = 0;
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++) {
        const salvage_diagnostic *d = salvage_doc_diagnostic(doc, i);
        if (strcmp(d->code, "invalid-byte-sequence") != 0)
            continue;
        assert_true(k < nmarks);
        if (d->line != mark_line[k] || d->column != mark_col[k])
            fail_msg("mark %zu: %zu:%zu, expected %zu:%zu", k, d->line, d->column,
                     mark_line[k], mark_col[k]);
        k++;
    }
    assert_int_equal(k, nmarks);
    assert_true(line > 40);
    salvage_doc_free(doc);
    free(s);
}

/* Thousands of line breaks in a row: every byte of the blocks that the line count runs over
 * is one, so its per-lane counters must not wrap (the counts run 64 bytes a step, at most 63
 * steps at once). The stray 0xFF byte after n of them is on line n + 1, column 1. */
static void test_lines_after_blank_run(void **state)
{
    (void)state;
    static const size_t runs[] = {4032, 4095, 4096, 4100, 4159, 4160, 5000, 8192};
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        size_t n = runs[r];
        char *s = malloc(n + 1);
        assert_non_null(s);
        memset(s, '\n', n);
        s[n] = (char)0xFF;
        salvage_doc *doc = parse_text(s, n + 1);
        size_t found = 0;
        for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++) {
            const salvage_diagnostic *d = salvage_doc_diagnostic(doc, i);
            if (strcmp(d->code, "invalid-byte-sequence") != 0)
                continue;
            if (d->line != n + 1 || d->column != 1)
                fail_msg("after %zu line breaks: %zu:%zu", n, d->line, d->column);
            found++;
        }
        assert_int_equal(found, 1);
        salvage_doc_free(doc);
        free(s);
    }
}

/* Strings copied into the arena, of every length around the sizes copied in blocks (4, 8,
 * 16, 32 bytes), packed one after the other: each keeps its bytes and its NUL. */
static void test_arena_strings(void **state)
{
    (void)state;
    salvage_allocator alloc = {0};
    sv_allocator_resolve(&alloc);
    sv_arena arena;
    sv_arena_init(&arena, &alloc, 0);
    char src[80];
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (char)('A' + i % 50);
    char *copies[2][71];
    for (int round = 0; round < 2; round++)
        for (size_t n = 0; n <= 70; n++) {
            copies[round][n] = sv_arena_strndup(&arena, src + n % 7, n);
            assert_non_null(copies[round][n]);
        }
    for (int round = 0; round < 2; round++)
        for (size_t n = 0; n <= 70; n++) {
            assert_memory_equal(copies[round][n], src + n % 7, n);
            assert_int_equal(copies[round][n][n], 0);
        }
    sv_arena_free_all(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_invalid_classes),
        cmocka_unit_test(test_utf8_truncated_at_end),
        cmocka_unit_test(test_utf8_valid_untouched),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_offset_map_runs),
        cmocka_unit_test(test_offset_map_inside_characters),
        cmocka_unit_test(test_newlines_offsets_lines),
        cmocka_unit_test(test_column_in_code_points),
        cmocka_unit_test(test_bom_stripped),
        cmocka_unit_test(test_chunking_every_split),
        cmocka_unit_test(test_windows_1252),
        cmocka_unit_test(test_html_read_in_place),
        cmocka_unit_test(test_html_copied_when_changed),
        cmocka_unit_test(test_html_single_byte_ascii_in_place),
        cmocka_unit_test(test_arena_strings),
        cmocka_unit_test(test_lines_columns_long),
        cmocka_unit_test(test_lines_after_blank_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
