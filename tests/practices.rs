//! End to end for the best-practices engine: the fixture repository with exact findings (snapshot) and its
//! fixed version with none, and malformed or hostile CI files as warnings naming the file.
mod common;
use common::secscan;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join("projects")
}

fn scan(home: &Path, dir: &Path) -> Value {
    let out = secscan(home)
        .args(["run", "--engines", "practices", "--no-history", "-o", "-", "--format", "json"])
        .args(["--fail-on", "none", "--min-score", "0"])
        .arg(dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("JSON report")
}

#[test]
fn the_fixture_repository_gives_exact_findings_and_none_when_fixed() {
    let home = tempfile::tempdir().expect("tmp");
    let report = scan(home.path(), &fixtures().join("practices-repo"));
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(0), "{:#}", report["errors"]);
    let mut rows: Vec<((String, i64), String)> = report["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| {
            let file = i["file_path"].as_str().unwrap_or_default().to_string();
            let line = i["line_number"].as_i64().unwrap_or(0);
            let row = format!(
                "{file}:{line} {} {} {} {}",
                i["rule_id"].as_str().unwrap_or_default(),
                i["issue_type"].as_str().unwrap_or_default(),
                i["severity"].as_str().unwrap_or_default(),
                i["owasp"].as_array().and_then(|o| o.first()).and_then(Value::as_str).unwrap_or_default(),
            );
            ((file, line), row)
        })
        .collect();
    rows.sort();
    let rows: Vec<String> = rows.into_iter().map(|(_, r)| r).collect();
    // every rule of the engine is exercised by the fixture or by its annotated target (tests/rules.rs)
    for id in ["repo-credential-file", "repo-env-not-ignored", "repo-database-dump", "api-no-rate-limiter"] {
        assert!(rows.iter().any(|r| r.contains(id)), "{id} is exercised: {rows:#?}");
    }
    insta::assert_snapshot!("practices_repo", rows.join("\n"));

    let fixed = scan(home.path(), &fixtures().join("practices-repo-fixed"));
    assert_eq!(fixed["errors"].as_array().map(Vec::len), Some(0), "{:#}", fixed["errors"]);
    let left: Vec<String> = fixed["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| format!("{}:{} {}", i["file_path"], i["line_number"], i["rule_id"]))
        .collect();
    assert!(left.is_empty(), "the fixed repository has no findings: {left:#?}");
}

/// The Django fixture's settings: exactly what `check --deploy` would ask for, and nothing once fixed.
#[test]
fn django_settings_of_the_fixture_apps() {
    let home = tempfile::tempdir().expect("tmp");
    let rows = |app: &str| -> Vec<String> {
        let report = scan(home.path(), &fixtures().join(app));
        report["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .filter(|i| i["rule_id"].as_str().is_some_and(|r| r.starts_with("django-")))
            .map(|i| {
                format!(
                    "{}:{} {}",
                    i["file_path"].as_str().unwrap_or(""),
                    i["line_number"],
                    i["rule_id"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    let mut found = rows("django-app");
    found.sort();
    assert_eq!(
        found,
        vec![
            "helpdesk/settings.py:10 django-insecure-deploy-settings",
            "helpdesk/settings.py:13 django-no-password-validators",
            "helpdesk/settings.py:20 django-missing-security-middleware",
        ]
    );
    assert!(rows("django-app-fixed").is_empty(), "{:?}", rows("django-app-fixed"));
}

#[test]
fn malformed_and_hostile_ci_files_are_warnings_naming_the_file() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let wf = repo.path().join(".github").join("workflows");
    std::fs::create_dir_all(&wf).expect("mkdir");
    std::fs::write(wf.join("broken.yml"), "on: push\njobs:\n  x: [unclosed\n").expect("write");
    // a "billion laughs" document: aliases that expand exponentially
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        bomb.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    std::fs::write(wf.join("bomb.yml"), bomb).expect("write");
    std::fs::write(repo.path().join(".gitlab-ci.yml"), "\t- not: [yaml\n").expect("write");
    std::fs::write(
        wf.join("ok.yml"),
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: evil/act@v1\n",
    )
    .expect("write");
    let report = scan(home.path(), repo.path());
    let errors = report["errors"].as_array().expect("errors");
    for name in [".github/workflows/broken.yml", ".github/workflows/bomb.yml", ".gitlab-ci.yml"] {
        assert!(errors.iter().any(|e| e["file_path"] == name), "{name} is a warning: {errors:#?}");
    }
    // the other files are still checked
    let issues = report["issues"].as_array().expect("issues");
    assert!(issues
        .iter()
        .any(|i| i["rule_id"] == "gha-unpinned-action" && i["file_path"] == ".github/workflows/ok.yml"));
}
