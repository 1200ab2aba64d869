//! End-to-end tests of the secrets engine: no output ever holds a secret, the git history is scanned with
//! the commit that introduced and the one that removed each value, baselines gate only on new secrets, and
//! hostile files are bounded warnings.
mod common;
use common::secscan;
use std::path::Path;

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A well-formed (fake) classic GitHub token: 30 characters and their CRC-32 in base 62.
fn github_token(random: &str) -> String {
    let mut n = crc32fast::hash(random.as_bytes());
    let mut check = Vec::new();
    while n > 0 {
        check.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while check.len() < 6 {
        check.push(b'0');
    }
    check.reverse();
    format!("ghp_{random}{}", String::from_utf8_lossy(&check))
}

/// The planted values (fake, well-formed) and the files that hold them.
fn plant(root: &Path) -> Vec<String> {
    let aws_id = "AKIAQ7ZRT3MNB4XWLK2P".to_string();
    let aws_secret = "q7Rb2Xk9Lm/Pz4Tw8Vn+Yc3Hs6Jd1Fg5Ae0UiOo2".to_string();
    let github = github_token("Zq8Xw2Vb6Nm4Lk1Jh9Gf3Ds5Ap7Oi0");
    let db_password = "Vt9#kQ2!mZ7rLx4".to_string();
    let django = "k3$9vq!x2z@7m#p0w&8r^5t(1y)4u*6n".to_string();
    let jwt_key = "Hs256SigningKey9xQz7Lp2".to_string();
    let key_body: String =
        (0..10).map(|i| format!("MIIEv{i}QIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7vJ3k9Xy2Lm8Qz\n")).collect();
    let private_key = format!("-----BEGIN RSA PRIVATE KEY-----\n{key_body}-----END RSA PRIVATE KEY-----");
    std::fs::create_dir_all(root.join("app")).expect("mkdir");
    std::fs::write(
        root.join(".env"),
        format!(
            "AWS_ACCESS_KEY_ID={aws_id}\nAWS_SECRET_ACCESS_KEY={aws_secret}\nGITHUB_TOKEN={github}\n\
             DATABASE_URL=postgres://shop:{db_password}@db.internal.example/shop\n"
        ),
    )
    .expect("write");
    std::fs::write(root.join("app/settings.py"), format!("DEBUG = False\nSECRET_KEY = '{django}'\n")).expect("write");
    std::fs::write(
        root.join("app/auth.js"),
        format!("const jwt = require('jsonwebtoken');\nexports.sign = (u) => jwt.sign({{ id: u.id }}, '{jwt_key}');\n"),
    )
    .expect("write");
    std::fs::write(root.join("deploy.pem"), format!("{private_key}\n")).expect("write");
    vec![aws_id, aws_secret, github, db_password, django, jwt_key, private_key]
}

/// Every file under `dir` (recursively), as bytes.
fn all_bytes(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            all_bytes(&p, out);
        } else {
            out.push((p.display().to_string(), std::fs::read(&p).expect("read")));
        }
    }
}

#[test]
fn no_output_holds_a_secret() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");
    let values = plant(repo.path());
    let db = out.path().join("history.db");
    let run = secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--engines", "code,secrets", "--format", "table,json,sarif,html,junit,gitlab", "--out-dir"])
        .arg(out.path())
        .arg("--db")
        .arg(&db)
        .assert()
        .code(1);
    let output = run.get_output();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("secscan-report.json")).expect("report")).expect("json");
    let rules: Vec<&str> =
        report["issues"].as_array().expect("issues").iter().filter_map(|i| i["rule_id"].as_str()).collect();
    for expected in [
        "aws-access-key-id",
        "aws-secret-access-key",
        "github-token",
        "connection-string",
        "django-secret-key",
        "jwt-signing-key",
        "private-key",
    ] {
        assert!(rules.contains(&expected), "{expected} found: {rules:?}");
    }
    // the code engine's own hard-coded-secret findings on the same lines gave way
    assert!(
        !report["issues"].as_array().expect("issues").iter().any(|i| i["engine"] == "CODE"
            && i["cwe"].as_array().is_some_and(|c| c.iter().any(|c| c == "CWE-798"))
            && i["file_path"] == "app/settings.py"),
        "one issue per hard-coded secret"
    );
    // the terminal, every artifact, the history database and what the history commands print
    let listed = secscan(home.path()).args(["issues", "list", "--db"]).arg(&db).arg(repo.path()).assert().success();
    let shown = secscan(home.path())
        .args(["report", "latest", "--format", "json", "-o", "-", "--db"])
        .arg(&db)
        .arg(repo.path())
        .assert()
        .success();
    let mut outputs = vec![
        ("stdout".to_string(), output.stdout.clone()),
        ("stderr".to_string(), output.stderr.clone()),
        ("issues list".to_string(), listed.get_output().stdout.clone()),
        ("report latest".to_string(), shown.get_output().stdout.clone()),
    ];
    all_bytes(out.path(), &mut outputs);
    assert!(outputs.len() >= 9, "every format was written: {}", outputs.len());
    for value in &values {
        // the whole value, and every piece of it longer than what redaction shows
        let pieces: Vec<&str> = value.lines().filter(|l| !l.starts_with("-----")).collect();
        for piece in std::iter::once(value.as_str()).chain(pieces) {
            let probe = &piece[piece.len().min(4)..piece.len().min(16)];
            assert!(probe.len() >= 8, "probe of {piece}");
            for (name, bytes) in &outputs {
                assert!(
                    memchr::memmem::find(bytes, probe.as_bytes()).is_none(),
                    "{name} holds part of a secret ({probe})"
                );
            }
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@corp.example")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@corp.example")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn the_history_names_the_commit_that_introduced_and_the_one_that_removed() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let r = repo.path();
    if git(r, &["init", "-q", "-b", "main"]).is_none() {
        eprintln!("SKIPPED: git is not available");
        return;
    }
    let token = github_token("Hy7Tq2Wm9Kp4Zx6Vb1Nc8Lj3Rd5Gf0");
    std::fs::write(r.join("deploy.sh"), format!("export GITHUB_TOKEN={token}\n")).expect("write");
    git(r, &["add", "."]).expect("add");
    git(r, &["commit", "-q", "-m", "Add deploy script"]).expect("commit");
    let introduced = git(r, &["rev-parse", "HEAD"]).expect("sha");
    std::fs::write(r.join("deploy.sh"), "export GITHUB_TOKEN=\"$GITHUB_TOKEN\"\n").expect("write");
    git(r, &["commit", "-q", "-am", "Read the token from the environment"]).expect("commit");
    let removed = git(r, &["rev-parse", "HEAD"]).expect("sha");
    std::fs::write(r.join("README.md"), "docs\n").expect("write");
    git(r, &["add", "."]).expect("add");
    git(r, &["commit", "-q", "-m", "Docs"]).expect("commit");

    let out = tempfile::tempdir().expect("tmp");
    let run = |extra: &[&str]| {
        secscan(home.path())
            .arg("run")
            .arg(r)
            .args(["--engines", "secrets", "--no-history", "--git-history", "--fail-on", "high", "--format", "json"])
            .args(extra)
            .arg("--out-dir")
            .arg(out.path())
            .assert()
    };
    run(&[]).code(1);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("secscan-report.json")).expect("report")).expect("json");
    let issues = report["issues"].as_array().expect("issues");
    assert_eq!(issues.len(), 1, "{issues:#?}");
    let trace = issues[0]["trace"].as_array().expect("trace");
    assert!(trace[0]["note"].as_str().is_some_and(|n| n.starts_with(&introduced)), "{trace:?}");
    assert!(trace[1]["kind"] == "removed" && trace[1]["note"].as_str().is_some_and(|n| n.starts_with(&removed)));
    assert!(issues[0]["description"].as_str().is_some_and(|d| d.contains("rotate")));
    // a pull request's scan (--since the base) does not see what the base already had
    run(&["--since", &removed]).code(0);
    // a typo in --since is an error, not an empty scan
    let bad = run(&["--since", "no-such-ref"]).code(2);
    assert!(
        String::from_utf8_lossy(&bad.get_output().stdout).contains("no-such-ref")
            || String::from_utf8_lossy(&bad.get_output().stderr).contains("no-such-ref")
    );
}

#[test]
fn a_history_scan_without_git_is_not_a_pass() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join("a.txt"), "nothing\n").expect("write");
    let out = secscan(home.path())
        .arg("run")
        .arg(repo.path())
        .args(["--engines", "secrets", "--no-history", "--git-history"])
        .env("GIT_CEILING_DIRECTORIES", repo.path().parent().unwrap_or(repo.path()))
        .assert()
        .code(2);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.get_output().stdout),
        String::from_utf8_lossy(&out.get_output().stderr)
    );
    assert!(all.contains("not a git repository"), "{all}");
}

#[test]
fn a_baseline_gates_only_new_secrets() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let values = plant(repo.path());
    let baseline = home.path().join("secrets-baseline.json");
    secscan(home.path()).args(["secrets", "baseline"]).arg(&baseline).arg(repo.path()).assert().success();
    let text = std::fs::read_to_string(&baseline).expect("baseline");
    assert!(values.iter().all(|v| !text.contains(v.as_str())), "the baseline holds no secret");
    let run = || {
        secscan(home.path())
            .arg("run")
            .arg(repo.path())
            .args(["--engines", "secrets", "--no-history", "--baseline"])
            .arg(&baseline)
            .assert()
    };
    run().code(0);
    std::fs::write(repo.path().join("new.env"), "AWS_ACCESS_KEY_ID=AKIAZ5MXR7QTBN2WLP4K\n").expect("write");
    run().code(1);
}

#[test]
fn hostile_files_are_bounded_warnings() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    let r = repo.path();
    // one 3 MB line of key-like characters, a regex-hostile run of assignments, binary and Latin-1 text,
    // and a file over the size limit
    std::fs::write(r.join("long.js"), "A".repeat(3 * 1024 * 1024)).expect("write");
    std::fs::write(r.join("hostile.env"), "password=password=".repeat(50_000)).expect("write");
    let mut binary = vec![0u8; 64];
    binary.extend_from_slice(b"AWS_ACCESS_KEY_ID=AKIAQ7ZRT3MNB4XWLK2P");
    std::fs::write(r.join("blob.dat"), binary).expect("write");
    let mut latin1 = b"caf\xe9 = 1\n".to_vec();
    latin1.extend_from_slice(b"AWS_ACCESS_KEY_ID=AKIAZ5MXR7QTBN2WLP4K\n");
    std::fs::write(r.join("legacy.cfg"), latin1).expect("write");
    std::fs::write(r.join("big.txt"), "x".repeat(2 * 1024 * 1024)).expect("write");
    std::fs::write(r.join(".secscan.toml"), "[scan]\nmax_file_size_mb = 4\n").expect("write");
    std::fs::write(r.join("huge.txt"), "y".repeat(5 * 1024 * 1024)).expect("write");
    let out = tempfile::tempdir().expect("tmp");
    secscan(home.path())
        .arg("run")
        .arg(r)
        .args(["--engines", "secrets", "--no-history", "--fail-on", "critical", "--format", "json", "--out-dir"])
        .arg(out.path())
        .assert()
        .code(1);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("secscan-report.json")).expect("report")).expect("json");
    let issues = report["issues"].as_array().expect("issues");
    let files: Vec<&str> = issues.iter().filter_map(|i| i["file_path"].as_str()).collect();
    assert_eq!(files, vec!["legacy.cfg"], "the Latin-1 file is read, the binary one is not");
    let errors = report["errors"].as_array().expect("errors");
    assert!(
        errors
            .iter()
            .any(|e| e["file_path"] == "huge.txt" && e["message"].as_str().is_some_and(|m| m.contains("limit"))),
        "{errors:?}"
    );
    assert!(!errors.iter().any(|e| e["file_path"] == "blob.dat"), "binary content is skipped quietly: {errors:?}");
}
