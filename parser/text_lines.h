/*
 * text_lines.h — the line model shared by the scraped-text stages (text.c builds it and emits
 * paragraphs, headings and lists; text_table.c rebuilds tables from it).
 *
 * Each line of doc->text is cleaned by the noise stage, its markup debris is recognised, and
 * what is left is stored as a run of pieces: text pieces (byte ranges of the cleaned text)
 * and debris tokens (what element they named, and which side). Later stages never look at
 * doc->text again, only at the pieces.
 */
#ifndef SV_TEXT_LINES_H
#define SV_TEXT_LINES_H

#include "debris.h"
#include "internal.h"

enum {
    SV_L_BLANK = 1u << 0,     /* nothing but ASCII white space */
    SV_L_NBSP = 1u << 1,      /* only white space, some of it no-break spaces (a cell
                               * separator; text_table.c makes loose ones SV_L_BLANK) */
    SV_L_DEBRIS = 1u << 2,    /* only debris tokens and stray brackets */
    SV_L_NOISE = 1u << 3,     /* the whole line was noise */
    SV_L_TEXT = 1u << 4,      /* some text survives */
    SV_L_CELL = 1u << 5,      /* a td/th token */
    SV_L_ROW = 1u << 6,       /* a tr token */
    SV_L_TABLE = 1u << 7,     /* a table/tbody/thead/tfoot token */
    SV_L_FRAGMENT = 1u << 8,  /* an opening fragment or slug tail: a wreck of a row */
    SV_L_ITEM = 1u << 9,      /* a li/dt/dd token */
    SV_L_LISTEND = 1u << 10,  /* a closing ul/ol/dl token */
    SV_L_PARA = 1u << 11,     /* a p/blockquote token */
    SV_L_HEADING = 1u << 12,  /* an h1..h6 token (level in sv_tline.level) */
    SV_L_HEADER = 1u << 13,   /* a th token */
    SV_L_BULLET = 1u << 14,   /* starts with a bullet */
    SV_L_NUMBERED = 1u << 15, /* starts with an item number ("3." or "3)") */
    SV_L_TABLE_END = 1u << 16, /* a closing table/tbody/tfoot token */
    SV_L_SPACED = 1u << 17,    /* debris only, with no-break spaces: a separator line that
                                * closes a cell ("\u00A0 \u00A0 /th>"), the next cell after it */
    SV_L_PLAIN_ROW = 1u << 18, /* one cell of a row printed as plain lines inside a table */
    SV_L_JUNK = 1u << 19       /* blank but for undecodable bytes or invisible marks */
};

/* A piece of a line: text (kind SV_P_TEXT) or a debris token. */
enum { SV_P_TEXT = 0, SV_P_TOKEN = 1 };

typedef struct sv_tpiece {
    size_t off;   /* byte range [off, off + len) of sv_tdoc.clean */
    uint32_t len; /* longer text is stored as several pieces */
    uint8_t kind;
    uint8_t elem, role, level; /* tokens: sv_debris fields */
} sv_tpiece;

/* A growable array in chunks of 1 << bits items (sized from the text length): it grows
 * without copying, so no outgrown array is left behind in the arena (pieces and cells of
 * hostile text run to millions). */
typedef struct sv_tstore {
    sv_vec chunks; /* one pointer per chunk */
    size_t len, item_size;
    unsigned bits;
} sv_tstore;

/* text_len sizes the chunks: 64 items for short texts up to 16,384 for long ones. */
void sv_tstore_init(sv_tstore *st, sv_arena *arena, size_t item_size, size_t text_len);
/* Appends a zeroed item and returns it, or NULL on OOM. len may be lowered to drop items. */
void *sv_tstore_push(sv_tstore *st);

static inline void *sv_tstore_at(const sv_tstore *st, size_t i)
{
    char *const *chunk = st->chunks.data;
    return chunk[i >> st->bits] + (i & (((size_t)1 << st->bits) - 1)) * st->item_size;
}

typedef struct sv_tline {
    size_t dec_start, dec_end; /* the line in doc->text, without its '\n' */
    size_t p0, np;             /* pieces [p0, p0 + np) of sv_tdoc.pieces */
    unsigned flags;
    uint16_t bullet; /* bytes of the leading bullet in the first piece */
    uint8_t level;   /* heading level from an h1..h6 token */
    long table;      /* table that took this line, or -1 */
} sv_tline;

typedef struct sv_tdoc {
    salvage_doc *doc;
    sv_buf clean;                       /* cleaned text of every line, back to back */
    sv_vec lines;                       /* sv_tline */
    sv_tstore pieces;                   /* sv_tpiece */
    sv_vec tables;                      /* sv_ttable (text_table.c) */
    sv_tstore cells;                    /* sv_tcell (text_table.c) */
    sv_buf scratch;                     /* normalised strings for comparisons */
    sv_textb tb;                        /* builds every block, item and cell text in turn */
    size_t debris_tokens, debris_lines; /* removed, for the "debris" diagnostic */
    size_t first_debris;                /* decoded offset of the first line with debris */
    size_t charrefs;                    /* character references decoded in block texts */
    size_t first_charref;               /* the piece of the first of them */
    struct sv_tshape *shapes;           /* per line, measured on first use (text.c); NULL until
                                           the blocks are emitted */
} sv_tdoc;

/* Counts n steps of the text stages' loops in doc->text_work: a deterministic stand-in for
 * time, which tests check grows linearly with hostile input. */
#define SV_TWORK(td, n) ((void)((td)->doc->text_work += (size_t)(n)))

static inline sv_tline *sv_tline_at(const sv_tdoc *td, size_t i)
{
    return (sv_tline *)sv_vec_at(&td->lines, i);
}

static inline sv_tpiece *sv_tpiece_at(const sv_tdoc *td, size_t i)
{
    return (sv_tpiece *)sv_tstore_at(&td->pieces, i);
}

/* Appends the text pieces [p0, p1) of the document, collapsed to single spaces and trimmed,
 * to out (0, or -1 on OOM). Tokens count as a space. */
int sv_tdoc_norm(const sv_tdoc *td, size_t p0, size_t p1, sv_buf *out);

/* Bytes that may start white space or an invisible mark (text.c: is_space_at, invisible_at):
 * sv_tdoc_norm copies every other byte as it is. */
static inline bool sv_norm_stop(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0xC2 ||
           c == 0xE2 || c == 0xE3 || c == 0xEF || c == 0xD8;
}

/* Appends the text of pieces [p0, p1) to tb, skipping `skip` bytes of the first text piece
 * (a bullet), its character references decoded (counted in td->charrefs); "< strong >...
 * < strong />" and "< em >...< em />" pairs become emphasis spans, structural tokens a space. */
void sv_tdoc_append(sv_tdoc *td, size_t p0, size_t p1, sv_textb *tb, size_t skip);

/* td->tb emptied for the next text (its buffers kept). */
void sv_tdoc_text_reset(sv_tdoc *td);
/* Finishes td->tb into out (sv_textb_finish_copy). dec_off: where the text's block starts (for
 * a limit-combining diagnostic). */
void sv_tdoc_text_finish(sv_tdoc *td, salvage_text *out, size_t dec_off);

/* Finds the tables (marked-up copies, their flattened copies, groups of short lines) and
 * marks the lines they take. 0, or -1 on OOM. */
int sv_text_tables_find(sv_tdoc *td);

/* Emits table t as a block. 0, or -1 on OOM. */
int sv_text_table_emit(sv_tdoc *td, size_t t);

/* The first line of table t in reading order (where its block goes). */
size_t sv_text_table_anchor(const sv_tdoc *td, size_t t);

#endif /* SV_TEXT_LINES_H */
