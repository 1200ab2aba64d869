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

/// Every cut point of a text (every char boundary when it is short, else a dense sample: every line
/// end and the bytes around it, and evenly spaced points).
fn cut_points(text: &str) -> Vec<usize> {
    let mut points: Vec<usize> = if text.len() <= 4_000 {
        (0..text.len()).collect()
    } else {
        let mut p: Vec<usize> = (0..2_000).map(|i| i * text.len() / 2_000).collect();
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' || b == b'"' {
                p.extend([i.saturating_sub(1), i, i + 1]);
            }
        }
        p
    };
    points.retain(|&i| i < text.len() && text.is_char_boundary(i));
    points.sort_unstable();
    points.dedup();
    points
}

/// Formats written by hand, line by line, that often end without a line ending: a cut inside their
/// last line cannot be told from a shorter line (`django==4.2.1` cut to `django==4.2` is a valid pin), so
/// for them the sweep cuts at line boundaries only (a cut there drops whole lines: a subset). Every
/// machine-written format is cut at every byte.
const LINE_FORMATS: &[&str] = &["requirements.txt", "setup.cfg"];

/// A yarn.lock cut inside a quoted value (`version "6.10.1` at end of file) gave `version: null`, no
/// warning, and the advisory was missed. For every format, a file cut at any byte must be a per-file
/// error or give only packages the whole file has, with the same versions.
#[test]
fn truncation_is_never_silent() {
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for (fixture, expected_path) in fixtures() {
        let Ok(expected) = std::fs::read_to_string(&expected_path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<Expected>(&t).map_err(|e| e.to_string()))
        else {
            continue;
        };
        if expected.error {
            continue;
        }
        let Some(extractor) = by_name(&expected.extractor) else { continue };
        let root = fixture.parent().unwrap_or(Path::new("."));
        let content = std::fs::read_to_string(&fixture).unwrap_or_default();
        let rel = fixture.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let full = match extractor.extract(&Source {
            read_separately: None,
            root,
            path: &fixture,
            rel: &rel,
            content: &content,
        }) {
            Ok(x) => x,
            Err(_) => continue,
        };
        let whole: std::collections::HashSet<(String, Option<String>)> =
            full.packages.iter().map(|p| (p.name.clone(), p.version.clone())).collect();
        let mut points = cut_points(&content);
        if LINE_FORMATS.contains(&expected.extractor.as_str()) {
            points.retain(|&i| i == 0 || content.as_bytes().get(i - 1) == Some(&b'\n'));
        }
        for cut in points {
            checked += 1;
            let part = &content[..cut];
            let src = Source { read_separately: None, root, path: &fixture, rel: &rel, content: part };
            let Ok(x) = extractor.extract(&src) else { continue };
            for p in &x.packages {
                // a package without a version is never matched against advisories (a cut may leave one
                // that a table later in the whole file resolves, e.g. a workspace source)
                if p.version.is_some() && !whole.contains(&(p.name.clone(), p.version.clone())) {
                    failures.push(format!(
                        "{} cut at byte {cut} ({:?}): {} {:?} ({:?}) is not in the whole file",
                        fixture.display(),
                        part.char_indices().rev().nth(29).map_or(part, |(i, _)| &part[i..]),
                        p.name,
                        p.version,
                        p.requirement
                    ));
                    break;
                }
            }
        }
    }
    let mut per_format: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for f in &failures {
        let dir = f.split(" cut at ").next().and_then(|p| p.rsplit('/').nth(1)).unwrap_or("?").to_string();
        *per_format.entry(dir).or_default() += 1;
    }
    eprintln!("failures per format: {per_format:?}");
    let shown: Vec<&String> = failures.iter().take(40).collect();
    assert!(
        failures.is_empty(),
        "{} of {checked} cut points gave packages the whole file does not have:\n{}",
        failures.len(),
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
    eprintln!("truncation sweep: {checked} cut points, all either errors or subsets of the whole file");
}
