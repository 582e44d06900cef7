#!/usr/bin/env python3
"""RTL coverage per module from a Verilator coverage.dat (merged with
`verilator_coverage --write`).

  coverage_report.py merged.dat --out out/coverage [--line-goal 95] [--toggle-goal 85] [--no-fail]

Line coverage: Verilator's v_line points (blocks, if/else/case arms), a
point covered when its count is > 0; the uncovered ones are listed with
their source lines. Toggle coverage: v_toggle points (each bit of each
signal, both directions). Points of several instances of a module are added
up (a point counts as covered when any instance covered it). Writes
report.md and report.json to --out; exits 1 when a module misses a goal
(unless --no-fail).
"""
import argparse
import json
import os
import re
import sys


def parse(path):
    """[(fields, count)] of the C lines of a coverage.dat."""
    pts = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"C '(.*)' (\d+)\s*$", line)
            if not m:
                continue
            fields = {}
            for kv in m.group(1).split("\x01"):
                if "\x02" in kv:
                    k, v = kv.split("\x02", 1)
                    fields[k] = v
            pts.append((fields, int(m.group(2))))
    return pts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dat")
    ap.add_argument("--out", required=True)
    ap.add_argument("--line-goal", type=float, default=95.0)
    ap.add_argument("--toggle-goal", type=float, default=85.0)
    ap.add_argument("--no-fail", action="store_true")
    args = ap.parse_args()

    merged = {}
    for fields, count in parse(args.dat):
        page = fields.get("page", "")
        kind, _, module = page.partition("/")
        # Verilator names parameterised modules nic_csr__R10 etc.: report the source module.
        module = re.sub(r"__[A-Z]+\d+$", "", module)
        kind = {"v_line": "line", "v_toggle": "toggle", "v_branch": "line"}.get(kind, kind)
        key = (kind, module, fields.get("f", ""), fields.get("l", ""), fields.get("n", ""), fields.get("o", ""))
        m = merged.setdefault(key, [0, fields.get("S", "")])
        m[0] += count
    mods = {}
    uncovered = {}
    for (kind, module, f, l, n, o), (count, lines) in merged.items():
        s = mods.setdefault(module, {"file": f, "line": [0, 0], "toggle": [0, 0]})
        if kind not in ("line", "toggle"):
            continue
        s[kind][1] += 1
        if count > 0:
            s[kind][0] += 1
        elif kind == "line":
            uncovered.setdefault(module, []).append((int(l or 0), o, lines, f))
    pct = lambda hit, tot: 100.0 * hit / tot if tot else 100.0
    rows, fails, report = [], [], {"goals": {"line": args.line_goal, "toggle": args.toggle_goal}, "modules": {}}
    for module in sorted(mods):
        s = mods[module]
        lp, tp = pct(*s["line"]), pct(*s["toggle"])
        ok = lp >= args.line_goal and tp >= args.toggle_goal
        if not ok:
            fails.append(module)
        rows.append(f"| {module} | {s['line'][0]}/{s['line'][1]} | {lp:.1f} % | {s['toggle'][0]}/{s['toggle'][1]} | "
                    f"{tp:.1f} % | {'met' if ok else 'NOT met'} |")
        report["modules"][module] = {"file": s["file"], "line_hit": s["line"][0], "line_total": s["line"][1],
                                     "line_pct": round(lp, 2), "toggle_hit": s["toggle"][0],
                                     "toggle_total": s["toggle"][1], "toggle_pct": round(tp, 2), "goals_met": ok}
    tl = [sum(m["line"][i] for m in mods.values()) for i in (0, 1)]
    tt = [sum(m["toggle"][i] for m in mods.values()) for i in (0, 1)]
    md = [f"# RTL coverage ({os.path.basename(args.dat)})", "",
          f"Goals per module: line >= {args.line_goal:g} %, toggle >= {args.toggle_goal:g} %.", "",
          "| module | line points | line | toggle points | toggle | goals |", "|---|---:|---:|---:|---:|---|"]
    md += rows
    md.append(f"| **all** | {tl[0]}/{tl[1]} | {pct(*tl):.1f} % | {tt[0]}/{tt[1]} | {pct(*tt):.1f} % | |")
    md += ["", "## Uncovered line points", ""]
    src_cache = {}
    for module in sorted(uncovered):
        md.append(f"### {module}")
        md.append("")
        for l, o, lines, f in sorted(uncovered[module]):
            if f not in src_cache:
                try:
                    with open(f, encoding="utf-8", errors="replace") as fh:
                        src_cache[f] = fh.read().splitlines()
                except OSError:
                    src_cache[f] = []
            text = src_cache[f][l - 1].strip() if 0 < l <= len(src_cache[f]) else ""
            md.append(f"- `{f}:{l}` {o} (lines {lines or l}): `{text[:100]}`")
        md.append("")
    report["all"] = {"line_pct": round(pct(*tl), 2), "toggle_pct": round(pct(*tt), 2)}
    report["uncovered_lines"] = {m: [f"{f}:{l} {o}" for l, o, _, f in sorted(v)] for m, v in uncovered.items()}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    print("\n".join(md[:len(rows) + 8]))
    print(f"coverage: report in {args.out}/report.md ({sum(len(v) for v in uncovered.values())} uncovered line points listed)")
    if fails:
        print(f"coverage: goals not met by: {', '.join(fails)}", file=sys.stderr)
        return 0 if args.no_fail else 1
    print("coverage: every module meets the goals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
