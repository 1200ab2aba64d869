#!/usr/bin/env bash
# Code-engine quality benchmark: runs secscan's code engine (and bandit / ruff when they are on PATH, and ESLint with
# eslint-plugin-security when ESLINT_DIR holds them) over the public annotated Python and JavaScript/TypeScript
# suites and scores every tool with bench/code_quality.py, side by side.
#
# The suites are third-party material fetched for evaluation only; they live outside this repository and are
# never committed, nor are their expectation files or any tool output (bench/out is ignored).
#
# usage: bench/code-quality.sh [--semgrep DIR] [--bandit DIR] [--benchmark DIR] [--expect-dir DIR] [--out DIR]
#   or the environment: SEMGREP_RULES_DIR, SEMGREP_RULES_JS_DIR, BANDIT_DIR, BENCHMARK_PYTHON_DIR, EXPECT_DIR,
#   OUT_DIR, ESLINT_DIR (a folder whose node_modules holds eslint >= 9, eslint-plugin-security,
#   @typescript-eslint/parser and typescript; without it ESLint is SKIPPED).
# semgrep-rules-js is the javascript/ and typescript/ security tests of the same repository (expectation file
# semgrep-rules-js.json).
# Each suite DIR is either an extracted suite (semgrep-rules: python/**/security/*.py + .yaml; bandit: examples/
# + tests/functional/test_functional.py; OWASP Benchmark for Python: testcode/ + expectedresults-*.csv), or a
# bare git mirror of the suite's repository, from which that subset is extracted into OUT/suites/.
# Defaults: ../eval/suites/{semgrep-rules,bandit,BenchmarkPython} and ../eval/expect (EXPECT_DIR holds
# semgrep-rules.json, bandit.json, BenchmarkPython.json). A suite whose directory or expectation file is missing
# is reported as SKIPPED. The secscan binary is not built here: build it first (target/release/secscan, or set
# SECSCAN). Set SLACK=N to also credit findings up to N lines below a semgrep ruleid line.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
eval_dir=${EVAL_DIR:-$repo/../eval}
semgrep_dir=${SEMGREP_RULES_DIR:-$eval_dir/suites/semgrep-rules}
bandit_dir=${BANDIT_DIR:-$eval_dir/suites/bandit}
benchmark_dir=${BENCHMARK_PYTHON_DIR:-$eval_dir/suites/BenchmarkPython}
semgrep_js_dir=${SEMGREP_RULES_JS_DIR:-$eval_dir/suites/semgrep-rules-js}
eslint_dir=${ESLINT_DIR:-$eval_dir/eslint}
expect_dir=${EXPECT_DIR:-$eval_dir/expect}
out=${OUT_DIR:-$repo/bench/out/code-quality}
secscan=${SECSCAN:-$repo/target/release/secscan}
slack=${SLACK:-0}
while [ $# -gt 0 ]; do
  case "$1" in
    --semgrep) semgrep_dir=$2; shift 2 ;;
    --bandit) bandit_dir=$2; shift 2 ;;
    --benchmark) benchmark_dir=$2; shift 2 ;;
    --expect-dir) expect_dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
score=$repo/bench/code_quality.py
mkdir -p "$out"

# a bare git directory (a mirror): HEAD and objects/ at its top
is_bare_git() { [ -f "$1/HEAD" ] && [ -d "$1/objects" ] && git --git-dir="$1" rev-parse -q --verify HEAD >/dev/null 2>&1; }

# extract NAME's subset from a bare mirror into $out/suites/NAME; prints the extracted directory
extract() {
  local name=$1 git=$2 dest=$out/suites/$1
  rm -rf "$dest" && mkdir -p "$dest"
  case "$name" in
    semgrep-rules)
      git --git-dir="$git" archive HEAD python | tar -x -C "$dest"
      find "$dest/python" -type f \( ! -path '*/security/*' -o -name '*.fixed.*' -o ! \( -name '*.py' -o -name '*.yaml' \) \) -delete
      # a test file whose rule yaml was removed upstream carries dangling annotations
      find "$dest/python" -name '*.py' | while read -r f; do [ -f "${f%.py}.yaml" ] || rm -f "$f"; done
      find "$dest/python" -type d -empty -delete ;;
    bandit)
      git --git-dir="$git" archive HEAD examples tests/functional/test_functional.py | tar -x -C "$dest" ;;
    BenchmarkPython)
      local csv
      csv=$(git --git-dir="$git" ls-tree --name-only HEAD | grep '^expectedresults-.*\.csv$')
      git --git-dir="$git" archive HEAD testcode helpers $csv | tar -x -C "$dest" ;;
  esac
  echo "$(git --git-dir="$git" rev-parse HEAD)" > "$dest/.suite-commit"
  echo "$dest"
}

# ESLint with eslint-plugin-security's recommended rules (its own configuration, written here; the suite's
# comments are not read), JavaScript by espree and TypeScript by @typescript-eslint/parser.
run_eslint() {
  local dir=$1 expect=$2 res=$3
  local eslint_js=$eslint_dir/node_modules/eslint/bin/eslint.js
  if ! command -v node >/dev/null 2>&1 || [ ! -f "$eslint_js" ]; then
    echo "eslint: SKIPPED (no node, or no eslint under ESLINT_DIR=$eslint_dir)"; return
  fi
  cat > "$res/eslint.config.mjs" <<CFG
import { createRequire } from "node:module";
const require = createRequire("$eslint_dir/package.json");
const security = require("eslint-plugin-security");
const tsParser = require("@typescript-eslint/parser");
export default [
  { files: ["**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: "off" } },
  { files: ["**/*.cjs", "**/*.cts"], languageOptions: { sourceType: "commonjs" } },
  { files: ["**/*.{ts,tsx,mts,cts}"], languageOptions: { parser: tsParser } },
  security.configs.recommended,
];
CFG
  # exit 1 means findings
  (cd "$dir" && node "$eslint_js" -c "$res/eslint.config.mjs" --no-inline-config --no-warn-ignored -f json .) \
    > "$res/eslint.json" 2> "$res/eslint.log"
  if [ -s "$res/eslint.json" ]; then
    python3 "$score" --suite-dir "$dir" --expect "$expect" --tool eslint --results "$res/eslint.json" \
      > "$res/eslint.txt" 2>>"$res/eslint.log" && python3 "$score" --suite-dir "$dir" --expect "$expect" --tool eslint \
      --results "$res/eslint.json" --json > "$res/eslint.score.json" 2>>"$res/eslint.log" \
      && scores+=("$res/eslint.score.json")
  else
    echo "eslint: failed (see $res/eslint.log)"
  fi
}

run_suite() {
  local name=$1 dir=$2 expect=$expect_dir/$1.json res=$out/$1
  echo "== $name"
  if [ ! -d "$dir" ]; then echo "SKIPPED $name: suite directory $dir not found"; return; fi
  if is_bare_git "$dir"; then dir=$(extract "$name" "$dir"); fi
  if [ ! -f "$expect" ]; then echo "SKIPPED $name: expectation file $expect not found"; return; fi
  mkdir -p "$res"
  local scores=() extra=()
  [ "$name" = semgrep-rules ] && [ "$slack" -gt 0 ] && extra=(--slack "$slack")

  # secscan
  rm -f "$res/secscan-report.json"
  if [ -x "$secscan" ] && "$secscan" run "$dir" --engines code --format json --out-dir "$res" --no-history \
       --fail-on none --min-score 0 -q >"$res/secscan.log" 2>&1 && [ -s "$res/secscan-report.json" ]; then
    python3 "$score" --suite-dir "$dir" --expect "$expect" --tool secscan --results "$res/secscan-report.json" \
      "${extra[@]}" > "$res/secscan.txt"
    python3 "$score" --suite-dir "$dir" --expect "$expect" --tool secscan --results "$res/secscan-report.json" \
      "${extra[@]}" --json > "$res/secscan.score.json" && scores+=("$res/secscan.score.json")
    if [ "$name" = semgrep-rules ]; then
      # taint findings also counted on their trace's lines (the suite annotates some flows at the source)
      python3 "$score" --suite-dir "$dir" --expect "$expect" --tool secscan --results "$res/secscan-report.json" \
        --trace-lines > "$res/secscan.trace-lines.txt"
      echo "secscan, counting trace lines: $(tail -1 "$res/secscan.trace-lines.txt")"
    fi
  elif [ ! -x "$secscan" ]; then
    echo "secscan: code engine not available ($secscan is not built)"
  else
    echo "secscan: code engine not available (see $res/secscan.log)"
  fi

  if [ "$name" = semgrep-rules-js ]; then
    run_eslint "$dir" "$expect" "$res"
    if [ ${#scores[@]} -gt 0 ]; then python3 "$score" --compare "${scores[@]}"; echo "(full tables: $res/*.txt)"; fi
    return
  fi

  # bandit (exit 1 means findings)
  if command -v bandit >/dev/null 2>&1; then
    bandit -r "$dir" -f json -o "$res/bandit.json" -q >"$res/bandit.log" 2>&1
    if [ -s "$res/bandit.json" ]; then
      python3 - "$res/bandit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = sum(1 for e in d.get("errors", []) if "syntax error" in e.get("reason", ""))
if n:
    print(f"bandit: {n} files could not be parsed by bandit's Python (broken on purpose, or newer syntax)")
PY
      python3 "$score" --suite-dir "$dir" --expect "$expect" --tool bandit --results "$res/bandit.json" "${extra[@]}" \
        > "$res/bandit.txt" && python3 "$score" --suite-dir "$dir" --expect "$expect" --tool bandit \
        --results "$res/bandit.json" "${extra[@]}" --json > "$res/bandit.score.json" && scores+=("$res/bandit.score.json")
    else
      echo "bandit: failed (see $res/bandit.log)"
    fi
  else
    echo "bandit: not on PATH, skipped"
  fi

  # ruff, flake8-bandit rules only, ignoring any configuration inside the suite (exit 1 means findings)
  if command -v ruff >/dev/null 2>&1; then
    ruff check --isolated --select S --output-format json --no-cache "$dir" >"$res/ruff.json" 2>"$res/ruff.log"
    if [ -s "$res/ruff.json" ]; then
      python3 "$score" --suite-dir "$dir" --expect "$expect" --tool ruff --results "$res/ruff.json" "${extra[@]}" \
        > "$res/ruff.txt" && python3 "$score" --suite-dir "$dir" --expect "$expect" --tool ruff \
        --results "$res/ruff.json" "${extra[@]}" --json > "$res/ruff.score.json" && scores+=("$res/ruff.score.json")
    else
      echo "ruff: failed (see $res/ruff.log)"
    fi
  else
    echo "ruff: not on PATH, skipped"
  fi

  if [ ${#scores[@]} -gt 0 ]; then
    python3 "$score" --compare "${scores[@]}"
    echo "(full tables: $res/*.txt)"
  fi
}

sv=$([ -x "$secscan" ] && "$secscan" --version 2>/dev/null | head -1)
echo "tools: ${sv:-secscan $([ -x "$secscan" ] && echo '(version unknown)' || echo 'not built')}," \
  "$(command -v bandit >/dev/null 2>&1 && bandit --version 2>/dev/null | head -1 || echo 'bandit absent')," \
  "$(command -v ruff >/dev/null 2>&1 && ruff --version 2>/dev/null || echo 'ruff absent')"
run_suite semgrep-rules "$semgrep_dir"
run_suite bandit "$bandit_dir"
run_suite BenchmarkPython "$benchmark_dir"
run_suite semgrep-rules-js "$semgrep_js_dir"
