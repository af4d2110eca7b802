/*
 * debris.h — recognition of markup debris in scraped text.
 *
 * Scrapers that flatten a page to text leave the wreckage of its tags behind: spaced tags
 * "< td >", "<p >", "</ em>", "</td >", wrongly self-closed "< td />", doubled brackets
 * ">Cell<< /td>>", bare end words "tr >", "li > ul >", split names "t d>", "t  r>" (and table
 * names split anywhere: "tab le>", "th ead>"), arrow tails with any dash "tbody>–>",
 * "t r>—>", "table-->", bare slashed words "/tr /tr", opening
 * fragments "< td Temporary ..." (and "< p Text", "< h2 Title" of any element where only
 * white space or debris precedes them on the line), slugified tails
 * "/post-...-tr-/tbody-/table-", escaped forms "&lt; td &gt;" and lines holding only "<" or
 * ">". Undecodable bytes (U+FFFD) and format controls (Cf: zero-width, bidi) carry nothing:
 * they are looked through inside a token ("/t\u202Er") and at the line's edges ("</p\uFFFD"),
 * and a token's range covers those inside it. The recogniser finds these tokens in one line
 * of text, for every HTML element name, and says what each one meant (a cell, row, list item,
 * heading, emphasis, ... boundary) so that the text stage can rebuild structure from them.
 *
 * Precision matters as much as recall: prose that merely contains "<", ">", "/" or a word
 * that happens to be an element name ("a > b", "<img>tag", "and/or", "the table") is left
 * alone. Forms that are ambiguous in prose (a bare "p >" or "/tr", a spaced "< b >" or "<b >"
 * with more words after it: "a < b > c") count only where nothing but other debris follows
 * them on the line, or where the name cannot be an English word.
 *
 * Everything here is linear in the line length: each candidate is examined once, and every
 * white-space skip inside a token is capped.
 */
#ifndef SV_DEBRIS_H
#define SV_DEBRIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the element named by a token does to the structure around it. */
typedef enum sv_debris_elem {
    SV_DE_OTHER = 0,   /* any other element (div, span, a, section, ...) */
    SV_DE_CELL,        /* td */
    SV_DE_HEADER_CELL, /* th */
    SV_DE_ROW,         /* tr */
    SV_DE_TABLE,       /* table, tbody, thead, tfoot, caption, colgroup */
    SV_DE_ITEM,        /* li, dt, dd */
    SV_DE_LIST,        /* ul, ol, dl, menu */
    SV_DE_PARA,        /* p, blockquote, pre, br */
    SV_DE_HEADING,     /* h1..h6 (level in sv_debris.level) */
    SV_DE_STRONG,      /* strong, b */
    SV_DE_EMPHASIS,    /* em, i */
    SV_DE_NONE         /* no element: stray brackets, slug tails */
} sv_debris_elem;

/* Which side of the element a token stands for. */
typedef enum sv_debris_role {
    SV_DR_OPEN = 0, /* "< td >", a leading ">" glued to a cell's text, "< td Temporary" */
    SV_DR_CLOSE,    /* "< /td>>", "< td />", "td>", "tr >", "/tr", "t d>–>" */
    SV_DR_STRAY     /* stray "<" / ">" and slug tails: carry no structure */
} sv_debris_role;

/* sv_debris.level of SV_DE_TABLE tokens that name a part of a table rather than the table or
 * its body (table, tbody, tfoot): a header group or caption closes and rows follow. */
#define SV_DEBRIS_TABLE_PART 1u

typedef struct sv_debris {
    size_t start, end; /* byte range in the line */
    uint8_t elem;      /* sv_debris_elem */
    uint8_t role;      /* sv_debris_role */
    uint8_t level;     /* heading level 1..6; SV_DEBRIS_TABLE_PART for a part of a table
                          (thead, caption, colgroup, col), whose close does not end the
                          table; else 0 */
    bool fragment;     /* an opening fragment "< td Text" of a row or list, or a slug tail */
} sv_debris;

/* Scans s[0..n) (one line, UTF-8, no '\n') and stores its tokens in out, in order; returns
 * their number. When the return value exceeds max, out holds nothing usable: call again with
 * room for at least that many (a line of n bytes never needs more than n + 1).
 * *only_debris is set when nothing but debris, stray brackets and white space (including
 * no-break spaces) remains on the line once the tokens are removed, and the line held at
 * least one token or bracket. */
size_t sv_debris_scan(const char *s, size_t n, sv_debris *out, size_t max, bool *only_debris);
/* The same, adding the steps its loops took to *work (NULL: not counted). A deterministic
 * stand-in for time: tests check that it grows linearly with the line. */
size_t sv_debris_scan_counted(const char *s, size_t n, sv_debris *out, size_t max,
                              bool *only_debris, size_t *work);
/* The same for a line of scraped text (text mode), where a well-formed tag of an element name
 * ("<h2>", "</p>", "</li>") is debris too when it stands at an edge of the line: only white
 * space or other debris before it ("<h2>Title</h2>", "</tr>") or after it ("Text.</p>",
 * "Item</li></ul>"). In the middle of a sentence ("use the <p> tag") it stays, and in the
 * text of parsed HTML (sv_debris_scan) such a tag was written by the page's author. */
size_t sv_debris_scan_text(const char *s, size_t n, sv_debris *out, size_t max,
                           bool *only_debris, size_t *work);

/* Appends s[0..n) to out with every debris token removed, line by line (a token becomes one
 * space, so words on either side stay apart; a line holding only debris and stray brackets
 * keeps nothing but its newline). For text found inside parsed HTML, where scrapers re-wrap
 * wreckage in real markup. Returns 0, or -1 when an allocation from out's arena failed. */
struct sv_buf;
int sv_debris_clean(const char *s, size_t n, struct sv_buf *out);

/* Looks up an element name (ASCII, any case); true when it names an HTML element. elem and
 * level receive its structural meaning. */
bool sv_debris_element(const char *name, size_t n, sv_debris_elem *elem, uint8_t *level);

#endif /* SV_DEBRIS_H */
