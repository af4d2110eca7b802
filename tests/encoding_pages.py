#!/usr/bin/env python3
"""Real pages in legacy East Asian encodings, end to end.

Each case takes a UTF-8 readability page of tests/golden/readability/, writes it in a legacy
encoding (Python's codec; characters it cannot encode become numeric character references),
declares that encoding in the page's <meta>, and parses it with the salvage CLI. Checks:

  1. salvage reports the declared encoding, found by the meta prescan, and no invalid byte
     sequence (the codec only writes well-formed sequences);
  2. the clean text equals the clean text of the same bytes decoded by the independent
     reference decoder (tests/encoding_ref.py, written from the Encoding Standard) and
     written back as UTF-8: salvage's decoder, the prescan and everything after them see the
     page as the standard does;
  3. the reference decoding differs from the original page in few characters: Python's
     codecs and the standard's indexes disagree on a handful of code points (the wave dash
     in Shift_JIS, ...), never on a whole script — a wrong index table would show here.

    encoding_pages.py SALVAGE_BINARY PAGES_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import encoding_ref  # noqa: E402

# (page, WHATWG label written in the meta, Python codec used to write the bytes, the
# standard's name salvage must report)
CASES = [
    ("qq", "gbk", "gbk", "GBK"),
    ("gmw", "gb18030", "gb18030", "gb18030"),
    ("gmw", "gb2312", "gbk", "GBK"),
    ("pixnet", "big5", "big5hkscs", "Big5"),
    ("hukumusume", "shift_jis", "cp932", "Shift_JIS"),
    ("hukumusume", "euc-jp", "euc_jp", "EUC-JP"),
    ("hukumusume", "iso-2022-jp", "iso2022_jp", "ISO-2022-JP"),
    ("hukumusume", "euc-kr", "euc_kr", "EUC-KR"),
]

# At most this share of the page's characters may read differently through the standard's
# indexes than through Python's codec.
MAX_DIFFERING = 0.005

META = re.compile(rb"<meta[^>]*>", re.I)
CHARSET = re.compile(rb"charset\s*=\s*[\"']?[A-Za-z0-9_:.-]+", re.I)


def declare(html, label):
    """The page with every <meta> charset declaration naming label (or one added after
    <head>)."""
    count = 0

    def relabel(m):
        nonlocal count
        new, n = CHARSET.subn(b"charset=" + label.encode(), m.group(0))
        count += n
        return new
    new = META.sub(relabel, html)
    if count:
        return new
    m = re.search(rb"<head[^>]*>", html, re.I)
    at = m.end() if m else 0
    return html[:at] + b'<meta charset="' + label.encode() + b'">' + html[at:]


def run(binary, path, fmt):
    r = subprocess.run([binary, "--input=html", "--format=" + fmt, path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if r.returncode not in (0, 1):
        raise RuntimeError("%s exited %d: %s" % (path, r.returncode, r.stderr.decode()[:300]))
    return r.stdout


def check(binary, pages, indexes, case, tmp):
    page, label, codec, name = case
    original = open(os.path.join(pages, page + ".html"), encoding="utf-8").read()
    legacy = declare(original.encode(codec, errors="xmlcharrefreplace"), label)
    errors = []

    legacy_path = os.path.join(tmp, "%s-%s.html" % (page, label))
    with open(legacy_path, "wb") as f:
        f.write(legacy)
    diag = run(binary, legacy_path, "diag").decode("utf-8")
    info = json.loads(run(binary, legacy_path, "json"))["input"]
    if info["encoding"].lower() != name.lower() or info["encoding_source"] != "meta":
        errors.append("encoding %r from %r, expected %r from the meta" %
                      (info["encoding"], info["encoding_source"], name))
    if "invalid-byte-sequence" in diag:
        errors.append("invalid byte sequences reported:\n" +
                      "\n".join(l for l in diag.splitlines() if "invalid-byte" in l)[:600])

    # The same bytes through the reference decoder, as UTF-8 declaring UTF-8.
    cps, errs = encoding_ref.decode(name, legacy, indexes)
    if errs:
        errors.append("the reference decoder finds %d errors in the %s bytes" % (len(errs), codec))
    reference = "".join(map(chr, cps))
    utf8_path = os.path.join(tmp, "%s-%s.utf8.html" % (page, label))
    with open(utf8_path, "wb") as f:
        f.write(declare(reference.encode("utf-8", errors="surrogatepass"), "utf-8"))
    got, want = run(binary, legacy_path, "text"), run(binary, utf8_path, "text")
    if got != want:
        a, b = got.decode("utf-8", "replace"), want.decode("utf-8", "replace")
        i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
        errors.append("clean text differs from the reference's at character %d:\n"
                      "  salvage:   %r\n  reference: %r" % (i, a[max(0, i - 30):i + 30],
                                                         b[max(0, i - 30):i + 30]))

    # How far the standard's reading is from Python's (the original page, with the
    # characters the codec could not write turned into references as the bytes have them).
    written = legacy.decode(codec)
    differing = sum(1 for x, y in zip(written, reference) if x != y) + abs(len(written) -
                                                                           len(reference))
    share = differing / max(1, len(written))
    if share > MAX_DIFFERING:
        errors.append("%d of %d characters (%.2f%%) differ between %s and the standard's %s" %
                      (differing, len(written), 100 * share, codec, name))
    return errors, differing, len(legacy)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, pages = sys.argv[1], sys.argv[2]
    path = encoding_ref.find_indexes_file()
    if path is None:
        sys.exit("encoding_pages.py: tools/data/encoding-indexes.js not found")
    indexes = encoding_ref.load_indexes(path)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            errors, differing, size = check(binary, pages, indexes, case, tmp)
            status = "FAIL" if errors else "ok"
            print("%-4s %-11s as %-12s %7d bytes, %d characters read otherwise than %s" %
                  (status, case[0], case[1], size, differing, case[2]))
            for e in errors:
                print("     " + e.replace("\n", "\n     "))
            failed += bool(errors)
    print("%d of %d pages as expected" % (len(CASES) - failed, len(CASES)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
