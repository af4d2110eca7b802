/*
 * salvage.h — the public interface of salvage.
 *
 * salvage parses what web scrapers bring back: broken HTML and article text full of markup
 * debris and mixed-script noise. Any byte string is accepted. The result is a document
 * holding an HTML tree (for HTML input), an article model (blocks), the noise that was
 * removed, and diagnostics with byte offsets into the original input.
 *
 * Threads: there is no global mutable state. Separate documents and parsers may be used from
 * separate threads at the same time; one document or parser must not be used from two threads
 * at once. A finished document is read-only and may be read from several threads
 * (salvage_write_tree then calls the document's allocator from each of them, so a custom
 * allocator must be thread-safe for that).
 *
 * Memory: every document owns one arena. Everything reachable from a document (nodes,
 * strings, blocks, diagnostics) lives until salvage_doc_free(). The caller's input buffer is
 * never referenced after salvage_parse() returns. All memory comes from the allocator in
 * salvage_options (the C library's by default); an allocation failure makes the call return
 * SALVAGE_ENOMEM and frees everything it allocated. The library never aborts.
 *
 * Strings returned by the library are UTF-8 and NUL-terminated, and never contain U+0000: the
 * HTML parser replaces or drops it as the standard says, and scraped text removes it as a
 * "control" repair. Some also come with their length, for convenience.
 *
 * NULL: every function accepting a document, parser or node pointer accepts NULL and returns
 * the "empty" answer (0, NULL, SALVAGE_INVALID_ARG), never crashing. The writers return
 * SALVAGE_INVALID_ARG for a NULL write function, salvage_parse and salvage_parser_finish for
 * a NULL out, and salvage_parse and salvage_parser_feed for NULL data with a non-zero len.
 */
#ifndef SALVAGE_H
#define SALVAGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Public symbols are exported from the shared library; everything else is hidden. */
#if defined(__GNUC__)
#  define SALVAGE_EXPORT __attribute__((visibility("default")))
#else
#  define SALVAGE_EXPORT
#endif

/* ------------------------------------------------------------------------------------------ */
/* Version                                                                                    */

#define SALVAGE_VERSION_MAJOR 0
#define SALVAGE_VERSION_MINOR 1
#define SALVAGE_VERSION_PATCH 0
#define SALVAGE_VERSION_STRING "0.1.0"
/* (major << 16) | (minor << 8) | patch */
#define SALVAGE_VERSION                                                                        \
    ((SALVAGE_VERSION_MAJOR << 16) | (SALVAGE_VERSION_MINOR << 8) | SALVAGE_VERSION_PATCH)

/* JSON schema version written as "salvage": N. Later versions only add fields. */
#define SALVAGE_JSON_SCHEMA 1

/* The library's version as "MAJOR.MINOR.PATCH" (may differ from the header's when linked
 * dynamically). */
SALVAGE_EXPORT const char *salvage_version(void);

/* ------------------------------------------------------------------------------------------ */
/* Status codes                                                                               */

typedef enum salvage_status {
    SALVAGE_OK = 0,
    SALVAGE_ENOMEM = 1,      /* an allocation failed; nothing was leaked */
    SALVAGE_LIMIT = 2,       /* a limit of salvage_options was reached (see diagnostics) */
    SALVAGE_INVALID_ARG = 3, /* a NULL or out-of-range argument, or bad options */
    SALVAGE_IO = 4,          /* a write callback reported failure */
    SALVAGE_STATE = 5        /* a call out of order (e.g. feed after finish) */
} salvage_status;

/* A constant English description of a status ("out of memory", ...). Never NULL. */
SALVAGE_EXPORT const char *salvage_status_string(salvage_status status);

/* ------------------------------------------------------------------------------------------ */
/* Options                                                                                    */

/* A caller-supplied allocator. Each function receives ctx. realloc_fn and free_fn are also
 * told the size the block had (0 for a NULL pointer). The library never calls a function
 * with a NULL pointer except realloc_fn(ctx, NULL, 0, n), which must act as malloc. All three
 * functions are used or none: when any of them is NULL, the C library's malloc, realloc and
 * free are used instead and ctx is ignored. */
typedef struct salvage_allocator {
    void *(*malloc_fn)(void *ctx, size_t size);
    void *(*realloc_fn)(void *ctx, void *ptr, size_t old_size, size_t new_size);
    void (*free_fn)(void *ctx, void *ptr, size_t size);
    void *ctx;
} salvage_allocator;

typedef enum salvage_input_kind {
    SALVAGE_INPUT_AUTO = 0, /* decide per document from its content (a diagnostic says why) */
    SALVAGE_INPUT_HTML = 1, /* WHATWG HTML parsing */
    SALVAGE_INPUT_TEXT = 2  /* scraped article text: debris recovery and noise detection */
} salvage_input_kind;

/* Flags (other bits are ignored) */
#define SALVAGE_FLAG_NO_NFC (1u << 0)    /* do not NFC-normalise the article text */
#define SALVAGE_FLAG_SCRIPTING (1u << 1) /* HTML: the scripting flag is set (noscript is raw) */
#define SALVAGE_FLAG_NO_ARTICLE (1u << 2) /* HTML: build the tree only, no blocks */

/*
 * Limits. Each stops one kind of attack; each has a safe non-zero default; 0 is not a valid
 * value (salvage_parse returns SALVAGE_INVALID_ARG).
 *
 *   max_input_bytes   a document larger than this is rejected (SALVAGE_LIMIT, no document):
 *                     bounds everything else. Default 256 MiB.
 *   max_depth         HTML tree depth (of the tree, not only of the open elements: an
 *                     element closed out of order stays an ancestor). An element that would
 *                     open deeper is placed beside the current node, at the limit, with a
 *                     diagnostic; no content is lost (the adoption agency, at the limit,
 *                     places its new element beside the furthest block). Stops stack and
 *                     scope-walk blowups. Default 512 (as browsers); values below 4 act as 4,
 *                     values above 65,534 as 65,534.
 *   max_nodes         nodes in the tree. Past it, further nodes are dropped with a diagnostic
 *                     and the status is SALVAGE_LIMIT; the document's html, head and body
 *                     elements and its doctype are still created, so a tree may hold up to
 *                     4 nodes more. Stops node amplification (<table><td>×N, formatting
 *                     clones). Default 4,000,000.
 *   max_node_ratio    nodes per byte of (decoded) input read so far, counted from a free
 *                     allowance of 16,384 bytes: a node is created only while the tree holds
 *                     fewer than max_node_ratio × (16,384 + offset of the current token)
 *                     nodes; past it, as for max_nodes. Stops the quadratic amplification of
 *                     formatting-element reconstruction, which the standard leaves unbounded
 *                     (a 33 KB input can ask for 4,000,000 clones), so the tree stays linear in
 *                     the input. Real pages use well under 1 node per byte. Default 4.
 *   max_attributes    attributes per element; extra ones are dropped with a diagnostic and
 *                     SALVAGE_LIMIT. Stops attribute floods. Default 512; values above
 *                     65,535 act as 65,535.
 *   max_attr_length   bytes of an attribute name or value, and of a tag name; longer ones are
 *                     truncated with a diagnostic and SALVAGE_LIMIT. Default 1 MiB; values
 *                     above 4,294,967,294 act as 4,294,967,294 (32-bit lengths).
 *   max_text_length   HTML: bytes of one text node, comment or doctype identifier; longer
 *                     ones are truncated with a diagnostic and SALVAGE_LIMIT. Default 64 MiB.
 *                     (Scraped text is bounded by max_input_bytes alone.)
 *   max_diagnostics   diagnostics kept; later ones are counted, not stored (not a LIMIT
 *                     status; salvage_doc_diagnostics_dropped says how many). Default 1,000.
 *   max_combining     combining marks kept after one base character in the article text
 *                     (blocks, list items, table cells); longer runs are cut to it with a
 *                     diagnostic ("limit-combining", one per text that lost marks) and
 *                     SALVAGE_LIMIT. The HTML tree keeps its text as parsed. Default 30
 *                     (UAX #15's stream-safe bound; also keeps NFC linear).
 *                     Independently, the noise stage of scraped text trims a Zalgo stack
 *                     deeper than 5 marks (than max_combining, when that is lower) to 2 (to
 *                     max_combining, when lower) and reports it as "zalgo" noise.
 *   max_memory        bytes the document may obtain from the allocator for everything it
 *                     holds (decoded text, tree, article, diagnostics; salvage_doc_memory
 *                     reports the figure). A parse that would need more stops before
 *                     asking for it and returns SALVAGE_LIMIT with no document, as for
 *                     max_input_bytes. The other limits keep memory linear in the input;
 *                     this one caps it per document whatever the input. Default 1 GiB.
 */
typedef struct salvage_options {
    size_t struct_size; /* sizeof(salvage_options), set by salvage_options_init */
    size_t max_input_bytes;
    size_t max_depth;
    size_t max_nodes;
    size_t max_node_ratio;
    size_t max_attributes;
    size_t max_attr_length;
    size_t max_text_length;
    size_t max_diagnostics;
    size_t max_combining;
    size_t max_memory;
    unsigned int flags;          /* SALVAGE_FLAG_* */
    salvage_input_kind input_kind;
    const char *encoding;        /* transport-layer encoding label ("utf-8", "windows-1251",
                                    ...), or NULL to sniff */
    const char *fragment_context; /* HTML fragment parsing: the context element's tag name
                                     ("body", "td", "svg path", "math mi"), or NULL (or "")
                                     to parse a whole document. With input_kind AUTO, a
                                     context makes the input HTML */
    salvage_allocator allocator; /* all-NULL functions mean the C library's */
} salvage_options;

/* Fills opts with the defaults. Always call it before changing fields. */
SALVAGE_EXPORT void salvage_options_init(salvage_options *opts);

/* ------------------------------------------------------------------------------------------ */
/* Documents                                                                                  */

typedef struct salvage_doc salvage_doc;

/*
 * Parses len bytes at data (data may be NULL when len is 0) with opts (NULL for defaults).
 * On SALVAGE_OK, *out is a document. On SALVAGE_LIMIT, *out is a complete document of what
 * fitted in the limits (diagnostics say which limit), or NULL when the input itself was
 * rejected (max_input_bytes) or the document needed more than max_memory. On any other
 * status *out is NULL.
 */
SALVAGE_EXPORT salvage_status salvage_parse(const void *data, size_t len,
                                            const salvage_options *opts, salvage_doc **out);

/* Frees a document and everything it owns. NULL is fine. */
SALVAGE_EXPORT void salvage_doc_free(salvage_doc *doc);

/* The status the parse ended with (SALVAGE_OK or SALVAGE_LIMIT); SALVAGE_INVALID_ARG for
 * NULL. */
SALVAGE_EXPORT salvage_status salvage_doc_status(const salvage_doc *doc);

/* Input facts. */
SALVAGE_EXPORT size_t salvage_doc_input_bytes(const salvage_doc *doc);
/* Bytes of the document's arena, where everything it holds lives: what max_memory bounds. */
SALVAGE_EXPORT size_t salvage_doc_memory(const salvage_doc *doc);
/* How the input was read: SALVAGE_INPUT_HTML or SALVAGE_INPUT_TEXT, also when the options
 * said SALVAGE_INPUT_AUTO (an "input-kind" diagnostic says why). */
SALVAGE_EXPORT salvage_input_kind salvage_doc_input_kind(const salvage_doc *doc);
/* The WHATWG name of the encoding used ("UTF-8", "windows-1252", ...). */
SALVAGE_EXPORT const char *salvage_doc_encoding(const salvage_doc *doc);
/* Where it came from: "bom", "transport" (opts.encoding), "meta" (the meta prescan, HTML
 * only), "content" (the first 64 KiB look like UTF-8: at least one multi-byte sequence, and
 * at most one malformed sequence for every four well-formed ones), "default" (windows-1252
 * for HTML, UTF-8 for text). An unknown opts.encoding label is ignored with an
 * "unknown-encoding-label" warning. Every encoding of the Encoding Standard is decoded,
 * the multi-byte ones (Big5, EUC-JP, EUC-KR, GBK, gb18030, ISO-2022-JP, Shift_JIS) included;
 * "replacement" (the labels iso-2022-kr, iso-2022-cn, hz-gb-2312, ...) decodes any input to
 * one U+FFFD, with a "replacement-encoding" error. When a <meta> declares an encoding other
 * than UTF-8 or replacement but the first 64 KiB are well-formed UTF-8 with at least one
 * multi-byte sequence (a page saved as UTF-8 that kept its old declaration), UTF-8 is used:
 * source "content", and a "declared-encoding-mismatch" warning. A transport label is never
 * overridden. */
SALVAGE_EXPORT const char *salvage_doc_encoding_source(const salvage_doc *doc);

/* ------------------------------------------------------------------------------------------ */
/* Diagnostics                                                                                */

typedef enum salvage_severity {
    SALVAGE_SEVERITY_INFO = 0,    /* a decision worth knowing (input kind, encoding) */
    SALVAGE_SEVERITY_WARNING = 1, /* something was repaired or removed, or placed otherwise
                                     than the standard says (depth-limit) */
    SALVAGE_SEVERITY_ERROR = 2    /* a parse error of the standard, or a limit that cut
                                     content ("limit-..." codes, status SALVAGE_LIMIT) */
} salvage_severity;

typedef struct salvage_diagnostic {
    const char *code;          /* stable identifier, e.g. "invalid-byte-sequence", the
                                  standard's parse error names ("eof-in-tag"), "limit-nodes" */
    salvage_severity severity;
    size_t offset;             /* byte offset in the original input */
    size_t line;               /* 1-based */
    size_t column;             /* 1-based, in code points */
    const char *message;       /* English, one line, at most 511 bytes (valid UTF-8: text
                                  from the input or options that does not fit is cut at a
                                  character, and bytes that are not UTF-8 become U+FFFD) */
} salvage_diagnostic;

/* "info", "warning", "error" */
SALVAGE_EXPORT const char *salvage_severity_string(salvage_severity severity);

SALVAGE_EXPORT size_t salvage_doc_diagnostic_count(const salvage_doc *doc);
/* The i-th diagnostic in input order of discovery, or NULL when i is out of range. */
SALVAGE_EXPORT const salvage_diagnostic *salvage_doc_diagnostic(const salvage_doc *doc,
                                                                size_t i);
/* Diagnostics that were counted but not kept because of max_diagnostics. */
SALVAGE_EXPORT size_t salvage_doc_diagnostics_dropped(const salvage_doc *doc);

/* ------------------------------------------------------------------------------------------ */
/* Article model                                                                              */

typedef enum salvage_block_type {
    SALVAGE_BLOCK_HEADING = 0,
    SALVAGE_BLOCK_PARAGRAPH = 1,
    SALVAGE_BLOCK_LIST = 2,
    SALVAGE_BLOCK_TABLE = 3,
    SALVAGE_BLOCK_QUOTE = 4,
    SALVAGE_BLOCK_PREFORMATTED = 5
} salvage_block_type;

typedef enum salvage_span_kind {
    SALVAGE_SPAN_EMPHASIS = 0, /* <em>, <i>, or a recovered "< strong >" marker pair */
    SALVAGE_SPAN_STRONG = 1,
    SALVAGE_SPAN_LINK = 2,
    SALVAGE_SPAN_CODE = 3
} salvage_span_kind;

/* An inline span: [start, end) are byte offsets into the text it belongs to. */
typedef struct salvage_span {
    salvage_span_kind kind;
    size_t start, end;
    const char *href; /* links only, else NULL */
} salvage_span;

/* Text with inline spans. */
typedef struct salvage_text {
    const char *text; /* NUL-terminated UTF-8 */
    size_t len;
    const salvage_span *spans;
    size_t span_count;
} salvage_text;

/* A table's grid has one cell per row and column: a cell with colspan or rowspan (HTML
 * "forming a table") fills every slot it covers. Its top-left slot is the cell itself; the
 * other slots are copies with the same content and header, and span_copy set, so a reader
 * can count each cell once (the clean text prints a copy as an empty cell). Rows and columns
 * in which no cell shows text of its own (spacer rows, icon columns, columns that only a
 * span reaches into) are left out of the grid; rows may still differ in length. */
typedef struct salvage_cell {
    salvage_text content;
    int header;    /* a header cell (th, or a recovered header row) */
    int span_copy; /* non-zero: a slot covered by the colspan/rowspan of an earlier cell;
                      JSON writes "span_copy":true on these cells only */
} salvage_cell;

typedef struct salvage_row {
    const salvage_cell *cells;
    size_t cell_count;
} salvage_row;

typedef struct salvage_item {
    salvage_text content;
    int level; /* nesting level of the list item, 0 for the list's shallowest items */
} salvage_item;

typedef struct salvage_block {
    salvage_block_type type;
    int level;               /* headings: 1..6 */
    int ordered;             /* lists */
    salvage_text content;    /* heading, paragraph, quote, preformatted */
    const salvage_item *items; /* lists */
    size_t item_count;
    const salvage_row *rows; /* tables */
    size_t row_count;
    size_t start, end;       /* byte offsets into the original input, end exclusive */
    size_t line;             /* 1-based line of start */
    /* Ordered lists: the number of the first top-level item (HTML <ol start>, or the first
     * number of scraped lines numbered "4.", "5.", ...), counting up by one; 1 unless the
     * list starts elsewhere, and 1 for unordered lists; 0 for blocks that are not lists.
     * <ol reversed> is not modelled: its items count up from start too. JSON writes
     * "list_start":N (the key "start" is the block's byte offset) only for an ordered list
     * that does not start at 1. */
    long list_start;
} salvage_block;

SALVAGE_EXPORT size_t salvage_doc_block_count(const salvage_doc *doc);
SALVAGE_EXPORT const salvage_block *salvage_doc_block(const salvage_doc *doc, size_t i);

/* Noise that was detected and kept out of the clean text. The noise stage runs on scraped
 * text only (input read as SALVAGE_INPUT_TEXT): for HTML input there is no noise and no
 * repair, and the article text keeps such characters as the page had them. */
typedef struct salvage_noise {
    const char *noise_class; /* stable: "script-salad", "zalgo", "mojibake", "bidi-control",
                                "zero-width", "control", "private-use", "unassigned",
                                "replacement-run", ... */
    size_t start, end;       /* byte offsets into the original input */
    size_t line;
    const char *text;        /* the removed text as decoded (UTF-8; at most its first 200
                                bytes, cut at a character boundary; U+0000 shown as U+FFFD) */
    size_t text_len;
} salvage_noise;

SALVAGE_EXPORT size_t salvage_doc_noise_count(const salvage_doc *doc);
SALVAGE_EXPORT const salvage_noise *salvage_doc_noise(const salvage_doc *doc, size_t i);

/* Character-level repairs, with the same record: invisible and bidirectional controls and
 * C0/C1 controls removed ("zero-width", "bidi-control", "control"), private-use and
 * unassigned code points removed, mojibake repaired ("mojibake"; text is the original).
 * Kept apart from noise, which is removed content: a repair leaves the line's words in. */
SALVAGE_EXPORT size_t salvage_doc_repair_count(const salvage_doc *doc);
SALVAGE_EXPORT const salvage_noise *salvage_doc_repair(const salvage_doc *doc, size_t i);

/* ------------------------------------------------------------------------------------------ */
/* HTML tree (HTML input only; salvage_doc_root returns NULL for text input)                  */

typedef struct salvage_node salvage_node;

typedef enum salvage_node_type {
    SALVAGE_NODE_DOCUMENT = 0,
    SALVAGE_NODE_DOCTYPE = 1,
    SALVAGE_NODE_ELEMENT = 2,
    SALVAGE_NODE_TEXT = 3,
    SALVAGE_NODE_COMMENT = 4,
    SALVAGE_NODE_FRAGMENT = 5 /* the root of a fragment parse, and template contents */
} salvage_node_type;

typedef enum salvage_namespace {
    SALVAGE_NS_NONE = 0,
    SALVAGE_NS_HTML = 1,
    SALVAGE_NS_SVG = 2,
    SALVAGE_NS_MATHML = 3,
    SALVAGE_NS_XLINK = 4,
    SALVAGE_NS_XML = 5,
    SALVAGE_NS_XMLNS = 6
} salvage_namespace;

typedef enum salvage_quirks_mode {
    SALVAGE_NO_QUIRKS = 0,
    SALVAGE_LIMITED_QUIRKS = 1,
    SALVAGE_QUIRKS = 2
} salvage_quirks_mode;

/* 32 bytes on 64-bit targets: real pages have about one attribute per 60 bytes of input, so
 * attributes are a quarter of a page's tree. Lengths are 32-bit (max_attr_length acts as
 * at most 4,294,967,294). */
typedef struct salvage_attribute {
    const char *name;     /* local name, lower case for HTML */
    const char *value;
    uint32_t name_len;
    uint32_t value_len;
    salvage_namespace ns; /* SALVAGE_NS_NONE, or XLINK/XML/XMLNS for adjusted foreign attrs */
} salvage_attribute;

/* The prefix of an adjusted foreign attribute: "xlink", "xml" or "xmlns" (for xmlns:xlink);
 * NULL for every other attribute, the attribute xmlns itself included. */
SALVAGE_EXPORT const char *salvage_attribute_prefix(const salvage_attribute *attr);

SALVAGE_EXPORT const salvage_node *salvage_doc_root(const salvage_doc *doc);
SALVAGE_EXPORT salvage_quirks_mode salvage_doc_quirks_mode(const salvage_doc *doc);

SALVAGE_EXPORT salvage_node_type salvage_node_get_type(const salvage_node *node);
/* Element tag name (lower case for HTML; adjusted case for SVG), doctype name; else NULL. */
SALVAGE_EXPORT const char *salvage_node_name(const salvage_node *node);
SALVAGE_EXPORT salvage_namespace salvage_node_namespace(const salvage_node *node);
/* Text and comment data, doctype public id (NULL when the doctype has none, "" when it is
 * empty); else NULL. len may be NULL. */
SALVAGE_EXPORT const char *salvage_node_text(const salvage_node *node, size_t *len);
/* Doctype system id (NULL when the doctype has none, "" when it is empty); else NULL. */
SALVAGE_EXPORT const char *salvage_node_doctype_system(const salvage_node *node);
SALVAGE_EXPORT size_t salvage_node_attribute_count(const salvage_node *node);
SALVAGE_EXPORT const salvage_attribute *salvage_node_attribute(const salvage_node *node,
                                                               size_t i);
/* The value of the attribute with this (ASCII lower-case) name, or NULL. */
SALVAGE_EXPORT const char *salvage_node_get_attribute(const salvage_node *node,
                                                      const char *name);
SALVAGE_EXPORT const salvage_node *salvage_node_parent(const salvage_node *node);
SALVAGE_EXPORT const salvage_node *salvage_node_first_child(const salvage_node *node);
SALVAGE_EXPORT const salvage_node *salvage_node_last_child(const salvage_node *node);
SALVAGE_EXPORT const salvage_node *salvage_node_next_sibling(const salvage_node *node);
SALVAGE_EXPORT const salvage_node *salvage_node_prev_sibling(const salvage_node *node);
/* A template element's contents (a FRAGMENT node), else NULL. The contents node reports the
 * template element as its parent; the template has no children of its own. */
SALVAGE_EXPORT const salvage_node *salvage_node_template_contents(const salvage_node *node);
/* Byte offset in the original input of the token that created the node (0 for implied
 * nodes: those also report is_implied). */
SALVAGE_EXPORT size_t salvage_node_offset(const salvage_node *node);
SALVAGE_EXPORT int salvage_node_is_implied(const salvage_node *node);

/* Non-recursive pre/post-order walk of the subtree under root (root included).
 * Start with node = NULL. Each call returns the next node and sets *entering to 1 when
 * the node is entered, 0 when it is left (elements with children are left after them;
 * leaves are reported once, entering). Returns NULL at the end. A template element is a
 * leaf of the walk: walk its contents with salvage_node_template_contents as the root.
 * The walk reads *entering back as its state: pass the same variable to every call. Setting
 * it to 0 after a node was entered skips that node's children (and its leaving); with a NULL
 * entering only root is returned. */
SALVAGE_EXPORT const salvage_node *salvage_walk_next(const salvage_node *root,
                                                     const salvage_node *node,
                                                     int *entering);

/* ------------------------------------------------------------------------------------------ */
/* Streaming                                                                                  */

typedef struct salvage_parser salvage_parser;

/* A streaming parser: feeding the input in chunks of any size, split anywhere, gives the same
 * document as salvage_parse. opts is copied, with its encoding and fragment_context strings
 * (NULL for defaults); bad options give SALVAGE_INVALID_ARG, as for salvage_parse. */
SALVAGE_EXPORT salvage_status salvage_parser_new(const salvage_options *opts,
                                                 salvage_parser **out);
/* SALVAGE_OK, or the status that ended the parse, returned again by every later feed:
 * SALVAGE_LIMIT once the input passed max_input_bytes or the document would need more than
 * max_memory, SALVAGE_ENOMEM when an allocation failed. SALVAGE_STATE after finish. */
SALVAGE_EXPORT salvage_status salvage_parser_feed(salvage_parser *parser, const void *data,
                                                  size_t len);
/* Ends the input; on OK or LIMIT *out receives the document (NULL when the parse was stopped
 * by max_input_bytes or max_memory), owned by the caller from then on: free the parser and
 * the document independently, in any order. Only one finish gives a document: a second one
 * returns SALVAGE_STATE. */
SALVAGE_EXPORT salvage_status salvage_parser_finish(salvage_parser *parser,
                                                    salvage_doc **out);
SALVAGE_EXPORT void salvage_parser_free(salvage_parser *parser);

/* ------------------------------------------------------------------------------------------ */
/* Output                                                                                     */

/* Output is written through a callback; a non-zero return stops writing with SALVAGE_IO. */
typedef int (*salvage_write_fn)(void *ctx, const char *data, size_t len);

/* Canonical JSON (schema SALVAGE_JSON_SCHEMA): valid UTF-8, byte-for-byte deterministic,
 * ending with a newline. */
SALVAGE_EXPORT salvage_status salvage_write_json(const salvage_doc *doc, salvage_write_fn fn,
                                                 void *ctx);
/* Clean text: blocks separated by blank lines, list items as "- " (ordered lists numbered
 * "1. " from list_start; nested items indented two spaces a level), table rows as
 * tab-separated cells (a span_copy cell as an empty one, so a spanned cell's text appears
 * once while the columns stay aligned). */
SALVAGE_EXPORT salvage_status salvage_write_text(const salvage_doc *doc, salvage_write_fn fn,
                                                 void *ctx);
/* Diagnostics, one a line: "LINE:COLUMN: SEVERITY: CODE: MESSAGE", then, when
 * max_diagnostics dropped some, a last line "N more diagnostics not kept (max_diagnostics)". */
SALVAGE_EXPORT salvage_status salvage_write_diagnostics(const salvage_doc *doc,
                                                        salvage_write_fn fn, void *ctx);
/* HTML input: the standard's serialisation of the tree (SALVAGE_INVALID_ARG for text). */
SALVAGE_EXPORT salvage_status salvage_write_html(const salvage_doc *doc, salvage_write_fn fn,
                                                 void *ctx);
/* HTML input: the html5lib-tests tree-dump format ("| <html>" lines). Sorting attributes
 * needs memory from the document's allocator: SALVAGE_ENOMEM when that fails. Every line is
 * indented two spaces a level, so the output grows with nodes × depth (at most max_depth
 * levels): a few kilobytes of deeply nested input can print tens of megabytes. */
SALVAGE_EXPORT salvage_status salvage_write_tree(const salvage_doc *doc, salvage_write_fn fn,
                                                 void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* SALVAGE_H */
