//! Every fixture under fixtures/lockfiles/<format>/ that has a `<file>.expected.json` beside it is run
//! through the extractor the expectation names, and the packages must be exactly the expected ones.
//!
//! Expectation format (ours):
//! ```json
//! { "extractor": "poetry.lock", "error": false,
//!   "packages": [ { "name": "x", "version": "1.0", "line": 3, "direct": true, "dev": false,
//!                   "optional": false, "peer": false, "path": ["a", "x"], "file": "sub/requirements.txt" } ] }
//! ```
//! `line`, `path` and `file` are compared only when present; `optional`/`peer` default to false.
//! With `"error": true` the extractor must return an error (and must not panic).
use secscan::deps::extract::{by_name, Source};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Expected {
    extractor: String,
    #[serde(default)]
    error: bool,
    #[serde(default)]
    packages: Vec<ExpectedPackage>,
    #[serde(default)]
    warnings: Option<usize>,
}

#[derive(Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ExpectedPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    line: Option<u32>,
    direct: bool,
    dev: bool,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    peer: bool,
    #[serde(default)]
    path: Option<Vec<String>>,
    #[serde(default)]
    file: Option<String>,
}

fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lockfiles");
    let mut stack = vec![base];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
                if let Some(stem) = name.strip_suffix(".expected.json") {
                    out.push((p.with_file_name(stem), p.clone()));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_matches_its_expectation() {
    let all = fixtures();
    assert!(!all.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for (fixture, expected_path) in &all {
        let expected: Expected = match std::fs::read_to_string(expected_path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{}: bad expectation: {e}", expected_path.display()));
                continue;
            }
        };
        let Some(extractor) = by_name(&expected.extractor) else {
            failures.push(format!("{}: no extractor named {}", expected_path.display(), expected.extractor));
            continue;
        };
        let root = fixture.parent().unwrap_or(Path::new("."));
        let content = std::fs::read_to_string(fixture).unwrap_or_default();
        let rel = fixture.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let src = Source { read_separately: None, root, path: fixture, rel: &rel, content: &content };
        match (extractor.extract(&src), expected.error) {
            (Err(_), true) => {}
            (Err(e), false) => failures.push(format!("{}: unexpected error: {e}", fixture.display())),
            (Ok(x), true) => {
                failures.push(format!("{}: expected an error, got {} packages", fixture.display(), x.packages.len()))
            }
            (Ok(x), false) => {
                if let Some(n) = expected.warnings {
                    if x.warnings.len() != n {
                        failures.push(format!("{}: expected {n} warnings, got {:?}", fixture.display(), x.warnings));
                    }
                }
                let mut got: Vec<ExpectedPackage> = x
                    .packages
                    .iter()
                    .zip(0..)
                    .map(|(p, i)| {
                        let e = expected.packages.get(i);
                        ExpectedPackage {
                            name: p.name.clone(),
                            version: p.version.clone(),
                            line: e.and_then(|e| e.line.map(|_| p.line_number.unwrap_or(0))),
                            direct: p.direct,
                            dev: p.dev,
                            optional: p.optional,
                            peer: p.peer,
                            path: e.and_then(|e| e.path.as_ref().map(|_| p.dependency_path.clone())),
                            file: e.and_then(|e| e.file.as_ref().map(|_| p.file_path.clone())),
                        }
                    })
                    .collect();
                let mut want = expected.packages.clone();
                // compare as multisets, but with optional fields only where the expectation has them
                got.sort();
                want.sort();
                let strip = |v: &mut Vec<ExpectedPackage>| {
                    for p in v.iter_mut() {
                        p.line = None;
                        p.path = None;
                        p.file = None;
                    }
                };
                let mut got_plain = got.clone();
                let mut want_plain = want.clone();
                strip(&mut got_plain);
                strip(&mut want_plain);
                if got_plain != want_plain {
                    failures.push(format!(
                        "{}: packages differ\n  want: {:?}\n  got:  {:?}",
                        fixture.display(),
                        want_plain,
                        got_plain
                    ));
                    continue;
                }
                // detailed fields: look each expected package up by identity
                for w in &want {
                    let found = x.packages.iter().find(|p| {
                        p.name == w.name
                            && p.version == w.version
                            && p.dev == w.dev
                            && w.line.is_none_or(|l| p.line_number == Some(l))
                            && w.path.as_ref().is_none_or(|path| &p.dependency_path == path)
                            && w.file.as_ref().is_none_or(|f| &p.file_path == f)
                    });
                    if found.is_none() {
                        let cands: Vec<_> = x
                            .packages
                            .iter()
                            .filter(|p| p.name == w.name)
                            .map(|p| (p.version.clone(), p.line_number, p.dependency_path.clone(), p.file_path.clone()))
                            .collect();
                        failures.push(format!(
                            "{}: {}@{:?}: expected line {:?} path {:?} file {:?}; have {:?}",
                            fixture.display(),
                            w.name,
                            w.version,
                            w.line,
                            w.path,
                            w.file,
                            cands
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n{}", failures.len(), all.len(), failures.join("\n"));
}
