#!/usr/bin/env python3
"""Score a static analyser's findings (Python, JavaScript/TypeScript) against a public annotated test suite.

usage:
  code_quality.py --suite-dir DIR --expect FILE.json --tool {secscan,bandit,ruff,eslint} --results FILE
                  [--json] [--by-file] [--owasp-only] [--slack N] [--list]
  code_quality.py --compare SCORE.json...      (outputs of --json for one suite, printed side by side)

The suites (semgrep-rules' Python and JavaScript/TypeScript security tests, bandit's examples, the OWASP Benchmark for Python) are
public third-party material. They are fetched for evaluation only, next to the repository (never inside it),
and are never committed; neither are the expectation files or any tool output. bench/code-quality.sh runs the
tools and this script over every suite that is present.

--expect is a normalised expectation file, one of three shapes (detected from its records):
  * line annotations (semgrep-rules): [{file, line, kind: ruleid|ok|todoruleid|todook, rule, cwe: [int],
    owasp: [str], cwe_extra?: [int]}], `line` being the 1-based line that must (ruleid) or must not (ok) be
    flagged, cwe_extra a correction where the rule's own CWE metadata names another weakness;
  * per-file counts (bandit's functional tests): [{file, expected_total, scored, ...}];
  * per-test verdicts (OWASP Benchmark): [{file, vulnerable: bool, category, cwe: [int]}].
--results is the tool's own JSON output, with paths relative to --suite-dir or absolute:
  * secscan: secscan-report.json, issues[].file_path / line_number / rule_id / cwe ["CWE-78"] / owasp;
  * bandit:  `bandit -r DIR -f json`, results[].filename / line_number / test_id / issue_cwe.id;
  * ruff:    `ruff check --isolated --select S --output-format json DIR`, [].filename / location.row / code.
    Ruff reports no CWE: an S-rule takes the CWE of the bandit test of the same number (S602 -> B602).

Scoring
  Line annotations: a `ruleid` line is found when the tool reports any finding on that line (rule-agnostic);
  the strict variant also needs one of that line's findings to share a CWE with the annotated rule (a finding
  or rule without a CWE counts as sharing). An `ok` line is a false positive when a finding is on it (strict:
  a finding sharing the rule's CWE). Recall = found / ruleid lines; FP rate = flagged / ok lines. todo* lines
  (engine limitations the suite itself admits, and `deepruleid:` lines that need inter-file analysis) are
  reported apart and left out of the main figures. Findings on unannotated lines are counted, not scored.
  Per-file counts: per example file, the tool's number of findings against the expected number.
  OWASP Benchmark: the BenchmarkUtils scorer (BenchmarkScore.analyze/compare, TestCaseResult numbering by
  file name): a result belongs to test N when its file name starts with BenchmarkTest and carries number N;
  a test is flagged when any result for it has exactly the test's expected CWE (a CWE-89 result also counts
  for an expected CWE-564); a real vulnerability flagged is a TP, else an FN; a false one flagged is an FP,
  else a TN. Per category TPR = TP/(TP+FN), FPR = FP/(FP+TN), score = TPR - FPR; the overall figures are the
  unweighted averages over categories (so overall score = average TPR - average FPR). BenchmarkUtils takes
  one CWE per result (the first CWE tag of its rule); a secscan issue listing several CWEs counts when any
  of them matches. An "any CWE" column (any finding in the file) is printed for diagnosis only.

Python 3 standard library only.

The tool modes read: secscan's JSON report, bandit's and ruff's JSON, and
  * eslint:  `eslint -f json ...` with eslint-plugin-security, [].filePath / messages[].line / ruleId. Only
    messages whose ruleId starts with "security/" are findings; parse errors (fatal, ruleId null) and other rules
    are counted and reported on standard error. Each eslint-plugin-security rule takes the CWE of ESLINT_CWE.
"""
import argparse
import json
import os
import re
import sys
from collections import defaultdict

# bandit test id -> CWE, as bandit 1.9 reports it in issue_cwe (ruff S-codes share the numbers). Used for ruff,
# and for bandit results that carry no issue_cwe (older bandit versions).
BANDIT_CWE = {
    "B101": 703, "B102": 78, "B103": 732, "B104": 605, "B105": 259, "B106": 259, "B107": 259, "B108": 377,
    "B110": 703, "B112": 703, "B113": 400, "B201": 94, "B202": 22,
    "B301": 502, "B302": 502, "B303": 327, "B304": 327, "B305": 327, "B306": 377, "B307": 78, "B308": 79,
    "B310": 22, "B311": 330, "B312": 319, "B313": 20, "B314": 20, "B315": 20, "B316": 20, "B317": 20,
    "B318": 20, "B319": 20, "B320": 20, "B321": 319, "B323": 295, "B324": 327, "B325": 377,
    "B401": 319, "B402": 319, "B403": 502, "B404": 78, "B405": 20, "B406": 20, "B407": 20, "B408": 20,
    "B409": 20, "B410": 20, "B411": 20, "B412": 284, "B413": 327, "B415": 319,
    "B501": 295, "B502": 327, "B503": 327, "B504": 327, "B505": 326, "B506": 20, "B507": 295, "B508": 319,
    "B509": 319,
    "B601": 78, "B602": 78, "B603": 78, "B604": 78, "B605": 78, "B606": 78, "B607": 78, "B608": 89,
    "B609": 155, "B610": 89, "B611": 89, "B612": 94, "B613": 838, "B614": 502, "B615": 494,
    "B701": 94, "B702": 80, "B703": 80, "B704": 79,
}

# eslint-plugin-security rule -> CWE (the plugin's own docs name none; chosen for the weakness each rule flags)
ESLINT_CWE = {
    "detect-child-process": 78, "detect-eval-with-expression": 95, "detect-non-literal-fs-filename": 22,
    "detect-non-literal-regexp": 1333, "detect-object-injection": 915, "detect-possible-timing-attacks": 208,
    "detect-unsafe-regex": 1333, "detect-buffer-noassert": 119, "detect-new-buffer": 119,
    "detect-disable-mustache-escape": 79, "detect-no-csrf-before-method-override": 352,
    "detect-pseudoRandomBytes": 338, "detect-non-literal-require": 95, "detect-bidi-characters": 94,
    "detect-invisible-characters": 94,  # not in the brief's table; same trojan-source family as bidi
}

CWE_RE = re.compile(r"(\d+)")


def cwe_ints(values):
    out = set()
    for v in values or []:
        if isinstance(v, int):
            out.add(v)
        else:
            m = CWE_RE.search(str(v))
            if m:
                out.add(int(m.group(1)))
    return out


class Finding:
    __slots__ = ("cwe", "file", "line", "rule")

    def __init__(self, file, line, rule, cwe):
        self.file, self.line, self.rule, self.cwe = file, line, rule, cwe


def load_findings(tool, path, trace_lines=False):
    """-> list of Finding with the tool's raw file path (normalised later). With trace_lines, a secscan taint
    finding is also placed on each line of its trace (its source and the steps to the sink), as SARIF code
    flows show it: suites that annotate the line where untrusted data is read count it there."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    out = []
    if tool == "secscan":
        for i in data.get("issues", []):
            if not i.get("file_path"):
                continue
            out.append(Finding(i["file_path"], i.get("line_number"), i.get("rule_id", ""), cwe_ints(i.get("cwe"))))
            if trace_lines:
                for step in i.get("trace") or []:
                    if step.get("kind") in ("source", "step") and step.get("line") != i.get("line_number"):
                        out.append(Finding(i["file_path"], step.get("line"), i.get("rule_id", ""), cwe_ints(i.get("cwe"))))
    elif tool == "bandit":
        for r in data.get("results", []):
            tid = r.get("test_id", "")
            cwe = r.get("issue_cwe") or {}
            cw = {cwe["id"]} if isinstance(cwe, dict) and cwe.get("id") else set()
            if not cw and tid in BANDIT_CWE:
                cw = {BANDIT_CWE[tid]}
            out.append(Finding(r["filename"], r.get("line_number"), tid, cw))
    elif tool == "ruff":
        for r in data:
            code = r.get("code") or ""
            cw = set()
            if code.startswith("S") and code[1:].isdigit() and "B" + code[1:] in BANDIT_CWE:
                cw = {BANDIT_CWE["B" + code[1:]]}
            out.append(Finding(r["filename"], (r.get("location") or {}).get("row"), code, cw))
    elif tool == "eslint":
        fatal, other = 0, 0
        for r in data:
            for m in r.get("messages") or []:
                rid = m.get("ruleId") or ""
                if not rid.startswith("security/"):
                    if m.get("fatal") or not rid:
                        fatal += 1
                    else:
                        other += 1
                    continue
                short = rid.split("/", 1)[1]
                cw = {ESLINT_CWE[short]} if short in ESLINT_CWE else set()
                out.append(Finding(r["filePath"], m.get("line"), short, cw))
        print(f"eslint: {len(out)} eslint-plugin-security findings; {fatal} parse errors / messages without a rule"
              f" (files not analysed); {other} messages of other rules ignored", file=sys.stderr)
    else:
        raise SystemExit(f"unknown tool {tool}")
    return out


def normalise(findings, suite_dir, expected_files):
    """Make every finding's path relative to the suite root (posix separators). Paths that are neither absolute
    under the suite nor relative to it are matched to an expected file by suffix."""
    root = os.path.realpath(suite_dir)
    by_suffix = sorted(expected_files, key=len, reverse=True)
    unmatched = 0
    for f in findings:
        p = f.file.replace("\\", "/")
        cands = []
        if os.path.isabs(p):
            cands.append(os.path.relpath(os.path.realpath(p), root))
        else:
            cands.append(os.path.normpath(p))
            cands.append(os.path.relpath(os.path.realpath(p), root))  # relative to the current directory
        rel = None
        for c in cands:
            c = c.replace(os.sep, "/")
            if not c.startswith("../") and c in expected_files:
                rel = c
                break
        if rel is None:
            for e in by_suffix:
                if p.endswith("/" + e) or p == e:
                    rel = e
                    break
        if rel is None:
            rel = cands[0].replace(os.sep, "/")
            unmatched += 1
        f.file = rel
    return unmatched


def pct(n, d):
    return 100.0 * n / d if d else 0.0


def fmt_table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in
                               enumerate(zip(r, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


# ---------------------------------------------------------------------------------------------------------------
# line-annotated suites (semgrep-rules)


def score_lines(expect, findings, by_file=False, owasp_only=False, slack=0):
    if owasp_only:
        expect = [e for e in expect if e.get("owasp")]
    at = defaultdict(list)
    for f in findings:
        if f.line:
            at[(f.file, int(f.line))].append(f)
    ruleid_lines = {(e["file"], e["line"]) for e in expect if e["kind"] in ("ruleid", "todoruleid")}
    annotated = {(e["file"], e["line"]) for e in expect}
    files = {e["file"] for e in expect}

    def strict_hit(e, fs):
        rc = set(e.get("cwe") or []) | set(e.get("cwe_extra") or [])
        return any(not rc or not f.cwe or (rc & f.cwe) for f in fs)

    groups = defaultdict(lambda: defaultdict(int))
    misses, fps = [], []
    skipped_ok = 0
    for e in expect:
        key = e["file"] if by_file else os.path.dirname(e["file"])
        fs = at.get((e["file"], e["line"]), [])
        g, tot = groups[key], groups["__total__"]
        k = e["kind"]
        if k == "ok" and (e["file"], e["line"]) in ruleid_lines:
            skipped_ok += 1  # the same line is also expected to be flagged for another rule
            continue
        for bucket in (g, tot):
            bucket[k] += 1
            if fs:
                bucket[k + "_any"] += 1
            if fs and strict_hit(e, fs):
                bucket[k + "_cwe"] += 1
            if slack and any(at.get((e["file"], e["line"] + d)) for d in range(slack + 1)):
                bucket[k + "_slack"] += 1
        if k == "ruleid" and not fs:
            misses.append(f"{e['file']}:{e['line']} {e['rule']}")
        if k == "ok" and fs:
            fps.append(f"{e['file']}:{e['line']} {e['rule']} <- {','.join(sorted({f.rule for f in fs}))}")
    tot = groups.pop("__total__")
    in_files = [f for f in findings if f.file in files]
    off = sum(1 for f in in_files if (f.file, int(f.line or 0)) not in annotated)

    def summary(b):
        return {
            "ruleid": b["ruleid"], "found": b["ruleid_any"], "found_cwe": b["ruleid_cwe"],
            "recall": round(pct(b["ruleid_any"], b["ruleid"]), 1),
            "recall_cwe": round(pct(b["ruleid_cwe"], b["ruleid"]), 1),
            "ok": b["ok"], "fp": b["ok_any"], "fp_cwe": b["ok_cwe"],
            "fp_rate": round(pct(b["ok_any"], b["ok"]), 1), "fp_rate_cwe": round(pct(b["ok_cwe"], b["ok"]), 1),
            "todoruleid": b["todoruleid"], "todoruleid_found": b["todoruleid_any"],
            "todook": b["todook"], "todook_flagged": b["todook_any"],
            "recall_slack": round(pct(b["ruleid_slack"], b["ruleid"]), 1) if slack else None,
        }

    return {
        "kind": "line-annotations",
        "overall": summary(tot),
        "groups": {k: summary(v) for k, v in sorted(groups.items())},
        "slack": slack, "findings_total": len(findings), "findings_in_annotated_files": len(in_files),
        "findings_on_unannotated_lines": off, "ok_lines_skipped_as_also_ruleid": skipped_ok,
        "missed": misses, "false_positives": fps,
    }


def print_lines(res, tool):
    o = res["overall"]
    print(f"{tool}: line-annotated suite  ruleid lines {o['ruleid']}, ok lines {o['ok']}")
    rows = []
    for name, s in list(res["groups"].items()) + [("TOTAL", o)]:
        rows.append([name, s["ruleid"], f"{s['recall']:.1f}", f"{s['recall_cwe']:.1f}", s["ok"],
                     f"{s['fp_rate']:.1f}", f"{s['fp_rate_cwe']:.1f}", f"{s['todoruleid_found']}/{s['todoruleid']}",
                     f"{s['todook_flagged']}/{s['todook']}"])
    print(fmt_table(rows, ["group", "ruleid", "recall%", "recall%cwe", "ok", "fp%", "fp%cwe", "todoid", "todook"]))
    print(f"recall {o['recall']:.1f}% ({o['found']}/{o['ruleid']}), with CWE {o['recall_cwe']:.1f}%; "
          f"FP rate on ok lines {o['fp_rate']:.1f}% ({o['fp']}/{o['ok']}), with CWE {o['fp_rate_cwe']:.1f}%; "
          f"todo: ruleid {o['todoruleid_found']}/{o['todoruleid']} found, todook {o['todook_flagged']}/{o['todook']}"
          f" flagged; findings on unannotated lines {res['findings_on_unannotated_lines']}"
          f" of {res['findings_in_annotated_files']}")
    if res["slack"]:
        print(f"recall counting a finding up to {res['slack']} lines below the annotated line: {o['recall_slack']:.1f}%")


# ---------------------------------------------------------------------------------------------------------------
# per-file counts (bandit examples)


def score_counts(expect, findings):
    n = defaultdict(int)
    for f in findings:
        n[f.file] += 1
    rows = []
    t = defaultdict(int)
    for e in expect:
        if not e.get("scored", True):
            continue
        exp, got = e["expected_total"], n.get(e["file"], 0)
        rows.append({"file": e["file"], "expected": exp, "reported": got})
        if exp:
            t["files_vulnerable"] += 1
            t["files_detected"] += got > 0
            t["expected"] += exp
            t["credited"] += min(exp, got)
            t["over"] += max(0, got - exp)
        else:
            t["files_clean"] += 1
            t["files_clean_flagged"] += got > 0
            t["over"] += got
        t["exact"] += exp == got
    t = dict(t)
    t["files"] = len(rows)
    t["file_recall"] = round(pct(t.get("files_detected", 0), t.get("files_vulnerable", 0)), 1)
    t["count_recall"] = round(pct(t.get("credited", 0), t.get("expected", 0)), 1)
    return {"kind": "file-counts", "overall": t, "files": rows}


def print_counts(res, tool):
    o = res["overall"]
    print(f"{tool}: per-file expected counts  ({o['files']} example files)")
    off = [r for r in res["files"] if r["expected"] != r["reported"]]
    if off:
        print(fmt_table([[r["file"], r["expected"], r["reported"]] for r in off], ["file (count differs)", "expected", "reported"]))
    print(f"files with expected findings detected {o.get('files_detected', 0)}/{o.get('files_vulnerable', 0)} "
          f"({o['file_recall']:.1f}%); findings credited {o.get('credited', 0)}/{o.get('expected', 0)} "
          f"({o['count_recall']:.1f}%); clean files flagged {o.get('files_clean_flagged', 0)}/{o.get('files_clean', 0)};"
          f" surplus findings {o.get('over', 0)}; exact count {o.get('exact', 0)}/{o['files']}")


# ---------------------------------------------------------------------------------------------------------------
# OWASP Benchmark


TEST_RE = re.compile(r"^BenchmarkTest(\d+)")


def score_benchmark(expect, findings):
    by_test = defaultdict(list)
    for f in findings:
        m = TEST_RE.match(os.path.basename(f.file))
        if m:
            by_test[int(m.group(1))].append(f)
    cats = defaultdict(lambda: defaultdict(int))
    for e in expect:
        m = TEST_RE.match(os.path.basename(e["file"]))
        fs = by_test.get(int(m.group(1)), []) if m else []
        want = set(e["cwe"])
        if 564 in want:
            want.add(89)
        flagged = any(f.cwe & want for f in fs)
        c = cats[e["category"]]
        if e["vulnerable"]:
            c["tp" if flagged else "fn"] += 1
            c["tp_any" if fs else "fn_any"] += 1
        else:
            c["fp" if flagged else "tn"] += 1
            c["fp_any" if fs else "tn_any"] += 1
    out = {}
    for name, c in sorted(cats.items()):
        tpr = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        fpr = c["fp"] / (c["fp"] + c["tn"]) if c["fp"] + c["tn"] else 0.0
        tpr_a = c["tp_any"] / (c["tp_any"] + c["fn_any"]) if c["tp_any"] + c["fn_any"] else 0.0
        fpr_a = c["fp_any"] / (c["fp_any"] + c["tn_any"]) if c["fp_any"] + c["tn_any"] else 0.0
        out[name] = {"cwe": sorted({x for e in expect if e["category"] == name for x in e["cwe"]}),
                     "tests": sum(c[k] for k in ("tp", "fn", "fp", "tn")),
                     "tp": c["tp"], "fn": c["fn"], "tn": c["tn"], "fp": c["fp"],
                     "tpr": round(100 * tpr, 1), "fpr": round(100 * fpr, 1), "score": round(100 * (tpr - fpr), 1),
                     "tpr_any_cwe": round(100 * tpr_a, 1), "fpr_any_cwe": round(100 * fpr_a, 1)}
    n = len(out) or 1
    avg = lambda k: round(sum(v[k] for v in out.values()) / n, 1)
    overall = {"categories": len(out), "tests": sum(v["tests"] for v in out.values()),
               "tpr": avg("tpr"), "fpr": avg("fpr"), "score": round(avg("tpr") - avg("fpr"), 1),
               "tp": sum(v["tp"] for v in out.values()), "fp": sum(v["fp"] for v in out.values()),
               "fn": sum(v["fn"] for v in out.values()), "tn": sum(v["tn"] for v in out.values()),
               "tpr_any_cwe": avg("tpr_any_cwe"), "fpr_any_cwe": avg("fpr_any_cwe")}
    return {"kind": "benchmark", "overall": overall, "categories": out}


def print_benchmark(res, tool):
    rows = [[k, "/".join(map(str, v["cwe"])), v["tests"], v["tp"], v["fn"], v["tn"], v["fp"], f"{v['tpr']:.1f}",
             f"{v['fpr']:.1f}", f"{v['score']:.1f}", f"{v['tpr_any_cwe']:.0f}/{v['fpr_any_cwe']:.0f}"]
            for k, v in res["categories"].items()]
    o = res["overall"]
    rows.append(["AVERAGE", "", o["tests"], o["tp"], o["fn"], o["tn"], o["fp"], f"{o['tpr']:.1f}", f"{o['fpr']:.1f}",
                 f"{o['score']:.1f}", f"{o['tpr_any_cwe']:.0f}/{o['fpr_any_cwe']:.0f}"])
    print(f"{tool}: OWASP Benchmark ({o['tests']} tests, {o['categories']} categories; rates in %)")
    print(fmt_table(rows, ["category", "cwe", "tests", "TP", "FN", "TN", "FP", "TPR", "FPR", "TPR-FPR",
                           "anyCWE TPR/FPR"]))


def headline(res):
    """The few figures that sum up one tool on one suite, for side-by-side printing."""
    o = res["overall"]
    if res["kind"] == "line-annotations":
        rows = [("recall %", o["recall"]), ("recall % (CWE)", o["recall_cwe"])]
        if res.get("slack"):
            rows.append((f"recall % (+{res['slack']} lines)", o["recall_slack"]))
        return rows + [("FP % on ok lines", o["fp_rate"]), ("FP % on ok lines (CWE)", o["fp_rate_cwe"]),
                       ("todoruleid found", o["todoruleid_found"]),
                       ("findings off annotated lines", res["findings_on_unannotated_lines"])]
    if res["kind"] == "file-counts":
        return [("files detected %", o["file_recall"]), ("findings credited %", o["count_recall"]),
                ("clean files flagged", o.get("files_clean_flagged", 0)), ("surplus findings", o.get("over", 0))]
    rows = [("avg TPR %", o["tpr"]), ("avg FPR %", o["fpr"]), ("score (TPR-FPR)", o["score"])]
    rows += [(f"  {k} TPR-FPR", v["score"]) for k, v in res["categories"].items()]
    return rows


def compare(paths):
    """Print several `--json` outputs (one per tool, same suite) side by side."""
    results = []
    for p in paths:
        try:
            with open(p, encoding="utf-8") as fh:
                results.append(json.load(fh))
        except (OSError, ValueError):
            continue
    if not results:
        print("  no results")
        return 0
    names = [r["tool"] for r in results]
    cols = [dict(headline(r)) for r in results]
    keys = [k for k, _ in headline(results[0])]
    rows = [[k] + [f"{c[k]:.1f}" if isinstance(c.get(k), float) else str(c.get(k, "-")) for c in cols]
            for k in keys]
    print(fmt_table(rows, ["metric"] + names))
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--compare":
        return compare(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="code_quality.py --compare A.json B.json ...: print --json outputs side by side")
    ap.add_argument("--suite-dir", required=True)
    ap.add_argument("--expect", required=True)
    ap.add_argument("--tool", required=True, choices=["secscan", "bandit", "ruff", "eslint"])
    ap.add_argument("--results", required=True)
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    ap.add_argument("--by-file", action="store_true", help="line suites: group by rule file, not folder")
    ap.add_argument("--owasp-only", action="store_true",
                    help="line suites: only annotations whose rule carries OWASP metadata")
    ap.add_argument("--list", action="store_true", help="line suites: list missed ruleid and flagged ok lines")
    ap.add_argument("--slack", type=int, default=0, metavar="N",
                    help="line suites: also report recall crediting a finding up to N lines below a ruleid line "
                         "(some semgrep matches start at the taint source, a sink-reporting engine flags the sink)")
    ap.add_argument("--trace-lines", action="store_true",
                    help="secscan: a taint finding also counts on the lines of its trace (source and steps)")
    a = ap.parse_args(argv)
    with open(a.expect, encoding="utf-8") as fh:
        expect = json.load(fh)
    if not expect:
        raise SystemExit("empty expectation file")
    findings = load_findings(a.tool, a.results, a.trace_lines)
    unmatched = normalise(findings, a.suite_dir, {e["file"] for e in expect})
    first = expect[0]
    if "kind" in first:
        res = score_lines(expect, findings, a.by_file, a.owasp_only, a.slack)
        printer = print_lines
    elif "vulnerable" in first:
        res = score_benchmark(expect, findings)
        printer = print_benchmark
    elif "expected_total" in first:
        res = score_counts(expect, findings)
        printer = print_counts
    else:
        raise SystemExit("unrecognised expectation file")
    res["tool"] = a.tool
    res["findings_outside_expected_files"] = unmatched
    if a.json:
        if not a.list:
            res.pop("missed", None)
            res.pop("false_positives", None)
        json.dump(res, sys.stdout, indent=1)
        print()
        return 0
    printer(res, a.tool)
    if a.list and res["kind"] == "line-annotations":
        print("missed ruleid lines:")
        print("\n".join("  " + m for m in res["missed"]) or "  none")
        print("flagged ok lines:")
        print("\n".join("  " + m for m in res["false_positives"]) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
