/*
 * salvage — command-line front end: parse a file (or standard input) and print clean text,
 * canonical JSON, diagnostics, HTML or the tree dump. `salvage golden ...` runs the
 * golden-file suite.
 */
#include "salvage.h"

#ifdef SALVAGE_HAVE_GOLDEN
#include "golden.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_LIMIT = 1, EXIT_USAGE = 2, EXIT_IO = 3, EXIT_NOMEM = 4 };

static const char usage[] =
    "usage: salvage [options] [FILE|-]\n"
    "       salvage golden check|update DIR\n"
    "\n"
    "Parses broken HTML or scraped article text and prints what it was.\n"
    "\n"
    "  --format=FMT          text (default), json, diag, html, tree\n"
    "  --input=KIND          auto (default), html, text\n"
    "  --encoding=LABEL      the transport-layer encoding (e.g. windows-1251)\n"
    "  --fragment=CONTEXT    parse HTML as a fragment in CONTEXT (e.g. td, \"svg path\")\n"
    "  --scripting           HTML: parse with the scripting flag set\n"
    "  --no-nfc              do not NFC-normalise output text\n"
    "  --max-input-bytes=N   reject larger input (default 268435456)\n"
    "  --max-depth=N         HTML tree depth (default 512)\n"
    "  --max-nodes=N         HTML tree nodes (default 4000000)\n"
    "  --max-node-ratio=N    HTML tree nodes per input byte read, after 16384 free bytes\n"
    "                        (default 4)\n"
    "  --max-attributes=N    attributes per element (default 512)\n"
    "  --max-attr-length=N   bytes of a tag/attribute name or value (default 1048576)\n"
    "  --max-text-length=N   bytes of a text node or comment (default 67108864)\n"
    "  --max-diagnostics=N   diagnostics kept (default 1000)\n"
    "  --max-combining=N     combining marks kept on one character (default 30)\n"
    "  --max-memory=N        bytes of memory for the document (default 1073741824)\n"
    "  --version             print the version\n"
    "  --help                print this help\n"
    "\n"
    "Exit status: 0 ok; 1 a limit was reached (output is still printed when a partial\n"
    "document exists); 2 usage error; 3 input/output error; 4 out of memory.\n";

static int write_stdout(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

/* Reads all of f, at most limit bytes (one more byte is read to detect an overflow). */
static int read_all(FILE *f, size_t limit, char **out, size_t *out_len, int *too_big)
{
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    *too_big = 0;
    if (!buf)
        return -1;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return -1;
            }
            buf = nb;
            cap = ncap;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (len > limit) {
            *too_big = 1;
            break;
        }
        if (n == 0) {
            if (ferror(f)) {
                free(buf);
                return -2;
            }
            break;
        }
    }
    *out = buf;
    *out_len = len;
    return 0;
}

static int parse_size(const char *arg, const char *value, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (errno || end == value || *end || v == 0 || value[0] == '-' || v > SIZE_MAX) {
        fprintf(stderr, "salvage: %s needs a whole number greater than 0, not '%s'\n", arg,
                value);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

struct size_opt {
    const char *name;
    size_t offset;
};

static const struct size_opt size_opts[] = {
    {"--max-input-bytes", offsetof(salvage_options, max_input_bytes)},
    {"--max-depth", offsetof(salvage_options, max_depth)},
    {"--max-nodes", offsetof(salvage_options, max_nodes)},
    {"--max-node-ratio", offsetof(salvage_options, max_node_ratio)},
    {"--max-attributes", offsetof(salvage_options, max_attributes)},
    {"--max-attr-length", offsetof(salvage_options, max_attr_length)},
    {"--max-text-length", offsetof(salvage_options, max_text_length)},
    {"--max-diagnostics", offsetof(salvage_options, max_diagnostics)},
    {"--max-combining", offsetof(salvage_options, max_combining)},
    {"--max-memory", offsetof(salvage_options, max_memory)},
};

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "golden") == 0) {
#ifdef SALVAGE_HAVE_GOLDEN
        return salvage_golden_main(argc - 2, argv + 2);
#else
        fprintf(stderr, "salvage: this build has no golden-file runner\n");
        return EXIT_USAGE;
#endif
    }
    salvage_options opts;
    salvage_options_init(&opts);
    const char *format = "text", *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        size_t name_len = eq ? (size_t)(eq - a) : strlen(a);
        const char *val = eq ? eq + 1 : NULL;
#define IS(n) (name_len == strlen(n) && strncmp(a, n, name_len) == 0)
        if (IS("--help") || IS("-h")) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if (IS("--version")) {
            printf("salvage %s\n", salvage_version());
            return EXIT_OK;
        } else if (IS("--format") && val) {
            if (strcmp(val, "text") && strcmp(val, "json") && strcmp(val, "diag") &&
                strcmp(val, "html") && strcmp(val, "tree")) {
                fprintf(stderr, "salvage: unknown format '%s' (text, json, diag, html, tree)\n",
                        val);
                return EXIT_USAGE;
            }
            format = val;
        } else if (IS("--input") && val) {
            if (!strcmp(val, "auto"))
                opts.input_kind = SALVAGE_INPUT_AUTO;
            else if (!strcmp(val, "html"))
                opts.input_kind = SALVAGE_INPUT_HTML;
            else if (!strcmp(val, "text"))
                opts.input_kind = SALVAGE_INPUT_TEXT;
            else {
                fprintf(stderr, "salvage: unknown input kind '%s' (auto, html, text)\n", val);
                return EXIT_USAGE;
            }
        } else if (IS("--encoding") && val && *val) {
            opts.encoding = val;
        } else if (IS("--fragment") && val && *val) {
            opts.fragment_context = val;
        } else if (IS("--scripting") && !val) {
            opts.flags |= SALVAGE_FLAG_SCRIPTING;
        } else if (IS("--no-nfc") && !val) {
            opts.flags |= SALVAGE_FLAG_NO_NFC;
        } else if (a[0] == '-' && a[1] == '-' && a[2]) {
            size_t k;
            for (k = 0; k < sizeof size_opts / sizeof size_opts[0]; k++)
                if (IS(size_opts[k].name))
                    break;
            if (k == sizeof size_opts / sizeof size_opts[0] || !val) {
                fprintf(stderr, "salvage: unknown option '%s' (see --help)\n", a);
                return EXIT_USAGE;
            }
            if (parse_size(size_opts[k].name, val,
                           (size_t *)(void *)((char *)&opts + size_opts[k].offset)) != 0)
                return EXIT_USAGE;
        } else if (!path) {
            path = a;
        } else {
            fprintf(stderr, "salvage: more than one input file ('%s', '%s')\n", path, a);
            return EXIT_USAGE;
        }
#undef IS
    }
    const char *name = path && strcmp(path, "-") ? path : "<stdin>";
    FILE *f = path && strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "salvage: %s: %s\n", name, strerror(errno));
        return EXIT_IO;
    }
    char *data = NULL;
    size_t len = 0;
    int too_big = 0;
    int r = read_all(f, opts.max_input_bytes, &data, &len, &too_big);
    if (f != stdin)
        fclose(f);
    if (r == -1) {
        fprintf(stderr, "salvage: %s: out of memory reading the input\n", name);
        return EXIT_NOMEM;
    }
    if (r == -2) {
        fprintf(stderr, "salvage: %s: read error\n", name);
        return EXIT_IO;
    }
    if (too_big) {
        free(data);
        fprintf(stderr, "salvage: %s: input larger than --max-input-bytes=%zu\n", name,
                opts.max_input_bytes);
        return EXIT_LIMIT;
    }
    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(data, len, &opts, &doc);
    free(data);
    if (!doc && st == SALVAGE_LIMIT) {
        /* The input was within --max-input-bytes (checked above): the memory budget. */
        fprintf(stderr, "salvage: %s: the document needs more than --max-memory=%zu bytes\n",
                name, opts.max_memory);
        return EXIT_LIMIT;
    }
    if (!doc) {
        fprintf(stderr, "salvage: %s: %s\n", name, salvage_status_string(st));
        return st == SALVAGE_ENOMEM ? EXIT_NOMEM : st == SALVAGE_LIMIT ? EXIT_LIMIT : EXIT_USAGE;
    }
    salvage_status wst;
    if (!strcmp(format, "json"))
        wst = salvage_write_json(doc, write_stdout, NULL);
    else if (!strcmp(format, "diag"))
        wst = salvage_write_diagnostics(doc, write_stdout, NULL);
    else if (!strcmp(format, "html"))
        wst = salvage_write_html(doc, write_stdout, NULL);
    else if (!strcmp(format, "tree"))
        wst = salvage_write_tree(doc, write_stdout, NULL);
    else
        wst = salvage_write_text(doc, write_stdout, NULL);
    salvage_doc_free(doc);
    if (fflush(stdout) != 0)
        wst = SALVAGE_IO;
    if (wst == SALVAGE_INVALID_ARG) {
        fprintf(stderr, "salvage: %s: --format=%s needs HTML input (try --input=html)\n", name,
                format);
        return EXIT_USAGE;
    }
    if (wst != SALVAGE_OK) {
        fprintf(stderr, "salvage: writing output: %s\n", salvage_status_string(wst));
        return EXIT_IO;
    }
    if (st == SALVAGE_LIMIT) {
        fprintf(stderr, "salvage: %s: a limit was reached; the output is partial (see "
                        "--format=diag)\n", name);
        return EXIT_LIMIT;
    }
    return EXIT_OK;
}
