#!/usr/bin/env python3
"""Generate a large monorepo for the dependency-engine benchmark.

usage: gen_monorepo.py OUT_DIR [--lockfiles 200] [--packages 50000] [--osv DIR]

Half the lockfiles are package-lock.json v3 (npm), half are poetry.lock (PyPI); together they hold
--packages entries. Package names are taken from the advisory records under --osv (so that matching does
real work) mixed with names no advisory mentions; versions are spread so that some are affected.
Deterministic (fixed seed). Registry URLs use placeholder hosts.
"""
import argparse
import json
import os
import random
import sys


def advisory_names(osv_dir, ecosystem):
    names = set()
    folder = os.path.join(osv_dir, "pypi" if ecosystem == "PyPI" else "npm")
    if not os.path.isdir(folder):
        return []
    for f in os.listdir(folder):
        if not f.endswith(".json"):
            continue
        try:
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                rec = json.load(fh)
        except (OSError, ValueError):
            continue
        for a in rec.get("affected", []):
            p = a.get("package", {})
            if p.get("ecosystem") == ecosystem and p.get("name"):
                names.add(p["name"])
    return sorted(names)


def version(rng):
    return f"{rng.randint(0, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}"


def npm_lock(rng, names, n):
    chosen = rng.sample(names, min(n, len(names)))
    while len(chosen) < n:
        chosen.append(f"bench-pkg-{rng.randint(0, 10**9)}")
    root_deps = {name: "^" + version(rng) for name in chosen[: max(1, n // 10)]}
    packages = {"": {"name": "bench", "version": "1.0.0", "dependencies": root_deps}}
    for i, name in enumerate(chosen):
        v = version(rng)
        entry = {
            "version": v,
            "resolved": f"https://registry.npm.example/{name}/-/{name.split('/')[-1]}-{v}.tgz",
            "integrity": "sha512-AAAA",
        }
        if i + 1 < len(chosen) and i % 3 == 0:
            entry["dependencies"] = {chosen[i + 1]: "*"}
        if i % 7 == 0:
            entry["dev"] = True
        packages[f"node_modules/{name}"] = entry
    return json.dumps({"name": "bench", "version": "1.0.0", "lockfileVersion": 3, "requires": True, "packages": packages}, indent=2)


def poetry_lock(rng, names, n):
    chosen = rng.sample(names, min(n, len(names)))
    while len(chosen) < n:
        chosen.append(f"bench-py-{rng.randint(0, 10**9)}")
    out = []
    for i, name in enumerate(chosen):
        out.append("[[package]]")
        out.append(f'name = "{name}"')
        out.append(f'version = "{version(rng)}"')
        out.append('description = ""')
        out.append("optional = false")
        out.append('python-versions = "*"')
        if i + 1 < len(chosen) and i % 3 == 0:
            out.append("")
            out.append("[package.dependencies]")
            out.append(f'{chosen[i + 1]} = "*"')
        out.append("")
    out.append("[metadata]")
    out.append('lock-version = "2.0"')
    out.append('python-versions = "^3.9"')
    out.append('content-hash = "0"')
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--lockfiles", type=int, default=200)
    ap.add_argument("--packages", type=int, default=50000)
    ap.add_argument("--osv", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus", "osv"))
    a = ap.parse_args()
    rng = random.Random(42)
    npm_names = advisory_names(a.osv, "npm")
    py_names = advisory_names(a.osv, "PyPI")
    if not npm_names or not py_names:
        print(f"note: no advisory records under {a.osv}; using synthetic names only", file=sys.stderr)
    npm_names = npm_names + [f"bench-pkg-{i}" for i in range(2000)]
    py_names = py_names + [f"bench-py-{i}" for i in range(2000)]
    per_file = a.packages // a.lockfiles
    total = 0
    for i in range(a.lockfiles):
        d = os.path.join(a.out, "packages", f"p{i:03d}")
        os.makedirs(d, exist_ok=True)
        if i % 2 == 0:
            text = npm_lock(rng, npm_names, per_file)
            name = "package-lock.json"
        else:
            text = poetry_lock(rng, py_names, per_file)
            name = "poetry.lock"
        with open(os.path.join(d, name), "w", encoding="utf-8") as fh:
            fh.write(text)
        total += per_file
    print(f"generated {a.lockfiles} lockfiles with {total} package entries in {a.out}")


if __name__ == "__main__":
    main()
