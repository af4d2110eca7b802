#!/usr/bin/env python3
"""Differential test of salvage's decoders (parser/input.c, through tests/decode_dump.c)
against the reference decoders of tests/encoding_ref.py, for every encoding of the Encoding
Standard.

For each encoding it generates deterministic pseudo-random inputs built from pieces that
reach the decoders' edges (valid sequences taken from the index, truncated sequences, lead
bytes followed by ASCII, ISO-2022-JP escape sequences, gb18030 four-byte forms around the
ranges' limits, CR and LF, random bytes, long ASCII runs), plus, for the double-byte
encodings, every lead byte 0x80..0xFF followed by every trail byte 0x00..0xFF (one input per
lead byte). All inputs of a run go through one decode_dump process, fed whole or in
pseudo-random chunks.

The decoded text must equal the reference's code points after newline normalisation (a
decoded CR becomes LF, and an LF decoded right after a CR is dropped); each
invalid-byte-sequence diagnostic must sit at the original offset of the first byte of the reference's error, and no other
diagnostic may appear; each character of the text must map (sv_doc_orig_offset) to the
original offset of its first byte (an LF from CRLF to the CR's). A mismatch prints the
encoding, the bytes, both results and a shrunk input that still differs, and the test fails.

salvage decodes every encoding of the standard: one it reports it cannot decode
(decode_dump prints "U") fails the test.

    encoding_diff.py DECODE_DUMP [--only ENC[,ENC...]] [--scale F] [--seed N] [--max-shown N]
Exit status: 0 all equal, 1 a mismatch, 77 no index data.
"""
import argparse
import os
import random
import struct
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import encoding_ref as ref  # noqa: E402

DOUBLE_BYTE = ["GBK", "gb18030", "Big5", "EUC-JP", "Shift_JIS", "EUC-KR"]
CRLF_PIECES = [b"\r", b"\n", b"\r\n", b"\r\r\n", b"\n\r"]


# ---------------------------------------------------------------------------------------
# Expected output


def normalise_newlines(cps, starts):
    out, out_starts, after_cr = [], [], False
    for c, s in zip(cps, starts):
        if c == 0x0D:
            out.append(0x0A)
            out_starts.append(s)
            after_cr = True
            continue
        if not (c == 0x0A and after_cr):
            out.append(c)
            out_starts.append(s)
        after_cr = False
    return out, out_starts


def expected(enc, data, indexes):
    """(UTF-8 text, error offsets, offset of each character's first byte or None)."""
    starts = []
    cps, errors = ref.decode(enc, data, indexes, starts)
    cps, starts = normalise_newlines(cps, starts)
    text = "".join(map(chr, cps)).encode("utf-8", "surrogatepass")
    return text, errors, starts


# ---------------------------------------------------------------------------------------
# Input pieces shared by all encodings


def common_piece(rng):
    r = rng.random()
    if r < 0.3:
        return bytes([rng.randrange(0x20, 0x7F)])
    if r < 0.45:
        return rng.choice(CRLF_PIECES)
    if r < 0.6:
        return bytes([rng.randrange(0x00, 0x80)])
    if r < 0.8:
        return bytes([rng.randrange(0x80, 0x100)])
    return bytes([rng.randrange(0x100)])


def ascii_run(rng):
    """Runs of ASCII, for the decoders' paths that copy runs whole."""
    n = rng.choice([1, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, rng.randrange(1, 300)])
    run = bytearray(rng.randrange(0x20, 0x7F) for _ in range(n))
    if rng.random() < 0.3:
        run[rng.randrange(n)] = rng.choice([0x0D, 0x0A, 0x1B, 0x00, 0x7F])
    return bytes(run)


def build(rng, special, special_share=0.6, max_pieces=24):
    """An input of 0..max_pieces pieces, special_share of them from special(rng); one in
    ten inputs also has long ASCII runs between the pieces."""
    out = bytearray()
    long_runs = rng.random() < 0.1
    for _ in range(rng.randrange(max_pieces + 1)):
        out += special(rng) if rng.random() < special_share else common_piece(rng)
        if long_runs and rng.random() < 0.3:
            out += ascii_run(rng)
    return bytes(out)


def truncated(rng, seq):
    """A proper prefix of seq (at least its first byte), or seq itself."""
    if len(seq) > 1 and rng.random() < 0.5:
        return seq[:rng.randrange(1, len(seq))]
    return seq


def valid_pointer(rng, table):
    while True:
        p = rng.randrange(len(table))
        if table[p] is not None:
            return p


# ---------------------------------------------------------------------------------------
# UTF-8 and UTF-16

UTF8_EDGES = [0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF,
              0xFEFF, 0x0D, 0x0A]
UTF8_BAD = [b"\xC0\x80", b"\xC1\xBF", b"\xE0\x80\x80", b"\xE0\x9F\xBF", b"\xED\xA0\x80",
            b"\xED\xBF\xBF", b"\xF0\x80\x80\x80", b"\xF0\x8F\xBF\xBF", b"\xF4\x90\x80\x80",
            b"\xF5\x80\x80\x80", b"\xF8\x88\x80\x80\x80", b"\xFE", b"\xFF", b"\x80", b"\xBF"]


def random_scalar(rng):
    r = rng.random()
    if r < 0.2:
        return rng.choice(UTF8_EDGES)
    if r < 0.4:
        return rng.randrange(0x80, 0x800)
    if r < 0.7:
        c = rng.randrange(0x800, 0x10000)
        return c if not 0xD800 <= c <= 0xDFFF else 0xFFFD
    return rng.randrange(0x10000, 0x110000)


def utf8_piece(rng):
    r = rng.random()
    if r < 0.2:
        return rng.choice(UTF8_BAD)
    seq = chr(random_scalar(rng)).encode("utf-8")
    return truncated(rng, seq) if r < 0.5 else seq


def utf16_piece(big_endian):
    fmt = ">H" if big_endian else "<H"

    def unit(u):
        return struct.pack(fmt, u)

    def piece(rng):
        r = rng.random()
        if r < 0.25:
            c = random_scalar(rng)
            if c >= 0x10000:
                c -= 0x10000
                return unit(0xD800 + (c >> 10)) + unit(0xDC00 + (c & 0x3FF))
            return unit(c)
        if r < 0.4:
            return unit(rng.choice([0x0D, 0x0A, 0x41, 0x3C]))
        if r < 0.55:
            return unit(rng.randrange(0xD800, 0xDC00))  # a leading surrogate
        if r < 0.7:
            return unit(rng.randrange(0xDC00, 0xE000))  # a trailing surrogate
        if r < 0.8:
            return unit(rng.choice([0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFF, 0xFEFF]))
        return bytes([rng.randrange(0x100)])  # shifts the code unit alignment
    return piece


# ---------------------------------------------------------------------------------------
# Chinese


def gb_four(pointer):
    b1, rest = divmod(pointer, 12600)
    b2, rest = divmod(rest, 1260)
    b3, b4 = divmod(rest, 10)
    return bytes([b1 + 0x81, b2 + 0x30, b3 + 0x81, b4 + 0x30])


def gb_two(pointer):
    lead, t = divmod(pointer, 190)
    return bytes([lead + 0x81, t + 0x40 if t < 0x3F else t + 0x41])


def gb18030_piece(indexes):
    table = indexes["gb18030"]
    starts = [s for s, _ in indexes["gb18030-ranges"]]
    edges = [0, 7456, 7457, 7458, 39419, 39420, 188999, 189000, 1237575, 1237576, 1587599]
    for s in starts:
        edges += [s - 1, s]
    gb2022 = [bytes([b >> 8, b & 0xFF]) for b in ref.GB18030_2022]

    def piece(rng):
        r = rng.random()
        if r < 0.3:
            return truncated(rng, gb_two(valid_pointer(rng, table)))
        if r < 0.4:
            return rng.choice(gb2022)
        if r < 0.55:
            return truncated(rng, gb_four(max(0, rng.choice(edges))))
        if r < 0.7:
            p = rng.randrange(39420) if rng.random() < 0.5 else rng.randrange(189000, 1237576)
            return truncated(rng, gb_four(p))
        if r < 0.8:
            return gb_four(rng.randrange(1587600))  # any four-byte form, mapped or not
        if r < 0.9:  # a lead, then a digit or not, then a byte of any kind
            out = bytes([rng.randrange(0x81, 0xFF)])
            if rng.random() < 0.6:
                out += bytes([rng.randrange(0x30, 0x3A)])
                if rng.random() < 0.6:
                    out += bytes([rng.randrange(0x81, 0xFF)])
            return out + bytes([rng.randrange(0x100)])
        return bytes([rng.choice([0x80, 0xFF, 0x81, 0xFE, 0x30, 0x39, 0x7F])])
    return piece


def big5_piece(indexes):
    table = indexes["big5"]

    def two(p):
        lead, t = divmod(p, 157)
        return bytes([lead + 0x81, t + 0x40 if t < 0x3F else t + 0x62])

    def piece(rng):
        r = rng.random()
        if r < 0.5:
            return truncated(rng, two(valid_pointer(rng, table)))
        if r < 0.6:
            return two(rng.choice([1133, 1135, 1164, 1166, 1132, 1134, 1165, 1167]))
        if r < 0.8:
            return bytes([rng.randrange(0x81, 0xFF), rng.randrange(0x100)])
        return bytes([rng.choice([0x80, 0xFF, 0x81, 0xFE, 0xA1, 0x7F, 0x40, 0x62])])
    return piece


# ---------------------------------------------------------------------------------------
# Japanese and Korean


def jis_pair(p, base):
    return bytes([p // 94 + base, p % 94 + base])


def euc_jp_piece(indexes):
    j208, j212 = indexes["jis0208"], indexes["jis0212"]

    def piece(rng):
        r = rng.random()
        if r < 0.35:
            return truncated(rng, jis_pair(valid_pointer(rng, j208[:8836]), 0xA1))
        if r < 0.5:
            return truncated(rng, b"\x8F" + jis_pair(valid_pointer(rng, j212), 0xA1))
        if r < 0.6:
            return bytes([0x8E, rng.randrange(0xA0, 0xE1)])
        if r < 0.75:
            return bytes([rng.choice([0x8E, 0x8F, 0xA1, 0xFE]), rng.randrange(0x100)])
        if r < 0.85:
            return bytes([0x8F, rng.randrange(0x100), rng.randrange(0x100)])
        return bytes([rng.choice([0x80, 0x8D, 0x90, 0xA0, 0xFF, 0x8E, 0x8F])])
    return piece


def shift_jis_piece(indexes):
    j208 = indexes["jis0208"]

    def two(p):
        lead, t = divmod(p, 188)
        return bytes([lead + 0x81 if lead < 0x1F else lead + 0xC1,
                      t + 0x40 if t < 0x3F else t + 0x41])

    def piece(rng):
        r = rng.random()
        if r < 0.4:
            return truncated(rng, two(valid_pointer(rng, j208)))
        if r < 0.5:
            return two(rng.choice([8835, 8836, 10715, 10716, rng.randrange(8836, 10716)]))
        if r < 0.6:
            return bytes([rng.randrange(0xA0, 0xE1)])
        if r < 0.8:
            lead = rng.choice([rng.randrange(0x81, 0xA0), rng.randrange(0xE0, 0xFD)])
            return bytes([lead, rng.randrange(0x100)])
        return bytes([rng.choice([0x80, 0xA0, 0xFD, 0xFE, 0xFF, 0x7F, 0x5C, 0x7E])])
    return piece


def euc_kr_piece(indexes):
    table = indexes["euc-kr"]

    def two(p):
        lead, t = divmod(p, 190)
        return bytes([lead + 0x81, t + 0x41])

    def piece(rng):
        r = rng.random()
        if r < 0.5:
            return truncated(rng, two(valid_pointer(rng, table)))
        if r < 0.8:
            return bytes([rng.randrange(0x81, 0xFF), rng.randrange(0x100)])
        return bytes([rng.choice([0x80, 0xFF, 0x81, 0xFE, 0x41, 0x40, 0x5A, 0x61])])
    return piece


ESCAPES = [b"\x1b(B", b"\x1b(J", b"\x1b(I", b"\x1b$@", b"\x1b$B"]
BAD_ESCAPES = [b"\x1b", b"\x1b\x1b", b"\x1b(", b"\x1b$", b"\x1b(A", b"\x1b$A", b"\x1b$(D",
               b"\x1bN", b"\x1b(\x1b$B", b"\x1b$\x1b(B", b"\x1b(\n", b"\x1b\r"]


def iso_2022_jp_piece(indexes):
    j208 = indexes["jis0208"]

    def piece(rng):
        r = rng.random()
        if r < 0.25:
            return rng.choice(ESCAPES)
        if r < 0.35:
            return rng.choice(BAD_ESCAPES)
        if r < 0.55:  # a JIS X 0208 pair, mapped or not
            p = valid_pointer(rng, j208) if rng.random() < 0.7 else rng.randrange(94 * 94)
            return truncated(rng, jis_pair(p, 0x21))
        if r < 0.7:  # katakana and Roman's special bytes
            return bytes([rng.choice([rng.randrange(0x21, 0x60), 0x5C, 0x7E, 0x60, 0x20])])
        if r < 0.8:
            return bytes([rng.choice([0x0E, 0x0F, 0x1B, 0x7F, 0x80, 0xFF, 0x00])])
        return rng.choice(ESCAPES) + bytes([rng.randrange(0x21, 0x7F)])
    return piece


def single_byte_piece(rng):
    return bytes([rng.randrange(0x80, 0x100)])


# ---------------------------------------------------------------------------------------
# The inputs of a run


def pieces_for(enc, indexes):
    if enc == "UTF-8":
        return utf8_piece
    if enc in ("UTF-16LE", "UTF-16BE"):
        return utf16_piece(enc == "UTF-16BE")
    if enc in ("GBK", "gb18030"):
        return gb18030_piece(indexes)
    table = {"Big5": big5_piece, "EUC-JP": euc_jp_piece, "Shift_JIS": shift_jis_piece,
             "EUC-KR": euc_kr_piece, "ISO-2022-JP": iso_2022_jp_piece}
    if enc in table:
        return table[enc](indexes)
    return single_byte_piece  # single-byte, x-user-defined, replacement


def exhaustive_inputs(enc):
    """Every byte (single-byte encodings); every lead x trail pair, each followed by a space
    (double-byte encodings; UTF-8 with two continuation bytes between); every pair in
    ISO-2022-JP's JIS X 0208 mode."""
    if enc == "UTF-8":  # every lead and second byte, then two continuation bytes
        return [b"".join(bytes([lead, t, 0x80, 0x80, 0x20]) for t in range(256))
                for lead in range(0x80, 0x100)]
    if enc in ref.SINGLE_BYTE or enc == "x-user-defined":
        return [bytes(range(256)), bytes(reversed(range(256)))]
    if enc in DOUBLE_BYTE:
        return [b"".join(bytes([lead, t, 0x20]) for t in range(256))
                for lead in range(0x80, 0x100)]
    if enc == "ISO-2022-JP":
        return [b"".join(b"\x1b$B" + bytes([lead, t]) + b"\x1b(B " for t in range(256))
                for lead in range(256)]
    return []


def inputs_for(enc, indexes, count, seed):
    rng = random.Random(zlib.crc32(enc.encode()) + (seed << 32))
    piece = pieces_for(enc, indexes)
    out = [(0, data) for data in exhaustive_inputs(enc)]
    out += [(rng.randrange(1, 1000), data) for data in exhaustive_inputs(enc)[:4]]
    out.append((0, b""))
    for _ in range(count):
        seed = 0 if rng.random() < 0.3 else rng.randrange(1, 1 << 20)
        out.append((seed, build(rng, piece)))
    # A few long inputs (tens of KB), whole and in chunks: the output buffer's growth.
    for seed in (0, 1, 2):
        out.append((seed, build(rng, piece, max_pieces=8000)))
    return out


def count_for(enc, scale):
    n = 500 if enc in ref.SINGLE_BYTE else 5000
    return max(1, int(n * scale))


# ---------------------------------------------------------------------------------------
# Running decode_dump


def run_dump(dump, records):
    """records: (encoding, seed, bytes). Returns one result per record: None (salvage cannot
    decode the encoding) or (text bytes, error offsets, other diagnostic lines)."""
    payload = bytearray()
    for enc, seed, data in records:
        payload += b"%s %d %d\n" % (enc.encode(), seed, len(data))
        payload += data
    proc = subprocess.run([dump], input=bytes(payload), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit("decode_dump failed with status %d" % proc.returncode)
    lines = proc.stdout.decode("ascii").split("\n")
    results, i = [], 0
    for _ in records:
        if lines[i] == "U":
            results.append(None)
            i += 1
            continue
        assert lines[i].startswith("T ") and lines[i + 1].startswith("M"), lines[i]
        assert lines[i + 2].startswith("E"), lines[i + 2]
        text = b"" if lines[i] == "T -" else bytes.fromhex(lines[i][2:])
        offsets = [int(x) for x in lines[i + 1][1:].split()]
        errors = [int(x) for x in lines[i + 2][1:].split()]
        i += 3
        other = []
        while lines[i] != ".":
            other.append(lines[i])
            i += 1
        i += 1
        results.append((text, errors, other, offsets))
    return results


def offsets_differ(got, want):
    return len(got) != len(want) or any(w is not None and g != w for g, w in zip(got, want))


def differs(result, want):
    text, errors, other, offsets = result
    return (text != want[0] or errors != want[1] or bool(other)
            or offsets_differ(offsets, want[2]))


def shrink(dump, enc, seed, data, indexes):
    """Drops blocks of bytes, halving the block size down to one byte, while the outputs
    still differ (all candidates of a round in one decode_dump run). The inputs are fed
    whole, so the result does not depend on chunking."""
    cur = data
    if not differs(run_dump(dump, [(enc, 0, cur)])[0], expected(enc, cur, indexes)):
        return cur, seed  # differs only when chunked: keep the bytes and the seed
    size = max(1, len(cur) // 2)
    while len(cur) > 1:
        cands = [cur[:i] + cur[i + size:] for i in range(0, len(cur), size)]
        results = run_dump(dump, [(enc, 0, c) for c in cands])
        for c, res in zip(cands, results):
            if c and differs(res, expected(enc, c, indexes)):
                cur = c
                break
        else:
            if size == 1:
                break
            size = max(1, size // 2)
        size = min(size, max(1, len(cur) // 2))
    return cur, 0


SHOWN = 48  # items of a long input or text shown around its first difference


def window(items, start):
    lo = max(0, min(start - 8, len(items) - SHOWN))
    hi = min(len(items), lo + SHOWN)
    return ("... " if lo else "") + " ".join(items[lo:hi]) + (" ..." if hi < len(items) else "")


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def show_text(text, other):
    a, b = text.decode("utf-8", "replace"), other.decode("utf-8", "replace")
    items = ["U+%04X" % ord(c) for c in a]
    return window(items, first_difference(a, b)) if items else "(empty)"


def show_offsets(got, want):
    diff = next((i for i, (g, w) in enumerate(zip(got, want)) if w is not None and g != w),
                min(len(got), len(want)))
    return (window([str(x) for x in want], diff).replace("None", "-"),
            window([str(x) for x in got], diff))


def report(enc, seed, data, result, want):
    text, errors, other, offsets = result
    # The bytes around the first error that differs (or the start).
    diff = first_difference(errors, want[1])
    near = min((errors + want[1])[diff:diff + 1] or [0], default=0)
    shown = window(["%02x" % b for b in data], near) if data else "(none)"
    print("MISMATCH %s seed %d, %d bytes: %s" % (enc, seed, len(data), shown))
    print("  reference: text %s" % show_text(want[0], text))
    print("             errors at %s" % want[1])
    print("  salvage:   text %s" % show_text(text, want[0]))
    print("             errors at %s" % errors)
    if offsets_differ(offsets, want[2]):
        w, g = show_offsets(offsets, want[2])
        print("  character offsets, reference: %s" % w)
        print("                     salvage:   %s" % g)
    for line in other:
        print("             unexpected diagnostic %s" % line)


def check_encoding(dump, enc, indexes, args):
    records = inputs_for(enc, indexes, count_for(enc, args.scale), args.seed)
    results = run_dump(dump, [(enc, s, d) for s, d in records])
    if results and results[0] is None:
        print("FAIL %s: salvage reports it cannot decode it (sv_encoding_can_decode)" % enc)
        return 1
    bad = []
    for (seed, data), res in zip(records, results):
        want = expected(enc, data, indexes)
        if differs(res, want):
            bad.append((seed, data, res, want))
    for seed, data, res, want in bad[:args.max_shown]:
        report(enc, seed, data, res, want)
    if bad:
        seed, data, _, _ = min(bad[:50], key=lambda b: len(b[1]))
        small, small_seed = shrink(dump, enc, seed, data, indexes)
        res = run_dump(dump, [(enc, small_seed, small)])[0]
        print("  shrunk:")
        report(enc, small_seed, small, res, expected(enc, small, indexes))
    print("%s %s: %d inputs, %d differ" % ("FAIL" if bad else "ok  ", enc, len(records),
                                           len(bad)))
    return len(bad)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("decode_dump")
    ap.add_argument("--only", help="comma-separated encoding names")
    ap.add_argument("--scale", type=float, default=1.0, help="scales the random inputs")
    ap.add_argument("--seed", type=int, default=0, help="varies the random inputs")
    ap.add_argument("--max-shown", type=int, default=3, help="mismatches shown per encoding")
    args = ap.parse_args()
    path = ref.find_indexes_file()
    if path is None:
        print("SKIP: tools/data/encoding-indexes.js not found")
        return 77
    indexes = ref.load_indexes(path)
    encs = args.only.split(",") if args.only else ref.ENCODINGS
    unknown = [e for e in encs if e not in ref.ENCODINGS]
    if unknown:
        ap.error("unknown encodings: %s" % ", ".join(unknown))
    t0 = time.time()
    failed = [enc for enc in encs if check_encoding(args.decode_dump, enc, indexes, args)]
    print("%d encodings compared, %d with mismatches (%.1f s)"
          % (len(encs), len(failed), time.time() - t0))
    if failed:
        print("mismatches in: %s" % ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
