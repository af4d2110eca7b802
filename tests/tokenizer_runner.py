#!/usr/bin/env python3
"""Runs the html5lib-tests tokenizer suite (tokenizer/*.test) against parser/tokenizer.c.

Every test runs once per initial state, with its lastStartTag, and its doubleEscaped
strings unescaped. Tokens (adjacent characters joined) and errors (code, line, column) must
match exactly, in order. The input is preprocessed first as the input stage would: CRLF and
CR become LF, and lone surrogates are passed as generalised UTF-8 (ED A0 80 ...).

Each input is also fed split at every position into two chunks and byte by byte, and
inputs of at most --pair-max bytes split at every pair of positions; every chunking must
give the one-shot tokens and errors (checked by tokenizer_dump).

usage: tokenizer_runner.py DUMP_PROGRAM [--data DIR] [--filter TEXT] [--no-split]
                           [--pair-max N] [--verbose] [FILE.test ...]
Prints "tokenizer: N passed, M failed" and exits 1 when M > 0.
"""
import argparse
import json
import os
import re
import subprocess
import sys

STATES = {
    "Data state": 0,
    "RCDATA state": 1,
    "RAWTEXT state": 2,
    "Script data state": 3,
    "PLAINTEXT state": 4,
    "CDATA section state": 5,
}


def unescape(s):
    """doubleEscaped: \\uHHHH sequences stand for code points (surrogate pairs join)."""
    s = re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), s)
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")


def deep_unescape(v):
    if isinstance(v, str):
        return unescape(v)
    if isinstance(v, list):
        return [deep_unescape(x) for x in v]
    if isinstance(v, dict):
        return {unescape(k): deep_unescape(x) for k, x in v.items()}
    return v


def join_characters(tokens):
    out = []
    for tok in tokens:
        if tok[0] == "Character" and out and out[-1][0] == "Character":
            out[-1] = ["Character", out[-1][1] + tok[1]]
        else:
            out.append(list(tok))
    return out


def normalise_expected(tokens):
    """StartTag attributes as a dict, self-closing as a 4th element only when set."""
    out = []
    for tok in join_characters(tokens):
        if tok[0] == "StartTag":
            tok = ["StartTag", tok[1], dict(tok[2])] + (["sc"] if len(tok) > 3 and tok[3] else [])
        out.append(tok)
    return out


def normalise_actual(tokens):
    out = []
    for tok in tokens:
        if tok[0] == "StartTag":
            names = [a[0] for a in tok[2]]
            attrs = dict((a[0], a[1]) for a in tok[2])
            if len(names) != len(attrs):
                attrs["<duplicate attribute kept>"] = names
            tok = ["StartTag", tok[1], attrs] + (["sc"] if len(tok) > 3 and tok[3] else [])
        out.append(tok)
    return out


def line_col(data, offset):
    """1-based line and column of a byte offset of the fed input. html5lib-tests count
    columns in UTF-16 code units (a character outside the BMP counts twice)."""
    before = data[:offset].decode("utf-8", "surrogatepass")
    line = before.count("\n") + 1
    last = before[before.rfind("\n") + 1:]
    col = len(last.encode("utf-16-le", "surrogatepass")) // 2 + 1
    return line, col


SKIPPED = []


def load_cases(paths, text_filter):
    for path in paths:
        with open(path, "rb") as f:
            doc = json.loads(f.read().decode("utf-8"))
        if doc.get("xmlViolationTests"):
            # These expect the "coercing an HTML DOM into an infoset" tweaks of an XML
            # consumer (U+000C as a space, "--" in comments as "- -"), not tokenizer output.
            SKIPPED.append("%s: %d xmlViolationTests (infoset coercion, not tokenization)"
                           % (os.path.basename(path), len(doc["xmlViolationTests"])))
        for i, test in enumerate(doc.get("tests", [])):
            desc = test["description"]
            name = "%s #%d %s" % (os.path.basename(path), i, desc)
            if text_filter and text_filter not in name:
                continue
            esc = test.get("doubleEscaped", False)
            inp = unescape(test["input"]) if esc else test["input"]
            out = deep_unescape(test["output"]) if esc else test["output"]
            inp = inp.replace("\r\n", "\n").replace("\r", "\n")
            data = inp.encode("utf-8", "surrogatepass")
            errors = [(e["code"], e["line"], e["col"]) for e in test.get("errors", [])]
            for st in test.get("initialStates", ["Data state"]):
                yield {
                    "name": "%s [%s]" % (name, st),
                    "state": STATES[st],
                    "last": test.get("lastStartTag"),
                    "data": data,
                    "output": normalise_expected(out),
                    "errors": errors,
                }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("--data", default=os.path.join(here, "data", "html5lib-tests", "tokenizer"))
    ap.add_argument("--filter")
    ap.add_argument("--no-split", action="store_true")
    ap.add_argument("--pair-max", type=int, default=40)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    files = args.files or sorted(
        os.path.join(args.data, f) for f in os.listdir(args.data) if f.endswith(".test"))
    cases = list(load_cases(files, args.filter))

    proc = subprocess.Popen([args.dump], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    feed = bytearray()
    for c in cases:
        mode = 0 if args.no_split else (2 if len(c["data"]) <= args.pair_max else 1)
        feed += b"%d %s %d %d\n" % (c["state"], (c["last"] or "-").encode(), mode,
                                    len(c["data"]))
        feed += c["data"]
    out, _ = proc.communicate(bytes(feed))
    lines = out.decode("ascii").splitlines()
    if proc.returncode != 0 or len(lines) != len(cases):
        print("tokenizer: dump program failed (exit %d, %d of %d results)"
              % (proc.returncode, len(lines), len(cases)))
        print("tokenizer: 0 passed, %d failed" % len(cases))
        return 1

    passed = failed = 0
    for c, line in zip(cases, lines):
        got = json.loads(line)
        tokens = normalise_actual(got["tokens"])
        errors = [(code, *line_col(c["data"], off)) for code, off in got["errors"]]
        problems = []
        if tokens != c["output"]:
            problems.append("tokens:   %s\nexpected: %s" % (json.dumps(tokens), json.dumps(c["output"])))
        if errors != c["errors"]:
            problems.append("errors:   %s\nexpected: %s" % (errors, c["errors"]))
        if got["split"]:
            problems.append("chunked input differs: " + got["split"])
        if problems:
            failed += 1
            if args.verbose or failed <= 30:
                print("FAIL %s\ninput: %r\n%s\n" % (c["name"], c["data"], "\n".join(problems)))
        else:
            passed += 1
    tests = len(set(c["name"].rsplit(" [", 1)[0] for c in cases))
    print("%d tests from %d files, %d runs (one per initial state)%s"
          % (tests, len(files), len(cases),
             "" if args.no_split else ", each also fed in chunks split at every position"))
    for note in SKIPPED:
        print("not run: " + note)
    print("tokenizer: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
