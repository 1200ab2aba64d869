//! End to end for the code engine: `rules list|show`, rule folders, bad rule files, syntax errors and
//! `--strict`, suppressions, and the fixture applications (a vulnerable Flask and Django app with exact
//! findings, and their fixed versions with none).
mod common;
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The shared clean-environment binary (tests/common), with its history in the temporary home.
fn secscan(home: &Path) -> Command {
    let mut c = common::secscan(home);
    c.env("SECSCAN_DB", home.join("history.db"));
    c
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("JSON on standard output")
}

/// The JSON report of a code-engine scan of `repo` (no history, no gate).
fn code_report(home: &Path, repo: &Path) -> Value {
    let out = secscan(home)
        .args(["run", "--engines", "code", "--no-history", "-o", "-", "--format", "json", "--fail-on", "none"])
        .args(["--min-score", "0"])
        .arg(repo)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json_of(&out)
}

#[test]
fn rules_list_and_show() {
    let home = tempfile::tempdir().expect("tmp");
    secscan(home.path())
        .args(["rules", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("py-sql-injection").and(predicate::str::contains("A03")));
    let out = secscan(home.path())
        .args(["rules", "list", "--owasp", "a10", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list = json_of(&out);
    let ids: Vec<&str> = list.as_array().expect("array").iter().filter_map(|r| r["id"].as_str()).collect();
    assert!(ids.contains(&"py-ssrf"), "{ids:?}");
    assert!(list
        .as_array()
        .expect("array")
        .iter()
        .all(|r| r["owasp"].as_array().is_some_and(|o| o.iter().any(|x| x == "A10:2021"))));
    let out = secscan(home.path())
        .args(["rules", "list", "--language", "typescript", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let ts = json_of(&out);
    let ts = ts.as_array().expect("array");
    assert!(ts.iter().any(|r| r["id"] == "js-sql-injection"), "JavaScript rules cover TypeScript");
    assert!(ts.iter().all(|r| r["languages"].as_array().is_some_and(|l| l.iter().any(|x| x == "typescript"))));
    secscan(home.path()).args(["rules", "show", "py-command-injection"]).assert().success().stdout(
        predicate::str::contains("What it finds")
            .and(predicate::str::contains("The fix"))
            .and(predicate::str::contains("CWE-78"))
            .and(predicate::str::contains("shlex.quote")),
    );
    secscan(home.path())
        .args(["rules", "show", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule"));
}

#[test]
fn a_rule_folder_adds_rules_and_a_bad_rule_file_stops_the_scan() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join("app.py"), "import telnetlib\nconn = telnetlib.Telnet('router.example.org')\n")
        .expect("write");
    let rules = tempfile::tempdir().expect("tmp");
    std::fs::write(
        rules.path().join("org-no-telnet.yaml"),
        r#"id: org-no-telnet
title: Telnet is banned here
languages: [python]
issue_type: OWASP_CRYPTOGRAPHIC_FAILURES
severity: LOW
confidence: HIGH
message: Our policy bans telnet clients; use SSH (paramiko) with host key checking instead.
docs: {what: imports of telnetlib, why: Telnet sends passwords in clear text, example: "import telnetlib", fix: "use paramiko.SSHClient() with RejectPolicy()\nand known hosts"}
metadata: {cwe: [CWE-319], owasp: ["A02:2021"], likelihood: LOW, impact: LOW}
match:
  import:
    modules: [telnetlib]
"#,
    )
    .expect("write");
    let out = secscan(home.path())
        .args([
            "run",
            "--engines",
            "code",
            "--no-history",
            "-o",
            "-",
            "--format",
            "json",
            "--fail-on",
            "none",
            "--min-score",
            "0",
        ])
        .arg("--rules")
        .arg(rules.path())
        .arg(repo.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    let ids: Vec<&str> =
        report["issues"].as_array().expect("issues").iter().filter_map(|i| i["rule_id"].as_str()).collect();
    assert!(ids.contains(&"org-no-telnet") && ids.contains(&"py-cleartext-protocol"), "{ids:?}");

    // a rule file that does not validate: exit 2 before any scanning, naming the file and the field
    std::fs::write(rules.path().join("broken.yaml"), "id: broken\ntitle: x\nlanguages: [cobol]\n").expect("write");
    secscan(home.path())
        .args(["run", "--engines", "code", "--no-history"])
        .arg("--rules")
        .arg(rules.path())
        .arg(repo.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.yaml").and(predicate::str::contains("languages")));
    secscan(home.path()).args(["rules", "list"]).arg("--rules").arg(rules.path()).assert().code(2);
}

#[test]
fn a_file_that_does_not_parse_is_a_warning_and_strict_makes_it_an_error() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join("old.py"), "print 'python 2'\n").expect("write");
    std::fs::write(repo.path().join("app.py"), "import os\nos.system(input())\n").expect("write");
    std::fs::write(repo.path().join("skipped.py"), "# secscan: ignore-file\nimport os\nos.system(input())\n")
        .expect("write");
    let out = secscan(home.path())
        .args([
            "run",
            "--engines",
            "code",
            "--no-history",
            "-o",
            "-",
            "--format",
            "json",
            "--fail-on",
            "none",
            "--min-score",
            "0",
        ])
        .arg(repo.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("old.py"))
        .get_output()
        .stdout
        .clone();
    let report = json_of(&out);
    let issues = report["issues"].as_array().expect("issues");
    assert!(
        issues.iter().all(|i| i["file_path"] == "app.py"),
        "old.py is not analysed, skipped.py opts out: {issues:#?}"
    );
    assert!(issues
        .iter()
        .any(|i| i["rule_id"] == "py-command-injection" && i["line_number"] == 2 && i["trace"].is_array()));
    let errors = report["errors"].as_array().expect("errors");
    assert!(errors.iter().any(|e| e["file_path"] == "old.py" && e["line_number"] == 1), "{errors:#?}");
    secscan(home.path())
        .args(["run", "--engines", "code", "--no-history", "--strict", "--fail-on", "none", "--min-score", "0"])
        .arg(repo.path())
        .assert()
        .code(2);
}

#[test]
fn nosec_and_ignore_comments_suppress_code_findings() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(
        repo.path().join("app.py"),
        "import os\nimport hashlib\nos.system(input())  # nosec\n# secscan: ignore[py-weak-hash] checksum of a public file\nh = hashlib.md5(b'x')\nos.popen(input())\n",
    )
    .expect("write");
    let report = code_report(home.path(), repo.path());
    let lines: Vec<i64> =
        report["issues"].as_array().expect("issues").iter().filter_map(|i| i["line_number"].as_i64()).collect();
    assert_eq!(lines, vec![6]);
    assert_eq!(report["suppressed"].as_array().map(Vec::len), Some(2));
}

/// A rule with `skip_test_paths` (an assert deciding access) is not reported in a test, whose asserts
/// are its checks, nor is data of unknown origin at a sink (an audit finding); the same lines in the
/// application are. A flow from a real source in a test is listed at low severity.
#[test]
fn rules_can_leave_test_paths_out() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let code =
        "import os\nfrom django.http import HttpResponse\n\ndef delete(request):\n    assert request.user.is_staff\n\n\
                def run(cmd):\n    os.system(cmd)\n\ndef echo(request):\n    return HttpResponse(request.GET['q'])\n";
    std::fs::create_dir_all(repo.path().join("app/tests")).expect("mkdir");
    std::fs::write(repo.path().join("app/views.py"), code).expect("write");
    std::fs::write(repo.path().join("app/tests/test_views.py"), code).expect("write");
    let report = code_report(home.path(), repo.path());
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    let mut places: Vec<(String, String, String)> = report["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| (text(&i["file_path"]), text(&i["rule_id"]), text(&i["severity"])))
        .collect();
    places.sort();
    let at = |file: &str, rule: &str, severity: &str| (file.to_string(), rule.to_string(), severity.to_string());
    // a flow from a request in test code is listed at low severity
    assert_eq!(
        places,
        vec![
            at("app/tests/test_views.py", "py-xss-response", "LOW"),
            at("app/views.py", "py-assert-access-control", "MEDIUM"),
            at("app/views.py", "py-command-injection", "MEDIUM"),
            at("app/views.py", "py-xss-response", "HIGH"),
        ]
    );
}

/// One flow into two nested sinks of a rule on one line (`exec(compile(…))`) is one issue.
#[test]
fn nested_sinks_of_one_flow_are_one_issue() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(
        repo.path().join("tool.py"),
        "import os, sys\nexec(compile(sys.stdin.read(), '<stdin>', 'exec'))\nos.system(input() + os.environ['X'])\n",
    )
    .expect("write");
    let report = code_report(home.path(), repo.path());
    let mut places: Vec<(String, i64)> = report["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| (i["rule_id"].as_str().unwrap_or("").to_string(), i["line_number"].as_i64().unwrap_or(0)))
        .collect();
    places.sort();
    assert_eq!(places, vec![("py-code-injection".to_string(), 2), ("py-command-injection".to_string(), 3)]);
}

/// The fixture applications: every finding, exactly (snapshot), and none once fixed.
#[test]
fn fixture_apps_give_exact_findings_and_none_when_fixed() {
    let home = tempfile::tempdir().expect("tmp");
    for app in ["flask-app", "django-app", "express-app", "nestjs-app"] {
        let dir = fixtures().join("projects").join(app);
        let out = secscan(home.path())
            .args([
                "run",
                "--engines",
                "code",
                "--no-history",
                "-o",
                "-",
                "--format",
                "json",
                "--fail-on",
                "none",
                "--min-score",
                "0",
            ])
            .arg(&dir)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let report = json_of(&out);
        assert_eq!(report["errors"].as_array().map(Vec::len), Some(0), "{app}: {:#}", report["errors"]);
        let mut keyed: Vec<((String, i64), String)> = report["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .map(|i| {
                let file = i["file_path"].as_str().unwrap_or_default().to_string();
                let line = i["line_number"].as_i64().unwrap_or(0);
                let row = format!(
                    "{file}:{line} {} {} {} trace {}",
                    i["rule_id"].as_str().unwrap_or_default(),
                    i["severity"].as_str().unwrap_or_default(),
                    i["confidence"].as_str().unwrap_or_default(),
                    i["trace"].as_array().map_or(0, Vec::len)
                );
                ((file, line), row)
            })
            .collect();
        keyed.sort();
        let mut rows: Vec<String> = keyed.into_iter().map(|(_, r)| r).collect();
        let suppressed = report["suppressed"].as_array().map_or(0, Vec::len);
        rows.push(format!("suppressed: {suppressed}"));
        insta::assert_snapshot!(format!("fixture_{}", app.replace('-', "_")), rows.join("\n"));

        let fixed = fixtures().join("projects").join(format!("{app}-fixed"));
        let out = secscan(home.path())
            .args([
                "run",
                "--engines",
                "code",
                "--no-history",
                "-o",
                "-",
                "--format",
                "json",
                "--fail-on",
                "none",
                "--min-score",
                "0",
            ])
            .arg(&fixed)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let report = json_of(&out);
        let left: Vec<String> = report["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .map(|i| format!("{} {}:{}", i["rule_id"], i["file_path"], i["line_number"]))
            .collect();
        assert!(left.is_empty(), "{app}-fixed still has findings: {left:?}");
    }
}
