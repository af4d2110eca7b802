/*
 * test_encoding.c — labels, names, single-byte tables, BOM sniffing and the meta prescan.
 * Expected values are taken from the Encoding Standard's tables and the HTML Standard's
 * prescan algorithm, worked by hand for each input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"

static sv_encoding label(const char *s) { return sv_encoding_from_label(s, strlen(s)); }

static sv_encoding scan(const char *s)
{
    return sv_encoding_prescan((const uint8_t *)s, strlen(s));
}

static sv_encoding content(const char *s) { return sv_encoding_from_meta_content(s, strlen(s)); }

/* ---------------------------------------------------------------------------------------- */

static void test_labels(void **state)
{
    (void)state;
    assert_int_equal(label("utf8"), SV_ENC_UTF8);
    assert_int_equal(label("unicode-1-1-utf-8"), SV_ENC_UTF8);
    assert_int_equal(label(" \tLatin1\n\f\r"), SV_ENC_WINDOWS_1252);
    assert_int_equal(label("US-ASCII"), SV_ENC_WINDOWS_1252);
    assert_int_equal(label("iso-8859-1"), SV_ENC_WINDOWS_1252);
    assert_int_equal(label("ISO8859-2"), SV_ENC_ISO_8859_2);
    assert_int_equal(label("iso-8859-9"), SV_ENC_WINDOWS_1254);
    assert_int_equal(label("tis-620"), SV_ENC_WINDOWS_874);
    assert_int_equal(label("koi8-ru"), SV_ENC_KOI8_U);
    assert_int_equal(label("koi"), SV_ENC_KOI8_R);
    assert_int_equal(label("logical"), SV_ENC_ISO_8859_8_I);
    assert_int_equal(label("visual"), SV_ENC_ISO_8859_8);
    assert_int_equal(label("x-mac-ukrainian"), SV_ENC_X_MAC_CYRILLIC);
    assert_int_equal(label("x-user-defined"), SV_ENC_X_USER_DEFINED);
    assert_int_equal(label("utf-16"), SV_ENC_UTF16LE);
    assert_int_equal(label("unicodefffe"), SV_ENC_UTF16BE);
    assert_int_equal(label("gb2312"), SV_ENC_GBK);
    assert_int_equal(label("GB18030"), SV_ENC_GB18030);
    assert_int_equal(label("big5-hkscs"), SV_ENC_BIG5);
    assert_int_equal(label("x-euc-jp"), SV_ENC_EUC_JP);
    assert_int_equal(label("csiso2022jp"), SV_ENC_ISO_2022_JP);
    assert_int_equal(label("windows-31j"), SV_ENC_SHIFT_JIS);
    assert_int_equal(label("ks_c_5601-1987"), SV_ENC_EUC_KR);
    assert_int_equal(label("hz-gb-2312"), SV_ENC_REPLACEMENT);
    assert_int_equal(label("iso-2022-kr"), SV_ENC_REPLACEMENT);
    /* Not labels. */
    assert_int_equal(label(""), SV_ENC_UNKNOWN);
    assert_int_equal(label("  \t "), SV_ENC_UNKNOWN);
    assert_int_equal(label("utf-9"), SV_ENC_UNKNOWN);
    assert_int_equal(label("utf-8x"), SV_ENC_UNKNOWN);
    assert_int_equal(label("latin 1"), SV_ENC_UNKNOWN);
    assert_int_equal(label("\xc2\xa0utf-8"), SV_ENC_UNKNOWN); /* U+00A0 is not ASCII space */
    assert_int_equal(label("iso-8859-1iso-8859-1iso-8859-1iso-8859-1"), SV_ENC_UNKNOWN);
    assert_int_equal(sv_encoding_from_label(NULL, 0), SV_ENC_UNKNOWN);
    /* The length is honoured: "utf-8" followed by other bytes. */
    assert_int_equal(sv_encoding_from_label("utf-8;", 5), SV_ENC_UTF8);
    assert_int_equal(sv_encoding_from_label("utf-8\0", 6), SV_ENC_UNKNOWN);
}

static void test_label_table(void **state)
{
    size_t i;
    int e, f;
    (void)state;
    assert_true(sv_encoding_label_count >= 200);
    for (i = 0; i < sv_encoding_label_count; i++) {
        const char *l = sv_encoding_labels[i].label;
        assert_int_equal(label(l), sv_encoding_labels[i].enc);
        if (i > 0)
            assert_true(strcmp(sv_encoding_labels[i - 1].label, l) < 0);
    }
    for (e = 0; e < SV_ENC_COUNT; e++) {
        assert_non_null(sv_encoding_name(e));
        /* Every name is also a label of its encoding (ASCII case-insensitively). */
        assert_int_equal(label(sv_encoding_name(e)), e);
        for (f = 0; f < e; f++)
            assert_string_not_equal(sv_encoding_name(e), sv_encoding_name(f));
    }
    assert_null(sv_encoding_name(SV_ENC_UNKNOWN));
    assert_null(sv_encoding_name(SV_ENC_COUNT));
    assert_string_equal(sv_encoding_name(SV_ENC_SHIFT_JIS), "Shift_JIS");
    assert_string_equal(sv_encoding_name(SV_ENC_WINDOWS_1252), "windows-1252");
    assert_string_equal(sv_encoding_name(SV_ENC_UTF8), "UTF-8");
}

static void test_can_decode(void **state)
{
    int e;
    (void)state;
    for (e = 0; e < SV_ENC_COUNT; e++)
        assert_true(sv_encoding_can_decode(e));
    for (e = SV_ENC_GBK; e < SV_ENC_COUNT; e++)
        assert_null(sv_encoding_single_byte_table(e));
    assert_false(sv_encoding_can_decode(SV_ENC_UNKNOWN));
    assert_false(sv_encoding_can_decode(SV_ENC_COUNT));
    assert_null(sv_encoding_single_byte_table(SV_ENC_UTF8));
    assert_null(sv_encoding_single_byte_table(SV_ENC_UTF16LE));
    for (e = SV_ENC_WINDOWS_1252; e <= SV_ENC_X_USER_DEFINED; e++)
        assert_non_null(sv_encoding_single_byte_table(e));
}

static uint16_t sb(sv_encoding enc, int byte)
{
    return sv_encoding_single_byte_table(enc)[byte - 0x80];
}

static void test_single_byte_tables(void **state)
{
    (void)state;
    /* windows-1252: the standard maps Python's undefined bytes to C1 controls. */
    assert_int_equal(sb(SV_ENC_WINDOWS_1252, 0x80), 0x20AC);
    assert_int_equal(sb(SV_ENC_WINDOWS_1252, 0x81), 0x0081);
    assert_int_equal(sb(SV_ENC_WINDOWS_1252, 0x8D), 0x008D);
    assert_int_equal(sb(SV_ENC_WINDOWS_1252, 0x9F), 0x0178);
    assert_int_equal(sb(SV_ENC_WINDOWS_1252, 0xE9), 0x00E9);
    assert_int_equal(sb(SV_ENC_WINDOWS_1250, 0x98), 0x0098);
    assert_int_equal(sb(SV_ENC_WINDOWS_1251, 0xC0), 0x0410);
    assert_int_equal(sb(SV_ENC_WINDOWS_874, 0xA1), 0x0E01);
    assert_int_equal(sb(SV_ENC_WINDOWS_874, 0xDB), 0); /* unmapped */
    assert_int_equal(sb(SV_ENC_WINDOWS_1253, 0xAA), 0);
    assert_int_equal(sb(SV_ENC_WINDOWS_1255, 0xCA), 0x05BA);
    assert_int_equal(sb(SV_ENC_WINDOWS_1255, 0xD9), 0);
    assert_int_equal(sb(SV_ENC_WINDOWS_1257, 0xA1), 0);
    assert_int_equal(sb(SV_ENC_ISO_8859_2, 0xA1), 0x0104);
    assert_int_equal(sb(SV_ENC_ISO_8859_2, 0x85), 0x0085);
    assert_int_equal(sb(SV_ENC_ISO_8859_3, 0xA5), 0);
    assert_int_equal(sb(SV_ENC_ISO_8859_7, 0xA4), 0x20AC);
    assert_int_equal(sb(SV_ENC_ISO_8859_8, 0xFD), 0x200E);
    assert_int_equal(sb(SV_ENC_ISO_8859_8_I, 0xE0), 0x05D0);
    assert_int_equal(sb(SV_ENC_ISO_8859_15, 0xA4), 0x20AC);
    assert_int_equal(sb(SV_ENC_ISO_8859_16, 0xAA), 0x0218);
    assert_int_equal(sb(SV_ENC_KOI8_R, 0xC1), 0x0430);
    assert_int_equal(sb(SV_ENC_KOI8_R, 0xAE), 0x255D);
    assert_int_equal(sb(SV_ENC_KOI8_U, 0xAE), 0x045E); /* KOI8-RU, as the standard */
    assert_int_equal(sb(SV_ENC_KOI8_U, 0xBE), 0x040E);
    assert_int_equal(sb(SV_ENC_IBM866, 0x80), 0x0410);
    assert_int_equal(sb(SV_ENC_MACINTOSH, 0xDB), 0x20AC);
    assert_int_equal(sb(SV_ENC_X_MAC_CYRILLIC, 0xFF), 0x20AC);
    assert_int_equal(sb(SV_ENC_X_USER_DEFINED, 0x80), 0xF780);
    assert_int_equal(sb(SV_ENC_X_USER_DEFINED, 0xFF), 0xF7FF);
}

static void test_bom(void **state)
{
    size_t n = 99;
    (void)state;
    assert_int_equal(sv_encoding_sniff_bom((const uint8_t *)"\xEF\xBB\xBFx", 4, &n),
                     SV_ENC_UTF8);
    assert_int_equal(n, 3);
    assert_int_equal(sv_encoding_sniff_bom((const uint8_t *)"\xFE\xFF", 2, &n), SV_ENC_UTF16BE);
    assert_int_equal(n, 2);
    assert_int_equal(sv_encoding_sniff_bom((const uint8_t *)"\xFF\xFE\0\0", 4, &n),
                     SV_ENC_UTF16LE);
    assert_int_equal(n, 2);
    assert_int_equal(sv_encoding_sniff_bom((const uint8_t *)"\xEF\xBB", 2, &n), SV_ENC_UNKNOWN);
    assert_int_equal(n, 0);
    assert_int_equal(sv_encoding_sniff_bom((const uint8_t *)"\xFF", 1, &n), SV_ENC_UNKNOWN);
    assert_int_equal(sv_encoding_sniff_bom((const uint8_t *)"<html>", 6, &n), SV_ENC_UNKNOWN);
    assert_int_equal(sv_encoding_sniff_bom(NULL, 0, &n), SV_ENC_UNKNOWN);
    assert_int_equal(sv_encoding_sniff_bom((const uint8_t *)"\xEF\xBB\xBF", 3, NULL),
                     SV_ENC_UTF8);
}

/* ---------------------------------------------------------------------------------------- */
/* Prescan                                                                                  */

static void test_prescan_meta(void **state)
{
    (void)state;
    assert_int_equal(scan("<meta charset=koi8-r>"), SV_ENC_KOI8_R);
    assert_int_equal(scan("<META CHARSET=KOI8-R>"), SV_ENC_KOI8_R);
    assert_int_equal(scan("<meta charset='koi8-r'/>"), SV_ENC_KOI8_R);
    assert_int_equal(scan("<meta/charset=koi8-r>"), SV_ENC_KOI8_R);
    assert_int_equal(scan("<meta\fcharset = \"koi8-r\" >"), SV_ENC_KOI8_R);
    assert_int_equal(scan("<metacharset=koi8-r>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<meta charset=>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<meta charset=bogus><meta charset=koi8-r>"), SV_ENC_KOI8_R);
    /* The first charset attribute counts; duplicates are ignored. */
    assert_int_equal(scan("<meta charset=koi8-r charset=iso-8859-5>"), SV_ENC_KOI8_R);
    /* "=" first in a name belongs to the name: the attribute is "=charset". */
    assert_int_equal(scan("<meta =charset=koi8-r>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<!DOCTYPE html><html lang=en><meta charset=koi8-r>"), SV_ENC_KOI8_R);
}

static void test_prescan_pragma(void **state)
{
    (void)state;
    assert_int_equal(scan("<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>"),
                     SV_ENC_KOI8_R);
    assert_int_equal(scan("<meta content='text/html; charset=koi8-r' http-equiv=content-type>"),
                     SV_ENC_KOI8_R);
    /* content without the pragma declares nothing. */
    assert_int_equal(scan("<meta content='text/html; charset=koi8-r'>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<meta http-equiv=refresh content='charset=koi8-r'>"), SV_ENC_UNKNOWN);
    /* A second http-equiv is a duplicate and ignored. */
    assert_int_equal(
        scan("<meta http-equiv=x http-equiv=content-type content='charset=koi8-r'>"),
        SV_ENC_UNKNOWN);
    /* charset wins over content, whatever the order. */
    assert_int_equal(scan("<meta content='charset=koi8-r' charset=iso-8859-5 "
                          "http-equiv=content-type>"),
                     SV_ENC_ISO_8859_5);
    /* A failed charset is not null: content cannot replace it. */
    assert_int_equal(scan("<meta charset=bogus http-equiv=content-type "
                          "content='charset=koi8-r'>"),
                     SV_ENC_UNKNOWN);
}

static void test_prescan_fixups(void **state)
{
    (void)state;
    assert_int_equal(scan("<meta charset=utf-16>"), SV_ENC_UTF8);
    assert_int_equal(scan("<meta charset=UTF-16BE>"), SV_ENC_UTF8);
    assert_int_equal(scan("<meta charset=utf-16le>"), SV_ENC_UTF8);
    assert_int_equal(scan("<meta http-equiv=content-type content='charset=utf-16'>"),
                     SV_ENC_UTF8);
    assert_int_equal(scan("<meta charset=x-user-defined>"), SV_ENC_WINDOWS_1252);
    /* The multi-byte encodings and replacement. */
    assert_int_equal(scan("<meta charset=shift_jis>"), SV_ENC_SHIFT_JIS);
    assert_int_equal(scan("<meta charset=iso-2022-kr>"), SV_ENC_REPLACEMENT);
}

static void test_prescan_comments(void **state)
{
    (void)state;
    assert_int_equal(scan("<!-- <meta charset=koi8-r> -->"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<!-- <meta charset=koi8-r> --><meta charset=iso-8859-5>"),
                     SV_ENC_ISO_8859_5);
    /* "<!-->" and "<!--->" are complete comments: the hyphens may be those of "<!--". */
    assert_int_equal(scan("<!--><meta charset=koi8-r>"), SV_ENC_KOI8_R);
    assert_int_equal(scan("<!---><meta charset=koi8-r>-->"), SV_ENC_KOI8_R);
    /* "--!>" does not end the comment for the prescan. */
    assert_int_equal(scan("<!-- --!><meta charset=koi8-r>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<!-- unterminated <meta charset=koi8-r>"), SV_ENC_UNKNOWN);
    /* "<!", "</" + non-letter and "<?" skip to the first ">". */
    assert_int_equal(scan("<!x <meta charset=koi8-r>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<?php <meta charset=koi8-r> ?>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("</ <meta charset=koi8-r>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<!x><meta charset=koi8-r>"), SV_ENC_KOI8_R);
}

static void test_prescan_attributes(void **state)
{
    (void)state;
    /* Attribute values of other tags (start and end tags) hide what is inside them. */
    assert_int_equal(scan("<p title=\"<meta charset=koi8-r>\">"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("</p title='<meta charset=koi8-r>'>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<div data-x='\"'><meta charset=koi8-r>"), SV_ENC_KOI8_R);
    assert_int_equal(scan("<p title=\"x><meta charset=koi8-r>"), SV_ENC_UNKNOWN);
    /* Text is not markup-aware: a meta inside <script> or <title> still counts. */
    assert_int_equal(scan("<script>x='<meta charset=koi8-r>'</script>"), SV_ENC_KOI8_R);
    /* "<" followed by a non-letter is just a byte. */
    assert_int_equal(scan("a < b <3 <meta charset=koi8-r>"), SV_ENC_KOI8_R);
    /* Tag names from the first to the last ASCII letter, either case, hide their quoted
     * values. The bytes just outside those ranges start no tag: after "<" the scan goes on
     * at the next byte, after "</" at the first ">" (here inside a's value). */
    static const char *const tags[] = {"<A", "<Z", "<a", "<z", "</A", "</Z", "</a", "</z"};
    static const char *const bytes[] = {"<@", "<[", "<`", "<{", "</@", "</[", "</`", "</{"};
    char buf[64];
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        snprintf(buf, sizeof buf, "%s a=\">\" b=\"<meta charset=koi8-r>\">", tags[i]);
        assert_int_equal(scan(buf), SV_ENC_UNKNOWN);
        snprintf(buf, sizeof buf, "%s a=\">\" b=\"<meta charset=koi8-r>\">", bytes[i]);
        assert_int_equal(scan(buf), SV_ENC_KOI8_R);
    }
}

static void test_prescan_xml(void **state)
{
    (void)state;
    assert_int_equal(sv_encoding_prescan((const uint8_t *)"<\0?\0x\0m\0l\0", 10),
                     SV_ENC_UTF16LE);
    assert_int_equal(sv_encoding_prescan((const uint8_t *)"\0<\0?\0x\0m\0l", 10),
                     SV_ENC_UTF16BE);
    assert_int_equal(scan("<?xml version=\"1.0\" encoding=\"koi8-r\"?><p>"), SV_ENC_KOI8_R);
    assert_int_equal(scan("<?xml version='1.0' encoding = 'koi8-r'?>"), SV_ENC_KOI8_R);
    assert_int_equal(scan("<?xml encoding=\"utf-16\"?>"), SV_ENC_UTF8);
    /* A meta wins over the declaration. */
    assert_int_equal(scan("<?xml version=\"1.0\" encoding=\"koi8-r\"?><meta charset=iso-8859-5>"),
                     SV_ENC_ISO_8859_5);
    /* Only at the very start; and the declaration must end. */
    assert_int_equal(scan(" <?xml version=\"1.0\" encoding=\"koi8-r\"?>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<?xml version=\"1.0\" encoding=\"koi8-r\""), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<?xml encoding=\"koi8 r\"?>"), SV_ENC_UNKNOWN);
    assert_int_equal(scan("<?xml encoding=koi8-r?>"), SV_ENC_UNKNOWN);
}

/* The meta must be complete within the bytes the prescan is given. */
static void test_prescan_window(void **state)
{
    char *buf = malloc(2048);
    const char *meta = "<meta charset=koi8-r>";
    size_t mlen = strlen(meta);
    (void)state;
    assert_non_null(buf);
    memset(buf, 'x', 2048);
    memcpy(buf, "<!--", 4);
    memcpy(buf + 996, "-->", 3);
    /* A meta ending exactly at byte 1024 is found. */
    memcpy(buf + 1024 - mlen, meta, mlen);
    assert_int_equal(sv_encoding_prescan((const uint8_t *)buf, 1024), SV_ENC_KOI8_R);
    assert_int_equal(sv_encoding_prescan((const uint8_t *)buf, 1023), SV_ENC_UNKNOWN);
    /* A meta after the first 1024 bytes is not seen when the caller passes 1024 bytes. */
    memset(buf + 1024 - mlen, 'x', mlen);
    memcpy(buf + 1100, meta, mlen);
    assert_int_equal(sv_encoding_prescan((const uint8_t *)buf, 1024), SV_ENC_UNKNOWN);
    assert_int_equal(sv_encoding_prescan((const uint8_t *)buf, 2048), SV_ENC_KOI8_R);
    free(buf);
}

/* Every prefix of a document: nothing until the meta's ">" is in, then the encoding. Under
 * ASan this also shows that no construct reads past the end. */
static void check_prefixes(const char *doc, sv_encoding want)
{
    size_t len = strlen(doc), n;
    const char *gt = strstr(doc, "<meta");
    size_t complete;
    assert_non_null(gt);
    gt = strchr(gt, '>');
    assert_non_null(gt);
    complete = (size_t)(gt - doc) + 1;
    for (n = 0; n <= len; n++) {
        uint8_t *copy = malloc(n ? n : 1);
        assert_non_null(copy);
        memcpy(copy, doc, n);
        assert_int_equal(sv_encoding_prescan(copy, n), n >= complete ? want : SV_ENC_UNKNOWN);
        free(copy);
    }
}

static void test_prescan_truncated(void **state)
{
    (void)state;
    check_prefixes("<!DOCTYPE html><!-- c --><html lang=\"en\"><head><title>x</title>"
                   "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">"
                   "</head>",
                   SV_ENC_KOI8_R);
    check_prefixes("<?xml version=\"1.0\"?></p><p a='1' b=\"2\" c=3 d><!x><?y>"
                   "<meta charset = 'iso-8859-5' /><p>",
                   SV_ENC_ISO_8859_5);
    check_prefixes("<meta name=x content=y charset=koi8-r>tail", SV_ENC_KOI8_R);
}

/* Hostile inputs run in one pass (these would be slow if any step rescanned). */
static void test_prescan_linear(void **state)
{
    size_t n = 1u << 20, i;
    char *buf = malloc(n + 1);
    (void)state;
    assert_non_null(buf);
    for (i = 0; i < n; i++)
        buf[i] = "<a "[i % 3];
    buf[n] = 0;
    assert_int_equal(sv_encoding_prescan((const uint8_t *)buf, n), SV_ENC_UNKNOWN);
    memcpy(buf, "<meta http-equiv=content-type content=\"", 39);
    for (i = 39; i < n; i++)
        buf[i] = "charset"[i % 7];
    buf[n - 2] = '"';
    buf[n - 1] = '>';
    assert_int_equal(sv_encoding_prescan((const uint8_t *)buf, n), SV_ENC_UNKNOWN);
    free(buf);
}

static void test_meta_content(void **state)
{
    (void)state;
    assert_int_equal(content("text/html; charset=koi8-r"), SV_ENC_KOI8_R);
    assert_int_equal(content("text/html;CHARSET = 'koi8-r'"), SV_ENC_KOI8_R);
    assert_int_equal(content("charset=\"koi8-r\" ; x"), SV_ENC_KOI8_R);
    assert_int_equal(content("charset=koi8-r;foo"), SV_ENC_KOI8_R);
    assert_int_equal(content("charset=koi8-r foo"), SV_ENC_KOI8_R);
    assert_int_equal(content("charsetcharset=koi8-r"), SV_ENC_KOI8_R);
    assert_int_equal(content("charset x charset=koi8-r"), SV_ENC_KOI8_R);
    assert_int_equal(content("charset='koi8-r"), SV_ENC_UNKNOWN);
    assert_int_equal(content("charset="), SV_ENC_UNKNOWN);
    assert_int_equal(content("charset"), SV_ENC_UNKNOWN);
    assert_int_equal(content("text/html"), SV_ENC_UNKNOWN);
    assert_int_equal(content(""), SV_ENC_UNKNOWN);
    assert_int_equal(sv_encoding_from_meta_content(NULL, 0), SV_ENC_UNKNOWN);
}

static void test_meta_element(void **state)
{
    (void)state;
    assert_int_equal(sv_encoding_from_meta_element("utf-16", 6, NULL, 0, NULL, 0), SV_ENC_UTF8);
    assert_int_equal(sv_encoding_from_meta_element("koi8-r", 6, "content-type", 12,
                                                   "charset=iso-8859-5", 18),
                     SV_ENC_KOI8_R);
    assert_int_equal(sv_encoding_from_meta_element(NULL, 0, "Content-Type", 12,
                                                   "text/html; charset=x-user-defined", 33),
                     SV_ENC_WINDOWS_1252);
    assert_int_equal(sv_encoding_from_meta_element(NULL, 0, "refresh", 7, "charset=koi8-r", 14),
                     SV_ENC_UNKNOWN);
    assert_int_equal(sv_encoding_from_meta_element(NULL, 0, NULL, 0, "charset=koi8-r", 14),
                     SV_ENC_UNKNOWN);
    assert_int_equal(sv_encoding_from_meta_element(NULL, 0, NULL, 0, NULL, 0), SV_ENC_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_label_table),
        cmocka_unit_test(test_can_decode),
        cmocka_unit_test(test_single_byte_tables),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_prescan_meta),
        cmocka_unit_test(test_prescan_pragma),
        cmocka_unit_test(test_prescan_fixups),
        cmocka_unit_test(test_prescan_comments),
        cmocka_unit_test(test_prescan_attributes),
        cmocka_unit_test(test_prescan_xml),
        cmocka_unit_test(test_prescan_window),
        cmocka_unit_test(test_prescan_truncated),
        cmocka_unit_test(test_prescan_linear),
        cmocka_unit_test(test_meta_content),
        cmocka_unit_test(test_meta_element),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
