#!/usr/bin/env python3
"""Score secret scanners on the annotated corpus fixtures/secrets (corpus/ + expect.json).

usage:
  secrets_quality.py [--secscan BIN] [--gitleaks BIN] [--detect-secrets BIN] [--corpus fixtures/secrets]
                     [--only secscan,gitleaks,...] [--json OUT] [--details] [--keep DIR]
                     [--gitleaks-config FILE]

Each available tool scans a copy of corpus/ (a fresh git repository with one commit, in a temporary folder):
  * secscan:        BIN run DIR --engines secrets --no-history --format json --out-dir OUT --fail-on none
                    --min-score 0 -q, then OUT/secscan-report.json (issues[].file_path / line_number / rule_id);
  * gitleaks:       `gitleaks dir DIR` (8.19+) or `gitleaks detect --no-git --source DIR` (older), JSON report
                    ([].File / StartLine / RuleID);
  * detect-secrets: `detect-secrets scan --all-files .` in DIR (results{path: [{line_number, type}]}).
A tool not found prints "SKIPPED: <tool> not found". Defaults: secscan = target/release/secscan of this
repository, else `secscan` on PATH; the others are looked up on PATH.

Scoring is per line. expect.json lists
  "secrets": [{file, line, type, end_line?, span_start?}]
                                              a finding on `line` finds that secret; for a multi-line block
                                              (a private key) `line` is the BEGIN line and a finding anywhere
                                              in span_start|line .. end_line counts (span_start: the YAML
                                              `key: |` line that introduces an indented block);
  "ok":      [{file, line, note}]             look-alikes that must not be reported;
  "allowed": [{file, line, type, note}]       real-looking secrets carrying an inline allow comment
                                              (gitleaks:allow, pragma: allowlist secret, secscan: ignore[...]);
                                              they are scored as ok lines.
TP = secrets found (each expected secret once), FN = secrets not found, FP = distinct lines with a finding that
are not inside any expected secret (on ok lines, allowed lines or unlisted lines alike).
Recall = TP / (TP + FN), precision = TP / (TP + FP) where TP counts, for precision, the distinct flagged lines
inside expected secrets. Python 3 standard library only.
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TOOLS = ("secscan", "gitleaks", "detect-secrets")
# secrets recognised by where they are (a keyword, a URL's userinfo, a framework setting) rather than by a
# provider's token format; printed as a separate recall line
CONTEXT_TYPES = {"connection-string", "generic-password", "django-secret-key", "flask-secret-key",
                 "express-session-secret", "jwt-signing-key"}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid", "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}


class Skip(Exception):
    pass


def find_bin(explicit, name, default=None):
    if explicit:
        if os.path.isfile(explicit) and os.access(explicit, os.X_OK):
            return os.path.abspath(explicit)
        found = shutil.which(explicit)
        if found:
            return found
        return None
    if default and os.path.isfile(default) and os.access(default, os.X_OK):
        return default
    return shutil.which(name)


def run(cmd, cwd=None, timeout=900):
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise Skip(f"timed out after {timeout}s: {' '.join(cmd)}")
    return p, time.monotonic() - t0


def norm(path, root):
    """A tool's path -> path relative to the scanned root, with '/' separators."""
    path = path.replace("\\", "/")
    root_real = os.path.realpath(root).replace("\\", "/")
    if os.path.isabs(path):
        path = os.path.realpath(path).replace("\\", "/")
        if path.startswith(root_real + "/"):
            path = path[len(root_real) + 1:]
    else:
        for prefix in (root.replace("\\", "/").rstrip("/") + "/", root_real + "/"):
            path = path.removeprefix(prefix)
    while path.startswith("./"):
        path = path[2:]
    return path


def scan_secscan(binary, root, work):
    out = os.path.join(work, "secscan-out")
    cmd = [binary, "run", root, "--engines", "secrets", "--no-history", "--format", "json", "--out-dir", out,
           "--fail-on", "none", "--min-score", "0", "-q"]
    p, secs = run(cmd)
    report = os.path.join(out, "secscan-report.json")
    if not os.path.isfile(report):
        msg = (p.stderr or p.stdout).strip().splitlines()
        raise Skip(f"secscan exited {p.returncode} without a report: {msg[-1] if msg else ''}")
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    hits = []
    for issue in data.get("issues", []):
        engine = str(issue.get("engine") or "secrets").lower()
        if engine != "secrets":
            continue
        fp = issue.get("file_path") or issue.get("path") or ""
        hits.append((norm(fp, root), issue.get("line_number") or 0, str(issue.get("rule_id", ""))))
    return hits, secs, cmd


GITLEAKS_CONFIG = None


def scan_gitleaks(binary, root, work):
    report = os.path.join(work, "gitleaks.json")
    probe, _ = run([binary, "dir", "--help"])
    if probe.returncode == 0 and "dir" in (probe.stdout + probe.stderr).lower() and "unknown command" not in (
            probe.stdout + probe.stderr).lower():
        cmd = [binary, "dir", root, "--report-format", "json", "--report-path", report, "--no-banner",
               "--exit-code", "0", "--log-level", "error"]
    else:
        cmd = [binary, "detect", "--no-git", "--source", root, "--report-format", "json", "--report-path", report,
               "--no-banner", "--exit-code", "0", "--log-level", "error"]
    if GITLEAKS_CONFIG:
        cmd += ["--config", GITLEAKS_CONFIG]
    p, secs = run(cmd)
    if p.returncode != 0 or not os.path.isfile(report):
        raise Skip(f"gitleaks exited {p.returncode}: {(p.stderr or p.stdout).strip()[-300:]}")
    with open(report, encoding="utf-8") as f:
        data = json.load(f) or []
    hits = [(norm(r.get("File", ""), root), r.get("StartLine", 0), r.get("RuleID", "")) for r in data]
    return hits, secs, cmd


def scan_detect_secrets(binary, root, work):
    cmd = [binary, "scan", "--all-files", "."]
    p, secs = run(cmd, cwd=root)
    if p.returncode != 0:
        raise Skip(f"detect-secrets exited {p.returncode}: {p.stderr.strip()[-300:]}")
    data = json.loads(p.stdout)
    hits = []
    for path, results in data.get("results", {}).items():
        for r in results:
            hits.append((norm(path, root), r.get("line_number", 0), r.get("type", "")))
    return hits, secs, ["detect-secrets", "scan", "--all-files", "."]


SCANNERS = {"secscan": scan_secscan, "gitleaks": scan_gitleaks, "detect-secrets": scan_detect_secrets}


def prepare(corpus_dir, work):
    root = os.path.join(work, "corpus")
    shutil.copytree(corpus_dir, root, symlinks=True)
    env = dict(os.environ, **GIT_ENV)
    try:
        subprocess.run(["git", "init", "-q", root], check=True, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        subprocess.run(["git", "-C", root, "add", "-A"], check=True, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        subprocess.run(["git", "-C", root, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "corpus"], check=True,
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError):
        pass  # tools that need git will say so
    nfiles = 0
    for d, ds, fs in os.walk(root):
        ds[:] = [x for x in ds if x != ".git"]
        nfiles += len(fs)
    return root, nfiles


def score(expect, hits):
    prefix = "corpus/"
    secrets = expect["secrets"]
    span = {}  # (file, line) -> index of expected secret
    for i, s in enumerate(secrets):
        f = s["file"].removeprefix(prefix)
        for n in range(s.get("span_start", s["line"]), s.get("end_line", s["line"]) + 1):
            span[(f, n)] = i
    notes = {}
    for kind in ("ok", "allowed"):
        for r in expect.get(kind, []):
            f = r["file"].removeprefix(prefix)
            notes[(f, r["line"])] = (kind, r.get("note", ""))
    found = set()
    tp_lines, fp_lines = set(), {}
    for f, line, rule in hits:
        key = (f, line)
        if key in span:
            found.add(span[key])
            tp_lines.add(key)
        else:
            fp_lines.setdefault(key, set()).add(rule)
    per_type = defaultdict(lambda: [0, 0])
    for i, s in enumerate(secrets):
        per_type[s["type"]][1] += 1
        if i in found:
            per_type[s["type"]][0] += 1
    tp, fn, fp = len(found), len(secrets) - len(found), len(fp_lines)
    recall = tp / len(secrets) if secrets else 0.0
    precision = len(tp_lines) / (len(tp_lines) + fp) if tp_lines or fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    groups = {}
    for name, test in (("provider_tokens", lambda t: t not in CONTEXT_TYPES), ("context_secrets", lambda t: t in CONTEXT_TYPES)):
        f_, t_ = 0, 0
        for t, v in per_type.items():
            if test(t):
                f_ += v[0]
                t_ += v[1]
        groups[name] = {"found": f_, "total": t_, "recall": round(f_ / t_, 4) if t_ else 0.0}
    fp_kind = defaultdict(int)
    fp_list = []
    for key, rules in sorted(fp_lines.items()):
        kind, note = notes.get(key, ("unlisted", ""))
        fp_kind[kind] += 1
        fp_list.append({"file": key[0], "line": key[1], "kind": kind, "note": note, "rules": sorted(rules)})
    fn_list = [{"file": s["file"], "line": s["line"], "type": s["type"]} for i, s in enumerate(secrets)
               if i not in found]
    return {
        "tp": tp, "fn": fn, "fp": fp, "recall": round(recall, 4), "precision": round(precision, 4),
        "f1": round(f1, 4), "groups": groups, "flagged_secret_lines": len(tp_lines), "fp_by_kind": dict(fp_kind),
        "per_type": {t: {"found": v[0], "total": v[1]} for t, v in sorted(per_type.items())},
        "false_negatives": fn_list, "false_positives": fp_list,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--secscan")
    ap.add_argument("--gitleaks")
    ap.add_argument("--detect-secrets", dest="detect_secrets")
    ap.add_argument("--gitleaks-config", help="a gitleaks rules file instead of the binary's built-in rules")
    ap.add_argument("--corpus", default=os.path.join(REPO, "fixtures", "secrets"),
                    help="folder holding corpus/ and expect.json")
    ap.add_argument("--only", help="comma-separated subset of " + ",".join(TOOLS))
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--details", action="store_true", help="list each tool's missed secrets and false positives")
    ap.add_argument("--keep", help="scan a copy in this folder and keep it (default: a temporary folder)")
    args = ap.parse_args()
    global GITLEAKS_CONFIG
    GITLEAKS_CONFIG = os.path.abspath(args.gitleaks_config) if args.gitleaks_config else None

    with open(os.path.join(args.corpus, "expect.json"), encoding="utf-8") as f:
        expect = json.load(f)
    corpus_dir = os.path.join(args.corpus, "corpus")
    bins = {
        "secscan": find_bin(args.secscan, "secscan", os.path.join(REPO, "target", "release", "secscan")),
        "gitleaks": find_bin(args.gitleaks, "gitleaks"),
        "detect-secrets": find_bin(args.detect_secrets, "detect-secrets"),
    }
    wanted = [t.strip() for t in args.only.split(",")] if args.only else list(TOOLS)
    for t in wanted:
        if t not in TOOLS:
            ap.error(f"unknown tool {t}")

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        work = args.keep
        if os.path.exists(os.path.join(work, "corpus")):
            shutil.rmtree(os.path.join(work, "corpus"))
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="secrets-quality-")
        work = cleanup.name
    root, nfiles = prepare(corpus_dir, work)

    results = {}
    for tool in wanted:
        if not bins[tool]:
            print(f"SKIPPED: {tool} not found")
            continue
        try:
            hits, secs, cmd = SCANNERS[tool](bins[tool], root, work)
        except Skip as e:
            print(f"SKIPPED: {tool}: {e}")
            continue
        r = score(expect, hits)
        r["seconds"] = round(secs, 3)
        r["files"] = nfiles
        r["files_per_s"] = round(nfiles / secs, 1) if secs > 0 else None
        r["binary"] = bins[tool]
        r["findings"] = len(hits)
        r["command"] = cmd
        results[tool] = r

    print(f"corpus: {nfiles} files, {len(expect['secrets'])} secrets, {len(expect['ok'])} ok lines, "
          f"{len(expect.get('allowed', []))} allowed lines")
    if results:
        names = list(results)
        types = sorted({s["type"] for s in expect["secrets"]})
        w = max(len(t) for t in types) + 2
        print()
        print("recall per type".ljust(w) + "".join(n.rjust(16) for n in names))
        for t in types:
            cells = []
            for n in names:
                v = results[n]["per_type"].get(t, {"found": 0, "total": 0})
                cells.append(f"{v['found']}/{v['total']}".rjust(16))
            print(t.ljust(w) + "".join(cells))
        print()
        rows = [("TP (secrets found)", "tp"), ("FN (secrets missed)", "fn"), ("FP (lines)", "fp"),
                ("recall", "recall"), ("precision", "precision"), ("F1", "f1"), ("seconds", "seconds"),
                ("files/s", "files_per_s")]
        print("overall".ljust(w) + "".join(n.rjust(16) for n in names))
        for label, k in rows:
            cells = []
            for n in names:
                v = results[n][k]
                cells.append((f"{v:.3f}" if isinstance(v, float) and k not in ("files_per_s",) else str(v)).rjust(16))
            print(label.ljust(w) + "".join(cells))
        for g, label in (("provider_tokens", "recall: provider tokens"), ("context_secrets", "recall: context secrets")):
            print(label.ljust(w) + "".join("{:.3f} ({}/{})".format(results[n]["groups"][g]["recall"],
                  results[n]["groups"][g]["found"], results[n]["groups"][g]["total"]).rjust(16) for n in names))
        print("FP on ok/allowed/unlisted".ljust(w) + "".join(
            "{}/{}/{}".format(results[n]["fp_by_kind"].get("ok", 0), results[n]["fp_by_kind"].get("allowed", 0),
                              results[n]["fp_by_kind"].get("unlisted", 0)).rjust(16) for n in names))
        if args.details:
            for n in names:
                print(f"\n== {n}: missed secrets")
                for x in results[n]["false_negatives"]:
                    print(f"  {x['file']}:{x['line']}  {x['type']}")
                print(f"== {n}: false positives")
                for x in results[n]["false_positives"]:
                    print(f"  corpus/{x['file']}:{x['line']}  [{x['kind']}] {x['note']}  <- {', '.join(x['rules'])}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"corpus": {"files": nfiles, "secrets": len(expect["secrets"]), "ok": len(expect["ok"]),
                                  "allowed": len(expect.get("allowed", []))}, "tools": results}, f, indent=2)
    if cleanup:
        cleanup.cleanup()


if __name__ == "__main__":
    main()
