#!/usr/bin/env python3
"""Runs the unit tests of a (gcc, non-sanitizer) build under valgrind memcheck: every ctest
test whose program is a cmocka unit test (tests/unit/test_*.c builds test_*). Memory errors
and leaks of any kind fail the run."""
import json
import os
import subprocess
import sys

build = sys.argv[1]
listing = subprocess.run(["ctest", "--show-only=json-v1"], cwd=build,
                         capture_output=True, text=True, check=True)
def labels(t):
    for p in t.get("properties", []):
        if p["name"] == "LABELS":
            return set(p["value"])
    return set()


# The large generated hostile inputs run in the sanitizer pass only (minutes under memcheck).
tests = [t for t in json.loads(listing.stdout).get("tests", [])
         if t.get("command") and os.path.basename(t["command"][0]).startswith("test_")
         and "hostile" not in labels(t)]
if not tests:
    sys.exit("run_valgrind: no unit tests found in " + build)
passed = failed = 0
for t in tests:
    cmd = t.get("command")
    if not cmd:
        continue
    cwd = next((p["value"] for p in t.get("properties", []) if p["name"] == "WORKING_DIRECTORY"),
               build)
    vg = ["valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full",
          "--show-leak-kinds=all", "--errors-for-leak-kinds=all"]
    # Hostile-input tests shrink their inputs under memcheck (full size in the ASan pass).
    env = dict(os.environ, SALVAGE_TEST_SCALE="20")
    r = subprocess.run(vg + cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if r.returncode == 0:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {t['name']} (exit {r.returncode})\n{r.stdout[-3000:]}\n{r.stderr[-6000:]}")
print(f"valgrind: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
