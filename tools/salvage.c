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
#include <stdbool.h>
#include <stddef.h>
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
    "  --fragment=CONTEXT    parse HTML as a fragment in CONTEXT (e.g. td, \"svg path\");\n"
    "                        the input is then HTML unless --input=text\n"
    "  --scripting           HTML: parse with the scripting flag set\n"
    "  --no-nfc              do not NFC-normalise output text\n"
    "  --max-input-bytes=N   reject larger input (default 268435456)\n"
    "  --max-depth=N         HTML tree depth (default 512)\n"
    "  --max-nodes=N         HTML tree nodes (default 4000000)\n"
    "  --max-node-ratio=N    HTML tree nodes per input byte read, after 16384 free bytes\n"
    "                        (default 4)\n"
    "  --max-attributes=N    attributes per element (default 512)\n"
    "  --max-attr-length=N   bytes of a tag/attribute name or value (default 1048576)\n"
    "  --max-text-length=N   bytes of an HTML text node, comment or doctype identifier\n"
    "                        (default 67108864)\n"
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

/* One command-line argument split at its first '=': "--max-depth=9" is the name
 * "--max-depth" with the value "9"; "--scripting" has no value. */
struct arg {
    const char *text;
    size_t name_len;
    const char *val;
};

static bool arg_is(const struct arg *a, const char *name)
{
    return a->name_len == strlen(name) && strncmp(a->text, name, a->name_len) == 0;
}

/* What the command line asked for. */
struct cli {
    salvage_options opts;
    const char *format;
    const char *path;
};

/* The steps of main return GO_ON to carry on, or else the exit status main returns at
 * once. */
enum { GO_ON = -1 };

static int set_format(struct cli *c, const char *val)
{
    if (strcmp(val, "text") && strcmp(val, "json") && strcmp(val, "diag") &&
        strcmp(val, "html") && strcmp(val, "tree")) {
        fprintf(stderr, "salvage: unknown format '%s' (text, json, diag, html, tree)\n", val);
        return EXIT_USAGE;
    }
    c->format = val;
    return GO_ON;
}

static int set_input_kind(struct cli *c, const char *val)
{
    if (!strcmp(val, "auto"))
        c->opts.input_kind = SALVAGE_INPUT_AUTO;
    else if (!strcmp(val, "html"))
        c->opts.input_kind = SALVAGE_INPUT_HTML;
    else if (!strcmp(val, "text"))
        c->opts.input_kind = SALVAGE_INPUT_TEXT;
    else {
        fprintf(stderr, "salvage: unknown input kind '%s' (auto, html, text)\n", val);
        return EXIT_USAGE;
    }
    return GO_ON;
}

/* One of the --max-* limits; any other long option is unknown. */
static int set_size_opt(struct cli *c, const struct arg *a)
{
    size_t k;
    for (k = 0; k < sizeof size_opts / sizeof size_opts[0]; k++)
        if (arg_is(a, size_opts[k].name))
            break;
    if (k == sizeof size_opts / sizeof size_opts[0] || !a->val) {
        fprintf(stderr, "salvage: unknown option '%s' (see --help)\n", a->text);
        return EXIT_USAGE;
    }
    size_t *field = (size_t *)(void *)((char *)&c->opts + size_opts[k].offset);
    return parse_size(size_opts[k].name, a->val, field) != 0 ? EXIT_USAGE : GO_ON;
}

/* The options that take a string: each needs one. */
static bool lacks_value(const struct arg *a)
{
    static const char *const named[] = {"--format", "--input", "--encoding", "--fragment"};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
        if (arg_is(a, named[k]))
            return !a->val || !*a->val;
    return false;
}

static int parse_arg(struct cli *c, const char *text)
{
    const char *eq = strchr(text, '=');
    struct arg a = {text, eq ? (size_t)(eq - text) : strlen(text), eq ? eq + 1 : NULL};
    if (lacks_value(&a)) {
        fprintf(stderr, "salvage: %.*s needs a value (%.*s=...; see --help)\n", (int)a.name_len,
                text, (int)a.name_len, text);
        return EXIT_USAGE;
    }
    if (arg_is(&a, "--help") || arg_is(&a, "-h")) {
        fputs(usage, stdout);
        return EXIT_OK;
    } else if (arg_is(&a, "--version")) {
        printf("salvage %s\n", salvage_version());
        return EXIT_OK;
    } else if (arg_is(&a, "--format")) {
        return set_format(c, a.val);
    } else if (arg_is(&a, "--input")) {
        return set_input_kind(c, a.val);
    } else if (arg_is(&a, "--encoding")) {
        c->opts.encoding = a.val;
    } else if (arg_is(&a, "--fragment")) {
        c->opts.fragment_context = a.val;
    } else if (arg_is(&a, "--scripting") && !a.val) {
        c->opts.flags |= SALVAGE_FLAG_SCRIPTING;
    } else if (arg_is(&a, "--no-nfc") && !a.val) {
        c->opts.flags |= SALVAGE_FLAG_NO_NFC;
    } else if (text[0] == '-' && text[1] == '-' && text[2]) {
        return set_size_opt(c, &a);
    } else if (text[0] == '-' && text[1]) {
        fprintf(stderr, "salvage: unknown option '%s' (see --help)\n", text);
        return EXIT_USAGE;
    } else if (!c->path) {
        c->path = text;
    } else {
        fprintf(stderr, "salvage: more than one input file ('%s', '%s')\n", c->path, text);
        return EXIT_USAGE;
    }
    return GO_ON;
}

/* Reads the input file (or standard input) into *data and *len. */
static int read_input(const struct cli *c, const char *name, char **data, size_t *len)
{
    FILE *f = c->path && strcmp(c->path, "-") ? fopen(c->path, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "salvage: %s: %s\n", name, strerror(errno));
        return EXIT_IO;
    }
    int too_big = 0;
    int r = read_all(f, c->opts.max_input_bytes, data, len, &too_big);
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
        free(*data);
        fprintf(stderr, "salvage: %s: input larger than --max-input-bytes=%zu\n", name,
                c->opts.max_input_bytes);
        return EXIT_LIMIT;
    }
    return GO_ON;
}

/* The exit status when salvage_parse returned no document at all. */
static int no_doc_status(const struct cli *c, const char *name, salvage_status st)
{
    if (st == SALVAGE_LIMIT) {
        /* The input was within --max-input-bytes (checked above): the memory budget. */
        fprintf(stderr, "salvage: %s: the document needs more than --max-memory=%zu bytes\n",
                name, c->opts.max_memory);
        return EXIT_LIMIT;
    }
    fprintf(stderr, "salvage: %s: %s\n", name, salvage_status_string(st));
    return st == SALVAGE_ENOMEM ? EXIT_NOMEM : EXIT_USAGE;
}

static salvage_status write_doc(const salvage_doc *doc, const char *format)
{
    if (!strcmp(format, "json"))
        return salvage_write_json(doc, write_stdout, NULL);
    if (!strcmp(format, "diag"))
        return salvage_write_diagnostics(doc, write_stdout, NULL);
    if (!strcmp(format, "html"))
        return salvage_write_html(doc, write_stdout, NULL);
    if (!strcmp(format, "tree"))
        return salvage_write_tree(doc, write_stdout, NULL);
    return salvage_write_text(doc, write_stdout, NULL);
}

/* Prints the parsed document in the asked format, then frees it; returns the exit status
 * given st, the status of the parse. */
static int print_doc(const struct cli *c, const char *name, salvage_doc *doc,
                     salvage_status st)
{
    salvage_status wst = write_doc(doc, c->format);
    salvage_doc_free(doc);
    if (fflush(stdout) != 0)
        wst = SALVAGE_IO;
    if (wst == SALVAGE_INVALID_ARG) {
        fprintf(stderr, "salvage: %s: --format=%s needs HTML input (try --input=html)\n", name,
                c->format);
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
    struct cli c = {.format = "text", .path = NULL};
    salvage_options_init(&c.opts);
    for (int i = 1; i < argc; i++) {
        int r = parse_arg(&c, argv[i]);
        if (r != GO_ON)
            return r;
    }
    const char *name = c.path && strcmp(c.path, "-") ? c.path : "<stdin>";
    char *data = NULL;
    size_t len = 0;
    int r = read_input(&c, name, &data, &len);
    if (r != GO_ON)
        return r;
    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(data, len, &c.opts, &doc);
    free(data);
    if (!doc)
        return no_doc_status(&c, name, st);
    return print_doc(&c, name, doc, st);
}
