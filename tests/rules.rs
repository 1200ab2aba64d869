//! Every rule against its annotated target: `rules/<language>/<category>/<id>.yaml` has `<id>.py` beside
//! it, where `# ruleid: ID` comes before each line the rule must flag and `# ok: ID` before each look-alike
//! it must not (`# todoruleid:` and `# todook:` record known misses and known false alarms, and do not
//! fail). A finding of the rule on any line not marked `ruleid` fails, as does a marked line without one,
//! and a rule without a target.
use secscan::code::CodeEngine;
use secscan::engine::{Analyzer, SourceFile};
use secscan::practices::PracticesEngine;
use secscan::rules::RuleSet;
use secscan::secrets::SecretsEngine;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            rule_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml")
            && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('_'))
        {
            out.push(p);
        }
    }
}

/// The annotations of a target: (rule id → lines that must be flagged, must not be, known misses, known
/// false alarms). An annotation applies to the next line that is neither blank nor a comment.
#[derive(Default, Debug)]
struct Expect {
    ruleid: BTreeSet<u32>,
    ok: BTreeSet<u32>,
    todo_ruleid: BTreeSet<u32>,
    todo_ok: BTreeSet<u32>,
}

fn annotations(text: &str) -> BTreeMap<String, Expect> {
    annotations_in(text, "")
}

/// The annotations of a target whose comments are those of its extension (`--` only in SQL, `//` only
/// in JavaScript and TypeScript, `#` elsewhere; any of them when the extension is not given).
fn annotations_in(text: &str, ext: &str) -> BTreeMap<String, Expect> {
    let (hash, slashes, dashes) = match ext {
        "" => (true, true, true),
        "sql" => (true, false, true),
        "js" | "ts" | "jsx" | "tsx" | "mjs" | "cjs" => (false, true, false),
        _ => (true, false, false),
    };
    let mut out: BTreeMap<String, Expect> = BTreeMap::new();
    let mut pending: Vec<(String, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = (i + 1) as u32;
        let t = line.trim();
        // `# …`, `// …`, `-- …`, and JSX's `{/* … */}`
        let jsx = t.strip_prefix("{/*").and_then(|c| c.strip_suffix("*/}")).filter(|_| slashes);
        if let Some(comment) = jsx
            .or_else(|| t.strip_prefix('#').filter(|_| hash))
            .or_else(|| t.strip_prefix("//").filter(|_| slashes))
            .or_else(|| t.strip_prefix("--").filter(|_| dashes))
        {
            let c = comment.trim();
            for kind in ["todoruleid:", "todook:", "ruleid:", "ok:"] {
                if let Some(ids) = c.strip_prefix(kind) {
                    for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        pending.push((kind.to_string(), id.to_string()));
                    }
                    break;
                }
            }
            continue;
        }
        if t.is_empty() {
            continue;
        }
        for (kind, id) in pending.drain(..) {
            let e = out.entry(id).or_default();
            match kind.as_str() {
                "ruleid:" => e.ruleid.insert(n),
                "ok:" => e.ok.insert(n),
                "todoruleid:" => e.todo_ruleid.insert(n),
                _ => e.todo_ok.insert(n),
            };
        }
    }
    out
}

#[test]
fn every_rule_flags_exactly_its_annotated_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files = Vec::new();
    rule_files(&root, &mut files);
    assert!(!files.is_empty(), "no rule files under {}", root.display());
    let set = Arc::new(RuleSet::load(&[]).expect("the embedded rules load"));
    let engine = CodeEngine::new(set.clone(), &[]);
    let secrets = SecretsEngine::new(&set, &[], secscan::secrets::DEFAULT_SALT).expect("the secrets rules compile");
    let practices = PracticesEngine::new(&set, &[]);
    let empty = HashSet::new();
    let mut failures = Vec::new();
    let (mut rules, mut lines_checked) = (0, 0);
    for yaml in &files {
        let id = yaml.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(rule) = set.get(&id) else {
            failures.push(format!("{}: not loaded", yaml.display()));
            continue;
        };
        let secret = rule.languages.iter().any(|l| l == "secrets");
        let practice = rule.languages.iter().any(|l| l == "practices");
        if practice {
            rules += 1;
            lines_checked += check_practice(&practices, yaml, &id, &mut failures);
            continue;
        }
        let ext = if secret {
            "txt"
        } else if rule.languages.iter().any(|l| l == "python") {
            "py"
        } else if rule.languages.iter().any(|l| l == "sql") {
            "sql"
        } else {
            "js"
        };
        // JavaScript rules may have a TypeScript target beside the JavaScript one (`<id>.ts`)
        let mut targets = vec![yaml.with_extension(ext)];
        if ext == "js" && yaml.with_extension("ts").exists() {
            // TypeScript-only rules (NestJS decorators) have only the `.ts` target
            if !yaml.with_extension("js").exists() {
                targets.clear();
            }
            targets.push(yaml.with_extension("ts"));
        }
        // more targets `<id>.2.py`, `<id>.3.ts`: file-level checks (a setting missing from a whole file) need
        // one file that is flagged and one that is not
        for n in 2..10 {
            for e in [ext, "ts"] {
                let more = yaml.with_extension(format!("{n}.{e}"));
                if more.exists() {
                    targets.push(more);
                }
            }
        }
        // a secrets rule's targets are the files beside it named after it, of any kind (`<id>.env`)
        if secret {
            targets = std::fs::read_dir(yaml.parent().unwrap_or(Path::new(".")))
                .map(|d| {
                    d.flatten()
                        .map(|e| e.path())
                        .filter(|p| p.file_stem() == yaml.file_stem() && p.extension().is_some_and(|e| e != "yaml"))
                        .collect()
                })
                .unwrap_or_default();
            targets.sort();
            if targets.is_empty() {
                targets.push(yaml.with_extension("txt"));
            }
        }
        rules += 1;
        let mut marked = (0, 0);
        for target in &targets {
            let Ok(text) = std::fs::read_to_string(target) else {
                failures.push(format!("{id}: no annotated target {}", target.display()));
                continue;
            };
            let target_ext = target.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
            let expect = annotations_in(&text, &target_ext);
            let mine = expect.get(&id);
            marked.0 += mine.map_or(0, |e| e.ruleid.len() + e.todo_ruleid.len());
            marked.1 += mine.map_or(0, |e| e.ok.len());
            let rel = format!("{id}.{target_ext}");
            let file = SourceFile { root: &root, path: target, rel: &rel, text: &text, read_separately: &empty };
            let kind = match ext {
                "py" => 0,
                "js" => 1,
                _ => 2,
            };
            let out = if secret { secrets.analyze(&file, 1) } else { engine.analyze(&file, kind) };
            for e in &out.errors {
                failures.push(format!("{id}: the target does not analyse cleanly: {}", e.message));
            }
            let found: BTreeSet<u32> =
                out.findings.iter().filter(|f| f.rule_id == id).filter_map(|f| f.line_number).collect();
            let default = Expect::default();
            let e = mine.unwrap_or(&default);
            lines_checked += e.ruleid.len() + e.ok.len();
            for line in &e.ruleid {
                if !found.contains(line) {
                    failures
                        .push(format!("{id}: line {line} is marked ruleid but was not flagged ({})", target.display()));
                }
            }
            for line in &found {
                if !e.ruleid.contains(line) && !e.todo_ruleid.contains(line) && !e.todo_ok.contains(line) {
                    failures
                        .push(format!("{id}: line {line} was flagged but is not marked ruleid ({})", target.display()));
                }
            }
            for line in &e.todo_ruleid {
                if found.contains(line) {
                    failures.push(format!(
                        "{id}: line {line} is a known miss (todoruleid) but is flagged now: mark it ruleid"
                    ));
                }
            }
        }
        if marked.0 == 0 || marked.1 == 0 {
            failures.push(format!("{id}: the targets need at least one `ruleid: {id}` and one `ok: {id}`"));
        }
    }
    println!("{rules} rules, {lines_checked} annotated lines checked");
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
}

/// A practices rule against its targets: the files beside it named `<id>.<kind>` (`.workflow.yml`,
/// `.gitlab-ci.yml`, `.circleci.yml`, `Jenkinsfile`, `Dockerfile`), each read as the file it stands for.
/// Rules about the repository itself (`repo-…`: a file's presence or name) and about its package.json
/// (`api-…`) are checked on the fixture
/// projects instead (tests/practices.rs). Returns the annotated lines checked.
fn check_practice(engine: &PracticesEngine, yaml: &Path, id: &str, failures: &mut Vec<String>) -> usize {
    let dir = yaml.parent().unwrap_or(Path::new("."));
    let prefix = format!("{id}.");
    let mut targets: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<PathBuf>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p: &PathBuf| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            name.starts_with(&prefix) && name != format!("{id}.yaml")
        })
        .collect();
    targets.sort();
    if targets.is_empty() {
        // `api-` rules read package.json, which cannot carry annotations: the fixture repository exercises them
        if !id.starts_with("repo-") && !id.starts_with("api-") {
            failures.push(format!("{id}: no annotated target ({id}.workflow.yml, {id}.Dockerfile, …)"));
        }
        return 0;
    }
    let empty = HashSet::new();
    let (mut marked, mut checked) = ((0, 0), 0);
    for target in &targets {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (rel, ext): (String, &str) = if name.ends_with(".workflow.yml") {
            (format!(".github/workflows/{name}"), "yml")
        } else if name.ends_with(".gitlab-ci.yml") {
            (".gitlab-ci.yml".to_string(), "yml")
        } else if name.ends_with(".circleci.yml") {
            (".circleci/config.yml".to_string(), "yml")
        } else if name.ends_with("Jenkinsfile") {
            ("Jenkinsfile".to_string(), "js")
        } else if name.ends_with("settings.py") {
            ("app/settings.py".to_string(), "py")
        } else if name.ends_with("Dockerfile") {
            ("Dockerfile".to_string(), "dockerfile")
        } else {
            failures.push(format!("{id}: {name}: not a kind of target this test knows"));
            continue;
        };
        let Ok(text) = std::fs::read_to_string(target) else { continue };
        let Some(kind) = engine.kind_of(&rel) else {
            failures.push(format!("{id}: {rel} is not a file the engine reads"));
            continue;
        };
        // a repository root with an npm lockfile (checks that depend on one are exercised)
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path().to_path_buf();
        let _ = std::fs::write(root.join("package-lock.json"), "{}");
        let file = SourceFile { root: &root, path: target, rel: &rel, text: &text, read_separately: &empty };
        let out = engine.analyze(&file, kind);
        for e in &out.errors {
            failures.push(format!("{id}: {name} does not analyse cleanly: {}", e.message));
        }
        let found: BTreeSet<u32> =
            out.findings.iter().filter(|f| f.rule_id == id).filter_map(|f| f.line_number).collect();
        let expect = annotations_in(&text, ext);
        let default = Expect::default();
        let e = expect.get(id).unwrap_or(&default);
        marked.0 += e.ruleid.len();
        marked.1 += e.ok.len();
        checked += e.ruleid.len() + e.ok.len();
        for line in &e.ruleid {
            if !found.contains(line) {
                failures.push(format!("{id}: line {line} is marked ruleid but was not flagged ({name})"));
            }
        }
        for line in &found {
            if !e.ruleid.contains(line) && !e.todo_ruleid.contains(line) && !e.todo_ok.contains(line) {
                failures.push(format!("{id}: line {line} was flagged but is not marked ruleid ({name})"));
            }
        }
    }
    if marked.0 == 0 || marked.1 == 0 {
        failures.push(format!("{id}: the targets need at least one `ruleid: {id}` and one `ok: {id}`"));
    }
    checked
}

#[test]
fn every_rule_has_complete_docs() {
    let set = RuleSet::load(&[]).expect("the embedded rules load");
    for r in &set.rules {
        assert!(r.docs.fix.contains('\n') || r.docs.fix.len() > 40, "{}: the fix needs a code example", r.id);
        assert!(!r.metadata.cwe.is_empty() && !r.metadata.owasp.is_empty(), "{}: CWE and OWASP", r.id);
        assert!(r.message.len() > 40, "{}: the message says what, the attack and the alternative", r.id);
    }
}

/// The fixture applications carry the same annotations: every finding of the code engine on them is on a
/// `ruleid` line of its rule, and every `ruleid` line has it.
#[test]
fn fixture_apps_match_their_annotations() {
    let projects = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("projects");
    let set = Arc::new(RuleSet::load(&[]).expect("the embedded rules load"));
    let engine = CodeEngine::new(set, &[]);
    let empty = HashSet::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    for app in [
        "flask-app",
        "flask-app-fixed",
        "django-app",
        "django-app-fixed",
        "express-app",
        "express-app-fixed",
        "nestjs-app",
        "nestjs-app-fixed",
    ] {
        let mut files = Vec::new();
        collect_sources(&projects.join(app), &mut files);
        for path in files {
            let text = std::fs::read_to_string(&path).expect("fixture readable");
            let rel = path.strip_prefix(&projects).unwrap_or(&path).display().to_string();
            let file = SourceFile { root: &projects, path: &path, rel: &rel, text: &text, read_separately: &empty };
            let kind = if path.extension().is_some_and(|e| e == "py") { 0 } else { 1 };
            let out = engine.analyze(&file, kind);
            let expect = annotations(&text);
            // suppressed lines (`# nosec`, `# secscan: ignore[...]` on the line or alone above it) are the
            // pipeline's business, not the engine's
            let lines: Vec<&str> = text.lines().collect();
            let suppressed = |l: u32| {
                let at = |i: usize| lines.get(i).is_some_and(|t| t.contains("nosec") || t.contains("secscan: ignore"));
                at(l as usize - 1)
                    || (l >= 2 && at(l as usize - 2) && {
                        let above = lines[l as usize - 2].trim_start();
                        above.starts_with('#') || above.starts_with("//")
                    })
            };
            let found: BTreeMap<String, BTreeSet<u32>> = out
                .findings
                .iter()
                .filter(|f| !f.line_number.is_some_and(suppressed))
                .fold(BTreeMap::new(), |mut m, f| {
                    m.entry(f.rule_id.clone()).or_default().extend(f.line_number);
                    m
                });
            for (rule, lines) in &found {
                let marked = expect.get(rule).map(|e| &e.ruleid);
                for l in lines {
                    if !marked.is_some_and(|m| m.contains(l)) {
                        failures.push(format!("{rel}:{l}: {rule} flagged but not marked ruleid"));
                    }
                }
            }
            for (rule, e) in &expect {
                checked += e.ruleid.len() + e.ok.len();
                for l in &e.ruleid {
                    if !found.get(rule).is_some_and(|f| f.contains(l)) {
                        failures.push(format!("{rel}:{l}: marked ruleid {rule} but not flagged"));
                    }
                }
            }
        }
    }
    println!("{checked} annotated lines of the fixture apps checked");
    assert!(checked > 40, "the fixture apps are annotated");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The Python, JavaScript and TypeScript files under `dir`.
fn collect_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect_sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "py" || e == "js" || e == "ts") {
            out.push(p);
        }
    }
}
