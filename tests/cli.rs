//! End to end: the real binary on fixture repositories; exit codes, terminal output and the JSON report.
mod common;
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::io::Write;
use std::net::TcpListener;
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

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("report written");
    serde_json::from_str(&text).expect("valid JSON")
}

fn issue<'a>(report: &'a Value, package: &str) -> &'a Value {
    report["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .find(|i| i["package_name"] == package)
        .unwrap_or_else(|| panic!("no issue for {package}: {report:#}"))
}

#[test]
fn version_and_help() {
    let home = tempfile::tempdir().expect("tmp");
    secscan(home.path()).arg("--version").assert().success().stdout(predicate::str::contains("secscan "));
    secscan(home.path()).arg("--help").assert().success().stdout(
        predicate::str::contains("run").and(predicate::str::contains("db")).and(predicate::str::contains("Exit codes")),
    );
    secscan(home.path()).args(["run", "--help"]).assert().success().stdout(predicate::str::contains("--fail-on"));
}

#[test]
fn demo_finds_real_vulnerabilities_offline_and_fails_the_critical_gate() {
    let home = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let demo = fixtures().join("projects/demo");
    secscan(home.path())
        .args(["run"])
        .arg(&demo)
        .args(["--format", "table,json", "--out-dir"])
        .arg(out.path())
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("CRITICAL")
                .and(predicate::str::contains("lodash 4.17.20 (npm)"))
                .and(predicate::str::contains("upgrade to 4.17.21 fixes it")),
        )
        // the gates and the result go to standard error, whatever the formats
        .stderr(predicate::str::contains("gate critical").and(predicate::str::contains("result: FAILED (exit 1)")));
    let r = read_json(&out.path().join("secscan-report.json"));
    assert_eq!(r["schema_version"], "1.0");
    assert_eq!(r["errors"], Value::Array(vec![]), "{:#}", r["errors"]);

    let lodash = issue(&r, "lodash");
    assert_eq!(lodash["severity"], "HIGH");
    assert_eq!(lodash["vulnerability_id"], "CVE-2021-23337");
    assert_eq!(lodash["file_path"], "package-lock.json");
    assert_eq!(lodash["line_number"], 18);
    assert_eq!(lodash["fixed_versions"], serde_json::json!(["4.17.21"]));
    assert!(lodash["remediation"].as_str().unwrap_or("").contains("4.17.21"));

    let minimist = issue(&r, "minimist");
    assert_eq!(minimist["severity"], "CRITICAL");
    assert_eq!(minimist["dependency_path"], serde_json::json!(["mkdirp", "minimist"]));
    assert_eq!(minimist["dev"], true);

    // qs: a YAML record with last_affected and a CVSS v4 vector (no fixed version)
    let qs = issue(&r, "qs");
    assert_eq!(qs["severity"], "HIGH");
    assert_eq!(qs["fixed_versions"], serde_json::json!([]));
    assert!(qs["remediation"].as_str().unwrap_or("").contains("No fixed version"));

    // two records with a shared alias are one finding listing every id
    let requests: Vec<&Value> =
        r["issues"].as_array().expect("issues").iter().filter(|i| i["package_name"] == "requests").collect();
    assert_eq!(requests.len(), 1);
    let ids: Vec<&str> =
        requests[0]["aliases"].as_array().expect("aliases").iter().filter_map(|v| v.as_str()).collect();
    assert!(ids.contains(&"SECSCAN-DEMO-PY-0003") && ids.contains(&"SECSCAN-DEMO-GH-0003"), "{ids:?}");
    assert_eq!(requests[0]["vulnerability_id"], "CVE-2023-32681");
    assert_eq!(requests[0]["file_path"], "services/api/requirements.txt");
    assert_eq!(requests[0]["line_number"], 4);

    let pyyaml = issue(&r, "pyyaml");
    assert_eq!(pyyaml["severity"], "CRITICAL");
    assert_eq!(pyyaml["line_number"], 5);

    // the withdrawn lodash record never matches; jinja2 is a range: inventoried, not matched
    assert!(!r["issues"].to_string().contains("SECSCAN-DEMO-NPM-0004"));
    let inv = r["inventory"].as_array().expect("inventory");
    let jinja = inv.iter().find(|p| p["name"] == "jinja2").expect("jinja2 inventoried");
    assert_eq!(jinja["version"], Value::Null);
    assert!(r["issues"].as_array().expect("issues").iter().all(|i| i["package_name"] != "jinja2"));
    let lodash_pkg = inv.iter().find(|p| p["name"] == "lodash").expect("lodash");
    assert_eq!(lodash_pkg["direct"], true);
    assert_eq!(lodash_pkg["dev"], false);

    // one INFO finding for the manifest without a lockfile; none for package.json (it has one)
    let info: Vec<&Value> =
        r["issues"].as_array().expect("issues").iter().filter(|i| i["rule_id"] == "deps-no-lockfile").collect();
    assert_eq!(info.len(), 1);
    assert_eq!(info[0]["file_path"], "services/api/requirements.txt");
    assert_eq!(info[0]["severity"], "INFO");

    // counts and score agree with the issues
    let s = &r["report"];
    assert_eq!(s["critical_issues"], 2);
    assert_eq!(s["high_issues"], 2);
    assert_eq!(s["medium_issues"], 1);
    assert_eq!(s["info_issues"], 1);
    assert_eq!(s["total_issues"], 6);
    assert_eq!(s["security_score"], 44);
    assert_eq!(r["passed"], false);
    let gate = r["gates"].as_array().expect("gates").iter().find(|g| g["gate"] == "critical").expect("gate");
    assert_eq!(gate["message"], "2 critical issues (limit 0)");
    assert_matches_schema(&r);
}

/// The JSON report validates against schemas/secscan-report.schema.json (the documented shape).
fn assert_matches_schema(report: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/secscan-report.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let errors: Vec<String> =
        validator.iter_errors(report).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "report does not match its schema:\n{}", errors.join("\n"));
}

#[test]
fn gates_follow_flags_and_environment() {
    let home = tempfile::tempdir().expect("tmp");
    let demo = fixtures().join("projects/demo");
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = secscan(home.path());
        c.arg("run").arg(&demo).args(["--format", "table"]).args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c.assert().get_output().status.code()
    };
    assert_eq!(run(&["--fail-on", "none", "--min-score", "0"], &[]), Some(0));
    assert_eq!(run(&["--min-score", "0"], &[("SECURITY_BLOCK_ON_CRITICAL", "false")]), Some(0));
    assert_eq!(run(&["--fail-on", "none"], &[]), Some(1), "score 44 is under the default threshold 70");
    assert_eq!(run(&["--fail-on", "none"], &[("SECURITY_FAIL_SCORE_THRESHOLD", "40")]), Some(0));
    assert_eq!(run(&["--fail-on", "none", "--min-score", "45"], &[("SECURITY_FAIL_SCORE_THRESHOLD", "40")]), Some(1));
    // --no-dev leaves minimist (critical, dev-only) out: pyyaml is still critical
    assert_eq!(run(&["--no-dev", "--min-score", "0"], &[]), Some(1));
    assert_eq!(run(&[], &[("SECURITY_SCANNER_ENABLED", "false")]), Some(0));
    assert_eq!(run(&[], &[("SECURITY_BLOCK_ON_HIGH", "sometimes")]), Some(2));
}

#[test]
fn high_gate_from_environment() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join("requirements.txt"), "lodash-not-here==1.0\nrequests==2.30.0\n").expect("write");
    let osv = fixtures().join("projects/demo/osv");
    let run = |env: &[(&str, &str)]| {
        let mut c = secscan(home.path());
        c.arg("run")
            .arg(repo.path())
            .args(["--offline", "--min-score", "0", "--config"])
            .arg(write_config(repo.path(), &osv));
        for (k, v) in env {
            c.env(k, v);
        }
        c.assert().get_output().status.code()
    };
    // requests 2.30.0 is MEDIUM (6.1 wins over the MODERATE label): no gate by default, nor with high
    assert_eq!(run(&[]), Some(0));
    assert_eq!(run(&[("SECURITY_BLOCK_ON_HIGH", "true")]), Some(0));
    std::fs::write(repo.path().join("requirements.txt"), "jinja2==2.10\n").expect("write");
    assert_eq!(run(&[("SECURITY_BLOCK_ON_HIGH", "true")]), Some(0), "jinja2 2.10 is MEDIUM (CVSS 5.3)");
    // an exact pin in a package.json without lockfile is matched: qs 6.10.1 is HIGH
    std::fs::write(repo.path().join("package.json"), r#"{"dependencies": {"qs": "6.10.1"}}"#).expect("write");
    assert_eq!(run(&[]), Some(0));
    assert_eq!(run(&[("SECURITY_BLOCK_ON_HIGH", "true")]), Some(1));
    std::fs::remove_file(repo.path().join("package.json")).expect("rm");
    let mut c = secscan(home.path());
    c.arg("run")
        .arg(repo.path())
        .args(["--offline", "--fail-on", "low", "--config"])
        .arg(write_config(repo.path(), &osv));
    c.assert().code(1).stderr(predicate::str::contains("1 low-or-above issue (limit 0)"));
}

fn write_config(dir: &Path, osv: &Path) -> PathBuf {
    let p = dir.join("secscan-test.toml");
    std::fs::write(&p, format!("[deps]\nadvisory_dirs = [{:?}]\n", osv.display().to_string())).expect("config");
    p
}

#[test]
fn bad_configuration_exits_2_naming_the_key() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join(".secscan.toml"), "[deps]\nofline = true\n").expect("write");
    secscan(home.path()).arg("run").arg(repo.path()).assert().code(2).stderr(predicate::str::contains("ofline"));
    secscan(home.path()).args(["run", "--fail-on", "severe"]).arg(repo.path()).assert().code(2);
    secscan(home.path()).args(["run", "/nonexistent/secscan/path"]).assert().code(2);
    secscan(home.path()).args(["frobnicate"]).assert().code(2);
}

/// Malformed, truncated, empty, huge, non-UTF-8 files and a YAML bomb each give a warning naming the
/// file; the good file's findings are still there.
#[test]
fn hostile_files_are_warnings_and_the_scan_goes_on() {
    let home = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let r = repo.path();
    let write = |rel: &str, bytes: &[u8]| {
        let p = r.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    };
    write("good/requirements.txt", b"PyYAML==5.3.1\n");
    write("truncated/package-lock.json", b"{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"vers");
    write("empty/package-lock.json", b"");
    write("notutf8/Pipfile.lock", b"{\"default\": {\"a\": {\"version\": \"==1.0\xff\xfe\"}}}");
    write("binary/poetry.lock", &[0u8, 159, 146, 150, 0, 1, 2, 3]);
    let mut bomb = String::from("lockfileVersion: '6.0'\n");
    bomb.push_str("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"]) {
        bomb.push_str(&format!(
            "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    write("bomb/pnpm-lock.yaml", bomb.as_bytes());
    // 100 MB (sparse: the size check happens before any read)
    let big = r.join("big/requirements.txt");
    std::fs::create_dir_all(big.parent().expect("parent")).expect("mkdir");
    std::fs::File::create(&big).expect("create").set_len(100 * 1024 * 1024).expect("set_len");
    let cfg = write_config(r, &fixtures().join("projects/demo/osv"));

    let assert = secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--offline", "--format", "table,json", "--config"])
        .arg(&cfg)
        .arg("--out-dir")
        .arg(out.path())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let report = read_json(&out.path().join("secscan-report.json"));
    let errors = report["errors"].as_array().expect("errors");
    for f in [
        "truncated/package-lock.json",
        "empty/package-lock.json",
        "notutf8/Pipfile.lock",
        "binary/poetry.lock",
        "bomb/pnpm-lock.yaml",
        "big/requirements.txt",
    ] {
        assert!(errors.iter().any(|e| e["file_path"] == f), "no warning for {f}: {errors:#?}");
        assert!(stdout.contains(f), "terminal does not name {f}");
    }
    assert!(errors.iter().any(|e| e["message"].as_str().unwrap_or("").contains("100.0 MB")));
    assert_matches_schema(&report);
    assert_eq!(issue(&report, "pyyaml")["severity"], "CRITICAL");

    // --strict turns the same warnings into exit 2
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--offline", "--strict", "--config"])
        .arg(&cfg)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("strict"));
}

/// With no advisory database, no record folder and no network the scan printed 100/100 and "result:
/// passed": a security gate must fail closed unless the user accepts an unchecked run explicitly.
#[test]
fn no_advisory_data_fails_closed_unless_explicitly_allowed() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join("requirements.txt"), "PyYAML==5.3.1\nflask>=2\n").expect("write");
    let db = home.path().join("none.db");
    let assert = secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--offline", "--format", "table,json", "--no-history", "--advisory-db"])
        .arg(&db)
        .arg("--out-dir")
        .arg(out.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains("NOT CHECKED"))
        .stderr(
            predicate::str::contains("result: INCOMPLETE")
                .and(predicate::str::contains("result: passed").not())
                .and(predicate::str::contains("secscan db update"))
                .and(predicate::str::contains("db import")),
        );
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("0 of 2 packages checked against advisories"), "{stdout}");
    assert!(stdout.contains("1 declared by a range only"), "{stdout}");
    let report = read_json(&out.path().join("secscan-report.json"));
    assert_eq!(report["passed"], false);
    assert_eq!(report["stats"]["packages_checked"], 1);
    assert_eq!(report["stats"]["packages_unpinned"], 1);
    assert_eq!(report["stats"]["advisories_available"], false);
    assert!(report["incomplete"][0].as_str().unwrap_or("").contains("no advisory data"));
    assert_matches_schema(&report);
    // the explicit opt-out, by flag or by the config key: a warning that says so, and the gates decide
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--offline", "--allow-no-advisories", "--no-history", "--advisory-db"])
        .arg(&db)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("accepted by --allow-no-advisories"));
    let cfg = home.path().join("allow.toml");
    std::fs::write(&cfg, "[deps]\nallow_no_advisories = true\n").expect("write");
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--offline", "--no-history", "--advisory-db"])
        .arg(&db)
        .arg("--config")
        .arg(&cfg)
        .assert()
        .code(0);
    // --strict still turns the accepted warning into exit 2
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--offline", "--allow-no-advisories", "--strict", "--no-history", "--advisory-db"])
        .arg(&db)
        .assert()
        .code(2);
    // nothing to check (only ranges): no advisory data is needed, the scan passes
    std::fs::write(repo.path().join("requirements.txt"), "flask>=2\n").expect("write");
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--offline", "--no-history", "--advisory-db"])
        .arg(&db)
        .assert()
        .code(0);
}

/// A tiny HTTP server on 127.0.0.1; `respond(method, path, body) -> (status, content-type, body)`.
fn serve<F>(respond: F) -> String
where
    F: Fn(&str, &str, &str) -> (u16, &'static str, Vec<u8>) + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let Some((method, path, body)) = common::read_request(&stream) else { continue };
            let (status, ctype, bytes) = respond(&method, &path, &body);
            let mut s = stream;
            let _ = write!(
                s,
                "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                bytes.len()
            );
            let _ = s.write_all(&bytes);
        }
    });
    format!("http://{addr}")
}

#[test]
fn osv_api_is_queried_and_cached() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join("requirements.txt"), "PyYAML==5.3.1\nsix==1.16.0\n").expect("write");
    let record =
        std::fs::read_to_string(fixtures().join("projects/demo/osv/pypi/SECSCAN-DEMO-PY-0001.json")).expect("record");
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let hits2 = hits.clone();
    let base = serve(move |method, path, body| {
        hits2.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        match (method, path) {
            ("POST", "/v1/querybatch") => {
                let v: Value = serde_json::from_str(body).unwrap_or_default();
                let results: Vec<Value> = v["queries"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .map(|q| {
                        if q["package"]["name"] == "pyyaml" && q["package"]["ecosystem"] == "PyPI" {
                            serde_json::json!({"vulns": [{"id": "SECSCAN-DEMO-PY-0001", "modified": "2024-03-01T00:00:00Z"}]})
                        } else {
                            serde_json::json!({})
                        }
                    })
                    .collect();
                (200, "application/json", serde_json::json!({ "results": results }).to_string().into_bytes())
            }
            ("GET", "/v1/vulns/SECSCAN-DEMO-PY-0001") => (200, "application/json", record.clone().into_bytes()),
            _ => (404, "application/json", b"{}".to_vec()),
        }
    });
    let db = home.path().join("adv.db");
    let run = || {
        secscan(home.path())
            .arg("run")
            .arg(repo.path())
            .args(["--advisory-db"])
            .arg(&db)
            .env("OSV_API_URL", &base)
            .assert()
            .code(1)
            .stdout(predicate::str::contains("CVE-2020-14343"));
    };
    run();
    let after_first = hits.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(after_first, 2, "one querybatch and one vulns request");
    run();
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), after_first, "second run answered from the cache");
    // OSV_API_ENABLED=false: no request, and no other source → not checked, exit 2
    let fresh = home.path().join("fresh.db");
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--advisory-db"])
        .arg(&fresh)
        .env("OSV_API_URL", &base)
        .env("OSV_API_ENABLED", "false")
        .assert()
        .code(2);
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), after_first);
    // the API fails mid-scan and no local data covers the packages: named, and exit 2
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--advisory-db"])
        .arg(home.path().join("third.db"))
        .env("OSV_API_URL", "http://127.0.0.1:9")
        .assert()
        .code(2)
        .stdout(predicate::str::contains("OSV API http://127.0.0.1:9"))
        .stdout(predicate::str::contains("no local advisory data for PyPI"));
    // ... while local records for the ecosystem keep the scan checked (gates decide: PyYAML is critical)
    let local = home.path().join("local.db");
    secscan(home.path())
        .args(["db", "import"])
        .arg(fixtures().join("projects/demo/osv"))
        .arg("--advisory-db")
        .arg(&local)
        .assert()
        .success();
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--advisory-db"])
        .arg(&local)
        .env("OSV_API_URL", "http://127.0.0.1:9")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("matched against local advisory data only"));
}

#[test]
fn db_import_status_and_offline_matching() {
    let home = tempfile::tempdir().expect("tmp");
    let db = home.path().join("adv.db");
    secscan(home.path())
        .args(["db", "import"])
        .arg(fixtures().join("projects/demo/osv"))
        .arg("--advisory-db")
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("8 new, 0 updated, 0 unchanged"));
    secscan(home.path())
        .args(["db", "import"])
        .arg(fixtures().join("projects/demo/osv"))
        .arg("--advisory-db")
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 new, 0 updated, 8 unchanged"));
    secscan(home.path())
        .args(["db", "status", "--advisory-db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("records: 8 (1 withdrawn)").and(predicate::str::contains("PyPI       4")))
        .stdout(predicate::str::contains("newest modified: 2024-05-01T00:00:00Z"));
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join("requirements.txt"), "pyyaml==5.3.1\n").expect("write");
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--offline", "--advisory-db"])
        .arg(&db)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("CVE-2020-14343"));
    secscan(home.path()).args(["db", "status", "--advisory-db"]).arg(home.path().join("missing.db")).assert().code(2);
}

#[test]
fn db_update_downloads_the_exports() {
    let home = tempfile::tempdir().expect("tmp");
    let mut zip_bytes = Vec::new();
    {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut zip_bytes));
        let opts = zip::write::SimpleFileOptions::default();
        for f in ["pypi/SECSCAN-DEMO-PY-0001.json", "pypi/SECSCAN-DEMO-PY-0002.json"] {
            let name = Path::new(f).file_name().and_then(|n| n.to_str()).expect("name");
            w.start_file(name, opts).expect("start");
            w.write_all(&std::fs::read(fixtures().join("projects/demo/osv").join(f)).expect("read")).expect("write");
        }
        w.finish().expect("finish");
    }
    let base = serve(move |_, path, _| match path {
        "/PyPI/all.zip" => (200, "application/zip", zip_bytes.clone()),
        _ => (404, "text/plain", b"no".to_vec()),
    });
    let db = home.path().join("adv.db");
    secscan(home.path())
        .args(["db", "update", "--ecosystems", "PyPI", "--advisory-db"])
        .arg(&db)
        .env("OSV_DOWNLOAD_URL", &base)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 new"));
    secscan(home.path())
        .args(["db", "update", "--ecosystems", "npm", "--advisory-db"])
        .arg(&db)
        .env("OSV_DOWNLOAD_URL", &base)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("HTTP 404"));
}

#[test]
fn inline_suppressions_are_listed_not_counted() {
    let home = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(
        repo.path().join("requirements.txt"),
        "PyYAML==5.3.1  # secscan: ignore[CVE-2020-14343] only safe_load is used\njinja2==2.10\n",
    )
    .expect("write");
    let cfg = write_config(repo.path(), &fixtures().join("projects/demo/osv"));
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--offline", "--format", "json", "--config"])
        .arg(&cfg)
        .arg("--out-dir")
        .arg(out.path())
        .assert()
        .code(0);
    let r = read_json(&out.path().join("secscan-report.json"));
    let suppressed = r["suppressed"].as_array().expect("suppressed");
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["issue"]["package_name"], "pyyaml");
    assert_eq!(suppressed[0]["reason"], "only safe_load is used");
    assert_eq!(r["report"]["critical_issues"], 0);
    assert_eq!(issue(&r, "jinja2")["severity"], "MEDIUM");
    assert_matches_schema(&r);
}

#[test]
fn baseline_gates_only_new_issues() {
    let home = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let cfg = write_config(repo.path(), &fixtures().join("projects/demo/osv"));
    let req = repo.path().join("requirements.txt");
    let scan = |extra: &[&str]| {
        let mut c = secscan(home.path());
        c.arg("run").arg(repo.path()).args(["--offline", "--format", "json", "--config"]).arg(&cfg);
        c.arg("--out-dir").arg(out.path()).args(extra);
        c.assert().get_output().status.code()
    };
    std::fs::write(&req, "PyYAML==5.3.1\nrequests==2.30.0\n").expect("write");
    assert_eq!(scan(&[]), Some(1));
    let baseline = repo.path().join("baseline.json");
    std::fs::copy(out.path().join("secscan-report.json"), &baseline).expect("copy");
    // the critical PyYAML issue is in the baseline: only new issues count
    std::fs::write(&req, "PyYAML==5.3.1\njinja2==2.10\n").expect("write");
    let b = baseline.to_string_lossy().to_string();
    assert_eq!(scan(&["--baseline", &b]), Some(0));
    let r = read_json(&out.path().join("secscan-report.json"));
    let c = &r["comparison"];
    assert_eq!(c["gates_on_new_only"], true);
    assert_eq!(c["new"].as_array().map(Vec::len), Some(1), "jinja2 is new");
    assert_eq!(c["still_open"].as_array().map(Vec::len), Some(1), "pyyaml is still open");
    assert_eq!(c["fixed"].as_array().map(Vec::len), Some(1), "requests was fixed");
    assert_eq!(c["fixed"][0]["title"].as_str().map(|t| t.starts_with("requests 2.30.0")), Some(true));
    assert_eq!(r["gates"][0]["message"], "0 new critical issues (limit 0)");
    assert_matches_schema(&r);
    // a new critical issue fails the gate
    std::fs::write(&req, "PyYAML==5.3.1\nrequests==2.30.0\n").expect("write");
    std::fs::write(repo.path().join("package.json"), r#"{"devDependencies": {"minimist": "1.2.5"}}"#).expect("write");
    assert_eq!(scan(&["--baseline", &b]), Some(1));
    // a file that is not a report is a configuration error
    assert_eq!(scan(&["--baseline", &cfg.to_string_lossy()]), Some(2));
}

/// Three consecutive scans through the CLI: triage carries over, a fixed issue is resolved, a new one appears;
/// `report`, `issues`, `score` and `db prune` read the same history.
#[test]
fn history_lifecycle_across_three_scans() {
    let home = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let cfg = write_config(repo.path(), &fixtures().join("projects/demo/osv"));
    let db = home.path().join("h.db");
    let dbs = db.to_string_lossy().to_string();
    let req = repo.path().join("requirements.txt");
    let run = |extra: &[&str]| {
        let mut c = secscan(home.path());
        c.arg("run").arg(repo.path()).args(["--offline", "--format", "json", "--db", &dbs, "--config"]).arg(&cfg);
        c.arg("--out-dir").arg(out.path()).args(extra);
        let code = c.assert().get_output().status.code();
        (code, read_json(&out.path().join("secscan-report.json")))
    };
    let cli = |args: &[&str]| {
        let a = secscan(home.path()).args(args).args(["--db", &dbs]).assert();
        let o = a.get_output();
        (o.status.code(), String::from_utf8_lossy(&o.stdout).to_string())
    };

    // scan 1: PyYAML (critical), requests (medium), jinja2 (medium)
    std::fs::write(&req, "PyYAML==5.3.1\nrequests==2.30.0\njinja2==2.10\n").expect("write");
    let (code, r1) = run(&[]);
    assert_eq!(code, Some(1));
    let first_seen = issue(&r1, "pyyaml")["first_seen_at"].as_str().expect("first seen").to_string();
    let (_, listed) = cli(&["issues", "list", "--json", "--severity", "critical"]);
    let row: Value = serde_json::from_str(listed.lines().next().expect("one issue")).expect("json line");
    let id = row["id"].as_str().expect("id").to_string();
    assert_eq!(cli(&["issues", "set-status", &id, "accepted-risk", "--reason", "safe_load only"]).0, Some(0));

    // scan 2: requests fixed; the accepted risk carries over, so no critical counts
    std::fs::write(&req, "PyYAML==5.3.1\njinja2==2.10\n").expect("write");
    let (code, r2) = run(&[]);
    assert_eq!(code, Some(0), "{:#}", r2["gates"]);
    assert_eq!(issue(&r2, "pyyaml")["status"], "ACCEPTED_RISK");
    assert_eq!(issue(&r2, "pyyaml")["first_seen_at"], first_seen.as_str());
    assert_eq!(r2["comparison"]["fixed"].as_array().map(Vec::len), Some(1));
    let (_, resolved) = cli(&["issues", "list", "--json", "--status", "resolved", "--report", "1"]);
    assert!(resolved.contains("requests"), "{resolved}");

    // scan 3: a new critical (minimist) appears; --new-only gates on it alone
    std::fs::write(repo.path().join("package.json"), r#"{"dependencies": {"minimist": "1.2.5"}}"#).expect("write");
    let (code, r3) = run(&["--new-only", "--fail-on", "critical"]);
    assert_eq!(code, Some(1));
    assert_eq!(r3["comparison"]["new"].as_array().map(Vec::len), Some(1));
    assert!(r3["gates"][0]["message"].as_str().unwrap_or("").contains("1 new critical issue"));
    assert_matches_schema(&r3);

    let (code, list) = cli(&["report", "list"]);
    assert_eq!(code, Some(0));
    for id in ["│ 1 ", "│ 2 ", "│ 3 "] {
        assert!(list.contains(id), "report list lacks {id}: {list}");
    }
    let (code, trend) = cli(&["score", "--trend"]);
    assert_eq!(code, Some(0));
    assert!(trend.contains("remediation:") && trend.contains("1 resolved"), "{trend}");
    assert!(trend.contains("MTTR"), "{trend}");
    let shown = tempfile::tempdir().expect("tmp");
    secscan(home.path())
        .args(["report", "show", "1", "--format", "json", "--db", &dbs, "--out-dir"])
        .arg(shown.path())
        .assert()
        .success();
    let again = read_json(&shown.path().join("secscan-report.json"));
    assert_eq!(again["report"]["critical_issues"], 1);
    // retention: nothing here is a year old (deletion itself is covered by the store's unit tests)
    let (code, pruned) = cli(&["report", "prune", "--older-than", "365d"]);
    assert_eq!(code, Some(0));
    assert!(pruned.contains("pruned 0 report(s)"), "{pruned}");
    let (code, dry) = cli(&["report", "prune", "--older-than", "1h", "--dry-run"]);
    assert_eq!(code, Some(0));
    assert!(dry.contains("would prune"), "{dry}");
    assert_eq!(cli(&["report", "latest"]).0, Some(0));
    // `db prune --older-than 20000y` panicked; `30` without a unit and `0d` were accepted
    for bad in ["soon", "20000y", "30", "0d"] {
        assert_eq!(cli(&["report", "prune", "--older-than", bad]).0, Some(2), "{bad}");
    }
    assert_eq!(cli(&["report", "list"]).0, Some(0), "nothing was pruned");
    assert_eq!(cli(&["issues", "set-status", "open"]).0, Some(2), "bulk triage needs a filter");
}

// ── Complete results (issue: a gate people can trust) ─────────────────────────────────────────────

/// An OSV record for a PyPI or npm package, affected below `fixed`.
fn osv_record(id: &str, aliases: &[&str], ecosystem: &str, name: &str, fixed: &str) -> String {
    serde_json::json!({
        "id": id,
        "modified": "2024-01-01T00:00:00Z",
        "aliases": aliases,
        "summary": format!("test vulnerability {id}"),
        "database_specific": { "severity": "HIGH" },
        "affected": [{
            "package": { "ecosystem": ecosystem, "name": name },
            "ranges": [{ "type": "ECOSYSTEM", "events": [{ "introduced": "0" }, { "fixed": fixed }] }]
        }]
    })
    .to_string()
}

/// `requirements/base.txt`, `test-requirements.txt`, `requirements_dev.txt` and a constraints file were
/// never found: a repository whose only manifests live there got 0 packages and a perfect score.
#[test]
fn requirements_files_by_convention_are_scanned_and_read_once() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let r = repo.path();
    std::fs::create_dir_all(r.join("requirements/envs")).expect("mkdir");
    std::fs::create_dir_all(r.join("osv")).expect("mkdir");
    std::fs::write(r.join("requirements/base.txt"), "django==3.2.0\n").expect("write");
    std::fs::write(r.join("requirements/envs/main.txt"), "-r ../base.txt\nflask==2.0.0\nbogus-line ==\n")
        .expect("write");
    std::fs::write(r.join("test-requirements.txt"), "pytest==7.0.0\n").expect("write");
    std::fs::write(r.join("requirements_dev.txt"), "black==22.1.0\nrequests\n").expect("write");
    std::fs::write(r.join("constraints.txt"), "requests==2.19.0\nunused==1.0\nurllib3<2\n").expect("write");
    std::fs::write(r.join("notes.txt"), "django==1.0\n").expect("write");
    for (id, name, fixed) in [
        ("PY-1", "django", "3.2.20"),
        ("PY-2", "flask", "2.2.5"),
        ("PY-3", "requests", "2.20.0"),
        ("PY-4", "unused", "2"),
    ] {
        std::fs::write(r.join(format!("osv/{id}.json")), osv_record(id, &[], "PyPI", name, fixed)).expect("write");
    }
    std::fs::write(r.join(".secscan.toml"), "[deps]\noffline = true\nadvisory_dirs = [\"osv\"]\n").expect("write");
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--format", "json", "--no-history", "--fail-on", "none", "--out-dir"])
        .arg(out.path())
        .assert()
        .code(0);
    let report = read_json(&out.path().join("secscan-report.json"));
    let mut names: Vec<String> = report["inventory"]
        .as_array()
        .expect("inventory")
        .iter()
        .map(|p| format!("{} {}", p["name"].as_str().unwrap_or(""), p["file_path"].as_str().unwrap_or("")))
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "black requirements_dev.txt",
            "django requirements/base.txt",
            "flask requirements/envs/main.txt",
            "pytest test-requirements.txt",
            // the constraints pin counts because requirements_dev.txt requires requests; `unused` is
            // required by nothing and `urllib3<2` pins nothing
            "requests constraints.txt",
            "requests requirements_dev.txt",
        ]
    );
    let ids: Vec<&str> =
        report["issues"].as_array().expect("issues").iter().filter_map(|i| i["rule_id"].as_str()).collect();
    for id in ["PY-1", "PY-2", "PY-3"] {
        assert!(ids.contains(&id), "{id} missing: {ids:?}");
    }
    assert!(!ids.contains(&"PY-4"), "a constraint nothing requires is not installed");
    // the included base.txt is read once: its packages and warnings are not doubled
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.iter().filter(|e| e["file_path"] == "requirements/envs/main.txt").count(), 1, "{errors:?}");
    assert_eq!(report["inventory"].as_array().map(|i| i.iter().filter(|p| p["name"] == "django").count()), Some(1));
}

/// A lockfile installing two versions of one package reported only one of them: the merge dropped
/// findings whose fingerprint ignored the version.
#[test]
fn every_installed_vulnerable_version_is_reported_with_its_own_path() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let r = repo.path();
    let lock = serde_json::json!({
        "name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
        "packages": {
            "": { "name": "app", "version": "1.0.0", "dependencies": { "braces": "^3.0.2", "micromatch": "^3.1.10" } },
            "node_modules/braces": { "version": "3.0.2", "resolved": "https://registry.npm.example/braces/-/braces-3.0.2.tgz" },
            "node_modules/micromatch": {
                "version": "3.1.10", "resolved": "https://registry.npm.example/micromatch/-/micromatch-3.1.10.tgz",
                "dependencies": { "braces": "^2.3.1" }
            },
            "node_modules/micromatch/node_modules/braces": {
                "version": "2.3.2", "resolved": "https://registry.npm.example/braces/-/braces-2.3.2.tgz"
            }
        }
    });
    std::fs::write(r.join("package-lock.json"), serde_json::to_string_pretty(&lock).expect("json")).expect("write");
    std::fs::create_dir_all(r.join("osv")).expect("mkdir");
    std::fs::write(
        r.join("osv/braces.json"),
        osv_record("GHSA-grv7-fg5c-xmjg", &["CVE-2024-4068"], "npm", "braces", "3.0.3"),
    )
    .expect("write");
    std::fs::write(r.join(".secscan.toml"), "[deps]\noffline = true\nadvisory_dirs = [\"osv\"]\n").expect("write");
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--format", "json", "--no-history", "--fail-on", "none", "--out-dir"])
        .arg(out.path())
        .assert()
        .code(0);
    let report = read_json(&out.path().join("secscan-report.json"));
    let mut found: Vec<(String, String, Vec<String>)> = report["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .filter(|i| i["package_name"] == "braces")
        .map(|i| {
            let path =
                i["dependency_path"].as_array().expect("path").iter().filter_map(|p| p.as_str()).map(str::to_string);
            (
                i["package_version"].as_str().unwrap_or("").to_string(),
                i["fixed_versions"][0].as_str().unwrap_or("").to_string(),
                path.collect(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("2.3.2".to_string(), "3.0.3".to_string(), vec!["micromatch".to_string(), "braces".to_string()]),
            ("3.0.2".to_string(), "3.0.3".to_string(), vec!["braces".to_string()]),
        ]
    );
    let fps: std::collections::HashSet<&str> =
        report["issues"].as_array().expect("issues").iter().filter_map(|i| i["fingerprint"].as_str()).collect();
    assert_eq!(fps.len(), report["issues"].as_array().map_or(0, Vec::len), "fingerprints are unique");
}

/// Importing a GHSA record later re-identified an issue first seen as PYSEC and lost its triage; and a
/// status must follow the issue to an upgrade that is still vulnerable.
#[test]
fn triage_survives_an_alias_imported_later_and_an_upgrade_still_vulnerable() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let r = repo.path();
    let db = home.path().join("h.db");
    let dbs = db.to_string_lossy().to_string();
    std::fs::create_dir_all(r.join("osv")).expect("mkdir");
    std::fs::write(
        r.join("osv/PYSEC-2023-100.json"),
        osv_record("PYSEC-2023-100", &["CVE-2023-1000"], "PyPI", "django", "3.2.20"),
    )
    .expect("write");
    std::fs::write(r.join(".secscan.toml"), "[deps]\noffline = true\nadvisory_dirs = [\"osv\"]\n").expect("write");
    std::fs::write(r.join("requirements.txt"), "django==3.2.0\n").expect("write");
    let run = || {
        secscan(home.path())
            .arg("run")
            .arg(r)
            .args(["--format", "json", "--fail-on", "high", "--db", &dbs, "--out-dir"])
            .arg(out.path())
            .assert()
            .get_output()
            .status
            .code()
    };
    let django = || issue(&read_json(&out.path().join("secscan-report.json")), "django").clone();
    assert_eq!(run(), Some(1));
    let first = django();
    assert_eq!(first["vulnerability_id"], "PYSEC-2023-100");
    let listed = secscan(home.path()).args(["issues", "list", "--json", "--db", &dbs]).assert().success();
    let row: Value =
        serde_json::from_str(String::from_utf8_lossy(&listed.get_output().stdout).lines().next().expect("row"))
            .expect("json");
    let id = row["id"].as_str().expect("id").to_string();
    secscan(home.path())
        .args(["issues", "set-status", &id, "accepted-risk", "--reason", "not reachable", "--db", &dbs])
        .assert()
        .success();

    // the GHSA record arrives: it is now the id shown, the fingerprint and the triage stay
    std::fs::write(
        r.join("osv/GHSA-aaaa-bbbb-cccc.json"),
        osv_record("GHSA-aaaa-bbbb-cccc", &["CVE-2023-1000", "PYSEC-2023-100"], "PyPI", "django", "3.2.20"),
    )
    .expect("write");
    assert_eq!(run(), Some(0), "the accepted risk does not count");
    let second = django();
    assert_eq!(second["vulnerability_id"], "GHSA-aaaa-bbbb-cccc");
    assert_eq!(second["fingerprint"], first["fingerprint"]);
    assert_eq!(second["status"], "ACCEPTED_RISK");
    assert_eq!(second["status_reason"], "not reachable");

    // an upgrade that is still vulnerable: a new fingerprint (another installed version), same triage
    std::fs::write(r.join("requirements.txt"), "django==3.2.5\n").expect("write");
    assert_eq!(run(), Some(0));
    let third = django();
    assert_eq!(third["package_version"], "3.2.5");
    assert_ne!(third["fingerprint"], first["fingerprint"]);
    assert_eq!(third["status"], "ACCEPTED_RISK");
    assert_eq!(third["first_seen_at"], first["first_seen_at"]);
}

// ── A pull request cannot weaken or abuse the scan ────────────────────────────────────────────────

/// A repository with one critical finding (PyYAML 5.3.1 against the demo's records, kept inside it).
fn vulnerable_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("tmp");
    let r = repo.path();
    std::fs::create_dir_all(r.join("osv")).expect("mkdir");
    std::fs::copy(fixtures().join("projects/demo/osv/pypi/SECSCAN-DEMO-PY-0001.json"), r.join("osv/PY-0001.json"))
        .expect("copy");
    std::fs::write(r.join("requirements.txt"), "PyYAML==5.3.1\n").expect("write");
    repo
}

/// The repository's .secscan.toml could read any JSON file into the report (`advisory_dirs = ["/etc"]`)
/// and write outside the repository (`out_dir`, `advisory_db`).
#[test]
fn the_repository_config_cannot_reach_outside_the_repository() {
    let home = tempfile::tempdir().expect("tmp");
    let outside = tempfile::tempdir().expect("tmp");
    let repo = vulnerable_repo();
    let r = repo.path();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), r.join("link-out")).expect("symlink");
    let cases = [
        ("[deps]\nadvisory_dirs = [\"/etc\"]\n", "deps.advisory_dirs"),
        ("[deps]\nadvisory_dirs = [\"../../../../../../etc\"]\n", "deps.advisory_dirs"),
        ("[scan]\nout_dir = \"../../x\"\n", "scan.out_dir"),
        ("[deps]\nadvisory_db = \"../outside.db\"\n", "deps.advisory_db"),
        #[cfg(unix)]
        ("[deps]\nadvisory_db = \"link-out/planted.db\"\n", "deps.advisory_db"),
    ];
    for (toml, key) in cases {
        std::fs::write(r.join(".secscan.toml"), toml).expect("write");
        secscan(home.path())
            .arg("run")
            .arg(r)
            .args(["--offline", "--no-history"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(key).and(predicate::str::contains("outside the scanned repository")));
    }
    assert_eq!(std::fs::read_dir(outside.path()).expect("dir").count(), 0, "nothing written outside");
    // the same paths from a trusted source (--config given by the pipeline) are fine
    let cfg = home.path().join("trusted.toml");
    std::fs::write(&cfg, format!("[deps]\nadvisory_dirs = [{:?}]\n", r.join("osv").display().to_string()))
        .expect("write");
    std::fs::remove_file(r.join(".secscan.toml")).expect("rm");
    secscan(home.path()).arg("run").arg(r).args(["--offline", "--no-history", "--config"]).arg(&cfg).assert().code(1);
}

/// `enabled = false` in the repository's config exited 0 even with `--fail-on high --strict`, and the
/// message blamed SECURITY_SCANNER_ENABLED; a relaxed gate went unnoticed.
#[test]
fn the_repository_config_cannot_switch_the_scan_off_silently() {
    let home = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let repo = vulnerable_repo();
    let r = repo.path();
    std::fs::write(
        r.join(".secscan.toml"),
        "[scan]\nenabled = false\n[deps]\noffline = true\nadvisory_dirs = [\"osv\"]\n",
    )
    .expect("write");
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--no-history", "--fail-on", "high", "--strict"])
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("the repository's .secscan.toml (scan.enabled = false)")
                .and(predicate::str::contains("WARNING"))
                .and(predicate::str::contains("SECURITY_SCANNER_ENABLED").not()),
        );
    // a protected pipeline ignores the repository's file: by flag or by environment
    for (flag, env) in [(true, None), (false, Some("true"))] {
        let mut c = secscan(home.path());
        c.arg("run").arg(r).args(["--no-history", "--offline", "--allow-no-advisories"]);
        if flag {
            c.arg("--ignore-repo-config");
        }
        if let Some(v) = env {
            c.env("SECSCAN_IGNORE_REPO_CONFIG", v);
        }
        c.assert().code(0).stderr(predicate::str::contains("is ignored"));
    }
    // a relaxed gate is printed and recorded in the report
    std::fs::write(
        r.join(".secscan.toml"),
        "[gates]\nblock_on_critical = false\nfail_score_threshold = 0\n[deps]\noffline = true\nadvisory_dirs = [\"osv\"]\n",
    )
    .expect("write");
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--no-history", "--format", "table,json", "--out-dir"])
        .arg(out.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("gates.block_on_critical = false"))
        .stdout(predicate::str::contains("WARNING: the repository's .secscan.toml sets gates.block_on_critical"));
    let report = read_json(&out.path().join("secscan-report.json"));
    let keys: Vec<&str> =
        report["relaxed_settings"].as_array().expect("relaxed").iter().filter_map(|s| s["key"].as_str()).collect();
    assert_eq!(keys, vec!["gates.block_on_critical", "gates.fail_score_threshold"]);
    assert_matches_schema(&report);
    // ... and does not apply when the pipeline ignores the file
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--no-history", "--ignore-repo-config", "--offline", "--config"])
        .arg(write_config(home.path(), &r.join("osv")))
        .assert()
        .code(1);
}

/// A committed .gitignore that lists the tracked package-lock.json hid it with no warning.
#[test]
fn tracked_files_are_scanned_even_when_a_gitignore_matches_them() {
    let home = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let repo = vulnerable_repo();
    let r = repo.path();
    std::fs::create_dir_all(r.join("vendor")).expect("mkdir");
    std::fs::write(r.join("vendor/requirements.txt"), "PyYAML==5.3.1\n").expect("write");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(r)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !git(&["init", "-q"]) {
        eprintln!("SKIPPED tracked_files_are_scanned_even_when_a_gitignore_matches_them: git is not available");
        return;
    }
    assert!(git(&["add", "requirements.txt", "vendor/requirements.txt", "osv"]));
    std::fs::write(r.join(".gitignore"), "requirements.txt\n").expect("write");
    std::fs::write(r.join(".secscanignore"), "vendor/\n").expect("write");
    let cfg = write_config(home.path(), &r.join("osv"));
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--offline", "--no-history", "--format", "json", "--out-dir"])
        .arg(out.path())
        .arg("--config")
        .arg(&cfg)
        .assert()
        .code(1);
    let report = read_json(&out.path().join("secscan-report.json"));
    assert_eq!(issue(&report, "pyyaml")["file_path"], "requirements.txt", "the tracked, gitignored file is scanned");
    assert_eq!(
        report["excluded"],
        serde_json::json!(["vendor/requirements.txt"]),
        ".secscanignore still applies, listed"
    );
    // an untracked file matched by .gitignore stays out
    std::fs::write(r.join(".gitignore"), "requirements.txt\nbuild/\n").expect("write");
    std::fs::create_dir_all(r.join("build")).expect("mkdir");
    std::fs::write(r.join("build/requirements.txt"), "PyYAML==5.3.1\n").expect("write");
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--offline", "--no-history", "--format", "json", "--out-dir"])
        .arg(out.path())
        .arg("--config")
        .arg(&cfg)
        .assert()
        .code(1);
    let report = read_json(&out.path().join("secscan-report.json"));
    let files: Vec<&str> = report["scanned"]
        .as_array()
        .expect("scanned")
        .iter()
        .filter(|s| s["engine"] == "DEPS")
        .filter_map(|s| s["file_path"].as_str())
        .collect();
    assert_eq!(files, vec!["requirements.txt"]);
}

// ── Output that cannot be forged ─────────────────────────────────────────────────────────────────

/// Raw bytes a terminal or a CI log must never receive from scanned data: ESC (and so every CSI/OSC
/// sequence), BEL, CR, C1 controls, bidi overrides, and a line that starts a workflow command or fakes
/// the result.
fn assert_not_forged(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (i, c) in text.char_indices() {
        let bad = (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c);
        assert!(!bad, "{what}: raw control U+{:04X} at byte {i}:\n{text}", c as u32);
    }
    for line in text.lines() {
        assert!(!line.trim_start().starts_with("::"), "{what}: a line starts a workflow command: {line:?}");
        assert!(!line.contains("INJECTED") || line.contains("\\n"), "{what}: injected text on its own line: {line:?}");
        assert_ne!(line.trim(), "result: passed", "{what}: a forged result line");
    }
}

/// A directory named `x\n::error file=app.js,line=1::INJECTED\nresult: passed\n` produced a GitHub Actions
/// workflow command and a fake "result: passed"; package names and advisory text reached the terminal raw.
#[cfg(unix)]
#[test]
fn scanned_names_and_advisory_text_cannot_forge_terminal_or_ci_output() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let r = repo.path();
    let evil_dir = r.join("x\n::error file=app.js,line=1::INJECTED\nresult: passed\n\u{1b}[2J");
    std::fs::create_dir_all(&evil_dir).expect("mkdir");
    std::fs::write(evil_dir.join("requirements.txt"), "django==3.2.0  # \u{1b}]0;title\u{7}\n").expect("write");
    let lock = serde_json::json!({
        "name": "app", "lockfileVersion": 3,
        "packages": {
            "": { "name": "app", "dependencies": { "\u{1b}[8mhidden": "1.0.0" } },
            "node_modules/\u{1b}[8mhidden": { "version": "1.0.0", "resolved": "https://registry.npm.example/x/-/x-1.0.0.tgz" }
        }
    });
    std::fs::write(r.join("package-lock.json"), lock.to_string()).expect("write");
    std::fs::create_dir_all(r.join("osv")).expect("mkdir");
    let summary = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\n::error file=app.js::FAKE\nresult: passed\u{202e}gnp.exe";
    for (id, eco, name) in [("EVIL-1", "PyPI", "django"), ("EVIL-2", "npm", "\u{1b}[8mhidden")] {
        let mut rec: Value =
            serde_json::from_str(&osv_record(id, &["CVE-\u{1b}[31m1"], eco, name, "9.0.0")).expect("json");
        rec["summary"] = summary.into();
        rec["details"] = summary.into();
        std::fs::write(r.join(format!("osv/{id}.json")), rec.to_string()).expect("write");
    }
    std::fs::write(r.join(".secscan.toml"), "[deps]\noffline = true\nadvisory_dirs = [\"osv\"]\n").expect("write");
    let db = home.path().join("h.db");
    let dbs = db.to_string_lossy().to_string();
    let out = secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--db", &dbs, "--fail-on", "none", "--min-score", "0", "-v", "--color", "never"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stdout).contains("django 3.2.0"), "the findings are there");
    assert_not_forged("run stdout", &out.stdout);
    assert_not_forged("run stderr", &out.stderr);
    for args in [
        vec!["issues", "list"],
        vec!["issues", "list", "--json"],
        vec!["report", "show", "1"],
        vec!["report", "list"],
        vec!["score", "--trend"],
    ] {
        let out = secscan(home.path()).args(&args).args(["--db", &dbs]).assert().success().get_output().clone();
        assert_not_forged(&args.join(" "), &out.stdout);
        assert_not_forged(&args.join(" "), &out.stderr);
    }
    // an error message quoting the repository's configuration is escaped too
    std::fs::write(r.join(".secscan.toml"), "[scan]\nengines = [\"\u{1b}]0;x\u{7}\"]\n").expect("write");
    let out = secscan(home.path()).arg("run").arg(r).args(["--db", &dbs]).assert().code(2).get_output().clone();
    assert_not_forged("configuration error", &out.stderr);
}

/// The JSON `root`, the HTML title and meta line and some errors carried absolute paths of the machine.
#[test]
fn artifacts_name_the_project_not_the_machine() {
    let home = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let r = repo.path();
    std::fs::write(r.join("requirements.txt"), "PyYAML==5.3.1\n").expect("write");
    std::fs::write(r.join("package-lock.json"), "{ truncated").expect("write");
    let db = home.path().join("adv.db");
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args([
            "--offline",
            "--allow-no-advisories",
            "--no-history",
            "--format",
            "json,html,sarif,junit,gitlab",
            "--advisory-db",
        ])
        .arg(&db)
        .arg("--out-dir")
        .arg(out.path())
        .assert()
        .code(0);
    let root = r.canonicalize().expect("canon").display().to_string();
    let home_dir = home.path().display().to_string();
    for f in ["secscan-report.json", "secscan-report.html", "secscan.sarif", "secscan-junit.xml", "gl-sast-report.json"]
    {
        let text = std::fs::read_to_string(out.path().join(f)).expect("artifact");
        assert!(!text.contains(&root), "{f} names the scanning machine's path {root}");
        assert!(!text.contains(&home_dir), "{f} names the home folder {home_dir}");
    }
    let report = read_json(&out.path().join("secscan-report.json"));
    let name = r.file_name().expect("name").to_string_lossy().to_string();
    assert_eq!(report["root"], name.as_str());
}

// ── Honest exit codes and bounded work ───────────────────────────────────────────────────────────

/// `issues set-status 99999 resolved` printed "0 issue(s) set" and exited 0; `db import /etc/passwd` exited 0.
#[test]
fn unknown_ids_and_empty_imports_exit_2_naming_what_failed() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = vulnerable_repo();
    let r = repo.path();
    let out = tempfile::tempdir().expect("tmp");
    let cfg = write_config(home.path(), &r.join("osv"));
    let mut c = secscan(home.path());
    c.env_remove("SECSCAN_DB");
    c.arg("run").arg(r).args(["--offline", "--format", "json", "--out-dir"]).arg(out.path()).arg("--config").arg(&cfg);
    c.assert().code(1);
    // the history went where run's PATH says, and every history command finds it by the same PATH
    assert!(r.join(".secscan/history.db").is_file());
    assert_eq!(std::fs::read_to_string(r.join(".secscan/.gitignore")).expect("gitignore").lines().last(), Some("*"));
    let id =
        issue(&read_json(&out.path().join("secscan-report.json")), "pyyaml")["id"].as_str().expect("id").to_string();
    let hist = |args: &[&str]| {
        let mut c = secscan(home.path());
        c.env_remove("SECSCAN_DB").args(args);
        c
    };
    hist(&["report", "list"]).arg(r).assert().success().stdout(predicate::str::contains("│ 1 "));
    hist(&["score"]).arg(r).assert().success();
    hist(&["issues", "list"]).arg(r).assert().success().stdout(predicate::str::contains(id.as_str()));
    hist(&["issues", "set-status", "99999", "resolved", "--path"])
        .arg(r)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("99999"));
    // known and unknown mixed: the known one is set, said so; the unknown named; exit 2
    hist(&[
        "issues",
        "set-status",
        &id,
        "deadbeef00",
        "accepted-risk",
        "--reason",
        "tested",
        "--by",
        "alice",
        "--path",
    ])
    .arg(r)
    .assert()
    .code(2)
    .stdout(predicate::str::contains("1 issue(s) set to accepted-risk"))
    .stderr(predicate::str::contains("deadbeef00"));
    hist(&["issues", "list", "--status", "accepted-risk"])
        .arg(r)
        .assert()
        .success()
        .stdout(predicate::str::contains("tested").and(predicate::str::contains("alice")));
    // the status left out: a message about the status, not about an id
    hist(&["issues", "set-status", &id, "--path"])
        .arg(r)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("must be a status"));
    // an import that yields no record
    secscan(home.path())
        .args(["db", "import", "/etc/hostname", "--advisory-db"])
        .arg(home.path().join("a.db"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no OSV record"));
}

/// `--jobs 0` was accepted silently and `--jobs 100000` never finished on 5 files.
#[test]
fn jobs_are_bounded() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = vulnerable_repo();
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--jobs", "0", "--no-history"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--jobs"));
    secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--jobs", "100000", "--no-history", "--offline", "--allow-no-advisories"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("capped to 256"));
}

/// `--format json,sarif,...` exited 1 printing only "wrote …" lines; one format can go to standard output
/// and `--out-dir -` created a folder named `-`.
#[test]
fn the_result_is_always_said_and_one_format_can_go_to_stdout() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = vulnerable_repo();
    let r = repo.path();
    let cfg = write_config(home.path(), &r.join("osv"));
    let cwd = tempfile::tempdir().expect("tmp");
    let assert = secscan(home.path())
        .current_dir(cwd.path())
        .arg("run")
        .arg(r)
        .args(["--offline", "--no-history", "--format", "json", "-o", "-", "--config"])
        .arg(&cfg)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gate critical").and(predicate::str::contains("result: FAILED")));
    let doc: Value = serde_json::from_slice(&assert.get_output().stdout).expect("stdout is exactly the JSON report");
    assert_eq!(doc["schema_version"], "1.0");
    secscan(home.path())
        .current_dir(cwd.path())
        .arg("run")
        .arg(r)
        .args(["--offline", "--no-history", "--format", "table,sarif", "--out-dir", "-", "--config"])
        .arg(&cfg)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"$schema\""))
        .stderr(predicate::str::contains("PyYAML").or(predicate::str::contains("pyyaml")));
    assert!(!cwd.path().join("-").exists(), "no folder named -");
    // files only: the gate result still reaches the log
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--offline", "--no-history", "--format", "json,sarif", "--out-dir"])
        .arg(cwd.path().join("reports"))
        .arg("--config")
        .arg(&cfg)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("result: FAILED").and(predicate::str::contains("reports written")));
    // -v: timings and what each advisory source did
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--offline", "--no-history", "-v", "--config"])
        .arg(&cfg)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("timings: discover")
                .and(predicate::str::contains("ms, reports written in "))
                .and(predicate::str::contains("source: advisory folder")),
        );
}

// ── Registration is one line, and documented ─────────────────────────────────────────────────────

/// Every option and argument of every command says what it does.
#[test]
fn every_option_has_a_description() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() {
                missing.push(format!("{path} {} (command)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&secscan::cli::Cli::command(), "secscan", &mut missing);
    assert!(missing.is_empty(), "without a description: {missing:?}");
}

/// Every registered format, engine and manifest/lockfile format is listed in `--help` (formats and
/// engines) and in the README (all three): registering one is one line, and nobody has to remember docs.
#[test]
fn every_registered_item_is_documented() {
    let home = tempfile::tempdir().expect("tmp");
    let help = secscan(home.path()).args(["run", "--help"]).assert().success().get_output().stdout.clone();
    let help = String::from_utf8_lossy(&help).to_string();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    for format in secscan::config::formats() {
        assert!(help.contains(format), "run --help does not list the {format} format:\n{help}");
        assert!(readme.contains(&format!("`{format}`")), "README does not document the {format} format");
    }
    for engine in secscan::engine::available() {
        assert!(help.contains(engine.cli_name()), "run --help does not list the {} engine", engine.cli_name());
        assert!(
            readme.contains(&format!("`{}`", engine.cli_name())),
            "README does not document the {} engine",
            engine.cli_name()
        );
    }
    for e in secscan::deps::extract::EXTRACTORS {
        assert!(readme.contains(&format!("`{}`", e.name())), "README does not document {}", e.name());
    }
    // and nothing that does not exist is offered
    for absent in secscan::model::Engine::ALL.iter().filter(|e| !secscan::engine::available().contains(e)) {
        assert!(
            !help.contains(&format!("{},", absent.cli_name())) && !help.contains(&format!(", {}]", absent.cli_name()))
        );
    }
}
