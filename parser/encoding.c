/*
 * encoding.c — encoding labels (Encoding Standard, "Names and labels" and "get an encoding"),
 * BOM sniffing, and the HTML Standard's "prescan a byte stream to determine its encoding"
 * (13.2.3.2) with "get an attribute", "get an XML encoding", and "extracting a character
 * encoding from a meta element" (2.5.3).
 *
 * Nothing here allocates. Attribute names and values are slices of the input, compared ASCII
 * case-insensitively where the standard lower-cases them, so the prescan is linear in its
 * input and needs no buffer.
 */
#include "encoding.h"

#include <stdbool.h>
#include <string.h>

/* The longest label of the standard ("cseucpkdfmtjapanese") has 19 bytes; a longer string is
 * no label. */
#define SV_LABEL_MAX 32

static bool is_ascii_ws(uint8_t c)
{
    return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

static uint8_t ascii_lower(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 0x20) : c;
}

static bool is_ascii_alpha(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* s[0..n) equals the lower-case ASCII string lit, ASCII case-insensitively. */
static bool ieq(const uint8_t *s, size_t n, const char *lit)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (lit[i] == 0 || ascii_lower(s[i]) != (uint8_t)lit[i])
            return false;
    }
    return lit[n] == 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Labels                                                                                   */

sv_encoding sv_encoding_from_label(const char *label, size_t len)
{
    const uint8_t *s = (const uint8_t *)label;
    char buf[SV_LABEL_MAX + 1];
    size_t i, lo = 0, hi = sv_encoding_label_count;

    if (!label)
        return SV_ENC_UNKNOWN;
    /* "get an encoding": remove any leading and trailing ASCII whitespace. */
    while (len > 0 && is_ascii_ws(s[0])) {
        s++;
        len--;
    }
    while (len > 0 && is_ascii_ws(s[len - 1]))
        len--;
    if (len == 0 || len > SV_LABEL_MAX)
        return SV_ENC_UNKNOWN;
    for (i = 0; i < len; i++) {
        if (s[i] == 0)
            return SV_ENC_UNKNOWN; /* no label contains NUL; strcmp below must not stop */
        buf[i] = (char)ascii_lower(s[i]);
    }
    buf[len] = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(buf, sv_encoding_labels[mid].label);
        if (cmp == 0)
            return sv_encoding_labels[mid].enc;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return SV_ENC_UNKNOWN;
}

const char *sv_encoding_name(sv_encoding enc)
{
    if (enc < 0 || enc >= SV_ENC_COUNT)
        return NULL;
    return sv_encoding_table[enc].name;
}

const uint16_t *sv_encoding_single_byte_table(sv_encoding enc)
{
    if (enc < 0 || enc >= SV_ENC_COUNT)
        return NULL;
    return sv_encoding_table[enc].single_byte;
}

int sv_encoding_can_decode(sv_encoding enc) { return enc >= 0 && enc < SV_ENC_COUNT; }

/* ---------------------------------------------------------------------------------------- */
/* BOM sniffing (Encoding Standard, "BOM sniff")                                            */

sv_encoding sv_encoding_sniff_bom(const uint8_t *data, size_t len, size_t *bom_len)
{
    size_t dummy;
    if (!bom_len)
        bom_len = &dummy;
    *bom_len = 0;
    if (!data)
        return SV_ENC_UNKNOWN;
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        *bom_len = 3;
        return SV_ENC_UTF8;
    }
    if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
        *bom_len = 2;
        return SV_ENC_UTF16BE;
    }
    if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
        *bom_len = 2;
        return SV_ENC_UTF16LE;
    }
    return SV_ENC_UNKNOWN;
}

/* ---------------------------------------------------------------------------------------- */
/* Extracting a character encoding from a meta element (HTML 2.5.3)                         */

/* Position of the first ASCII case-insensitive "charset" in s[from..n), or n. */
static size_t find_charset_word(const uint8_t *s, size_t n, size_t from)
{
    size_t i;
    for (i = from; i + 7 <= n; i++) {
        if (ieq(s + i, 7, "charset"))
            return i;
    }
    return n;
}

sv_encoding sv_encoding_from_meta_content(const char *str, size_t n)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t pos = 0;

    if (!str)
        return SV_ENC_UNKNOWN;
    for (;;) {
        /* Loop: find "charset" after position; skip white space; expect "=". */
        size_t at = find_charset_word(s, n, pos);
        if (at == n)
            return SV_ENC_UNKNOWN;
        pos = at + 7;
        while (pos < n && is_ascii_ws(s[pos]))
            pos++;
        if (pos < n && s[pos] == '=')
            break;
        /* Not "=": continue the search just before that character. */
    }
    pos++;
    while (pos < n && is_ascii_ws(s[pos]))
        pos++;
    if (pos == n)
        return SV_ENC_UNKNOWN;
    if (s[pos] == '"' || s[pos] == '\'') {
        const uint8_t *close = memchr(s + pos + 1, s[pos], n - pos - 1);
        if (!close)
            return SV_ENC_UNKNOWN; /* an unmatched quote: nothing */
        return sv_encoding_from_label((const char *)(s + pos + 1),
                                      (size_t)(close - (s + pos + 1)));
    }
    {
        size_t end = pos;
        while (end < n && !is_ascii_ws(s[end]) && s[end] != ';')
            end++;
        return sv_encoding_from_label((const char *)(s + pos), end - pos);
    }
}

/* The fix-ups of the prescan and of "change the encoding". */
static sv_encoding declared_fixup(sv_encoding enc)
{
    if (enc == SV_ENC_UTF16LE || enc == SV_ENC_UTF16BE)
        return SV_ENC_UTF8;
    if (enc == SV_ENC_X_USER_DEFINED)
        return SV_ENC_WINDOWS_1252;
    return enc;
}

sv_encoding sv_encoding_from_meta_element(const char *charset, size_t charset_len,
                                          const char *http_equiv, size_t http_equiv_len,
                                          const char *content, size_t content_len)
{
    sv_encoding enc = SV_ENC_UNKNOWN;
    if (charset)
        enc = sv_encoding_from_label(charset, charset_len);
    else if (http_equiv && content &&
             ieq((const uint8_t *)http_equiv, http_equiv_len, "content-type"))
        enc = sv_encoding_from_meta_content(content, content_len);
    return enc == SV_ENC_UNKNOWN ? enc : declared_fixup(enc);
}

/* ---------------------------------------------------------------------------------------- */
/* The prescan (HTML 13.2.3.2)                                                              */

/* Scanner state. Running out of bytes anywhere ends the prescan ("abort"): every step checks
 * pos < len before reading and reports the abort through a false return. */
typedef struct prescan {
    const uint8_t *d;
    size_t len;
    size_t pos;
} prescan;

typedef struct attr {
    const uint8_t *name;
    size_t name_len;
    const uint8_t *value;
    size_t value_len;
} attr;

typedef enum { GOT_ATTR, NO_ATTR, OUT_OF_BYTES } attr_result;

/* "get an attribute", value part: steps "value" onwards. pos is past the "=". */
static attr_result get_attr_value(prescan *p, attr *a)
{
    uint8_t b;
    while (p->pos < p->len && is_ascii_ws(p->d[p->pos]))
        p->pos++;
    if (p->pos >= p->len)
        return OUT_OF_BYTES;
    b = p->d[p->pos];
    if (b == '"' || b == '\'') {
        /* Quote loop: the value runs to the matching quote. */
        const uint8_t *close = memchr(p->d + p->pos + 1, b, p->len - p->pos - 1);
        if (!close)
            return OUT_OF_BYTES;
        a->value = p->d + p->pos + 1;
        a->value_len = (size_t)(close - a->value);
        p->pos = (size_t)(close - p->d) + 1;
        return GOT_ATTR;
    }
    if (b == '>')
        return GOT_ATTR; /* empty value; position stays on ">" */
    /* Unquoted: this byte and those up to white space or ">". */
    a->value = p->d + p->pos;
    p->pos++;
    while (p->pos < p->len && !is_ascii_ws(p->d[p->pos]) && p->d[p->pos] != '>')
        p->pos++;
    if (p->pos >= p->len)
        return OUT_OF_BYTES;
    a->value_len = (size_t)(p->d + p->pos - a->value);
    return GOT_ATTR;
}

/* "get an attribute": NO_ATTR when the byte at position is ">" (position stays on it). */
static attr_result get_attr(prescan *p, attr *a)
{
    memset(a, 0, sizeof *a);
    while (p->pos < p->len && (is_ascii_ws(p->d[p->pos]) || p->d[p->pos] == '/'))
        p->pos++;
    if (p->pos >= p->len)
        return OUT_OF_BYTES;
    if (p->d[p->pos] == '>')
        return NO_ATTR;
    a->name = p->d + p->pos;
    for (;;) {
        uint8_t b = p->d[p->pos];
        /* "=" ends a non-empty name; an "=" at the very start belongs to the name. */
        if (b == '=' && p->pos > (size_t)(a->name - p->d)) {
            a->name_len = (size_t)(p->d + p->pos - a->name);
            p->pos++;
            return get_attr_value(p, a);
        }
        if (is_ascii_ws(b))
            break;
        if (b == '/' || b == '>') {
            a->name_len = (size_t)(p->d + p->pos - a->name);
            return GOT_ATTR;
        }
        if (++p->pos >= p->len)
            return OUT_OF_BYTES;
    }
    a->name_len = (size_t)(p->d + p->pos - a->name);
    /* Spaces: white space, then "=" introduces a value; anything else ends the attribute. */
    while (p->pos < p->len && is_ascii_ws(p->d[p->pos]))
        p->pos++;
    if (p->pos >= p->len)
        return OUT_OF_BYTES;
    if (p->d[p->pos] != '=')
        return GOT_ATTR;
    p->pos++;
    return get_attr_value(p, a);
}

/* The state of one <meta> element's attributes. */
typedef struct meta_state {
    bool seen_http_equiv, seen_content, seen_charset; /* the "attribute list" (see below) */
    bool got_pragma;
    int need_pragma;     /* -1 null, 0 false, 1 true */
    bool charset_set;    /* charset is not null */
    sv_encoding charset; /* SV_ENC_UNKNOWN for "failure" */
} meta_state;

/* One attribute of a <meta>. Only the names http-equiv, content and charset have effects, so
 * the duplicate check of the "attribute list" needs only those three. */
static void meta_attribute(meta_state *m, const attr *a)
{
    if (ieq(a->name, a->name_len, "http-equiv")) {
        if (m->seen_http_equiv)
            return;
        m->seen_http_equiv = true;
        if (ieq(a->value, a->value_len, "content-type"))
            m->got_pragma = true;
    } else if (ieq(a->name, a->name_len, "content")) {
        sv_encoding enc;
        if (m->seen_content)
            return;
        m->seen_content = true;
        enc = sv_encoding_from_meta_content((const char *)a->value, a->value_len);
        if (enc != SV_ENC_UNKNOWN && !m->charset_set) {
            m->charset = enc;
            m->charset_set = true;
            m->need_pragma = 1;
        }
    } else if (ieq(a->name, a->name_len, "charset")) {
        if (m->seen_charset)
            return;
        m->seen_charset = true;
        m->charset = sv_encoding_from_label((const char *)a->value, a->value_len);
        m->charset_set = true;
        m->need_pragma = 0;
    }
}

/* A <meta> followed by white space or "/": position is on that byte. Returns false when the
 * bytes ran out; else *out is the declared encoding or SV_ENC_UNKNOWN ("next byte"). */
static bool prescan_meta(prescan *p, sv_encoding *out)
{
    meta_state m;
    attr a;
    attr_result r;

    memset(&m, 0, sizeof m);
    m.need_pragma = -1;
    m.charset = SV_ENC_UNKNOWN;
    *out = SV_ENC_UNKNOWN;
    while ((r = get_attr(p, &a)) == GOT_ATTR)
        meta_attribute(&m, &a);
    if (r == OUT_OF_BYTES)
        return false;
    /* Processing. */
    if (m.need_pragma == -1 || (m.need_pragma == 1 && !m.got_pragma))
        return true;
    if (m.charset == SV_ENC_UNKNOWN)
        return true;
    *out = declared_fixup(m.charset);
    return true;
}

/* Position on the first ">" at or after from; false when there is none. */
static bool skip_to_gt(prescan *p, size_t from)
{
    const uint8_t *gt;
    if (from >= p->len)
        return false;
    gt = memchr(p->d + from, '>', p->len - from);
    if (!gt)
        return false;
    p->pos = (size_t)(gt - p->d);
    return true;
}

/* "<!--": position on the first ">" preceded by "--" (which may be those of "<!--"). */
static bool skip_comment(prescan *p)
{
    size_t i;
    for (i = p->pos + 4; i < p->len; i++) {
        if (p->d[i] == '>' && p->d[i - 1] == '-' && p->d[i - 2] == '-') {
            p->pos = i;
            return true;
        }
    }
    return false;
}

/* A start or end tag other than <meta>: skip its name, then its attributes. */
static bool skip_tag(prescan *p)
{
    attr a;
    attr_result r;
    while (p->pos < p->len && !is_ascii_ws(p->d[p->pos]) && p->d[p->pos] != '>')
        p->pos++;
    if (p->pos >= p->len)
        return false;
    while ((r = get_attr(p, &a)) == GOT_ATTR)
        ;
    return r == NO_ATTR;
}

/* "get an XML encoding": the encoding of an XML declaration at the very start. */
static sv_encoding xml_encoding(const uint8_t *d, size_t len)
{
    const uint8_t *gt;
    size_t end, i, start;
    uint8_t quote;
    sv_encoding enc;

    if (len < 5 || memcmp(d, "<?xml", 5) != 0)
        return SV_ENC_UNKNOWN;
    gt = memchr(d, '>', len);
    if (!gt)
        return SV_ENC_UNKNOWN;
    end = (size_t)(gt - d);
    for (i = 5; i + 8 <= end && memcmp(d + i, "encoding", 8) != 0; i++)
        ;
    if (i + 8 > end)
        return SV_ENC_UNKNOWN;
    i += 8;
    while (i < end && d[i] <= 0x20)
        i++;
    if (i >= end || d[i] != '=')
        return SV_ENC_UNKNOWN;
    i++;
    while (i < end && d[i] <= 0x20)
        i++;
    if (i >= end || (d[i] != '"' && d[i] != '\''))
        return SV_ENC_UNKNOWN;
    quote = d[i++];
    start = i;
    while (i < end && d[i] != quote) {
        if (d[i] <= 0x20)
            return SV_ENC_UNKNOWN;
        i++;
    }
    if (i >= end)
        return SV_ENC_UNKNOWN;
    enc = sv_encoding_from_label((const char *)(d + start), i - start);
    if (enc == SV_ENC_UTF16LE || enc == SV_ENC_UTF16BE)
        enc = SV_ENC_UTF8;
    return enc;
}

/* One step of the prescan's loop at p->pos. Returns false when the bytes ran out; *found is
 * set when a <meta> declared an encoding. Leaves position on the byte "next byte" skips. */
static bool prescan_step(prescan *p, sv_encoding *found)
{
    const uint8_t *d = p->d + p->pos;
    size_t left = p->len - p->pos;

    if (d[0] != '<')
        return true;
    if (left >= 4 && memcmp(d, "<!--", 4) == 0)
        return skip_comment(p);
    if (left >= 6 && ieq(d + 1, 4, "meta") && (is_ascii_ws(d[5]) || d[5] == '/')) {
        p->pos += 5;
        return prescan_meta(p, found);
    }
    if (left >= 2 && is_ascii_alpha(d[1])) {
        p->pos += 1;
        return skip_tag(p);
    }
    if (left >= 3 && d[1] == '/' && is_ascii_alpha(d[2])) {
        p->pos += 2;
        return skip_tag(p);
    }
    if (left >= 2 && (d[1] == '!' || d[1] == '/' || d[1] == '?'))
        return skip_to_gt(p, p->pos + 1);
    /* Any other byte, or a "<" too close to the end to start a sequence (the prescan then
     * runs out of bytes either way). */
    return true;
}

sv_encoding sv_encoding_prescan(const uint8_t *data, size_t len)
{
    prescan p;
    sv_encoding found = SV_ENC_UNKNOWN;

    if (!data || len == 0)
        return SV_ENC_UNKNOWN;
    /* UTF-16 XML declarations: "<?x" in UTF-16LE or UTF-16BE. */
    if (len >= 6 && memcmp(data, "<\0?\0x\0", 6) == 0)
        return SV_ENC_UTF16LE;
    if (len >= 6 && memcmp(data, "\0<\0?\0x", 6) == 0)
        return SV_ENC_UTF16BE;
    p.d = data;
    p.len = len;
    /* Loop / next byte. Every step leaves position at or after where it started, and the
     * loop then moves one byte on, so the prescan is linear. */
    for (p.pos = 0; p.pos < len; p.pos++) {
        if (!prescan_step(&p, &found))
            break;
        if (found != SV_ENC_UNKNOWN)
            return found;
    }
    return xml_encoding(data, len);
}
