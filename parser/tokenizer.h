/*
 * tokenizer.h — the tokenization stage of the HTML Standard (13.2.5).
 *
 * Input is UTF-8 that has been through the input stream preprocessing of the input stage
 * (CRLF/CR -> LF). It may still hold U+0000 and, from test runners only, generalised UTF-8
 * for surrogate code points (ED A0 80 ...): the tokenizer reports surrogate, noncharacter and
 * control characters as the standard's input stream errors.
 *
 * The tokenizer is incremental: sv_tokenizer_feed may be called with chunks of any size split
 * anywhere (even inside a UTF-8 sequence); the token stream equals the one-shot stream. A
 * chunk need not outlive the call. Tokens are delivered synchronously to the callback and are
 * valid only during the call; the callback may change the tokenizer's state
 * (sv_tokenizer_set_state, set_last_start_tag, set_cdata_allowed), which takes effect from
 * the next character.
 *
 * Parse errors are recorded with sv_diag(doc, SALVAGE_SEVERITY_ERROR, code, offset, ...)
 * where code is the standard's error code ("eof-in-tag") and offset the decoded offset of the
 * character where the standard reports it (base_offset + bytes fed before it).
 *
 * Details a caller can rely on:
 *  - Character tokens carry runs of characters. A run ends before any other token and is
 *    otherwise handed over in pieces of about 64 KiB; the split points depend only on the
 *    characters, never on the chunking, and never fall inside a UTF-8 sequence. Adjacent
 *    character tokens may follow each other (e.g. "a" then "<b" in RCDATA); a consumer that
 *    wants text nodes joins them (and strips the LF after <pre> from the next run itself).
 *  - Every string in a token (names, attribute names and values, comment data, DOCTYPE
 *    identifiers) is also NUL-terminated. Character data is not (it often points into the
 *    fed chunk itself): its length is authoritative, and it may hold U+0000.
 *  - The tokenizer records the tag name of each start tag it emits as "the last start tag"
 *    itself (before calling back); sv_tokenizer_set_last_start_tag is for test runners and
 *    fragment parsing.
 *  - Before the callback for a tag, comment or DOCTYPE token, the tokenizer has already
 *    switched to the data state, so a state set in the callback wins.
 *  - Limits: attributes past max_attributes are dropped ("limit-attributes", once per tag);
 *    tag names, attribute names and values are cut at max_attr_length bytes
 *    ("limit-attr-length"); comments and DOCTYPE name/identifiers at max_text_length
 *    ("limit-text-length"). A cut never splits a UTF-8 sequence. Character runs are never
 *    cut here (they are handed over in pieces; text node limits belong to the tree).
 *  - Memory per tokenizer is bounded by the largest token (within the limits) plus about
 *    64 KiB of pending characters; no allocation per token once buffers have grown.
 */
#ifndef SV_TOKENIZER_H
#define SV_TOKENIZER_H

#include "internal.h"

typedef enum sv_tok_type {
    SV_TOK_DOCTYPE,
    SV_TOK_START_TAG,
    SV_TOK_END_TAG,
    SV_TOK_COMMENT,
    SV_TOK_CHARACTER, /* a run of characters (may contain U+0000 bytes) */
    SV_TOK_EOF
} sv_tok_type;

typedef struct sv_tok_attr {
    const char *name; /* ASCII-lowercased */
    size_t name_len;
    const char *value; /* character references resolved */
    size_t value_len;
    size_t offset; /* decoded offset of the attribute name */
} sv_tok_attr;

typedef struct sv_token {
    sv_tok_type type;
    size_t offset; /* decoded offset of the token's first character ('<' for tags) */
    size_t end;    /* decoded offset just past the token */

    /* START_TAG / END_TAG: tag name, ASCII-lowercased. DOCTYPE: name (if has_name). */
    const char *name;
    size_t name_len;
    /* START_TAG / END_TAG: the sv_tag of name (tags.h), SV_TAG_UNKNOWN for other names. A
     * token made by hand sets it too. */
    unsigned tag;

    /* CHARACTER: the characters; COMMENT: the comment data. */
    const char *data;
    size_t data_len;

    /* START_TAG (and END_TAG, where the standard allows them with an error). Duplicate
     * attributes have already been dropped (with "duplicate-attribute"). The names and values
     * lie in one block, "name NUL value NUL" for each attribute in order (the tree builder
     * copies, compares and shares attribute lists as such blocks). */
    sv_tok_attr *attrs;
    size_t attr_count;
    bool self_closing;

    /* DOCTYPE */
    bool has_name, has_public_id, has_system_id, force_quirks;
    const char *public_id;
    size_t public_id_len;
    const char *system_id;
    size_t system_id_len;
} sv_token;

/* Tokenizer states a caller may switch to (the tree builder, or a test runner). */
typedef enum sv_tok_state {
    SV_TS_DATA,
    SV_TS_RCDATA,
    SV_TS_RAWTEXT,
    SV_TS_SCRIPT_DATA,
    SV_TS_PLAINTEXT,
    SV_TS_CDATA_SECTION
} sv_tok_state;

typedef struct sv_tokenizer sv_tokenizer;

typedef void (*sv_token_fn)(void *ctx, sv_token *tok);

/* A tokenizer allocated in doc's arena, reporting tokens to fn(ctx, tok). Limits come from
 * doc->opts (max_attributes, max_attr_length, max_text_length): exceeding one truncates with
 * sv_limit. NULL on OOM. */
sv_tokenizer *sv_tokenizer_new(salvage_doc *doc, sv_token_fn fn, void *ctx);
void sv_tokenizer_set_state(sv_tokenizer *t, sv_tok_state state);
void sv_tokenizer_set_last_start_tag(sv_tokenizer *t, const char *name, size_t len);
/* "adjusted current node is an element not in the HTML namespace": <![CDATA[ opens a CDATA
 * section instead of a bogus comment. */
void sv_tokenizer_set_cdata_allowed(sv_tokenizer *t, bool allowed);
/* Feeds len bytes. Returns 0, or -1 on OOM (doc->oom set). */
int sv_tokenizer_feed(sv_tokenizer *t, const char *s, size_t len);
/* Ends the input: flushes pending input and emits SV_TOK_EOF. Returns 0 or -1. */
int sv_tokenizer_finish(sv_tokenizer *t);

#endif /* SV_TOKENIZER_H */
