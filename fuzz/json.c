/*
 * json.c — fuzz target "json": whatever the input, salvage_write_json writes valid UTF-8
 * holding exactly one valid JSON object (RFC 8259, checked here by a small validator without
 * recursion), ends with a newline and is deterministic; the clean text (--format=text) holds
 * no byte that the JSON's decoded strings lack, apart from the separators the text format
 * adds, and each of its pieces (a line without its list marker, split at tabs) occurs in one
 * of the JSON's strings; and a write callback that refuses output stops every writer with
 * SALVAGE_IO.
 *
 * Input layout: [flags][context][fail point x2] then the document.
 */
#define _GNU_SOURCE /* memmem: linear search of text pieces in the JSON strings */

#include "harness.h"

#include <stdlib.h>
#include <string.h>

/* ---- a JSON validator ------------------------------------------------------------------- */

typedef struct jv {
    const unsigned char *s;
    size_t len, i;
    fz_sink strs; /* every decoded string value and key, each followed by a NUL */
} jv;

/* Decoded string content. */
static void keep(jv *j, const char *p, size_t n)
{
    fz_sink_write(&j->strs, p, n);
}

static void skip_ws(jv *j)
{
    while (j->i < j->len && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' ||
                             j->s[j->i] == '\r'))
        j->i++;
}

static int hex4(jv *j, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++, j->i++) {
        if (j->i >= j->len)
            return 0;
        unsigned char c = j->s[j->i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return 0;
        v = v * 16 + d;
    }
    *out = v;
    return 1;
}

static void see_cp(jv *j, unsigned cp)
{
    char buf[4];
    size_t n;
    if (cp < 0x80) {
        buf[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        buf[0] = (char)(0xF0 | (cp >> 18));
        buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    keep(j, buf, n);
}

/* \uXXXX, with surrogates only as a high-low pair (the text is valid UTF-8, so a lone
 * surrogate escape would mean the writer invented a character). */
static int string_escape_u(jv *j)
{
    unsigned cp, lo;
    if (!hex4(j, &cp))
        return 0;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return 0;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (j->i + 2 > j->len || j->s[j->i] != '\\' || j->s[j->i + 1] != 'u')
            return 0;
        j->i += 2;
        if (!hex4(j, &lo) || lo < 0xDC00 || lo > 0xDFFF)
            return 0;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    see_cp(j, cp);
    return 1;
}

static int string(jv *j)
{
    j->i++; /* the opening quote */
    while (j->i < j->len) {
        unsigned char c = j->s[j->i++];
        if (c == '"') {
            keep(j, "", 1);
            return 1;
        }
        if (c < 0x20)
            return 0; /* control characters must be escaped */
        if (c != '\\') {
            keep(j, (const char *)&j->s[j->i - 1], 1);
            continue;
        }
        if (j->i >= j->len)
            return 0;
        c = j->s[j->i++];
        switch (c) {
        case '"': case '\\': case '/': keep(j, (const char *)&c, 1); break;
        case 'b': keep(j, "\b", 1); break;
        case 'f': keep(j, "\f", 1); break;
        case 'n': keep(j, "\n", 1); break;
        case 'r': keep(j, "\r", 1); break;
        case 't': keep(j, "\t", 1); break;
        case 'u':
            if (!string_escape_u(j))
                return 0;
            break;
        default:
            return 0;
        }
    }
    return 0;
}

static int digits(jv *j)
{
    size_t start = j->i;
    while (j->i < j->len && j->s[j->i] >= '0' && j->s[j->i] <= '9')
        j->i++;
    return j->i > start;
}

static int number(jv *j)
{
    if (j->s[j->i] == '-')
        j->i++;
    if (j->i < j->len && j->s[j->i] == '0')
        j->i++;
    else if (!digits(j))
        return 0;
    if (j->i < j->len && j->s[j->i] == '.') {
        j->i++;
        if (!digits(j))
            return 0;
    }
    if (j->i < j->len && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        j->i++;
        if (j->i < j->len && (j->s[j->i] == '+' || j->s[j->i] == '-'))
            j->i++;
        if (!digits(j))
            return 0;
    }
    return 1;
}

static int literal(jv *j, const char *word)
{
    size_t n = strlen(word);
    if (j->len - j->i < n || memcmp(j->s + j->i, word, n) != 0)
        return 0;
    j->i += n;
    return 1;
}

/* A scalar value at j->i; 0 when malformed. */
static int scalar(jv *j)
{
    unsigned char c = j->s[j->i];
    if (c == '"')
        return string(j);
    if (c == '-' || (c >= '0' && c <= '9'))
        return number(j);
    return literal(j, "true") || literal(j, "false") || literal(j, "null");
}

/* Containers are tracked on an explicit stack of '{' and '[' so that depth costs memory, not
 * C stack. Returns 1 when s[0..len) is exactly one JSON value with surrounding white space. */
static int json_valid(jv *j)
{
    char *stack = NULL;
    size_t depth = 0, cap = 0;
    int ok = 0;
    for (;;) {
        /* expecting a value */
        skip_ws(j);
        if (j->i >= j->len)
            goto out;
        unsigned char c = j->s[j->i];
        if (c == '{' || c == '[') {
            if (depth == cap) {
                cap = cap ? cap * 2 : 64;
                char *p = realloc(stack, cap);
                FZ_CHECK(p != NULL);
                stack = p;
            }
            stack[depth++] = (char)c;
            j->i++;
            skip_ws(j);
            if (j->i < j->len && j->s[j->i] == (c == '{' ? '}' : ']')) {
                j->i++;
                depth--;
            } else if (c == '{') {
                goto key;
            } else {
                continue;
            }
        } else if (!scalar(j)) {
            goto out;
        }
        /* after a value: close containers, or a comma leads to the next value or key */
        for (;;) {
            skip_ws(j);
            if (depth == 0) {
                ok = j->i == j->len;
                goto out;
            }
            if (j->i >= j->len)
                goto out;
            c = j->s[j->i++];
            char top = stack[depth - 1];
            if ((top == '{' && c == '}') || (top == '[' && c == ']')) {
                depth--;
                continue;
            }
            if (c != ',')
                goto out;
            if (top == '[')
                break;
            skip_ws(j);
        key:
            if (j->i >= j->len || j->s[j->i] != '"' || !string(j))
                goto out;
            skip_ws(j);
            if (j->i >= j->len || j->s[j->i++] != ':')
                goto out;
            break;
        }
    }
out:
    free(stack);
    return ok;
}

/* ---- the target ------------------------------------------------------------------------- */

/* A writer stopped by its callback reports SALVAGE_IO and writes nothing after the refusal. */
static void check_refusal(salvage_status (*fn)(const salvage_doc *, salvage_write_fn, void *),
                          const salvage_doc *doc, size_t full_len, size_t fail_at)
{
    if (fail_at == 0 || fail_at > full_len)
        return;
    fz_sink s;
    memset(&s, 0, sizeof s);
    s.fail_at = fail_at;
    salvage_status st = fn(doc, fz_sink_write, &s);
    if (!s.oom)
        FZ_CHECK(st == SALVAGE_IO && s.failed);
    fz_sink_free(&s);
}

/* The text format's own separators: blank lines between blocks, tabs between cells. */
static int separator(unsigned char c)
{
    return c == '\n' || c == '\t' || c == ' ';
}

/* Bytes of the marker of a list item at the start of a line: indentation by level, then
 * "- " or, in an ordered list, "12. "; 0 when there is none (the line is no item). */
static size_t item_marker(const fz_sink *text, size_t i)
{
    size_t k = i, d;
    while (k < text->len && text->data[k] == ' ')
        k++;
    if (k + 1 < text->len && text->data[k] == '-' && text->data[k + 1] == ' ')
        return k + 2 - i;
    size_t digits = k < text->len && text->data[k] == '-' ? k + 1 : k; /* <ol start=-2> */
    for (d = digits; d < text->len && text->data[d] >= '0' && text->data[d] <= '9'; d++)
        ;
    if (d > digits && d + 1 < text->len && text->data[d] == '.' && text->data[d + 1] == ' ')
        return d + 2 - i;
    return k - i;
}

/* Pieces checked per input: each costs a search through all the JSON's strings. */
#define MAX_PIECES 512

static void check_text_output(const jv *j, const fz_sink *text)
{
    unsigned char seen[256] = {0};
    for (size_t i = 0; i < j->strs.len; i++)
        seen[(unsigned char)j->strs.data[i]] = 1;
    int line_start = 1;
    for (size_t i = 0; i < text->len; i++) {
        if (line_start)
            i += item_marker(text, i);
        if (i >= text->len)
            break;
        unsigned char c = (unsigned char)text->data[i];
        FZ_CHECK(separator(c) || seen[c]);
        line_start = c == '\n';
    }
    /* Pieces: each line without its item marker, split at tabs. */
    size_t i = 0, pieces = 0;
    while (i < text->len && pieces < MAX_PIECES) {
        i += item_marker(text, i);
        while (i < text->len && text->data[i] != '\n') {
            size_t end = i;
            while (end < text->len && text->data[end] != '\n' && text->data[end] != '\t')
                end++;
            if (end > i) {
                FZ_CHECK(memmem(j->strs.data, j->strs.len, text->data + i, end - i) != NULL);
                pieces++;
            }
            i = end < text->len && text->data[end] == '\t' ? end + 1 : end;
        }
        i++;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_bytes in = {data, size};
    salvage_options opts;
    salvage_options_init(&opts);
    uint8_t flags = fz_take_u8(&in);
    uint8_t context = fz_take_u8(&in);
    uint16_t fail = fz_take_u16(&in);
    fz_apply_flags(&opts, flags, context, 1);
    if (flags & 64) /* few diagnostics: the "dropped" count reaches the JSON */
        opts.max_diagnostics = fz_pick_limit(context, opts.max_diagnostics);

    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(in.data, in.len, &opts, &doc);
    FZ_CHECK(st == SALVAGE_OK || st == SALVAGE_LIMIT);
    FZ_CHECK(doc != NULL);

    fz_sink js, js2, text;
    memset(&js, 0, sizeof js);
    memset(&js2, 0, sizeof js2);
    memset(&text, 0, sizeof text);
    FZ_CHECK(salvage_write_json(doc, fz_sink_write, &js) == SALVAGE_OK || js.oom);
    FZ_CHECK(salvage_write_json(doc, fz_sink_write, &js2) == SALVAGE_OK || js2.oom);
    FZ_CHECK(salvage_write_text(doc, fz_sink_write, &text) == SALVAGE_OK || text.oom);
    if (!js.oom && !js2.oom && !text.oom) {
        FZ_CHECK(js.len == js2.len && memcmp(js.data, js2.data, js.len) == 0);
        FZ_CHECK(js.len > 0 && js.data[js.len - 1] == '\n');
        FZ_CHECK(fz_utf8_valid(js.data, js.len));
        FZ_CHECK(fz_utf8_valid(text.data ? text.data : "", text.len));
        jv j;
        memset(&j, 0, sizeof j);
        j.s = (const unsigned char *)js.data;
        j.len = js.len;
        FZ_CHECK(js.data[0] == '{');
        FZ_CHECK(json_valid(&j));
        if (!j.strs.oom)
            check_text_output(&j, &text);
        fz_sink_free(&j.strs);
        check_refusal(salvage_write_json, doc, js.len, fail);
        check_refusal(salvage_write_text, doc, text.len, fail);
    }
    fz_sink_free(&js);
    fz_sink_free(&js2);
    fz_sink_free(&text);

    /* NULL arguments get the empty answer. */
    FZ_CHECK(salvage_write_json(NULL, fz_sink_write, &js) == SALVAGE_INVALID_ARG);
    FZ_CHECK(salvage_write_json(doc, NULL, NULL) == SALVAGE_INVALID_ARG);
    salvage_doc_free(doc);
    return 0;
}
