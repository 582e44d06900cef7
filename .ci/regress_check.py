#!/usr/bin/env python3
"""Checks a `make regress` run (or one shard of it) against what it claims.

  regress_check.py check --required .config/regress-tests.txt --full full.json \
      --shard shard.json --junit junit.xml [--shared DIR] [--fuzz-dir DIR] [--complete]
  regress_check.py merge --required .config/regress-tests.txt --full full.json \
      junit-1-of-4.xml ... [--fuzz-dir DIR]

full.json / shard.json: `cargo nextest list --message-format json` of the
whole run and of this partition (the same file when not sharded).

Fails (exit 1) when
  - a required test is not in the full list (compiled out: a missing cargo
    feature, a renamed test),
  - a test this partition should run has no result in the JUnit file, or
    one was skipped,
  - a required test of this partition printed "skipping" although the
    shared captures are present (it returned early instead of running).
Prints which required tests ran, with their times.

`merge` checks the JUnit files of all shards together: no test ran in two
shards, every test of the full list ran in one, none failed, every required
test passed. With --fuzz-dir (the `nicsim fuzz` campaign results the tests
write there, NICSIM_FUZZ_JSON_DIR) both modes print the compared lockstep
cycles and the merged functional coverage; a complete run (`check
--complete`, or `merge`) fails when fewer than FUZZ_MIN_CYCLES cycles were
compared or a coverage point was never hit.
"""
import argparse
import json
import os
import sys
import xml.etree.ElementTree as ET


def listed(path):
    """{(binary_id, test_name): matches filter} from a nextest list JSON."""
    with open(path) as f:
        data = json.load(f)
    out = {}
    for bid, suite in data.get("rust-suites", {}).items():
        for name, case in suite.get("testcases", {}).items():
            fm = case.get("filter-match", {})
            out[(bid, name)] = fm.get("status") == "matches"
    return out


def required(path):
    req = []
    with open(path) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line:
                bid, name = line.split(None, 1)
                req.append((bid, name.strip()))
    return req


def junit(path):
    """{(binary_id, test_name): (status, seconds, output)}"""
    res = {}
    root = ET.parse(path).getroot()
    # nextest: one <testsuite> per test binary, named by its binary id.
    cases = [(suite.get("name", ""), case) for suite in root.iter("testsuite") for case in suite.iter("testcase")]
    for suite_name, case in cases:
        key = (suite_name or case.get("classname", ""), case.get("name", ""))
        status = "pass"
        for tag in ("failure", "error", "flakyFailure", "rerunFailure"):
            if case.find(tag) is not None:
                status = "fail"
        if case.find("skipped") is not None:
            status = "skipped"
        out = "".join((e.text or "") for e in case.iter() if e.tag in ("system-out", "system-err"))
        res[key] = (status, float(case.get("time", "0") or 0), out)
    return res


# Compared lockstep cycles of `nicsim fuzz` a complete regression must reach.
FUZZ_MIN_CYCLES = 100_000_000


def fuzz_summary(dirs, complete, errors, warnings):
    """Merges the campaign JSON files in dirs; prints the summary."""
    if isinstance(dirs, str):
        dirs = [dirs]
    files = sorted(os.path.join(d, f) for d in dirs if d and os.path.isdir(d)
                   for f in os.listdir(d) if f.endswith(".json"))
    if not files:
        if complete:
            errors.append("no nicsim fuzz campaign results (NICSIM_FUZZ_JSON_DIR)")
        return
    compared = cycles = runs = 0
    failures = []
    points, hashes, reta = {}, [0] * 7, None
    per_build = {}
    for f in files:
        with open(f) as fh:
            r = json.load(fh)
        compared += r["compared"]
        cycles += r["cycles"]
        runs += r["runs"]
        per_build[r["build"]] = per_build.get(r["build"], 0) + r["compared"]
        failures += [(f, x) for x in r["failures"]]
        c = r["coverage"]
        for k, v in c["points"].items():
            points[k] = points.get(k, 0) + v
        hashes = [a + b for a, b in zip(hashes, c["hash_types"])]
        reta = c["reta"] if reta is None else [a + b for a, b in zip(reta, c["reta"])]
    print(f"fuzz: {len(files)} campaigns, {runs} runs, {compared} lockstep cycles compared "
          f"({', '.join(f'{b} {n}' for b, n in sorted(per_build.items()))}), {len(failures)} failures")
    print("fuzz: functional coverage (counts over all campaigns):")
    for k in sorted(points):
        print(f"  {k:24} {points[k]}")
    print(f"  hash types 0..6         {hashes}")
    hit_reta = sum(1 for n in (reta or []) if n)
    print(f"  RETA entries used       {hit_reta}/{len(reta or [])}")
    missed = [k for k, v in points.items() if v == 0] + [f"hash_type_{i}" for i, n in enumerate(hashes) if n == 0]
    if reta and hit_reta < len(reta):
        missed.append(f"reta ({len(reta) - hit_reta} entries)")
    for f, x in failures:
        errors.append(f"fuzz {f}: {x['failure']['message']}; reproduce: {x['repro']}")
    if complete:
        if compared < FUZZ_MIN_CYCLES:
            errors.append(f"fuzz compared {compared} cycles, the goal is >= {FUZZ_MIN_CYCLES}")
        if missed:
            errors.append(f"functional coverage points never hit: {', '.join(missed)}")
    elif missed:
        warnings.append(f"functional coverage points not hit in this shard: {', '.join(missed)}")


def merge(args):
    full = listed(args.full)
    req = required(args.required)
    errors, warnings = [], []
    seen = {}
    for j in args.junit:
        for key, val in junit(j).items():
            if key in seen:
                errors.append(f"{key[0]} {key[1]} ran in two shards: {seen[key][0]} and {j}")
            seen[key] = (j, val)
    expected = {k for k, m in full.items() if m}
    missing = sorted(expected - set(seen))
    extra = sorted(set(seen) - expected)
    for k in missing:
        errors.append(f"{k[0]} {k[1]} ran in no shard")
    for k in extra:
        errors.append(f"{k[0]} {k[1]} ran but is not in the full list")
    for k in req:
        st = seen.get(k, (None, ("missing",)))[1][0]
        if st != "pass":
            errors.append(f"required test {k[0]} {k[1]}: {st}")
    fails = [k for k, (_, v) in seen.items() if v[0] != "pass"]
    for k in fails:
        errors.append(f"{k[0]} {k[1]}: {seen[k][1][0]} (in {seen[k][0]})")
    print(f"regress-merge: {len(args.junit)} shards, {len(seen)} tests with a result, {len(expected)} in the full run, "
          f"{len(missing)} missing, {len(fails)} not passed")
    for j in args.junit:
        n = sum(1 for v in seen.values() if v[0] == j)
        print(f"  {j}: {n} tests")
    fuzz_summary(args.fuzz_dir, True, errors, warnings)
    for w in warnings:
        print(f"regress-merge: warning: {w}")
    for e in errors:
        print(f"regress-merge: ERROR: {e}", file=sys.stderr)
    return 1 if errors else 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("--required", required=True)
    c.add_argument("--full", required=True)
    c.add_argument("--shard", required=True)
    c.add_argument("--junit", required=True)
    c.add_argument("--shared", default="")
    c.add_argument("--fuzz-dir", default="")
    c.add_argument("--complete", action="store_true", help="this run is the whole regression (not a shard)")
    m = sub.add_parser("merge")
    m.add_argument("--required", required=True)
    m.add_argument("--full", required=True)
    m.add_argument("--fuzz-dir", nargs="*", default=[])
    m.add_argument("junit", nargs="+")
    args = ap.parse_args()
    if args.cmd == "merge":
        return merge(args)

    full = listed(args.full)
    shard = listed(args.shard)
    req = required(args.required)
    res = junit(args.junit)
    shared = bool(args.shared) and os.path.isdir(os.path.join(args.shared, "pcaps"))
    errors, warnings = [], []

    for key in req:
        if key not in full:
            errors.append(f"required test {key[0]} {key[1]} is not built (compiled out or renamed)")
    to_run = [k for k, m in shard.items() if m]
    for key in to_run:
        if key not in res:
            errors.append(f"{key[0]} {key[1]}: selected for this run but has no result")
        elif res[key][0] == "skipped":
            errors.append(f"{key[0]} {key[1]}: skipped")
    ran = 0
    print("regress-check: required tests in this run:")
    for key in req:
        if key not in full or not shard.get(key, False):
            continue
        status, secs, out = res.get(key, ("missing", 0.0, ""))
        skipped_lines = [l for l in out.splitlines() if "skipping" in l or "skipped:" in l]
        note = ""
        if skipped_lines:
            note = f" (printed: {skipped_lines[0].strip()})"
            if shared:
                errors.append(f"{key[0]} {key[1]} returned early although the shared captures are present{note}")
            else:
                warnings.append(f"{key[0]} {key[1]}: part of it skipped, no shared captures{note}")
        print(f"  {status:7} {secs:8.1f} s  {key[0]} {key[1]}{note}")
        ran += status == "pass"
    fails = [k for k in to_run if res.get(k, ("",))[0] == "fail"]
    print(f"regress-check: {len(to_run)} tests selected, {sum(1 for k in to_run if k in res)} with a result, "
          f"{len(fails)} failed; {ran} required tests passed")
    fuzz_summary(args.fuzz_dir, args.complete, errors, warnings)
    for w in warnings:
        print(f"regress-check: warning: {w}")
    for e in errors:
        print(f"regress-check: ERROR: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
