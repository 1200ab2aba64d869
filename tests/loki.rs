//! `--log-sink loki://…`: errors, warnings and the summary reach Loki's push API as structured lines with
//! the labels tool, project, branch and level; Loki being down never changes the scan's result.
mod common;
use common::secscan;
use serde_json::Value;
use std::io::Write;
use std::net::TcpListener;
use std::sync::mpsc;

/// A one-request HTTP server on 127.0.0.1 that hands over (method, path, body) and answers 204.
fn loki() -> (String, mpsc::Receiver<(String, String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        if let Some(stream) = listener.incoming().flatten().next() {
            let request = common::read_request(&stream);
            let mut s = stream;
            let _ = s.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
            if let Some(request) = request {
                let _ = tx.send(request);
            }
        }
    });
    (format!("loki://{addr}"), rx)
}

#[test]
fn warnings_and_the_summary_reach_loki_with_labels() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join("requirements.txt"), "flask==\n").expect("write");
    std::fs::write(repo.path().join("app.py"), "def broken(:\n").expect("write");
    let (sink, rx) = loki();
    let out = secscan(home.path())
        .args(["run", "--engines", "code", "--no-history", "--fail-on", "none", "--min-score", "0", "-q", "--log-sink"])
        .arg(&sink)
        .arg(repo.path())
        .env("GITHUB_REF_NAME", "feature/x")
        .env("GITHUB_ACTIONS", "true")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let (method, path, body) = rx.recv_timeout(std::time::Duration::from_secs(10)).expect("a push");
    assert_eq!((method.as_str(), path.as_str()), ("POST", "/loki/api/v1/push"));
    let doc: Value = serde_json::from_str(&body).expect("JSON body");
    let streams = doc["streams"].as_array().expect("streams");
    let levels: Vec<&str> = streams.iter().filter_map(|s| s["stream"]["level"].as_str()).collect();
    assert!(levels.contains(&"info") && levels.contains(&"warning"), "{levels:?}");
    for s in streams {
        assert_eq!(s["stream"]["tool"], "secscan");
        assert!(s["stream"]["project"].as_str().is_some_and(|p| !p.is_empty()));
        assert_eq!(s["stream"]["branch"], "feature/x");
        for v in s["values"].as_array().expect("values") {
            assert!(v[0].as_str().is_some_and(|t| t.parse::<u128>().is_ok()), "nanosecond timestamps");
            let line: Value = serde_json::from_str(v[1].as_str().expect("line")).expect("each line is JSON");
            assert!(line["msg"].is_string());
        }
    }
    let info = streams.iter().find(|s| s["stream"]["level"] == "info").expect("summary");
    let summary: Value = serde_json::from_str(info["values"][0][1].as_str().expect("line")).expect("json");
    assert!(summary["security_score"].is_number());
    assert_eq!(summary["passed"], true, "the summary agrees with the exit code 0");
    assert!(body.contains("app.py"), "the syntax error's warning names the file");
    // under --strict the unread file fails the run: the summary says so too
    let (sink, rx) = loki();
    let out = secscan(home.path())
        .args(["run", "--engines", "code", "--no-history", "--fail-on", "none", "--min-score", "0", "-q", "--strict"])
        .args(["--log-sink"])
        .arg(&sink)
        .arg(repo.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let (_, _, body) = rx.recv_timeout(std::time::Duration::from_secs(10)).expect("a push");
    let doc: Value = serde_json::from_str(&body).expect("JSON body");
    let info = doc["streams"].as_array().and_then(|s| s.iter().find(|s| s["stream"]["level"] == "info")).expect("info");
    let summary: Value = serde_json::from_str(info["values"][0][1].as_str().expect("line")).expect("json");
    assert_eq!((summary["passed"].clone(), summary["exit_code"].clone()), (Value::Bool(false), Value::from(2)));
}

#[test]
fn loki_down_or_misnamed_never_changes_the_result() {
    let home = tempfile::tempdir().expect("tmp");
    let repo = tempfile::tempdir().expect("tmp");
    std::fs::write(repo.path().join("a.py"), "x = 1\n").expect("write");
    // a port nobody listens on
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let out = secscan(home.path())
        .args(["run", "--engines", "code", "--no-history", "--fail-on", "none", "--min-score", "0", "--log-sink"])
        .arg(format!("loki://127.0.0.1:{port}"))
        .arg(repo.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("log sink"));
    let out = secscan(home.path()).args(["run", "--log-sink", "ftp://x"]).arg(repo.path()).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "a sink that is not Loki is a usage error");
}
