/*
 * text_table.c — tables rebuilt from scraped text.
 *
 * Scrapers print a table in two ways, often both: flattened (one line per row, the cells
 * run together with spaces, so nothing says where a cell ends) and marked up (the cells with
 * their wrecked tags: "< td >A< td />", ">A<< /td>>", or one cell per line between lines of
 * no-break spaces, with "t d>–>" / "t r>–>" after a row). The marked-up copy says where
 * cells end; the flattened copy says where rows end. So:
 *
 *  1. a region of marked-up lines is found (lines with cell, row or table tokens, and the
 *     plain lines that are cells by position: next to a no-break-space line or a marker
 *     line); its cells are read in order;
 *  2. the flattened copy is the run of plain lines just before the region whose text is the
 *     region's cells run together: it is matched backwards from the last cell, one line per
 *     row (each cell compared once, so linear), and the matched lines are taken by the table
 *     (a table printed twice comes out once) and give the row breaks;
 *  3. when the copies disagree in order (one printed column by column), the lines above are
 *     split into the region's known cell texts instead (a hash of the cell texts, bounded
 *     work per line); the region's cells they repeat are dropped, and a region holding
 *     every remaining text exactly twice keeps its first copy;
 *  4. without a flattened copy, row tokens and lines holding several cells give the rows;
 *     plain lines right under a header line that ends its row are rows printed flat, one a
 *     line; groups of short lines between blank lines above or under a header row (one
 *     line per cell) are rows too, and a flattened copy above them is matched as in 2;
 *  5. a table with no marker at all may still be printed twice: a run of plain lines, then
 *     groups of short lines between blank lines whose lines joined are those lines in
 *     order (or the groups first and the run after them); a group of one line is a row of
 *     one cell (a caption heading both copies). It is found from the run's end, with every
 *     line compared a bounded number of times (see plan_groups).
 * A row that nothing splits into cells stays one cell. A region with fewer than two cells,
 * or whose cells are paragraphs and no flattened copy vouches for it, is not a table: a
 * paragraph that merely ends with "< td /> tr >" stays a paragraph.
 */
#include "text_lines.h"

typedef struct sv_tcell {
    size_t line;
    size_t p0, p1;             /* pieces of the cell text */
    size_t norm_off, norm_len; /* normalised text in td->scratch */
    bool header;
    bool row_break; /* a row ends after this cell */
    bool by_eol;    /* ended by the end of its line */
} sv_tcell;

typedef struct sv_ttable {
    size_t first_line, last_line; /* every line the table took lies in between */
    size_t c0, nc;                /* cells [c0, c0 + nc) */
} sv_ttable;

/* Lines between a region and its flattened copy that may be skipped (bracket and blank
 * lines), and the longest gap of such lines inside a region. */
#define MAX_GAP 64
/* Cells of a header row guessed without row evidence. */
#define MAX_HEADER_CELLS 12

static sv_tcell *cell_at(const sv_tdoc *td, size_t i)
{
    return sv_tstore_at(&td->cells, i);
}

static bool is_gap(const sv_tline *l)
{
    return !(l->flags & SV_L_TEXT) &&
           (l->flags & (SV_L_BLANK | SV_L_NBSP | SV_L_DEBRIS | SV_L_NOISE));
}

/* A gap line that is no noise line: what parts groups of short lines. */
static bool quiet_gap(const sv_tline *l)
{
    return is_gap(l) && !(l->flags & SV_L_NOISE);
}

/* ---- regions --------------------------------------------------------------------------------- */

static bool has_marks(const sv_tline *l)
{
    return (l->flags & (SV_L_CELL | SV_L_ROW | SV_L_TABLE)) != 0;
}

static bool line_flag(const sv_tdoc *td, size_t i, unsigned f)
{
    return i < td->lines.len && (sv_tline_at(td, i)->flags & f) != 0;
}

/* A line of white space with no-break spaces among it. */
static bool nbsp_only(const sv_tline *l)
{
    return (l->flags & SV_L_NBSP) && !(l->flags & SV_L_TEXT);
}

static bool nbsp_line(const sv_tdoc *td, size_t i)
{
    return i < td->lines.len && nbsp_only(sv_tline_at(td, i));
}

/* ---- lines of no-break spaces ---------------------------------------------------------------- */

/* A line with no text that is no blank line either: its bytes were undecodable (U+FFFD),
 * controls or invisible marks. Noise put it there, inside whatever it interrupts. (A section
 * break, "* * *", has printable ASCII: it separates, as a blank line does.) */
static bool blank_with_bytes(const sv_tdoc *td, const sv_tline *l)
{
    if (!(l->flags & SV_L_BLANK))
        return false;
    const unsigned char *s = (const unsigned char *)td->doc->text.data;
    bool other = false;
    for (size_t i = l->dec_start; i < l->dec_end; i++) {
        SV_TWORK(td, 1);
        if (s[i] > ' ' && s[i] < 0x7F)
            return false;
        other = other || (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' &&
                          s[i] != '\v');
    }
    return other;
}

/* A line of a run of cells printed one a line: plain text, no-break spaces, or noise. */
static bool cell_run_line(const sv_tline *l)
{
    return (l->flags & (SV_L_NOISE | SV_L_JUNK)) || nbsp_only(l) ||
           ((l->flags & SV_L_TEXT) && !has_marks(l));
}

/* Lines of no-break spaces part the cells of a row printed one cell a line ("Name", the
 * line, "Kind", the line, "Rank", then "t d>–>"; several in a row for empty cells, one
 * before an empty first cell), and such a run of lines ends at a line of cell, row or table
 * markup. Scrapers also leave these lines alone, between two paragraphs or beside blank
 * lines, where they part nothing: those runs end at a blank line, a bracket line, paragraph
 * debris or the end of the text. Every line of no-break spaces in a run that markup does not
 * close becomes a blank line, so that the paragraphs around it stay paragraphs. One pass:
 * each line is looked at twice at most, and the bytes of a blank line once (those holding
 * undecodable bytes or invisible marks are marked SV_L_JUNK on the way). */
static void blank_loose_nbsp(sv_tdoc *td)
{
    size_t n = td->lines.len, s = 0;
    while (s < n) {
        size_t e = s;
        for (; e < n; e++) {
            SV_TWORK(td, 1);
            sv_tline *l = sv_tline_at(td, e);
            if (blank_with_bytes(td, l))
                l->flags |= SV_L_JUNK;
            if (!cell_run_line(l))
                break;
        }
        if (e < n && has_marks(sv_tline_at(td, e))) {
            s = e + 1;
            continue;
        }
        for (size_t j = s; j < e; j++) {
            SV_TWORK(td, 1);
            sv_tline *l = sv_tline_at(td, j);
            if (nbsp_only(l))
                l->flags = (l->flags & ~(unsigned)SV_L_NBSP) | SV_L_BLANK;
        }
        s = e + 1;
    }
}

/* A line of header cells ending a row ("A< th /> B< th /> tr >"), not the wreck of one. */
static bool header_line(const sv_tline *l)
{
    return (l->flags & SV_L_HEADER) && !(l->flags & (SV_L_TABLE | SV_L_FRAGMENT));
}

/* The first cell of a row printed one cell a line whose separator after it was dropped:
 * right after a line of row or cell markup alone ("t r>–>"), and followed by a cell that
 * sits before a separator or markup ("Wellington", "South", the separator, "2", "t d>–>"). */
static bool row_start_cell(const sv_tdoc *td, size_t j)
{
    if (j == 0 || j + 2 >= td->lines.len)
        return false;
    const sv_tline *p = sv_tline_at(td, j - 1), *n = sv_tline_at(td, j + 1);
    if (!(p->flags & SV_L_DEBRIS) || !(p->flags & (SV_L_ROW | SV_L_CELL)) ||
        !(n->flags & SV_L_TEXT) || has_marks(n) ||
        (n->flags & (SV_L_PARA | SV_L_ITEM | SV_L_HEADING | SV_L_LISTEND)))
        return false;
    return nbsp_line(td, j + 2) || has_marks(sv_tline_at(td, j + 2));
}

/* Lines that noise put between two lines of a table: undecodable bytes, noise lines. */
#define MAX_JUNK_LINES 2

/* The line after line j (`down`) or before it, past up to MAX_JUNK_LINES lines that noise put
 * there; SIZE_MAX at either end of the text. */
static size_t beside(const sv_tdoc *td, size_t j, bool down)
{
    for (size_t k = 0; k <= MAX_JUNK_LINES; k++) {
        if (down ? j + 1 >= td->lines.len : j == 0)
            return SIZE_MAX;
        j = down ? j + 1 : j - 1;
        if (!(sv_tline_at(td, j)->flags & (SV_L_NOISE | SV_L_JUNK)))
            return j;
    }
    return SIZE_MAX;
}

/* A plain text line inside a region is a cell by position: beside a line of no-break spaces
 * (the separator between cells printed one a line), just before a marker line (past lines
 * that noise put between them), or just under a header line. */
static bool cell_by_position(const sv_tdoc *td, size_t j)
{
    const sv_tline *l = sv_tline_at(td, j);
    if (l->flags & (SV_L_PARA | SV_L_ITEM | SV_L_HEADING | SV_L_LISTEND))
        return false;
    size_t next = beside(td, j, true), prev = beside(td, j, false);
    if (nbsp_line(td, next) || (prev != SIZE_MAX && nbsp_line(td, prev)))
        return true;
    if (next != SIZE_MAX && has_marks(sv_tline_at(td, next)))
        return true;
    if (row_start_cell(td, j))
        return true;
    /* a row under a header line ("A< th /> B< th /> tr >"), or the next header cell after
     * a separator line that closes one ("\u00A0 \u00A0 /th>"); a line of header markup
     * alone ("th>–>") closes the cell above it and says nothing of the line under it */
    return j > 0 && header_line(sv_tline_at(td, j - 1)) &&
           (sv_tline_at(td, j - 1)->flags & (SV_L_TEXT | SV_L_SPACED));
}

/* A plain line that is a whole row printed flat under a header line: "A< th /> B< th /> tr >"
 * then "a1 b1", "a2 b2", ... each on a line of its own, with no blank line between. `above`
 * says that line j - 1 is the header line or such a row. A line that sits beside a line of
 * no-break spaces or before a marker line is one cell of a row printed a cell a line
 * instead. */
static bool flat_row(const sv_tdoc *td, size_t j, bool above)
{
    const sv_tline *l = sv_tline_at(td, j);
    if (!above || !(l->flags & SV_L_TEXT) || has_marks(l) ||
        (l->flags & (SV_L_PARA | SV_L_ITEM | SV_L_HEADING | SV_L_LISTEND | SV_L_FRAGMENT |
                     SV_L_BULLET)))
        return false;
    if (nbsp_line(td, j + 1) || (j > 0 && nbsp_line(td, j - 1)))
        return false;
    return !(j + 1 < td->lines.len && has_marks(sv_tline_at(td, j + 1)));
}

/* Whether flat_row's `above` holds for line j + 1, given line j and whether it was a row. */
static bool row_above(const sv_tdoc *td, size_t j, bool was_row)
{
    const sv_tline *l = sv_tline_at(td, j);
    return was_row || (header_line(l) && (l->flags & SV_L_TEXT) && (l->flags & SV_L_ROW));
}

static bool region_start(const sv_tdoc *td, size_t i)
{
    const sv_tline *l = sv_tline_at(td, i);
    if (l->table >= 0)
        return false;
    if (has_marks(l) && (l->flags & (SV_L_TEXT | SV_L_DEBRIS)))
        return true;
    if (!(l->flags & SV_L_TEXT))
        return false;
    /* "Name" over a line of no-break spaces and the next cell, or over a lone "/th>"; not
     * over an empty cell ("><< /td>>", whose cell tokens stay as its pieces): that closes
     * itself, and the line above is no cell of it */
    if (nbsp_line(td, i + 1) && line_flag(td, i + 2, SV_L_TEXT))
        return true;
    return i + 1 < td->lines.len && (sv_tline_at(td, i + 1)->flags & SV_L_DEBRIS) &&
           (sv_tline_at(td, i + 1)->flags & SV_L_CELL) && sv_tline_at(td, i + 1)->np == 0;
}

static size_t groups_after(const sv_tdoc *td, size_t j, size_t width, size_t *last);

/* Header cells closed on line j ("A< th /> B< th /> tr >": 2). */
static size_t header_cells(const sv_tdoc *td, size_t j)
{
    const sv_tline *l = sv_tline_at(td, j);
    size_t k = 0;
    for (size_t p = l->p0; p < l->p0 + l->np; p++) {
        SV_TWORK(td, 1);
        const sv_tpiece *pc = sv_tpiece_at(td, p);
        k += pc->kind == SV_P_TOKEN && pc->elem == SV_DE_HEADER_CELL && pc->role == SV_DR_CLOSE;
    }
    return k;
}

/* A header line whose rows follow as groups of short lines, one cell a line, the first group
 * right under it (take_groups_after wants two groups at least, which also tells them from
 * rows printed flat). */
static bool groups_under(const sv_tdoc *td, size_t a)
{
    size_t width, last;
    if (!row_above(td, a, false) || (width = header_cells(td, a)) < 2)
        return false;
    return a + 1 < td->lines.len && !is_gap(sv_tline_at(td, a + 1)) &&
           groups_after(td, a + 1, width, &last) >= 2;
}

static bool group_line(const sv_tdoc *td, size_t j);

/* Cells of a row printed as plain lines inside a table. */
#define MAX_PLAIN_ROW 16

/* A row printed as plain lines inside a table (one cell a line, then a blank line), starting
 * at line j: its number of lines, 2 to MAX_PLAIN_ROW, or 0. */
static size_t plain_row(const sv_tdoc *td, size_t j)
{
    size_t n = td->lines.len, k = 0;
    while (j + k < n && k <= MAX_PLAIN_ROW && group_line(td, j + k)) {
        SV_TWORK(td, 1);
        k++;
    }
    if (k < 2 || k > MAX_PLAIN_ROW || j + k >= n ||
        !(sv_tline_at(td, j + k)->flags & SV_L_BLANK))
        return 0;
    return k;
}

/* Rows printed as plain lines, each a group of short lines with a blank line after it, from
 * line j on, right after a row of the table's markup: the rows of a table whose rows are
 * printed in several forms. The table must go on after the last of them (a line of markup,
 * its closing markup too, past one to three blank lines): short lines after a table's last
 * row are a paragraph.
 * Marks their lines SV_L_PLAIN_ROW and returns the last one, or SIZE_MAX when there are
 * none. Each line is looked at once. */
static size_t plain_rows(sv_tdoc *td, size_t j)
{
    size_t n = td->lines.len, s = j, end;
    for (;;) {
        size_t k = plain_row(td, j), g = j + k, gaps = 0;
        if (k == 0)
            return SIZE_MAX;
        while (g < n && gaps <= 3 && quiet_gap(sv_tline_at(td, g)) &&
               !has_marks(sv_tline_at(td, g))) {
            SV_TWORK(td, 1);
            g++;
            gaps++;
        }
        if (g >= n || gaps > 3)
            return SIZE_MAX;
        if (has_marks(sv_tline_at(td, g))) {
            end = j + k - 1;
            break;
        }
        j = g;
    }
    for (size_t q = s; q <= end; q++)
        if (sv_tline_at(td, q)->flags & SV_L_TEXT)
            sv_tline_at(td, q)->flags |= SV_L_PLAIN_ROW;
    return end;
}

/* Words a sentence of prose has at least (sentence_line). */
#define SENTENCE_WORDS 8

/* Is line j's text a sentence: SENTENCE_WORDS words or more, the last ending in ".", "!",
 * "?", "…" or "。"? Paragraphs end so; the cells of a table's row seldom do. */
static bool sentence_line(const sv_tdoc *td, size_t j)
{
    const sv_tline *l = sv_tline_at(td, j);
    size_t words = 0;
    const char *last = NULL, *text = NULL;
    for (size_t k = l->p0; k < l->p0 + l->np; k++) {
        SV_TWORK(td, 1);
        const sv_tpiece *p = sv_tpiece_at(td, k);
        if (p->kind != SV_P_TEXT)
            continue;
        const char *t = td->clean.data + p->off, *end = t + p->len;
        for (bool in = false; t < end; t++) {
            bool space = *t == ' ' || *t == '\t';
            words += !space && !in;
            in = !space;
            if (!space) {
                last = t;
                text = td->clean.data + p->off;
            }
        }
    }
    if (words < SENTENCE_WORDS || !last)
        return false;
    if (*last == '.' || *last == '!' || *last == '?')
        return true;
    if (last - text < 2) /* "…" is E2 80 A6 and "。" E3 80 82: three bytes */
        return false;
    const unsigned char *u = (const unsigned char *)last - 2;
    return u[1] == 0x80 && ((u[0] == 0xE2 && u[2] == 0xA6) || (u[0] == 0xE3 && u[2] == 0x82));
}

/* The last line of the region starting at a. A closing table token ends the region; only
 * more closing debris and the wreck of the last row may follow it. */
static size_t region_end(sv_tdoc *td, size_t a)
{
    size_t last = a, n = td->lines.len;
    bool closed = (sv_tline_at(td, a)->flags & SV_L_TABLE_END) != 0;
    bool above = row_above(td, a, false); /* flat rows under a header line */
    if ((sv_tline_at(td, a)->flags & SV_L_FRAGMENT) || groups_under(td, a))
        return a;
    for (size_t j = a + 1; j < n && j - last <= MAX_GAP; j++) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, j);
        bool row = flat_row(td, j, above);
        above = row_above(td, j, row);
        if (!(l->flags & SV_L_TEXT)) {
            if (has_marks(l) && (!closed || (l->flags & (SV_L_TABLE | SV_L_ROW))))
                last = j;
            closed = closed || (l->flags & SV_L_TABLE_END);
            continue;
        }
        if (l->flags & SV_L_FRAGMENT)
            return j;
        if (closed)
            break;
        if (!has_marks(l) && !row && !cell_by_position(td, j)) {
            /* rows printed as plain lines follow a row of the table; a line of markup alone
             * that starts the region ("tr>>" left over above a table's flattened copy) ends
             * no row of it, nor does a sentence that ends with cell debris ("... of the
             * Aegean.< td /> tr >" over a caption and a table's flattened copy) */
            bool after_row = has_marks(sv_tline_at(td, j - 1)) &&
                             (j - 1 > a || ((sv_tline_at(td, a)->flags & SV_L_TEXT) &&
                                            !sentence_line(td, a)));
            size_t e = after_row ? plain_rows(td, j) : SIZE_MAX;
            if (e == SIZE_MAX)
                break;
            last = j = e;
            continue;
        }
        last = j;
        closed = (l->flags & SV_L_TABLE_END) != 0;
    }
    return last;
}

/* ---- cells ----------------------------------------------------------------------------------- */

typedef struct cell_reader {
    sv_tdoc *td;
    size_t line;
    size_t pend0, pend1; /* pending text pieces, pend0 == pend1 when none */
    bool open_seen;      /* an opening token since the last cell */
    size_t on_line;      /* cells emitted on this line */
} cell_reader;

static int emit_cell(cell_reader *r, bool header, bool by_eol)
{
    sv_tdoc *td = r->td;
    sv_tcell *c = sv_tstore_push(&td->cells);
    if (!c) {
        td->doc->oom = true;
        return -1;
    }
    c->line = r->line;
    c->p0 = r->pend0;
    c->p1 = r->pend1;
    c->header = header;
    c->by_eol = by_eol;
    c->norm_off = td->scratch.len;
    if (sv_tdoc_norm(td, r->pend0, r->pend1, &td->scratch) != 0) {
        td->doc->oom = true;
        return -1;
    }
    c->norm_len = td->scratch.len - c->norm_off;
    r->pend0 = r->pend1 = 0;
    r->open_seen = false;
    r->on_line++;
    return 0;
}

static void break_last(sv_tdoc *td, size_t c0)
{
    if (td->cells.len > c0)
        cell_at(td, td->cells.len - 1)->row_break = true;
}

/* A token inside a region: cell boundaries, row ends. Inline tokens (strong, em, span, ...)
 * leave the cell text alone. */
static int cell_token(cell_reader *r, const sv_tpiece *p, size_t c0)
{
    bool pending = r->pend1 > r->pend0;
    switch (p->elem) {
    case SV_DE_CELL:
    case SV_DE_HEADER_CELL:
    case SV_DE_PARA:
    case SV_DE_ITEM:
        if (p->role == SV_DR_OPEN) {
            if (pending && emit_cell(r, false, false) != 0)
                return -1;
            r->open_seen = true;
        } else if (pending || r->open_seen) {
            return emit_cell(r, p->elem == SV_DE_HEADER_CELL, false);
        } else if (p->elem == SV_DE_HEADER_CELL && r->on_line == 0 && r->td->cells.len > c0) {
            sv_tcell *last = cell_at(r->td, r->td->cells.len - 1);
            if (last->by_eol) /* "Name" then "/th>" on the next line */
                last->header = true;
        }
        return 0;
    case SV_DE_ROW:
    case SV_DE_TABLE:
        if (pending && emit_cell(r, false, false) != 0)
            return -1;
        break_last(r->td, c0);
        return 0;
    default:
        return 0;
    }
}

/* The text of a fragment line ("< td Text /tr /tr /slug-tr-/tbody-/table-") repeats the start
 * of the last cell: a wreck of the row just printed. */
static bool fragment_repeats(sv_tdoc *td, size_t c0, size_t p0, size_t p1)
{
    size_t mark = td->scratch.len;
    if (sv_tdoc_norm(td, p0, p1, &td->scratch) != 0) {
        td->doc->oom = true;
        return true;
    }
    size_t fl = td->scratch.len - mark;
    bool rep = fl == 0;
    for (size_t c = td->cells.len; c-- > c0 && !rep;) {
        SV_TWORK(td, 1);
        const sv_tcell *cl = cell_at(td, c);
        if (cl->norm_len == 0)
            continue;
        rep = fl <= cl->norm_len &&
              memcmp(td->scratch.data + cl->norm_off, td->scratch.data + mark, fl) == 0;
        break;
    }
    td->scratch.len = mark;
    td->scratch.data[mark] = 0;
    return rep;
}

static int read_line_cells(cell_reader *r, size_t c0)
{
    sv_tdoc *td = r->td;
    const sv_tline *l = sv_tline_at(td, r->line);
    size_t before = td->cells.len;
    r->pend0 = r->pend1 = 0;
    r->open_seen = false;
    r->on_line = 0;
    if ((l->flags & SV_L_FRAGMENT) && (l->flags & SV_L_TEXT) &&
        fragment_repeats(td, c0, l->p0, l->p0 + l->np))
        return 0;
    for (size_t k = l->p0; k < l->p0 + l->np; k++) {
        SV_TWORK(td, 1);
        const sv_tpiece *p = sv_tpiece_at(td, k);
        if (p->kind == SV_P_TEXT) {
            if (r->pend1 == r->pend0)
                r->pend0 = k;
            r->pend1 = k + 1;
        } else if (cell_token(r, p, c0) != 0) {
            return -1;
        }
    }
    if (r->pend1 > r->pend0 && emit_cell(r, false, true) != 0)
        return -1;
    /* a line of several cells, or a wrecked row, is a row of its own */
    if (td->cells.len - before >= 2 || ((l->flags & SV_L_FRAGMENT) && td->cells.len > before)) {
        if (before > c0)
            cell_at(td, before - 1)->row_break = true;
        break_last(td, c0);
    }
    return 0;
}

static int read_cells(sv_tdoc *td, size_t a, size_t b)
{
    cell_reader r = {td, 0, 0, 0, false, 0};
    size_t c0 = td->cells.len;
    bool above = false;
    for (size_t j = a; j <= b; j++) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, j);
        if (l->flags & SV_L_PLAIN_ROW) { /* a row of plain lines: a cell each */
            if (!(sv_tline_at(td, j - 1)->flags & SV_L_PLAIN_ROW))
                break_last(td, c0);
            r.line = j;
            if (read_line_cells(&r, c0) != 0)
                return -1;
            if (j == b || !(sv_tline_at(td, j + 1)->flags & SV_L_PLAIN_ROW))
                break_last(td, c0);
            above = false;
            continue;
        }
        bool row = j > a && flat_row(td, j, above);
        above = row_above(td, j, row);
        if (row) { /* a whole row printed flat: its words stay one cell */
            r.line = j;
            if (read_line_cells(&r, c0) != 0)
                return -1;
            break_last(td, c0);
            continue;
        }
        if (!(l->flags & SV_L_TEXT)) {
            if (l->flags & (SV_L_ROW | SV_L_TABLE))
                break_last(td, c0);
            if ((l->flags & SV_L_HEADER) && td->cells.len > c0 &&
                cell_at(td, td->cells.len - 1)->by_eol)
                cell_at(td, td->cells.len - 1)->header = true; /* "Name" then "/th>" */
            if ((l->flags & SV_L_CELL) && l->np) {             /* "><< /td>>": an empty cell */
                r.line = j;
                if (read_line_cells(&r, c0) != 0)
                    return -1;
            }
            continue;
        }
        r.line = j;
        if (read_line_cells(&r, c0) != 0)
            return -1;
    }
    return 0;
}

/* ---- the flattened copy ---------------------------------------------------------------------- */

/* Matches the normalised line L[0..ll) against the cells that end just before *k, backwards:
 * L must be exactly those cells' texts joined by single spaces (empty cells match nothing).
 * On success *k moves to the row's first cell. Each cell is compared once. */
static bool match_row(const sv_tdoc *td, const char *L, size_t ll, size_t c0, size_t *k)
{
    size_t j = *k, pos = ll;
    bool any = false;
    while (j > c0 && pos > 0) {
        SV_TWORK(td, 1);
        const sv_tcell *c = cell_at(td, j - 1);
        size_t n = c->norm_len;
        if (n == 0) {
            j--;
            continue;
        }
        if (n > pos || memcmp(L + pos - n, td->scratch.data + c->norm_off, n) != 0 ||
            (pos != n && L[pos - n - 1] != ' '))
            return false;
        pos -= n;
        j--;
        any = true;
        if (pos > 0)
            pos--; /* the space before this cell */
    }
    if (pos != 0 || !any)
        return false;
    *k = j;
    return true;
}

/* match_row for line j normalised: whether it is the cells that end just before *k. */
static bool line_matches_row(sv_tdoc *td, size_t j, size_t c0, size_t *k)
{
    const sv_tline *l = sv_tline_at(td, j);
    size_t mark = td->scratch.len;
    if (sv_tdoc_norm(td, l->p0, l->p0 + l->np, &td->scratch) != 0) {
        td->doc->oom = true;
        return false;
    }
    bool ok = match_row(td, td->scratch.data + mark, td->scratch.len - mark, c0, k);
    td->scratch.len = mark;
    td->scratch.data[mark] = 0;
    return ok;
}

/* Row breaks for the cells [k, end): one row. */
static void set_row(sv_tdoc *td, size_t k, size_t end)
{
    for (size_t c = k; c < end; c++)
        cell_at(td, c)->row_break = c + 1 == end;
}

/* Finds the flattened copy above the region starting at line a, whose cells are [c0, c1):
 * takes its lines for table t and sets the row breaks they show. Returns the first line
 * taken, or a when there is none. */
static size_t take_flattened(sv_tdoc *td, size_t a, size_t c0, size_t c1, long t)
{
    size_t k = c1, j = a, gap = 0, first = a;
    while (j > 0 && k > c0 && !td->doc->oom) {
        SV_TWORK(td, 1);
        sv_tline *l = sv_tline_at(td, --j);
        if (is_gap(l)) {
            if (++gap > MAX_GAP)
                break;
            continue;
        }
        gap = 0;
        if (!(l->flags & SV_L_TEXT) || has_marks(l) || l->table >= 0 ||
            (l->flags & (SV_L_FRAGMENT | SV_L_ITEM | SV_L_HEADING)))
            break;
        size_t kk = k;
        if (!line_matches_row(td, j, c0, &kk))
            break;
        set_row(td, kk, k);
        l->table = t;
        first = j;
        k = kk;
    }
    if (first == a)
        return a;
    bool only_empty = true;
    for (size_t c = c0; c < k; c++)
        only_empty = only_empty && cell_at(td, c)->norm_len == 0;
    if (only_empty) /* leading empty cells belong to the first row */
        for (size_t c = c0; c < k; c++)
            cell_at(td, c)->row_break = false;
    else if (k > c0)
        cell_at(td, k - 1)->row_break = true;
    return first;
}

/* match_row read forwards: L[0..ll) must be exactly the texts of the cells from *k on, up to
 * c1, joined by single spaces; the empty cells before, between and right after them go with
 * the row. On success *k moves past the row. Each cell is compared once. */
static bool match_row_forward(const sv_tdoc *td, const char *L, size_t ll, size_t c1, size_t *k)
{
    size_t j = *k, pos = 0;
    bool any = false;
    while (j < c1 && pos < ll) {
        SV_TWORK(td, 1);
        const sv_tcell *c = cell_at(td, j);
        size_t n = c->norm_len;
        if (n == 0) {
            j++;
            continue;
        }
        if (n > ll - pos || memcmp(L + pos, td->scratch.data + c->norm_off, n) != 0 ||
            (pos + n != ll && L[pos + n] != ' '))
            return false;
        pos += n + (pos + n != ll); /* and the space after this cell */
        j++;
        any = true;
    }
    if (pos != ll || !any)
        return false;
    while (j < c1 && cell_at(td, j)->norm_len == 0)
        j++;
    *k = j;
    return true;
}

/* match_row_forward for line j normalised. */
static bool line_matches_forward(sv_tdoc *td, size_t j, size_t c1, size_t *k)
{
    const sv_tline *l = sv_tline_at(td, j);
    size_t mark = td->scratch.len;
    if (sv_tdoc_norm(td, l->p0, l->p0 + l->np, &td->scratch) != 0) {
        td->doc->oom = true;
        return false;
    }
    bool ok = match_row_forward(td, td->scratch.data + mark, td->scratch.len - mark, c1, k);
    td->scratch.len = mark;
    td->scratch.data[mark] = 0;
    return ok;
}

/* The next line after line j, past at most MAX_GAP gap lines, that may be a row of a
 * flattened copy; SIZE_MAX when there is none. */
static size_t next_flat_line(const sv_tdoc *td, size_t j)
{
    size_t n = td->lines.len, gap = 0;
    while (++j < n) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, j);
        if (is_gap(l)) {
            if (++gap > MAX_GAP)
                return SIZE_MAX;
            continue;
        }
        if (!(l->flags & SV_L_TEXT) || has_marks(l) || l->table >= 0 ||
            (l->flags & (SV_L_FRAGMENT | SV_L_ITEM | SV_L_HEADING)))
            return SIZE_MAX;
        return j;
    }
    return SIZE_MAX;
}

/* The mirror of take_flattened: the flattened copy printed after the marked-up one, whose
 * last line is b and cells [c0, c1). Every cell, in order, must make up its lines, one row a
 * line: a copy that stops short, or prose that merely starts as the first row does, takes
 * nothing. Then its lines are taken for table t and give the row breaks. Returns the last
 * line taken, or b. Checked first, then taken: each cell is compared twice at most. */
static size_t take_flattened_after(sv_tdoc *td, size_t b, size_t c0, size_t c1, long t)
{
    size_t k = c0, j = b, last = b;
    while (k < c1 && cell_at(td, k)->norm_len == 0)
        k++; /* leading empty cells print nothing: they go with the first row */
    if (k == c1)
        return b;
    while (k < c1 && !td->doc->oom) {
        if ((j = next_flat_line(td, j)) == SIZE_MAX || !line_matches_forward(td, j, c1, &k))
            return b;
        last = j;
    }
    for (k = c0, j = b; k < c1 && !td->doc->oom;) {
        size_t kk = k;
        j = next_flat_line(td, j);
        line_matches_forward(td, j, c1, &kk);
        set_row(td, k, kk);
        sv_tline_at(td, j)->table = t;
        k = kk;
    }
    return last;
}

/* Without any row evidence, each line's cells make a row; but cells that open with a
 * header cell and carry no other evidence are one header row ("Name", "/th>", "Kind"). */
static void rows_by_line(sv_tdoc *td, size_t c0, size_t c1)
{
    for (size_t c = c0; c + 1 < c1; c++)
        if (cell_at(td, c)->row_break)
            return;
    bool header_row = cell_at(td, c0)->header && c1 - c0 <= MAX_HEADER_CELLS;
    for (size_t c = c0; c < c1; c++) {
        sv_tcell *cl = cell_at(td, c);
        if (header_row) {
            cl->header = true;
            cl->row_break = c + 1 == c1;
        } else {
            cl->row_break = c + 1 == c1 || cell_at(td, c + 1)->line != cl->line;
        }
    }
}

/* ---- a flattened copy without a clean match -------------------------------------------------- */

/* Cell texts of a region in an open-addressing table (FNV-1a), to split flattened lines into
 * known cells when the copies disagree in order (a copy printed column by column). */
typedef struct cell_set {
    size_t *slot; /* cell index + 1; 0: empty */
    size_t *uses; /* per slot: occurrences taken by flattened rows */
    size_t mask;
    size_t budget; /* bytes the splitting of flattened lines may still hash */
} cell_set;

/* Splitting flattened lines into known cells hashes substrings: a budget proportional to the
 * text keeps it linear whatever the lines hold. */
#define SPLIT_BUDGET_PER_BYTE 16
#define SPLIT_BUDGET_MIN 65536

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* Probes of one lookup: past it a text counts as absent, so crafted collisions cannot make
 * the lookups quadratic. */
#define MAX_PROBES 32

/* The slot holding text s[0..n), or the empty slot where it would go, or the table size when
 * the probes ran out (the table is over-allocated by one slot that stays empty). */
static size_t set_probe(const sv_tdoc *td, const cell_set *h, const char *s, size_t n)
{
    size_t i = (size_t)fnv1a(s, n) & h->mask;
    for (int k = 0; h->slot[i]; k++) {
        SV_TWORK(td, 1);
        const sv_tcell *c = cell_at(td, h->slot[i] - 1);
        if (c->norm_len == n && memcmp(td->scratch.data + c->norm_off, s, n) == 0)
            return i;
        if (k == MAX_PROBES)
            return h->mask + 1;
        i = (i + 1) & h->mask;
    }
    return i;
}

static bool set_init(sv_tdoc *td, cell_set *h, size_t c0, size_t c1)
{
    size_t size = 16;
    while (size < 2 * (c1 - c0) + 2)
        size *= 2;
    h->slot = sv_arena_calloc(&td->doc->arena, size + 1, sizeof(size_t));
    h->uses = sv_arena_calloc(&td->doc->arena, size + 1, sizeof(size_t));
    h->mask = size - 1;
    if (!h->slot || !h->uses) {
        td->doc->oom = true;
        return false;
    }
    for (size_t c = c0; c < c1; c++) {
        const sv_tcell *cl = cell_at(td, c);
        if (cl->norm_len == 0)
            continue;
        size_t i = set_probe(td, h, td->scratch.data + cl->norm_off, cl->norm_len);
        if (i <= h->mask && !h->slot[i])
            h->slot[i] = c + 1;
    }
    h->budget = SPLIT_BUDGET_PER_BYTE * td->scratch.len + SPLIT_BUDGET_MIN;
    return true;
}

/* Lines longer than this are not split into known cells (the split is quadratic in words). */
#define SPLIT_MAX_WORDS 40

/* Splits L[0..ll) into a sequence of known cell texts at word boundaries (dynamic
 * programming over the boundaries); out receives the slots in order. Returns their number,
 * or 0 when no split exists. */
static size_t split_known(const sv_tdoc *td, cell_set *h, const char *L, size_t ll, size_t *out)
{
    size_t start[SPLIT_MAX_WORDS + 1], back[SPLIT_MAX_WORDS + 1], via[SPLIT_MAX_WORDS + 1];
    size_t w = 0;
    start[w++] = 0;
    SV_TWORK(td, ll);
    for (size_t i = 0; i < ll; i++)
        if (L[i] == ' ') {
            if (w > SPLIT_MAX_WORDS - 1)
                return 0;
            start[w++] = i + 1;
        }
    start[w] = ll + 1; /* word j spans start[j] .. start[j+1] - 1 */
    bool reach[SPLIT_MAX_WORDS + 1] = {true};
    for (size_t a = 0; a < w; a++) {
        SV_TWORK(td, 1);
        if (!reach[a])
            continue;
        for (size_t b = a + 1; b <= w; b++) {
            SV_TWORK(td, 1);
            size_t len = start[b] - 1 - start[a];
            if (len > h->budget)
                return 0;
            h->budget -= len;
            size_t i = set_probe(td, h, L + start[a], len);
            if (h->slot[i] && !reach[b]) {
                reach[b] = true;
                back[b] = a;
                via[b] = i;
            }
        }
    }
    if (!reach[w])
        return 0;
    size_t k = 0;
    for (size_t b = w; b > 0; b = back[b])
        k++;
    size_t m = k;
    for (size_t b = w; b > 0; b = back[b])
        out[--m] = via[b];
    return k;
}

static int copy_cell(sv_tdoc *td, size_t from, bool row_break)
{
    sv_tcell *c = sv_tstore_push(&td->cells);
    if (!c) {
        td->doc->oom = true;
        return -1;
    }
    *c = *cell_at(td, from);
    c->row_break = row_break;
    return 0;
}

/* A plain line above a region that may be a flattened row. */
static bool flat_candidate(const sv_tline *l)
{
    return (l->flags & SV_L_TEXT) && !has_marks(l) && l->table < 0 &&
           !(l->flags & (SV_L_FRAGMENT | SV_L_ITEM | SV_L_HEADING));
}

/* Splits line j into known cells (its normalised text goes to the end of scratch and is
 * dropped again). */
static size_t split_line_known(sv_tdoc *td, cell_set *h, size_t j, size_t *out)
{
    const sv_tline *l = sv_tline_at(td, j);
    size_t mark = td->scratch.len;
    if (sv_tdoc_norm(td, l->p0, l->p0 + l->np, &td->scratch) != 0) {
        td->doc->oom = true;
        return 0;
    }
    size_t k = split_known(td, h, td->scratch.data + mark, td->scratch.len - mark, out);
    td->scratch.len = mark;
    td->scratch.data[mark] = 0;
    return k;
}

/* Appends the flattened rows of lines [first, a) taken by table t; returns the widest. */
static size_t append_split_rows(sv_tdoc *td, cell_set *h, size_t first, size_t a, long t)
{
    size_t slots[SPLIT_MAX_WORDS + 1], kmax = 0;
    for (size_t j = first; j < a && !td->doc->oom; j++) {
        SV_TWORK(td, 1);
        if (sv_tline_at(td, j)->table != t)
            continue;
        size_t k = split_line_known(td, h, j, slots);
        for (size_t q = 0; q < k; q++) {
            SV_TWORK(td, 1);
            h->uses[slots[q]]++;
            if (copy_cell(td, h->slot[slots[q]] - 1, q + 1 == k) != 0)
                return kmax;
        }
        kmax = k > kmax ? k : kmax;
    }
    return kmax;
}

/* Appends the region's cells that the flattened rows did not repeat; when what is left holds
 * every text exactly twice (the table printed once more), only the first copy. */
static void append_rest(sv_tdoc *td, cell_set *h, size_t c0, size_t c1, size_t width)
{
    size_t mark = td->cells.len, distinct = 0;
    bool twice = true;
    for (size_t c = c0; c < c1 && !td->doc->oom; c++) {
        SV_TWORK(td, 1);
        const sv_tcell *cl = cell_at(td, c);
        size_t i =
            cl->norm_len ? set_probe(td, h, td->scratch.data + cl->norm_off, cl->norm_len) : 0;
        if (!cl->norm_len || h->uses[i]) {
            h->uses[i] -= cl->norm_len ? 1 : 0;
            continue;
        }
        copy_cell(td, c, false);
    }
    for (size_t c = mark; c < td->cells.len; c++)
        h->uses[set_probe(td, h, td->scratch.data + cell_at(td, c)->norm_off,
                          cell_at(td, c)->norm_len)] = 0;
    for (size_t c = mark; c < td->cells.len; c++) {
        size_t i =
            set_probe(td, h, td->scratch.data + cell_at(td, c)->norm_off, cell_at(td, c)->norm_len);
        distinct += h->uses[i]++ == 0;
    }
    for (size_t c = mark; c < td->cells.len && twice; c++)
        twice = h->uses[set_probe(td, h, td->scratch.data + cell_at(td, c)->norm_off,
                                  cell_at(td, c)->norm_len)] == 2;
    size_t out = mark;
    for (size_t c = mark; c < td->cells.len; c++) {
        size_t i =
            set_probe(td, h, td->scratch.data + cell_at(td, c)->norm_off, cell_at(td, c)->norm_len);
        if (twice && distinct >= 2 && h->uses[i] != 2)
            continue; /* the second copy */
        h->uses[i] = 1;
        *cell_at(td, out++) = *cell_at(td, c);
    }
    td->cells.len = out;
    for (size_t c = mark; c < out; c++)
        cell_at(td, c)->row_break =
            width >= 2 ? (c - mark + 1) % width == 0 || c + 1 == out : c + 1 == out;
}

/* The flattened copy split into the region's known cells, when the backward match found
 * nothing (the copies disagree in order). Rebuilds the table's cells; returns the first line
 * taken, or a. */
static size_t take_split(sv_tdoc *td, sv_ttable *tb, size_t a, long t)
{
    size_t c0 = tb->c0, c1 = c0 + tb->nc, j = a, gap = 0, first = a;
    size_t slots[SPLIT_MAX_WORDS + 1];
    cell_set h;
    if (!set_init(td, &h, c0, c1))
        return a;
    while (j > 0 && !td->doc->oom) {
        SV_TWORK(td, 1);
        sv_tline *l = sv_tline_at(td, --j);
        if (is_gap(l)) {
            if (++gap > MAX_GAP)
                break;
            continue;
        }
        gap = 0;
        if (!flat_candidate(l) || split_line_known(td, &h, j, slots) == 0)
            break;
        l->table = t;
        first = j;
    }
    if (first == a)
        return a;
    size_t n0 = td->cells.len;
    size_t width = append_split_rows(td, &h, first, a, t);
    append_rest(td, &h, c0, c1, width);
    tb->c0 = n0;
    tb->nc = td->cells.len - n0;
    return first;
}

/* ---- rows of short lines beside a header row ------------------------------------------------- */

/* A line that may be one cell of a row printed one cell a line. */
#define GROUP_MAX_WORDS 25

/* A plain line of at most GROUP_MAX_WORDS words, with none of the flags in `not`. */
static bool short_line(const sv_tdoc *td, size_t j, unsigned not)
{
    const sv_tline *l = sv_tline_at(td, j);
    if (!(l->flags & SV_L_TEXT) || has_marks(l) || l->table >= 0 || (l->flags & not))
        return false;
    size_t words = 0;
    bool in = false; /* the previous piece ended inside a word */
    for (size_t k = l->p0; k < l->p0 + l->np && words <= GROUP_MAX_WORDS; k++) {
        SV_TWORK(td, 1);
        const sv_tpiece *p = sv_tpiece_at(td, k);
        if (p->kind != SV_P_TEXT)
            continue;
        const char *s = td->clean.data + p->off, *end = s + p->len;
        while (s < end && words <= GROUP_MAX_WORDS) { /* a word, then the space after it */
            SV_TWORK(td, 1);
            if (*s == ' ') {
                in = false;
                s++;
                continue;
            }
            words += !in;
            const char *sp = memchr(s, ' ', (size_t)(end - s));
            in = sp == NULL;
            s = sp ? sp : end;
        }
    }
    return words <= GROUP_MAX_WORDS;
}

static bool group_line(const sv_tdoc *td, size_t j)
{
    return short_line(td, j, SV_L_FRAGMENT | SV_L_ITEM | SV_L_BULLET | SV_L_PARA | SV_L_HEADING);
}

/* Cells in the table's first row when they are all header cells, else 0. */
static size_t header_width(const sv_tdoc *td, const sv_ttable *tb)
{
    size_t k = 0;
    for (size_t c = tb->c0; c < tb->c0 + tb->nc; c++) {
        const sv_tcell *cl = cell_at(td, c);
        if (!cl->header)
            return 0;
        k++;
        if (cl->row_break)
            break;
    }
    return k;
}

static int push_line_cell(sv_tdoc *td, size_t j, bool row_break)
{
    const sv_tline *l = sv_tline_at(td, j);
    cell_reader r = {td, j, l->p0, l->p0 + l->np, false, 0};
    if (emit_cell(&r, false, true) != 0)
        return -1;
    cell_at(td, td->cells.len - 1)->row_break = row_break;
    return 0;
}

/* Groups of `width` consecutive short lines, separated by blank lines, just above the
 * region at a whose first row is a header of that width: they are the rows, printed one
 * cell a line. Returns the first line of the first group, or a. */
static size_t groups_before(const sv_tdoc *td, size_t a, size_t width)
{
    size_t first = a, j = a;
    while (j > 0) {
        SV_TWORK(td, 1);
        size_t end = j; /* skip the blank lines above the last group found */
        while (end > 0 && is_gap(sv_tline_at(td, end - 1)) && end + 3 > j) {
            SV_TWORK(td, 1);
            end--;
        }
        if (end == j && j != a)
            break;
        size_t top = end;
        while (top > 0 && top + width > end && group_line(td, top - 1)) {
            SV_TWORK(td, 1);
            top--;
        }
        if (end - top != width || (top > 0 && (sv_tline_at(td, top - 1)->flags & SV_L_TEXT)))
            break;
        first = top;
        j = top;
    }
    return first;
}

/* Whether line j is the header row [c0, c0 + width) printed flat ("Name Kind"): then the
 * lines from j on are the table's flattened copy (take_flattened), not rows printed one cell
 * a line. */
static bool flat_header_at(sv_tdoc *td, size_t j, size_t c0, size_t width)
{
    size_t k = c0 + width;
    bool flat = line_matches_row(td, j, c0, &k);
    for (size_t c = c0; flat && c < k; c++) /* the whole row, not its last cells */
        flat = cell_at(td, c)->norm_len == 0;
    return flat;
}

/* Rebuilds the table: header row, the groups above it (one row each), then the rest. */
static int take_groups_before(sv_tdoc *td, sv_ttable *tb, size_t a, long t)
{
    size_t width = header_width(td, tb);
    if (width < 2 || tb->c0 + width >= tb->c0 + tb->nc + 1)
        return 0;
    size_t first = groups_before(td, a, width);
    if (first == a || flat_header_at(td, first, tb->c0, width))
        return 0;
    size_t n0 = td->cells.len, c1 = tb->c0 + tb->nc;
    for (size_t c = tb->c0; c < tb->c0 + width; c++)
        if (copy_cell(td, c, c + 1 == tb->c0 + width) != 0)
            return -1;
    for (size_t j = first, in_row = 0; j < a; j++) {
        SV_TWORK(td, 1);
        if (!group_line(td, j))
            continue;
        if (push_line_cell(td, j, ++in_row == width) != 0)
            return -1;
        in_row %= width;
        sv_tline_at(td, j)->table = t;
    }
    for (size_t c = tb->c0 + width; c < c1; c++)
        if (copy_cell(td, c, cell_at(td, c)->row_break) != 0)
            return -1;
    tb->c0 = n0;
    tb->nc = td->cells.len - n0;
    tb->first_line = first;
    return 0;
}

/* Groups of `width` consecutive short lines from line j on, each followed by a gap line
 * (not noise) or the end of the text: the first may start at j, the next ones each after one
 * to three gap lines. Returns how many whole groups there are, up to the first run of another
 * length; *last receives the last line of the last group. */
static size_t groups_after(const sv_tdoc *td, size_t j, size_t width, size_t *last)
{
    size_t n = td->lines.len, groups = 0;
    while (j < n) {
        size_t gaps = 0;
        while (j < n && gaps <= 3 && quiet_gap(sv_tline_at(td, j))) {
            SV_TWORK(td, 1);
            j++;
            gaps++;
        }
        if (j >= n || gaps > 3 || (groups > 0 && gaps == 0))
            break;
        size_t top = j;
        while (j < n && j - top <= width && group_line(td, j)) {
            SV_TWORK(td, 1);
            j++;
        }
        if (j - top != width || (j < n && !quiet_gap(sv_tline_at(td, j))))
            break;
        groups++;
        *last = j - 1;
    }
    return groups;
}

/* Lines from..last that are group lines become the table's cells, `width` (tb->nc) to a row,
 * at most max of them; the table ends at the last one taken. */
static int push_group_cells(sv_tdoc *td, sv_ttable *tb, size_t from, size_t last, size_t max,
                            long t)
{
    size_t width = tb->nc;
    for (size_t j = from, used = 0; j <= last && used < max; j++) {
        SV_TWORK(td, 1);
        if (!group_line(td, j))
            continue;
        if (push_line_cell(td, j, ++used % width == 0) != 0)
            return -1;
        sv_tline_at(td, j)->table = t;
        tb->last_line = j;
    }
    tb->nc = td->cells.len - tb->c0;
    return 0;
}

/* A table that is only a header row of `width` cells, with groups of `width` short lines
 * under it (separated by blank lines): those are its rows, one cell a line, the mirror of
 * the groups above a header. Two groups at least: one alone may be a short paragraph or
 * two. *took says whether any were found. */
static int take_groups_after(sv_tdoc *td, sv_ttable *tb, size_t b, long t, bool *took)
{
    size_t width = header_width(td, tb), last = b;
    *took = false;
    if (width < 2 || width != tb->nc || groups_after(td, b + 1, width, &last) < 2)
        return 0;
    if (push_group_cells(td, tb, b + 1, last, SIZE_MAX, t) != 0)
        return -1;
    *took = true;
    return 0;
}

/* A table that is only a header row of `width` cells, followed by short lines standing
 * alone between blank lines: those are its cells, row by row. Takes as many whole rows as
 * there are, up to a noise line, a marker or a longer line; or, when a closing table token
 * ("table>", "< /tbody>>") follows the last of them, every one of them: the close says they
 * were inside the table, and a last row with fewer cells than the header (empty cells are
 * not printed) keeps its cells. */
static int take_cells_after(sv_tdoc *td, sv_ttable *tb, size_t b, long t)
{
    size_t width = header_width(td, tb), n = td->lines.len, got = 0, last = b;
    bool closed = false; /* a closing table token since the last cell line */
    if (width < 2 || width != tb->nc)
        return 0;
    for (size_t j = b + 1; j < n; j++) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, j);
        if (quiet_gap(l)) {
            closed = closed || (got > 0 && (l->flags & SV_L_TABLE_END));
            continue;
        }
        if (closed || !group_line(td, j) || !is_gap(sv_tline_at(td, j - 1)) ||
            (j + 1 < n && !is_gap(sv_tline_at(td, j + 1))))
            break;
        got++;
        last = j;
    }
    if (!closed)
        got -= got % width;
    return push_group_cells(td, tb, b + 1, last, got, t);
}

/* After a table's last row, its closing debris ("t r>–>", "table-->") and the wreck of that
 * row ("< td 1.8% /tr /tr /yuri-dario-7-1-8-tr-/tbody-/table-", whose text repeats the start
 * of the last cell) belong to the table. */
static void take_wreck_after(sv_tdoc *td, sv_ttable *tb, long t)
{
    size_t n = td->lines.len, j = tb->last_line + 1;
    while (j < n && j - tb->last_line <= MAX_GAP && quiet_gap(sv_tline_at(td, j))) {
        SV_TWORK(td, 1);
        j++;
    }
    if (j >= n || j - tb->last_line > MAX_GAP)
        return;
    const sv_tline *l = sv_tline_at(td, j);
    if (!(l->flags & SV_L_FRAGMENT) || !(l->flags & SV_L_TEXT) || l->table >= 0 ||
        !fragment_repeats(td, tb->c0, l->p0, l->p0 + l->np))
        return;
    for (size_t k = tb->last_line + 1; k <= j; k++)
        sv_tline_at(td, k)->table = t;
    tb->last_line = j;
}

/* ---- a table printed flat, then as groups of short lines ------------------------------------- */

/* A table with no marker at all, printed twice: first flat, one row a line ("Herbert Dürr 63
 * 16.6%"), then one cell a line in groups parted by blank lines ("Herbert Dürr" / "63" /
 * "16.6%"). Each group joined by spaces is one flat line: the groups say where cells end, the
 * flat lines where rows end, and the table comes out once. A row of one cell (a caption
 * heading both copies, "By changesets"; a section row of an infobox) is a group of one line.
 * Prose rarely repeats itself line for line, so every flat line of the run must come back as
 * a group, and at least two groups, and half of them, must be split into cells: a poem or an
 * address (groups with no flat copy), a paragraph echoing a few short lines and a text
 * printed twice as paragraphs are left alone. The groups copy may also come first
 * (plan_groups). Rows of such tables carry bullets ("• Monarch Elizabeth II"), so bulleted
 * lines may be rows and cells here. */

/* Lines of one group: one row, one cell a line. */
#define MAX_GROUP_WIDTH 16
/* Gap lines between two groups (as groups_after allows). */
#define MAX_GROUP_GAP 3

/* A plain line that may be one row of such a table printed flat. */
static bool twice_flat(const sv_tline *l)
{
    return flat_candidate(l) && !(l->flags & SV_L_PARA);
}

/* A line that may be one cell of such a table printed one cell a line. */
static bool twice_cell(const sv_tdoc *td, size_t j)
{
    return short_line(td, j, SV_L_FRAGMENT | SV_L_ITEM | SV_L_PARA | SV_L_HEADING);
}

/* The cleaned text of line j's first piece, when it is text (else an empty range). */
static const char *first_text(const sv_tdoc *td, size_t j, size_t *len)
{
    const sv_tline *l = sv_tline_at(td, j);
    const sv_tpiece *p = l->np ? sv_tpiece_at(td, l->p0) : NULL;
    *len = p && p->kind == SV_P_TEXT ? p->len : 0;
    return *len ? td->clean.data + p->off : "";
}

static bool ascii_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* What normalising makes of byte i of s[0..n), a line's first piece (`last`: its only one):
 * 'P' a byte sv_tdoc_norm copies as it is; 'B' ASCII white space, one space with its
 * neighbours; 'E' the end of the line; 'U' anything else (maybe white space, an invisible
 * mark, a letter, or a token piece: a space). */
static char norm_class(const char *s, size_t n, size_t i, bool last)
{
    if (i == n)
        return last ? 'E' : 'U';
    if (ascii_blank(s[i]))
        return 'B';
    return sv_norm_stop((unsigned char)s[i]) ? 'U' : 'P';
}

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
    while (i < n && ascii_blank(s[i]))
        i++;
    return i;
}

/* Whether the joined text of a group whose first line is g and the flat line f, both
 * normalised, surely differ, read from their raw text up to the first byte normalising might
 * change ('U') or the end of g (where the next line of the group joins): sv_tdoc_norm copies
 * all but white space and invisible marks as they are and makes a run of white space one
 * space, trimmed at the ends. A group compared with a prose line costs about a word. */
static bool surely_differ(const sv_tdoc *td, size_t g, size_t f)
{
    size_t na, nb;
    const char *sa = first_text(td, g, &na), *sb = first_text(td, f, &nb);
    /* past the first piece (a token, or more text) nothing is sure */
    bool la = sv_tline_at(td, g)->np == 1, lb = sv_tline_at(td, f)->np == 1;
    if (!na || !nb)
        return false;
    size_t i = skip_blanks(sa, na, 0), k = skip_blanks(sb, nb, 0);
    for (;;) {
        SV_TWORK(td, 1);
        char ca = norm_class(sa, na, i, la), cb = norm_class(sb, nb, k, lb);
        if (ca == 'P' && cb == 'P' && sa[i] == sb[k]) {
            i++, k++;
            continue;
        }
        if (ca == 'U' || cb == 'U' || ca == 'E')
            return false;
        if (ca == 'P' || cb == 'P')
            return true; /* a letter against another, a space or the end */
        i = skip_blanks(sa, na, i); /* ca is 'B': a space in the joined text */
        if (cb == 'E')
            return norm_class(sa, na, i, la) == 'P';
        k = skip_blanks(sb, nb, k);
    }
}

/* Whether lines [j, j + k), normalised and joined by single spaces, are line f normalised.
 * Nothing is normalised when the raw texts surely differ (surely_differ), so prose lines
 * cost about a word each; else a call costs the group's lines (GROUP_MAX_WORDS words each)
 * and line f. */
static bool joined_equals(sv_tdoc *td, size_t j, size_t k, size_t f)
{
    size_t m0 = td->scratch.len;
    bool ok = !surely_differ(td, j, f), oom = false;
    for (size_t q = 0; ok && q < k; q++) {
        SV_TWORK(td, 1);
        const sv_tline *l = sv_tline_at(td, j + q);
        size_t at = td->scratch.len;
        if ((q > 0 && sv_buf_putc(&td->scratch, ' ') != 0) ||
            sv_tdoc_norm(td, l->p0, l->p0 + l->np, &td->scratch) != 0) {
            ok = false;
            oom = true;
            break;
        }
        ok = td->scratch.len > at + (q > 0 ? 1u : 0u); /* an empty line matches nothing */
    }
    size_t m1 = td->scratch.len;
    if (ok) {
        const sv_tline *fl = sv_tline_at(td, f);
        if (sv_tdoc_norm(td, fl->p0, fl->p0 + fl->np, &td->scratch) != 0)
            ok = false, oom = true;
        else
            ok = td->scratch.len - m1 == m1 - m0 &&
                 memcmp(td->scratch.data + m0, td->scratch.data + m1, m1 - m0) == 0;
    }
    td->scratch.len = m0; /* reserved when the text stage starts: never NULL here */
    td->scratch.data[m0] = 0;
    td->doc->oom = td->doc->oom || oom;
    return ok;
}

/* The first line after 1 to max quiet gap lines from line j on, or SIZE_MAX. */
static size_t after_gap(const sv_tdoc *td, size_t j, size_t max)
{
    size_t n = td->lines.len, s = j;
    while (j < n && j - s <= max && quiet_gap(sv_tline_at(td, j))) {
        SV_TWORK(td, 1);
        j++;
    }
    return j == s || j >= n || j - s > max ? SIZE_MAX : j;
}

/* The first line before 1 to max quiet gap lines that end just above line j, or SIZE_MAX. */
static size_t before_gap(const sv_tdoc *td, size_t j, size_t max)
{
    size_t s = j;
    while (j > 0 && s - j <= max && quiet_gap(sv_tline_at(td, j - 1))) {
        SV_TWORK(td, 1);
        j--;
    }
    return j == s || j == 0 || s - j > max ? SIZE_MAX : j - 1;
}

/* The group of cell lines starting at line j: its number of lines, or 0 unless it has 1 to
 * MAX_GROUP_WIDTH lines and a quiet gap line or the end of the text follows it. */
static size_t group_down(const sv_tdoc *td, size_t j)
{
    size_t n = td->lines.len, k = 0;
    while (j + k < n && k <= MAX_GROUP_WIDTH && twice_cell(td, j + k))
        k++;
    return k > MAX_GROUP_WIDTH || (j + k < n && !quiet_gap(sv_tline_at(td, j + k))) ? 0 : k;
}

/* The group of cell lines ending at line x: its number of lines, or 0 unless it has 1 to
 * MAX_GROUP_WIDTH lines and a quiet gap line or the start of the text precedes it. */
static size_t group_up(const sv_tdoc *td, size_t x)
{
    size_t k = 0;
    while (k <= x && k <= MAX_GROUP_WIDTH && twice_cell(td, x - k))
        k++;
    return k > MAX_GROUP_WIDTH || (k <= x && !quiet_gap(sv_tline_at(td, x - k))) ? 0 : k;
}

/* Where the two copies lie. */
typedef struct twice_plan {
    size_t f0, f1; /* the flat copy: lines [f0, f1), one row each */
    size_t g0, g1; /* the groups copy: its first and last line */
    size_t split;  /* groups of two lines or more */
} twice_plan;

/* At least two rows split into cells, and no fewer than the rows of one cell. */
static bool enough_split(const twice_plan *p)
{
    return p->split >= 2 && 2 * p->split >= p->f1 - p->f0;
}

/* Lines of the run of plain lines that may come before the flat copy (or after it, when it
 * comes second): a paragraph printed right against the table. */
#define MAX_LEAD 4

/* The group of the groups copy past 1 to max quiet gap lines from line `edge`, read away
 * from the flat copy (`down`: the group starting after them, else the one ending before
 * them); its first line goes to *s. Returns its number of lines, or 0 when there is none. */
static size_t next_group(const sv_tdoc *td, bool down, size_t edge, size_t max, size_t *s)
{
    size_t j = down ? after_gap(td, edge, max) : before_gap(td, edge, max), k;
    if (j == SIZE_MAX || (k = down ? group_down(td, j) : group_up(td, j)) == 0)
        return 0;
    *s = down ? j : j + 1 - k;
    return k;
}

/* The groups copy printed after the flat one (`down`), its groups in order the flat lines,
 * matched from the flat copy's first line; or the mirror, the groups printed just before it,
 * matched backwards from its last line. That line may lie up to MAX_LEAD lines into the run.
 * Each flat line and each group is compared once, but for the first group, compared with
 * up to MAX_LEAD + 1 lines. */
static bool plan_groups(sv_tdoc *td, twice_plan *p, bool down)
{
    size_t s = 0, k = next_group(td, down, down ? p->f1 : p->f0, MAX_GAP, &s), lead, r = 0;
    if (k == 0)
        return false;
    for (lead = 0;; lead++) { /* where the flat copy starts (down) or ends */
        if (lead > MAX_LEAD || lead + 2 > p->f1 - p->f0)
            return false;
        r = down ? p->f0 + lead : p->f1 - 1 - lead;
        if (joined_equals(td, s, k, r))
            break;
    }
    size_t left = down ? p->f1 - r - 1 : r - p->f0; /* flat lines still to match */
    if (down)
        p->f0 = r, p->g0 = s;
    else
        p->f1 = r + 1, p->g1 = s + k - 1;
    p->split = k >= 2;
    for (; left > 0; left--) {
        size_t edge = down ? s + k : s;
        r = down ? r + 1 : r - 1;
        if ((k = next_group(td, down, edge, MAX_GROUP_GAP, &s)) == 0 ||
            !joined_equals(td, s, k, r))
            return false;
        p->split += k >= 2;
    }
    if (down)
        p->g1 = s + k - 1;
    else
        p->g0 = s;
    return enough_split(p);
}

/* Says where the two copies of such a table were. */
static void report_twice(sv_tdoc *td, const twice_plan *p)
{
    size_t fline, gline, col;
    sv_doc_line_col(td->doc, sv_tline_at(td, p->f0)->dec_start, &fline, &col);
    sv_doc_line_col(td->doc, sv_tline_at(td, p->g0)->dec_start, &gline, &col);
    sv_diag(td->doc, SALVAGE_SEVERITY_INFO, "table-copy",
            sv_tline_at(td, p->g0 < p->f0 ? p->g0 : p->f0)->dec_start,
            "table printed twice: %zu flat row lines (line %zu) merged with the copy printed "
            "one cell a line (line %zu)",
            p->f1 - p->f0, fline, gline);
}

/* Builds the table the plan found: a row per group, walked down from the groups copy's first
 * line as the plan found them; both copies' lines are taken. */
static int take_twice(sv_tdoc *td, const twice_plan *p, size_t *last)
{
    long t = (long)td->tables.len;
    sv_ttable *tb = sv_vec_push(&td->tables);
    if (!tb) {
        td->doc->oom = true;
        return -1;
    }
    tb->c0 = td->cells.len;
    tb->first_line = p->g0 < p->f0 ? p->g0 : p->f0;
    for (size_t r = p->f0, j = p->g0, k = 0; r < p->f1; r++, j += k) {
        if (r > p->f0)
            j = after_gap(td, j, MAX_GROUP_GAP);
        k = group_down(td, j);
        for (size_t q = 0; q < k; q++) {
            if (push_line_cell(td, j + q, q + 1 == k) != 0)
                return -1;
            sv_tline_at(td, j + q)->table = t;
        }
        sv_tline_at(td, r)->table = t;
    }
    tb->nc = td->cells.len - tb->c0;
    tb->last_line = p->g1;
    if (p->g0 > p->f0)
        take_wreck_after(td, tb, t);
    else
        tb->last_line = p->f1 - 1;
    report_twice(td, p);
    *last = tb->last_line;
    return 0;
}

/* The run of plain lines [f0, f1) as the flat copy of a table printed twice; *last receives
 * the last line the table took, or stays SIZE_MAX when there is none. */
static int take_printed_twice(sv_tdoc *td, size_t f0, size_t f1, size_t *last)
{
    twice_plan p = {f0, f1, 0, 0, 0};
    *last = SIZE_MAX;
    if (f1 - f0 < 2)
        return 0;
    if (!plan_groups(td, &p, true)) {
        p.f0 = f0;
        if (!plan_groups(td, &p, false))
            return td->doc->oom ? -1 : 0;
    }
    return take_twice(td, &p, last);
}

/* ---- driver ---------------------------------------------------------------------------------- */

/* Says which lines held the second copy of a table, taken into the first: the flattened
 * rows among lines [f0, f1), the marked-up copy starting at line a. */
static void report_copy(sv_tdoc *td, size_t f0, size_t f1, size_t a, long t)
{
    size_t lines = 0, line, col;
    for (size_t j = f0; j < f1; j++)
        lines += sv_tline_at(td, j)->table == t;
    sv_doc_line_col(td->doc, sv_tline_at(td, a)->dec_start, &line, &col);
    sv_diag(td->doc, SALVAGE_SEVERITY_INFO, "table-copy",
            sv_tline_at(td, f0 < a ? f0 : a)->dec_start,
            "table printed twice: %zu flattened row lines merged with the marked-up copy at "
            "line %zu",
            lines, line);
}

/* Average bytes of a cell above which a region is prose that merely ends with cell debris
 * ("... of location.< td /> tr >"), not a table. */
#define PROSE_CELL_BYTES 200

/* A table has two cells with text at least; without a flattened copy to vouch for it, its
 * cells must not be paragraphs either. */
static bool table_like(const sv_tdoc *td, size_t c0, size_t c1, bool copied)
{
    size_t cells = 0, bytes = 0;
    for (size_t c = c0; c < c1; c++) {
        SV_TWORK(td, 1);
        cells += cell_at(td, c)->norm_len > 0;
        bytes += cell_at(td, c)->norm_len;
    }
    return cells >= 2 && (copied || bytes <= cells * PROSE_CELL_BYTES);
}

/* Three rows of one cell at most, none a header: short paragraphs that each end with
 * "< td /> tr >" (scrapers leave cell debris on paragraphs), not a table of one column. */
static bool few_single_rows(const sv_tdoc *td, size_t c0, size_t c1)
{
    if (c1 - c0 > 3)
        return false;
    for (size_t c = c0; c < c1; c++) {
        const sv_tcell *cell = cell_at(td, c);
        if (cell->header || (!cell->row_break && c + 1 < c1))
            return false;
    }
    return true;
}

static int add_region(sv_tdoc *td, size_t a, size_t b)
{
    size_t c0 = td->cells.len;
    if (read_cells(td, a, b) != 0)
        return -1;
    size_t c1 = td->cells.len, first = a;
    long t = (long)td->tables.len;
    if (few_single_rows(td, c0, c1)) {
        td->cells.len = c0; /* its lines stay paragraphs */
        return 0;
    }
    if (table_like(td, c0, c1, true))
        first = take_flattened(td, a, c0, c1, t);
    if (!table_like(td, c0, c1, first < a)) {
        td->cells.len = c0; /* its lines stay paragraphs */
        return 0;
    }
    sv_ttable *tb = sv_vec_push(&td->tables);
    if (!tb) {
        td->doc->oom = true;
        return -1;
    }
    tb->c0 = c0;
    tb->nc = c1 - c0;
    tb->last_line = b;
    if (first == a)
        first = take_split(td, tb, a, t);
    if (first == a)
        rows_by_line(td, c0, c1);
    tb->first_line = first;
    if (first == a && take_groups_before(td, tb, a, t) != 0)
        return -1;
    bool took = false;
    size_t nc = tb->nc;
    if (tb->c0 + tb->nc == td->cells.len &&
        (take_groups_after(td, tb, b, t, &took) != 0 ||
         (!took && take_cells_after(td, tb, b, t) != 0)))
        return -1;
    if (tb->nc > nc) { /* rows under a header line: their wreck, and a flat copy above */
        take_wreck_after(td, tb, t);
        if (tb->first_line == a)
            first = tb->first_line = take_flattened(td, a, tb->c0, tb->c0 + tb->nc, t);
    }
    for (size_t j = a; j <= b; j++)
        sv_tline_at(td, j)->table = t;
    if (first < a) {
        report_copy(td, first, a, a, t);
    } else if (tb->first_line == a) { /* no copy above: maybe one below */
        size_t end = take_flattened_after(td, tb->last_line, tb->c0, tb->c0 + tb->nc, t);
        if (end > tb->last_line) {
            report_copy(td, tb->last_line + 1, end + 1, a, t);
            tb->last_line = end;
        }
    }
    return 0;
}

int sv_text_tables_find(sv_tdoc *td)
{
    sv_vec_init(&td->tables, &td->doc->arena, sizeof(sv_ttable));
    sv_tstore_init(&td->cells, &td->doc->arena, sizeof(sv_tcell), td->doc->text.len);
    blank_loose_nbsp(td);
    size_t run = SIZE_MAX; /* first line of the run of plain lines ending at i */
    for (size_t i = 0; i < td->lines.len && !td->doc->oom; i++) {
        SV_TWORK(td, 1);
        if (region_start(td, i)) {
            size_t b = region_end(td, i);
            if (add_region(td, i, b) != 0)
                return -1;
            i = b;
            run = SIZE_MAX;
            continue;
        }
        if (twice_flat(sv_tline_at(td, i))) {
            run = run == SIZE_MAX ? i : run;
            continue;
        }
        size_t last = SIZE_MAX;
        if (run != SIZE_MAX && take_printed_twice(td, run, i, &last) != 0)
            return -1;
        run = SIZE_MAX;
        i = last != SIZE_MAX ? last : i;
    }
    size_t last;
    if (run != SIZE_MAX && take_printed_twice(td, run, td->lines.len, &last) != 0)
        return -1;
    return td->doc->oom ? -1 : 0;
}

size_t sv_text_table_anchor(const sv_tdoc *td, size_t t)
{
    return ((const sv_ttable *)sv_vec_at(&td->tables, t))->first_line;
}

/* ---- output ---------------------------------------------------------------------------------- */

int sv_text_table_emit(sv_tdoc *td, size_t t)
{
    const sv_ttable *tb = sv_vec_at(&td->tables, t);
    salvage_doc *doc = td->doc;
    size_t nrows = 0, c1 = tb->c0 + tb->nc;
    for (size_t c = tb->c0; c < c1; c++)
        nrows += cell_at(td, c)->row_break || c + 1 == c1;
    salvage_row *rows = sv_arena_calloc(&doc->arena, nrows, sizeof *rows);
    salvage_cell *cells = sv_arena_calloc(&doc->arena, tb->nc, sizeof *cells);
    salvage_block *b =
        sv_doc_add_block(doc, SALVAGE_BLOCK_TABLE, sv_tline_at(td, tb->first_line)->dec_start,
                         sv_tline_at(td, tb->last_line)->dec_end);
    if (!rows || !cells || !b) {
        doc->oom = true;
        return -1;
    }
    size_t r = 0, row_start = 0;
    for (size_t c = tb->c0; c < c1; c++) {
        const sv_tcell *tc = cell_at(td, c);
        size_t i = c - tb->c0;
        sv_tdoc_text_reset(td);
        sv_tdoc_append(td, tc->p0, tc->p1, &td->tb, 0);
        sv_tdoc_text_finish(td, &cells[i].content,
                            sv_tline_at(td, tb->first_line)->dec_start);
        cells[i].header = tc->header;
        if (tc->row_break || c + 1 == c1) {
            rows[r].cells = cells + row_start;
            rows[r].cell_count = i + 1 - row_start;
            r++;
            row_start = i + 1;
        }
    }
    b->rows = rows;
    b->row_count = r;
    return doc->oom ? -1 : 0;
}
