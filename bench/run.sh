#!/usr/bin/env bash
# Dependency-engine benchmark: discovery + parsing + matching of a generated monorepo (200 lockfiles,
# 50 000 package entries) against the full ../shared/corpus/osv advisory set, offline.
# Prints wall time, packages/s, files/s and peak memory. Usage: bench/run.sh [LOCKFILES] [PACKAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
lockfiles=${1:-200}
packages=${2:-50000}
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
# one warm-up run (file cache), then the measured runs: the engine alone (no history)...
"$bin" run "$out/repo" "${common[@]}" --no-history >/dev/null 2>&1 || true
for i in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$out/time.$i" "$bin" run "$out/repo" "${common[@]}" --no-history >/dev/null
done
# ... and with the history database (the second run carries statuses over and compares with the first)
for i in h1 h2; do
  /usr/bin/time -f "%e %M" -o "$out/time.$i" "$bin" run "$out/repo" "${common[@]}" --db "$out/history.db" >/dev/null
done
python3 - "$out" <<'PY'
import json, sys, statistics
out = sys.argv[1]
r = json.load(open(f"{out}/secscan-report.json"))
runs = [open(f"{out}/time.{i}").read().split() for i in (1, 2, 3)]
wall = statistics.median(float(t[0]) for t in runs)
rss = max(int(t[1]) for t in runs)
pk = r["stats"]["packages"]
files = sum(1 for _ in {p["file_path"] for p in r["inventory"]})
lines = 0
import os
for p in {p["file_path"] for p in r["inventory"]}:
    with open(os.path.join(f"{out}/repo", p), "rb") as fh:
        lines += fh.read().count(b"\n")
timings = {t["stage"]: t["millis"] for t in r["timings"]}
print(f"lockfiles: {files}, package entries: {pk}, lines: {lines}, findings: {r['stats']['issues']}")
print(f"wall (median of 3): {wall:.2f} s; stages (last run, ms): {timings}")
print(f"throughput: {pk / wall:,.0f} packages/s, {files / wall:,.1f} files/s, {lines / wall:,.0f} lines/s")
print(f"peak memory: {rss / 1024:.1f} MiB")
h = [open(f"{out}/time.{i}").read().split() for i in ("h1", "h2")]
print(f"with history: first run {float(h[0][0]):.2f} s, second run {float(h[1][0]):.2f} s, peak {max(int(x[1]) for x in h) / 1024:.1f} MiB")
PY
