#!/usr/bin/env python3
"""Seed inputs for the fuzz harnesses.

    corpus.py seeds [--root DIR]      rewrite the generated seeds in corpus/<target>/
    corpus.py hostile --out DIR       write the large pathological inputs to DIR/<target>/

Every harness reads a few option bytes before the document (see the "Input layout" comment
at the top of fuzz/<target>.c); the header functions below build those bytes, so each seed
says which options it wants (fragment context, scripting, tokenizer state, limits, ...).
The lookup tables (fragment contexts, encoding labels, limit values, end tag names) are read
from the C sources, so indices stay in step with the harnesses.

Seeds come from html5lib-tests (tree construction with its fragment contexts and scripting
flags, tokenizer tests with their initial states and last start tags, encoding tests), the
sample article, a few readability pages, debris-dev files, and the recipes of
../shared/HOSTILE-INPUTS.md at small sizes. The same recipes at full size (megabytes each:
10 MB of stray '<' and '&', a million nested divs, ...) are too big to commit and are
written by `hostile` at build time for ctest.

Generated seed files are named "<origin>-<n>"; files named otherwise (findings merged in
by `fuzz/run.sh merge`) are left alone by `seeds`.
"""
import argparse
import glob
import hashlib
import json
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TARGETS = ["input", "tokenizer", "tree", "text", "stream", "json", "limits"]


# ---- tables shared with the C harnesses ---------------------------------------------------

def c_table(path, name):
    """The entries of `static const ... name[] = { ... };` in a C file: strings, NULL
    (None) or integers."""
    src = open(os.path.join(HERE, path), encoding="utf-8").read()
    m = re.search(re.escape(name) + r"\[\]\s*=\s*\{(.*?)\};", src, re.S)
    if not m:
        sys.exit("corpus.py: table %s not found in %s" % (name, path))
    return [None if t == "NULL" else (t[1:-1] if t.startswith('"') else int(t))
            for t in re.findall(r'"[^"]*"|NULL|\d+', m.group(1))]


CONTEXTS = c_table("harness.c", "fragment_contexts")
ENCODINGS = c_table("harness.c", "encodings")
LIMITS = c_table("harness.c", "limit_values")
LAST_TAGS = c_table("tokenizer.c", "last_tags")
STATES = ["data", "rcdata", "rawtext", "script data", "plaintext", "cdata section"]


def ctx_byte(context):
    return CONTEXTS.index(context) if context in CONTEXTS else 0


def enc_byte(label):
    return ENCODINGS.index(label) if label in ENCODINGS else 0


def limit_byte(value):
    """fz_pick_limit's byte for value (the default when value is None)."""
    return 0x80 if value is None else LIMITS.index(value)


# ---- option headers, one per harness (the layouts of fuzz/<target>.c) ----------------------

def h_input(encoding=None, kind=0, no_nfc=False, combining=None, seed=0, chunking=0):
    flags = kind | (4 if no_nfc else 0) | (8 if combining else 0)
    if combining:
        seed = limit_byte(combining)
    return bytes([enc_byte(encoding), flags, seed & 0xFF, chunking])


def h_tokenizer(state=0, last_tag=None, cdata=False, emulate=False, surrogates=False,
                limit=None, seed=0, chunking=0):
    flags = (1 if cdata else 0) | (2 if emulate else 0) | (4 if surrogates else 0)
    if limit is not None:
        flags |= 8
    tag = LAST_TAGS.index(last_tag) if last_tag in LAST_TAGS else 0
    return (bytes([state, tag, flags, limit or 0]) + struct.pack("<H", seed & 0xFFFF) +
            bytes([chunking]))


def h_tree(context=None, scripting=False, no_article=False, no_nfc=False, depth=None,
           nodes=None):
    flags = ((1 if scripting else 0) | (2 if no_article else 0) | (4 if no_nfc else 0) |
             (8 if depth else 0) | (16 if nodes else 0))
    return bytes([ctx_byte(context), flags, limit_byte(depth), limit_byte(nodes)])


def h_text(no_nfc=False, combining=None, encoding=None):
    flags = (1 if no_nfc else 0) | (2 if combining else 0) | (4 if encoding else 0)
    return bytes([flags, limit_byte(combining), enc_byte(encoding)])


def h_stream(kind=0, scripting=False, no_nfc=False, context=None, encoding=None, seed=0,
             mode=0):
    flags = kind | (4 if scripting else 0) | (8 if no_nfc else 0)
    sel = 0
    if context is not None:
        flags |= 16
        sel = ctx_byte(context)
    elif encoding is not None:
        flags |= 32
        sel = enc_byte(encoding)
    return bytes([flags, sel]) + struct.pack(">Q", seed) + bytes([mode])


def h_json(kind=0, scripting=False, no_nfc=False, context=None, max_diagnostics=None,
           fail=0):
    flags = kind | (4 if scripting else 0) | (8 if no_nfc else 0)
    sel = 0
    if context is not None:
        flags |= 16
        sel = ctx_byte(context)
    if max_diagnostics is not None:
        flags |= 64
        sel = limit_byte(max_diagnostics)
    return bytes([flags, sel]) + struct.pack("<H", fail)


def h_limits(limits=(None,) * 8, kind=0, scripting=False, no_nfc=False, context=None,
             sticky=False, streamed=False, fail_at=0, seed=0):
    flags = (kind | (4 if scripting else 0) | (8 if no_nfc else 0) |
             (16 if context is not None else 0) | (32 if sticky else 0) |
             (64 if streamed else 0))
    return (bytes(limit_byte(v) for v in limits) + bytes([flags, ctx_byte(context)]) +
            struct.pack("<H", fail_at) + bytes([seed & 0xFF]))


# ---- html5lib-tests ----------------------------------------------------------------------

H5 = os.path.join(ROOT, "tests", "data", "html5lib-tests")


def dat_sections(path):
    """Test cases of a .dat file as dicts of section name -> bytes (some files hold
    bytes that are not UTF-8 on purpose)."""
    tests, cur, name = [], None, None
    for line in read(path).split(b"\n"):
        if line == b"#data":
            cur = {}
            tests.append(cur)
            name = "data"
            cur[name] = []
        elif cur is not None and re.match(rb"#[a-z-]+$", line):
            name = line[1:].decode()
            cur[name] = []
        elif cur is not None:
            cur[name].append(line)
    return [{k: b"\n".join(v) for k, v in t.items()} for t in tests]


def tree_tests():
    """(file, input bytes, fragment context, scripting) of every tree-construction case."""
    for path in sorted(glob.glob(os.path.join(H5, "tree-construction", "*.dat"))):
        for t in dat_sections(path):
            ctx = t.get("document-fragment")
            ctx = ctx.decode().strip() if ctx else None
            yield os.path.basename(path)[:-4], t["data"], ctx, "script-on" in t


def tokenizer_tests():
    """(name, input bytes, state index, last start tag, generalised UTF-8) of every
    tokenizer case and initial state."""
    for path in sorted(glob.glob(os.path.join(H5, "tokenizer", "*.test"))):
        base = os.path.basename(path)[:-5]
        d = json.load(open(path, encoding="utf-8"))
        cases = d.get("tests", []) + d.get("xmlViolationTests", [])
        for i, t in enumerate(cases):
            if base == "namedEntities" and i % 20:
                continue  # every entity name is in the dictionary already
            s = t["input"]
            if t.get("doubleEscaped"):
                s = s.encode("utf-8", "surrogatepass").decode("unicode_escape")
            data = s.encode("utf-8", "surrogatepass")
            surrogates = any(0xD800 <= ord(c) <= 0xDFFF for c in s)
            for st in t.get("initialStates", ["Data state"]):
                idx = STATES.index(st.lower().replace(" state", ""))
                yield base, data, idx, t.get("lastStartTag"), surrogates


def encoding_tests():
    for path in sorted(glob.glob(os.path.join(H5, "encoding", "*.dat"))):
        for t in dat_sections(path):
            yield t["data"], (t.get("encoding") or b"").decode().strip().lower()


# ---- other shared data -------------------------------------------------------------------

def shared_dir():
    return os.environ.get("SALVAGE_SHARED_DIR", os.path.join(ROOT, "..", "shared"))


def read(path, limit=None):
    with open(path, "rb") as f:
        return f.read() if limit is None else f.read(limit)


def sample_article():
    paths = glob.glob(os.path.join(shared_dir(), "corpus", "seed", "*.txt"))
    return [read(p) for p in sorted(paths)]


READABILITY = ["rtl-1", "rtl-3", "comment-inside-script-parsing", "invalid-attributes",
               "table-style-attributes", "hukumusume"]
DEBRIS = ["rtl-1-a", "rtl-1-b", "hukumusume-a", "hukumusume-b", "heise-a", "qq-b",
          "table-style-attributes-a", "keep-tabular-data-b"]


def readability_pages():
    for name in READABILITY:
        p = os.path.join(shared_dir(), "corpus", "readability", name, "source.html")
        if os.path.exists(p):
            yield name, read(p, 64 * 1024)


def debris_files():
    for name in DEBRIS:
        p = os.path.join(shared_dir(), "debris-dev", name + ".txt")
        if os.path.exists(p):
            yield name, read(p, 64 * 1024)


# ---- hostile recipes (HOSTILE-INPUTS.md), sized by `big` -----------------------------------

def rep(s, n):
    return s * n


def hostile(big):
    """(name, bytes) pairs. Small sizes straddle the default limits (depth 512, 512
    attributes) and the buffer growth points; big sizes are the recipes' own."""
    n = (lambda small, large: large if big else small)
    r = []
    # stack exhaustion and quadratic depth
    r.append(("deep-div", rep(b"<div>", n(600, 1000000))))
    k = n(300, 40000)
    r.append(("a-i-nest", rep(b"<a>", k) + rep(b"<i>", k) + rep(b"</a>", k)))
    r.append(("ul-li", rep(b"<ul><li>", n(600, 100000))))
    r.append(("svg-g", b"<svg>" + rep(b"<g>", n(600, 100000))))
    r.append(("table-tr-td", rep(b"<table><tr><td>", n(200, 10000))))
    r.append(("span-eof", rep(b"<span>", n(1000, 100000)) + b"a"))
    for d in (511, 512, 513):
        r.append(("depth-%d" % d, rep(b"<div>", d) + b"<img src=x onerror=1>"))
    # active formatting elements and the adoption agency
    k = n(200, 10000)
    aaa = "".join("<b k%d>" % i for i in range(k)) + "".join("<i k%d>" % i for i in range(k))
    r.append(("aaa-distinct", (aaa + rep("x</b>", k)).encode()))
    r.append(("aaa-nobr", rep(b"<b><nobr><r><d><r><ol></b><nobr>", n(1, 10000))))
    r.append(("a-table", rep(b"<a>", n(100, 10000)) + b"<table></a>"))
    r.append(("p-b-i-u", rep(b"<p><b><i><u>x", n(300, 30000))))
    k = n(300, 3000)  # n*n clones asked for: the node ratio budget bounds them
    r.append(("reconstruct-storm", b"<p>" + "".join("<i a%d>" % i for i in range(k)).encode()
              + b"</p>" + rep(b"<p>x</p>", k)))
    # non-linear raw text and character references
    k = n(2000, 100000)
    r.append(("script-nearmiss", b"<script>" + rep(b"</scrip", k)))
    r.append(("title-nearmiss", b"<title>" + rep(b"</TITL", k)))
    r.append(("textarea-nearmiss", b"<textarea>" + rep(b"</textare", k)))
    r.append(("amp-nosemi", rep(b"&amp", k)))
    r.append(("attr-charref", b'<a b="' + rep(b"&#", k)))
    r.append(("nul-alternate", rep(b"a\0", n(4000, 500000))))
    # one ISO-2022-JP line switching scripts at every character (7-bit throughout)
    r.append(("iso2022jp-escapes", b"<meta charset=iso-2022-jp><p>" +
              rep(b'\x1b$B$"\x1b(Ba', n(2000, 250000))))
    # memory amplification
    r.append(("table-td", b"<table>" + rep(b"<td>", n(1000, 1000000))))
    r.append(("table-a", b"<table>" + rep(b"<a>", n(500, 100000))))
    for opener in (b"<!--", b'<a b="', b"<title>", b"<!DOCTYPE html PUBLIC \""):
        r.append(("newlines-" + hashlib.sha1(opener).hexdigest()[:6],
                  opener + rep(b"\n", n(5000, 5000000))))
    # floods
    k = n(1000, 100000)
    r.append(("attr-flood", ("<a " + " ".join("a%d=x" % i for i in range(k)) + ">").encode()))
    r.append(("tag-flood", "".join("<t%d>" % i for i in range(n(1000, 10000))).encode()))
    r.append(("stray-lt-amp", stray(n(4096, 10 * 1024 * 1024))))
    r.append(("lines", rep(b"a\n", n(1000, 70000)) + b"<p>x"))
    # buffers reallocating mid-token
    sizes = (63, 64, 65, 4095, 4096, 4097, 65536) + ((1 << 20, (1 << 20) + 1) if big else ())
    for s in sizes:
        r.append(("attr-value-%d" % s, b'<a href="' + rep(b"v", s) + b'">x</a>'))
        r.append(("tag-name-%d" % s, b"<" + rep(b"t", s) + b">x"))
        r.append(("comment-%d" % s, b"<!--" + rep(b"c", s) + b"-->"))
        r.append(("doctype-public-%d" % s, b'<!DOCTYPE html PUBLIC "' + rep(b"p", s) + b'">'))
    # Zalgo
    for k in (31, 100, n(1000, 100000)):
        r.append(("zalgo-%d" % k, ("Z" + "\u0301" * k + " text").encode()))
    zal = "".join(c + "".join(chr(0x300 + (i * 7 + j) % 0x70) for j in range(40))
                  for i, c in enumerate("zalgo he comes"))
    r.append(("zalgo-mixed", rep(zal.encode(), n(4, 2000))))
    return r


def stray(size):
    """Stray '<' and '&' in text, the way broken scrapers leave them."""
    parts = [b"<", b"&", b"< ", b"& ", b"<<", b"&#", b"</", b"&amp", b"<a", b"x", b" ", b"\n"]
    out = bytearray()
    x = 2463534242
    while len(out) < size:
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out += parts[x % len(parts)]
    return bytes(out[:size])


TRUNCATED = [b"<", b"</", b"<a", b"<a b", b"<a b=", b'<a b="x', b"<a b='x", b"<!", b"<!-",
             b"<!--", b"<!--x-", b"<!DOCTYPE", b"<!DOCTYPE html PUBLIC", b'<!DOCTYPE x "y',
             b"&", b"&#", b"&#x", b"&am", b"&#x1F60", b"<svg><![CDATA[", b"<svg><![CDATA[x]]",
             b"<p>\xe2\x82", b"\xe2\x82", b"\xf0\x9f\x98", b"<script><!--<script>", b"<?",
             b"<a/", b"</a", b"<textarea>x</textarea", b"<title>&amp"]

SMALL_CASES = [
    b"&#3000000000;", b"&#x110000;", b"&#xFFFFFFFFFFFFFFFF;", b"&#" + b"0" * 10000 + b"65;",
    b"&#0;&#x80;&#x9F;&#xD800;&#xDFFF;&#x0D;&#128512;&#xFFFE;&#x1FFFF;",
    b'<table><tr><td colspan="9007199254740991" rowspan="-1">x<td colspan="1e9">y',
    b"<a B=1 b=2 A=3 a=4 HREF=x href=y>", b"<a =x>", b"< >", b"</>", b'<a "b">', b"<a/b/c>",
    b"<d0tx0i0t><option></d0tX0i0t>", b"<head><noscript></noscript></head>",
    b"<html><head><noscript><p>x</noscript>", b"<svg><style><img src=x onerror=1>",
    b"<math><mtext><table><mglyph><style><img src=x>",
    b'<noscript><p title="</noscript><img src=x onerror=1>">',
    b"<form><math><mtext></form><form><mglyph><style></math><img src>",
    "＜script＞alert(1)＜/script＞".encode(), b"<template><template><td>x</template>y",
    b"<select><option><optgroup><select>", b"<table><caption><table>", b"<frameset><frame>",
    b"<!DOCTYPE html><p>ok</p>", b"<plaintext><b>x", b"<math><annotation-xml encoding=text/html><p>",
    b"<svg><foreignObject><p>x</svg>", b"<svg viewbox=0 xlink:href=x xml:lang=en xmlns:x=y>",
    b"<ruby><rb>a<rt>b<rp>c", b"<isindex>", b"<image src=x>", b"<listing>\nx",
]

UTF8_CLASSES = [
    ("lone-continuation", b"a\x80b\xbfc"), ("overlong-2", b"\xc0\x80\xc1\xbf"),
    ("overlong-3", b"\xe0\x80\x80\xe0\x9f\xbf"), ("overlong-4", b"\xf0\x80\x80\x80\xf0\x8f\xbf\xbf"),
    ("surrogate", b"\xed\xa0\x80\xed\xbf\xbf"), ("surrogate-pair", b"\xed\xa0\x80\xed\xb0\x80"),
    ("above-max", b"\xf4\x90\x80\x80\xf5\x80\x80\x80"), ("invalid-leads", bytes(range(0xf8, 0x100))),
    ("truncated-mid", b"a\xe2\x82b\xf0\x9f\x98c\xc3"), ("truncated-eof", b"text \xf0\x9f"),
    ("c1-controls", "".join(chr(c) for c in range(0x80, 0xa0)).encode()),
    ("noncharacters", "\ufffe\uffff\ufdd0\U0001fffe".encode()), ("all-bytes", bytes(range(256))),
    ("cp1252", bytes(range(0x80, 0xa0)) + "café naïve".encode("cp1252")),
    ("mojibake", "CafÃ© â€” naÃ¯ve â€œquotesâ€\x9d ÐŸÑ€Ð¸Ð²ÐµÑ‚".encode()),
    ("bidi", "abc\u202edcba\u202c \u2066x\u2069 \u200f\u061c \u200b\u200c\u200d\ufeffz".encode()),
    ("bom-utf8", b"\xef\xbb\xbf<p>hi"), ("bom-utf16le", "\ufeff<p>hi \u00e9".encode("utf-16-le")),
    ("bom-utf16be", "\ufeff<p>hi \u00e9".encode("utf-16-be")), ("bom-odd", b"\xff\xfe<\x00p"),
    ("bom-meta", b"\xef\xbb\xbf<meta charset=windows-1251><p>\xcf\xf0"),
    ("meta-utf16", b"<meta charset=utf-16><p>x"), ("meta-late", b" " * 1100 + b"<meta charset=koi8-r>"),
    ("meta-x-user", b"<meta http-equiv=content-type content='text/html; charset=x-user-defined'>\x80"),
    ("iso2022jp", b"\x1b$B$3$s$K$A$O\x1b(B hello \x1b$B"), ("gb18030", b"\x81\x30\x81\x30\x84\x31\xa4\x39\xff"),
    ("crlf", b"a\r\nb\rc\n\r\r\n"),
]


def target_seeds():
    """{target: [(name, bytes)]}."""
    seeds = {t: [] for t in TARGETS}

    def add(target, name, data):
        seeds[target].append((name, data))

    small = hostile(False)
    for i, (base, data, ctx, scripting) in enumerate(tree_tests()):
        add("tree", "h5tree-" + base, h_tree(ctx, scripting) + data)
        if i % 4 == 0:
            add("stream", "h5tree-" + base,
                h_stream(1, scripting, context=ctx, seed=i, mode=i % 32) + data)
        if i % 8 == 0:
            add("json", "h5tree-" + base, h_json(1, scripting, context=ctx, fail=i) + data)
        if i % 16 == 0:
            add("limits", "h5tree-" + base,
                h_limits((None, 16, 64, 4, 32, 64, 8, 4), kind=1, context=ctx,
                         fail_at=i % 97, seed=i) + data)
            add("text", "h5tree-" + base, h_text() + data)
    for i, (base, data, state, last, surr) in enumerate(tokenizer_tests()):
        add("tokenizer", "h5tok-" + base,
            h_tokenizer(state, last, surrogates=surr, emulate=(i % 3 == 0), seed=i,
                        chunking=i % 8) + data)
    for i, (data, enc) in enumerate(encoding_tests()):
        add("input", "h5enc", h_input(kind=1, seed=i, chunking=i % 8) + data)
        add("stream", "h5enc", h_stream(1, seed=i, mode=1) + data)
    big5 = os.path.join(H5, "encoding", "chardet", "test_big5.txt")
    if os.path.exists(big5):
        add("input", "big5", h_input("big5") + read(big5, 8192))

    for art in sample_article():
        add("text", "sample", h_text() + art)
        add("text", "sample-nonfc", h_text(no_nfc=True) + art)
        add("tree", "sample", h_tree() + art)
        add("json", "sample", h_json() + art)
        add("json", "sample-text", h_json(kind=2) + art)
        add("stream", "sample", h_stream(0, seed=7, mode=3) + art)
        add("input", "sample-utf16le", h_input(chunking=1) + b"\xff\xfe" +
            art.decode("utf-8", "replace").encode("utf-16-le")[:16384])
        add("input", "sample-1252", h_input("windows-1252") +
            art.decode("utf-8", "replace").encode("cp1252", "replace")[:16384])
        add("limits", "sample", h_limits((None, 4, 32, 2, 8, 16, 4, 2), fail_at=50) + art)
    for name, page in readability_pages():
        add("tree", "readability-" + name, h_tree() + page)
        add("stream", "readability-" + name, h_stream(1, seed=len(page), mode=6) + page)
        add("json", "readability-" + name, h_json(1) + page)
    for name, text in debris_files():
        add("text", "debris-" + name, h_text() + text)
        add("json", "debris-" + name, h_json(2) + text)
        add("stream", "debris-" + name, h_stream(2, seed=len(text), mode=2) + text)
        add("input", "debris-" + name, h_input(kind=2, chunking=3) + text)

    for name, data in small:
        add("tree", "hostile-" + name, h_tree() + data)
        add("text", "hostile-" + name, h_text() + data)
        add("json", "hostile-" + name, h_json() + data)
        add("stream", "hostile-" + name, h_stream(1, mode=1) + data)
        add("limits", "hostile-" + name, h_limits((None, 8, 64, 4, 16, 32, 4, 2)) + data)
        add("tokenizer", "hostile-" + name, h_tokenizer(emulate=True, chunking=6) + data)
    for i, data in enumerate(TRUNCATED + SMALL_CASES):
        add("tree", "case", h_tree() + data)
        add("tree", "case-frag", h_tree("template", scripting=True) + data)
        add("tokenizer", "case", h_tokenizer(emulate=True, chunking=i % 8) + data)
        add("stream", "case", h_stream(1, seed=i) + data)
        add("json", "case", h_json(1) + data)
        add("limits", "case", h_limits((None, 2, 8, 1, 4, 8, 2, 1), kind=1, fail_at=i) + data)
    for name, data in UTF8_CLASSES:
        add("input", "utf8-" + name, h_input(chunking=0) + data)
        add("input", "utf8-" + name + "-split", h_input(chunking=1) + data)
        add("text", "utf8-" + name, h_text() + data)
        add("tokenizer", "utf8-" + name, h_tokenizer(surrogates=True) + data)
        add("stream", "utf8-" + name, h_stream(0, mode=0) + data)
        add("json", "utf8-" + name, h_json() + data)
    for label in ENCODINGS:
        if label:
            add("input", "label", h_input(label) + "<p>é€ÿ\x80".encode("utf-8") + bytes(range(0x80, 0x100)))
            add("input", "label-as-bytes", h_input() + label.encode())
    for state in range(len(STATES)):
        for last in ("script", "title", "textarea", "style", None):
            add("tokenizer", "state", h_tokenizer(state, last, cdata=True) +
                b"x</" + (last or "p").encode() + b">y<![CDATA[z]]></SCRIPT >")
    return seeds


def write_seeds(root):
    total = 0
    for target, items in target_seeds().items():
        d = os.path.join(root, "corpus", target)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            if re.match(r"[a-z0-9]+(-[a-zA-Z0-9_.]+)*-\d{4}$", f):
                os.remove(os.path.join(d, f))
        seen = set()
        counts = {}
        for name, data in items:
            h = hashlib.sha1(data).digest()
            if h in seen:
                continue
            seen.add(h)
            counts[name] = counts.get(name, 0) + 1
            with open(os.path.join(d, "%s-%04d" % (name, counts[name])), "wb") as f:
                f.write(data)
            total += len(data)
        print("corpus/%s: %d seeds" % (target, len(seen)))
    print("%.1f MB in all" % (total / 1e6))


HEADERS = {"tree": h_tree(), "text": h_text(), "json": h_json(), "stream": h_stream(1, mode=6),
           "limits": h_limits(), "input": h_input(chunking=6),
           "tokenizer": h_tokenizer(emulate=True, chunking=6)}


def write_hostile(out, targets):
    """The full-size recipes, each with the target's default option header. Files are
    rewritten only when missing, so repeated builds cost nothing."""
    for target in targets:
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for name, data in hostile(True):
            p = os.path.join(d, name)
            if not os.path.exists(p):
                with open(p, "wb") as f:
                    f.write(HEADERS[target] + data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("seeds")
    s.add_argument("--root", default=ROOT)
    h = sub.add_parser("hostile")
    h.add_argument("--out", required=True)
    h.add_argument("--targets", default="tree,text,tokenizer")
    a = ap.parse_args()
    if a.cmd == "seeds":
        write_seeds(a.root)
    else:
        write_hostile(a.out, a.targets.split(","))


if __name__ == "__main__":
    main()
