/*
 * limits.c — fuzz target "limits": every limit of salvage_options set to tiny values, and an
 * allocator that fails on a chosen call (once, or from then on). Every call must answer
 * SALVAGE_OK, SALVAGE_LIMIT or SALVAGE_ENOMEM, a returned document must respect each limit
 * (checked by fz_check_doc), and when everything is freed no allocation may be live.
 *
 * The allocator also checks the library's side of the allocator contract: free_fn and
 * realloc_fn are told the size the block really has, and never get a foreign pointer.
 *
 * Input layout: [limit x8][flags][context][fail call x2][seed] then the document.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

/* ---- a counting, failing allocator ------------------------------------------------------ */

#define HDR 16 /* keeps the library's 16-byte alignment */
#define MAGIC 0x5a1Fa9e5u

typedef struct fz_alloc {
    size_t calls;     /* malloc and realloc calls so far */
    size_t fail_at;   /* the call that fails (1-based), 0 for none */
    int fail_sticky;  /* every call from fail_at on fails */
    size_t failures;  /* calls refused */
    size_t live;      /* blocks currently allocated */
    size_t bytes;     /* bytes currently allocated */
    size_t peak;      /* the most bytes allocated at once */
} fz_alloc;

typedef struct hdr {
    size_t size;
    unsigned magic;
} hdr;

static int refuse(fz_alloc *a)
{
    a->calls++;
    if (a->fail_at && (a->calls == a->fail_at || (a->fail_sticky && a->calls > a->fail_at))) {
        a->failures++;
        return 1;
    }
    return 0;
}

static void *block_new(size_t size)
{
    if (size > SIZE_MAX - HDR)
        return NULL;
    unsigned char *p = malloc(HDR + size);
    if (!p)
        return NULL;
    hdr h = {size, MAGIC};
    memcpy(p, &h, sizeof h);
    return p + HDR;
}

static unsigned char *block_check(void *ptr, size_t size)
{
    unsigned char *p = (unsigned char *)ptr - HDR;
    hdr h;
    memcpy(&h, p, sizeof h);
    FZ_CHECK(h.magic == MAGIC); /* a pointer this allocator handed out */
    FZ_CHECK(h.size == size);   /* the size the library says the block has */
    return p;
}

static void *fa_malloc(void *ctx, size_t size)
{
    fz_alloc *a = ctx;
    if (refuse(a))
        return NULL;
    void *p = block_new(size);
    if (p) {
        a->live++;
        a->bytes += size;
        if (a->bytes > a->peak)
            a->peak = a->bytes;
    }
    return p;
}

static void *fa_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size)
{
    fz_alloc *a = ctx;
    if (ptr == NULL) {
        FZ_CHECK(old_size == 0);
        return fa_malloc(ctx, new_size);
    }
    unsigned char *p = block_check(ptr, old_size);
    if (refuse(a) || new_size > SIZE_MAX - HDR)
        return NULL; /* ptr stays valid */
    unsigned char *q = realloc(p, HDR + new_size);
    if (!q)
        return NULL;
    hdr h = {new_size, MAGIC};
    memcpy(q, &h, sizeof h);
    a->bytes = a->bytes - old_size + new_size;
    if (a->bytes > a->peak)
        a->peak = a->bytes;
    return q + HDR;
}

static void fa_free(void *ctx, void *ptr, size_t size)
{
    fz_alloc *a = ctx;
    FZ_CHECK(ptr != NULL);
    unsigned char *p = block_check(ptr, size);
    hdr dead = {0, 0};
    memcpy(p, &dead, sizeof dead);
    FZ_CHECK(a->live > 0 && a->bytes >= size);
    a->live--;
    a->bytes -= size;
    free(p);
}

/* ---- the target ------------------------------------------------------------------------- */

static int status_ok(salvage_status st)
{
    return st == SALVAGE_OK || st == SALVAGE_LIMIT || st == SALVAGE_ENOMEM;
}

static void check_result(salvage_status st, salvage_doc *doc, size_t len,
                         const salvage_options *opts, const fz_alloc *a)
{
    FZ_CHECK(status_ok(st));
    if (st == SALVAGE_ENOMEM) {
        FZ_CHECK(doc == NULL && a->failures > 0);
        return;
    }
    if (len > opts->max_input_bytes) { /* rejected before any work */
        FZ_CHECK(st == SALVAGE_LIMIT && doc == NULL);
        return;
    }
    if (st == SALVAGE_LIMIT && doc == NULL) { /* max_memory refused the document */
        FZ_CHECK(opts->max_memory < ((size_t)1 << 30));
        return;
    }
    FZ_CHECK(doc != NULL);
    FZ_CHECK(salvage_doc_memory(doc) <= opts->max_memory);
    FZ_CHECK(salvage_doc_status(doc) == st);
    fz_check_doc(doc, len, opts);
    fz_write_all(doc, 1);
}

static void one_shot(const fz_bytes *in, const salvage_options *opts, const fz_alloc *a)
{
    salvage_doc *doc = NULL;
    salvage_status st = salvage_parse(in->data, in->len, opts, &doc);
    check_result(st, doc, in->len, opts, a);
    salvage_doc_free(doc);
}

/* After a call has failed, the parser may refuse further calls as out of order. */
static void streamed(const fz_bytes *in, const salvage_options *opts, const fz_alloc *a,
                     uint8_t seed)
{
    salvage_parser *p = NULL;
    salvage_status st = salvage_parser_new(opts, &p);
    FZ_CHECK(st == SALVAGE_OK || st == SALVAGE_ENOMEM);
    if (st != SALVAGE_OK) {
        FZ_CHECK(p == NULL);
        return;
    }
    fz_rng rng;
    fz_rng_seed(&rng, seed);
    size_t off = 0;
    int failed = 0;
    while (off < in->len) {
        size_t n = 1 + (size_t)(fz_rng_next(&rng) % 64);
        if (n > in->len - off)
            n = in->len - off;
        st = salvage_parser_feed(p, in->data + off, n);
        FZ_CHECK(status_ok(st) || (failed && st == SALVAGE_STATE));
        failed |= st != SALVAGE_OK;
        off += n;
    }
    salvage_doc *doc = NULL;
    st = salvage_parser_finish(p, &doc);
    FZ_CHECK(status_ok(st) || (failed && st == SALVAGE_STATE));
    if (st == SALVAGE_ENOMEM)
        FZ_CHECK(doc == NULL && a->failures > 0);
    else if (st == SALVAGE_STATE)
        FZ_CHECK(doc == NULL);
    else if (doc)
        fz_check_doc(doc, in->len, opts);
    else /* only a rejected input, or one over max_memory, gives no document */
        FZ_CHECK(st == SALVAGE_LIMIT && (in->len > opts->max_input_bytes ||
                                         opts->max_memory < ((size_t)1 << 30)));
    salvage_doc_free(doc);
    salvage_parser_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_bytes in = {data, size};
    salvage_options opts;
    salvage_options_init(&opts);
    opts.max_input_bytes = fz_pick_limit(fz_take_u8(&in), opts.max_input_bytes);
    opts.max_depth = fz_pick_limit(fz_take_u8(&in), opts.max_depth);
    opts.max_nodes = fz_pick_limit(fz_take_u8(&in), opts.max_nodes);
    opts.max_attributes = fz_pick_limit(fz_take_u8(&in), opts.max_attributes);
    opts.max_attr_length = fz_pick_limit(fz_take_u8(&in), opts.max_attr_length);
    opts.max_text_length = fz_pick_limit(fz_take_u8(&in), opts.max_text_length);
    opts.max_diagnostics = fz_pick_limit(fz_take_u8(&in), opts.max_diagnostics);
    opts.max_combining = fz_pick_limit(fz_take_u8(&in), opts.max_combining);
    uint8_t flags = fz_take_u8(&in);
    uint8_t context = fz_take_u8(&in);
    uint16_t fail_at = fz_take_u16(&in);
    uint8_t seed = fz_take_u8(&in);
    fz_apply_flags(&opts, flags, context, 0);
    if (flags & 32) /* a small node ratio: formatting storms meet it past 16 KiB */
        opts.max_node_ratio = 1 + (size_t)(seed % 3);
    if (flags & 128) /* a memory budget from 4 KiB up, which many inputs reach */
        opts.max_memory = 4096 + (size_t)seed * 1024;

    fz_alloc a;
    memset(&a, 0, sizeof a);
    a.fail_at = fail_at;
    a.fail_sticky = (flags & 32) != 0;
    opts.allocator.malloc_fn = fa_malloc;
    opts.allocator.realloc_fn = fa_realloc;
    opts.allocator.free_fn = fa_free;
    opts.allocator.ctx = &a;

    if (flags & 64)
        streamed(&in, &opts, &a, seed);
    else
        one_shot(&in, &opts, &a);
    FZ_CHECK(a.live == 0 && a.bytes == 0); /* everything allocated was given back */
    /* max_memory: the document's arena never asked for more; the document and parser
     * headers (a few hundred bytes) and salvage_write_tree's attribute order (a transient
     * array of at most max_attributes pointers) are outside it. */
    FZ_CHECK(a.peak <= opts.max_memory + 4096 + opts.max_attributes * sizeof(void *) ||
             opts.max_memory >= ((size_t)1 << 30));
    return 0;
}
