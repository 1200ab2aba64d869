//! Agreement with a peer scanner's extractor test suite (../shared/corpus/lockfiles, see its README).
//!
//! For every fixture there, runs the secscan extractor for that format and compares the package
//! multiset (normalised name + version) with what the peer's tests expect; a fixture the peer expects
//! to fail must give an error here. Prints "N of M fixtures identical" per format and overall, and fails
//! if a format falls below its recorded floor (so agreement cannot silently regress). Differences that
//! are deliberate are explained in README.md (Limitations). Skipped, saying so, when ../shared is absent.
use secscan::deps::extract::{by_name, Source};
use secscan::model::Ecosystem;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// corpus folder → (extractor, fixtures that must agree at least: the agreement measured when the
/// extractors landed; every remaining difference is explained in README.md, Known limitations).
const FORMATS: &[(&str, &str, usize)] = &[
    ("requirements", "requirements.txt", 7),
    ("pipfilelock", "Pipfile.lock", 9),
    ("poetrylock", "poetry.lock", 11),
    ("pdmlock", "pdm.lock", 9),
    // 6: `names-outside-package-block.lock` has packages without the `source` uv always writes, which
    // secscan reads as a lock cut short (see README.md, Known limitations)
    ("uvlock", "uv.lock", 6),
    ("pylock", "pylock.toml", 8),
    ("pyprojecttoml", "pyproject.toml", 4),
    ("setup", "setup.py", 2),
    ("packagelockjson", "package-lock.json", 30),
    ("yarnlock", "yarn.lock", 23),
    ("pnpmlock", "pnpm-lock.yaml", 29),
    ("bunlock", "bun.lock", 18),
    ("packagejson", "package.json", 5),
];

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/lockfiles");
    dir.is_dir().then_some(dir)
}

type Multiset = BTreeMap<(String, String), usize>;

fn multiset(eco: Ecosystem, items: impl Iterator<Item = (String, String)>) -> Multiset {
    let mut m = Multiset::new();
    for (n, v) in items {
        *m.entry((eco.normalize_name(&n), v)).or_default() += 1;
    }
    m
}

/// Compare one corpus folder; returns (identical, total, disagreements).
pub fn compare_format(dir: &Path, extractor_name: &str) -> (usize, usize, Vec<String>) {
    let Some(extractor) = by_name(extractor_name) else {
        return (0, 0, vec![format!("no extractor {extractor_name}")]);
    };
    let eco = extractor.ecosystem();
    // every *.expected.json in the folder tree
    let mut expectations: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".expected.json") {
                expectations.push(p);
            }
        }
    }
    expectations.sort();
    let (mut same, mut total, mut notes) = (0, 0, Vec::new());
    for exp_path in expectations {
        let Ok(text) = std::fs::read_to_string(&exp_path) else {
            continue;
        };
        let Ok(exp) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let Some(name) = exp["fixture"].as_str() else {
            continue;
        };
        // "fixture" is relative to the format's folder (nested ones carry their sub-folder)
        let path = dir.join(name);
        let folder = path.parent().unwrap_or(dir);
        let fixture = name;
        total += 1;
        let content = match std::fs::read(&path) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                notes.push(format!("{fixture}: unreadable: {e}"));
                continue;
            }
        };
        let rel = fixture.to_string();
        let src = Source { read_separately: None, root: folder, path: &path, rel: &rel, content: &content };
        let result = extractor.extract(&src);
        let cases = exp["cases"].as_array().cloned().unwrap_or_default();
        let mut matched = false;
        let mut want_desc = String::new();
        for case in &cases {
            let expect_error = case["expect_error"].as_bool().unwrap_or(false);
            match (&result, expect_error) {
                (Err(_), true) => matched = true,
                (Ok(x), false) => {
                    let want = multiset(
                        eco,
                        case["packages"].as_array().into_iter().flatten().map(|p| {
                            (
                                p["name"].as_str().unwrap_or("").to_string(),
                                p["version"].as_str().unwrap_or("").to_string(),
                            )
                        }),
                    );
                    let got = multiset(
                        eco,
                        x.packages.iter().map(|p| (p.name.clone(), p.version.clone().unwrap_or_default())),
                    );
                    if want == got {
                        matched = true;
                    } else if want_desc.is_empty() {
                        let missing: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
                        let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
                        want_desc = format!("missing {missing:?}; extra {extra:?}");
                    }
                }
                (Err(e), false) => {
                    if want_desc.is_empty() {
                        want_desc = format!("we fail ({e}), peer extracts");
                    }
                }
                (Ok(x), true) => {
                    if want_desc.is_empty() {
                        want_desc = format!("peer fails, we extract {} packages", x.packages.len());
                    }
                }
            }
            if matched {
                break;
            }
        }
        if matched {
            same += 1;
        } else {
            notes.push(format!("{fixture}: {want_desc}"));
        }
    }
    (same, total, notes)
}

/// A test binary of its own (`harness = false` in Cargo.toml) so that what it prints is always shown by
/// `cargo test`, in particular that it was SKIPPED when the shared corpus is absent.
fn main() {
    let Some(base) = corpus_dir() else {
        println!("corpus_agreement: SKIPPED (../shared/corpus/lockfiles is not present on this machine)");
        return;
    };
    let verbose = std::env::args().any(|a| a == "--nocapture");
    let (mut all_same, mut all_total) = (0, 0);
    let mut below = Vec::new();
    for &(folder, extractor, floor) in FORMATS {
        let (same, total, notes) = compare_format(&base.join(folder), extractor);
        if verbose {
            println!("{folder:<16} {same:>3} of {total:>3} fixtures identical");
            for n in &notes {
                println!("    {n}");
            }
        }
        all_same += same;
        all_total += total;
        if same < floor {
            below.push(format!("{folder}: {same} < floor {floor}"));
        }
    }
    println!("corpus_agreement: {all_same} of {all_total} fixtures identical (--nocapture for each format)");
    if !below.is_empty() {
        eprintln!("corpus_agreement: FAILED: agreement fell below the recorded floor: {below:?}");
        std::process::exit(1);
    }
}
