/*
 * text_doc.h — what the scraped-text unit tests ask of a whole document: parse a string as
 * text, count and find its blocks, and collect its clean text. Include after <cmocka.h>,
 * <string.h> and salvage.h.
 */
#ifndef SALVAGE_TEST_TEXT_DOC_H
#define SALVAGE_TEST_TEXT_DOC_H

/* s parsed as scraped text with the default options; the parse must succeed. */
static inline salvage_doc *parse_text(const char *s)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    salvage_doc *d = NULL;
    assert_int_equal(salvage_parse(s, strlen(s), &o, &d), SALVAGE_OK);
    assert_non_null(d);
    return d;
}

static inline size_t count_type(const salvage_doc *d, salvage_block_type t)
{
    size_t n = 0;
    for (size_t i = 0; i < salvage_doc_block_count(d); i++)
        n += salvage_doc_block(d, i)->type == t;
    return n;
}

/* The first block of type t, or NULL. */
static inline const salvage_block *first_of(const salvage_doc *d, salvage_block_type t)
{
    for (size_t i = 0; i < salvage_doc_block_count(d); i++)
        if (salvage_doc_block(d, i)->type == t)
            return salvage_doc_block(d, i);
    return NULL;
}

/* The clean text of a document, written by salvage_write_text(d, sink_write, &sink). */
typedef struct text_sink {
    char buf[4096];
    size_t len;
} text_sink;

static inline int sink_write(void *ctx, const char *s, size_t n)
{
    text_sink *k = ctx;
    assert_true(k->len + n < sizeof k->buf);
    memcpy(k->buf + k->len, s, n);
    k->len += n;
    k->buf[k->len] = 0;
    return 0;
}

#endif
