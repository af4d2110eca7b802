/*
 * arena.c — the allocator wrappers, the per-document arena, and the arena-backed growable
 * buffer and vector.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#  define _DEFAULT_SOURCE 1 /* madvise */
#endif
#include "internal.h"

#include <stdlib.h>
#if defined(__linux__)
#  include <sys/mman.h>
#endif

#ifdef SV_ARENA_CHECKED /* built with AddressSanitizer (internal.h) */
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#  define SV_POISON(p, n) __asan_poison_memory_region((p), (n))
#  define SV_UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#  define SV_POISON(p, n) ((void)(p), (void)(n))
#  define SV_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* ---- allocator ---------------------------------------------------------------------------- */

static void *libc_malloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void *libc_realloc(void *ctx, void *p, size_t old_size, size_t new_size)
{
    (void)ctx;
    (void)old_size;
    return realloc(p, new_size);
}

static void libc_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)size;
    free(p);
}

void sv_allocator_resolve(salvage_allocator *a)
{
    /* A partial allocator is replaced whole: mixing libc free with a custom malloc would be
     * undefined. */
    if (!a->malloc_fn || !a->realloc_fn || !a->free_fn) {
        a->malloc_fn = libc_malloc;
        a->realloc_fn = libc_realloc;
        a->free_fn = libc_free;
        a->ctx = NULL;
    }
}

void *sv_mem_alloc(const salvage_allocator *a, size_t size)
{
    return a->malloc_fn(a->ctx, size ? size : 1);
}

void *sv_mem_realloc(const salvage_allocator *a, void *p, size_t old_size, size_t new_size)
{
    return a->realloc_fn(a->ctx, p, old_size, new_size ? new_size : 1);
}

void sv_mem_free(const salvage_allocator *a, void *p, size_t size)
{
    if (p)
        a->free_fn(a->ctx, p, size);
}

/* ---- arena -------------------------------------------------------------------------------- */

#define SV_ALIGN 16u
#define SV_MIN_CHUNK 4096u
#define SV_MAX_GROWTH_CHUNK (64u * 1024u * 1024u)
#define SV_OWN_CHUNK_MIN (64u * 1024u) /* blocks from here on may grow by realloc */

struct sv_arena_chunk {
    sv_arena_chunk *prev;
    size_t size; /* usable bytes after the header */
    /* data follows, SV_ALIGN-aligned; the free part of the current chunk is
     * arena->next..limit */
};

#define SV_CHUNK_HDR ((sizeof(sv_arena_chunk) + SV_ALIGN - 1) & ~(size_t)(SV_ALIGN - 1))

static inline char *chunk_data(sv_arena_chunk *c) { return (char *)c + SV_CHUNK_HDR; }

void sv_arena_init(sv_arena *arena, const salvage_allocator *alloc, size_t size_hint)
{
    arena->alloc = alloc;
    arena->head = NULL;
    arena->total = 0;
    arena->next = arena->limit = arena->last = NULL;
    arena->budget = SIZE_MAX;
    arena->over_budget = false;
    size_t first = size_hint < SV_MIN_CHUNK ? SV_MIN_CHUNK : size_hint;
    if (first > SV_MAX_GROWTH_CHUNK)
        first = SV_MAX_GROWTH_CHUNK;
    arena->next_size = first;
}

/* Large chunks from the default allocator (malloc maps them) are worth transparent huge
 * pages: a big document's tree is written once, front to back, and page faults on fresh
 * 4 KiB pages were a large share of its parse time. Advice only; a caller's own allocator
 * keeps its memory policy. */
static void advise_huge(const sv_arena *arena, void *chunk, size_t bytes)
{
#if defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (arena->alloc->malloc_fn != libc_malloc || bytes < ((size_t)4 << 20))
        return;
    uintptr_t b = ((uintptr_t)chunk + huge - 1) & ~(huge - 1);
    uintptr_t e = ((uintptr_t)chunk + bytes) & ~(huge - 1);
    if (e > b)
        (void)madvise((void *)b, (size_t)(e - b), MADV_HUGEPAGE);
#else
    (void)arena;
    (void)chunk;
    (void)bytes;
#endif
}

static sv_arena_chunk *arena_new_chunk(sv_arena *arena, size_t need)
{
    size_t size = arena->next_size;
    if (size < need)
        size = need;
    if (size > SIZE_MAX - SV_CHUNK_HDR)
        return NULL;
    size_t room = arena->budget > arena->total ? arena->budget - arena->total : 0;
    if (SV_CHUNK_HDR + size > room) {
        /* The last chunk the budget allows: what is left of it, if that holds the block. */
        if (room < SV_CHUNK_HDR || room - SV_CHUNK_HDR < need) {
            arena->over_budget = true;
            return NULL;
        }
        size = room - SV_CHUNK_HDR;
    }
    sv_arena_chunk *c = sv_mem_alloc(arena->alloc, SV_CHUNK_HDR + size);
    if (!c)
        return NULL;
    advise_huge(arena, c, SV_CHUNK_HDR + size);
    c->prev = arena->head;
    c->size = size;
    SV_POISON(chunk_data(c), size);
    arena->head = c;
    arena->next = chunk_data(c);
    arena->limit = arena->next + size;
    arena->last = NULL;
    arena->total += SV_CHUNK_HDR + size;
    /* Chunks double up to a cap so that the number of chunks stays logarithmic. */
    if (arena->next_size < SV_MAX_GROWTH_CHUNK)
        arena->next_size *= 2;
    return c;
}

/* Takes size bytes at the first multiple of align (a power of two) in the current chunk,
 * or from a new chunk. Chunk data starts SV_ALIGN-aligned. */
static inline void *arena_take(sv_arena *arena, size_t size, size_t align)
{
    if (size == 0)
        size = 1; /* distinct pointers */
    uintptr_t at = ((uintptr_t)arena->next + (align - 1)) & ~(uintptr_t)(align - 1);
    if (!arena->head || at > (uintptr_t)arena->limit || (uintptr_t)arena->limit - at < size) {
        if (size > SIZE_MAX - SV_ALIGN)
            return NULL;
        sv_arena_chunk *c = arena_new_chunk(arena, size);
        if (!c)
            return NULL;
        at = (uintptr_t)chunk_data(c);
    }
    char *p = (char *)at;
    arena->last = p;
    arena->next = p + size;
    SV_UNPOISON(p, size);
    return p;
}

void *sv_arena_alloc_slow(sv_arena *arena, size_t size, size_t align)
{
    return arena_take(arena, size, align);
}

void *sv_arena_calloc(sv_arena *arena, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = sv_arena_alloc(arena, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

/* A large block that fills a chunk of its own (arena_new_chunk made the chunk for it) grows
 * with the allocator's realloc, which moves large blocks by remapping their pages: no copy is
 * made and none stays behind, so a text of megabytes grown piece by piece holds about its own
 * size instead of the sum of its outgrown copies. The budget is checked as if the block were
 * copied (old and new at once). NULL when p has no chunk of its own, or on failure or refusal
 * (p is then still valid). */
static void *grow_own_chunk(sv_arena *arena, void *p, size_t old_size, size_t new_size)
{
    if (old_size < SV_OWN_CHUNK_MIN)
        return NULL;
    sv_arena_chunk **ref = &arena->head; /* the pointer to p's chunk: head or a newer ->prev */
    while (*ref && chunk_data(*ref) != (char *)p)
        ref = &(*ref)->prev;
    sv_arena_chunk *c = *ref;
    if (!c || c->size - old_size >= SV_ALIGN || new_size > SIZE_MAX - SV_CHUNK_HDR)
        return NULL;
    if (SV_CHUNK_HDR + new_size > arena->budget - arena->total)
        return NULL; /* refused: so is the copy, which then sets over_budget */
    bool head = c == arena->head;
    sv_arena_chunk *n =
        sv_mem_realloc(arena->alloc, c, SV_CHUNK_HDR + c->size, SV_CHUNK_HDR + new_size);
    if (!n)
        return NULL;
    arena->total += new_size - n->size;
    n->size = new_size;
    *ref = n;
    char *q = chunk_data(n);
    if (head) { /* full: the next allocation takes a new chunk */
        arena->last = q;
        arena->next = arena->limit = q + new_size;
    }
    SV_UNPOISON(q, new_size);
    return q;
}

void *sv_arena_grow(sv_arena *arena, void *p, size_t old_size, size_t new_size)
{
    if (!p)
        return sv_arena_alloc(arena, new_size);
    if (new_size <= old_size)
        return p;
    if ((char *)p == arena->last && new_size <= (size_t)(arena->limit - arena->last)) {
        arena->next = arena->last + new_size;
        SV_UNPOISON(p, new_size);
        return p;
    }
    void *own = grow_own_chunk(arena, p, old_size, new_size);
    if (own)
        return own;
    void *q = sv_arena_alloc(arena, new_size);
    if (!q)
        return NULL;
    memcpy(q, p, old_size);
    return q;
}

/* Copies s[0..n) to d. Names and values are mostly a few bytes long: up to 32 they are
 * moved as two overlapping blocks (reading nothing outside s[0..n)), without a call. */
static inline void copy_short(char *d, const char *s, size_t n)
{
    if (n > 32) {
        memcpy(d, s, n);
    } else if (n >= 16) {
        char a[16], b[16];
        memcpy(a, s, 16);
        memcpy(b, s + n - 16, 16);
        memcpy(d, a, 16);
        memcpy(d + n - 16, b, 16);
    } else if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n) {
        d[0] = s[0];
        d[n / 2] = s[n / 2];
        d[n - 1] = s[n - 1];
    }
}

/* sv_arena_strndup when the current chunk has no room (and always under ASan, where the
 * block must also be unpoisoned). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *strndup_general(sv_arena *arena, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = arena_take(arena, n + 1, 1);
    if (!p)
        return NULL;
    copy_short(p, s, n);
    p[n] = 0;
    return p;
}

char *sv_arena_strndup(sv_arena *arena, const char *s, size_t n)
{
    /* Strings need no alignment: packed, names and values of a few bytes take no more. */
#ifndef SV_ARENA_CHECKED
    char *p = arena->next;
    if (p && n < (size_t)(arena->limit - p)) { /* the common case: room for n + 1 bytes */
        arena->last = p;
        arena->next = p + n + 1;
        copy_short(p, s, n);
        p[n] = 0;
        return p;
    }
#endif
    return strndup_general(arena, s, n);
}

void sv_arena_free_all(sv_arena *arena)
{
    sv_arena_chunk *c = arena->head;
    while (c) {
        sv_arena_chunk *prev = c->prev;
        size_t size = SV_CHUNK_HDR + c->size;
        SV_UNPOISON(c, size);
        sv_mem_free(arena->alloc, c, size);
        c = prev;
    }
    arena->head = NULL;
    arena->total = 0;
    arena->next = arena->limit = arena->last = NULL;
}

/* ---- buffer ------------------------------------------------------------------------------- */

void sv_buf_init(sv_buf *b, sv_arena *arena)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->arena = arena;
}

int sv_buf_reserve(sv_buf *b, size_t extra)
{
    /* +1 keeps room for the terminating NUL. */
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    /* At least doubling keeps appends amortised O(1); a reserve larger than that is taken
     * exactly, so a buffer sized ahead (the decoded text) wastes nothing. */
    size_t cap = b->cap ? (b->cap > SIZE_MAX / 2 ? need : b->cap * 2) : 64;
    if (cap < need)
        cap = need;
    char *p = sv_arena_grow(b->arena, b->data, b->cap, cap);
    if (!p)
        return -1;
    if (!b->data)
        p[0] = 0;
    b->data = p;
    b->cap = cap;
    return 0;
}

int sv_buf_append(sv_buf *b, const char *s, size_t n)
{
    if (sv_buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
    return 0;
}

int sv_buf_putc(sv_buf *b, char c)
{
    if (b->len + 1 < b->cap) {
        b->data[b->len++] = c;
        b->data[b->len] = 0;
        return 0;
    }
    return sv_buf_append(b, &c, 1);
}

int sv_buf_put_cp(sv_buf *b, uint32_t cp)
{
    char tmp[4];
    return sv_buf_append(b, tmp, sv_utf8_encode(cp, tmp));
}

/* ---- vector ------------------------------------------------------------------------------- */

void sv_vec_init(sv_vec *v, sv_arena *arena, size_t item_size)
{
    v->data = NULL;
    v->len = 0;
    v->cap = 0;
    v->item_size = item_size;
    v->arena = arena;
}

void *sv_vec_push(sv_vec *v)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        if (cap > SIZE_MAX / v->item_size)
            return NULL;
        void *p = sv_arena_grow(v->arena, v->data, v->cap * v->item_size, cap * v->item_size);
        if (!p)
            return NULL;
        v->data = p;
        v->cap = cap;
    }
    void *item = (char *)v->data + v->len * v->item_size;
    memset(item, 0, v->item_size);
    v->len++;
    return item;
}
