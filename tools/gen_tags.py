#!/usr/bin/env python3
"""Generates the tag-name hash table of parser/tags.c from SV_TAG_LIST in parser/tags.h.

sv_tag_lookup hashes a name's length and its first two and last two bytes (lower-cased) with
a 64-bit multiplicative hash into a table of 1,024 one-byte tag ids, then confirms the one
candidate with a comparison. The multiplier is searched (from a fixed seed, so the output is
reproducible) until no two names share a slot: one probe per lookup, whatever the name.

Usage: tools/gen_tags.py [REPO]   (rewrites the block between the markers in parser/tags.c)
"""
import os
import random
import re
import sys

BITS = 10
BEGIN = "/* BEGIN tools/gen_tags.py */\n"
END = "/* END tools/gen_tags.py */\n"
MASK64 = (1 << 64) - 1


def key(name):
    b = name.encode()
    second = b[1] if len(b) > 1 else 0
    before_last = b[-2] if len(b) > 1 else 0
    return b[0] | second << 8 | before_last << 16 | b[-1] << 24 | len(b) << 32


def slot(k, mult):
    return ((k * mult) & MASK64) >> (64 - BITS)


def find_multiplier(names):
    rng = random.Random(20261125)
    for _ in range(1000000):
        mult = rng.getrandbits(64) | 1
        if len({slot(key(n), mult) for n in names}) == len(names):
            return mult
    sys.exit("no collision-free multiplier found")


def block(names, mult):
    table = [0] * (1 << BITS)
    for i, n in enumerate(names):
        table[slot(key(n), mult)] = i + 1  # tag ids start at 1 (0 is SV_TAG_UNKNOWN)
    lines = [BEGIN, "#define TAG_HASH_BITS %d\n" % BITS,
             "#define TAG_HASH_MULT UINT64_C(0x%016x)\n" % mult,
             "static const uint8_t tag_slots[%d] = {\n" % len(table)]
    for i in range(0, len(table), 16):
        lines.append("    " + ", ".join("%3d" % v for v in table[i:i + 16]) + ",\n")
    lines.append("};\n")
    lines.append(END)
    return "".join(lines)


def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    with open(os.path.join(repo, "parser", "tags.h"), encoding="utf-8") as f:
        names = re.findall(r'X\(\w+, "([^"]+)"\)', f.read())
    assert len(names) < 256 and all(0 < len(n) <= 15 for n in names)
    path = os.path.join(repo, "parser", "tags.c")
    with open(path, encoding="utf-8") as f:
        src = f.read()
    a, b = src.index(BEGIN), src.index(END) + len(END)
    with open(path, "w", encoding="utf-8") as f:
        f.write(src[:a] + block(names, find_multiplier(names)) + src[b:])


if __name__ == "__main__":
    main()
