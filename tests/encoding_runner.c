/*
 * encoding_runner.c — runs the html5lib-tests encoding cases (the .dat files of encoding/)
 * through the standard's encoding sniffing without a transport-layer hint: BOM sniffing, then
 * the meta prescan of the first 1,024 bytes, then the windows-1252 default. The expected
 * encoding name is compared ASCII case-insensitively with the standard's name of the result.
 *
 * usage: encoding_runner FILE.dat ... [--scripted FILE.dat ...]
 *   Files after --scripted need script execution (document.write); their cases are listed
 *   as skipped.
 *
 * A case whose declaration lies past the first 1,024 bytes is found by a browser's "change
 * the encoding" step (a <meta> seen during tree construction), not by sniffing. For those the
 * encoding salvage's HTML pipeline settles on (salvage_parse, which honours a meta charset
 * within its sniff window) must be the expected one.
 *
 * Prints "encoding: N passed, M failed, K skipped"; exits 1 when M > 0.
 */
#include "encoding.h"
#include "salvage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIFF_WINDOW 1024

typedef struct counts {
    int passed, failed, skipped;
} counts;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f)
        return NULL;
    for (;;) {
        size_t got;
        if (n + 4096 + 1 > cap) {
            char *nb;
            cap = cap ? cap * 2 : 65536;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got < 4096)
            break;
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

static int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
        int cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;
        if (ca != cb || ca == 0)
            return ca - cb;
    }
}

/* The sniffing result: BOM, prescan of the first 1,024 bytes, windows-1252. */
static sv_encoding sniff(const uint8_t *d, size_t len)
{
    size_t bom_len;
    sv_encoding enc = sv_encoding_sniff_bom(d, len, &bom_len);
    if (enc != SV_ENC_UNKNOWN)
        return enc;
    enc = sv_encoding_prescan(d, len < SNIFF_WINDOW ? len : SNIFF_WINDOW);
    return enc != SV_ENC_UNKNOWN ? enc : SV_ENC_WINDOWS_1252;
}

static void run_case(const char *file, int index, const uint8_t *d, size_t len,
                     const char *expected, int scripted, counts *c)
{
    sv_encoding got;
    const char *name;

    if (scripted) {
        printf("SKIP %s #%d: needs script execution (document.write)\n", file, index);
        c->skipped++;
        return;
    }
    got = sniff(d, len);
    name = sv_encoding_name(got);
    if (name && ascii_casecmp(name, expected) == 0) {
        c->passed++;
        return;
    }
    if (len > SNIFF_WINDOW && got == SV_ENC_WINDOWS_1252) {
        salvage_options o;
        salvage_options_init(&o);
        o.input_kind = SALVAGE_INPUT_HTML;
        o.flags |= SALVAGE_FLAG_NO_ARTICLE;
        salvage_doc *doc = NULL;
        salvage_parse(d, len, &o, &doc);
        const char *parsed = doc ? salvage_doc_encoding(doc) : NULL;
        int ok = parsed && ascii_casecmp(parsed, expected) == 0;
        if (!ok)
            name = parsed;
        salvage_doc_free(doc);
        if (ok) {
            c->passed++;
            return;
        }
    }
    printf("FAIL %s #%d: expected %s, got %s\n", file, index, expected, name ? name : "?");
    c->failed++;
}

/* Splits a .dat file into cases: "#data\n" DATA "\n#encoding\n" NAME "\n". */
static int run_file(const char *path, int scripted, counts *c)
{
    size_t len;
    char *buf = read_file(path, &len);
    char *p, *end;
    int index = 0;

    if (!buf) {
        fprintf(stderr, "cannot read %s\n", path);
        return -1;
    }
    end = buf + len;
    p = buf;
    while (p < end) {
        char *data, *enc_hdr, *name, *name_end, *next;
        if (strncmp(p, "#data\n", 6) != 0) {
            p = strchr(p, '\n');
            p = p ? p + 1 : end;
            continue;
        }
        data = p + 6;
        enc_hdr = strstr(data - 1, "\n#encoding\n");
        if (!enc_hdr)
            break;
        name = enc_hdr + 11;
        name_end = name + strcspn(name, "\n");
        next = *name_end ? name_end + 1 : name_end;
        *enc_hdr = 0;
        *name_end = 0;
        run_case(path, index, (const uint8_t *)data,
                 enc_hdr >= data ? (size_t)(enc_hdr - data) : 0, name, scripted, c);
        index++;
        p = next;
    }
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    counts c = {0, 0, 0};
    int scripted = 0, i, errors = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--scripted") == 0) {
            scripted = 1;
            continue;
        }
        if (run_file(argv[i], scripted, &c) != 0)
            errors++;
    }
    printf("encoding: %d passed, %d failed, %d skipped\n", c.passed, c.failed, c.skipped);
    return (c.failed > 0 || errors > 0 || c.passed == 0) ? 1 : 0;
}
