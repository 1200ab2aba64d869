#!/usr/bin/env bash
# Dependency-engine benchmark: discovery + parsing + matching of a generated monorepo (204 lockfiles of seven
# formats, 110 000 package entries, about 52 MB, with the fields real locks carry: the issue's yardstick) against
# the full ../shared/corpus/osv advisory set, offline.
# Prints the median wall time of the dependency scan and of a scan with every engine, packages/s, files/s,
# peak memory and the stage timings; with BENCH_NPM_LS_DIR (a folder holding a large package-lock.json),
# also `npm ls --all --package-lock-only` there, side by side. BENCH_RUNS: measured runs (default 9).
# Usage: bench/run.sh [LOCKFILES] [PACKAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
lockfiles=${1:-204}
packages=${2:-110000}
osv=../shared/corpus/osv
out=bench/out
rm -rf "$out" && mkdir -p "$out"
if [ ! -d "$osv" ]; then
  echo "SKIPPED advisory import: $osv is not present; matching runs against fixtures/projects/demo/osv only" >&2
  osv=fixtures/projects/demo/osv
fi
cargo build --release --quiet
bin=target/release/secscan
python3 bench/gen_monorepo.py "$out/repo" --lockfiles "$lockfiles" --packages "$packages" --osv "$osv"
/usr/bin/time -f "import: %e s wall, %M KB peak RSS" "$bin" db import "$osv" --advisory-db "$out/adv.db"
common=(--offline --advisory-db "$out/adv.db" --format json --out-dir "$out" --fail-on none --min-score 0 -q)
runs=${BENCH_RUNS:-9}
# the dependency scan (--engines deps) and a scan with every engine; a warm-up run each (file cache), then
# $runs measured runs; the median is printed (this machine's neighbours make single runs noisy)
measure() { # NAME ARGS...
  local name=$1; shift
  "$bin" run "$out/repo" "${common[@]}" --no-history "$@" >/dev/null 2>&1 || true
  for i in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time.$name.$i" "$bin" run "$out/repo" "${common[@]}" --no-history "$@" >/dev/null
  done
  # one more with -v: the stage timings and the time the reports took to write
  "$bin" run "$out/repo" "${common[@]}" --no-history -v "$@" 2>&1 >/dev/null | grep '^timings:' > "$out/stages.$name" || true
  cp "$out/secscan-report.json" "$out/report.$name.json"
}
measure deps --engines deps
measure all
# ... and with the history database (the second run carries statuses over and compares with the first)
for i in h1 h2; do
  /usr/bin/time -f "%e %M" -o "$out/time.$i" "$bin" run "$out/repo" "${common[@]}" --engines deps --db "$out/history.db" >/dev/null
done
# side by side: npm's own `npm ls --all --package-lock-only` on ONE large lockfile, when a folder with
# package.json and package-lock.json is named in BENCH_NPM_LS_DIR (the issue's yardstick)
if [ -n "${BENCH_NPM_LS_DIR:-}" ] && command -v npm >/dev/null; then
  packages_in_lock=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]+'/package-lock.json')).get('packages', {})))" "$BENCH_NPM_LS_DIR")
  echo "$packages_in_lock" > "$out/npm-ls.packages"
  (cd "$BENCH_NPM_LS_DIR" && npm ls --all --package-lock-only >/dev/null 2>&1 || true)
  for i in $(seq 1 "$runs"); do
    (cd "$BENCH_NPM_LS_DIR" && /usr/bin/time -f "%e %M" -o "$OLDPWD/$out/time.npm.$i" npm ls --all --package-lock-only >/dev/null 2>&1 || true)
  done
else
  echo "SKIPPED npm ls side by side: set BENCH_NPM_LS_DIR to a folder with a large package-lock.json" >&2
fi
python3 - "$out" "$runs" <<'PY'
import json, os, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])

def times(name):
    rows = [open(f"{out}/time.{name}.{i}").read().split() for i in range(1, runs + 1) if os.path.exists(f"{out}/time.{name}.{i}")]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]

r = json.load(open(f"{out}/report.deps.json"))
pk = r["stats"]["packages"]
paths = {p["file_path"] for p in r["inventory"]}
lines = 0
for p in paths:
    with open(os.path.join(f"{out}/repo", p), "rb") as fh:
        lines += fh.read().count(b"\n")
print(f"lockfiles: {len(paths)}, package entries: {pk}, lines: {lines}, findings: {r['stats']['issues']}")
for name, label in (("deps", "dependency scan (--engines deps)"), ("all", "every engine")):
    wall, rss = times(name)
    med = statistics.median(wall)
    print(f"{label}: median of {len(wall)} {med:.3f} s (min {min(wall):.3f}, max {max(wall):.3f}), "
          f"peak memory {max(rss) / 1024:.1f} MiB (median {statistics.median(rss) / 1024:.1f})")
    stages = open(f"{out}/stages.{name}").read().strip().removeprefix("timings: ")
    print(f"  stages of one more run, with -v: {stages}")
    if name == "deps":
        deps_median = med
        print(f"  throughput: {pk / med:,.0f} packages/s, {len(paths) / med:,.1f} files/s, {lines / med:,.0f} lines/s")
h = [open(f"{out}/time.{i}").read().split() for i in ("h1", "h2")]
print(f"with history: first run {float(h[0][0]):.2f} s, second run {float(h[1][0]):.2f} s, peak {max(int(x[1]) for x in h) / 1024:.1f} MiB")
if os.path.exists(f"{out}/npm-ls.packages"):
    wall, rss = times("npm")
    med = statistics.median(wall)
    n = open(f"{out}/npm-ls.packages").read().strip()
    print(f"npm ls --all --package-lock-only on one lockfile of {n} packages: median {med:.3f} s (min {min(wall):.3f}), "
          f"peak {max(rss) / 1024:.1f} MiB")
    print(f"the whole monorepo's dependency scan takes {deps_median / med:.2f}x the time of that one npm ls (target: under 0.33x)")
PY
