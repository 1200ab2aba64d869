#!/usr/bin/env python3
"""Secrets-engine speed next to gitleaks (and detect-secrets) on one large real tree, in the same run.

usage: python3 bench/secrets_speed.py --tree DIR [--history] [--runs N] [--secscan BIN] [--gitleaks BIN]
                                      [--detect-secrets BIN] [--out DIR]
       python3 bench/secrets_speed.py --make-history N --tree DIR   (then --history --tree DIR)

Working tree mode (default): every tool scans the files of DIR (not its .git): secscan `run --engines secrets`,
gitleaks `detect --no-git` (or `dir`), detect-secrets `scan --all-files`. History mode (--history): secscan
`--git-history` (working tree plus every blob the branch's commits introduced) against gitleaks `detect` over the
git log (every commit's patch). Prints the median wall time of N runs, peak RSS (/usr/bin/time -v), files/s and
MB/s over the tree's text files (.git and node_modules left out), and each tool's finding count with its most
frequent rules. A missing tool prints SKIPPED. --make-history N writes a synthetic repository of N commits into
DIR (git fast-import; about 800 source files, 1-4 changed per commit, a fake credential added every 400 commits and
some removed later), so that history speed can be measured on a repository whose every object is present. Trees are never fetched or built here: clone one first (for
example a local clone of a large JavaScript application) and build secscan in release mode.
Python 3 standard library only.
"""
import argparse
import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SKIP_DIRS = {".git", "node_modules"}


def tree_size(root):
    files = 0
    size = 0
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if x not in SKIP_DIRS]
        for n in names:
            p = os.path.join(d, n)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            files += 1
            size += os.path.getsize(p)
    return files, size


def timed(cmd, cwd=None):
    """Run under /usr/bin/time -v when present: (wall seconds, peak RSS MiB or None, exit code, stderr)."""
    timer = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    full = [timer, "-v"] + cmd if timer else cmd
    t = time.perf_counter()
    p = subprocess.run(full, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    rss = None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr or "")
    if m:
        rss = int(m.group(1)) / 1024
    return wall, rss, p.returncode, p.stderr


def secscan_cmd(bin_, tree, out, history):
    cmd = [bin_, "run", tree, "--engines", "secrets", "--no-history", "--format", "json", "--out-dir", out,
           "--fail-on", "none", "--min-score", "0", "-q"]
    if history:
        cmd.append("--git-history")
    return cmd


def secscan_findings(out):
    with open(os.path.join(out, "secscan-report.json"), encoding="utf-8") as f:
        r = json.load(f)
    return [(i.get("rule_id"), i.get("file_path"), i.get("confidence")) for i in r.get("issues", [])], r


def gitleaks_cmd(bin_, tree, report, history):
    help_text = subprocess.run([bin_, "--help"], capture_output=True, text=True).stdout
    if history:
        return [bin_, "detect", "--source", tree, "--report-format", "json", "--report-path", report, "--exit-code", "0"]
    if re.search(r"^\s+dir\s", help_text, re.M):
        return [bin_, "dir", tree, "--report-format", "json", "--report-path", report, "--exit-code", "0"]
    return [bin_, "detect", "--no-git", "--source", tree, "--report-format", "json", "--report-path", report,
            "--exit-code", "0"]


def gitleaks_findings(report):
    with open(report, encoding="utf-8") as f:
        data = json.load(f) or []
    return [(x.get("RuleID"), x.get("File"), None) for x in data]


def make_history(root, n, seed=7):
    """A synthetic repository of n commits, written with git fast-import."""
    import random
    rnd = random.Random(seed)
    os.makedirs(root, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", root], check=True)
    words = ["user", "order", "item", "price", "total", "cart", "session", "config", "value", "result", "index",
             "count", "name", "email", "address", "status", "created", "updated", "request", "response"]
    files = [f"src/{rnd.choice(['api', 'core', 'web', 'jobs', 'db'])}/{rnd.choice(words)}_{i}.py" for i in range(800)]
    content = {f: [] for f in files}

    def line():
        a, b, c = rnd.choice(words), rnd.choice(words), rnd.choice(words)
        return f"    {a}_{b} = compute_{c}({a}, {rnd.randint(0, 9999)})  # {b} {c}"

    for f in files:
        content[f] = [f"def {rnd.choice(words)}_{rnd.choice(words)}():"] + [line() for _ in range(rnd.randint(30, 120))]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    out = []
    planted = 0
    for c in range(1, n + 1):
        changed = rnd.sample(files, rnd.randint(1, 4))
        for f in changed:
            lines = content[f]
            for _ in range(rnd.randint(1, 5)):
                lines[rnd.randrange(1, len(lines))] = line()
        if c % 400 == 0:
            f = changed[0]
            key_id = "AKIA" + "".join(rnd.choice(alphabet) for _ in range(16))
            secret = "".join(rnd.choice(b64) for _ in range(40))
            content[f][1:1] = [f'    aws_access_key_id = "{key_id}"', f'    aws_secret_access_key = "{secret}"']
            planted += 1
        if c % 1000 == 0:
            for f in changed[:1]:
                content[f] = [x for x in content[f] if "aws_" not in x]
        out.append(f"commit refs/heads/main\ncommitter Bench <bench@bench.example> {1600000000 + c * 600} +0000\n")
        msg = f"change {c}"
        out.append(f"data {len(msg)}\n{msg}\n")
        for f in changed:
            data = ("\n".join(content[f]) + "\n").encode()
            out.append(f"M 100644 inline {f}\ndata {len(data)}\n")
            out.append(data.decode())
            out.append("\n")
    stream = "".join(out).encode()
    subprocess.run(["git", "-C", root, "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run(["git", "-C", root, "checkout", "-q", "-f", "main"], check=True)
    print(f"made {root}: {n} commits, {planted} commits planting an AWS key pair")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", required=True)
    ap.add_argument("--history", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--secscan", default=os.environ.get("SECSCAN", "target/release/secscan"))
    ap.add_argument("--gitleaks", default=shutil.which("gitleaks"))
    ap.add_argument("--detect-secrets", default=shutil.which("detect-secrets"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--make-history", type=int, default=0, metavar="N")
    a = ap.parse_args()
    tree = os.path.abspath(a.tree)
    if a.make_history:
        make_history(tree, a.make_history)
        return 0
    if not os.path.isdir(tree):
        print(f"SKIPPED: no tree at {tree}")
        return 0
    out = a.out or tempfile.mkdtemp(prefix="secrets-speed-")
    os.makedirs(out, exist_ok=True)
    files, size = tree_size(tree)
    commits = None
    if a.history:
        p = subprocess.run(["git", "-C", tree, "rev-list", "--count", "HEAD"], capture_output=True, text=True)
        commits = p.stdout.strip() if p.returncode == 0 else "?"
    print(f"tree: {tree}: {files:,} files, {size / 1048576:.1f} MiB (without .git and node_modules)"
          + (f"; {commits} commits" if commits else ""))
    print(f"mode: {'git history' if a.history else 'working tree'}; median of {a.runs} run(s)\n")
    rows = []
    tools = [("secscan", a.secscan), ("gitleaks", a.gitleaks)]
    if not a.history:
        tools.append(("detect-secrets", a.detect_secrets))
    for name, bin_ in tools:
        if not bin_ or not (os.path.exists(bin_) or shutil.which(bin_)):
            print(f"SKIPPED: {name} not found")
            continue
        walls, rsss, findings, extra = [], [], [], ""
        for i in range(a.runs):
            if name == "secscan":
                o = os.path.join(out, f"secscan-{i}")
                wall, rss, code, err = timed(secscan_cmd(bin_, tree, o, a.history))
                if code not in (0, 1):
                    print(f"secscan failed (exit {code}): {err[-500:]}")
                    return 1
                findings, report = secscan_findings(o)
                notes = [n for n in report.get("notes", []) if "history" in n]
                extra = "; ".join(notes)
            elif name == "gitleaks":
                rep = os.path.join(out, f"gitleaks-{i}.json")
                wall, rss, code, err = timed(gitleaks_cmd(bin_, tree, rep, a.history))
                if code != 0:
                    print(f"gitleaks failed (exit {code}): {err[-500:]}")
                    break
                findings = gitleaks_findings(rep)
            else:
                rep = os.path.join(out, f"detect-secrets-{i}.json")
                cmd = [bin_, "scan", "--all-files", tree]
                t = time.perf_counter()
                with open(rep, "w", encoding="utf-8") as f:
                    p = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, cwd=tree)
                wall, rss = time.perf_counter() - t, None
                with open(rep, encoding="utf-8") as f:
                    data = json.load(f).get("results", {})
                findings = [(r.get("type"), path, None) for path, rs in data.items() for r in rs]
            walls.append(wall)
            if rss:
                rsss.append(rss)
        if not walls:
            continue
        med = statistics.median(walls)
        rows.append((name, med, max(rsss) if rsss else None, findings, extra))
    print(f"{'tool':<16}{'median s':>10}{'files/s':>12}{'MiB/s':>10}{'peak RSS MiB':>14}{'findings':>10}")
    for name, med, rss, findings, _ in rows:
        rss_s = f"{rss:.0f}" if rss else "-"
        print(f"{name:<16}{med:>10.2f}{files / med:>12,.0f}{size / 1048576 / med:>10.1f}{rss_s:>14}{len(findings):>10}")
    by = {r[0]: r for r in rows}
    if "secscan" in by and "gitleaks" in by:
        print(f"\ngitleaks time / secscan time: {by['gitleaks'][1] / by['secscan'][1]:.2f}x")
    for name, _, _, findings, extra in rows:
        top = collections.Counter(f[0] for f in findings).most_common(8)
        print(f"{name} top rules: " + ", ".join(f"{k} {v}" for k, v in top))
        if extra:
            print(f"{name}: {extra}")
    print(f"\nraw output: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
