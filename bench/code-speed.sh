#!/usr/bin/env bash
# Code-engine speed benchmark: secscan's code engine, ruff's flake8-bandit rules (S) and bandit over one large real
# Python tree, in the same run: median wall time of N runs, files/s, lines/s, CPU time, peak RSS and findings.
#
# usage: bench/code-speed.sh [--tree DIR] [--runs N] [--skip-bandit] [--timeout SEC] [--bandit-timeout SEC]
#                            [--out DIR] [--trees-dir DIR] [--git-url URL] [--git-ref REF]
#   or the environment: CODE_BENCH_TREE, RUNS (3), SKIP_BANDIT=1, CODE_BENCH_TIMEOUT (1800 s, per secscan/ruff run),
#   BANDIT_TIMEOUT (900 s, per bandit run), OUT_DIR (bench/out/code-speed), CODE_BENCH_TREES_DIR (bench/out/trees),
#   CODE_BENCH_GIT_URL (https://github.com/django/django.git), CODE_BENCH_GIT_REF (5.1.15),
#   SECSCAN (default target/release/secscan, else target/debug/secscan), RUFF and BANDIT (default: on PATH),
#   CODE_BENCH_TIMER=python to measure with a resource.getrusage wrapper instead of /usr/bin/time -v.
# The tree: --tree DIR is a Python source tree, or a bare git directory whose HEAD is exported (git archive) into
# the trees dir. Without --tree, django at CODE_BENCH_GIT_REF is cloned (--depth 1) into the trees dir, or reused
# from an earlier clone; when that fails too (no network) the benchmark prints SKIPPED and exits 0. Trees and all
# tool output stay under bench/out (ignored by git). A missing tool is reported as SKIPPED; a tool that fails
# (secscan exit 2, ruff exit 2, bandit exit >1, a crash or a time-out) is reported and the script exits 1.
# Nothing is built here: build secscan first (a debug build works, but its timings are not representative).
set -uo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
repo=$(pwd)
tree=${CODE_BENCH_TREE:-}
runs=${RUNS:-3}
skip_bandit=${SKIP_BANDIT:-0}
timeout_s=${CODE_BENCH_TIMEOUT:-1800}
bandit_timeout=${BANDIT_TIMEOUT:-900}
out=${OUT_DIR:-$repo/bench/out/code-speed}
trees_dir=${CODE_BENCH_TREES_DIR:-$repo/bench/out/trees}
git_url=${CODE_BENCH_GIT_URL:-https://github.com/django/django.git}
git_ref=${CODE_BENCH_GIT_REF:-5.1.15}
timer=${CODE_BENCH_TIMER:-}
need_arg() { [ $# -ge 2 ] || { echo "error: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --tree) need_arg "$@"; tree=$2; shift 2 ;;
    --runs) need_arg "$@"; runs=$2; shift 2 ;;
    --skip-bandit) skip_bandit=1; shift ;;
    --timeout) need_arg "$@"; timeout_s=$2; shift 2 ;;
    --bandit-timeout) need_arg "$@"; bandit_timeout=$2; shift 2 ;;
    --out) need_arg "$@"; out=$2; shift 2 ;;
    --trees-dir) need_arg "$@"; trees_dir=$2; shift 2 ;;
    --git-url) need_arg "$@"; git_url=$2; shift 2 ;;
    --git-ref) need_arg "$@"; git_ref=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "error: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in runs timeout_s bandit_timeout; do
  case "${!v}" in ''|*[!0-9]*|0) echo "error: ${v/_s/} must be a positive whole number, not '${!v}'" >&2; exit 2 ;; esac
done
command -v python3 >/dev/null 2>&1 || { echo "error: python3 is needed to count lines and read the reports" >&2; exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd) || { echo "error: cannot create the output folder $out" >&2; exit 2; }

skipped() { echo "SKIPPED code-speed benchmark: $*"; exit 0; }
# the folder for cloned and exported trees, created when first needed
use_trees_dir() { mkdir -p "$trees_dir" && trees_dir=$(cd "$trees_dir" && pwd) || skipped "cannot create the trees folder $trees_dir"; }

# ---- the tree --------------------------------------------------------------------------------------------------
is_bare_git() { [ -f "$1/HEAD" ] && [ -d "$1/objects" ] && git --git-dir="$1" rev-parse -q --verify HEAD >/dev/null 2>&1; }

# export HEAD of bare git dir $1 into the trees dir (reused when the same commit was exported before); sets $exported
export_bare() {
  local git=$1 name sha dest
  command -v git >/dev/null 2>&1 || skipped "--tree $git is a git directory, but git is not installed"
  use_trees_dir
  sha=$(git --git-dir="$git" rev-parse HEAD) || skipped "cannot read HEAD of $git"
  name=$(basename "$(cd "$git" && pwd)"); name=${name%.git}
  case "$name" in repo|''|.) name=$(basename "$(dirname "$(cd "$git" && pwd)")") ;; esac
  name=$(printf '%s' "$name" | tr -c 'A-Za-z0-9._+-' '_')
  dest=$trees_dir/$name-${sha:0:12}
  exported=$dest
  [ -d "$dest" ] && [ "$(cat "$dest.source" 2>/dev/null)" = "$git @ $sha" ] && return 0
  echo "exporting HEAD of $git into $dest ..." >&2
  rm -rf "$dest" "$dest.tmp" "$dest.source" && mkdir -p "$dest.tmp" || skipped "cannot create $dest.tmp"
  if ! git --git-dir="$git" archive HEAD | tar -x -C "$dest.tmp"; then
    rm -rf "$dest.tmp"; skipped "git archive of $git (HEAD $sha) failed"
  fi
  mv "$dest.tmp" "$dest" && printf '%s\n' "$git @ $sha" > "$dest.source" || skipped "cannot move $dest.tmp to $dest"
}

tree_note=
if [ -n "$tree" ]; then
  [ -e "$tree" ] || skipped "--tree / CODE_BENCH_TREE '$tree' does not exist"
  if is_bare_git "$tree"; then
    src=$tree
    export_bare "$src"; tree=$exported
    tree_note="HEAD $(git --git-dir="$src" rev-parse --short=12 HEAD) of bare git dir $src, exported"
  elif [ -d "$tree" ]; then
    tree_note="given directory"
  else
    skipped "--tree / CODE_BENCH_TREE '$tree' is neither a directory nor a bare git directory"
  fi
else
  use_trees_dir
  name=$(basename "${git_url%.git}"); dest=$trees_dir/$name-$git_ref
  if [ -d "$dest" ] && [ "$(cat "$dest.source" 2>/dev/null)" = "$git_url @ $git_ref" ]; then
    tree=$dest; tree_note="$git_url at $git_ref, cloned earlier"
  elif ! command -v git >/dev/null 2>&1; then
    skipped "no --tree / CODE_BENCH_TREE given and git is not installed to clone $git_url"
  else
    rm -rf "$dest" "$dest.tmp" "$dest.source"
    echo "cloning $git_url at $git_ref into $dest ..." >&2
    if GIT_TERMINAL_PROMPT=0 timeout 600 git clone --quiet --depth 1 --branch "$git_ref" "$git_url" "$dest.tmp" \
         2>"$out/clone.log"; then
      mv "$dest.tmp" "$dest" && printf '%s\n' "$git_url @ $git_ref" > "$dest.source"
      tree=$dest; tree_note="$git_url at $git_ref, cloned now"
    else
      rm -rf "$dest.tmp"
      skipped "no --tree / CODE_BENCH_TREE given and cloning $git_url at $git_ref failed" \
        "($(grep -v '^\s*$' "$out/clone.log" | tail -1))"
    fi
  fi
fi
tree=$(cd "$tree" && pwd) || skipped "cannot enter $tree"
case "$tree/" in "$repo"/*) case "$tree/" in "$repo"/bench/out/*) ;; *)
  echo "warning: the tree $tree is inside the repository but not under bench/out" >&2 ;; esac ;; esac

# ---- the tools -------------------------------------------------------------------------------------------------
if [ -z "${SECSCAN:-}" ]; then
  if [ -x "$repo/target/release/secscan" ]; then SECSCAN=$repo/target/release/secscan; else SECSCAN=$repo/target/debug/secscan; fi
fi
RUFF=${RUFF:-$(command -v ruff 2>/dev/null)}
BANDIT=${BANDIT:-$(command -v bandit 2>/dev/null)}
declare -A skip=()
[ -x "$SECSCAN" ] || skip[secscan]="binary $SECSCAN not found or not executable (build it, or set SECSCAN)"
[ -n "$RUFF" ] && [ -x "$RUFF" ] || skip[ruff]="ruff ${RUFF:+($RUFF) }not found or not executable (put it on PATH or set RUFF)"
if [ "$skip_bandit" = 1 ]; then skip[bandit]="--skip-bandit / SKIP_BANDIT=1"
elif [ -z "$BANDIT" ] || [ ! -x "$BANDIT" ]; then skip[bandit]="bandit ${BANDIT:+($BANDIT) }not found or not executable (put it on PATH or set BANDIT)"; fi
version() { local v; v=$("$1" --version 2>/dev/null | head -1); echo "${v:-$2 (version unknown)}"; }
sv=; [ -z "${skip[secscan]:-}" ] && sv="$(version "$SECSCAN" secscan) ($SECSCAN$(case "$SECSCAN" in *debug*) echo ', a DEBUG build: slower than release' ;; esac))"
rv=; [ -z "${skip[ruff]:-}" ] && rv="$(version "$RUFF" ruff) ($RUFF)"
bv=; [ -z "${skip[bandit]:-}" ] && bv="$(version "$BANDIT" bandit) ($BANDIT)"

# ---- measuring -------------------------------------------------------------------------------------------------
if [ -z "$timer" ]; then
  if /usr/bin/time -v -o /dev/null true >/dev/null 2>&1; then timer=gnu; else timer=python; fi
fi
case "$timer" in gnu|python) ;; *) echo "error: CODE_BENCH_TIMER must be gnu or python, not '$timer'" >&2; exit 2 ;; esac
have_timeout=0; command -v timeout >/dev/null 2>&1 && have_timeout=1

# python fallback: runs the command in its own session, kills the group on time-out (exit 124), and reports the
# peak RSS of the waited-for children (resource.getrusage(RUSAGE_CHILDREN); the wrapper runs one command only)
measure_py='
import os, resource, signal, subprocess, sys, time
res, limit, so, se, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
t0 = time.monotonic()
with open(so, "wb") as o, open(se, "wb") as e:
    try:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=o, stderr=e, start_new_session=True)
    except OSError as x:
        e.write(f"cannot start {cmd[0]}: {x}\n".encode()); rc = 127
    else:
        try:
            rc = p.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL); p.wait(); rc = 124
        if rc < 0: rc = 128 - rc
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
open(res, "w").write(f"{wall:.3f} {ru.ru_utime:.2f} {ru.ru_stime:.2f} {ru.ru_maxrss} {rc}\n")
'

# measure RESULT_FILE TIMEOUT STDOUT STDERR CMD...: writes "wall user sys maxrss_kb exit" to RESULT_FILE
measure() {
  local res=$1 limit=$2 so=$3 se=$4; shift 4
  if [ "$timer" = python ]; then
    python3 -c "$measure_py" "$res" "$limit" "$so" "$se" "$@"
    return
  fi
  local pre=() t0 t1 rc
  [ "$have_timeout" = 1 ] && pre=(timeout -k 10 "$limit")
  t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$res.time" "${pre[@]}" "$@" </dev/null >"$so" 2>"$se"
  rc=$?
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" -v rc="$rc" '
    /User time \(seconds\)/ {u=$NF} /System time \(seconds\)/ {s=$NF} /Maximum resident set size/ {m=$NF}
    END {printf "%.3f %.2f %.2f %d %d\n", b-a, u+0, s+0, m+0, rc}' "$res.time" > "$res"
}

# ---- counting (also reads every file once, so the runs start with a warm file cache) -------------------------
count_json=$out/corpus.json
python3 - "$tree" "$repo/src/discover.rs" "$count_json" <<'PY' || { echo "error: counting the tree failed" >&2; exit 2; }
import json, os, re, sys
tree, discover, dest = sys.argv[1:4]
# the folder names secscan never descends into, read from its source (kept in sync), else the list as of writing
fallback = ["node_modules", ".git", ".hg", ".svn", ".venv", "venv", ".virtualenv", "virtualenv", "__pycache__", ".tox",
            ".nox", "site-packages", ".mypy_cache", ".pytest_cache", ".secscan", ".yarn", ".pnpm-store"]
skipped, origin = fallback, "the list built into this script (src/discover.rs not readable)"
try:
    m = re.search(r"SKIPPED_DIRS\s*:\s*&\[&str\]\s*=\s*&\[(.*?)\];", open(discover, encoding="utf-8").read(), re.S)
    if m and re.findall(r'"([^"]+)"', m.group(1)):
        skipped, origin = re.findall(r'"([^"]+)"', m.group(1)), "src/discover.rs"
except OSError:
    pass
files = lines = size = 0
paths = []
other = {".pyw": 0, ".pyi": 0, ".ipynb": 0}
pruned = {}          # skipped folder -> .py files in it (not counted)
def count_py(d):
    n = 0
    for r, _, fs in os.walk(d):
        n += sum(1 for f in fs if f.endswith(".py"))
    return n
for root, dirs, names in os.walk(tree):
    keep = []
    for d in dirs:
        p = os.path.join(root, d)
        if os.path.islink(p):
            continue
        if d in skipped or os.path.isfile(os.path.join(p, "pyvenv.cfg")):
            pruned[os.path.relpath(p, tree)] = count_py(p)
        else:
            keep.append(d)
    dirs[:] = keep
    for n in names:
        p = os.path.join(root, n)
        ext = os.path.splitext(n)[1]
        if ext in other and not os.path.islink(p):
            other[ext] += 1
        if ext != ".py" or os.path.islink(p) or not os.path.isfile(p):
            continue
        with open(p, "rb") as fh:
            data = fh.read()
        files += 1
        paths.append(os.path.relpath(p, tree).replace(os.sep, "/"))
        size += len(data)
        lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
json.dump({"files": files, "lines": lines, "bytes": size, "skipped_dirs": skipped, "skipped_origin": origin,
           "pruned": pruned, "other": other, "paths": paths}, open(dest, "w"))
PY

# ---- header ----------------------------------------------------------------------------------------------------
python3 - "$count_json" "$tree" "$tree_note" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
print(f"tree: {sys.argv[2]} ({sys.argv[3]})")
print(f"corpus: {c['files']:,} *.py files, {c['lines']:,} lines, {c['bytes'] / 1048576:.1f} MiB")
pr = c["pruned"]
print(f"  the counts exclude the folders secscan skips ({c['skipped_origin']}): {' '.join(c['skipped_dirs'])},"
      f" and virtualenvs (folders holding pyvenv.cfg)"
      + (f"; left out here: {len(pr)} such folders holding {sum(pr.values()):,} *.py files" if pr else "; the tree has none"))
o = {k: v for k, v in c["other"].items() if v}
if o:
    print("  not counted: " + ", ".join(f"{v} *{k}" for k, v in o.items())
          + " (secscan also reads *.pyw; bandit *.pyw; ruff *.pyi and *.ipynb)")
PY
echo "machine: $(nproc 2>/dev/null || echo '?') cores, $(uname -sr); timer: $([ "$timer" = gnu ] && echo '/usr/bin/time -v' || echo 'python resource.getrusage(RUSAGE_CHILDREN)'); runs: $runs per tool, median wall reported"
echo "tools: ${sv:-secscan SKIPPED}; ${rv:-ruff SKIPPED}; ${bv:-bandit SKIPPED}"
load_note() {  # the 1-minute load average, with a warning when other work competes for the cores
  local l n; l=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null) || return 0; n=$(nproc 2>/dev/null || echo 1)
  echo "load average (1 min) $1: $l$(awk -v l="$l" -v n="$n" 'BEGIN { if (l > n / 2) printf "  WARNING: the machine is busy (%d cores); timings are noisy", n }')"
}
load_note "before the runs"

# ---- the runs --------------------------------------------------------------------------------------------------
res=$out/results
rm -rf "$res" && mkdir -p "$res"
failed=0
run_tool() {
  local tool=$1 limit=$2 i r wall rss rc; shift 2
  if [ -n "${skip[$tool]:-}" ]; then
    echo "SKIPPED $tool: ${skip[$tool]}"; echo "${skip[$tool]}" > "$res/$tool.skipped"; return
  fi
  for ((i = 1; i <= runs; i++)); do
    r=$res/$tool.run$i
    local cmd=("$@")
    if [ "$tool" = secscan ]; then
      rm -rf "$r.out" && mkdir -p "$r.out"
      cmd=("$@" --out-dir "$r.out" -q)
    fi
    measure "$r.res" "$limit" "$r.stdout" "$r.stderr" "${cmd[@]}"
    read -r wall _ _ rss rc < "$r.res"
    local bad=
    case "$tool:$rc" in
      *:124|*:137) bad="timed out after ${limit}s" ;;
      secscan:0|secscan:1|ruff:0|ruff:1|bandit:0|bandit:1) ;;
      secscan:2) bad="exit 2 (error)" ;;
      *) bad="exit $rc$([ "$rc" -gt 128 ] && echo " (signal $((rc - 128)))")" ;;
    esac
    if [ "$tool" = secscan ] && [ -z "$bad" ] && [ ! -s "$r.out/secscan-report.json" ]; then
      bad="exit $rc but no report in $r.out"
    fi
    if [ "$tool" != secscan ] && [ -z "$bad" ] && [ ! -s "$r.stdout" ]; then bad="exit $rc but no JSON on standard output"; fi
    printf '%s run %d/%d: %.2f s, %.1f MiB, exit %d%s\n' "$tool" "$i" "$runs" "$wall" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" \
      "$rc" "${bad:+  FAILED: $bad}" >&2
    if [ -n "$bad" ]; then
      echo "ERROR $tool: $bad; last lines of its standard error ($r.stderr):"
      tail -n 8 "$r.stderr" | sed 's/^/    /'
      echo "$bad" > "$res/$tool.failed"
      failed=1
      return
    fi
  done
}
run_tool secscan "$timeout_s" "$SECSCAN" run "$tree" --engines code --no-history --format json
run_tool ruff "$timeout_s" "$RUFF" check --isolated --select S --no-cache --output-format json "$tree"
run_tool bandit "$bandit_timeout" "$BANDIT" -r "$tree" -f json -q

load_note "after the runs"

# ---- the table -------------------------------------------------------------------------------------------------
python3 - "$res" "$count_json" "$runs" "$tree" <<'PY'
import collections, glob, json, os, re, statistics, sys
res, count_json, runs, tree = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = json.load(open(count_json))
files, lines = c["files"], c["lines"]

def findings(tool, r):
    """(findings, files not analysed, sample of those [(path, message)], extra) of one run."""
    if tool == "secscan":
        rep = json.load(open(f"{r}.out/secscan-report.json"))
        errs = rep.get("errors", [])
        stages = {t["stage"]: t["millis"] for t in rep.get("timings", [])}
        py = {s["file_path"] for s in rep.get("scanned", []) if s.get("kind") == "python"}
        return len(rep.get("issues", [])), len(errs), [(e.get("file_path"), e.get("message")) for e in errs], \
            {"stages": stages, "python_files": py, "suppressed": len(rep.get("suppressed", [])),
             "severity": collections.Counter(i.get("severity") for i in rep.get("issues", [])),
             "top": collections.Counter(i.get("rule_id") for i in rep.get("issues", []))}
    data = json.load(open(f"{r}.stdout"))
    if tool == "ruff":
        rule = lambda d: re.fullmatch(r"[A-Z]+[0-9]+", d.get("code") or "") is not None
        ok, bad = [d for d in data if rule(d)], [d for d in data if not rule(d)]
        return len(ok), len(bad), [(os.path.relpath(d.get("filename", "?"), tree), d.get("message")) for d in bad], \
            {"top": collections.Counter(d["code"] for d in ok)}
    errs = data.get("errors", [])
    return len(data.get("results", [])), len(errs), \
        [(os.path.relpath(e.get("filename", "?"), tree), e.get("reason")) for e in errs], \
        {"loc": data.get("metrics", {}).get("_totals", {}).get("loc"),
         "top": collections.Counter(f'{x.get("test_id")} {x.get("test_name")}' for x in data.get("results", []))}

rows, med = [], {}
for tool in ("secscan", "ruff", "bandit"):
    if os.path.exists(f"{res}/{tool}.skipped"):
        rows.append((tool, "SKIPPED", open(f"{res}/{tool}.skipped").read().strip())); continue
    if os.path.exists(f"{res}/{tool}.failed"):
        rows.append((tool, "FAILED", open(f"{res}/{tool}.failed").read().strip())); continue
    rr = [f"{res}/{tool}.run{i}" for i in range(1, runs + 1)]
    m = [open(f"{r}.res").read().split() for r in rr]
    wall = statistics.median(float(x[0]) for x in m)
    cpu = statistics.median(float(x[1]) + float(x[2]) for x in m)
    rss = max(int(x[3]) for x in m) / 1024
    per_run = [findings(tool, r) for r in rr]
    n, ne, sample, extra = per_run[-1]
    med[tool] = (wall, rss)
    rows.append((tool, wall, cpu, rss, n, ne, sample, extra, [p[0] for p in per_run], [float(x[0]) for x in m]))

print()
print(f"== results: {files:,} *.py files, {lines:,} lines (median wall of {runs} run{'s' if runs > 1 else ''};"
      f" peak RSS = highest of the runs; CPU = user + system)")
hdr = f"{'tool':<8} {'wall s':>8} {'files/s':>9} {'lines/s':>10} {'CPU s':>7} {'peak RSS MiB':>12} {'findings':>8} {'not parsed':>10}"
print(hdr); print("-" * len(hdr))
for row in rows:
    if row[1] in ("SKIPPED", "FAILED"):
        print(f"{row[0]:<8} {row[1]}: {row[2]}"); continue
    tool, wall, cpu, rss, n, ne = row[:6]
    print(f"{tool:<8} {wall:>8.2f} {files / wall:>9,.0f} {lines / wall:>10,.0f} {cpu:>7.2f} {rss:>12.1f} {n:>8,} {ne:>10,}")
print()
def ratio(a, b, what):
    if a in med and b in med:
        print(f"{what}: {med[a][0] / med[b][0]:.2f}x")
    else:
        print(f"{what}: n/a ({', '.join(t for t in (a, b) if t not in med)} not measured)")
ratio("secscan", "ruff", "secscan time / ruff time")
ratio("bandit", "secscan", "bandit time / secscan time")
if med:
    print("peak RSS: " + ", ".join(f"{t} {v[1]:.1f} MB" for t, v in med.items()) + "  (MB = 1024*1024 bytes)")
print()
for row in rows:
    if row[1] in ("SKIPPED", "FAILED"):
        continue
    tool, wall, cpu, rss, n, ne, sample, extra, counts, walls = row
    if len(set(counts)) > 1:
        print(f"NOTE {tool}: findings differ between runs: {counts}")
    if runs > 1:
        print(f"{tool} wall per run (s): {', '.join(f'{w:.2f}' for w in walls)}")
    if tool == "secscan":
        st = extra["stages"]
        print(f"secscan stages (last run, ms): {', '.join(f'{k} {v}' for k, v in st.items())}")
        py, counted = extra["python_files"], set(c["paths"])
        print(f"secscan: {len(py):,} Python files in its report; findings by severity: {dict(extra['severity'])};"
              f" suppressed: {extra['suppressed']}")
        for what, diff in (("counted here but not in secscan's report (a .gitignore in the tree?)", counted - py),
                           ("in secscan's report but not counted here (*.pyw?)", py - counted)):
            if diff:
                print(f"  {len(diff)} *.py files {what}: {', '.join(sorted(diff)[:5])}{' ...' if len(diff) > 5 else ''}")
    if tool == "bandit" and extra.get("loc"):
        print(f"bandit: {extra['loc']:,} lines of code per its own metrics (blank and comment lines excluded)")
    if extra["top"]:
        print(f"{tool} top rules: " + ", ".join(f"{k} {v}" for k, v in extra["top"].most_common(6)))
    if ne:
        what = {"secscan": "files it could not analyse (report 'errors')",
                "ruff": "diagnostics that are not rule findings (syntax errors)",
                "bandit": "files it could not analyse (JSON 'errors')"}[tool]
        print(f"{tool}: {ne} {what}, e.g.:")
        for p, msg in sample[:5]:
            print(f"    {p}: {msg}")
print(f"\nraw output: {res}")
PY
[ $? -eq 0 ] || { echo "error: summarising the results failed" >&2; exit 2; }
exit "$failed"
