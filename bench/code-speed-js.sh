#!/usr/bin/env bash
# Code-engine speed benchmark for JavaScript/TypeScript: secscan's code engine against ESLint with
# eslint-plugin-security (its recommended rules; TypeScript parsed by @typescript-eslint/parser) over one large real
# TypeScript tree, in the same run: median wall time of N runs, files/s, lines/s, CPU time, peak RSS and findings.
#
# usage: bench/code-speed-js.sh [--tree DIR] [--runs N] [--skip-eslint] [--timeout SEC] [--eslint-timeout SEC]
#                               [--eslint-dir DIR] [--eslint-concurrency off|auto|N] [--out DIR] [--trees-dir DIR]
#                               [--git-url URL] [--git-ref REF]
#   or the environment: CODE_BENCH_JS_TREE, RUNS (3), SKIP_ESLINT=1, CODE_BENCH_TIMEOUT (1800 s, per secscan run),
#   ESLINT_TIMEOUT (1800 s, per eslint run), ESLINT_DIR (bench/out/eslint), ESLINT_CONCURRENCY (off),
#   OUT_DIR (bench/out/code-speed-js), CODE_BENCH_TREES_DIR (bench/out/trees),
#   CODE_BENCH_JS_GIT_URL (https://github.com/typeorm/typeorm.git), CODE_BENCH_JS_GIT_REF (1.1.0),
#   SECSCAN (default: the newer of target/release/secscan and target/debug/secscan), NODE (default: node on PATH),
#   CODE_BENCH_TIMER=python to measure with a resource.getrusage wrapper instead of /usr/bin/time -v.
# ESLint is never installed here: ESLINT_DIR must hold a node_modules with eslint (flat config, >= 9),
# eslint-plugin-security, @typescript-eslint/parser and typescript (e.g. `npm install eslint eslint-plugin-security
# @typescript-eslint/parser typescript` in that folder); otherwise eslint is reported as SKIPPED. The ESLint
# configuration is written by this script into the output folder (the tree's own eslint config is not used):
# eslint-plugin-security's recommended rules only, espree (latest ECMAScript, modules, JSX) for JavaScript,
# @typescript-eslint/parser (no type information) for TypeScript, inline `eslint-disable` comments off
# (--no-inline-config: the tree's comments name rules of plugins that are not loaded). ESLint lints one file at a
# time by default; --eslint-concurrency auto|N (ESLint >= 9.34) lets it use worker threads like secscan does.
# Both tools see the same files: *.js *.jsx *.ts *.tsx *.mjs *.cjs *.mts *.cts, leaving out node_modules, dist,
# build and coverage folders (and the other folders secscan never descends into); secscan gets --exclude for
# dist/build/coverage, eslint ignore patterns for all of them. secscan also honours .gitignore files; any file
# counted here but missing from a tool's output is listed.
# The tree: --tree DIR is a source tree, or a bare git directory whose HEAD is exported (git archive) into the trees
# dir. Without --tree, typeorm at CODE_BENCH_JS_GIT_REF is cloned (--depth 1) into the trees dir, or reused from an
# earlier clone; when that fails too (no network) the benchmark prints SKIPPED and exits 0. Trees and all tool
# output stay under bench/out (ignored by git). A missing tool is reported as SKIPPED; a tool that fails (secscan
# exit 2, eslint exit 2, a crash or a time-out) is reported and the script exits 1.
# Nothing is built here: build secscan first (a debug build works, but its timings are not representative).
set -uo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
repo=$(pwd)
tree=${CODE_BENCH_JS_TREE:-}
runs=${RUNS:-3}
skip_eslint=${SKIP_ESLINT:-0}
timeout_s=${CODE_BENCH_TIMEOUT:-1800}
eslint_timeout=${ESLINT_TIMEOUT:-1800}
eslint_dir=${ESLINT_DIR:-$repo/bench/out/eslint}
eslint_conc=${ESLINT_CONCURRENCY:-off}
out=${OUT_DIR:-$repo/bench/out/code-speed-js}
trees_dir=${CODE_BENCH_TREES_DIR:-$repo/bench/out/trees}
git_url=${CODE_BENCH_JS_GIT_URL:-https://github.com/typeorm/typeorm.git}
git_ref=${CODE_BENCH_JS_GIT_REF:-1.1.0}
timer=${CODE_BENCH_TIMER:-}
need_arg() { [ $# -ge 2 ] || { echo "error: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --tree) need_arg "$@"; tree=$2; shift 2 ;;
    --runs) need_arg "$@"; runs=$2; shift 2 ;;
    --skip-eslint) skip_eslint=1; shift ;;
    --timeout) need_arg "$@"; timeout_s=$2; shift 2 ;;
    --eslint-timeout) need_arg "$@"; eslint_timeout=$2; shift 2 ;;
    --eslint-dir) need_arg "$@"; eslint_dir=$2; shift 2 ;;
    --eslint-concurrency) need_arg "$@"; eslint_conc=$2; shift 2 ;;
    --out) need_arg "$@"; out=$2; shift 2 ;;
    --trees-dir) need_arg "$@"; trees_dir=$2; shift 2 ;;
    --git-url) need_arg "$@"; git_url=$2; shift 2 ;;
    --git-ref) need_arg "$@"; git_ref=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "error: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in runs timeout_s eslint_timeout; do
  case "${!v}" in ''|*[!0-9]*|0) echo "error: ${v/_s/} must be a positive whole number, not '${!v}'" >&2; exit 2 ;; esac
done
case "$eslint_conc" in off|auto) ;; ''|*[!0-9]*|0) echo "error: eslint concurrency must be off, auto or a positive whole number, not '$eslint_conc'" >&2; exit 2 ;; esac
command -v python3 >/dev/null 2>&1 || { echo "error: python3 is needed to count lines and read the reports" >&2; exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd) || { echo "error: cannot create the output folder $out" >&2; exit 2; }

skipped() { echo "SKIPPED code-speed-js benchmark: $*"; exit 0; }
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
  [ -e "$tree" ] || skipped "--tree / CODE_BENCH_JS_TREE '$tree' does not exist"
  if is_bare_git "$tree"; then
    src=$tree
    export_bare "$src"; tree=$exported
    tree_note="HEAD $(git --git-dir="$src" rev-parse --short=12 HEAD) of bare git dir $src, exported"
  elif [ -d "$tree" ]; then
    tree_note="given directory"
  else
    skipped "--tree / CODE_BENCH_JS_TREE '$tree' is neither a directory nor a bare git directory"
  fi
else
  use_trees_dir
  name=$(basename "${git_url%.git}"); dest=$trees_dir/$name-$git_ref
  if [ -d "$dest" ] && [ "$(cat "$dest.source" 2>/dev/null)" = "$git_url @ $git_ref" ]; then
    tree=$dest; tree_note="$git_url at $git_ref, cloned earlier"
  elif ! command -v git >/dev/null 2>&1; then
    skipped "no --tree / CODE_BENCH_JS_TREE given and git is not installed to clone $git_url"
  else
    rm -rf "$dest" "$dest.tmp" "$dest.source"
    echo "cloning $git_url at $git_ref into $dest ..." >&2
    if GIT_TERMINAL_PROMPT=0 timeout 600 git clone --quiet --depth 1 --branch "$git_ref" "$git_url" "$dest.tmp" \
         2>"$out/clone.log"; then
      mv "$dest.tmp" "$dest" && printf '%s\n' "$git_url @ $git_ref" > "$dest.source"
      tree=$dest; tree_note="$git_url at $git_ref, cloned now"
    else
      rm -rf "$dest.tmp"
      skipped "no --tree / CODE_BENCH_JS_TREE given and cloning $git_url at $git_ref failed" \
        "($(grep -v '^\s*$' "$out/clone.log" | tail -1))"
    fi
  fi
fi
tree=$(cd "$tree" && pwd) || skipped "cannot enter $tree"
case "$tree/" in "$repo"/*) case "$tree/" in "$repo"/bench/out/*) ;; *)
  echo "warning: the tree $tree is inside the repository but not under bench/out" >&2 ;; esac ;; esac

# ---- the tools -------------------------------------------------------------------------------------------------
# secscan: the newer build (an older release build may predate the JavaScript engine)
secscan_note=
if [ -z "${SECSCAN:-}" ]; then
  rel=$repo/target/release/secscan dbg=$repo/target/debug/secscan
  if [ -x "$rel" ] && { [ ! -x "$dbg" ] || ! [ "$dbg" -nt "$rel" ]; }; then SECSCAN=$rel
  else
    SECSCAN=$dbg
    [ -x "$rel" ] && secscan_note="; target/release/secscan is older than the debug build and was not used"
  fi
fi
NODE=${NODE:-$(command -v node 2>/dev/null)}
declare -A skip=()
[ -x "$SECSCAN" ] || skip[secscan]="binary $SECSCAN not found or not executable (build it, or set SECSCAN)"
eslint_js=
if [ "$skip_eslint" = 1 ]; then skip[eslint]="--skip-eslint / SKIP_ESLINT=1"
elif [ -z "$NODE" ] || [ ! -x "$NODE" ]; then skip[eslint]="node ${NODE:+($NODE) }not found or not executable (put it on PATH or set NODE)"
elif [ ! -d "$eslint_dir" ]; then skip[eslint]="ESLINT_DIR $eslint_dir does not exist (install eslint there with npm, or set ESLINT_DIR / --eslint-dir)"
else
  eslint_dir=$(cd "$eslint_dir" && pwd)
  eslint_js=$eslint_dir/node_modules/eslint/bin/eslint.js
  missing=
  [ -f "$eslint_js" ] || missing=" eslint"
  for p in eslint-plugin-security @typescript-eslint/parser typescript; do
    [ -f "$eslint_dir/node_modules/$p/package.json" ] || missing="$missing $p"
  done
  [ -n "$missing" ] && skip[eslint]="missing in $eslint_dir/node_modules:$missing (npm install eslint eslint-plugin-security @typescript-eslint/parser typescript there)"
fi
version() { local v; v=$("$@" --version 2>/dev/null | head -1); echo "${v:-version unknown}"; }
pkg_version() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("version", "?"))' "$eslint_dir/node_modules/$1/package.json" 2>/dev/null || echo '?'; }
sv=; [ -z "${skip[secscan]:-}" ] && sv="$(version "$SECSCAN") ($SECSCAN$(case "$SECSCAN" in *debug*) echo ', a DEBUG build: slower than release' ;; esac)$secscan_note)"
ev=
if [ -z "${skip[eslint]:-}" ]; then
  ev="eslint $(version "$NODE" "$eslint_js"), eslint-plugin-security $(pkg_version eslint-plugin-security), @typescript-eslint/parser $(pkg_version @typescript-eslint/parser), typescript $(pkg_version typescript), node $("$NODE" --version 2>/dev/null) ($eslint_dir; concurrency $eslint_conc)"
fi

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
# The folders left out: secscan's own list (src/discover.rs) plus dist, build and coverage; the same list becomes
# eslint's ignore patterns and secscan's --exclude globs (for the three it does not skip by itself).
count_json=$out/corpus.json
python3 - "$tree" "$repo/src/discover.rs" "$count_json" <<'PY' || { echo "error: counting the tree failed" >&2; exit 2; }
import json, os, re, sys
tree, discover, dest = sys.argv[1:4]
fallback = ["node_modules", ".git", ".hg", ".svn", ".venv", "venv", ".virtualenv", "virtualenv", "__pycache__", ".tox",
            ".nox", "site-packages", ".mypy_cache", ".pytest_cache", ".secscan", ".yarn", ".pnpm-store"]
secscan_skips, origin = fallback, "the list built into this script (src/discover.rs not readable)"
try:
    m = re.search(r"SKIPPED_DIRS\s*:\s*&\[&str\]\s*=\s*&\[(.*?)\];", open(discover, encoding="utf-8").read(), re.S)
    if m and re.findall(r'"([^"]+)"', m.group(1)):
        secscan_skips, origin = re.findall(r'"([^"]+)"', m.group(1)), "src/discover.rs"
except OSError:
    pass
extra = [d for d in ("dist", "build", "coverage") if d not in secscan_skips]
skipped = secscan_skips + extra
exts = (".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts")
files = lines = size = 0
paths, by_ext, dts = [], {e: 0 for e in exts}, 0
other = {".vue": 0, ".svelte": 0, ".astro": 0}
pruned = {}          # left-out folder -> counted-kind files in it
def count_js(d):
    n = 0
    for r, _, fs in os.walk(d):
        n += sum(1 for f in fs if f.endswith(exts))
    return n
for root, dirs, names in os.walk(tree):
    keep = []
    for d in dirs:
        p = os.path.join(root, d)
        if os.path.islink(p):
            continue
        if d in skipped or os.path.isfile(os.path.join(p, "pyvenv.cfg")):
            pruned[os.path.relpath(p, tree)] = count_js(p)
        else:
            keep.append(d)
    dirs[:] = keep
    for n in names:
        p = os.path.join(root, n)
        ext = os.path.splitext(n)[1]
        if ext in other and not os.path.islink(p):
            other[ext] += 1
        if ext not in exts or os.path.islink(p) or not os.path.isfile(p):
            continue
        with open(p, "rb") as fh:
            data = fh.read()
        files += 1
        by_ext[ext] += 1
        dts += n.endswith((".d.ts", ".d.mts", ".d.cts"))
        paths.append(os.path.relpath(p, tree).replace(os.sep, "/"))
        size += len(data)
        lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
json.dump({"files": files, "lines": lines, "bytes": size, "skipped_dirs": skipped, "secscan_skips": secscan_skips,
           "extra_skips": extra, "skipped_origin": origin, "pruned": pruned, "by_ext": by_ext, "dts": dts,
           "other": other, "paths": paths}, open(dest, "w"))
PY
mapfile -t extra_skips < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["extra_skips"]))' "$count_json")
secscan_excludes=()
for d in "${extra_skips[@]}"; do [ -n "$d" ] && secscan_excludes+=(--exclude "**/$d"); done

# the ESLint configuration (only when eslint runs): plugins resolved from ESLINT_DIR, whatever the working folder
eslint_cfg=$out/eslint.config.mjs
if [ -z "${skip[eslint]:-}" ]; then
  python3 - "$eslint_dir" "$count_json" "$eslint_cfg" <<'PY' || { echo "error: writing the eslint config failed" >&2; exit 2; }
import json, sys
eslint_dir, count_json, dest = sys.argv[1:4]
ignores = [f"**/{d}/" for d in json.load(open(count_json))["skipped_dirs"]]
open(dest, "w").write(f"""// Written by bench/code-speed-js.sh: eslint-plugin-security's recommended rules, nothing else.
import {{ createRequire }} from "node:module";
const require = createRequire({json.dumps(eslint_dir + "/package.json")});
const security = require("eslint-plugin-security");
const tsParser = require("@typescript-eslint/parser");

export default [
  {{ ignores: {json.dumps(ignores)} }},
  {{
    files: ["**/*.{{js,jsx,mjs,cjs,ts,tsx,mts,cts}}"],
    languageOptions: {{ ecmaVersion: "latest", sourceType: "module", parserOptions: {{ ecmaFeatures: {{ jsx: true }} }} }},
    linterOptions: {{ reportUnusedDisableDirectives: "off" }},
  }},
  {{ files: ["**/*.cjs", "**/*.cts"], languageOptions: {{ sourceType: "commonjs" }} }},
  {{ files: ["**/*.{{ts,tsx,mts,cts}}"], languageOptions: {{ parser: tsParser }} }},
  security.configs.recommended,
];
""")
PY
  # a quick check that the configuration loads (a broken install would otherwise fail every run)
  if ! (cd "$tree" && "$NODE" "$eslint_js" -c "$eslint_cfg" --print-config probe.ts) >"$out/eslint-config-check.log" 2>&1; then
    skip[eslint]="eslint cannot load the generated config $eslint_cfg with $eslint_dir: $(grep -v '^\s*$' "$out/eslint-config-check.log" | head -3 | tr '\n' ' ')"
    ev=
  fi
fi

# ---- header ----------------------------------------------------------------------------------------------------
python3 - "$count_json" "$tree" "$tree_note" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
print(f"tree: {sys.argv[2]} ({sys.argv[3]})")
print(f"corpus: {c['files']:,} JavaScript/TypeScript files, {c['lines']:,} lines, {c['bytes'] / 1048576:.1f} MiB"
      f" ({', '.join(f'{v:,} *{k}' for k, v in c['by_ext'].items() if v)}; {c['dts']:,} of them type declarations *.d.ts)")
pr = c["pruned"]
print(f"  the counts exclude the folders secscan skips ({c['skipped_origin']}): {' '.join(c['secscan_skips'])},"
      f" plus {' '.join(c['extra_skips'])} (secscan --exclude, eslint ignores), and virtualenvs"
      + (f"; left out here: {len(pr)} such folders holding {sum(pr.values()):,} such files" if pr else "; the tree has none"))
o = {k: v for k, v in c["other"].items() if v}
if o:
    print("  not counted: " + ", ".join(f"{v} *{k}" for k, v in o.items()) + " (neither tool is configured for them)")
PY
echo "machine: $(nproc 2>/dev/null || echo '?') cores, $(uname -sr); timer: $([ "$timer" = gnu ] && echo '/usr/bin/time -v' || echo 'python resource.getrusage(RUSAGE_CHILDREN)'); runs: $runs per tool, median wall reported"
echo "tools: ${sv:-secscan SKIPPED}; ${ev:-eslint SKIPPED}"
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
      secscan:0|secscan:1|eslint:0|eslint:1) ;;
      secscan:2) bad="exit 2 (error)" ;;
      eslint:2) bad="exit 2 (configuration problem or internal error)" ;;
      *) bad="exit $rc$([ "$rc" -gt 128 ] && echo " (signal $((rc - 128)))")" ;;
    esac
    if [ "$tool" = secscan ] && [ -z "$bad" ] && [ ! -s "$r.out/secscan-report.json" ]; then
      bad="exit $rc but no report in $r.out"
    fi
    if [ "$tool" = secscan ] && [ -z "$bad" ] && ! python3 -c '
import json, sys
rep = json.load(open(sys.argv[1]))
sys.exit(0 if any(s.get("kind") == "javascript" for s in rep.get("scanned", [])) or not json.load(open(sys.argv[2]))["files"] else 1)
' "$r.out/secscan-report.json" "$count_json" 2>/dev/null; then
      bad="its report lists no JavaScript/TypeScript file: this build does not analyse them (an older binary? set SECSCAN)"
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
conc=(); [ "$eslint_conc" != off ] && conc=(--concurrency "$eslint_conc")
run_tool secscan "$timeout_s" "$SECSCAN" run "$tree" --engines code --no-history --format json "${secscan_excludes[@]}"
# eslint resolves its file patterns and ignores from the working folder: env -C runs it inside the tree
run_tool eslint "$eslint_timeout" env -C "$tree" "$NODE" "$eslint_js" -c "$eslint_cfg" --no-inline-config \
  --no-warn-ignored -f json "${conc[@]}" .

load_note "after the runs"

# ---- the table -------------------------------------------------------------------------------------------------
python3 - "$res" "$count_json" "$runs" "$tree" <<'PY'
import collections, json, os, statistics, sys
res, count_json, runs, tree = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = json.load(open(count_json))
files, lines = c["files"], c["lines"]

def findings(tool, r):
    """(findings, files not analysed, sample of those [(path, message)], extra) of one run."""
    if tool == "secscan":
        rep = json.load(open(f"{r}.out/secscan-report.json"))
        errs = rep.get("errors", [])
        hard = [e for e in errs if str(e.get("message", "")).startswith("not analysed")]
        stages = {t["stage"]: t["millis"] for t in rep.get("timings", [])}
        js = {s["file_path"] for s in rep.get("scanned", []) if s.get("kind") == "javascript"}
        return len(rep.get("issues", [])), len(hard), [(e.get("file_path"), e.get("message")) for e in hard], \
            {"stages": stages, "files": js, "suppressed": len(rep.get("suppressed", [])), "recovered": len(errs) - len(hard),
             "recovered_sample": [(e.get("file_path"), e.get("message")) for e in errs if e not in hard],
             "severity": collections.Counter(i.get("severity") for i in rep.get("issues", [])),
             "top": collections.Counter(i.get("rule_id") for i in rep.get("issues", []))}
    data = json.load(open(f"{r}.stdout"))
    n, bad, top, seen = 0, [], collections.Counter(), set()
    for f in data:
        rel = os.path.relpath(f.get("filePath", "?"), tree).replace(os.sep, "/")
        seen.add(rel)
        for m in f.get("messages") or []:
            rid = m.get("ruleId") or ""
            if rid.startswith("security/"):
                n += 1
                top[rid] += 1
            elif m.get("fatal") or not rid:
                bad.append((rel, m.get("message")))
    return n, len(bad), bad, {"files": seen, "top": top}

rows, med = [], {}
for tool in ("secscan", "eslint"):
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
print(f"== results: {files:,} JavaScript/TypeScript files, {lines:,} lines (median wall of {runs} run{'s' if runs > 1 else ''};"
      f" peak RSS = highest of the runs; CPU = user + system)")
hdr = f"{'tool':<8} {'wall s':>8} {'files/s':>9} {'lines/s':>10} {'CPU s':>7} {'peak RSS MiB':>12} {'findings':>8} {'not parsed':>10}"
print(hdr); print("-" * len(hdr))
for row in rows:
    if row[1] in ("SKIPPED", "FAILED"):
        print(f"{row[0]:<8} {row[1]}: {row[2]}"); continue
    tool, wall, cpu, rss, n, ne = row[:6]
    print(f"{tool:<8} {wall:>8.2f} {files / wall:>9,.0f} {lines / wall:>10,.0f} {cpu:>7.2f} {rss:>12.1f} {n:>8,} {ne:>10,}")
print()
if "eslint" in med and "secscan" in med:
    print(f"eslint time / secscan time: {med['eslint'][0] / med['secscan'][0]:.2f}x")
else:
    print(f"eslint time / secscan time: n/a ({', '.join(t for t in ('eslint', 'secscan') if t not in med)} not measured)")
if med:
    print("peak RSS: " + ", ".join(f"{t} {v[1]:.1f} MB" for t, v in med.items()) + "  (MB = 1024*1024 bytes)")
print()
counted = set(c["paths"])
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
        print(f"secscan: {len(extra['files']):,} JavaScript/TypeScript files in its report; findings by severity:"
              f" {dict(extra['severity'])}; suppressed: {extra['suppressed']}; files with syntax errors the parser"
              f" recovered from (analysed, low confidence): {extra['recovered']}")
    else:
        print(f"eslint: {len(extra['files']):,} files in its output")
    for what, diff in ((f"counted here but not in {tool}'s output" + (" (a .gitignore in the tree?)" if tool == "secscan" else ""),
                        counted - extra["files"]),
                       (f"in {tool}'s output but not counted here", extra["files"] - counted)):
        if diff:
            print(f"  {len(diff)} files {what}: {', '.join(sorted(diff)[:5])}{' ...' if len(diff) > 5 else ''}")
    if extra["top"]:
        print(f"{tool} top rules: " + ", ".join(f"{k} {v}" for k, v in extra["top"].most_common(6)))
    if ne:
        what = {"secscan": "files it could not analyse (report 'errors' saying 'not analysed')",
                "eslint": "files it could not parse (fatal messages)"}[tool]
        print(f"{tool}: {ne} {what}, e.g.:")
        for p, msg in sample[:5]:
            print(f"    {p}: {msg}")
print(f"\nraw output: {res}")
PY
[ $? -eq 0 ] || { echo "error: summarising the results failed" >&2; exit 2; }
exit "$failed"
