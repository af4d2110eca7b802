#!/usr/bin/env python3
"""The salvage CLI end to end on the sample article: the JSON parses, every word of the
article's prose survives into the blocks, offsets point at the right bytes, and the exit codes
and error messages of the documented failure cases."""
import json
import re
import subprocess
import sys
import tempfile

salvage, sample = sys.argv[1], sys.argv[2]
failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAIL:", what)


def run(*args, stdin=None):
    p = subprocess.run([salvage, *args], input=stdin, capture_output=True)
    return p.returncode, p.stdout, p.stderr


raw = open(sample, "rb").read()
rc, out, err = run("--format=json", sample)
check(rc == 0, f"exit 0 on the sample (got {rc}, {err!r})")
doc = json.loads(out.decode("utf-8"))
check(doc["salvage"] == 1, "schema version 1")
check(doc["input"]["bytes"] == len(raw), "input.bytes is the file size")
check(doc["input"]["kind"] == "text", "the sample is read as scraped text")

# Texts kept in blocks.
texts = []
for b in doc["blocks"]:
    if b["type"] == "table":
        texts += [c["text"] for r in b["rows"] for c in r["cells"]]
    elif b["type"] == "list":
        texts += [i["text"] for i in b["items"]]
    else:
        texts.append(b["text"])
kept = set(w.casefold() for t in texts for w in re.findall(r"\w+", t))

# Every word of the prose survives: words of lines that are not markup debris and not
# reported as noise. Tag names are debris by design.
noise_lines = {n["line"] for n in doc["noise"]}
TAGS = {"td", "tr", "th", "li", "ul", "ol", "p", "strong", "tbody", "table", "thead"}
lost = set()
for no, line in enumerate(raw.decode("utf-8").split("\n"), 1):
    if no in noise_lines:
        continue
    for w in re.findall(r"\w+", line):
        w = w.casefold()
        # single letters: split tag names ("t d>", "t r>") are debris
        if (len(w) > 1 and w not in TAGS and w not in kept
                and not re.search(r"-(tr|td|tbody|table)-", line)):
            lost.add(w)
check(not lost, f"every prose word kept (lost: {sorted(lost)[:20]})")

# Offsets: a block's source span holds its first word; a noise entry's span is its text.
for b in doc["blocks"]:
    check(0 <= b["start"] <= b["end"] <= len(raw), f"block offsets inside the input: {b}")
    if b["type"] in ("paragraph", "heading", "quote"):
        first = re.findall(r"\w+", b["text"])
        span = raw[b["start"]:b["end"]].decode("utf-8", "replace")
        check(not first or first[0] in span, f"block at {b['start']} holds {first[:1]}")
        line_of_start = raw[:b["start"]].count(b"\n") + 1
        check(b["line"] == line_of_start, f"block line {b['line']} == {line_of_start}")
for n in doc["noise"]:
    span = raw[n["start"]:n["end"]].decode("utf-8", "replace")
    check(span.startswith(n["text"]), f"noise span at {n['start']} is its text")
for d in doc["diagnostics"]:
    check(0 <= d["start"] <= len(raw) and d["line"] >= 1 and d["column"] >= 1,
          f"diagnostic position valid: {d}")

# Deterministic.
rc2, out2, _ = run("--format=json", sample)
check(out2 == out, "JSON output is byte-for-byte deterministic")

# Clean text: blocks separated by blank lines, no debris brackets left on a line of its own.
rc, text, err = run(sample)
check(rc == 0 and text.startswith(b"Secretary Rubio"), "text output starts with the title")
check(b"\n\n" in text, "blocks separated by blank lines")

# Standard input and the documented exit codes.
rc, out, err = run("--format=json", "-", stdin=b"hello\n\nworld")
check(rc == 0 and len(json.loads(out)["blocks"]) == 2, "stdin: two paragraphs")
rc, out, err = run("--help")
check(rc == 0 and b"usage: salvage" in out, "--help exits 0 with usage")
rc, out, err = run("--version")
check(rc == 0 and out.startswith(b"salvage "), "--version")
rc, out, err = run("--bogus", sample)
check(rc == 2 and b"unknown option '--bogus'" in err, "unknown option: exit 2 and message")
rc, out, err = run("-x", sample)
check(rc == 2 and b"unknown option '-x'" in err, "unknown short option: exit 2, not a file name")
for opt in ("--format", "--input", "--encoding", "--fragment"):
    for arg in (opt, opt + "="):
        rc, out, err = run(arg, sample)
        check(rc == 2 and (opt + " needs a value").encode() in err and out == b"",
              f"{arg} without a value: exit 2 and message")
# A fragment context makes input HTML that auto-detection would read as text (no markup).
words = b"Just words here\n\nAnother paragraph"
rc, out, err = run("--fragment=td", "--format=json", "-", stdin=words)
check(rc == 0 and json.loads(out)["input"]["kind"] == "html", "--fragment implies HTML input")
rc, out, err = run("--fragment=td", "--format=tree", "-", stdin=words)
check(rc == 0 and out == b'| "Just words here\n\nAnother paragraph"\n',
      f"--fragment: the words are one text node of the fragment (got {out!r})")
rc, out, err = run("--fragment=td", "--input=text", "--format=json", "-", stdin=words)
check(rc == 0 and json.loads(out)["input"]["kind"] == "text", "--input=text wins over --fragment")
rc, out, err = run("--max-depth=0", sample)
check(rc == 2 and b"--max-depth" in err, "zero limit: exit 2 and message")
rc, out, err = run("--max-depth=abc", sample)
check(rc == 2, "non-numeric limit: exit 2")
rc, out, err = run("/nonexistent/file.txt")
check(rc == 3 and b"/nonexistent/file.txt" in err, "missing file: exit 3 naming the file")
rc, out, err = run(f"--max-input-bytes={len(raw) - 1}", sample)
check(rc == 1 and b"max-input-bytes" in err, "input over the limit: exit 1 and message")
rc, out, err = run(f"--max-input-bytes={len(raw)}", sample)
check(rc == 0, "input exactly at the limit is accepted")
rc, out, err = run("--max-memory=4096", sample)
check(rc == 1 and out == b"" and b"needs more than --max-memory=4096" in err,
      "document over the memory budget: exit 1, no output, message")
rc, out, err = run("--max-memory=0", sample)
check(rc == 2, "memory budget of 0: exit 2")
rc, out, err = run(sample)
rc2, out2, err2 = run("--max-memory=16777216", sample)
check(rc2 == 0 and out2 == out, "a budget the document fits in changes nothing")
rc, out, err = run("--format=xml", sample)
check(rc == 2 and b"unknown format" in err, "unknown format: exit 2")
with tempfile.NamedTemporaryFile(suffix=".bin") as f:
    f.write(bytes(range(256)) * 4)
    f.flush()
    rc, out, err = run("--format=json", f.name)
    check(rc == 0, "arbitrary bytes are accepted")
    out.decode("utf-8")  # raises if not UTF-8
    json.loads(out)

# The golden-file runner: exit codes, update rewriting only what changed, and case paths
# printed as DIR/NAME whether DIR was given with a trailing slash or not.
with tempfile.TemporaryDirectory() as d:
    rc, out, err = run("golden", "check", d)
    check(rc == 1 and b"no cases" in err, "golden check of a folder without cases: exit 1")
    rc, out, err = run("golden", "update", d)
    check(rc == 0, "golden update of a folder without cases: exit 0")
    rc, out, err = run("golden", "verify", d)
    check(rc == 2 and b"usage: salvage golden" in err, "golden usage error: exit 2")
    rc, out, err = run("golden", "check", d + "/missing")
    check(rc == 3 and b"No such file" in err, "golden check of a missing folder: exit 3")
    with open(d + "/a.txt", "w") as f:
        f.write("One line of prose.\n")
    rc, out, err = run("golden", "update", d + "/")
    check(rc == 0 and out == (f"golden: wrote {d}/a.expected.json\ngolden: wrote "
                              f"{d}/a.expected.txt\ngolden: 1 cases, 1 updated\n").encode(),
          f"golden update DIR/ names DIR/NAME (got {out!r})")
    with open(d + "/a.expected.txt", "rb") as f:
        check(f.read() == b"One line of prose.\n", "golden update writes the clean text")
    rc, out, err = run("golden", "update", d)
    check(rc == 0 and out == b"golden: 1 cases, 0 updated\n", "golden update rewrites nothing unchanged")
    rc, out, err = run("golden", "check", d + "//")
    check(rc == 0 and out == b"golden: 1 passed, 0 failed\n", "golden check passes after update")
    with open(d + "/a.txt", "w") as f:
        f.write("Another line.\n")
    rc, out, err = run("golden", "check", d + "/")
    check(rc == 1 and f"--- {d}/a.expected.txt\n".encode() in out
          and b"-One line of prose.\n+Another line.\n" in out
          and out.endswith(b"golden: 0 passed, 1 failed\n"),
          f"golden check prints a unified diff naming DIR/NAME, exit 1 (got {out!r})")

print(f"cli: {checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
