/*
 * noise.c — the noise stage for one line of scraped text.
 *
 * Two questions are asked of every line, in this order:
 *
 *  1. Is the whole line noise? A charset dump or "script salad" (the symbol line near the end
 *     of corpus/seed/000_e274ecc84d0eab60.txt, or lines such as
 *     "ŲņŠĶŊŧģĪžŎ  ̉̉̉ ̧҉̧̧  । । । উঢঋশনঋভঈধছঠ ‰„Œ‰‰") is recognised from token-level
 *     evidence that real text of any language does not produce (see salad_* below), and the
 *     line is dropped as one "script-salad" noise entry. The test reads mojibake as the
 *     character it repairs to: Czech, French or German mangled by windows-1252 ("nicmÃ©nÄ›",
 *     "dÃ©clarÃ©") is text to repair, not salad.
 *
 *  2. Otherwise the line is copied character by character, and:
 *     - mojibake (UTF-8 that was read as windows-1252, Latin-1 or windows-1250: "Ã©", "â€™",
 *       "Ð¿Ñ€", "Ă©", "Ăł") is re-encoded to those bytes and decoded as UTF-8 again, when
 *       that is unambiguous (and
 *       once more when the result is mojibake again: "Ã¢â‚¬â„¢", "Ã„â€º" for ě, with the C1
 *       controls that link the pieces of "Ã¢â‚¬Â\u009D" for ”); a lone sequence that
 *       could be meant ("Ä›" in "svÄ›tlech") only on a line that holds other mojibake;
 *       UTF-8 read as Mac OS Roman ("√©", "‚Äô", "ŒπœÉœÑŒøœÅŒØŒ±") is repaired apart, on
 *       evidence of its own (mac_accept);
 *     - Trojan-source bidi overrides and isolates (U+202A..U+202E, U+2066..U+2069) are
 *       removed ("bidi-control"); LRM, RLM and ALM are direction marks right-to-left text
 *       needs and stay on lines that hold such text, elsewhere they go too, as do those
 *       between two letters or two digits, where they direct nothing;
 *     - zero-width characters (U+200B, U+2060, U+FEFF, ...) are removed ("zero-width"),
 *       except ZWJ/ZWNJ inside emoji sequences and between letters of scripts that use them
 *       (Arabic, Indic, ...), and U+200B between letters of Thai, Khmer and other scripts
 *       written without spaces, where it marks word boundaries;
 *     - C0/C1 controls other than TAB ("control"), private-use ("private-use") and unassigned
 *       ("unassigned") code points are removed (VT, FF and NEL leave a space behind);
 *     - stacks of combining marks deeper than SV_ZALGO_DEPTH are trimmed to SV_ZALGO_KEEP
 *       marks, the base letter kept ("zalgo");
 *     - runs of U+FFFD of at least SV_FFFD_RUN on a line without words are removed
 *       ("replacement-run"); on a line of words they are bytes the article lost, and stay
 *       like shorter runs (block text leaves U+FFFD out).
 *
 * Categories come from utf8proc, scripts from scripts.c (generated from Scripts.txt). Every
 * loop below visits each character a bounded number of times: linear in the line length.
 */
#include "noise.h"
#include "scripts.h"

#include <utf8proc.h>

/* A combining-mark stack deeper than this is Zalgo. Real orthographies stay below it:
 * Vietnamese uses two marks on a letter, Indic clusters three or four, Hebrew with points and
 * cantillation four or five. */
#define SV_ZALGO_DEPTH 5
/* Marks kept on a letter whose stack was Zalgo. */
#define SV_ZALGO_KEEP 2
/* One malformed sequence decodes to at most one U+FFFD per byte (six for the old 6-byte
 * forms). Shorter runs mark a lost character, already reported by the decoder, and stay in
 * the text; a longer run is a blob of binary or misdecoded data. */
#define SV_FFFD_RUN 8

/* ---- character helpers -------------------------------------------------------------------- */

/* The deepest stack of combining marks kept whole. */
static size_t zalgo_depth(const salvage_doc *doc)
{
    size_t depth = doc->opts.max_combining;
    return depth == 0 || depth > SV_ZALGO_DEPTH ? SV_ZALGO_DEPTH : depth;
}

/* General categories of U+0000..U+007F, as utf8proc gives them: most characters of scraped
 * text are ASCII, and this spares them the property lookup. */
static const unsigned char ascii_cat[128] = {
    26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, /* Cc */
    26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
    23, 18, 18, 18, 20, 18, 18, 18, 14, 15, 18, 19, 18, 13, 18, 18, /*  !"#$%&'()*+,-./ */
    9,  9,  9,  9,  9,  9,  9,  9,  9,  9,  18, 18, 19, 19, 19, 18, /* 0-9 :;<=>? */
    18, 1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  /* @A-O */
    1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  14, 18, 15, 21, 12, /* P-Z [\]^_ */
    21, 2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  /* `a-o */
    2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  14, 19, 15, 19, 26, /* p-z {|}~ DEL */
};

SV_ALWAYS_INLINE utf8proc_category_t cat_of(uint32_t cp)
{
    if (cp < 0x80)
        return (utf8proc_category_t)ascii_cat[cp];
    /* the CJK Unified Ideographs of Unicode 1.1, letters (Lo) in every version since: the
     * commonest characters beyond ASCII of much text */
    if (cp >= 0x4E00 && cp <= 0x9FA5)
        return UTF8PROC_CATEGORY_LO;
    /* what utf8proc_category returns, one call fewer */
    return (utf8proc_category_t)utf8proc_get_property((utf8proc_int32_t)cp)->category;
}

static bool cat_is_letter(utf8proc_category_t c)
{
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static bool cat_is_mark(utf8proc_category_t c)
{
    return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

static bool cat_is_punct_or_symbol(utf8proc_category_t c)
{
    return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_SO;
}

/* Characters removal_class may remove whatever their category, and U+FFFD (runs of it go).
 * They lie in U+061C..U+2069 and from U+FEFF on, so most letters are answered by two
 * comparisons, and the punctuation of U+2010..U+205F by a few more. */
static bool may_be_removed(uint32_t cp)
{
    if (cp < 0x061C)
        return false;
    if (cp <= 0x2069) {
        if (cp < 0x200B)
            return cp == 0x061C || cp == 0x180E;
        return cp <= 0x200F || (cp >= 0x202A && cp <= 0x202E) || cp >= 0x2060;
    }
    return cp >= 0xFEFF && (cp == 0xFEFF || cp == 0xFFFD || (cp >= 0xE0001 && cp <= 0xE007F));
}

/* Categories removal_class removes: controls, private use, unassigned (but for future
 * pictographs). */
static bool cat_removed(utf8proc_category_t c)
{
    return c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CO || c == UTF8PROC_CATEGORY_CN;
}

/* May the cleaning pass act on cp, a character beyond ASCII of category c, given the marks
 * just before it (*marks, kept up to date) and the deepest stack of them kept whole? (No
 * character of may_be_removed is a mark.) Mojibake is moji_may_start's to tell. */
SV_ALWAYS_INLINE bool char_unclean(uint32_t cp, utf8proc_category_t c, size_t depth,
                                   size_t *marks)
{
    if (cat_is_mark(c))
        return ++*marks > depth;
    *marks = 0;
    return may_be_removed(cp) || cat_removed(c);
}

/* Space separators (Zs) beyond ASCII, spelt out: the set has been stable since Unicode 6.3
 * moved U+180E out, and it is asked of every character. */
static bool is_space_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || cp == '\t';
    if (cp < 0x2000)
        return cp == 0xA0 || cp == 0x1680;
    if (cp > 0x205F)
        return cp == 0x3000;
    return cp <= 0x200A || cp == 0x202F || cp == 0x205F;
}

/* What sv_utf8_decode gives for s[i..len), without the call for ASCII and for the two- and
 * three-byte forms most text is made of. */
SV_ALWAYS_INLINE uint32_t decode_at(const char *s, size_t len, size_t i, size_t *n)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] < 0x80) {
        *n = 1;
        return u[0];
    }
    if (u[0] < 0xE0 && len - i >= 2) {
        *n = 2;
        return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
    }
    if (u[0] < 0xF0 && len - i >= 3) {
        *n = 3;
        return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    }
    return sv_utf8_decode(s + i, len - i, n);
}

/* ---- ASCII runs ------------------------------------------------------------------------------ */

/* What a line's ASCII needs from the passes below, per byte: most scraped text is ASCII, and
 * its runs are taken whole instead of one character at a time. */
enum {
    A_UPPER = 1,  /* A-Z (Lu) */
    A_LOWER = 2,  /* a-z (Ll) */
    A_PS = 4,     /* punctuation or symbol (Pc..So) */
    A_SPACE = 8,  /* ' ' and TAB: they separate tokens */
    A_PRINT = 16, /* kept as it is: 0x20..0x7E and TAB */
    A_ALPHA = 32, /* a letter, of either case */
};
#define A_LETTER (A_UPPER | A_LOWER)

static const unsigned char ascii_kind[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, A_SPACE | A_PRINT, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    A_SPACE | A_PRINT, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, /* !"#$%&'()*+,-./ */
    16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 20, 20, 20, 20, 20, 20, /* 0-9 :;<=>? */
    20, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, /* @A-O */
    49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 49, 20, 20, 20, 20, 20, /* P-Z [\]^_ */
    20, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, /* `a-o */
    50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 20, 20, 20, 20, 0,  /* p-z {|}~ DEL */
};

/* The index of the first byte of a word read by sv_load_le64 whose high bit m has (8 when
 * there is none): the bytes below it are made 0xFF, and their low bits summed. */
static size_t swar_first(uint64_t m)
{
    uint64_t before = ((m & (0 - m)) >> 7) - 1;
    return (size_t)(((before & SV_SWAR_ONES) * SV_SWAR_ONES) >> 56);
}

/* The bytes of x outside 0x20..0x7E, by their high bit; exact up to the first one (what
 * swar_first reads): a byte >= 0x80 shows in its own high bit, x - 0x20 per byte sets it in
 * a byte below 0x20 and x + 1 per byte in 0x7F, their borrows and carries reaching only bytes
 * above. */
static uint64_t swar_unprintable(uint64_t x)
{
    return (x | ((x - 0x20 * SV_SWAR_ONES) & ~x) | (x + SV_SWAR_ONES)) & SV_SWAR_HIGH;
}

/* The end of the run of printable ASCII (A_PRINT: TAB included) that starts at s[i]: eight
 * bytes at a time while none is outside 0x20..0x7E, then the first such byte of the word
 * (a line's last bytes are read as the end of its last eight, those before i shifted out).
 * A TAB is printable, and the run goes on after it. */
SV_ALWAYS_INLINE size_t printable_run(const char *s, size_t len, size_t i)
{
    for (;;) {
        uint64_t m = 0;
        while (i + 8 <= len && !(m = swar_unprintable(sv_load_le64(s + i))))
            i += 8;
        size_t k;
        if (m) {
            k = swar_first(m);
        } else if (i == len) {
            return i;
        } else if (len >= 8) {
            k = swar_first(swar_unprintable(sv_load_le64(s + len - 8)) >> (8 * (i + 8 - len)));
            if (k > len - i)
                k = len - i;
        } else {
            for (k = 0; i + k < len && (unsigned char)s[i + k] < 0x80 &&
                        (ascii_kind[(unsigned char)s[i + k]] & A_PRINT);
                 k++)
                ;
        }
        i += k;
        if (i == len || s[i] != '\t')
            return i;
        i++;
    }
}

/* Scripts that one language writes together count as one writing system: Japanese (kanji +
 * kana), Chinese (Han + Bopomofo) and Korean (Hangul + Hanja) are each one, not several. */
static sv_script script_group(uint32_t cp)
{
    if (cp < 0x80) /* ASCII letters are Latin, the rest Common */
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? SV_SCRIPT_LATIN : SV_SCRIPT_COMMON;
    sv_script s = sv_script_of(cp);
    if (s == SV_SCRIPT_HIRAGANA || s == SV_SCRIPT_KATAKANA || s == SV_SCRIPT_BOPOMOFO ||
        s == SV_SCRIPT_HANGUL)
        return SV_SCRIPT_HAN;
    return s;
}

/* ---- mojibake: windows-1252 / Latin-1 back to bytes ---------------------------------------- */

/* The byte windows-1252 (WHATWG index) or Latin-1 decodes to cp, or -1. U+0080..U+00FF map
 * to themselves, which covers Latin-1 and the five bytes windows-1252 leaves undefined. */
static int cp1252_byte(uint32_t cp)
{
    if (cp >= 0x80 && cp <= 0xFF)
        return (int)cp;
    switch (cp) { /* windows-1252's 0x80..0x9F, by the character each decodes to */
    case 0x20AC: return 0x80;
    case 0x201A: return 0x82;
    case 0x0192: return 0x83;
    case 0x201E: return 0x84;
    case 0x2026: return 0x85;
    case 0x2020: return 0x86;
    case 0x2021: return 0x87;
    case 0x02C6: return 0x88;
    case 0x2030: return 0x89;
    case 0x0160: return 0x8A;
    case 0x2039: return 0x8B;
    case 0x0152: return 0x8C;
    case 0x017D: return 0x8E;
    case 0x2018: return 0x91;
    case 0x2019: return 0x92;
    case 0x201C: return 0x93;
    case 0x201D: return 0x94;
    case 0x2022: return 0x95;
    case 0x2013: return 0x96;
    case 0x2014: return 0x97;
    case 0x02DC: return 0x98;
    case 0x2122: return 0x99;
    case 0x0161: return 0x9A;
    case 0x203A: return 0x9B;
    case 0x0153: return 0x9C;
    case 0x017E: return 0x9E;
    case 0x0178: return 0x9F;
    default: return -1; /* (the five bytes it leaves undefined are among U+0080..U+00FF) */
    }
}

/* UTF-8 read as windows-1250 (Central European pages: "rĂ©plica", "mĂ¶chte", "informaciĂłn")
 * mangles it with the same bytes, partly as other characters. No character windows-1250
 * decodes stands for one byte there and another in windows-1252 or Latin-1, so one mapping
 * from character to byte serves all three: these are the characters only windows-1250 has,
 * by their byte (0 for none), U+0100..U+017F first. */
static const unsigned char cp1250_ext[128] = {
    [0x02] = 0xC3, [0x03] = 0xE3, [0x04] = 0xA5, [0x05] = 0xB9, /* Ă ă Ą ą */
    [0x06] = 0xC6, [0x07] = 0xE6, [0x0C] = 0xC8, [0x0D] = 0xE8, /* Ć ć Č č */
    [0x0E] = 0xCF, [0x0F] = 0xEF, [0x10] = 0xD0, [0x11] = 0xF0, /* Ď ď Đ đ */
    [0x18] = 0xCA, [0x19] = 0xEA, [0x1A] = 0xCC, [0x1B] = 0xEC, /* Ę ę Ě ě */
    [0x39] = 0xC5, [0x3A] = 0xE5, [0x3D] = 0xBC, [0x3E] = 0xBE, /* Ĺ ĺ Ľ ľ */
    [0x41] = 0xA3, [0x42] = 0xB3, [0x43] = 0xD1, [0x44] = 0xF1, /* Ł ł Ń ń */
    [0x47] = 0xD2, [0x48] = 0xF2, [0x50] = 0xD5, [0x51] = 0xF5, /* Ň ň Ő ő */
    [0x54] = 0xC0, [0x55] = 0xE0, [0x58] = 0xD8, [0x59] = 0xF8, /* Ŕ ŕ Ř ř */
    [0x5A] = 0x8C, [0x5B] = 0x9C, [0x5E] = 0xAA, [0x5F] = 0xBA, /* Ś ś Ş ş */
    [0x62] = 0xDE, [0x63] = 0xFE, [0x64] = 0x8D, [0x65] = 0x9D, /* Ţ ţ Ť ť */
    [0x6E] = 0xD9, [0x6F] = 0xF9, [0x70] = 0xDB, [0x71] = 0xFB, /* Ů ů Ű ű */
    [0x79] = 0x8F, [0x7A] = 0x9F, [0x7B] = 0xAF, [0x7C] = 0xBF, /* Ź ź Ż ż */
};

/* The byte only windows-1250 decodes to cp, or -1. */
static int cp1250_byte(uint32_t cp)
{
    if (cp - 0x100u < 0x80u)
        return cp1250_ext[cp - 0x100u] ? cp1250_ext[cp - 0x100u] : -1;
    switch (cp) { /* its spacing diacritics */
    case 0x02C7: return 0xA1; /* ˇ */
    case 0x02D8: return 0xA2; /* ˘ */
    case 0x02D9: return 0xFF; /* ˙ */
    case 0x02DB: return 0xB2; /* ˛ */
    case 0x02DD: return 0xBD; /* ˝ */
    default: return -1;
    }
}

/* The byte windows-1252, Latin-1 or windows-1250 decodes to cp, or -1. */
static int moji_byte(uint32_t cp)
{
    int b = cp1252_byte(cp);
    return b >= 0 ? b : cp1250_byte(cp);
}

/* Can cp start a mojibake sequence? Only characters that windows-1252, Latin-1 or
 * windows-1250 decode from a UTF-8 lead byte (0xC2..0xF4) can: cp1252_byte maps
 * U+0080..U+00FF to themselves and every other character it knows to 0x80..0x9F, which leads
 * nothing; windows-1250 adds letters of U+0102..U+0171 ("Ă" for C3, "č" for E8). */
static bool is_moji_lead(uint32_t cp)
{
    if (cp >= 0xC2 && cp <= 0xF4)
        return true;
    return cp - 0x100u < 0x80u && cp1250_ext[cp - 0x100u] >= 0xC2 &&
           cp1250_ext[cp - 0x100u] <= 0xF4;
}

/* What may follow the lead character of a mojibake sequence, by the first byte of the next
 * character: MOJI_NEXT_CONT for a character that can continue one (moji_byte maps it to
 * 0x80..0xBF: U+0080..U+00BF, lead byte C2, the windows-1252 characters of U+0152..U+02DC,
 * C5 C6 CB, and U+2013..U+2122, E2, and windows-1250's of U+0104..U+02DD, C4 C5 CB);
 * MOJI_NEXT_GAP for one that may be an
 * invisible character slipped between the characters of a sequence (moji_gap). */
enum { MOJI_NEXT_CONT = 1, MOJI_NEXT_GAP = 2 };

static const unsigned char moji_next[256] = {
    /* C0 controls but TAB */
    2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    [0x7F] = 2, [0xC2] = 1, [0xC4] = 1, [0xC5] = 1, [0xC6] = 1, [0xCB] = 1,
    [0xD8] = 2, [0xE1] = 2, [0xE2] = 3, [0xEF] = 2,
};

/* The length of an invisible character at s[j] that scrapers and editors slip into words,
 * and so between the characters of a mojibake sequence ("Ã\u200B©" for "é"): a C0 control
 * other than TAB, DEL, a zero-width character (U+200B..U+200D, U+2060..U+2064, U+FEFF,
 * U+180E) or a bidi control (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069, U+061C);
 * else 0. None can continue a sequence, and the cleaning pass removes each of them anyway
 * (but for the direction marks of right-to-left text, which has no mojibake to hold them).
 * C1 controls and the soft hyphen are not among them: windows-1252 and Latin-1 read
 * continuation bytes as those. */
static size_t moji_gap(const char *s, size_t len, size_t j)
{
    const unsigned char *u = (const unsigned char *)s + j;
    if (!(moji_next[u[0]] & MOJI_NEXT_GAP))
        return 0;
    if (u[0] < 0x80)
        return 1;
    if (u[0] == 0xD8)
        return len - j >= 2 && u[1] == 0x9C ? 2 : 0;
    if (len - j < 3)
        return 0;
    if (u[0] == 0xE1)
        return u[1] == 0xA0 && u[2] == 0x8E ? 3 : 0;
    if (u[0] == 0xEF)
        return u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
    if (u[1] == 0x80) /* E2 80: U+200B..U+200F, U+202A..U+202E */
        return (u[2] >= 0x8B && u[2] <= 0x8F) || (u[2] >= 0xAA && u[2] <= 0xAE) ? 3 : 0;
    if (u[1] == 0x81) /* E2 81: U+2060..U+2064, U+2066..U+2069 */
        return u[2] >= 0xA0 && u[2] <= 0xA9 && u[2] != 0xA5 ? 3 : 0;
    return 0;
}

/* At most this many invisible characters are passed between two characters of a sequence. */
#define SV_MOJI_GAPS 3

/* May a mojibake sequence start at the character cp of n bytes at s[i]? A lead character
 * followed by a character that can continue one, or by an invisible one (moji_gap); moji_at
 * tells whether one does. */
static bool moji_may_start(const char *s, size_t len, size_t i, uint32_t cp, size_t n)
{
    return is_moji_lead(cp) && i + n < len && moji_next[(unsigned char)s[i + n]] != 0;
}

typedef struct moji_seq {
    size_t chars;  /* characters of the text it spans (2..4), 0 when none */
    size_t bytes;  /* bytes of doc->text it spans */
    uint32_t cp;   /* what they decode to */
    int lead;      /* the first byte */
    int second;    /* the second byte */
    int last;      /* the last byte */
    bool nbsp;     /* a continuation byte was A0, read as U+00A0 NO-BREAK SPACE */
    bool c1;       /* a continuation byte was read as a C1 control (U+0080..U+009F) */
    bool cp1250;   /* a continuation byte was read as a letter only windows-1250 has */
} moji_seq;

static int mac_byte(uint32_t cp);

/* The rest of a sequence whose lead character (n bytes at s[i]) stands for the byte b, read
 * in windows-1252 or windows-1250 (mac false) or in Mac OS Roman (mac true): the
 * continuation bytes that make it well-formed UTF-8 of at least U+0080, invisible characters
 * between them passed. chars is 0 when they do not follow. */
static moji_seq moji_rest(const char *s, size_t len, size_t i, size_t n, int b, bool mac)
{
    moji_seq m = {0, 0, 0, 0, 0, 0, false, false, false};
    size_t need = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : 0;
    if (need == 0)
        return m;
    uint32_t cp = (uint32_t)b & (need == 1 ? 0x1Fu : need == 2 ? 0x0Fu : 0x07u);
    size_t j = i + n;
    for (size_t k = 0; k < need; k++) {
        size_t gap;
        for (int g = 0; g < SV_MOJI_GAPS && j < len && (gap = moji_gap(s, len, j)) != 0; g++)
            j += gap;
        if (j >= len)
            return m;
        uint32_t ch = decode_at(s, len, j, &n);
        int c;
        if (mac) {
            c = ch >= 0x80 ? mac_byte(ch) : -1;
        } else {
            c = cp1252_byte(ch);
            if (c < 0 && (c = cp1250_byte(ch)) >= 0 && ch < 0x180)
                m.cp1250 = true;
        }
        if (c < 0x80 || c > 0xBF)
            return m;
        m.nbsp |= !mac && c == 0xA0;
        m.c1 |= !mac && ch <= 0x9F;
        if (k == 0)
            m.second = c;
        /* second-byte ranges of well-formed UTF-8 (Unicode table 3-7) */
        if (k == 0 && ((b == 0xE0 && c < 0xA0) || (b == 0xED && c > 0x9F) ||
                       (b == 0xF0 && c < 0x90) || (b == 0xF4 && c > 0x8F)))
            return m;
        cp = (cp << 6) | ((uint32_t)c & 0x3Fu);
        j += n;
    }
    m.chars = need + 1;
    m.bytes = j - i;
    m.cp = cp;
    m.lead = b;
    m.last = (int)(0x80 | (cp & 0x3F));
    return m;
}

/* Does a UTF-8 sequence, written in windows-1252 (or windows-1250), start at s[i]? It must be
 * shortest-form, not a surrogate, and decode to at least U+0080. Invisible characters
 * between its characters (moji_gap) are part of the span it repairs: they were never text. */
static moji_seq moji_at(const char *s, size_t len, size_t i)
{
    moji_seq m = {0, 0, 0, 0, 0, 0, false, false, false};
    size_t n;
    if (i >= len || (unsigned char)s[i] < 0x80) /* ASCII is no windows-1252 lead byte */
        return m;
    uint32_t lead = decode_at(s, len, i, &n);
    if (!moji_may_start(s, len, i, lead, n))
        return m;
    return moji_rest(s, len, i, n, moji_byte(lead), false);
}

/* Could the sequence m be mojibake at all? UTF-8 of real text never holds a control, a
 * surrogate, a private-use or an unassigned code point, so a sequence that decodes to one
 * ("Þ¿" to U+07BF, unassigned) is what it looks like: the cleaning pass never repairs it,
 * and it makes no other sequence of its token less ambiguous (moji_accept). */
static bool moji_possible(const moji_seq *m)
{
    if (!m->chars)
        return false;
    utf8proc_category_t c = cat_of(m->cp);
    return !cat_removed(c) && c != UTF8PROC_CATEGORY_CS;
}

/* Mojibake sequences moji_possible takes in the token starting at s[i] (up to the next white
 * space), and their characters. */
static size_t moji_count_token(const char *s, size_t len, size_t i, size_t *chars)
{
    size_t count = 0, n;
    *chars = 0;
    while (i < len) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* ASCII: white space ends the token, anything else is no sequence */
            if (b == ' ' || b == '\t')
                break;
            i++;
            continue;
        }
        uint32_t cp = decode_at(s, len, i, &n);
        if (is_space_cp(cp))
            break;
        if (!is_moji_lead(cp)) {
            i += n;
            continue;
        }
        moji_seq m = moji_at(s, len, i);
        if (moji_possible(&m)) {
            count++;
            *chars += m.chars;
            i += m.bytes;
        } else {
            i += n; /* (no sequence starts inside one: its continuations lead nothing) */
        }
    }
    return count;
}

/* A repair is unambiguous when the token holds several sequences ("Ð¿Ñ€Ð¸", "è‚‰ã‚’"),
 * or when one sequence alone could not be real text:
 *  - "Â" or "Ã" before a C1 or Latin-1 symbol character ("Ã©", "Â "), the Latin-1 range
 *    and by far the commonest case;
 *  - "â" before two such characters ("â€™", "â†’"): punctuation, arrows, symbols;
 *  - "ã€", "ã‚", "ãƒ" (CJK punctuation and kana) and four-character sequences ("ðŸ˜€").
 * Other single sequences also occur in real text: "É»" (French capitals before a guillemet),
 * "é”—" (a quoted word before a dash, read as one CJK character), so they stay. So does a
 * single sequence of two continued by a letter only windows-1250 has: "ĂŞ" in Romanian capitals
 * ("PĂŞUNE") is no "ê" (moji_in_word judges it by its neighbours). The result must be a
 * character real text uses. */
static bool moji_accept(const moji_seq *m, size_t token_seqs)
{
    if (!moji_possible(m))
        return false;
    if (token_seqs >= 2 || m->chars == 4)
        return true;
    if (m->chars == 2)
        return (m->lead == 0xC2 || m->lead == 0xC3) && !m->cp1250;
    return m->lead == 0xE2 || (m->lead == 0xE3 && m->second <= 0x83);
}

/* A single two-character sequence that moji_accept leaves, repaired to a letter: "Ä›" (ě),
 * "Å¡" (š), "Å™" (ř), "ÄŒ" (Č) in Czech, "Å‚" (ł) in Polish, "Ð¸" (и). Alone in a word
 * these are ambiguous ("Ä" before a symbol could be meant), so moji_in_context takes them
 * only on a line that also holds mojibake moji_accept takes. Guillemets stay out: "É»" ends
 * French words in capitals. When the second character is a C1 control ("Ä\u008d" for č)
 * the line need not say more: a control after a letter is no text, and it is the byte that
 * windows-1252 leaves undefined. */
static bool moji_single_letter(const moji_seq *m)
{
    return m->chars == 2 && m->lead >= 0xC4 && !m->nbsp && m->second != 0xAB &&
           m->second != 0xBB && cat_is_letter(cat_of(m->cp));
}

/* Does the line s[0..len) hold a sequence moji_accept takes (its own token's count)? The
 * tokens are cut as moji_count_token cuts them; each is read twice at most. */
static bool line_has_mojibake(const char *s, size_t len)
{
    size_t i = 0, n;
    while (i < len) {
        while (i < len && is_space_cp(decode_at(s, len, i, &n)))
            i += n;
        size_t chars, seqs = i < len ? moji_count_token(s, len, i, &chars) : 0;
        while (i < len) {
            uint32_t cp = decode_at(s, len, i, &n);
            if (is_space_cp(cp))
                break;
            if (seqs && is_moji_lead(cp)) {
                moji_seq m = moji_at(s, len, i);
                if (m.chars && !m.nbsp && moji_accept(&m, seqs))
                    return true;
                if (m.chars)
                    n = m.bytes;
            }
            i += n;
        }
    }
    return false;
}

/* The character that ends just before s[at], or 0 at the line's start; *start receives
 * where it starts (at at the line's start). */
static uint32_t cp_before(const char *s, size_t at, size_t *start)
{
    *start = at;
    if (at == 0)
        return 0;
    size_t p = at - 1, n;
    while (p > 0 && at - p < 4 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    *start = p;
    return sv_utf8_decode(s + p, at - p, &n);
}

/* Does an English contraction follow an apostrophe, from s[j] on: "s", "t", "d", "m", "ll",
 * "re" or "ve", then no letter? ("CAFÉ’s" is a possessive, not "É’" mangled.) */
static bool contraction_at(const char *s, size_t len, size_t j)
{
    char w[3] = {0, 0, 0};
    size_t k = 0;
    for (; j + k < len && k < 3; k++) {
        unsigned char b = (unsigned char)s[j + k];
        if (b >= 0x80 || !(ascii_kind[b] & A_ALPHA))
            break;
        w[k] = (char)(b | 0x20);
    }
    if (k == 0 || k == 3 || (j + k < len && (unsigned char)s[j + k] >= 0x80))
        return false;
    if (k == 1)
        return w[0] == 's' || w[0] == 't' || w[0] == 'd' || w[0] == 'm';
    return (w[0] == 'l' && w[1] == 'l') || (w[0] == 'r' && w[1] == 'e') ||
           (w[0] == 'v' && w[1] == 'e');
}

static bool is_ascii_digit(uint32_t cp) { return cp - '0' < 10; }

/* Is the letter cp (category c) where the case of its neighbours lets a word have it? The
 * word goes on after it with a letter of category nc; prev is the character before it, and
 * prev2 the one before that. A capital starts a word, or stands in a word of capitals; a
 * small letter follows small letters, or the capital that starts its word. ("PÅ”svenska",
 * a capital, a closing quote and no space, would read as "PŔsvenska".) */
static bool moji_case_fits(utf8proc_category_t c, utf8proc_category_t nc, uint32_t prev,
                           uint32_t prev2)
{
    utf8proc_category_t pc = cat_of(prev);
    if (c == UTF8PROC_CATEGORY_LU)
        return !cat_is_letter(pc) || (pc == UTF8PROC_CATEGORY_LU && nc == UTF8PROC_CATEGORY_LU);
    if (c != UTF8PROC_CATEGORY_LL)
        return c == UTF8PROC_CATEGORY_LO; /* no modifier letters (Lm) or digraphs (Lt) */
    if (nc == UTF8PROC_CATEGORY_LU)
        return false;
    return pc != UTF8PROC_CATEGORY_LU || !cat_is_letter(cat_of(prev2));
}

/* The last letter of a small-letter Latin word, mangled ("hapÅ«" for hapū, "takahÄ“" for
 * takahē, "kdyÅ¾" for když): the sequence ends the word, follows a small Latin letter and
 * decodes to a small letter of a language's alphabet. Its first character is a Latin-1
 * capital, which real text never puts after small letters inside a word. */
static bool moji_word_end(const moji_seq *m, utf8proc_category_t c, uint32_t prev,
                          utf8proc_category_t pc)
{
    return m->chars == 2 && m->lead >= 0xC4 && m->lead <= 0xDE && c == UTF8PROC_CATEGORY_LL &&
           pc == UTF8PROC_CATEGORY_LL && script_group(prev) == SV_SCRIPT_LATIN &&
           m->cp <= 0x023F;
}

/* A single sequence that no rule above takes, repaired to a letter where its neighbours say
 * which writing it belongs to (windows-1252 mangles the one Polish, Turkish or Vietnamese
 * letter of a word as readily as a whole line: "GdaÅ„sk", "Ä°stanbul", "Nguyá»…n"):
 *  - a letter of Han, kana or Hangul next to a digit or another such letter ("150å††" for
 *    "150円", "2024å¹´" for "2024年"): no European word puts "å" or "ì" after a digit;
 *  - any other letter directly followed by a letter of the same writing system, not
 *    preceded by a letter of another, and in the case its neighbours call for
 *    (moji_case_fits): "Å„" inside "GdaÅ„sk" is ń, "á»™" in "Ná»™i" is ộ. A Latin letter
 *    must be one of a language's alphabet (U+00C0..U+023F, U+1E00..U+1EFF), not IPA or
 *    the rare letters of U+0240..U+024F that "É" before punctuation reads as.
 * Real text puts a Latin-1 capital before a symbol at the end of a word ("CAFÉ”", "ÅRE®",
 * "ÉTÉ»"), which the letter required after it keeps out, and "É" reads as IPA; also refused
 * are the apostrophe of an English contraction ("ÅKE’s"), a soft hyphen (hyphenation inside
 * words) and a no-break space. */
static bool moji_in_word(const moji_seq *m, const char *s, size_t len, size_t at)
{
    if (m->nbsp || m->second == 0xAD || m->last == 0xAD)
        return false;
    utf8proc_category_t c = cat_of(m->cp);
    if (!cat_is_letter(c))
        return false;
    size_t n, j = at + m->bytes, prev_at;
    uint32_t next = j < len ? decode_at(s, len, j, &n) : 0, prev = cp_before(s, at, &prev_at);
    utf8proc_category_t nc = cat_of(next), pc = cat_of(prev);
    sv_script g = script_group(m->cp);
    if (g == SV_SCRIPT_HAN)
        return is_ascii_digit(prev) || is_ascii_digit(next) ||
               (cat_is_letter(pc) && script_group(prev) == g) ||
               (cat_is_letter(nc) && script_group(next) == g);
    if (g == SV_SCRIPT_LATIN && !cat_is_letter(nc))
        return moji_word_end(m, c, prev, pc);
    if (!cat_is_letter(nc) || script_group(next) != g)
        return false;
    if (cat_is_letter(pc) && script_group(prev) != g)
        return false;
    if (g == SV_SCRIPT_LATIN && m->cp > 0x023F && (m->cp < 0x1E00 || m->cp > 0x1EFF))
        return false;
    if (!moji_case_fits(c, nc, prev, cp_before(s, prev_at, &n)))
        return false;
    return !((m->last == 0x91 || m->last == 0x92 || m->last == 0xB4) && contraction_at(s, len, j));
}

/* moji_accept; the single sequences of moji_single_letter, single sequences of three
 * characters that decode to a letter and those of two continued by a letter only
 * windows-1250 has ("oĂą" for où), where they hold a C1 control ("ì›\u0090" for 원: a
 * C1 control is no text, and it is what windows-1252 leaves undefined) or the line holds
 * other mojibake (*line_moji caches line_has_mojibake for the line, -1 while not known);
 * and moji_in_word's, the sequence m standing at s[at]. */
static bool moji_in_context(const moji_seq *m, size_t token_seqs, const char *s, size_t len,
                            size_t at, int *line_moji)
{
    if (moji_accept(m, token_seqs))
        return true;
    if (!moji_possible(m))
        return false;
    /* a single letter of two characters, or of three ("DeepMindçš„AlphaGo" among the
     * line's other CJK mojibake) */
    if (moji_single_letter(m) || (m->chars == 3 && cat_is_letter(cat_of(m->cp))) ||
        (m->cp1250 && m->chars == 2 && cat_is_letter(cat_of(m->cp)))) {
        if (m->c1)
            return true;
        if (*line_moji < 0)
            *line_moji = line_has_mojibake(s, len);
        if (*line_moji == 1)
            return true;
    }
    return moji_in_word(m, s, len, at);
}

/* ---- mojibake: Mac OS Roman back to bytes -------------------------------------------------- */

/* UTF-8 read as Mac OS Roman, the encoding of older Mac software, is mangled with other
 * characters: "√©" for é, "‚Äô" for ’, "ÁÑ∂" for 然, "Œó" for Η. The same bytes stand for
 * other characters than in windows-1252, so it is read apart, with its own evidence.
 * mac_latin1 is the byte of U+00A0..U+00FF in Mac OS Roman (0 for none), mac_byte adds the
 * rest of its upper half. */
static const unsigned char mac_latin1[96] = {
    0xCA, 0xC1, 0xA2, 0xA3, 0x00, 0xB4, 0x00, 0xA4, 0xAC, 0xA9, 0xBB, 0xC7,
    0xC2, 0x00, 0xA8, 0xF8, 0xA1, 0xB1, 0x00, 0x00, 0xAB, 0xB5, 0xA6, 0xE1,
    0xFC, 0x00, 0xBC, 0xC8, 0x00, 0x00, 0x00, 0xC0, 0xCB, 0xE7, 0xE5, 0xCC,
    0x80, 0x81, 0xAE, 0x82, 0xE9, 0x83, 0xE6, 0xE8, 0xED, 0xEA, 0xEB, 0xEC,
    0x00, 0x84, 0xF1, 0xEE, 0xEF, 0xCD, 0x85, 0x00, 0xAF, 0xF4, 0xF2, 0xF3,
    0x86, 0x00, 0x00, 0xA7, 0x88, 0x87, 0x89, 0x8B, 0x8A, 0x8C, 0xBE, 0x8D,
    0x8F, 0x8E, 0x90, 0x91, 0x93, 0x92, 0x94, 0x95, 0x00, 0x96, 0x98, 0x97,
    0x99, 0x9B, 0x9A, 0xD6, 0xBF, 0x9D, 0x9C, 0x9E, 0x9F, 0x00, 0x00, 0xD8,
};

/* The byte Mac OS Roman decodes to cp (from 0x80 on), or -1. */
static int mac_byte(uint32_t cp)
{
    if (cp - 0xA0u < 96u)
        return mac_latin1[cp - 0xA0u] ? mac_latin1[cp - 0xA0u] : -1;
    switch (cp) {
    case 0x0131: return 0xF5; /* ı */
    case 0x0152: return 0xCE; /* Œ */
    case 0x0153: return 0xCF; /* œ */
    case 0x0178: return 0xD9; /* Ÿ */
    case 0x0192: return 0xC4; /* ƒ */
    case 0x02C6: return 0xF6; /* ˆ */
    case 0x02C7: return 0xFF; /* ˇ */
    case 0x02D8: return 0xF9; /* ˘ */
    case 0x02D9: return 0xFA; /* ˙ */
    case 0x02DA: return 0xFB; /* ˚ */
    case 0x02DB: return 0xFE; /* ˛ */
    case 0x02DC: return 0xF7; /* ˜ */
    case 0x02DD: return 0xFD; /* ˝ */
    case 0x03A9: return 0xBD; /* Ω */
    case 0x03C0: return 0xB9; /* π */
    case 0x2013: return 0xD0; /* – */
    case 0x2014: return 0xD1; /* — */
    case 0x2018: return 0xD4; /* ‘ */
    case 0x2019: return 0xD5; /* ’ */
    case 0x201A: return 0xE2; /* ‚ */
    case 0x201C: return 0xD2; /* “ */
    case 0x201D: return 0xD3; /* ” */
    case 0x201E: return 0xE3; /* „ */
    case 0x2020: return 0xA0; /* † */
    case 0x2021: return 0xE0; /* ‡ */
    case 0x2022: return 0xA5; /* • */
    case 0x2026: return 0xC9; /* … */
    case 0x2030: return 0xE4; /* ‰ */
    case 0x2039: return 0xDC; /* ‹ */
    case 0x203A: return 0xDD; /* › */
    case 0x2044: return 0xDA; /* ⁄ */
    case 0x20AC: return 0xDB; /* € */
    case 0x2122: return 0xAA; /* ™ */
    case 0x2202: return 0xB6; /* ∂ */
    case 0x2206: return 0xC6; /* ∆ */
    case 0x220F: return 0xB8; /* ∏ */
    case 0x2211: return 0xB7; /* ∑ */
    case 0x221A: return 0xC3; /* √ */
    case 0x221E: return 0xB0; /* ∞ */
    case 0x222B: return 0xBA; /* ∫ */
    case 0x2248: return 0xC5; /* ≈ */
    case 0x2260: return 0xAD; /* ≠ */
    case 0x2264: return 0xB2; /* ≤ */
    case 0x2265: return 0xB3; /* ≥ */
    case 0x25CA: return 0xD7; /* ◊ */
    case 0xF8FF: return 0xF0; /* the Apple logo (private use) */
    case 0xFB01: return 0xDE; /* ﬁ */
    case 0xFB02: return 0xDF; /* ﬂ */
    default: return -1;
    }
}

/* Can cp start a sequence in Mac OS Roman (its byte C2..F4)? None lies below U+00A0, in
 * U+0193..U+2012 (Greek, Cyrillic, Hebrew, Arabic, Indic letters) or in U+25CB..U+F8FE (CJK,
 * kana, Hangul): most letters of such text are refused by the first comparisons. */
static bool mac_lead(uint32_t cp)
{
    if (cp < 0xA0 || (cp > 0x192 && cp < 0x2013) || (cp > 0x25CA && cp < 0xF8FF))
        return false;
    int b = mac_byte(cp);
    return b >= 0xC2 && b <= 0xF4;
}

/* May a Mac OS Roman sequence start at the character cp of n bytes at s[i]? A lead followed
 * by a character that can continue one (its byte 80..BF) or by an invisible one (moji_gap).
 * Those characters start with the bytes C2, C3 (Latin-1), CE, CF (Ω, π) or E2 (†, •, ™,
 * ∂..≥), or are what moji_next calls a gap (mac_next has them all): the byte after the lead
 * refuses most leads ("’s", "“The") before the lead itself is looked up. */
static const unsigned char mac_next[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    [0x7F] = 1, [0xC2] = 1, [0xC3] = 1, [0xCE] = 1, [0xCF] = 1,
    [0xD8] = 1, [0xE1] = 1, [0xE2] = 1, [0xEF] = 1,
};

static bool mac_starts(const char *s, size_t len, size_t i, uint32_t cp, size_t n)
{
    if (!mac_lead(cp))
        return false;
    size_t m;
    uint32_t next = decode_at(s, len, i + n, &m);
    int b = next >= 0x80 ? mac_byte(next) : -1;
    return (b >= 0x80 && b <= 0xBF) || moji_gap(s, len, i + n) != 0;
}

SV_ALWAYS_INLINE bool mac_may_start(const char *s, size_t len, size_t i, uint32_t cp, size_t n)
{
    return i + n < len && mac_next[(unsigned char)s[i + n]] && mac_starts(s, len, i, cp, n);
}

/* A UTF-8 sequence written in Mac OS Roman at s[i], as moji_at reads one in windows-1252. */
static moji_seq mac_at(const char *s, size_t len, size_t i)
{
    moji_seq m = {0, 0, 0, 0, 0, 0, false, false, false};
    size_t n;
    if (i >= len || (unsigned char)s[i] < 0x80)
        return m;
    uint32_t lead = decode_at(s, len, i, &n);
    if (!mac_lead(lead))
        return m;
    return moji_rest(s, len, i, n, mac_byte(lead), true);
}

/* What a Mac OS Roman sequence may repair to: a letter, or punctuation of the kinds text
 * mangled this way is full of (general punctuation "’–…", CJK "、。", fullwidth "，（"). Its
 * pieces in Latin-1 text decode to marks and rare symbols ("÷ú" to U+059C), which stay. */
static bool mac_possible(const moji_seq *m)
{
    if (!moji_possible(m))
        return false;
    uint32_t cp = m->cp;
    return cat_is_letter(cat_of(cp)) || (cp >= 0x2010 && cp <= 0x205E) ||
           (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF65);
}

/* Mac OS Roman sequences mac_possible takes in the token starting at s[i] (up to the next
 * white space), and their characters, counted as several only when they make at least half
 * of the token's characters and their letters belong to one writing system: mangled Greek,
 * Cyrillic or Chinese is mangled through and through ("ŒπœÉœÑŒøœÅŒØŒ±", "ÁÑ∂ËÄåÔºå"), while
 * French puts a dash or an apostrophe before an accented letter here and there
 * ("l’été—écrit", where "’é" and "—é" would read as an Armenian and a Cyrillic letter). */
static size_t mac_count_token(const char *s, size_t len, size_t i, size_t *chars)
{
    size_t count = 0, all = 0, n;
    sv_script script = SV_SCRIPT_UNKNOWN;
    bool one_script = true;
    *chars = 0;
    while (i < len) {
        uint32_t cp = decode_at(s, len, i, &n);
        if (cp == ' ' || cp == '\t' || is_space_cp(cp))
            break;
        moji_seq m = mac_lead(cp) ? mac_at(s, len, i) : (moji_seq){0};
        if (mac_possible(&m)) {
            count++;
            *chars += m.chars;
            all += m.chars;
            i += m.bytes;
            sv_script g = script_group(m.cp);
            if (cat_is_letter(cat_of(m.cp)) && g != SV_SCRIPT_COMMON) { /* not "ー" */
                one_script = one_script && (script == SV_SCRIPT_UNKNOWN || script == g);
                script = g;
            }
        } else {
            all++;
            i += n;
        }
    }
    if (count >= 2 && (2 * *chars < all || !one_script))
        count = 1;
    return count;
}

/* A Mac OS Roman repair is taken when the token holds several sequences ("ÁÑ∂ËÄåÔºå",
 * "ŒπœÉœÑŒøœÅŒØŒ±"), or one that real text does not write: "√" or "¬" before a character
 * that continues it ("r√©plica", "¬†"), "‚Ä" before a third one ("‚Äô", "‚Äî"), or four
 * characters (emoji). A single "«é" or "—à" is French with its quotes and dashes. */
static bool mac_accept(const moji_seq *m, size_t token_seqs)
{
    if (!mac_possible(m))
        return false;
    if (token_seqs >= 2 || m->chars == 4)
        return true;
    if (m->chars == 2)
        return m->lead == 0xC2 || m->lead == 0xC3;
    return m->chars == 3 && m->lead == 0xE2 && m->second == 0x80;
}

/* ---- script salad -------------------------------------------------------------------------- */

/* Kinds of evidence a token can give; each real-text accident gives at most one weak kind. */
enum {
    SALAD_ORPHAN = 1 << 0,  /* a combining mark with no letter under it: " ̉̉̉", "҉̧" */
    SALAD_C1 = 1 << 1,      /* windows-1252 C1 glyphs with nothing else: "‰„Œ‰‰" */
    SALAD_L1SYM = 1 << 2,   /* Latin-1 symbols among letters: "°¶Åú¶ÿ¹¨úº÷" */
    SALAD_REPEAT = 1 << 3,  /* letters only in runs: "CCCFFFFFVVVVVV", "JJJJCCCCCCKK" */
    SALAD_CASE = 1 << 4,    /* case flipping inside a non-ASCII word: "ŲņŠĶŊŧģĪžŎ" */
    SALAD_MIX = 1 << 5,     /* letters of two writing systems in one word */
    SALAD_SYMREP = 1 << 6,  /* the same symbol token three times: "! ! !", "॥ ॥ ॥" */
    SALAD_NOMATRA = 1 << 7, /* a long Indic word without a single vowel sign (or Thai
                               consonants without a vowel) */
    SALAD_ASCEND = 1 << 8,  /* consecutive code points, as in a charset table: "ÀÁÂÃÄÅÆÇ" */
    SALAD_CAMEL = 1 << 9,   /* flips in a word with ASCII letters: "getElementById" */
    SALAD_VIET = 1 << 10,   /* three Vietnamese vowels in one word: "ẤắưỬẹẾ" (a syllable
                               carries one) */
    SALAD_ACCENTS = 1 << 11, /* five accented Latin letters in a row: "ŏŝąğĘ" (no language
                                writes more than four: Turkish "İŞÇİ") */
    SALAD_SYMBOLS = 1 << 12, /* three or four different symbols of salad_symbol make up
                                half a token: "ⓑⓐⓐ▼□" (and keyboard shortcuts "⌃⌥⌘T") */
    SALAD_SYMBOLS_MANY = 1 << 13, /* five or more different ones: "▽ⓘⓑⓕⓖ△■" */
    SALAD_STACKS = 1 << 14, /* three combining marks a letter or more, over two letters or
                               more: Zalgo words "h̝͆e̲͑ĺ͞l̦ͣoͩͮ" (pointed Hebrew, vocalised
                               Arabic, Indic clusters, Tibetan stacks stay below two) */
};

/* Kinds a token of real writing never gives (SALAD_SYMREP is counted by the token) */
#define SALAD_ODD                                                                           \
    (SALAD_ORPHAN | SALAD_C1 | SALAD_L1SYM | SALAD_REPEAT | SALAD_NOMATRA | SALAD_ASCEND |  \
     SALAD_VIET | SALAD_ACCENTS | SALAD_SYMBOLS | SALAD_SYMBOLS_MANY | SALAD_STACKS)

#define SALAD_WEAK \
    (SALAD_CASE | SALAD_MIX | SALAD_SYMREP | SALAD_NOMATRA | SALAD_CAMEL | SALAD_SYMBOLS)
/* Kinds that real multilingual text produces most: left out when three scripts on a line
 * are themselves the evidence ("IT-компания", "iPhone을", "getElementById"). */
#define SALAD_MULTILINGUAL (SALAD_MIX | SALAD_CAMEL)

static int salad_weight(unsigned kind)
{
    switch (kind) {
    case SALAD_CASE:
    case SALAD_MIX:
    case SALAD_SYMREP:
    case SALAD_NOMATRA:
    case SALAD_CAMEL:
    case SALAD_SYMBOLS:
        return 1; /* weak: "ГосДума", "Яндекс.Taxi", ". . .", rare Hindi words, camelCase,
                     keyboard shortcuts "⌃⌥⌘T" */
    default:
        return 2;
    }
}

/* Per-token counters, filled one character at a time (the wider first, without padding:
 * the struct is cleared for every token). */
typedef struct salad_tok {
    size_t chars, letters, marks, c1, c1_soft, digits;
    size_t w1252;              /* windows-1252 glyphs of 0x80..0x9F (is_c1_glyph's and the
                                  quotes, dashes, bullet, ellipsis and letters) */
    size_t viet;               /* letters of U+1EA0..U+1EF9, Vietnamese vowels with tones */
    size_t accents, max_accents; /* run of letters of U+00C0..U+024F, and the longest */
    uint64_t l1sym;            /* bit (cp - 0xA1) for U+00A1..U+00BF, bit 31 for × and ÷,
                                  bit 32 for a symbol between two letters */
    size_t run_len, runs;      /* the current run of one repeated letter, and the runs */
    size_t long_runs;          /* runs before the current one three or more long */
    size_t cased, flips;
    size_t ngroups;            /* saturates at 3 */
    size_t symbols, symbols_distinct; /* characters of salad_symbol, and how many different
                                         ones (saturates at 5) */
    size_t asc_run, asc_steps;
    size_t thai_cons;          /* Thai consonants (U+0E01..U+0E2E) among the letters */
    uint32_t sym_after_letter; /* a Latin-1 symbol just seen after a letter, else 0 */
    uint32_t guillemet;        /* « or » just seen after a letter, else 0 */
    uint32_t run_cp;           /* the letter of the current run */
    int last_case;             /* 0 none, 1 upper, 2 lower */
    sv_script groups[2];       /* the first two writing systems of its letters */
    sv_script first_script;
    uint32_t prev_cp;
    utf8proc_category_t prev_cat;
    bool orphan, ascii_letter, nonascii_letter, all_ps;
    /* SALAD_REPEAT: so far letters only, in runs of one letter each, every run before the
     * current one two or more long; once false it stays false, and the runs are no longer
     * followed (most words are done with at their second character) */
    bool runs_only;
    bool first_upper;
    bool ascend;
    bool ascend_doubled;       /* the rising run repeats its characters: "אאאבבבגגג" */
    bool full;                 /* the writing systems of letters are followed (salad_line) */
    /* the first four different symbols of salad_symbol: only the first symbols_distinct
     * entries are ever read, so salad_token leaves them out when it clears the struct */
    uint32_t symbol_seen[4];
} salad_tok;

/* The glyphs windows-1252 puts at 0x80..0x9F that mark a charset dump, "‚ƒ„†‡ˆ‰‹›Œ€˜™":
 * not its quotes, dashes, bullet and ellipsis, nor the letters text uses (Š š Ž ž œ Ÿ). */
static bool is_c1_glyph(uint32_t cp)
{
    switch (cp) {
    case 0x0152: case 0x0192: case 0x02C6: case 0x02DC: case 0x201A: case 0x201E:
    case 0x2020: case 0x2021: case 0x2030: case 0x2039: case 0x203A: case 0x20AC:
    case 0x2122:
        return true;
    default:
        return false;
    }
}

static bool is_indic(sv_script s)
{
    switch (s) {
    case SV_SCRIPT_DEVANAGARI: case SV_SCRIPT_BENGALI: case SV_SCRIPT_GURMUKHI:
    case SV_SCRIPT_GUJARATI: case SV_SCRIPT_ORIYA: case SV_SCRIPT_TAMIL:
    case SV_SCRIPT_TELUGU: case SV_SCRIPT_KANNADA: case SV_SCRIPT_MALAYALAM:
    case SV_SCRIPT_SINHALA:
        return true;
    default:
        return false;
    }
}

/* A letter: counted, and for SALAD_REPEAT, its runs of one letter. */
SV_ALWAYS_INLINE void salad_tok_runs(salad_tok *t, uint32_t cp)
{
    t->letters++;
    if (t->runs_only) {
        if (cp == t->run_cp) {
            t->run_len++;
        } else {
            if (t->runs && t->run_len < 2)
                t->runs_only = false;
            t->long_runs += t->runs && t->run_len >= 3;
            t->runs++;
            t->run_cp = cp;
            t->run_len = 1;
        }
    }
}

/* A letter of category c, for SALAD_CASE and SALAD_CAMEL: flips between upper and lower
 * case. */
SV_ALWAYS_INLINE void salad_tok_case(salad_tok *t, utf8proc_category_t c)
{
    if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL) {
        int k = c == UTF8PROC_CATEGORY_LU ? 1 : 2;
        /* "Title" case (upper then lower) is not a flip */
        if (t->last_case && k != t->last_case && !(t->cased == 1 && t->first_upper))
            t->flips++;
        if (t->cased == 0)
            t->first_upper = k == 1;
        t->last_case = k;
        t->cased++;
    }
}

/* Is g a writing system whose letters count, on the token and on the line? */
static bool salad_counts_script(sv_script g)
{
    return g != SV_SCRIPT_COMMON && g != SV_SCRIPT_INHERITED && g != SV_SCRIPT_UNKNOWN;
}

/* Returns the letter's writing system, or SV_SCRIPT_UNKNOWN while writing systems are not
 * followed (the first letter's still is: SALAD_NOMATRA asks for it). */
SV_ALWAYS_INLINE sv_script salad_tok_letter(salad_tok *t, uint32_t cp, utf8proc_category_t c)
{
    salad_tok_runs(t, cp);
    salad_tok_case(t, c);
    if (!t->full) {
        if (t->letters == 1)
            t->first_script = script_group(cp);
        return SV_SCRIPT_UNKNOWN;
    }
    sv_script g = script_group(cp);
    if (t->letters == 1)
        t->first_script = g;
    if (salad_counts_script(g)) {
        if (t->ngroups == 0 || (t->groups[0] != g && (t->ngroups < 2 || t->groups[1] != g))) {
            if (t->ngroups < 2)
                t->groups[t->ngroups] = g;
            if (t->ngroups < 3)
                t->ngroups++;
        }
    }
    return g;
}

/* U+00A1..U+00BF and × ÷: the symbols of Latin-1 (ª and º are letters, but they stay). */
static bool is_l1_symbol(uint32_t cp)
{
    return (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7;
}

/* Symbols (So, and the Sm of arrows and mathematical operators from U+2190 on: the caller
 * tells) beyond Latin-1 of the kind salad strings together and text does not: circled
 * letters "ⓐⓑ", geometric shapes "◇●○", dingbats, technical symbols, arrows "↭⇃↮⇎", operators
 * "≅⊨⊦∊" (a formula puts letters between them). Left out are those
 * real text writes in runs: emoji (Extended_Pictographic, and the regional indicators of
 * flags, "🇫🇷🇩🇪"), box drawing and block elements (tables, bars, sparklines "▁▃▅▇"),
 * Braille patterns, and the radicals, description characters, enclosed and squared forms
 * of CJK text ("⿰", "㈱", "㎡"); and the symbols of one script (Tibetan "༄"): only those
 * of the Common script count. (Latin-1 symbols are SALAD_L1SYM's.) */
static bool salad_symbol(uint32_t cp)
{
    if ((cp >= 0x2500 && cp <= 0x259F) || (cp >= 0x2800 && cp <= 0x28FF) ||
        (cp >= 0x2E80 && cp <= 0x33FF) || (cp >= 0x1F1E6 && cp <= 0x1F1FF))
        return false;
    if (utf8proc_get_property((utf8proc_int32_t)cp)->boundclass ==
        UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC)
        return false;
    return sv_script_of(cp) == SV_SCRIPT_COMMON;
}

/* A symbol of salad_symbol: counted, and the first five different ones told apart. */
static void salad_tok_symbol(salad_tok *t, uint32_t cp)
{
    t->symbols++;
    if (t->symbols_distinct == 5)
        return;
    for (size_t k = 0; k < t->symbols_distinct; k++)
        if (t->symbol_seen[k] == cp)
            return;
    if (t->symbols_distinct < 4)
        t->symbol_seen[t->symbols_distinct] = cp;
    t->symbols_distinct++;
}

/* Marks that real text puts on digits and symbols: variation selectors (emoji "❤️"),
 * enclosing marks (keycaps "1⃣", circled "⃝"). */
static bool mark_after_symbol_ok(uint32_t cp, utf8proc_category_t prev)
{
    if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF))
        return true;
    return cat_of(cp) == UTF8PROC_CATEGORY_ME &&
           (cat_is_punct_or_symbol(prev) ||
            (prev >= UTF8PROC_CATEGORY_ND && prev <= UTF8PROC_CATEGORY_NO));
}

/* Latin-1 symbols in the token. «» quote real text at the edges of words; between two
 * letters they are soup. Any other Latin-1 symbol between two letters counts once more (bit
 * 32), except those real words hold there: ´ as an apostrophe, the Catalan ·, superscripts
 * ("x²y") and the soft hyphen. A character after U+00FF only ends what the one before
 * started. */
SV_ALWAYS_INLINE void salad_tok_latin1(salad_tok *t, uint32_t cp, bool letter)
{
    if (letter && t->guillemet)
        t->l1sym |= (uint64_t)1 << (t->guillemet - 0xA1);
    if (letter && t->sym_after_letter)
        t->l1sym |= (uint64_t)1 << 32;
    t->guillemet = 0;
    t->sym_after_letter = 0;
    if (cp < 0xA1 || cp > 0xF7 || (letter && cp >= 0xC0)) /* none of those below */
        return;
    bool after_letter = cat_is_letter(t->prev_cat);
    if ((cp == 0xAB || cp == 0xBB) && after_letter)
        t->guillemet = cp;
    if (after_letter && is_l1_symbol(cp) && cp != 0xB4 && cp != 0xB7 && cp != 0xB2 &&
        cp != 0xB3 && cp != 0xB9 && cp != 0xAD)
        t->sym_after_letter = cp;
    if (cp >= 0xA1 && cp <= 0xBF && cp != 0xAB && cp != 0xBB)
        t->l1sym |= (uint64_t)1 << (cp - 0xA1);
    else if (cp == 0xD7 || cp == 0xF7)
        t->l1sym |= (uint64_t)1 << 31;
}

/* A charset table: code points beyond ASCII that keep rising by one (repeats allowed),
 * "ÀÁÂÃÄÅÆÇ"; an alphabet written out stays rising, but no text repeats each of its
 * characters ("ÀÀÁÁÂÂ", a font test). */
SV_ALWAYS_INLINE void salad_tok_ascend(salad_tok *t, uint32_t cp)
{
    if (cp - t->prev_cp <= 1) { /* cp >= 0x80: never after the token's start (prev_cp 0) */
        t->asc_run++;
        if (cp != t->prev_cp)
            t->asc_steps++;
        if (t->asc_run >= 12 && t->asc_steps >= 7) {
            t->ascend = true;
            if (t->asc_run - 1 - t->asc_steps >= t->asc_steps)
                t->ascend_doubled = true;
        }
    } else {
        t->asc_run = 1;
        t->asc_steps = 0;
    }
}

/* An ASCII character: salad_tok_char without the tests only other characters pass. */
SV_ALWAYS_INLINE sv_script salad_tok_ascii(salad_tok *t, uint32_t cp)
{
    unsigned kind = ascii_kind[cp];
    utf8proc_category_t c = (utf8proc_category_t)ascii_cat[cp];
    sv_script g = SV_SCRIPT_UNKNOWN;
    t->chars++;
    if (kind & A_ALPHA) {
        t->ascii_letter = true;
        t->all_ps = false;
        g = salad_tok_letter(t, cp, c);
    } else {
        t->runs_only = false;
        if (!(kind & A_PS))
            t->all_ps = false;
        if (cp - '0' < 10)
            t->digits++;
    }
    t->accents = 0;
    salad_tok_latin1(t, cp, (kind & A_ALPHA) != 0); /* it only ends what came before */
    t->asc_run = 1; /* salad_tok_ascend: the run is of characters beyond ASCII */
    t->asc_steps = 0;
    t->prev_cp = cp;
    t->prev_cat = c;
    return g;
}

/* Feeds one character beyond ASCII to the token's counters; returns its writing system when
 * it is a letter followed (salad_tok_letter), else SV_SCRIPT_UNKNOWN. */
SV_ALWAYS_INLINE sv_script salad_tok_char(salad_tok *t, uint32_t cp)
{
    utf8proc_category_t c = cat_of(cp);
    bool letter = cat_is_letter(c);
    sv_script g = SV_SCRIPT_UNKNOWN;
    t->chars++;
    if (letter) {
        t->nonascii_letter = true;
        t->all_ps = false;
        t->thai_cons += cp - 0x0E01u <= 0x2Du;
        g = salad_tok_letter(t, cp, c);
    } else {
        t->runs_only = false;
        if (cat_is_mark(c)) {
            t->marks++;
            if (t->chars == 1 || (!(cat_is_letter(t->prev_cat) || cat_is_mark(t->prev_cat)) &&
                                  !mark_after_symbol_ok(cp, t->prev_cat)))
                t->orphan = true;
        }
        if (!cat_is_punct_or_symbol(c))
            t->all_ps = false;
        else if ((c == UTF8PROC_CATEGORY_SO || (c == UTF8PROC_CATEGORY_SM && cp >= 0x2190)) &&
                 cp > 0xFF && salad_symbol(cp))
            salad_tok_symbol(t, cp);
        if (c == UTF8PROC_CATEGORY_ND)
            t->digits++;
    }
    /* Latin-1 and its extensions, Vietnamese and the windows-1252 glyphs lie below U+02DD
     * or in U+1EA0..U+2122; beyond, only a run of accented letters ends */
    if (cp <= 0x02DC || (cp >= 0x1EA0 && cp <= 0x2122)) {
        if (cp >= 0x1EA0 && cp <= 0x1EF9)
            t->viet++;
        t->accents = cp >= 0xC0 && cp <= 0x24F && letter ? t->accents + 1 : 0;
        if (t->accents > t->max_accents)
            t->max_accents = t->accents;
        if (cp > 0xFF && cp1252_byte(cp) >= 0) {
            t->w1252++;
            if (is_c1_glyph(cp))
                t->c1++;
            else if (cp == 0x2026 || cp == 0x2022) /* … and • also occur in real text */
                t->c1_soft++;
        }
    } else {
        t->accents = 0;
    }
    salad_tok_latin1(t, cp, letter);
    salad_tok_ascend(t, cp);
    t->prev_cp = cp;
    t->prev_cat = c;
    return g;
}

static size_t popcount64(uint64_t x)
{
    size_t n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

SV_ALWAYS_INLINE unsigned salad_tok_kinds(const salad_tok *t)
{
    unsigned k = 0;
    if (t->orphan)
        k |= SALAD_ORPHAN;
    /* (or a token of three or more such glyphs and nothing else, two of them C1 glyphs:
     * "†Š”–‹ž™"; real text strings at most a quote, a dash and an ellipsis together) */
    if (t->c1 >= 2 && (2 * (t->c1 + t->c1_soft) >= t->chars ||
                       (t->w1252 == t->chars && t->chars >= 3)))
        k |= SALAD_C1;
    if (popcount64(t->l1sym) >= 2 && t->digits == 0)
        k |= SALAD_L1SYM;
    if (t->runs_only && t->letters >= 6 && t->letters == t->chars && t->runs >= 2 &&
        t->run_len >= 2 && t->long_runs + (t->run_len >= 3) >= 2)
        k |= SALAD_REPEAT;
    if (t->flips >= 2 && t->nonascii_letter && !t->ascii_letter)
        k |= SALAD_CASE;
    else if (t->flips >= 3)
        k |= SALAD_CAMEL;
    if (t->viet >= 3)
        k |= SALAD_VIET;
    if (t->max_accents >= 5)
        k |= SALAD_ACCENTS;
    /* Latin (or any one script) with Han/kana is how Japanese and Chinese write brand names
     * ("iPhone用", "Twitterで"); other pairs inside one word are not writing. */
    if (t->ngroups >= 3 ||
        (t->ngroups == 2 && t->groups[0] != SV_SCRIPT_HAN && t->groups[1] != SV_SCRIPT_HAN))
        k |= SALAD_MIX;
    if (t->letters >= 6 && is_indic(t->first_script) && t->marks == 0)
        k |= SALAD_NOMATRA;
    /* Thai writes its vowels with marks and letters of U+0E30..U+0E4E; a few short words
     * leave them implicit ("ถนน"), no run of eight consonants does */
    else if (t->letters >= 8 && t->first_script == SV_SCRIPT_THAI && t->thai_cons == t->letters &&
             t->marks == 0)
        k |= SALAD_NOMATRA;
    if (t->ascend)
        k |= t->ascend_doubled ? SALAD_ASCEND | SALAD_REPEAT : SALAD_ASCEND;
    if (t->letters >= 2 && t->marks >= 3 * t->letters)
        k |= SALAD_STACKS;
    /* Real text strings a few such symbols together (a shortcut "⌃⌥⇧⌘K", a divider "◆◇○"),
     * hardly ever five different ones */
    if (t->symbols_distinct >= 3 && 2 * t->symbols >= t->chars)
        k |= t->symbols_distinct >= 5 ? SALAD_SYMBOLS_MANY : SALAD_SYMBOLS;
    if (!t->full) /* SALAD_MIX needs them; SALAD_CAMEL is left out with it */
        k &= ~(unsigned)SALAD_MULTILINGUAL;
    return k;
}

#define SALAD_SCRIPTS 16

/* Line-wide state of the salad test. */
typedef struct salad_line {
    int score;
    int score_scripts;        /* the score without SALAD_MULTILINGUAL kinds */
    unsigned kinds;
    unsigned kinds_scripts;   /* kinds without SALAD_MULTILINGUAL */
    const char *prev_tok;     /* the previous token, for symbol repeats */
    size_t prev_len, rep;
    /* tokens no word of any language looks like (SALAD_ODD, or one of three or more
     * repeated symbol tokens), those of marks (SALAD_ORPHAN, SALAD_STACKS) apart, and tokens
     * of two letters or more that are not SALAD_ODD: what the reader takes for words */
    size_t odd_tokens, orphan_tokens, plain_tokens;
    /* words as prose writes them (followed in the full reading only): two letters or more,
     * no evidence, in small letters or with one capital first, or in a script without case
     * ("words", "Голы", "ছতষএ"); not capitals only ("ՄՃՆ", "ŘŦŴĪ") */
    size_t ordinary_words;
    size_t symbol_runs;       /* runs of three or more repeated symbol tokens */
    size_t nscripts;          /* entries of scripts[] */
    /* Latin has two letters counted: the test only asks whether a system has two, so the
     * letters of ASCII words need no counting from then on */
    bool latin_done;
    /* writing systems are followed: off for the first reading (is_script_salad) */
    bool full;
    /* The first reading also looks for what line_is_clean looks for (its tests, in the same
     * terms), so that a line it reads to the end needs no second look: the deepest stack of
     * marks kept whole, and whether something the cleaning pass may act on was seen. */
    size_t mark_depth;
    bool unclean;
    int line_moji;            /* line_has_mojibake, -1 while not known */
    /* letters per writing system: the first SALAD_SCRIPTS seen (the test needs three); last,
     * as only its first nscripts entries are ever read (salad_read_line clears the rest) */
    struct {
        sv_script script;
        size_t letters;
    } scripts[SALAD_SCRIPTS];
} salad_line;

/* Counts n letters of writing system g. */
static void salad_count_letters(salad_line *L, sv_script g, size_t n)
{
    if (n == 0 || !salad_counts_script(g))
        return;
    size_t i = 0;
    while (i < L->nscripts && L->scripts[i].script != g)
        i++;
    if (i == L->nscripts) {
        if (i == SALAD_SCRIPTS)
            return;
        L->scripts[i].script = g;
        L->scripts[i].letters = 0;
        L->nscripts++;
    }
    L->scripts[i].letters += n;
    if (g == SV_SCRIPT_LATIN && L->scripts[i].letters >= 2)
        L->latin_done = true;
}

/* Counts the letter of writing system g (or nothing, for any other character) of the token
 * t: letters of its first two systems wait in pending[] for the token's end, those of a
 * third are counted at once, after the waiting ones (the line keeps the order in which
 * systems first appear). */
SV_ALWAYS_INLINE void salad_tok_count(salad_line *L, const salad_tok *t, size_t pending[2],
                                      sv_script g)
{
    if (t->ngroups > 0 && g == t->groups[0]) {
        pending[0]++;
    } else if (t->ngroups > 1 && g == t->groups[1]) {
        pending[1]++;
    } else if (salad_counts_script(g)) {
        salad_count_letters(L, t->groups[0], pending[0]);
        salad_count_letters(L, t->groups[1], pending[1]);
        pending[0] = pending[1] = 0;
        salad_count_letters(L, g, 1);
    }
}

/* Adds the token's kinds of evidence to the line's score. */
static void salad_score(salad_line *L, unsigned k)
{
    L->odd_tokens += (k & SALAD_ODD) != 0;
    L->orphan_tokens += (k & (SALAD_ORPHAN | SALAD_STACKS)) != 0;
    L->kinds |= k;
    for (; k; k &= k - 1) { /* each bit set, lowest first */
        unsigned bit = k & (0u - k);
        L->score += salad_weight(bit);
        if (!(bit & SALAD_MULTILINGUAL)) {
            L->score_scripts += salad_weight(bit);
            L->kinds_scripts |= bit;
        }
    }
}

/* Was s[a..b) the third token in a row of the same symbols ("! ! !")? Kept for the next. */
static bool salad_repeat(salad_line *L, const char *s, size_t a, size_t b, bool all_ps)
{
    bool repeat = all_ps && L->prev_tok && L->prev_len == b - a &&
                  memcmp(L->prev_tok, s + a, b - a) == 0;
    L->rep = repeat ? L->rep + 1 : 1;
    if (all_ps && L->rep >= 3) /* the run's first two tokens too, once it is a run */
        L->odd_tokens += L->rep == 3 ? 3 : 1;
    L->prev_tok = s + a;
    L->prev_len = b - a;
    L->symbol_runs += all_ps && L->rep == 3;
    return all_ps && L->rep == 3;
}

/* The mojibake of one token as salad_token reads it: sequences are found as moji_count_token
 * finds them, none starting inside the one before. */
typedef struct salad_moji {
    size_t chars;    /* characters of the text in sequences */
    size_t end;      /* the byte after the last sequence */
    size_t seqs;     /* sequences in the token, once counted */
    bool seqs_known; /* counted at the first sequence (most tokens have none) */
    bool mac;        /* a Mac OS Roman sequence may start in the token (mac_may_start) */
} salad_moji;

/* A lead character cp of *n bytes at s[i], in the token starting at s[a]: returns the
 * character to read, the one a sequence there repairs to (then *n spans the sequence and
 * *chars counts its characters) when moji_in_context takes it, else cp. */
static uint32_t salad_token_moji(salad_line *L, salad_moji *mj, const char *s, size_t len,
                                 size_t a, size_t i, uint32_t cp, size_t *n, size_t *chars)
{
    moji_seq m = moji_at(s, len, i);
    if (!moji_possible(&m)) /* read as it stands, as the cleaning pass leaves it */
        return cp;
    mj->chars += m.chars;
    mj->end = i + m.bytes;
    if (!mj->seqs_known) {
        size_t unused;
        mj->seqs = moji_count_token(s, len, a, &unused);
        mj->seqs_known = true;
    }
    if (m.nbsp || !moji_in_context(&m, mj->seqs, s, len, i, &L->line_moji))
        return cp;
    *chars += m.chars - 1;
    *n = m.bytes;
    return m.cp;
}

/* Letters without case beyond U+2122 (Lo): CJK ideographs, kana, Hangul and the like, which
 * fill long tokens. */
static bool salad_ideographic(uint32_t cp, utf8proc_category_t c)
{
    return cp > 0x2122 && c == UTF8PROC_CATEGORY_LO;
}

/* The run of salad_ideographic letters from s[i] on, after one that t has read, read as
 * salad_tok_char reads them in the first reading; returns the byte after it. After such a
 * letter, only the counters below change (the first letter's script is known, the flags are
 * set, nothing a Latin-1 symbol or an accented letter starts is open), and none is a
 * character the cleaning pass acts on (may_be_removed holds none beyond U+2122 that is a
 * letter); this loop spares the tests only other characters pass, which pays on such long
 * runs (and not on shorter words: the character ending a run is looked up twice). */
static size_t salad_tok_ideographs(salad_tok *t, const char *s, size_t len, size_t i)
{
    size_t n;
    while (i < len && (unsigned char)s[i] >= 0x80) {
        uint32_t cp = decode_at(s, len, i, &n);
        if ((cp < 0x4E00 || cp > 0x9FA5) && !salad_ideographic(cp, cat_of(cp)))
            break; /* (white space is no letter; the CJK ideographs of cat_of first) */
        t->chars++;
        salad_tok_runs(t, cp);
        salad_tok_ascend(t, cp);
        t->prev_cp = cp;
        i += n;
    }
    return i;
}

/* In the first reading, once t->runs_only is false: the ASCII characters of a token from s[i]
 * on (one at least), up to white space or a character beyond ASCII, read at once as
 * salad_tok_ascii reads them one by one; returns the byte after them. Letters among them make
 * the case flips irrelevant to that reading (SALAD_CASE needs a word without ASCII letters,
 * SALAD_CAMEL is left out), and the digits only count as some or none. */
static size_t salad_tok_ascii_run(salad_line *L, salad_tok *t, const char *s, size_t len,
                                  size_t i)
{
    size_t a = i, letters = 0;
    unsigned all = A_PS | A_PRINT;
    bool digit = false;
    for (; i < len && (unsigned char)s[i] < 0x80; i++) {
        unsigned k = ascii_kind[(unsigned char)s[i]];
        if (k & A_SPACE)
            break;
        all &= k;
        letters += (k & A_ALPHA) != 0;
        digit |= k == A_PRINT;
    }
    if (!(all & A_PRINT))
        L->unclean = true; /* a control or DEL */
    if (!(all & A_PS))
        t->all_ps = false;
    if (digit)
        t->digits++;
    if (letters) {
        if (t->letters == 0)
            t->first_script = SV_SCRIPT_LATIN;
        t->letters += letters;
        t->ascii_letter = true;
    }
    t->chars += i - a;
    salad_tok_latin1(t, (unsigned char)s[a], (ascii_kind[(unsigned char)s[a]] & A_ALPHA) != 0);
    t->accents = 0;
    t->asc_run = 1;
    t->asc_steps = 0;
    t->prev_cp = (unsigned char)s[i - 1];
    t->prev_cat = (utf8proc_category_t)ascii_cat[(unsigned char)s[i - 1]];
    return i;
}

/* A token's reading before its first character: white space before it (Zs). */
static void salad_tok_init(salad_tok *t, const salad_line *L)
{
    memset(t, 0, offsetof(salad_tok, symbol_seen));
    t->full = L->full;
    t->all_ps = true;
    t->runs_only = true;
    t->prev_cat = UTF8PROC_CATEGORY_ZS;
}

/* Is the token starting at s[a], of chars characters, mostly mojibake of Mac OS Roman that
 * the cleaning pass repairs (mac_accept: several sequences in it, or one it takes alone)?
 * Asked only of tokens that gave evidence. */
static bool salad_mac_token(const char *s, size_t len, size_t a, size_t chars)
{
    size_t mac_chars, seqs = mac_count_token(s, len, a, &mac_chars);
    if (seqs == 0 || 2 * mac_chars < chars)
        return false;
    if (seqs >= 2)
        return true;
    size_t n;
    for (size_t i = a; i < len; i += n) { /* the one sequence: is it one mac_accept takes? */
        uint32_t cp = decode_at(s, len, i, &n);
        if (is_space_cp(cp))
            break;
        if (mac_lead(cp)) {
            moji_seq m = mac_at(s, len, i);
            if (mac_possible(&m))
                return mac_accept(&m, 1);
        }
    }
    return false;
}

/* Scores the token s[a..i) of chars characters once read (mj: its mojibake), and counts it
 * among the plain tokens when it has letters and nothing odd. A token mostly of mojibake
 * is left out of the score (the cleaning pass may keep some of it). */
static void salad_token_score(salad_line *L, const salad_tok *t, salad_moji *mj,
                              const char *s, size_t len, size_t a, size_t i, size_t chars)
{
    if (mj->end > i) {
        size_t more;
        moji_count_token(s, len, mj->end, &more);
        mj->chars += more;
    }
    bool symrep = salad_repeat(L, s, a, i, t->all_ps);
    if (2 * mj->chars >= chars) {
        L->plain_tokens += t->letters >= 2;
        L->ordinary_words += t->letters >= 2;
        return;
    }
    unsigned k = salad_tok_kinds(t);
    if (k && mj->mac && salad_mac_token(s, len, a, chars)) { /* as mostly mojibake, above */
        L->plain_tokens += t->letters >= 2;
        L->ordinary_words += t->letters >= 2;
        return;
    }
    L->plain_tokens += t->letters >= 2 && !(k & SALAD_ODD);
    L->ordinary_words += t->letters >= 2 && k == 0 && t->flips == 0 &&
                         !(t->cased >= 2 && t->last_case == 1);
    if (symrep)
        k |= SALAD_SYMREP;
    salad_score(L, k);
}

/* Feeds the token starting at s[a] to the line state and returns its end (the next white
 * space). The test reads the token as the cleaning pass will leave it: a mojibake sequence
 * that moji_accept takes is counted as the one character it repairs to, so the pieces of
 * "nedÄ›lnÃ­" (capitals, "›", "­", C1 controls) are not taken for case flips or Latin-1
 * symbols among letters; the token is "nedělní". Tokens that are mostly mojibake are left
 * out, as the cleaning pass may keep some of it; a sequence moji_possible refuses is no
 * mojibake ("Þ¿" in "áÈ¬æÖÞ¿" stays two characters, a letter and a Latin-1 symbol). The
 * last sequence may reach past a no-break space that ends the token (it is then not
 * repaired here, and the count goes on after the space). The token is read a second time
 * only when it holds a sequence, to count them (moji_accept depends on the count). */
static size_t salad_token(salad_line *L, const char *s, size_t len, size_t a)
{
    salad_tok t;
    salad_tok_init(&t, L);
    salad_moji mj = {0, a, 0, false, false};
    size_t chars = 0, marks = 0, i, n;
    size_t pending[2] = {0, 0}; /* salad_tok_count */
    for (i = a; i < len; i += n) {
        unsigned char b = (unsigned char)s[i];
        sv_script g;
        if (b < 0x80) {
            if (b == ' ' || b == '\t')
                break;
            marks = 0;
            if (!t.full && !t.runs_only) {
                n = salad_tok_ascii_run(L, &t, s, len, i) - i;
                chars += n;
                continue;
            }
            if (b < 0x20 || b == 0x7F)
                L->unclean = true;
            n = 1;
            chars++;
            g = salad_tok_ascii(&t, b);
        } else {
            uint32_t cp = decode_at(s, len, i, &n), read = cp;
            if (is_space_cp(cp))
                break;
            chars++;
            if (moji_may_start(s, len, i, cp, n)) {
                L->unclean = true; /* the cleaning pass may repair it */
                if (i >= mj.end)
                    read = salad_token_moji(L, &mj, s, len, a, i, cp, &n, &chars);
            } else if (mac_may_start(s, len, i, cp, n)) {
                L->unclean = true;
                mj.mac = true;
            }
            g = salad_tok_char(&t, read);
            if (char_unclean(cp, t.prev_cat, L->mark_depth, &marks))
                L->unclean = true;
            if (!t.full && salad_ideographic(read, t.prev_cat)) {
                size_t before = t.chars;
                n = salad_tok_ideographs(&t, s, len, i + n) - i;
                chars += t.chars - before;
            }
        }
        if (t.full)
            salad_tok_count(L, &t, pending, g);
    }
    salad_count_letters(L, t.groups[0], pending[0]);
    salad_count_letters(L, t.groups[1], pending[1]);
    salad_token_score(L, &t, &mj, s, len, a, i, chars);
    return i;
}

/* Runs of one repeated letter in an all-letter ASCII token: none shorter than two, and two
 * or more at least three long ("CCCFFFFFVVVVVV", "JJJJCCCCCCKK")? Words have single letters
 * between their doubled ones; a cry is one run or two ("AAAHH"). */
static bool ascii_repeat_runs(const char *s, size_t a, size_t b)
{
    size_t long_runs = 0;
    for (size_t i = a; i < b;) {
        size_t j = i + 1;
        while (j < b && s[j] == s[i])
            j++;
        if (j - i < 2)
            return false;
        long_runs += j - i >= 3;
        i = j;
    }
    return long_runs >= 2;
}

/* salad_tok_letter's case flips in an ASCII token: changes of case between consecutive
 * letters, but for the "Title" change after a first capital. */
static size_t ascii_case_flips(const char *s, size_t a, size_t b)
{
    unsigned first[2] = {0, 0}, last = 0;
    size_t letters = 0, turns = 0;
    for (size_t i = a; i < b; i++) {
        unsigned cs = ascii_kind[(unsigned char)s[i]] & A_LETTER;
        if (cs) {
            turns += last && cs != last;
            if (letters < 2)
                first[letters] = cs;
            last = cs;
            letters++;
        }
    }
    return turns - (first[0] == A_UPPER && first[1] == A_LOWER);
}

/* Where the token of ASCII starting at s[a] (not white space) ends: at the first ' ', TAB or
 * byte beyond ASCII after it (the caller tells which), or at len. *inner_upper tells whether a
 * capital letter stands after its first byte, as camelCase needs, *control whether a control
 * or DEL does. Eight bytes at a time: the word loop stops at any byte below 0x21, from 0x7F
 * on, and a control or DEL inside the token is then passed on its own. */
static size_t ascii_token_end(const char *s, size_t len, size_t a, bool *inner_upper,
                              bool *control)
{
    uint64_t upper = 0;
    size_t i = a + 1;
    for (;;) {
        while (i + 8 <= len) {
            uint64_t x = sv_load_le64(s + i);
            uint64_t y = x & ~SV_SWAR_HIGH; /* no carry leaves a byte of y + c, c < 0x80 */
            uint64_t stop = (x | ~(y + 0x5F * SV_SWAR_ONES) | (y + SV_SWAR_ONES)) & SV_SWAR_HIGH;
            /* every byte before the first stop is 0xFF, the rest 0 (all 0xFF without one) */
            uint64_t before = ((stop & (0 - stop)) >> 7) - 1;
            upper |= (y + 0x3F * SV_SWAR_ONES) & ~(y + 0x25 * SV_SWAR_ONES) & before & SV_SWAR_HIGH;
            i += swar_first(stop);
            if (stop)
                break;
        }
        if (i == len)
            break;
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x80 || b == ' ' || b == '\t')
            break;
        if (b >= 'A' && b <= 'Z')
            upper = 1;
        if (b < 0x20 || b == 0x7F)
            *control = true;
        i++;
    }
    *inner_upper = upper != 0;
    return i;
}

/* The letters of s[a..b), counted up to most. */
static size_t ascii_letters(const char *s, size_t a, size_t b, size_t most)
{
    size_t n = 0;
    for (; a < b && n < most; a++)
        n += (ascii_kind[(unsigned char)s[a]] & A_ALPHA) != 0;
    return n;
}

/* Does every byte of s[a..b) have the ascii_kind bits k? */
static bool ascii_all(const char *s, size_t a, size_t b, unsigned k)
{
    while (a < b && (ascii_kind[(unsigned char)s[a]] & k))
        a++;
    return a == b;
}

/* The bytes of x (each below 0x80) that are zero, by their high bit: no other byte carries
 * into it when 0x7F is added. */
static uint64_t swar_zero7(uint64_t x)
{
    return ~(x + 0x7F * SV_SWAR_ONES) & SV_SWAR_HIGH;
}

/* For the first reading: skips tokens from s[i] (a token start) on that give no evidence
 * there, and returns the start of the first one that may (or where the line's last few bytes
 * start), i itself when that is the token at i. Such tokens are salad_next_token's ASCII
 * tokens without SALAD_CAMEL, which the first reading leaves out: plain ASCII and ' ', then
 * neither a symbol first (SALAD_SYMREP needs symbols only) nor a letter twice (SALAD_REPEAT
 * needs runs of two or more from the start). Any other byte (TAB, controls, beyond ASCII) belongs to a token
 * that is left to salad_next_token. Eight bytes at a time, each token start tested at once;
 * every byte is read at most twice. */
static size_t plain_ascii_tokens(const char *s, size_t len, size_t i)
{
    const uint64_t ones = SV_SWAR_ONES, high = SV_SWAR_HIGH;
    uint64_t after_space = high & 0xFF; /* byte 0 starts a token */
    size_t p = i;
    for (; p + 9 <= len; p += 8) {
        uint64_t x = sv_load_le64(s + p);
        uint64_t y = x & ~high; /* no carry leaves a byte of y + c, c < 0x80 */
        uint64_t odd = (x | ~(y + 0x60 * ones) | (y + ones)) & high; /* < 0x20, 0x7F, >= 0x80 */
        /* Only the bytes before the first odd one matter below, and those are y's. A byte
         * equal to its successor (read at p + 1) is found in their low seven bits; a
         * successor beyond ASCII is odd, or the next word's first byte (a stop too many). */
        uint64_t next = sv_load_le64(s + p + 1) & ~high;
        uint64_t space = swar_zero7(y ^ (0x20 * ones));
        uint64_t start = ~space & ((space << 8) | after_space);
        uint64_t lower = y | (0x20 * ones);
        uint64_t alnum = ((lower + 0x1F * ones) & ~(lower + 0x05 * ones)) |
                         ((y + 0x50 * ones) & ~(y + 0x46 * ones));
        uint64_t stop = odd | (start & (~alnum | swar_zero7(y ^ next)) & high);
        if (stop) {
            size_t q = p + swar_first(stop);
            if (start & stop & (0 - stop)) /* a token starts there */
                return q;
            p = q;
            break;
        }
        after_space = space >> 56;
    }
    while (p > i && s[p - 1] != ' ') /* back to the start of the token holding s[p] */
        p--;
    return p;
}

/* Feeds the token starting at s[a] to the line state and returns its end, like salad_token;
 * a token of ASCII only is read in one quick pass. It has no marks, no Latin-1, no mojibake
 * and letters of one script (Latin), so only three kinds of evidence are open to it, each
 * with a mark at the token's start or inside that is rare in text, and each then tested in
 * full: SALAD_CAMEL (three case flips need a capital after the first letter), SALAD_REPEAT
 * (runs of two or more letters: the first two bytes are one letter) and SALAD_SYMREP
 * (symbols only: the first byte is one). */
static size_t salad_next_token(salad_line *L, const char *s, size_t len, size_t a)
{
    unsigned char b = (unsigned char)s[a];
    if (b >= 0x80)
        return salad_token(L, s, len, a);
    bool inner_upper, control = b < 0x20 || b == 0x7F;
    size_t i = ascii_token_end(s, len, a, &inner_upper, &control);
    if (i < len && (unsigned char)s[i] >= 0x80)
        return salad_token(L, s, len, a);
    if (control)
        L->unclean = true;
    if (L->full && !L->latin_done) {
        size_t letters = 0;
        for (size_t j = a; j < i; j++)
            letters += (ascii_kind[(unsigned char)s[j]] & A_ALPHA) != 0;
        salad_count_letters(L, SV_SCRIPT_LATIN, letters);
    }
    unsigned kinds = 0;
    if (L->full && inner_upper && ascii_case_flips(s, a, i) >= 3)
        kinds |= SALAD_CAMEL;
    if (i - a >= 6 && s[a + 1] == s[a] && ascii_all(s, a, i, A_ALPHA) &&
        ascii_repeat_runs(s, a, i))
        kinds |= SALAD_REPEAT;
    else if (L->full && ascii_letters(s, a, i, 2) == 2) {
        L->plain_tokens++;
        /* (a capital after the first byte makes capitals only or camelCase) */
        L->ordinary_words += !inner_upper && kinds == 0;
    }
    if ((ascii_kind[(unsigned char)s[a]] & A_PS) && ascii_all(s, a, i, A_PS)) {
        if (salad_repeat(L, s, a, i, true))
            kinds |= SALAD_SYMREP;
    } else {
        /* what salad_repeat leaves after a token with more than symbols: no token that
         * follows repeats it as one of symbols (the same bytes are no symbols either) */
        L->prev_tok = NULL;
        L->rep = 1;
    }
    if (kinds)
        salad_score(L, kinds);
    return i;
}

/* Reads the line's tokens into L, with the writing systems of letters or (full false)
 * without. */
static void salad_read_line(salad_line *L, const char *s, size_t len, size_t mark_depth,
                            bool full)
{
    memset(L, 0, offsetof(salad_line, scripts));
    L->line_moji = -1;
    L->full = full;
    L->mark_depth = mark_depth;
    size_t i = 0, n;
    bool plain_passed = false; /* plain_ascii_tokens stopped at i: no need to ask it again */
    while (i < len) {
        unsigned char b = (unsigned char)s[i];
        size_t j;
        if (b == ' ' || b == '\t') {
            i++;
        } else if (b >= 0x80 && is_space_cp(decode_at(s, len, i, &n))) {
            i += n;
        } else if (!full && !plain_passed && (j = plain_ascii_tokens(s, len, i)) > i) {
            /* what salad_next_token leaves after such tokens */
            L->prev_tok = NULL;
            L->rep = 1;
            i = j;
            plain_passed = true;
            continue;
        } else {
            i = salad_next_token(L, s, len, i);
        }
        plain_passed = false;
    }
}

/* A line of two writing systems (each with two letters or more) needs less evidence than a
 * line of one, and more than one of three: two kinds that multilingual writing does not give,
 * one of them strong ("CCCCCJJ ›˜“Š™›š† · · · · ՄՃՆ": windows-1252 glyphs and a run of
 * symbols; "ŘŦŴĪ ằỊỒ ЖяБ ЯЧщчИбжТ": three Vietnamese vowels in a word and case flipping), or
 * weak kinds only, among them runs of repeated symbols that are at least as many tokens as
 * the words ("щПЙзЬ ՆԳԱԾԸՅՂԿԿԸԴ § § § § § § хбиыЯдужщЮкКе"). Either way the line holds
 * one word as prose writes it at most (ordinary_words): "words of a line" before such
 * evidence keep it a line of text. A Russian line naming "МосГорДума" and "ГосДума" beside
 * "iPhone" and a divider "* * *" has its words outnumber the divider. */
static bool salad_two_scripts(const salad_line *L)
{
    unsigned k = L->kinds_scripts;
    if (popcount64(k) < 2 || L->ordinary_words > 1)
        return false;
    if (k & ~(unsigned)SALAD_WEAK)
        return L->score_scripts >= 3;
    return L->score_scripts >= 4 && (k & SALAD_SYMREP) && L->odd_tokens >= L->plain_tokens;
}

/* The decision: evidence of two different kinds, one of them strong; or three writing
 * systems on the line (of which `scripts` have two letters or more) plus evidence that
 * multilingual writing does not give (two points, or a run of repeated symbols beside two
 * words at most written as prose writes them: "ՔՐԷՖՎԱ %% %% %% שקל ヴェヂボヲ", where a
 * language menu "English Русский 日本語 * * *" has three), or two systems and more of it
 * (salad_two_scripts); or
 * much weak evidence of that sort, of two kinds. A line
 * of real multilingual text (a language menu, a Russian article quoting English) has the
 * scripts and at most hyphenated or camelCase compounds; prose with code in it has only weak
 * kinds (camelCase, ". . .", "* * *"). */
static bool salad_verdict(const salad_line *L, size_t scripts)
{
    bool strong = (L->kinds & ~(unsigned)SALAD_WEAK) != 0;
    if (scripts == 2 && salad_two_scripts(L))
        return true;
    return (L->score >= 4 && popcount64(L->kinds) >= 2 && strong) ||
           (scripts >= 3 && (L->score_scripts >= 2 ||
                             (L->symbol_runs > 0 && L->ordinary_words <= 2))) ||
           (L->score_scripts >= 6 && popcount64(L->kinds_scripts) >= 2);
}

/* A short line can be salad with little evidence of each kind: "&&& &&& &&& &&& ՖԹԺԸՍԻՆԽՖ
 * অঌযদঘছশঔত" has one run of symbols and one Bengali word without a vowel sign, "҉ ҉ ҉ ̧̧
 * ̣̣ ЖЖЖ ՓՒՂ" only orphan marks, "h̝͆e̲͑ĺ͞l̦ͣoͩͮ w̼͌o̲͝r̄̑̿l̷̡͖ͣ͐d̵̀" only Zalgo words. What gives
 * it away is how little of it is writing: SALAD_ODD tokens and repeated symbols are three
 * times as many as the words (plain_tokens), and there are two tokens of marks or more (a
 * mark without a letter, or three on every letter, is not writing), or three odd tokens
 * of two kinds on a line of two writing systems (`scripts`), or three runs of repeated
 * symbols or more with one word at most ("※ ※ ※ ※ ॥ ॥ ॥ ॥ __ __ __ __ ॥ ॥ ॥"). A run of
 * symbols alone is a divider ("• • • • •"); an exclamation in one script is not salad
 * ("AAAHHH ! ! !"), nor are marks quoted in prose ("the acute ( ́ ) and grave ( ̀ )"),
 * which has words. Read
 * with every token counted: only after the full reading. */
static bool salad_dense(const salad_line *L, size_t scripts)
{
    if (L->odd_tokens < 3 * L->plain_tokens)
        return false;
    if (L->orphan_tokens >= 2)
        return true;
    if (L->symbol_runs >= 3 && L->plain_tokens <= 1)
        return true;
    unsigned odd_kinds = L->kinds & (SALAD_ODD | SALAD_SYMREP);
    return L->odd_tokens >= 3 && scripts >= 2 && popcount64(odd_kinds) >= 2;
}

/* Each way to a verdict of salad needs a kind outside SALAD_MULTILINGUAL (a strong one, or
 * score_scripts), and those do not depend on writing systems, the costliest thing to follow.
 * So the line is first read without them: most lines give no evidence and are done. With the
 * writing systems the line can only gain evidence (SALAD_MULTILINGUAL kinds, three systems),
 * so a verdict of salad without them stands; only the other lines with evidence are read
 * again in full. A line without evidence also tells whether the cleaning pass has anything to
 * do on it: *clean is true when line_is_clean would be. */
static bool is_script_salad(const salvage_doc *doc, const char *s, size_t len, bool *clean)
{
    salad_line L;
    salad_read_line(&L, s, len, zalgo_depth(doc), false);
    if (L.kinds == 0) {
        *clean = !L.unclean;
        return false;
    }
    if (salad_verdict(&L, 0))
        return true;
    salad_read_line(&L, s, len, 0, true);
    size_t scripts = 0;
    for (size_t g = 0; g < L.nscripts; g++)
        if (L.scripts[g].letters >= 2)
            scripts++;
    return salad_verdict(&L, scripts) || salad_dense(&L, scripts);
}

/* ---- character-level cleaning -------------------------------------------------------------- */

/* The cleaning pass over one line. Kept bytes are copied in runs: [keep, i) is pending. A
 * removed stretch of one class is recorded as one entry: [rm_start, rm_end) of rm_cls. */
typedef struct cleaner {
    salvage_doc *doc;
    const char *s; /* the line */
    size_t len, off; /* its length and decoded offset */
    sv_buf *out;
    size_t keep;
    const char *rm_cls;
    size_t rm_start, rm_end;
    uint32_t prev_cp;          /* the last kept character (0 at line start) */
    sv_script prev_base_script; /* the script of the last kept letter */
    size_t token_start;        /* where the current token starts */
    size_t token_seqs;         /* mojibake sequences in it, once seqs_known */
    bool seqs_known;           /* counted when the token first holds a candidate sequence */
    int rtl;                   /* the line holds right-to-left letters: -1 not known yet */
    int line_moji;             /* line_has_mojibake: -1 not known yet */
    int words;                 /* line_has_words: -1 not known yet */
    size_t mac_seqs;           /* Mac OS Roman sequences in the token, once mac_known */
    bool mac_known;
    int line_mac;              /* line_has_mac: -1 not known yet */
} cleaner;

static int flush_removed(cleaner *c)
{
    if (!c->rm_cls)
        return 0;
    const char *cls = c->rm_cls;
    c->rm_cls = NULL;
    return sv_doc_add_noise(c->doc, cls, c->off + c->rm_start, c->off + c->rm_end) ? 0 : -1;
}

static int flush_kept(cleaner *c, size_t upto)
{
    if (upto > c->keep && sv_buf_append(c->out, c->s + c->keep, upto - c->keep) != 0) {
        c->doc->oom = true;
        return -1;
    }
    c->keep = upto;
    return 0;
}

/* Drops s[a..b) as cls, merging with a removal of the same class just before it. */
static int remove_span(cleaner *c, const char *cls, size_t a, size_t b)
{
    if (flush_kept(c, a) != 0)
        return -1;
    c->keep = b;
    if (c->rm_cls == cls && c->rm_end == a) {
        c->rm_end = b;
        return 0;
    }
    if (flush_removed(c) != 0)
        return -1;
    c->rm_cls = cls;
    c->rm_start = a;
    c->rm_end = b;
    return 0;
}

/* A character (of category cat) is kept. */
static void note_kept_cat(cleaner *c, uint32_t cp, utf8proc_category_t cat)
{
    c->prev_cp = cp;
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            c->prev_base_script = SV_SCRIPT_LATIN;
        return;
    }
    if (cat_is_letter(cat))
        c->prev_base_script = sv_script_of(cp);
}

static void note_kept(cleaner *c, uint32_t cp) { note_kept_cat(c, cp, cat_of(cp)); }

/* Code points Unicode keeps for future pictographs (Extended_Pictographic in emoji-data.txt
 * covers them while unassigned): an emoji newer than utf8proc's tables lands here, so it is
 * not "unassigned" noise. */
static bool is_future_pictograph(uint32_t cp)
{
    return ((cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x1FC00 && cp <= 0x1FFFD)) &&
           cat_of(cp) == UTF8PROC_CATEGORY_CN;
}

static bool is_pictographic(uint32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    return p->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
           is_future_pictograph(cp);
}

/* Scripts whose letters join or form clusters, where ZWJ/ZWNJ change the rendering. */
static bool script_uses_joiners(sv_script s)
{
    switch (s) {
    case SV_SCRIPT_LATIN: case SV_SCRIPT_GREEK: case SV_SCRIPT_CYRILLIC:
    case SV_SCRIPT_ARMENIAN: case SV_SCRIPT_GEORGIAN: case SV_SCRIPT_HAN:
    case SV_SCRIPT_HIRAGANA: case SV_SCRIPT_KATAKANA: case SV_SCRIPT_HANGUL:
    case SV_SCRIPT_COMMON: case SV_SCRIPT_INHERITED: case SV_SCRIPT_UNKNOWN:
        return false;
    default:
        return true;
    }
}

/* Scripts written without spaces between words and broken into lines by dictionary, where
 * U+200B marks the word boundaries. Chinese and Japanese break between any two characters,
 * so a U+200B there is no more than an invisible character inside a word. */
static bool script_without_spaces(sv_script s)
{
    switch (s) {
    case SV_SCRIPT_THAI: case SV_SCRIPT_LAO: case SV_SCRIPT_KHMER: case SV_SCRIPT_MYANMAR:
    case SV_SCRIPT_TIBETAN: case SV_SCRIPT_NEW_TAI_LUE: case SV_SCRIPT_TAI_THAM:
    case SV_SCRIPT_BALINESE: case SV_SCRIPT_JAVANESE:
        return true;
    default:
        return false;
    }
}

/* Is the zero-width character cp at [i, i+n) legitimate where it stands? */
static bool zero_width_legit(const cleaner *c, uint32_t cp, size_t i, size_t n)
{
    if (i + n >= c->len || c->prev_cp == 0)
        return false;
    size_t m;
    uint32_t next = decode_at(c->s, c->len, i + n, &m);
    utf8proc_category_t pc = cat_of(c->prev_cp), nc = cat_of(next);
    bool letters = (cat_is_letter(pc) || cat_is_mark(pc)) && (cat_is_letter(nc) || cat_is_mark(nc));
    if (cp == 0x200D) { /* ZWJ: emoji sequences, then joining scripts */
        bool emoji_before = is_pictographic(c->prev_cp) || c->prev_cp == 0xFE0F ||
                            (c->prev_cp >= 0x1F3FB && c->prev_cp <= 0x1F3FF);
        if (emoji_before && is_pictographic(next))
            return true;
    }
    if (cp == 0x200C || cp == 0x200D)
        return letters && script_uses_joiners(c->prev_base_script);
    if (cp == 0x200B)
        return letters && script_without_spaces(c->prev_base_script) &&
               script_without_spaces(sv_script_of(next));
    return false;
}

/* Does the line hold a right-to-left letter (Hebrew, Arabic, ...)? Direction marks (LRM,
 * RLM, ALM) are how such text keeps digits and punctuation in place; on a line without any
 * they change nothing and are debris ("V\u200filla"). Computed once per line. */
static bool line_has_rtl(cleaner *c)
{
    if (c->rtl < 0) {
        size_t n;
        c->rtl = 0;
        for (size_t i = 0; i < c->len && !c->rtl; i += n) {
            uint32_t cp = decode_at(c->s, c->len, i, &n);
            if (cp >= 0x0590 && cp != 0x200F && cp != 0x061C) { /* not the marks themselves */
                int bc = utf8proc_get_property((utf8proc_int32_t)cp)->bidi_class;
                c->rtl = bc == UTF8PROC_BIDI_CLASS_R || bc == UTF8PROC_BIDI_CLASS_AL;
            }
        }
    }
    return c->rtl == 1;
}

/* Is the direction mark at [i, i+n) inside a word or a number? A mark does its work next to
 * characters of weak or neutral direction (digits, punctuation, spaces) that it decides the
 * direction of; between two letters, each strongly directed, it changes nothing (RLM inside a
 * Hebrew word) or splits the word on display (LRM inside one), and between two digits it cuts
 * the number in two; between two spaces, or before the spaces that indent a line, it has
 * nothing to direct. Such a mark is debris: "מיו\u200Eחדים", "8\u200F500". Other marks
 * right after it are passed over (they go too). */
static bool direction_mark_inside(const cleaner *c, size_t i, size_t n)
{
    size_t j = i + n, m;
    uint32_t next = 0;
    for (int k = 0; k < 4 && j < c->len; k++, j += m) {
        next = decode_at(c->s, c->len, j, &m);
        if (next != 0x200E && next != 0x200F && next != 0x061C)
            break;
    }
    if (j >= c->len)
        return false;
    if ((c->prev_cp == 0 || is_space_cp(c->prev_cp)) && is_space_cp(next))
        return true;
    if (c->prev_cp == 0)
        return false;
    utf8proc_category_t pc = cat_of(c->prev_cp), nc = cat_of(next);
    if (pc == UTF8PROC_CATEGORY_ND && nc == UTF8PROC_CATEGORY_ND)
        return true;
    return (cat_is_letter(pc) || cat_is_mark(pc)) && cat_is_letter(nc);
}

/* The class of removal for cp (of category cat), or NULL to keep it. Marks and U+FFFD are
 * handled by the caller. */
static const char *removal_class(cleaner *c, uint32_t cp, utf8proc_category_t cat, size_t i,
                                 size_t n)
{
    if (cp < 0x80)
        return (cp < 0x20 && cp != '\t') || cp == 0x7F ? "control" : NULL;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return "bidi-control";
    if (cp == 0x200E || cp == 0x200F || cp == 0x061C)
        return line_has_rtl(c) && !direction_mark_inside(c, i, n) ? NULL : "bidi-control";
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
        cp == 0x180E || (cp >= 0x2061 && cp <= 0x2064))
        return zero_width_legit(c, cp, i, n) ? NULL : "zero-width";
    /* tag characters: only inside an emoji tag sequence (a subdivision flag) */
    if (cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F))
        return c->prev_cp == 0x1F3F4 || (c->prev_cp >= 0xE0020 && c->prev_cp <= 0xE007F)
                   ? NULL : "zero-width";
    switch (cat) {
    case UTF8PROC_CATEGORY_CC: return "control";
    case UTF8PROC_CATEGORY_CO: return "private-use";
    case UTF8PROC_CATEGORY_CN: return is_future_pictograph(cp) ? NULL : "unassigned";
    default: return NULL;
    }
}

/* A stack of combining marks starting at s[i]: kept, or trimmed when it is Zalgo. Returns
 * the byte after the stack, or (size_t)-1 on OOM. */
static size_t clean_marks(cleaner *c, size_t i)
{
    size_t depth = zalgo_depth(c->doc);
    size_t keep = depth < SV_ZALGO_KEEP ? depth : SV_ZALGO_KEEP;
    size_t j = i, count = 0, cut = i, n;
    uint32_t last_kept = 0, last = 0;
    while (j < c->len) {
        uint32_t cp = decode_at(c->s, c->len, j, &n);
        if (!cat_is_mark(cat_of(cp)))
            break;
        if (++count == keep + 1)
            cut = j;
        if (count <= keep)
            last_kept = cp;
        last = cp;
        j += n;
    }
    /* the last kept mark stands before what follows (VS16 before a ZWJ in an emoji) */
    if (count <= depth) {
        c->prev_cp = last;
        return j;
    }
    if (remove_span(c, "zalgo", cut, j) != 0)
        return (size_t)-1;
    c->prev_cp = last_kept ? last_kept : last;
    return j;
}

/* Is the line an article line that lost some bytes, rather than a blob of binary data? It
 * holds a word (a run of two letters or more, marks included), letters at least half as many
 * as its U+FFFD, and no C0 control or DEL (binary data is full of them). Invalid bytes
 * injected next to each other at the start of a sentence make a run as long as a blob's,
 * and the words around it are what tells them apart. Computed once per line. */
static bool line_has_words(cleaner *c)
{
    if (c->words < 0) {
        size_t letters = 0, fffd = 0, words = 0, run = 0, n;
        bool control = false;
        for (size_t i = 0; i < c->len; i += n) {
            uint32_t cp = decode_at(c->s, c->len, i, &n);
            utf8proc_category_t cat = cat_of(cp);
            if (cat_is_letter(cat)) {
                letters++;
                words += ++run == 2;
            } else if (!cat_is_mark(cat)) {
                run = 0;
                fffd += cp == 0xFFFD;
                control |= (cp < 0x20 && cp != '\t') || cp == 0x7F;
            }
        }
        c->words = words >= 1 && 2 * letters >= fffd && !control;
    }
    return c->words == 1;
}

/* A run of U+FFFD starting at s[i]. Returns the byte after it, or (size_t)-1 on OOM. Short
 * runs, and long ones on a line of words, stay: each U+FFFD was reported by the decoder, and
 * block text leaves U+FFFD out; only a long run on a line without words is noise. */
static size_t clean_fffd(cleaner *c, size_t i)
{
    size_t j = i, count = 0, n;
    while (j < c->len && decode_at(c->s, c->len, j, &n) == 0xFFFD) {
        count++;
        j += n;
    }
    if (count < SV_FFFD_RUN || line_has_words(c)) {
        c->prev_cp = 0xFFFD;
        return j;
    }
    return remove_span(c, "replacement-run", i, j) != 0 ? (size_t)-1 : j;
}

/* "Ã" closing a word in capitals before a closing quote ("IRMÃ”", "«MAÇÔ) is Portuguese,
 * not "Ô" or "û" mangled: alone in its word, after a capital, with no letter after it. */
static bool moji_caps_before_quote(const cleaner *c, const moji_seq *m, size_t at)
{
    if (m->lead != 0xC3 || m->chars != 2 || c->token_seqs >= 2 ||
        !(m->last == 0x94 || m->last == 0x92 || m->last == 0xBB) ||
        cat_of(c->prev_cp) != UTF8PROC_CATEGORY_LU)
        return false;
    size_t n, j = at + m->bytes;
    return j >= c->len || !cat_is_letter(cat_of(decode_at(c->s, c->len, j, &n)));
}

/* A sequence read across a no-break space ("é »", "à « ", French spacing) is only taken
 * as mojibake next to other mojibake, or as "Â " / "Ã " (the usual mangled NBSP and à). */
static bool moji_ok(cleaner *c, const moji_seq *m, size_t at, bool after_repair)
{
    if (!moji_in_context(m, c->token_seqs, c->s, c->len, at, &c->line_moji))
        return false;
    if (!after_repair && moji_caps_before_quote(c, m, at))
        return false;
    if (!m->nbsp || m->lead == 0xC2 || m->lead == 0xC3 || after_repair)
        return true;
    moji_seq next = moji_at(c->s, c->len, at + m->bytes);
    return !next.nbsp && moji_accept(&next, c->token_seqs);
}

/* Text mangled twice ("Ã¢â‚¬â„¢" -> "â€™" -> "’"): when the repaired bytes b[0..n) are
 * themselves nothing but mojibake, they are repaired again in place (a sequence of k
 * characters, each of two bytes or more, becomes one character of k bytes: the text only
 * shrinks). Returns the new length. Each pass is linear and at most SV_MOJI_PASSES run. */
#define SV_MOJI_PASSES 2

/* A sequence moji_accept leaves that a second pass still takes: one that decodes to a letter
 * ("Ä›" from "Ã„â€º", the Czech ě mangled twice). Alone in a word it could be meant, but here
 * it is all that a repair left, and real text is not mojibake of mojibake by chance. */
static bool moji_again_letter(const moji_seq *m)
{
    return moji_possible(m) && !m->nbsp && cat_is_letter(cat_of(m->cp));
}

static size_t moji_again(char *b, size_t n)
{
    for (int pass = 0; pass < SV_MOJI_PASSES; pass++) {
        size_t i = 0, seqs = 0;
        while (i < n) { /* first: is all of it mojibake? */
            moji_seq m = moji_at(b, n, i);
            if (!m.chars)
                return n;
            seqs++;
            i += m.bytes;
        }
        for (i = 0; i < n;) {
            moji_seq m = moji_at(b, n, i);
            if (!moji_accept(&m, seqs) && !moji_again_letter(&m))
                return n;
            i += m.bytes;
        }
        size_t w = 0;
        for (i = 0; i < n;) {
            moji_seq m = moji_at(b, n, i);
            i += m.bytes;
            w += sv_utf8_encode(m.cp, b + w);
        }
        n = w;
    }
    return n;
}

/* A sequence that repairs to a C1 control, "Â\u009D": no text, but in text mangled twice the
 * link between the pieces of one character, as windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and
 * 0x9D undefined (WHATWG and Latin-1 read them as C1 controls): "Ã¢â‚¬Â\u009D" is "â€\u009D",
 * which is "”"; "Ð\u009D" is "Н". It is taken only inside a run, and kept only when the
 * second pass mends it (moji_links_mended). */
static bool moji_c1_link(const moji_seq *m)
{
    return m->chars == 2 && m->lead == 0xC2 && m->cp >= 0x80 && m->cp <= 0x9F;
}

/* Does moji_again, run on a copy of the repaired run b[0..n), leave no C1 control? Runs
 * longer than the copy are not tried (the caller then ends the run before its first link). */
#define SV_MOJI_LINK_RUN 256
static bool moji_links_mended(const char *b, size_t n)
{
    char tmp[SV_MOJI_LINK_RUN];
    if (n > sizeof tmp)
        return false;
    memcpy(tmp, b, n);
    n = moji_again(tmp, n);
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)tmp[i] == 0xC2 && (unsigned char)tmp[i + 1] <= 0x9F)
            return false;
    return true;
}

/* Mojibake at s[i]: appends the repaired characters and returns the byte after them (i when
 * there is none), or (size_t)-1 on OOM. */
static size_t clean_mojibake(cleaner *c, size_t i)
{
    moji_seq m = moji_at(c->s, c->len, i);
    if (m.chars && !c->seqs_known) {
        size_t chars;
        c->token_seqs = moji_count_token(c->s, c->len, c->token_start, &chars);
        c->seqs_known = true;
    }
    if (!moji_ok(c, &m, i, false))
        return i;
    if (flush_kept(c, i) != 0 || flush_removed(c) != 0)
        return (size_t)-1;
    size_t j = i, mark = c->out->len, link_j = 0, link_len = 0;
    do {
        if (moji_c1_link(&m) && link_j == 0) {
            link_j = j;
            link_len = c->out->len - mark;
        }
        if (sv_buf_put_cp(c->out, m.cp) != 0) {
            c->doc->oom = true;
            return (size_t)-1;
        }
        j += m.bytes;
        m = moji_at(c->s, c->len, j);
    } while (j < c->len && (moji_ok(c, &m, j, true) || moji_c1_link(&m)));
    if (link_j != 0 && !moji_links_mended(c->out->data + mark, c->out->len - mark)) {
        c->out->len = mark + link_len; /* the run ends before its first link */
        j = link_j;
    }
    c->out->len = mark + moji_again(c->out->data + mark, c->out->len - mark);
    c->out->data[c->out->len] = 0;
    size_t last = c->out->len - 1, n;
    while (last > mark && ((unsigned char)c->out->data[last] & 0xC0) == 0x80)
        last--;
    note_kept(c, sv_utf8_decode(c->out->data + last, c->out->len - last, &n));
    c->keep = j;
    /* the entry's text is the original, the clean text has the repair */
    return sv_doc_add_noise(c->doc, "mojibake", c->off + i, c->off + j) ? j : (size_t)-1;
}

/* Does the line s[0..len) hold a Mac OS Roman sequence mac_accept takes (its own token's
 * count)? Each token is read twice at most. */
static bool line_has_mac(const char *s, size_t len)
{
    size_t i = 0, n, chars;
    while (i < len) {
        uint32_t cp = decode_at(s, len, i, &n);
        if (is_space_cp(cp)) {
            i += n;
            continue;
        }
        size_t seqs = mac_count_token(s, len, i, &chars);
        if (seqs >= 2)
            return true;
        for (; i < len && !is_space_cp(cp = decode_at(s, len, i, &n)); i += n) {
            if (seqs == 1 && mac_lead(cp)) {
                moji_seq m = mac_at(s, len, i);
                if (mac_accept(&m, 1))
                    return true;
            }
        }
    }
    return false;
}

/* A single sequence that mac_accept leaves, repaired to a letter on a line that holds Mac
 * OS Roman mojibake it takes: "Œó" for the Greek article Η among "ŒπœÉœÑŒøœÅŒØŒ±". */
static bool mac_in_context(cleaner *c, const moji_seq *m)
{
    if (!mac_possible(m) || !cat_is_letter(cat_of(m->cp)))
        return false;
    if (c->line_mac < 0)
        c->line_mac = line_has_mac(c->s, c->len);
    return c->line_mac == 1;
}

/* Mojibake of Mac OS Roman at s[i], which windows-1252 did not take: appends the repaired
 * characters and returns the byte after them (i when there is none), or (size_t)-1 on OOM. */
static size_t clean_mac(cleaner *c, size_t i)
{
    moji_seq m = mac_at(c->s, c->len, i);
    if (!mac_possible(&m))
        return i;
    if (!c->mac_known) {
        size_t chars;
        c->mac_seqs = mac_count_token(c->s, c->len, c->token_start, &chars);
        c->mac_known = true;
    }
    if (!mac_accept(&m, c->mac_seqs) && !mac_in_context(c, &m))
        return i;
    if (flush_kept(c, i) != 0 || flush_removed(c) != 0)
        return (size_t)-1;
    size_t j = i;
    uint32_t last = 0;
    do {
        if (sv_buf_put_cp(c->out, m.cp) != 0) {
            c->doc->oom = true;
            return (size_t)-1;
        }
        last = m.cp;
        j += m.bytes;
        m = mac_at(c->s, c->len, j);
    } while (j < c->len && mac_accept(&m, c->mac_seqs));
    note_kept(c, last);
    c->keep = j;
    return sv_doc_add_noise(c->doc, "mojibake", c->off + i, c->off + j) ? j : (size_t)-1;
}

/* One step of the cleaning pass at s[i] (cp, n bytes). Returns the next byte or (size_t)-1. */
static size_t clean_step(cleaner *c, size_t i, uint32_t cp, size_t n)
{
    utf8proc_category_t cat = cat_of(cp);
    if (cp >= 0x80) {
        if (is_moji_lead(cp)) { /* no other character starts a sequence */
            size_t j = clean_mojibake(c, i);
            if (j != i)
                return j;
        }
        if (mac_lead(cp)) {
            size_t j = clean_mac(c, i);
            if (j != i)
                return j;
        }
        if (cat_is_mark(cat))
            return clean_marks(c, i);
        if (cp == 0xFFFD)
            return clean_fffd(c, i);
    }
    const char *cls = removal_class(c, cp, cat, i, n);
    if (cls) {
        if (remove_span(c, cls, i, i + n) != 0)
            return (size_t)-1;
        /* VT, FF and NEL end a line: the words on either side stay apart */
        if ((cp == 0x0B || cp == 0x0C || cp == 0x85) && sv_buf_putc(c->out, ' ') != 0) {
            c->doc->oom = true;
            return (size_t)-1;
        }
        return i + n;
    }
    note_kept_cat(c, cp, cat);
    return i + n;
}

/* A token starts at s[i]: its mojibake sequences are counted once, when a sequence in it is
 * first looked at (most tokens have none to look at). */
static void token_starts(cleaner *c, size_t i)
{
    c->token_start = i;
    c->seqs_known = false;
    c->mac_known = false;
}

/* The printable ASCII run s[i..j) is kept as it is. What the step by step pass would have
 * noted from it is read backwards from its end: the last character, whether it held a letter
 * (its script is then Latin), and where its last token starts. Each backward scan stops
 * inside the run, so the run is read at most three times. */
static void kept_ascii_run(cleaner *c, size_t i, size_t j, bool *in_space)
{
    const unsigned char *u = (const unsigned char *)c->s;
    c->prev_cp = u[j - 1];
    for (size_t p = j; p > i; p--)
        if (ascii_kind[u[p - 1]] & A_ALPHA) {
            c->prev_base_script = SV_SCRIPT_LATIN;
            break;
        }
    size_t end = j; /* the last token is [start, end) */
    while (end > i && (ascii_kind[u[end - 1]] & A_SPACE))
        end--;
    size_t start = end;
    while (start > i && !(ascii_kind[u[start - 1]] & A_SPACE))
        start--;
    if (start < end && (start > i || *in_space))
        token_starts(c, start);
    *in_space = (ascii_kind[u[j - 1]] & A_SPACE) != 0;
}

static int clean_line(cleaner *c)
{
    size_t i = 0, n;
    bool in_space = true;
    while (i < c->len) {
        unsigned char b = (unsigned char)c->s[i];
        if (b < 0x80 && (ascii_kind[b] & A_PRINT)) { /* printable ASCII: kept as it is */
            size_t j = printable_run(c->s, c->len, i + 1);
            kept_ascii_run(c, i, j, &in_space);
            i = j;
            continue;
        }
        uint32_t cp = decode_at(c->s, c->len, i, &n);
        bool space = is_space_cp(cp);
        if (!space && in_space)
            token_starts(c, i);
        in_space = space;
        i = clean_step(c, i, cp, n);
        if (i == (size_t)-1)
            return -1;
    }
    if (flush_kept(c, c->len) != 0 || flush_removed(c) != 0)
        return -1;
    return 0;
}

/* ---- the stage ----------------------------------------------------------------------------- */

/* Does the cleaning pass leave the line s[0..len) as it is, with no entry? Most lines hold
 * nothing it acts on, and this answers for them at a fraction of its cost: false whenever a
 * character might be acted on (a control, a character of may_be_removed, a lead character
 * of mojibake before a character that can continue it, a category removal_class removes, a
 * stack of marks deeper than zalgo_depth), so that the pass itself then decides. */
static bool line_is_clean(const salvage_doc *doc, const char *s, size_t len)
{
    size_t depth = zalgo_depth(doc), marks = 0, i = 0, n;
    while (i < len) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            if (!(ascii_kind[b] & A_PRINT))
                return false;
            i = printable_run(s, len, i + 1);
            marks = 0;
            continue;
        }
        uint32_t cp = decode_at(s, len, i, &n);
        if (moji_may_start(s, len, i, cp, n) || mac_may_start(s, len, i, cp, n) ||
            char_unclean(cp, cat_of(cp), depth, &marks))
            return false;
        i += n;
    }
    return true;
}

static int drop_salad_line(salvage_doc *doc, const char *s, size_t dec_off, size_t len)
{
    size_t a = 0, b = len, n;
    while (a < b && is_space_cp(decode_at(s, len, a, &n)))
        a += n;
    while (b > a) { /* step back over trailing white space, one character at a time */
        size_t p = b - 1;
        while (p > a && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        if (!is_space_cp(decode_at(s, len, p, &n)))
            break;
        b = p;
    }
    return sv_doc_add_noise(doc, "script-salad", dec_off + a, dec_off + b) ? 1 : -1;
}

static int keep_line(salvage_doc *doc, const char *s, size_t len, sv_buf *out)
{
    if (sv_buf_append(out, s, len) != 0) {
        doc->oom = true;
        return -1;
    }
    return 0;
}

/* A line with something beyond printable ASCII (from s[printable] on). Kept out of
 * sv_noise_clean_line, so that the many lines without pay for none of what it needs. */
SV_NOINLINE int clean_other_line(salvage_doc *doc, size_t dec_off, size_t len, sv_buf *out,
                                 size_t printable)
{
    const char *s = doc->text.data + dec_off;
    /* Salad needs characters beyond ASCII: every generated dump has them, and ASCII-only
     * oddities (code, ASCII art) are not this stage's business. */
    bool clean = false;
    if (sv_skip_ascii(s, len, printable) != len && is_script_salad(doc, s, len, &clean))
        return drop_salad_line(doc, s, dec_off, len);
    if (clean || line_is_clean(doc, s, len))
        return keep_line(doc, s, len, out);
    cleaner c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.s = s;
    c.len = len;
    c.off = dec_off;
    c.out = out;
    c.prev_base_script = SV_SCRIPT_UNKNOWN;
    c.rtl = -1;
    c.line_moji = -1;
    c.words = -1;
    c.line_mac = -1;
    return clean_line(&c);
}

int sv_noise_clean_line(salvage_doc *doc, size_t dec_off, size_t len, sv_buf *out)
{
    const char *s = doc->text.data + dec_off;
    size_t printable = printable_run(s, len, 0);
    if (printable == len) /* printable ASCII: nothing to find */
        return keep_line(doc, s, len, out);
    return clean_other_line(doc, dec_off, len, out, printable);
}
