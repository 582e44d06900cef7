#!/usr/bin/env python3
"""RTL coverage per module from a Verilator coverage.dat (merged with
`verilator_coverage --write`).

  coverage_report.py merged.dat --out out/coverage [--line-goal 95] [--toggle-goal 85]
                     [--exclusions .ci/coverage_exclusions.txt] [--no-fail]

Line coverage: Verilator's v_line points (blocks, if/else/case arms), a
point covered when its count is > 0; the uncovered ones are listed with
their source lines. Toggle coverage: v_toggle points (each bit of each
signal, both directions). Points of several instances of a module are added
up (a point counts as covered when any instance covered it). Writes
report.md and report.json to --out; exits 1 when a module misses a goal
(unless --no-fail), naming the module.

Exclusions (--exclusions FILE, one rule a line, `#` comments):

  toggle <module> <signal>[msb:lsb] | <reason>
  toggle <module> <signal>[msb:lsb]/<w> | <reason>
  line   <module> /<regex>/[@<arm>] | <reason>

<module> and <signal> are shell-style globs (`nic_*`, `cfg_q_*`); a toggle
rule without a bit range takes every bit of the signal; the range applies to
the signal's last index (its bit), so `cfg_q_base[63:48]` takes bits 63..48
of every queue's entry. `/<w>` is for a packed array of w-bit fields
flattened into one vector (`cfg_q_len`, 16 x 14 bits): the range is then
the bit within each field, so `cfg_q_len[13]/14` takes bit 13 of every
queue's length. A line rule takes the line points whose source line
matches the regex (by text, not by number, so it survives edits above it);
`@if`, `@else`, `@elsif`, `@case`, `@block` takes only that arm of the line.
A reason is required. Excluded points leave both the hit and the total
count; the report prints each rule with its reason and how many points it
took. An excluded point that was hit is reported (the rule says the point
is unreachable, so the rule is wrong) and makes the run fail; a rule that
takes no point is reported as stale.
"""
import argparse
import fnmatch
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


class Rule:
    def __init__(self, kind, module, pattern, reason, where):
        self.kind, self.module, self.pattern, self.reason, self.where = kind, module, pattern, reason, where
        self.points = 0
        self.hit = []
        if kind == "toggle":
            m = re.fullmatch(r"([^\[\]/]+)(?:\[(\d+)(?::(\d+))?\](?:/(\d+))?)?", pattern)
            if not m:
                raise ValueError(f"{where}: toggle pattern must be signal, signal[msb:lsb] or signal[msb:lsb]/w, "
                                 f"got {pattern!r}")
            self.signal = m[1]
            self.field = int(m[4]) if m[4] else None
            if self.field == 0:
                raise ValueError(f"{where}: field width must be > 0")
            hi = int(m[2]) if m[2] is not None else None
            lo = int(m[3]) if m[3] is not None else hi
            self.bits = None if hi is None else (min(hi, lo), max(hi, lo))
        else:
            m = re.fullmatch(r"/(.+)/(?:@(\w+))?", pattern)
            if not m:
                raise ValueError(f"{where}: line pattern must be /regex/ or /regex/@arm, got {pattern!r}")
            self.regex = re.compile(m[1])
            self.arm = m[2]

    def matches(self, kind, module, name, text):
        if kind != self.kind or not fnmatch.fnmatchcase(module, self.module):
            return False
        if kind == "line":
            return self.regex.search(text) is not None and (self.arm is None or self.arm == name)
        # Toggle point names: sig, sig[bit], sig[i][bit] (unpacked index first).
        m = re.fullmatch(r"(.*?)((?:\[\d+\])*)", name)
        if not fnmatch.fnmatchcase(m[1], self.signal):
            return False
        if self.bits is None:
            return True
        idx = re.findall(r"\d+", m[2])
        if not idx:
            return False
        bit = int(idx[-1]) % self.field if self.field else int(idx[-1])
        return self.bits[0] <= bit <= self.bits[1]

    def __str__(self):
        return f"{self.kind} {self.module} {self.pattern}"


def load_rules(path):
    rules = []
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if not line:
                continue
            where = f"{path}:{no}"
            rule, bar, reason = line.partition("|")
            parts = rule.split(None, 2)  # the pattern (a line regex) may hold spaces
            parts[2:] = [p.strip() for p in parts[2:]]
            if not bar or not reason.strip():
                raise ValueError(f"{where}: every exclusion needs a reason after '|': {raw.strip()!r}")
            if len(parts) != 3 or parts[0] not in ("toggle", "line"):
                raise ValueError(f"{where}: expected 'toggle|line <module> <pattern> | <reason>': {raw.strip()!r}")
            rules.append(Rule(parts[0], parts[1], parts[2], reason.strip(), where))
    return rules


def source_line(cache, f, l):
    if f not in cache:
        try:
            with open(f, encoding="utf-8", errors="replace") as fh:
                cache[f] = fh.read().splitlines()
        except OSError:
            cache[f] = []
    return cache[f][l - 1].strip() if 0 < l <= len(cache[f]) else ""


def bit_ranges(bits):
    """'[3:0] [7]' from a list of bit suffixes like '[3]', '[2][5]'."""
    groups = {}
    for b in bits:
        idx = re.findall(r"\d+", b)
        if not idx:
            groups.setdefault("", [])
            continue
        groups.setdefault("".join(f"[{i}]" for i in idx[:-1]), []).append(int(idx[-1]))
    out = []
    for prefix in sorted(groups):
        xs = sorted(set(groups[prefix]))
        if not xs:
            out.append(prefix or "(1 bit)")
            continue
        runs, start = [], xs[0]
        for a, b in zip(xs, xs[1:] + [None]):
            if b != a + 1:
                runs.append(f"[{a}:{start}]" if a != start else f"[{a}]")
                if b is not None:
                    start = b
        out.append(prefix + "".join(reversed(runs)))
    return " ".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dat")
    ap.add_argument("--out", required=True)
    ap.add_argument("--line-goal", type=float, default=95.0)
    ap.add_argument("--toggle-goal", type=float, default=85.0)
    ap.add_argument("--exclusions", help="rules of points excluded, with their reasons (see above)")
    ap.add_argument("--no-fail", action="store_true")
    args = ap.parse_args()
    try:
        rules = load_rules(args.exclusions) if args.exclusions else []
    except (OSError, ValueError) as e:
        print(f"coverage: bad exclusions: {e}", file=sys.stderr)
        return 2
    src_cache = {}

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
    untoggled = {}
    for (kind, module, f, l, n, o), (count, lines) in merged.items():
        s = mods.setdefault(module, {"file": f, "line": [0, 0], "toggle": [0, 0], "excluded": 0})
        if kind not in ("line", "toggle"):
            continue
        text = source_line(src_cache, f, int(l or 0)) if kind == "line" else ""
        rule = next((r for r in rules if r.matches(kind, module, o, text)), None)
        if rule:
            rule.points += 1
            s["excluded"] += 1
            if count > 0:
                rule.hit.append(f"{module} {f}:{l} {o}")
            continue
        s[kind][1] += 1
        if count > 0:
            s[kind][0] += 1
        elif kind == "line":
            uncovered.setdefault(module, []).append((int(l or 0), o, lines, f))
        else:
            m = re.fullmatch(r"(.*?)((?:\[\d+\])*)", o)
            untoggled.setdefault(module, {}).setdefault((m[1], f, int(l or 0)), []).append(m[2])
    pct = lambda hit, tot: 100.0 * hit / tot if tot else 100.0
    rows, fails, report = [], [], {"goals": {"line": args.line_goal, "toggle": args.toggle_goal}, "modules": {}}
    for module in sorted(mods):
        s = mods[module]
        lp, tp = pct(*s["line"]), pct(*s["toggle"])
        ok = lp >= args.line_goal and tp >= args.toggle_goal
        if not ok:
            fails.append(module)
        rows.append(f"| {module} | {s['line'][0]}/{s['line'][1]} | {lp:.1f} % | {s['toggle'][0]}/{s['toggle'][1]} | "
                    f"{tp:.1f} % | {s['excluded']} | {'met' if ok else 'NOT met'} |")
        report["modules"][module] = {"file": s["file"], "line_hit": s["line"][0], "line_total": s["line"][1],
                                     "line_pct": round(lp, 2), "toggle_hit": s["toggle"][0],
                                     "toggle_total": s["toggle"][1], "toggle_pct": round(tp, 2),
                                     "excluded": s["excluded"], "goals_met": ok}
    tl = [sum(m["line"][i] for m in mods.values()) for i in (0, 1)]
    tt = [sum(m["toggle"][i] for m in mods.values()) for i in (0, 1)]
    md = [f"# RTL coverage ({os.path.basename(args.dat)})", "",
          f"Goals per module: line >= {args.line_goal:g} %, toggle >= {args.toggle_goal:g} %.", "",
          "| module | line points | line | toggle points | toggle | excluded | goals |",
          "|---|---:|---:|---:|---:|---:|---|"]
    md += rows
    ex = sum(m["excluded"] for m in mods.values())
    md.append(f"| **all** | {tl[0]}/{tl[1]} | {pct(*tl):.1f} % | {tt[0]}/{tt[1]} | {pct(*tt):.1f} % | {ex} | |")
    summary_len = len(md)
    if rules:
        md += ["", f"## Excluded ({args.exclusions})", "",
               "| rule | points | reason |", "|---|---:|---|"]
        for r in rules:
            flag = " **(stale: matches nothing)**" if r.points == 0 else ""
            flag += f" **(HIT {len(r.hit)}: not unreachable)**" if r.hit else ""
            md.append(f"| `{r}` | {r.points}{flag} | {r.reason} |")
    md += ["", "## Uncovered line points", ""]
    for module in sorted(uncovered):
        md.append(f"### {module}")
        md.append("")
        for l, o, lines, f in sorted(uncovered[module]):
            text = source_line(src_cache, f, l)
            md.append(f"- `{f}:{l}` {o} (lines {lines or l}): `{text[:100]}`")
        md.append("")
    md += ["## Signals with bits never toggled", ""]
    for module in sorted(untoggled):
        md.append(f"### {module}")
        md.append("")
        for (sig, f, l), bits in sorted(untoggled[module].items(), key=lambda kv: kv[0][2]):
            md.append(f"- `{f}:{l}` `{sig}` {len(bits)}: {bit_ranges(bits)}")
        md.append("")
    report["all"] = {"line_pct": round(pct(*tl), 2), "toggle_pct": round(pct(*tt), 2)}
    report["uncovered_lines"] = {m: [f"{f}:{l} {o}" for l, o, _, f in sorted(v)] for m, v in uncovered.items()}
    report["untoggled"] = {m: {sig: bit_ranges(b) for (sig, _, _), b in v.items()} for m, v in untoggled.items()}
    report["excluded"] = [{"rule": str(r), "reason": r.reason, "points": r.points, "hit": r.hit} for r in rules]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    print("\n".join(md[:summary_len]))
    if rules:
        print(f"\ncoverage: {ex} points excluded by {len(rules)} rules of {args.exclusions}:")
        for r in rules:
            print(f"  {r.points:5d}  {r}  -- {r.reason}")
            if r.points == 0:
                print(f"         warning: {r.where}: matches no point (stale rule?)")
    print(f"coverage: report in {args.out}/report.md ({sum(len(v) for v in uncovered.values())} uncovered line points listed)")
    bad = [r for r in rules if r.hit]
    for r in bad:
        print(f"coverage: {r.where}: excluded as unreachable, but hit: {', '.join(r.hit[:5])}"
              f"{' ...' if len(r.hit) > 5 else ''}", file=sys.stderr)
    if fails:
        for module in fails:
            s = mods[module]
            miss = []
            if pct(*s["line"]) < args.line_goal:
                miss.append(f"line {pct(*s['line']):.1f} % < {args.line_goal:g} %")
            if pct(*s["toggle"]) < args.toggle_goal:
                miss.append(f"toggle {pct(*s['toggle']):.1f} % < {args.toggle_goal:g} %")
            print(f"coverage: {module} misses its goals: {', '.join(miss)}", file=sys.stderr)
        print(f"coverage: goals not met by: {', '.join(fails)}", file=sys.stderr)
    if fails or bad:
        return 0 if args.no_fail else 1
    print("coverage: every module meets the goals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
