#!/usr/bin/env python3
"""bench.py — runs the salvage benchmark against gumbo and libxml2 and reports it.

Every measurement is one process: PROGRAM [options] FILE prints one JSON line (see
harness.c). This driver starts them one at a time (so the peaks of two inputs never mix and
two measurements never share the 2 cores), kills any that passes the timeout, and writes a
Markdown report to stdout and everything it measured to a JSON file.

usage: bench.py --build BUILD_DIR [--quick] [--out DIR] [--timeout S] [--clock cpu|wall]
                [--parsers LIST] [--only-family NAME] [--no-pages] [--no-debris]
                [--no-hostile] [--no-callgrind] [--callgrind-only] [--callgrind-families LIST]
See bench/README.md.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# (label, program, mode) — salvage tree-only is the row comparable with the peers.
HTML_PARSERS = [
    ("salvage", "bench_salvage", "html"),
    ("salvage+article", "bench_salvage", "article"),
    ("gumbo", "bench_gumbo", None),
    ("libxml2", "bench_libxml2", None),
    ("libxml2-huge", "bench_libxml2_huge", None),
]
TEXT_PARSER = ("salvage-text", "bench_salvage", "text")
MEMCHR = ("memchr", "bench_memchr", "nul")
MEMCHR_LT = ("memchr-lt", "bench_memchr", "lt")

SLICE_BYTES = 1 << 20
TINY_DOC = b"<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>"
MB = 1e6


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------
# Running one measurement


class Runner:
    def __init__(self, build, args):
        self.build = build
        self.args = args
        self.records = []
        self.deadline = time.monotonic() + args.max_minutes * 60
        self.count = 0

    def program(self, name):
        for d in (os.path.join(self.build, "bench"), self.build):
            p = os.path.join(d, name)
            if os.access(p, os.X_OK):
                return p
        return None

    def limits(self):
        # A deep tree makes some peers recurse (gumbo frees its tree recursively): give every
        # parser the same large stack. The address-space cap keeps a peer that allocates
        # gigabytes on a hostile input from taking the machine with it.
        stack = self.args.stack_mb << 20
        resource.setrlimit(resource.RLIMIT_STACK, (stack, stack))
        mem = self.args.mem_limit_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))

    def run(self, parser, path, kind, extra=None, timeout=None, **tags):
        label, prog_name, mode = parser
        rec = {"parser": label, "kind": kind, "file": path, **tags}
        prog = self.program(prog_name)
        if prog is None:
            rec["status"] = "missing"
            return rec
        if time.monotonic() > self.deadline:
            rec["status"] = "skipped"
            rec["reason"] = "deadline"
            self.records.append(rec)
            return rec
        cmd = [prog, "--runs", str(self.args.runs), "--budget", str(self.args.budget)]
        if mode:
            cmd += ["--mode", mode]
        cmd += (extra or []) + [path]
        t0 = time.monotonic()
        rec.update(self.execute(cmd, timeout or self.args.timeout))
        rec["elapsed_s"] = round(time.monotonic() - t0, 3)
        rec["parser"] = label
        self.records.append(rec)
        self.count += 1
        log("[%d] %-16s %-10s %-40s %s" % (self.count, label, kind, tags.get("name", ""),
                                           describe(rec)))
        return rec

    def execute(self, cmd, timeout):
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=self.limits, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return {"status": "timeout", "timeout_s": timeout}
        if proc.returncode != 0:
            rc = proc.returncode
            what = ("signal %s" % signal.Signals(-rc).name) if rc < 0 else "exit %d" % rc
            return {"status": "crash", "reason": what,
                    "stderr": err.decode("utf-8", "replace")[-300:]}
        try:
            return json.loads(out.decode("utf-8").strip().splitlines()[-1])
        except (ValueError, IndexError):
            return {"status": "crash", "reason": "no result"}


def seconds(rec, clock="wall"):
    if rec.get("status") not in ("ok", "limit"):
        return None
    v = rec.get("cpu_median_s" if clock == "cpu" else "median_s")
    return v if v is not None and v > 0 else None


def describe(rec):
    st = rec.get("status")
    if st not in ("ok", "limit"):
        return "%s %s" % (st, rec.get("reason", ""))
    t = rec["median_s"]
    if "ratio_median" in rec:
        return "%10.6f s, paired %10.6f s: x%.2f over %d pairs" % (
            t, rec["paired_median_s"], rec["ratio_median"], rec["runs"])
    mbs = rec["bytes"] / t / MB if t > 0 else 0
    return "%10.6f s %9.1f MB/s mem %7d kB runs %d%s" % (
        t, mbs, rec.get("mem_kb", -1), rec.get("runs", 0),
        " (limit)" if st == "limit" else "")


# ------------------------------------------------------------------------------------------
# Inputs


def corpus_pages(corpus):
    pages = sorted(glob.glob(os.path.join(corpus, "*", "source.html")))
    return [(os.path.basename(os.path.dirname(p)), p) for p in pages]


def write_derived_inputs(pages, outdir):
    """The concatenation of all pages, the fixed callgrind slice, and the tiny document."""
    data = b"".join(open(p, "rb").read() for _, p in pages)
    paths = {}
    for name, content in (("corpus-concat.html", data), ("corpus-slice.html", data[:SLICE_BYTES]),
                          ("tiny.html", TINY_DOC)):
        path = os.path.join(outdir, name)
        with open(path, "wb") as f:
            f.write(content)
        paths[name] = path
    return paths


# Pages in the legacy encodings (salvage decodes them itself, libxml2 through iconv; gumbo
# reads UTF-8 only and is not run): (page, label declared in its <meta>, Python codec).
LEGACY_PAGES = [
    ("qq", "gbk", "gbk"),
    ("gmw", "gb18030", "gb18030"),
    ("pixnet", "big5", "big5hkscs"),
    ("hukumusume", "shift_jis", "cp932"),
    ("hukumusume", "euc-jp", "euc_jp"),
    ("hukumusume", "iso-2022-jp", "iso2022_jp"),
    ("hukumusume", "euc-kr", "euc_kr"),
]
LEGACY_PARSERS = ("salvage", "libxml2")


def write_legacy_inputs(pages, outdir):
    """[(name, label, path of the page in that encoding, path of the UTF-8 page)]: each page
    written with Python's codec (characters it lacks as numeric references) and declared in
    its <meta> (tests/encoding_pages.py), plus all pages concatenated as UTF-16LE with a BOM."""
    sys.path.insert(0, os.path.join(REPO, "tests"))
    from encoding_pages import declare
    by_name = dict(pages)
    out = []
    for name, label, codec in LEGACY_PAGES:
        if name not in by_name:
            continue
        text = open(by_name[name], "rb").read().decode("utf-8", "replace")
        path = os.path.join(outdir, "%s.%s.html" % (name, label))
        with open(path, "wb") as f:
            f.write(declare(text.encode(codec, errors="xmlcharrefreplace"), label))
        out.append((name, label, path, by_name[name]))
    concat = os.path.join(outdir, "corpus-concat.html")
    if os.path.exists(concat):
        path = os.path.join(outdir, "corpus-concat.utf-16le.html")
        text = open(concat, "rb").read().decode("utf-8", "replace")
        with open(path, "wb") as f:
            f.write(b"\xff\xfe" + text.encode("utf-16-le", errors="surrogatepass"))
        out.append(("all pages", "utf-16le", path, concat))
    return out


def debris_concat(shared, outdir):
    files = sorted(glob.glob(os.path.join(shared, "debris-dev", "*.txt")))
    if not files:
        return None
    path = os.path.join(outdir, "debris-concat.txt")
    with open(path, "wb") as f:
        for name in files:
            f.write(open(name, "rb").read())
    return path


def generate_hostile(runner, outdir, scale):
    gen = runner.program("bench_gen")
    if gen is None:
        log("bench_gen not built: no hostile inputs")
        return [], {}
    listing = subprocess.run([gen, "--list"], capture_output=True, text=True, check=True)
    descriptions = {}
    for line in listing.stdout.splitlines():
        name, _, desc = line.split("\t")
        descriptions[name] = desc
    cmd = [gen, outdir, "--scale", str(scale), "--sizes", "1,2,4"]
    if runner.args.only_family:
        cmd += ["--only", runner.args.only_family]
    made = subprocess.run(cmd, capture_output=True, text=True, check=True)
    files = []
    for line in made.stdout.splitlines():
        fam, size, path = line.split("\t")
        files.append((fam, int(size), path))
    return files, descriptions


# ------------------------------------------------------------------------------------------
# Phases


def run_pages(runner, pages, paths):
    for parser in HTML_PARSERS:
        for name, path in pages:
            runner.run(parser, path, "page", name=name)
        runner.run(parser, paths["corpus-concat.html"], "concat", name="all pages")
        runner.run(parser, paths["tiny.html"], "tiny", name="tiny document")
    for ref in (MEMCHR, MEMCHR_LT):
        runner.run(ref, paths["corpus-slice.html"], "memchr-slice", name="1 MiB slice")
        runner.run(ref, paths["corpus-concat.html"], "memchr-concat", name="all pages")


def run_legacy(runner, legacy):
    parsers = [p for p in HTML_PARSERS if p[0] in LEGACY_PARSERS]
    for name, label, path, utf8 in legacy:
        for parser in parsers:
            runner.run(parser, path, "legacy", name="%s as %s" % (name, label))
            runner.run(parser, utf8, "legacy-utf8", name="%s as %s" % (name, label))


def run_hostile(runner, files):
    """Family by family (so a deadline cuts the same families for every parser), sizes in
    increasing order. A size is not run when the smaller one failed, or when even linear
    growth from the smaller one would come close to the timeout: a quadratic peer would
    only burn the timeout there."""
    by_family = {}
    for fam, size, path in files:
        by_family.setdefault(fam, []).append((size, path))
    for fam, sizes in by_family.items():
        for parser in HTML_PARSERS:
            prev = None
            for size, path in sorted(sizes):
                tags = {"name": "%s %dx" % (fam, size), "family": fam, "size": size}
                reason = skip_reason(prev, size, runner.args.timeout)
                if reason:
                    runner.records.append({"parser": parser[0], "kind": "hostile", "file": path,
                                           "status": "skipped", "reason": reason, **tags})
                    continue
                rec = runner.run(parser, path, "hostile", **tags)
                if rec["status"] != "missing":
                    prev = rec


RECHECK_RUNS = 15
RECHECK_MAX_4X_S = 2.0


def recheck_growth(runner, files, clock):
    """Measures once more every family whose time(4x)/time(1x) came out above 4.4 for a
    parser, in one process that alternates the 1x and the 4x input (harness --paired, up to
    RECHECK_RUNS pairs). On a shared machine the speed of one binary drifts by tens of percent
    within seconds; the ratio of two measurements taken one after the other carries that drift
    whole, the ratio within a pair mostly does not, while a real super-linear cost shows in
    every pair. Only families whose 4x median is under RECHECK_MAX_4X_S are measured again (a
    parser slower than that at 4x is not a case of noise). The process gets three times the
    usual timeout and adds pairs while under half of it, so that even a 2 s input gets several
    pairs and the last pair still ends before the timeout."""
    paths = {(fam, size): path for fam, size, path in files}
    timeout = 3 * runner.args.timeout
    budget = 0.5 * timeout
    first = hostile_summary(runner, clock)
    for fam, per in sorted(first.items()):
        if (fam, 1) not in paths or (fam, 4) not in paths:
            continue
        for parser in HTML_PARSERS:
            s = per.get(parser[0])
            if not s or s.get("growth") is None or s["growth"] <= 4.4:
                continue
            if s["t_4x"] > RECHECK_MAX_4X_S:
                continue
            runner.run(parser, paths[(fam, 1)], "hostile-paired",
                       extra=["--runs", str(RECHECK_RUNS), "--budget", str(budget),
                              "--paired", paths[(fam, 4)]],
                       timeout=timeout, name="%s 1x with 4x, paired" % fam, family=fam)


def paired_growth(runner, label, fam, clock):
    """(median over the pairs of time(4x)/time(1x), pairs) of the paired re-measurement."""
    for r in recs(runner, "hostile-paired", label):
        if r["family"] == fam and r.get("status") in ("ok", "limit") and r.get("runs"):
            if clock != "cpu":
                return r["paired_median_s"] / r["median_s"], r["runs"]
            return r["ratio_median"], r["runs"]
    return None, 0


def skip_reason(prev, size, timeout):
    if prev is None:
        return None
    if prev["status"] in ("timeout", "crash", "skipped"):
        return "%s at %dx" % (prev["status"], prev["size"])
    t = prev.get("median_s")
    if t is not None and t * size / prev["size"] > 0.8 * timeout:
        return "%.1f s at %dx" % (t, prev["size"])
    return None


def run_debris(runner, debris):
    for path in sorted(glob.glob(os.path.join(debris, "*.txt"))):
        runner.run(TEXT_PARSER, path, "debris", name=os.path.basename(path))


def callgrind_ir(outfile):
    with open(outfile) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1])
    return None


def run_callgrind(runner, slice_path, debris_path, outdir):
    """Instructions per byte on the fixed slice (and salvage's text path on the debris-dev
    documents concatenated): only bench_run_once (one parse and its free) is collected, so
    reading the file and starting the library are not counted."""
    jobs = [(p, slice_path, p[0]) for p in HTML_PARSERS + [MEMCHR, MEMCHR_LT]]
    if debris_path:
        jobs.append((TEXT_PARSER, debris_path, TEXT_PARSER[0]))
    return callgrind_jobs(runner, jobs, outdir)


def callgrind_jobs(runner, jobs, outdir):
    """jobs: (parser, input path, result key)."""
    results = {}
    for (label, prog_name, mode), path, key in jobs:
        size = os.path.getsize(path)
        prog = runner.program(prog_name)
        if prog is None:
            continue
        out = os.path.join(outdir, "callgrind.%s.out" % key)
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
               "--collect-atstart=no", "--toggle-collect=bench_run_once", prog, "--callgrind"]
        if mode:
            cmd += ["--mode", mode]
        cmd.append(path)
        try:
            subprocess.run(cmd, capture_output=True, check=True, timeout=600)
        except (subprocess.SubprocessError, OSError) as e:
            log("callgrind %s failed: %s" % (label, e))
            continue
        ir = callgrind_ir(out)
        if ir is None:
            continue
        results[key] = {"instructions": ir, "bytes": size, "per_byte": ir / size,
                        "hot": hot_spots(out)}
        log("callgrind %-30s %8.1f instructions/byte" % (key, ir / size))
    return results


def run_callgrind_hostile(runner, files, families, outdir):
    """Where salvage spends its instructions on chosen hostile families (1x)."""
    salvage = next((p for p in HTML_PARSERS if p[0] == "salvage"), None)
    if salvage is None:
        return {}
    jobs = [(salvage, path, "salvage " + fam) for fam, size, path in files
            if size == 1 and fam in families]
    return callgrind_jobs(runner, jobs, outdir)


HOT_LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)$")


def hot_spots(outfile, top=12):
    """The functions with the most instructions of their own (callgrind_annotate)."""
    try:
        res = subprocess.run(["callgrind_annotate", "--inclusive=no", outfile],
                             capture_output=True, text=True, timeout=120)
    except (subprocess.SubprocessError, OSError):
        return []
    spots = []
    for line in res.stdout.splitlines():
        m = HOT_LINE.match(line)
        if not m or "PROGRAM TOTALS" in line:
            continue
        func = m.group(3)
        func = re.sub(r"\s*\[[^\]]*\]$", "", func)  # the object file
        func = func.split(":", 1)[1] if ":" in func else func  # the source file
        spots.append({"instructions": int(m.group(1).replace(",", "")),
                      "percent": float(m.group(2)), "function": func})
        if len(spots) == top:
            break
    return spots


# ------------------------------------------------------------------------------------------
# Summaries


def recs(runner, kind, parser=None):
    return [r for r in runner.records
            if r.get("kind") == kind and (parser is None or r["parser"] == parser)]


def page_summary(runner, label, clock):
    pages = recs(runner, "page", label)
    ok = [r for r in pages if seconds(r, clock)]
    if not ok:
        return None
    total_bytes = sum(r["bytes"] for r in ok)
    total_s = sum(seconds(r, clock) for r in ok)
    big = [r for r in ok if r["bytes"] >= 64 * 1024 and r.get("mem_kb", -1) >= 0]
    counted = [r for r in ok if "allocs" in r]
    s = {
        "pages": len(pages), "pages_ok": len(ok), "bytes": total_bytes, "seconds": total_s,
        "mb_s": total_bytes / total_s / MB,
        "median_page_mb_s": statistics.median(r["bytes"] / seconds(r, clock) / MB for r in ok),
        "mem_ratio_max": max((r["mem_kb"] * 1024 / r["bytes"] for r in big), default=None),
        "mem_ratio_median": statistics.median(r["mem_kb"] * 1024 / r["bytes"] for r in big)
        if big else None,
        "allocs_per_doc": statistics.mean(r["allocs"] for r in counted) if counted else None,
        "allocs_per_kb": sum(r["allocs"] for r in counted) / (
            sum(r["bytes"] for r in counted) / 1024) if counted else None,
    }
    for kind in ("concat", "tiny"):
        r = next(iter(recs(runner, kind, label)), None)
        if r and seconds(r, clock):
            s[kind] = {"mb_s": r["bytes"] / seconds(r, clock) / MB, "seconds": seconds(r, clock),
                       "mem_ratio": r["mem_kb"] * 1024 / r["bytes"], "allocs": r.get("allocs"),
                       "nodes": r.get("nodes")}
    return s


def legacy_summary(runner, clock):
    """{"page as label": {parser: {"mb_s", "mem_ratio", "utf8_mb_s", "utf8_mem_ratio"}}}"""
    out = {}
    for kind, prefix in (("legacy", ""), ("legacy-utf8", "utf8_")):
        for r in recs(runner, kind):
            t = seconds(r, clock)
            if not t:
                continue
            cell = out.setdefault(r["name"], {}).setdefault(r["parser"], {})
            cell[prefix + "mb_s"] = r["bytes"] / t / MB
            if r.get("mem_kb", -1) >= 0:
                cell[prefix + "mem_ratio"] = r["mem_kb"] * 1024 / r["bytes"]
    return out


def hostile_summary(runner, clock):
    out = {}
    for r in recs(runner, "hostile"):
        cell = out.setdefault(r["family"], {}).setdefault(r["parser"], {})
        cell[r["size"]] = r
    summary = {}
    for fam, per_parser in out.items():
        for label, sizes in per_parser.items():
            one, two, four = sizes.get(1), sizes.get(2), sizes.get(4)
            s = {"status_1x": one["status"] if one else None,
                 "reason_1x": one.get("reason", "") if one else ""}
            if one and seconds(one, clock):
                s["bytes_1x"] = one["bytes"]
                s["t_1x"] = seconds(one, clock)
                s["mb_s_1x"] = one["bytes"] / s["t_1x"] / MB
                s["mem_kb_1x"] = one.get("mem_kb")
                s["mem_ratio_1x"] = one["mem_kb"] * 1024 / one["bytes"]
                s["nodes_1x"] = one.get("nodes")
                if four and seconds(four, clock):
                    s["t_4x"] = seconds(four, clock)
                    s["growth"] = s["t_4x"] / s["t_1x"]
                    s["mem_kb_4x"] = four.get("mem_kb")
                    if one.get("mem_kb", 0) > 0 and four.get("mem_kb") is not None:
                        s["mem_growth"] = four["mem_kb"] / one["mem_kb"]
                    g, pairs = paired_growth(runner, label, fam, clock)
                    if g is not None:
                        s["growth_recheck"] = g
                        s["recheck_pairs"] = pairs
                else:
                    s["status_4x"] = four["status"] if four else None
                    s["reason_4x"] = four.get("reason", "") if four else ""
                    if four and four["status"] == "timeout":
                        s["growth_at_least"] = four["timeout_s"] / s["t_1x"]
                    if two and seconds(two, clock):
                        s["growth_2x"] = seconds(two, clock) / s["t_1x"]
                    elif two:
                        s["status_2x"] = two["status"]
                        if two["status"] == "timeout":
                            s["growth_2x_at_least"] = two["timeout_s"] / s["t_1x"]
            summary.setdefault(fam, {})[label] = s
    return summary


def debris_summary(runner, clock):
    ok = [r for r in recs(runner, "debris") if seconds(r, clock)]
    if not ok:
        return None
    b = sum(r["bytes"] for r in ok)
    t = sum(seconds(r, clock) for r in ok)
    return {"docs": len(ok), "bytes": b, "seconds": t, "mb_s": b / t / MB,
            "median_doc_mb_s": statistics.median(r["bytes"] / seconds(r, clock) / MB for r in ok),
            "mem_kb_median": statistics.median(r["mem_kb"] for r in ok),
            "mem_kb_max": max(r["mem_kb"] for r in ok),
            "allocs_per_doc": statistics.mean(r["allocs"] for r in ok if "allocs" in r)
            if any("allocs" in r for r in ok) else None}


def memchr_summary(runner, clock):
    s = {}
    for label in (MEMCHR[0], MEMCHR_LT[0]):
        for kind in ("memchr-slice", "memchr-concat"):
            r = next(iter(recs(runner, kind, label)), None)
            if r and seconds(r, clock):
                s.setdefault(label, {})[kind] = r["bytes"] / seconds(r, clock) / MB
    return s


# ------------------------------------------------------------------------------------------
# Targets (issue 8)


def targets(summary):
    res = []
    pages = summary["pages"]
    sv = pages.get("salvage")

    def add(name, ok, detail):
        res.append({"target": name, "met": ok, "detail": detail})

    if sv:
        for peer, factor in (("gumbo", 8.0), ("libxml2", 2.5)):
            p = pages.get(peer)
            if p:
                ratio = sv["mb_s"] / p["mb_s"]
                add("pages: >= %gx %s MB/s" % (factor, peer), ratio >= factor,
                    "%.1f vs %.1f MB/s = %.2fx" % (sv["mb_s"], p["mb_s"], ratio))
        if sv.get("mem_ratio_max") is not None:
            add("pages: peak memory <= 3x input", sv["mem_ratio_max"] <= 3.0,
                "max %.2fx over pages >= 64 KiB (median %.2fx)" % (sv["mem_ratio_max"],
                                                                   sv["mem_ratio_median"]))
        if "tiny" in sv:
            us = sv["tiny"]["seconds"] * 1e6
            add("fixed per-document cost < 5 us", us < 5.0, "%.2f us for %d bytes" % (
                us, len(TINY_DOC)))
    cg = summary.get("callgrind", {}).get("salvage")
    if cg:
        add("pages: <= 25 instructions/byte", cg["per_byte"] <= 25.0,
            "%.1f instructions/byte on the 1 MiB slice" % cg["per_byte"])
    host = summary["hostile"]
    bad_growth, bad_mem, slow, rechecked = [], [], [], []
    for fam, per in sorted(host.items()):
        s = per.get("salvage")
        if not s or "t_1x" not in s:
            bad_growth.append("%s: %s" % (fam, s.get("status_1x") if s else "missing"))
            continue
        if s.get("growth") is None:
            bad_growth.append("%s %s" % (fam, fmt_ratio(s.get("growth"))))
        elif s["growth"] > 4.4 and s.get("growth_recheck", s["growth"]) > 4.4:
            bad_growth.append("%s %s%s" % (fam, fmt_ratio(s["growth"]), recheck_note(s)))
        elif s["growth"] > 4.4:
            rechecked.append("%s %s%s" % (fam, fmt_ratio(s["growth"]), recheck_note(s)))
        if s.get("mem_growth") is not None and s["mem_growth"] > 4.4 and s["mem_kb_4x"] > 4096:
            bad_mem.append("%s %.1f" % (fam, s["mem_growth"]))
        if s["t_1x"] >= 0.5:
            slow.append("%s %.2f s" % (fam, s["t_1x"]))
    if host:
        detail = "; ".join(bad_growth) or "all %d families" % len(host)
        if rechecked:
            detail += " (above 4.4 at first, at most 4.4 in the paired re-measurement: %s)" % (
                "; ".join(rechecked))
        add("hostile: time(4x)/time(1x) <= 4.4 for every family", not bad_growth, detail)
        add("hostile: peak memory(4x)/(1x) <= 4.4 (where 4x uses > 4 MiB)", not bad_mem,
            "; ".join(bad_mem) or "all families")
        add("hostile: every family at 1x under 0.5 s", not slow, "; ".join(slow) or "all")
        aa = host.get("adoption-agency", {}).get("salvage")
        if aa and "mb_s_1x" in aa:
            add("adoption-agency >= 30 MB/s", aa["mb_s_1x"] >= 30, "%.1f MB/s" % aa["mb_s_1x"])
            add("adoption-agency peak memory <= 10x input", aa["mem_ratio_1x"] <= 10,
                "%.2fx" % aa["mem_ratio_1x"])
    d = summary.get("debris")
    if d:
        add("scraped text >= 100 MB/s", d["mb_s"] >= 100, "%.1f MB/s over %d documents" % (
            d["mb_s"], d["docs"]))
    return res


# ------------------------------------------------------------------------------------------
# Markdown


def recheck_note(s):
    if s.get("growth_recheck") is None:
        return ""
    return ", %.2f over %d alternating pairs" % (s["growth_recheck"], s["recheck_pairs"])


def fmt_ratio(v):
    return "—" if v is None else "%.2f" % v


def fmt_time(t):
    if t is None:
        return "—"
    if t < 1e-3:
        return "%.0f µs" % (t * 1e6)
    if t < 1:
        return "%.1f ms" % (t * 1e3)
    return "%.2f s" % t


def fmt_kb(kb):
    if kb is None or kb < 0:
        return "—"
    return "%.1f MB" % (kb * 1024 / MB) if kb >= 1000 else "%d kB" % kb


def hostile_cell(s, what):
    if s is None:
        return "—"
    if "t_1x" not in s:
        st = s.get("status_1x") or "—"
        if st == "crash":
            return "crash (%s)" % s.get("reason_1x", "")
        return st
    if what == "time":
        g = s.get("growth")
        if g is not None and s.get("growth_recheck") is not None:
            return "%s (×%.1f; in pairs ×%.1f)" % (fmt_time(s["t_1x"]), g, s["growth_recheck"])
        if g is not None:
            return "%s (×%.1f)" % (fmt_time(s["t_1x"]), g)
        if s.get("growth_at_least"):
            return "%s (4×: timeout, ≥×%.0f)" % (fmt_time(s["t_1x"]), s["growth_at_least"])
        if s.get("growth_2x") is not None:
            return "%s (2×/1×: ×%.1f; 4× not run)" % (fmt_time(s["t_1x"]), s["growth_2x"])
        if s.get("growth_2x_at_least"):
            return "%s (2×: timeout, ≥×%.1f)" % (fmt_time(s["t_1x"]), s["growth_2x_at_least"])
        return "%s (2×: %s)" % (fmt_time(s["t_1x"]), s.get("status_2x", "—"))
    if what == "mem":
        g = s.get("mem_growth")
        return "%s (×%.1f)" % (fmt_kb(s.get("mem_kb_1x")), g) if g is not None else fmt_kb(
            s.get("mem_kb_1x"))
    n = s.get("nodes_1x")
    return "—" if n is None or n < 0 else str(n)


def markdown(summary, machine, config):
    L = []
    L.append("## Benchmark results")
    L.append("")
    L.append("Machine: %s; %s cores; %s RAM; %s; %s." % (
        machine["cpu"], machine["cores"], machine["memory"], machine["os"], machine["compiler"]))
    L.append("Libraries: gumbo %s, libxml2 %s; salvage %s. Run %s (load average %s at the "
             "start, %s at the end), %s mode, medians of %d runs of %s time (slow inputs: "
             "fewer, see JSON), timeout %g s." % (
                 machine["gumbo"], machine["libxml2"], machine["salvage_commit"],
                 machine["date"], machine["load_average"], config.get("load_end", "?"),
                 "quick" if config["quick"] else "full", config["runs"],
                 "CPU" if config["clock"] == "cpu" else "wall", config["timeout"]))
    L.append("")
    pg = summary["pages"]
    cg = summary.get("callgrind", {})
    if any(pg.values()) or cg:
        page_table(L, pg, cg, summary)
    host = summary["hostile"]
    if host:
        hostile_tables(L, host)
    tail_sections(L, summary, cg)
    return "\n".join(L)


def page_table(L, pg, cg, summary):
    some = next((v for v in pg.values() if v), None)
    if some:
        L.append("### Real pages (%d pages of corpus/readability, %.2f MB)" % (
            some["pages"], some["bytes"] / MB))
    else:
        L.append("### Real pages")
    L.append("")
    L.append("| parser | MB/s per page (all pages) | median page MB/s | concatenated MB/s | "
             "peak mem / input (median, max) | allocs per page | allocs per KB | "
             "tiny doc | instructions/byte |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, _, _ in HTML_PARSERS:
        s = pg.get(label)
        if not s:
            L.append("| %s | not run | — | — | — | — | — | — | %s |" % (
                label, "%.1f" % cg[label]["per_byte"] if label in cg else "—"))
            continue
        c = s.get("concat", {})
        t = s.get("tiny", {})
        L.append("| %s | %.1f | %.1f | %s | %s, %s | %s | %s | %s | %s |" % (
            label, s["mb_s"], s["median_page_mb_s"],
            "%.1f" % c["mb_s"] if c else "—",
            fmt_ratio(s["mem_ratio_median"]), fmt_ratio(s["mem_ratio_max"]),
            "%.0f" % s["allocs_per_doc"] if s["allocs_per_doc"] is not None else "—",
            "%.2f" % s["allocs_per_kb"] if s["allocs_per_kb"] is not None else "—",
            fmt_time(t.get("seconds")),
            "%.1f" % cg[label]["per_byte"] if label in cg else "—"))
    mc = summary.get("memchr", {})
    for label, what in ((MEMCHR[0], "memchr for NUL (bandwidth)"),
                        (MEMCHR_LT[0], "memchr stopping at every '<'")):
        m = mc.get(label, {})
        L.append("| %s | — | — | %s | — | — | — | — | %s |" % (
            what, "%.0f" % m["memchr-concat"] if "memchr-concat" in m else "—",
            "%.2f" % cg[label]["per_byte"] if label in cg else "—"))
    L.append("")
    for label, what in ((MEMCHR[0], "memchr for NUL"), (MEMCHR_LT[0], "memchr for every '<'")):
        if "memchr-slice" in mc.get(label, {}):
            L.append("%s over the 1 MiB callgrind slice: %.0f MB/s." % (
                what, mc[label]["memchr-slice"]))
    L.append("")


def hostile_tables(L, host):
    if host:
        labels = [p[0] for p in HTML_PARSERS]
        fam_bytes = {f: next((s.get("bytes_1x") for s in per.values() if s.get("bytes_1x")), None)
                     for f, per in host.items()}
        for title, what in (("time at 1× (growth time(4×)/time(1×))", "time"),
                            ("peak memory at 1× (growth mem(4×)/mem(1×))", "mem"),
                            ("tree nodes at 1× (shows truncation)", "nodes")):
            L.append("### Hostile inputs: %s" % title)
            L.append("")
            L.append("| family | 1× bytes | " + " | ".join(labels) + " |")
            L.append("|---|---:|" + "---:|" * len(labels))
            for fam in host:
                L.append("| %s | %s | %s |" % (
                    fam, fam_bytes[fam] or "—",
                    " | ".join(hostile_cell(host[fam].get(l), what) for l in labels)))
            L.append("")


def legacy_table(L, legacy):
    if not legacy:
        return
    L.append("### Pages in legacy encodings (not a target; gumbo reads UTF-8 only)")
    L.append("")
    L.append("Each page written in the encoding its `<meta>` declares (characters the encoding "
             "lacks as numeric references); \"UTF-8\" is the same page as published. "
             "MB/s of the encoded bytes.")
    L.append("")
    head = "| page |"
    for p in LEGACY_PARSERS:
        head += " %s MB/s (UTF-8) | %s mem / input (UTF-8) |" % (p, p)
    L.append(head)
    L.append("|---|" + "---:|---:|" * len(LEGACY_PARSERS))
    for name, cells in legacy.items():
        row = "| %s |" % name
        for p in LEGACY_PARSERS:
            c = cells.get(p, {})
            row += " %s (%s) | %s (%s) |" % (
                "%.1f" % c["mb_s"] if "mb_s" in c else "—",
                "%.1f" % c["utf8_mb_s"] if "utf8_mb_s" in c else "—",
                fmt_ratio(c.get("mem_ratio")), fmt_ratio(c.get("utf8_mem_ratio")))
        L.append(row)
    L.append("")


def tail_sections(L, summary, cg):
    legacy_table(L, summary.get("legacy"))
    d = summary.get("debris")
    if d:
        L.append("### Scraped-text path (salvage, debris-dev)")
        L.append("")
        L.append("%d documents, %.2f MB: %.1f MB/s over all documents (median document %.1f "
                 "MB/s); peak memory per document median %d kB, max %d kB; %s allocations "
                 "per document." % (
                     d["docs"], d["bytes"] / MB, d["mb_s"], d["median_doc_mb_s"],
                     d["mem_kb_median"], d["mem_kb_max"],
                     "%.1f" % d["allocs_per_doc"] if d["allocs_per_doc"] is not None else "—"))
        L.append("")
    profiles = [("salvage", "HTML, tree only, on the 1 MiB slice"),
                ("salvage+article", "HTML with the article model, on the 1 MiB slice"),
                ("salvage-text", "scraped text, on debris-dev concatenated")]
    profiles += [(k, "hostile family %s at 1×" % k.split(" ", 1)[1]) for k in cg
                 if k.startswith("salvage ")]
    for label, what in profiles:
        c = cg.get(label)
        if not c or not c.get("hot"):
            continue
        L.append("### Where salvage's instructions go: %s (%.1f instructions/byte)" % (
            what, c["per_byte"]))
        L.append("")
        L.append("| instructions (self) | % | function |")
        L.append("|---:|---:|---|")
        for h in c["hot"]:
            L.append("| %d | %.1f | `%s` |" % (h["instructions"], h["percent"], h["function"]))
        L.append("")
    t = summary.get("targets")
    if t:
        L.append("### Targets (issue 8)")
        L.append("")
        L.append("| target | met | measured |")
        L.append("|---|---|---|")
        for x in t:
            L.append("| %s | %s | %s |" % (x["target"], "yes" if x["met"] else "**no**",
                                           x["detail"]))
        L.append("")


# ------------------------------------------------------------------------------------------


def sh(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
    except (subprocess.SubprocessError, OSError):
        return ""


def salvage_commit():
    head = sh(["git", "-C", REPO, "rev-parse", "--short", "HEAD"])
    if not head:
        return "unknown"
    dirty = sh(["git", "-C", REPO, "status", "--porcelain", "--", "parser", "include"])
    return head + ("+uncommitted changes" if dirty else "")


def load_average():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def machine_description(build, commit=None):
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.0f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    osname = platform.platform()
    try:
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip().strip('"') + ", Linux " + platform.release()
    except OSError:
        pass
    compiler = "?"
    cache = os.path.join(build, "CMakeCache.txt")
    if os.path.exists(cache):
        cc = build_type = ""
        for line in open(cache):
            if line.startswith("CMAKE_C_COMPILER:"):
                cc = line.split("=", 1)[1].strip()
            if line.startswith("CMAKE_BUILD_TYPE:"):
                build_type = line.split("=", 1)[1].strip()
        if cc:
            compiler = "%s, %s build" % (sh([cc, "--version"]).splitlines()[0] if sh(
                [cc, "--version"]) else cc, build_type or "default")
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": osname, "compiler": compiler,
        "gumbo": sh(["pkg-config", "--modversion", "gumbo"]) or "?",
        "libxml2": sh(["pkg-config", "--modversion", "libxml-2.0"]) or "?",
        "salvage_commit": commit or salvage_commit(),
        "load_average": load_average(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="CMake build dir with -DSALVAGE_BENCH=ON")
    ap.add_argument("--out", help="output dir (default BUILD/bench-out)")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"))
    ap.add_argument("--quick", action="store_true",
                    help="1/4-size hostile set, 3 runs, short budgets")
    ap.add_argument("--runs", type=int)
    ap.add_argument("--budget", type=float, help="seconds per measurement before fewer runs")
    ap.add_argument("--timeout", type=float,
                    help="seconds before a measurement is killed (default 10, quick 5)")
    ap.add_argument("--max-minutes", type=float, default=14,
                    help="skip the measurements left after this long (default 14)")
    ap.add_argument("--stack-mb", type=int, default=1024)
    ap.add_argument("--mem-limit-mb", type=int, default=4096)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="cpu",
                    help="medians of process CPU time (default: robust on a shared machine)"
                    " or of wall time")
    ap.add_argument("--only-family", help="hostile family to run (default all)")
    ap.add_argument("--commit", help="what to call the salvage that BUILD_DIR was built from "
                    "(default: this repository's HEAD, marked when parser/ or include/ differ)")
    ap.add_argument("--parsers", help="comma-separated rows to run, e.g. salvage,gumbo "
                    "(default all)")
    ap.add_argument("--no-pages", action="store_true")
    ap.add_argument("--no-hostile", action="store_true")
    ap.add_argument("--no-debris", action="store_true")
    ap.add_argument("--no-legacy", action="store_true",
                    help="skip the pages written in legacy encodings")
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--callgrind-only", action="store_true")
    ap.add_argument("--callgrind-families", default="adoption-agency,formatting-distinct-attrs",
                    help="hostile families whose salvage profile is reported")
    args = ap.parse_args()
    if args.runs is None:
        args.runs = 3 if args.quick else 7
    if args.budget is None:
        args.budget = 1.0 if args.quick else 2.5
    if args.timeout is None:
        args.timeout = 5.0 if args.quick else 10.0
    build = os.path.abspath(args.build)
    out = os.path.abspath(args.out or os.path.join(build, "bench-out"))
    inputs = os.path.join(out, "inputs")
    os.makedirs(inputs, exist_ok=True)

    if args.parsers:
        wanted = set(args.parsers.split(","))
        HTML_PARSERS[:] = [p for p in HTML_PARSERS if p[0] in wanted]
    machine = machine_description(build, args.commit)
    runner = Runner(build, args)
    pages = corpus_pages(os.path.join(args.shared, "corpus", "readability"))
    paths = write_derived_inputs(pages, inputs)
    summary = {}
    # Hostile inputs last: the deadline (--max-minutes) cuts what is left of them.
    if not args.callgrind_only and not args.no_pages:
        run_pages(runner, pages, paths)
    if not args.no_callgrind:
        summary["callgrind"] = run_callgrind(runner, paths["corpus-slice.html"],
                                             debris_concat(args.shared, inputs), out)
    if not args.callgrind_only and not args.no_debris:
        run_debris(runner, os.path.join(args.shared, "debris-dev"))
    if not args.callgrind_only and not args.no_legacy:
        run_legacy(runner, write_legacy_inputs(pages, inputs))
    if not args.callgrind_only and not args.no_hostile:
        files, descriptions = generate_hostile(runner, inputs, 0.25 if args.quick else 1.0)
        summary["hostile_families"] = descriptions
        run_hostile(runner, files)
        recheck_growth(runner, files, args.clock)
        if not args.no_callgrind and args.callgrind_families:
            summary.setdefault("callgrind", {}).update(run_callgrind_hostile(
                runner, files, args.callgrind_families.split(","), out))

    summary["pages"] = {p[0]: page_summary(runner, p[0], args.clock) for p in HTML_PARSERS}
    summary["hostile"] = hostile_summary(runner, args.clock)
    summary["debris"] = debris_summary(runner, args.clock)
    summary["legacy"] = legacy_summary(runner, args.clock)
    summary["memchr"] = memchr_summary(runner, args.clock)
    summary["targets"] = targets(summary)
    config = {"quick": args.quick, "runs": args.runs, "budget": args.budget,
              "timeout": args.timeout, "clock": args.clock, "stack_mb": args.stack_mb,
              "mem_limit_mb": args.mem_limit_mb, "slice_bytes": SLICE_BYTES,
              "load_end": load_average()}
    md = markdown(summary, machine, config)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"machine": machine, "config": config, "summary": summary,
                   "records": runner.records}, f, indent=1)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(md + "\n")
    print(md)
    log("wrote %s and %s" % (os.path.join(out, "results.json"), os.path.join(out, "results.md")))


if __name__ == "__main__":
    main()
