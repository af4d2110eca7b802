#!/usr/bin/env python3
"""Generates parser/encoding_cjk_tables.c: the WHATWG Encoding Standard's indexes for the
multi-byte encodings (index Big5, EUC-KR, gb18030, gb18030 ranges, jis0208, jis0212).

    python3 tools/gen_cjk.py > parser/encoding_cjk_tables.c

The indexes are read from tools/data/encoding-indexes.js (see tools/data/README.md). That
file predates the Encoding Standard's adoption of GB18030-2022 (whatwg/encoding PR #336,
2024), which replaced 18 Private Use entries of index gb18030 with the standard code points
GB18030-2022 assigns to those byte pairs; GB18030_2022 below applies them.

The script also cross-checks the single-byte tables that tools/gen_encodings.py builds from
Python's codecs against the same file's single-byte indexes, and fails on any difference.

Layout of the tables (all const, so read-only data without initialisation code):
  * one uint16_t per pointer, 0 for "no code point", trimmed to the pointers from the first
    to the last mapped one (SV_CJK_<NAME>_FIRST and the table's length);
  * index Big5 has 1,713 code points in plane 2 (U+2xxxx): the table keeps their low 16
    bits and a bit set (one bit per pointer, 2.3 KB) marks them, instead of 32 bits for
    every entry (38 KB more);
  * index gb18030 ranges: two uint16_t arrays (pointer, code point) for the 206 ranges in
    the BMP; the one range above it (pointer 189000 -> U+10000) is a formula in the decoder.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_encodings  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "encoding-indexes.js")

# GB18030-2022 as the Encoding Standard adopted it (whatwg/encoding PR #336): byte pair ->
# new code point. Each replaced an entry that was Private Use before.
GB18030_2022 = [
    (0xA6, 0xD9, 0xFE10), (0xA6, 0xDA, 0xFE12), (0xA6, 0xDB, 0xFE11), (0xA6, 0xDC, 0xFE13),
    (0xA6, 0xDD, 0xFE14), (0xA6, 0xDE, 0xFE15), (0xA6, 0xDF, 0xFE16), (0xA6, 0xEC, 0xFE17),
    (0xA6, 0xED, 0xFE18), (0xA6, 0xF3, 0xFE19), (0xFE, 0x59, 0x9FB4), (0xFE, 0x61, 0x9FB5),
    (0xFE, 0x66, 0x9FB6), (0xFE, 0x67, 0x9FB7), (0xFE, 0x6D, 0x9FB8), (0xFE, 0x7E, 0x9FB9),
    (0xFE, 0x90, 0x9FBA), (0xFE, 0xA0, 0x9FBB),
]


def fail(msg):
    sys.stderr.write("gen_cjk.py: %s\n" % msg)
    sys.exit(1)


def load_indexes():
    with open(DATA, encoding="utf-8") as f:
        text = f.read()
    marker = 'global["encoding-indexes"] ='
    start = text.index(marker) + len(marker)
    end = text.index("\n};", start) + 2
    return json.loads(text[start:end])


def gb18030_pointer(lead, trail):
    return (lead - 0x81) * 190 + (trail - 0x40 if trail < 0x7F else trail - 0x41)


def apply_gb18030_2022(index):
    for lead, trail, cp in GB18030_2022:
        p = gb18030_pointer(lead, trail)
        old = index[p]
        if old is None or not 0xE000 <= old <= 0xF8FF:
            fail("index gb18030 pointer %d (%02X %02X) is U+%04X, not Private Use"
                 % (p, lead, trail, old or 0))
        index[p] = cp


def check_single_byte(indexes):
    """The single-byte tables of gen_encodings.py must equal the file's indexes."""
    diffs = []
    checked = 0
    for name, _macro, codec, _labels in gen_encodings.ENCODINGS:
        if codec is None or codec == "x-user-defined":
            continue
        key = "iso-8859-8" if name == "ISO-8859-8-I" else name.lower()  # one shared index
        if key not in indexes:
            fail("no index for single-byte encoding %s" % name)
        ours = gen_encodings.single_byte_table(name, codec)
        theirs = [cp if cp is not None else 0 for cp in indexes[key]]
        checked += 1
        for i, (a, b) in enumerate(zip(ours, theirs)):
            if a != b:
                diffs.append("%s byte 0x%02X: tables U+%04X, index U+%04X"
                             % (name, 0x80 + i, a, b))
    if diffs:
        fail("single-byte tables differ from the indexes:\n  " + "\n  ".join(diffs))
    return checked


def trimmed(index):
    mapped = [i for i, cp in enumerate(index) if cp is not None]
    return mapped[0], mapped[-1] + 1


def write_u16(out, name, values):
    out.write("static const uint16_t %s[%d] = {\n" % (name, len(values)))
    for row in range(0, len(values), 12):
        out.write("    " + ", ".join("0x%04X" % v for v in values[row:row + 12]) + ",\n")
    out.write("};\n\n")


def write_index(out, ident, macro, index, sizes):
    """A BMP index as a trimmed uint16_t table; returns nothing, records its size."""
    first, end = trimmed(index)
    values = []
    for cp in index[first:end]:
        if cp is None:
            values.append(0)
        else:
            assert 0 < cp <= 0xFFFF, (ident, cp)
            values.append(cp)
    out.write("/* pointers %d..%d */\n" % (first, end - 1))
    write_u16(out, ident, values)
    out.write("const sv_cjk_index sv_cjk_%s = {%s, %d, %d, NULL};\n\n"
              % (macro, ident, first, end - first))
    sizes.append((macro, 2 * (end - first)))


def write_big5(out, index, sizes):
    first, end = trimmed(index)
    values, bits = [], [0] * ((end - first + 7) // 8)
    for i, cp in enumerate(index[first:end]):
        if cp is None:
            values.append(0)
            continue
        if cp > 0xFFFF:
            if cp >> 16 != 2:
                fail("index Big5 code point U+%X outside the BMP and plane 2" % cp)
            bits[i // 8] |= 1 << (i % 8)
        values.append(cp & 0xFFFF)
        if cp & 0xFFFF == 0 and cp <= 0xFFFF:
            fail("index Big5 maps to U+0000")
    out.write("/* pointers %d..%d; code points in plane 2 keep their low 16 bits here and\n"
              " * have their bit set in big5_plane2 */\n" % (first, end - 1))
    write_u16(out, "big5", values)
    out.write("static const uint8_t big5_plane2[%d] = {\n" % len(bits))
    for row in range(0, len(bits), 16):
        out.write("    " + ", ".join("0x%02X" % v for v in bits[row:row + 16]) + ",\n")
    out.write("};\n\n")
    out.write("const sv_cjk_index sv_cjk_big5 = {big5, %d, %d, big5_plane2};\n\n"
              % (first, end - first))
    sizes.append(("big5", 2 * (end - first) + len(bits)))


def write_ranges(out, ranges, sizes):
    bmp = [(p, cp) for p, cp in ranges if cp <= 0xFFFF]
    rest = [(p, cp) for p, cp in ranges if cp > 0xFFFF]
    if rest != [[189000, 0x10000]] and rest != [(189000, 0x10000)]:
        fail("index gb18030 ranges: unexpected entries above the BMP: %r" % rest)
    if any(p > 0xFFFF for p, _ in bmp) or bmp != sorted(bmp):
        fail("index gb18030 ranges: BMP pointers must be sorted and below 65536")
    write_u16(out, "gb18030_range_pointer", [p for p, _ in bmp])
    write_u16(out, "gb18030_range_cp", [cp for _, cp in bmp])
    out.write("const uint16_t *const sv_cjk_gb18030_range_pointer = gb18030_range_pointer;\n")
    out.write("const uint16_t *const sv_cjk_gb18030_range_cp = gb18030_range_cp;\n")
    out.write("const size_t sv_cjk_gb18030_range_count = %d;\n" % len(bmp))
    sizes.append(("gb18030 ranges", 4 * len(bmp)))


def main():
    indexes = load_indexes()
    checked = check_single_byte(indexes)
    apply_gb18030_2022(indexes["gb18030"])
    out = sys.stdout
    out.write("/*\n * encoding_cjk_tables.c — GENERATED by tools/gen_cjk.py; do not edit.\n"
              " * Regenerate: python3 tools/gen_cjk.py > parser/encoding_cjk_tables.c\n"
              " * The WHATWG Encoding Standard's indexes for Big5, EUC-KR, gb18030 (with the"
              " GB18030-2022\n * changes of whatwg/encoding PR #336), jis0208 and jis0212,"
              " from\n * tools/data/encoding-indexes.js (see tools/data/README.md).\n */\n")
    out.write('#include "input_cjk.h"\n\n')
    sizes = []
    write_index(out, "gb18030", "gb18030", indexes["gb18030"], sizes)
    write_index(out, "euc_kr", "euc_kr", indexes["euc-kr"], sizes)
    write_index(out, "jis0208", "jis0208", indexes["jis0208"], sizes)
    write_index(out, "jis0212", "jis0212", indexes["jis0212"], sizes)
    write_big5(out, indexes["big5"], sizes)
    write_ranges(out, indexes["gb18030-ranges"], sizes)
    total = sum(s for _, s in sizes)
    sys.stderr.write("single-byte tables checked: %d, all equal to the indexes\n" % checked)
    sys.stderr.write("table bytes: %s; total %d\n"
                     % (", ".join("%s %d" % s for s in sizes), total))


if __name__ == "__main__":
    main()
